// One DevTools protocol session with a Node.js inspector: find the target (GET /json/list), open
// its WebSocket, send commands and wait for their responses while handling the events that come
// in between. Every wait is bounded: `idle` without a byte from the inspector is an error.
//
// Detaching has consequences in V8 (measured with Node 20): when a session closes, the heap
// profiler is disabled, which stops allocation tracking and renumbers object ids. Snapshots that
// are to be compared by object id (heapsnap diff) must be taken in one session.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "heapsnap/inspector/protocol.h"
#include "heapsnap/inspector/tcp_stream.h"
#include "heapsnap/util/error.h"

namespace heapsnap::inspector {

// The inspector closed the connection, or stopped being reachable: the process exited, was killed,
// or closed its inspector.
class InspectorGone : public Error {
 public:
  using Error::Error;
};

struct SessionTimeouts {
  std::chrono::milliseconds connect{5000};  // TCP connect, HTTP answers, the upgrade
  std::chrono::milliseconds idle{60000};    // silence while a command runs
};

class InspectorSession {
 public:
  using EventHandler = std::function<void(const ProtocolMessage&)>;

  // Connects to the first target at `endpoint` that offers a WebSocket. Throws heapsnap::Error
  // (cannot connect, not an inspector, no target free).
  static std::unique_ptr<InspectorSession> open(const Endpoint& endpoint,
                                                const SessionTimeouts& timeouts);
  ~InspectorSession();
  InspectorSession(const InspectorSession&) = delete;
  InspectorSession& operator=(const InspectorSession&) = delete;

  // Sends a command and waits for its response; events that arrive meanwhile go to `on_event`.
  // Throws heapsnap::Error for an error response or `idle` of silence, InspectorGone when the
  // connection ends first.
  void call(std::string_view method, std::string_view params_json = "{}",
            const EventHandler& on_event = {});

  // Handles incoming events for `duration`, or until `wake_fd` (when >= 0) becomes readable.
  // Returns true when woken by wake_fd. Throws InspectorGone when the connection ends.
  bool wait(std::chrono::milliseconds duration, int wake_fd, const EventHandler& on_event = {});

  // Sends a close frame and waits up to `timeout` for the inspector's; never throws.
  void close(std::chrono::milliseconds timeout = std::chrono::milliseconds(1000)) noexcept;

  const Endpoint& endpoint() const;
  const InspectorTarget& target() const;

 private:
  struct Impl;
  explicit InspectorSession(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace heapsnap::inspector

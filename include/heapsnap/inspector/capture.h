// `heapsnap capture` as a library call: one heap snapshot of a running Node.js process, whose
// inspector is opened by pid (node_process.h: SIGUSR1) or already listens at an address, into a
// file (snapshot_file.h); the process keeps running. The session is closed afterwards, so object
// ids are renumbered and allocation tracking stops (session.h): series to diff are taken by
// recording.h, in one session.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "heapsnap/inspector/session.h"
#include "heapsnap/inspector/snapshot_file.h"
#include "heapsnap/inspector/tcp_stream.h"
#include "heapsnap/util/progress.h"

namespace heapsnap::inspector {

struct CaptureOptions {
  // Set: open this Node.js process's inspector (within 15 s of SIGUSR1); else `endpoint`.
  std::optional<pid_t> pid;
  Endpoint endpoint;  // the inspector listening here, when no pid is set
  std::string path;   // empty: heap-PID-TIME.heapsnapshot (heap-PORT-TIME... without a pid)
  bool collect_garbage = true;
  bool track_allocations = false;     // record allocation stacks during `wait`
  std::chrono::milliseconds wait{0};  // between opening the session and the snapshot
  SessionTimeouts timeouts;
  ProgressSink* progress = nullptr;   // the snapshot's progress (snapshot_file.h)
  std::function<void()> on_wait;      // called before a wait of more than 0 ms begins
};

struct CaptureResult {
  std::string path;   // the snapshot file
  Endpoint endpoint;  // the inspector it came from
  CapturedFile file;
};

// Throws heapsnap::Error (InspectorGone when the process went away) and leaves no file behind.
CaptureResult capture_snapshot(const CaptureOptions& options);

}  // namespace heapsnap::inspector

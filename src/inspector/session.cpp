#include "heapsnap/inspector/session.h"

#include <nettle/base64.h>
#include <sys/random.h>

#include <cstring>

#include "heapsnap/inspector/http.h"
#include "heapsnap/inspector/websocket.h"

namespace heapsnap::inspector {
namespace {

// The socket as a WebSocket transport; bytes that arrived right behind the upgrade answer are
// served first.
class SocketTransport final : public ByteTransport {
 public:
  SocketTransport(TcpStream& stream, std::string early) : stream_(stream), early_(std::move(early)) {}
  long read_now(uint8_t* buffer, size_t capacity) override {
    if (position_ < early_.size()) {
      const size_t n = std::min(capacity, early_.size() - position_);
      std::memcpy(buffer, early_.data() + position_, n);
      position_ += n;
      return static_cast<long>(n);
    }
    return stream_.read_now(buffer, capacity);
  }
  size_t write_now(const uint8_t* data, size_t size) override {
    return stream_.write_now(data, size);
  }

 private:
  TcpStream& stream_;
  std::string early_;
  size_t position_ = 0;
};

std::string random_websocket_key() {
  uint8_t nonce[16];
  if (::getrandom(nonce, sizeof nonce, 0) != static_cast<ssize_t>(sizeof nonce))
    throw Error(std::string("getrandom: ") + std::strerror(errno));
  std::string key(BASE64_ENCODE_RAW_LENGTH(sizeof nonce), '\0');
  base64_encode_raw(key.data(), sizeof nonce, nonce);
  return key;
}

}  // namespace

struct InspectorSession::Impl {
  Impl(TcpStream s, InspectorTarget t, SessionTimeouts to, std::string early)
      : stream(std::move(s)),
        target(std::move(t)),
        timeouts(to),
        transport(stream, std::move(early)),
        socket(transport) {}

  // Sends all of `text` within the connect timeout.
  void send(std::string_view text) {
    socket.queue_text(text);
    flush();
  }
  void flush() {
    const auto deadline = Clock::now() + timeouts.connect;
    while (!socket.flush()) stream.wait_writable(deadline);
  }
  [[noreturn]] void gone(std::string_view during) const {
    throw InspectorGone("the inspector at " + stream.peer().to_string() +
                        " closed the connection" + std::string(during) +
                        " (did the process exit?)");
  }

  enum class Pumped { kMessage, kTimeout, kWoken };
  // Reads until a message is in the inbox, `deadline` passes or wake_fd is readable.
  Pumped pump(Clock::time_point deadline, int wake_fd, std::string_view during) {
    for (;;) {
      if (socket.has_message()) return Pumped::kMessage;
      socket.receive();
      flush();  // pongs, the answer to a close
      if (socket.has_message()) return Pumped::kMessage;
      if (socket.closed()) gone(during);
      switch (stream.wait_readable(deadline, wake_fd)) {
        case TcpStream::Readiness::kReadable: break;
        case TcpStream::Readiness::kExtraReadable: return Pumped::kWoken;
        case TcpStream::Readiness::kTimeout: return Pumped::kTimeout;
      }
    }
  }

  TcpStream stream;
  InspectorTarget target;
  SessionTimeouts timeouts;
  SocketTransport transport;
  WebSocket socket;
  ProtocolParser parser;
  ProtocolMessage message;
  int64_t next_id = 1;
  bool close_done = false;
};

std::unique_ptr<InspectorSession> InspectorSession::open(const Endpoint& endpoint,
                                                         const SessionTimeouts& timeouts) {
  const std::string from = endpoint.to_string();
  const auto targets = parse_target_list(http_get(endpoint, "/json/list", timeouts.connect));
  const InspectorTarget* chosen = nullptr;
  for (const auto& t : targets)
    if (!t.websocket_url.empty()) {
      chosen = &t;
      break;
    }
  if (chosen == nullptr)
    throw Error(targets.empty() ? from + " lists no inspector target"
                                : from + ": every target is taken by another debugger");
  const std::string path = websocket_path(chosen->websocket_url);

  const auto deadline = Clock::now() + timeouts.connect;
  TcpStream stream = TcpStream::connect(endpoint, timeouts.connect);
  const std::string key = random_websocket_key();
  stream.write_all("GET " + path + " HTTP/1.1\r\nHost: " + from +
                       "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " +
                       key + "\r\nSec-WebSocket-Version: 13\r\n\r\n",
                   deadline);
  std::string response;
  size_t head_end = std::string::npos;
  uint8_t buffer[4096];
  while ((head_end = response.find("\r\n\r\n")) == std::string::npos) {
    const long n = stream.read_now(buffer, sizeof buffer);
    if (n < 0) throw Error(from + " closed the connection instead of opening a WebSocket");
    if (n == 0) {
      if (stream.wait_readable(deadline) == TcpStream::Readiness::kTimeout)
        throw Error(from + " did not answer the WebSocket upgrade in time");
      continue;
    }
    response.append(reinterpret_cast<const char*>(buffer), static_cast<size_t>(n));
    if (response.size() > 65536) throw Error(from + ": the upgrade answer is too long");
  }
  const HttpHead head = parse_http_head(std::string_view(response).substr(0, head_end), from);
  if (head.status != 101)
    throw Error(from + " refused the WebSocket upgrade (HTTP " + std::to_string(head.status) +
                "): is another debugger attached?");
  if (http_header(head.text, "Sec-WebSocket-Accept") != websocket_accept_for_key(key))
    throw Error(from + " answered the WebSocket upgrade with a wrong Sec-WebSocket-Accept");
  auto impl = std::make_unique<Impl>(std::move(stream), *chosen, timeouts,
                                     response.substr(head_end + 4));
  return std::unique_ptr<InspectorSession>(new InspectorSession(std::move(impl)));
}

InspectorSession::InspectorSession(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

InspectorSession::~InspectorSession() { close(std::chrono::milliseconds(500)); }

void InspectorSession::call(std::string_view method, std::string_view params_json,
                            const EventHandler& on_event) {
  Impl& s = *impl_;
  const int64_t id = s.next_id++;
  const std::string during = " during " + std::string(method);
  if (s.socket.closed()) s.gone(during);
  s.send(protocol_command(id, method, params_json));
  for (;;) {
    // The idle deadline restarts with every message.
    const auto deadline = Clock::now() + s.timeouts.idle;
    if (s.pump(deadline, -1, during) == Impl::Pumped::kTimeout)
      throw Error("the inspector at " + s.stream.peer().to_string() + " sent nothing for " +
                  std::to_string(s.timeouts.idle.count() / 1000) + " s" + during);
    while (s.socket.has_message()) {
      s.parser.parse(s.socket.pop_message(), s.message);
      if (s.message.is_response) {
        if (s.message.id != id) continue;  // an answer to an earlier, abandoned command
        if (!s.message.error.empty())
          throw Error("the inspector refused " + std::string(method) + ": " + s.message.error);
        return;
      }
      if (on_event) on_event(s.message);
    }
  }
}

bool InspectorSession::wait(std::chrono::milliseconds duration, int wake_fd,
                            const EventHandler& on_event) {
  Impl& s = *impl_;
  const auto deadline = Clock::now() + duration;
  for (;;) {
    const Impl::Pumped result = s.pump(deadline, wake_fd, " while waiting");
    while (s.socket.has_message()) {
      s.parser.parse(s.socket.pop_message(), s.message);
      if (!s.message.is_response && on_event) on_event(s.message);
    }
    if (result == Impl::Pumped::kWoken) return true;
    if (result == Impl::Pumped::kTimeout) return false;
  }
}

void InspectorSession::close(std::chrono::milliseconds timeout) noexcept {
  if (!impl_) return;
  Impl& s = *impl_;
  if (s.close_done) return;
  s.close_done = true;
  try {
    if (!s.socket.closed()) {
      s.socket.queue_close();
      const auto deadline = Clock::now() + timeout;
      while (!s.socket.flush()) s.stream.wait_writable(deadline);
      // Wait for the inspector's close frame (or the end of the stream), ignoring what comes
      // before it.
      while (!s.socket.closed() && Clock::now() < deadline) {
        s.socket.receive();
        while (s.socket.has_message()) s.socket.pop_message();
        if (s.socket.closed()) break;
        if (s.stream.wait_readable(deadline) == TcpStream::Readiness::kTimeout) break;
      }
    }
  } catch (...) {
    // The connection is going away anyway.
  }
}

const Endpoint& InspectorSession::endpoint() const { return impl_->stream.peer(); }
const InspectorTarget& InspectorSession::target() const { return impl_->target; }

}  // namespace heapsnap::inspector

#include "heapsnap/inspector/node_stderr.h"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

#include "heapsnap/util/error.h"

namespace heapsnap::inspector {

NodeStderrLine classify_node_stderr_line(std::string_view line, std::string* url) {
  constexpr std::string_view kListening = "Debugger listening on ";
  if (line.starts_with(kListening)) {
    if (url != nullptr) *url = std::string(line.substr(kListening.size()));
    return NodeStderrLine::kInspectorListening;
  }
  if (line.starts_with("For help, see: https://nodejs.org/") || line == "Debugger attached." ||
      line.starts_with("Debugger ending on "))
    return NodeStderrLine::kInspectorChatter;
  if (line == "Waiting for the debugger to disconnect...") return NodeStderrLine::kWaitingForDebugger;
  return NodeStderrLine::kProgramOutput;
}

StderrRelay::StderrRelay(int read_fd, int forward_fd, LineHandler on_line)
    : fd_(read_fd), forward_fd_(forward_fd), on_line_(std::move(on_line)) {
  if (::pipe2(stop_, O_CLOEXEC) != 0) {
    const int error = errno;
    ::close(fd_);
    throw Error(std::string("pipe: ") + std::strerror(error));
  }
  thread_ = std::thread([this] { run(); });
}

void StderrRelay::stop() {
  if (!thread_.joinable()) return;
  const uint8_t byte = 1;
  [[maybe_unused]] const auto n = ::write(stop_[1], &byte, 1);
  thread_.join();
  ::close(fd_);
  ::close(stop_[0]);
  ::close(stop_[1]);
}

std::optional<std::string> StderrRelay::url() {
  std::lock_guard lock(mutex_);
  return url_;
}

void StderrRelay::forward(std::string_view text) const {
  while (!text.empty()) {
    const ssize_t n = ::write(forward_fd_, text.data(), text.size());
    if (n <= 0 && errno != EINTR) return;
    if (n > 0) text.remove_prefix(static_cast<size_t>(n));
  }
}

void StderrRelay::line(std::string_view text) {
  std::string_view body = text;
  while (!body.empty() && (body.back() == '\n' || body.back() == '\r')) body.remove_suffix(1);
  std::string url;
  const NodeStderrLine kind = classify_node_stderr_line(body, &url);
  switch (kind) {
    case NodeStderrLine::kProgramOutput:
      forward(text);
      return;
    case NodeStderrLine::kInspectorChatter:
      return;
    case NodeStderrLine::kInspectorListening: {
      std::lock_guard lock(mutex_);
      if (!url_) url_ = std::move(url);
      break;
    }
    case NodeStderrLine::kWaitingForDebugger:
      break;
  }
  if (on_line_) on_line_(kind);
}

void StderrRelay::run() {
  std::string pending;
  char buffer[8192];
  for (;;) {
    pollfd fds[2] = {{fd_, POLLIN, 0}, {stop_[0], POLLIN, 0}};
    if (::poll(fds, 2, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (fds[1].revents != 0 && (fds[0].revents & POLLIN) == 0) break;
    const ssize_t n = ::read(fd_, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    pending.append(buffer, static_cast<size_t>(n));
    size_t start = 0;
    for (size_t nl; (nl = pending.find('\n', start)) != std::string::npos; start = nl + 1)
      line(std::string_view(pending).substr(start, nl + 1 - start));
    pending.erase(0, start);
    if (pending.size() > 65536) {  // a long line without a newline: pass it on as it is
      forward(pending);
      pending.clear();
    }
  }
  if (!pending.empty()) line(pending);
}

}  // namespace heapsnap::inspector

#include "heapsnap/inspector/tcp_stream.h"

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <utility>

#include "heapsnap/util/error.h"

namespace heapsnap::inspector {
namespace {

int millis_until(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  return left.count() <= 0 ? 0 : static_cast<int>(std::min<int64_t>(left.count(), 1 << 30));
}

// poll(2) on one or two descriptors until `deadline`, retried on EINTR. Returns the revents of the
// first descriptor (0 on timeout) and stores the second's in `extra_revents`.
short poll_until(int fd, short events, Clock::time_point deadline, int extra_fd = -1,
                 short* extra_revents = nullptr) {
  pollfd fds[2] = {{fd, events, 0}, {extra_fd, POLLIN, 0}};
  const nfds_t count = extra_fd >= 0 ? 2 : 1;
  for (;;) {
    const int n = ::poll(fds, count, millis_until(deadline));
    if (n >= 0) break;
    if (errno != EINTR) throw Error(std::string("poll: ") + std::strerror(errno));
  }
  if (extra_revents) *extra_revents = fds[1].revents;
  return fds[0].revents;
}

}  // namespace

std::string Endpoint::to_string() const {
  const bool v6 = host.find(':') != std::string::npos;
  return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

Endpoint parse_endpoint(std::string_view text) {
  const auto fail = [&] {
    return Error("'" + std::string(text) +
                 "' is not an inspector address: expected HOST:PORT, e.g. 127.0.0.1:9229");
  };
  Endpoint endpoint;
  std::string_view port_text;
  if (!text.empty() && text.front() == '[') {  // [::1]:9229
    const size_t close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':')
      throw fail();
    endpoint.host = std::string(text.substr(1, close - 1));
    port_text = text.substr(close + 2);
  } else {
    const size_t colon = text.rfind(':');
    if (colon == std::string_view::npos) {
      port_text = text;
    } else {
      if (text.find(':') != colon) throw fail();  // a bare IPv6 address needs brackets
      endpoint.host = std::string(text.substr(0, colon));
      port_text = text.substr(colon + 1);
    }
  }
  if (endpoint.host.empty()) endpoint.host = "127.0.0.1";
  unsigned port = 0;
  const auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || end != port_text.data() + port_text.size() || port == 0 || port > 65535)
    throw fail();
  endpoint.port = static_cast<uint16_t>(port);
  return endpoint;
}

bool is_loopback_host(std::string_view host) {
  if (host == "localhost" || host == "::1" || host == "0:0:0:0:0:0:0:1") return true;
  // 127.x.y.z, numeric only.
  if (host.substr(0, 4) != "127.") return false;
  int dots = 0;
  for (const char c : host) {
    if (c == '.') ++dots;
    else if (c < '0' || c > '9') return false;
  }
  return dots == 3;
}

TcpStream TcpStream::connect(const Endpoint& endpoint, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* addresses = nullptr;
  const std::string port = std::to_string(endpoint.port);
  const int rc = ::getaddrinfo(endpoint.host.c_str(), port.c_str(), &hints, &addresses);
  if (rc != 0)
    throw Error("cannot connect to " + endpoint.to_string() + ": " + ::gai_strerror(rc));
  std::string last_error = "no address";
  for (const addrinfo* a = addresses; a != nullptr; a = a->ai_next) {
    const int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                            a->ai_protocol);
    if (fd < 0) {
      last_error = std::strerror(errno);
      continue;
    }
    int error = 0;
    if (::connect(fd, a->ai_addr, a->ai_addrlen) != 0) {
      error = errno;
      if (error == EINPROGRESS) {
        if ((poll_until(fd, POLLOUT, deadline) & (POLLOUT | POLLERR | POLLHUP)) == 0) {
          error = ETIMEDOUT;
        } else {
          socklen_t length = sizeof error;
          if (::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0) error = errno;
        }
      }
    }
    if (error == 0) {
      ::freeaddrinfo(addresses);
      const int one = 1;  // commands are small; send them at once
      ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      return TcpStream(fd, endpoint);
    }
    last_error = error == ETIMEDOUT ? "no answer within " + std::to_string(timeout.count()) + " ms"
                                    : std::strerror(error);
    ::close(fd);
  }
  ::freeaddrinfo(addresses);
  throw Error("cannot connect to " + endpoint.to_string() + ": " + last_error);
}

TcpStream::TcpStream(TcpStream&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), peer_(std::move(other.peer_)) {}

TcpStream& TcpStream::operator=(TcpStream&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    peer_ = std::move(other.peer_);
  }
  return *this;
}

TcpStream::~TcpStream() {
  if (fd_ >= 0) ::close(fd_);
}

long TcpStream::read_now(uint8_t* buffer, size_t capacity) {
  for (;;) {
    const ssize_t n = ::recv(fd_, buffer, capacity, MSG_DONTWAIT);
    if (n > 0) return n;
    if (n == 0) return -1;
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return 0;
    if (errno == ECONNRESET || errno == EPIPE) return -1;
    throw Error("reading from " + peer_.to_string() + ": " + std::strerror(errno));
  }
}

size_t TcpStream::write_now(const uint8_t* data, size_t size) {
  for (;;) {
    const ssize_t n = ::send(fd_, data, size, MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n >= 0) return static_cast<size_t>(n);
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) return 0;
    if (errno == ECONNRESET || errno == EPIPE)
      throw Error("the inspector at " + peer_.to_string() + " closed the connection");
    throw Error("writing to " + peer_.to_string() + ": " + std::strerror(errno));
  }
}

void TcpStream::write_all(std::string_view data, Clock::time_point deadline) {
  auto* p = reinterpret_cast<const uint8_t*>(data.data());
  size_t left = data.size();
  while (left > 0) {
    const size_t n = write_now(p, left);
    p += n;
    left -= n;
    if (left > 0 && n == 0) wait_writable(deadline);
  }
}

TcpStream::Readiness TcpStream::wait_readable(Clock::time_point deadline, int extra_fd) {
  short extra = 0;
  if ((poll_until(fd_, POLLIN, deadline, extra_fd, &extra) & (POLLIN | POLLERR | POLLHUP)) != 0)
    return Readiness::kReadable;
  return (extra & (POLLIN | POLLERR | POLLHUP)) != 0 ? Readiness::kExtraReadable
                                                     : Readiness::kTimeout;
}

void TcpStream::wait_writable(Clock::time_point deadline) {
  if ((poll_until(fd_, POLLOUT, deadline) & (POLLOUT | POLLERR | POLLHUP)) == 0)
    throw Error("the inspector at " + peer_.to_string() + " accepts no data (timed out)");
}

}  // namespace heapsnap::inspector

// A TCP connection with deadlines: the inspector client's only way to the network. Every wait is
// bounded (poll(2) with a timeout), so a process that stops answering never hangs heapsnap.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace heapsnap::inspector {

using Clock = std::chrono::steady_clock;

// Where an inspector listens. `host` is a name or a numeric address as given.
struct Endpoint {
  std::string host;
  uint16_t port = 0;
  // "127.0.0.1:9229", "[::1]:9229" (for messages and URLs).
  std::string to_string() const;
};

// Parses "HOST:PORT", "[V6]:PORT" or ":PORT"/"PORT" (host 127.0.0.1). Throws heapsnap::Error with
// what was expected.
Endpoint parse_endpoint(std::string_view text);

// True for localhost, 127.0.0.0/8 and ::1 (by text, no name lookup): the addresses heapsnap talks
// to unless the user names another one explicitly.
bool is_loopback_host(std::string_view host);

class TcpStream {
 public:
  // Connects within `timeout` to the first address `endpoint.host` resolves to that accepts.
  // Throws heapsnap::Error ("cannot connect to 127.0.0.1:9229: Connection refused").
  static TcpStream connect(const Endpoint& endpoint, std::chrono::milliseconds timeout);

  TcpStream(TcpStream&& other) noexcept;
  TcpStream& operator=(TcpStream&& other) noexcept;
  TcpStream(const TcpStream&) = delete;
  TcpStream& operator=(const TcpStream&) = delete;
  ~TcpStream();

  // Reads what is available without waiting: > 0 bytes read, 0 nothing available now, -1 the
  // peer closed the connection (or reset it). Throws heapsnap::Error on other failures.
  long read_now(uint8_t* buffer, size_t capacity);
  // Writes what the socket accepts now: bytes written (0 if it would block). Throws on failure;
  // a closed peer is reported as heapsnap::Error too.
  size_t write_now(const uint8_t* data, size_t size);
  // Writes all of `data`, waiting for the socket to drain until `deadline`.
  void write_all(std::string_view data, Clock::time_point deadline);
  enum class Readiness { kTimeout, kReadable, kExtraReadable };
  // Waits until the socket is readable (or `extra_fd` is, when >= 0) or `deadline` passes.
  Readiness wait_readable(Clock::time_point deadline, int extra_fd = -1);
  void wait_writable(Clock::time_point deadline);

  int fd() const { return fd_; }
  const Endpoint& peer() const { return peer_; }

 private:
  TcpStream(int fd, Endpoint peer) : fd_(fd), peer_(std::move(peer)) {}
  int fd_ = -1;
  Endpoint peer_;
};

}  // namespace heapsnap::inspector

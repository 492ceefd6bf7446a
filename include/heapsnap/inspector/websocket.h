// The client side of a WebSocket connection (RFC 6455) over any byte transport, with the framing
// done by wslay (Debian's libwslay): fragmented messages are reassembled, pings answered with
// pongs, a close frame from the peer answered and reported, frames we send are masked. The
// transport is an interface so unit tests and the fuzzer drive it from byte buffers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>

struct wslay_event_context;

namespace heapsnap::inspector {

// Non-blocking bytes in both directions.
class ByteTransport {
 public:
  virtual ~ByteTransport() = default;
  // > 0 bytes read, 0 nothing available now, -1 end of stream.
  virtual long read_now(uint8_t* buffer, size_t capacity) = 0;
  // Bytes accepted now (0 if it would block). Throws heapsnap::Error when the peer is gone.
  virtual size_t write_now(const uint8_t* data, size_t size) = 0;
};

class WebSocket {
 public:
  // The largest message accepted; a bigger one fails the connection (close code 1009).
  static constexpr uint64_t kDefaultMaxMessage = 256ull << 20;

  explicit WebSocket(ByteTransport& transport, uint64_t max_message = kDefaultMaxMessage);
  ~WebSocket();
  WebSocket(const WebSocket&) = delete;
  WebSocket& operator=(const WebSocket&) = delete;

  // Queues a text message; flush() sends it.
  void queue_text(std::string_view text);
  // Queues a close frame (code 1000); no message can be queued after it.
  void queue_close();
  // Sends what is queued as far as the transport takes it now (pongs and close replies too).
  // Returns true when nothing is left to send.
  bool flush();
  // Reads what the transport has now and reassembles messages into the inbox. Throws
  // heapsnap::Error on a protocol violation (a masked frame from the server, a bad opcode, a
  // message over the limit).
  void receive();

  bool has_message() const { return !inbox_.empty(); }
  // The oldest complete text or binary message.
  std::string pop_message();
  // The peer sent a close frame, or the stream ended.
  bool closed() const { return closed_by_peer_ || stream_ended_; }
  bool stream_ended() const { return stream_ended_; }
  // The peer's close status (0 if none was given or the stream just ended).
  uint16_t close_code() const { return close_code_; }

 private:
  static long on_recv(wslay_event_context* ctx, uint8_t* buf, size_t len, int flags, void* self);
  static long on_send(wslay_event_context* ctx, const uint8_t* data, size_t len, int flags,
                      void* self);
  static int on_genmask(wslay_event_context* ctx, uint8_t* buf, size_t len, void* self);
  static void on_message(wslay_event_context* ctx, const void* arg, void* self);

  ByteTransport& transport_;
  wslay_event_context* ctx_ = nullptr;
  std::deque<std::string> inbox_;
  bool closed_by_peer_ = false;
  bool stream_ended_ = false;
  bool transport_failed_ = false;
  std::string transport_error_;
  uint16_t close_code_ = 0;
};

// Sec-WebSocket-Accept for a Sec-WebSocket-Key: base64(SHA-1(key + RFC 6455's GUID)).
std::string websocket_accept_for_key(std::string_view key);

}  // namespace heapsnap::inspector

#include "heapsnap/inspector/websocket.h"

#include <nettle/base64.h>
#include <nettle/sha1.h>
#include <sys/random.h>
#include <wslay/wslay.h>

#include <cstring>

#include "heapsnap/util/error.h"

namespace heapsnap::inspector {

long WebSocket::on_recv(wslay_event_context* ctx, uint8_t* buf, size_t len, int, void* self) {
  auto* ws = static_cast<WebSocket*>(self);
  long n = 0;
  try {
    n = ws->transport_.read_now(buf, len);
  } catch (const std::exception& e) {
    ws->transport_failed_ = true;
    ws->transport_error_ = e.what();
    wslay_event_set_error(ctx, WSLAY_ERR_CALLBACK_FAILURE);
    return -1;
  }
  if (n > 0) return n;
  if (n == 0) {
    wslay_event_set_error(ctx, WSLAY_ERR_WOULDBLOCK);
  } else {
    ws->stream_ended_ = true;
    wslay_event_set_error(ctx, WSLAY_ERR_CALLBACK_FAILURE);
  }
  return -1;
}

long WebSocket::on_send(wslay_event_context* ctx, const uint8_t* data, size_t len, int, void* self) {
  auto* ws = static_cast<WebSocket*>(self);
  size_t n = 0;
  try {
    n = ws->transport_.write_now(data, len);
  } catch (const std::exception& e) {
    ws->transport_failed_ = true;
    ws->transport_error_ = e.what();
    wslay_event_set_error(ctx, WSLAY_ERR_CALLBACK_FAILURE);
    return -1;
  }
  if (n == 0) {
    wslay_event_set_error(ctx, WSLAY_ERR_WOULDBLOCK);
    return -1;
  }
  return static_cast<long>(n);
}

int WebSocket::on_genmask(wslay_event_context* ctx, uint8_t* buf, size_t len, void*) {
  // Masking keys must be unpredictable to the page's scripts (RFC 6455 10.3); getrandom(2) is.
  if (::getrandom(buf, len, 0) != static_cast<ssize_t>(len)) {
    wslay_event_set_error(ctx, WSLAY_ERR_CALLBACK_FAILURE);
    return -1;
  }
  return 0;
}

void WebSocket::on_message(wslay_event_context*, const void* arg_pointer, void* self) {
  auto* ws = static_cast<WebSocket*>(self);
  const auto* arg = static_cast<const wslay_event_on_msg_recv_arg*>(arg_pointer);
  switch (arg->opcode) {
    case WSLAY_TEXT_FRAME:
    case WSLAY_BINARY_FRAME:
      ws->inbox_.emplace_back(reinterpret_cast<const char*>(arg->msg), arg->msg_length);
      break;
    case WSLAY_CONNECTION_CLOSE:
      ws->closed_by_peer_ = true;
      ws->close_code_ = arg->status_code;
      break;
    default:  // ping (wslay queues the pong) and pong
      break;
  }
}

WebSocket::WebSocket(ByteTransport& transport, uint64_t max_message) : transport_(transport) {
  wslay_event_callbacks callbacks{};
  callbacks.recv_callback = [](wslay_event_context_ptr c, uint8_t* b, size_t l, int f, void* u) {
    return static_cast<ssize_t>(on_recv(c, b, l, f, u));
  };
  callbacks.send_callback = [](wslay_event_context_ptr c, const uint8_t* d, size_t l, int f,
                               void* u) { return static_cast<ssize_t>(on_send(c, d, l, f, u)); };
  callbacks.genmask_callback = [](wslay_event_context_ptr c, uint8_t* b, size_t l, void* u) {
    return on_genmask(c, b, l, u);
  };
  callbacks.on_msg_recv_callback = [](wslay_event_context_ptr c,
                                      const wslay_event_on_msg_recv_arg* a,
                                      void* u) { on_message(c, a, u); };
  if (wslay_event_context_client_init(&ctx_, &callbacks, this) != 0) throw std::bad_alloc();
  wslay_event_config_set_max_recv_msg_length(ctx_, max_message);
}

WebSocket::~WebSocket() { wslay_event_context_free(ctx_); }

void WebSocket::queue_text(std::string_view text) {
  wslay_event_msg message{WSLAY_TEXT_FRAME, reinterpret_cast<const uint8_t*>(text.data()),
                          text.size()};
  if (wslay_event_queue_msg(ctx_, &message) != 0)
    throw Error("the inspector connection is closing; cannot send a command");
}

void WebSocket::queue_close() {
  if (wslay_event_get_close_sent(ctx_)) return;
  wslay_event_queue_close(ctx_, WSLAY_CODE_NORMAL_CLOSURE, nullptr, 0);
}

bool WebSocket::flush() {
  if (!wslay_event_want_write(ctx_)) return true;
  if (wslay_event_send(ctx_) != 0) {
    if (transport_failed_) throw Error(transport_error_);
    throw Error("cannot send to the inspector");
  }
  return !wslay_event_want_write(ctx_);
}

void WebSocket::receive() {
  if (!wslay_event_want_read(ctx_)) return;
  const size_t before = inbox_.size();
  const int rc = wslay_event_recv(ctx_);
  if (rc != 0 && !stream_ended_) {
    if (transport_failed_) throw Error(transport_error_);
    throw Error("the inspector sent an invalid WebSocket frame");
  }
  // wslay disables reading after a protocol error and queues a close frame with its code
  // (1002 protocol error, 1009 too big) without telling us through the return value.
  if (!wslay_event_want_read(ctx_) && !closed_by_peer_ && !stream_ended_) {
    const uint16_t status = wslay_event_get_status_code_sent(ctx_);
    if (status == WSLAY_CODE_MESSAGE_TOO_BIG)
      throw Error("the inspector sent a message larger than the limit");
    if (status != 0 || inbox_.size() == before)
      throw Error("the inspector sent an invalid WebSocket frame (close code " +
                  std::to_string(status) + ")");
  }
}

std::string WebSocket::pop_message() {
  std::string message = std::move(inbox_.front());
  inbox_.pop_front();
  return message;
}

std::string websocket_accept_for_key(std::string_view key) {
  static constexpr std::string_view kGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  sha1_ctx sha;
  sha1_init(&sha);
  sha1_update(&sha, key.size(), reinterpret_cast<const uint8_t*>(key.data()));
  sha1_update(&sha, kGuid.size(), reinterpret_cast<const uint8_t*>(kGuid.data()));
  uint8_t digest[SHA1_DIGEST_SIZE];
  sha1_digest(&sha, sizeof digest, digest);
  std::string accept(BASE64_ENCODE_RAW_LENGTH(SHA1_DIGEST_SIZE), '\0');
  base64_encode_raw(accept.data(), sizeof digest, digest);
  return accept;
}

}  // namespace heapsnap::inspector

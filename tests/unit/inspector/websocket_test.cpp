// The WebSocket client on byte buffers: frames as a server sends them, fed in pieces of every
// size; what the client sends back decoded by hand (RFC 6455, section 5).
#include <catch2/catch.hpp>

#include <cstring>

#include "heapsnap/inspector/websocket.h"
#include "heapsnap/util/error.h"

using namespace heapsnap;
using namespace heapsnap::inspector;

namespace {

// Serves `input` at most `step` bytes per read; collects what is written.
class MemoryTransport final : public ByteTransport {
 public:
  explicit MemoryTransport(std::string input, size_t step = SIZE_MAX, bool end = false)
      : input_(std::move(input)), step_(step), end_(end) {}
  long read_now(uint8_t* buffer, size_t capacity) override {
    if (position_ == input_.size()) return end_ ? -1 : 0;
    const size_t n = std::min({capacity, step_, input_.size() - position_});
    std::memcpy(buffer, input_.data() + position_, n);
    position_ += n;
    return static_cast<long>(n);
  }
  size_t write_now(const uint8_t* data, size_t size) override {
    output.append(reinterpret_cast<const char*>(data), size);
    return size;
  }
  bool drained() const { return position_ == input_.size(); }
  std::string output;

 private:
  std::string input_;
  size_t step_;
  bool end_;
  size_t position_ = 0;
};

// A frame as a server sends it (unmasked unless `mask` is given).
std::string frame(uint8_t opcode, std::string_view payload, bool fin = true,
                  const char* mask = nullptr) {
  std::string out;
  out += static_cast<char>((fin ? 0x80 : 0) | opcode);
  const uint8_t mask_bit = mask ? 0x80 : 0;
  if (payload.size() < 126) {
    out += static_cast<char>(mask_bit | payload.size());
  } else if (payload.size() <= 0xffff) {
    out += static_cast<char>(mask_bit | 126);
    out += static_cast<char>(payload.size() >> 8);
    out += static_cast<char>(payload.size() & 0xff);
  } else {
    out += static_cast<char>(mask_bit | 127);
    for (int shift = 56; shift >= 0; shift -= 8)
      out += static_cast<char>((static_cast<uint64_t>(payload.size()) >> shift) & 0xff);
  }
  if (mask) {
    out.append(mask, 4);
    for (size_t i = 0; i < payload.size(); ++i) out += static_cast<char>(payload[i] ^ mask[i % 4]);
  } else {
    out.append(payload);
  }
  return out;
}

struct ClientFrame {
  uint8_t opcode;
  bool fin;
  bool masked;
  std::string payload;
};

// Decodes the frames a client wrote (they must be masked).
std::vector<ClientFrame> decode_client_frames(const std::string& bytes) {
  std::vector<ClientFrame> frames;
  size_t p = 0;
  while (p < bytes.size()) {
    REQUIRE(bytes.size() - p >= 2);
    ClientFrame f;
    const auto b0 = static_cast<uint8_t>(bytes[p]);
    const auto b1 = static_cast<uint8_t>(bytes[p + 1]);
    f.fin = (b0 & 0x80) != 0;
    f.opcode = b0 & 0x0f;
    f.masked = (b1 & 0x80) != 0;
    uint64_t length = b1 & 0x7f;
    p += 2;
    if (length == 126) {
      length = (static_cast<uint64_t>(static_cast<uint8_t>(bytes[p])) << 8) |
               static_cast<uint8_t>(bytes[p + 1]);
      p += 2;
    } else if (length == 127) {
      length = 0;
      for (int i = 0; i < 8; ++i) length = (length << 8) | static_cast<uint8_t>(bytes[p + i]);
      p += 8;
    }
    char key[4] = {0, 0, 0, 0};
    if (f.masked) {
      std::memcpy(key, bytes.data() + p, 4);
      p += 4;
    }
    REQUIRE(bytes.size() - p >= length);
    for (uint64_t i = 0; i < length; ++i) f.payload += static_cast<char>(bytes[p + i] ^ key[i % 4]);
    p += length;
    frames.push_back(std::move(f));
  }
  return frames;
}

std::vector<std::string> receive_all(WebSocket& socket, MemoryTransport& transport) {
  std::vector<std::string> messages;
  for (int rounds = 0; rounds < 1000000 && !transport.drained(); ++rounds) {
    socket.receive();
    socket.flush();
    while (socket.has_message()) messages.push_back(socket.pop_message());
    if (socket.closed()) break;
  }
  socket.receive();
  socket.flush();
  while (socket.has_message()) messages.push_back(socket.pop_message());
  return messages;
}

}  // namespace

TEST_CASE("websocket: one text frame, fed in pieces of every size", "[inspector][websocket]") {
  const std::string text = R"({"id":1,"result":{}})";
  for (size_t step : {size_t{1}, size_t{2}, size_t{3}, size_t{7}, SIZE_MAX}) {
    MemoryTransport transport(frame(0x1, text), step);
    WebSocket socket(transport);
    const auto messages = receive_all(socket, transport);
    REQUIRE(messages.size() == 1);
    CHECK(messages[0] == text);
    CHECK_FALSE(socket.closed());
  }
}

TEST_CASE("websocket: fragmented message with a ping between the fragments",
          "[inspector][websocket]") {
  const std::string input = frame(0x1, "Hel", false) + frame(0x0, "lo, ", false) +
                            frame(0x9, "are you there") + frame(0x0, "world", true) +
                            frame(0x1, "next");
  for (size_t step : {size_t{1}, size_t{5}, SIZE_MAX}) {
    MemoryTransport transport(input, step);
    WebSocket socket(transport);
    const auto messages = receive_all(socket, transport);
    REQUIRE(messages.size() == 2);
    CHECK(messages[0] == "Hello, world");
    CHECK(messages[1] == "next");
    // The ping was answered with a masked pong carrying its payload.
    const auto sent = decode_client_frames(transport.output);
    REQUIRE(sent.size() == 1);
    CHECK(sent[0].opcode == 0xA);
    CHECK(sent[0].masked);
    CHECK(sent[0].payload == "are you there");
  }
}

TEST_CASE("websocket: 16-bit and 64-bit payload lengths", "[inspector][websocket]") {
  for (size_t size : {size_t{125}, size_t{126}, size_t{300}, size_t{65535}, size_t{65536},
                      size_t{70000}, size_t{3} << 20}) {
    std::string payload(size, 'x');
    for (size_t i = 0; i < size; i += 97) payload[i] = static_cast<char>('a' + i % 26);
    MemoryTransport transport(frame(0x1, payload), 4096);
    WebSocket socket(transport);
    const auto messages = receive_all(socket, transport);
    REQUIRE(messages.size() == 1);
    CHECK(messages[0] == payload);
  }
}

TEST_CASE("websocket: frames the client sends are masked", "[inspector][websocket]") {
  MemoryTransport transport("");
  WebSocket socket(transport);
  const std::string big(70000, 'q');
  socket.queue_text(R"({"id":1,"method":"HeapProfiler.enable","params":{}})");
  socket.queue_text(big);
  CHECK(socket.flush());
  const auto sent = decode_client_frames(transport.output);
  REQUIRE(sent.size() == 2);
  CHECK(sent[0].opcode == 0x1);
  CHECK(sent[0].fin);
  CHECK(sent[0].masked);
  CHECK(sent[0].payload == R"({"id":1,"method":"HeapProfiler.enable","params":{}})");
  CHECK(sent[1].masked);
  CHECK(sent[1].payload == big);
  // The masking key is not all zeros (it comes from getrandom); with all-zero keys the masked
  // bytes would equal the payload.
  CHECK(transport.output.find(big.substr(0, 64)) == std::string::npos);
}

TEST_CASE("websocket: a masked frame from the server fails the connection",
          "[inspector][websocket]") {
  const char key[4] = {0x11, 0x22, 0x33, 0x44};
  MemoryTransport transport(frame(0x1, "masked by the server", true, key));
  WebSocket socket(transport);
  CHECK_THROWS_AS(receive_all(socket, transport), Error);
  CHECK_FALSE(socket.has_message());
}

TEST_CASE("websocket: close frame from the server is answered and reported",
          "[inspector][websocket]") {
  const std::string close_payload = std::string("\x03\xe9", 2) + "going away";  // 1001
  MemoryTransport transport(frame(0x1, "last") + frame(0x8, close_payload));
  WebSocket socket(transport);
  const auto messages = receive_all(socket, transport);
  REQUIRE(messages.size() == 1);
  CHECK(messages[0] == "last");
  CHECK(socket.closed());
  CHECK_FALSE(socket.stream_ended());
  CHECK(socket.close_code() == 1001);
  const auto sent = decode_client_frames(transport.output);
  REQUIRE(sent.size() == 1);
  CHECK(sent[0].opcode == 0x8);
  CHECK(sent[0].masked);
  CHECK_THROWS_AS(socket.queue_text("after close"), Error);
}

TEST_CASE("websocket: the stream ending mid-frame is a closed connection, not a message",
          "[inspector][websocket]") {
  const std::string whole = frame(0x1, std::string(1000, 'z'));
  MemoryTransport transport(whole.substr(0, 500), SIZE_MAX, /*end=*/true);
  WebSocket socket(transport);
  receive_all(socket, transport);
  CHECK(socket.closed());
  CHECK(socket.stream_ended());
  CHECK_FALSE(socket.has_message());
}

TEST_CASE("websocket: a message over the limit fails the connection", "[inspector][websocket]") {
  MemoryTransport transport(frame(0x1, std::string(2000, 'a')));
  WebSocket socket(transport, /*max_message=*/1024);
  CHECK_THROWS_AS(receive_all(socket, transport), Error);
}

TEST_CASE("websocket: fragments that add up past the limit fail the connection",
          "[inspector][websocket]") {
  MemoryTransport transport(frame(0x1, std::string(600, 'a'), false) +
                            frame(0x0, std::string(600, 'b'), true));
  WebSocket socket(transport, 1024);
  CHECK_THROWS_AS(receive_all(socket, transport), Error);
}

TEST_CASE("websocket: a continuation without a start, and a reserved opcode, are errors",
          "[inspector][websocket]") {
  for (const std::string& input : {frame(0x0, "orphan"), frame(0x3, "reserved")}) {
    MemoryTransport transport(input);
    WebSocket socket(transport);
    CHECK_THROWS_AS(receive_all(socket, transport), Error);
  }
}

TEST_CASE("websocket: Sec-WebSocket-Accept as in RFC 6455's example", "[inspector][websocket]") {
  CHECK(websocket_accept_for_key("dGhlIHNhbXBsZSBub25jZQ==") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
}

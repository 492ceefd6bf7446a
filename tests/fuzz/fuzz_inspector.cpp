// libFuzzer target: the inspector client's parsers on bytes an inspector (or anything listening on
// the port) could send. The input is served to the WebSocket client as server frames, in pieces
// whose size the first byte picks; every complete message goes to the protocol parser. The same
// bytes are also read as an HTTP head, a /json/list body and a ws:// URL. Any input must be
// handled or rejected with heapsnap::Error; a crash, a sanitizer report, another exception type,
// or a message bigger than the limit coming through is a bug.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "heapsnap/inspector/http.h"
#include "heapsnap/inspector/protocol.h"
#include "heapsnap/inspector/websocket.h"
#include "heapsnap/util/error.h"

namespace {

constexpr uint64_t kMaxMessage = 1 << 16;

class FuzzTransport final : public heapsnap::inspector::ByteTransport {
 public:
  FuzzTransport(std::string_view input, size_t step) : input_(input), step_(step) {}
  long read_now(uint8_t* buffer, size_t capacity) override {
    if (position_ == input_.size()) return -1;  // then the stream ends
    const size_t n = std::min({capacity, step_, input_.size() - position_});
    std::memcpy(buffer, input_.data() + position_, n);
    position_ += n;
    return static_cast<long>(n);
  }
  size_t write_now(const uint8_t*, size_t size) override { return size; }

 private:
  std::string_view input_;
  size_t step_;
  size_t position_ = 0;
};

void frames_and_messages(std::string_view bytes, size_t step) {
  FuzzTransport transport(bytes, step);
  heapsnap::inspector::WebSocket socket(transport, kMaxMessage);
  heapsnap::inspector::ProtocolParser parser;
  heapsnap::inspector::ProtocolMessage message;
  try {
    for (size_t rounds = 0; rounds <= bytes.size() + 1 && !socket.closed(); ++rounds) {
      socket.receive();
      socket.flush();
      while (socket.has_message()) {
        const std::string text = socket.pop_message();
        if (text.size() > kMaxMessage) std::abort();
        try {
          parser.parse(text, message);
        } catch (const heapsnap::Error&) {
        }
      }
    }
  } catch (const heapsnap::Error&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const size_t step = 1 + data[0] % 64;
  const std::string_view bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
  frames_and_messages(bytes, step);
  try {
    heapsnap::inspector::parse_http_head(bytes, "<fuzz>");
    (void)heapsnap::inspector::http_header(bytes, "Sec-WebSocket-Accept");
  } catch (const heapsnap::Error&) {
  }
  try {
    for (const auto& target : heapsnap::inspector::parse_target_list(bytes))
      if (!target.websocket_url.empty()) (void)heapsnap::inspector::websocket_path(target.websocket_url);
  } catch (const heapsnap::Error&) {
  }
  return 0;
}

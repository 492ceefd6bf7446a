// Compressing into an xz file (one stream, CRC64 check, like xz(1)), streaming through one output
// buffer.
#include <lzma.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "file_sinks.h"

namespace heapsnap::io {
namespace {

std::string encoder_reason(lzma_ret rc) {
  switch (rc) {
    case LZMA_MEM_ERROR: return "out of memory";
    case LZMA_OPTIONS_ERROR: return "unsupported preset";
    case LZMA_UNSUPPORTED_CHECK: return "unsupported integrity check";
    default: return "liblzma error " + std::to_string(static_cast<int>(rc));
  }
}

class XzSink final : public ByteSink {
 public:
  XzSink(FileWriter file, uint32_t preset) : file_(std::move(file)), out_(kSinkBufferBytes) {
    const lzma_ret rc = lzma_easy_encoder(&stream_, preset, LZMA_CHECK_CRC64);
    if (rc != LZMA_OK) file_.fail("xz: cannot initialise the encoder: " + encoder_reason(rc));
  }
  ~XzSink() override { lzma_end(&stream_); }
  XzSink(const XzSink&) = delete;
  XzSink& operator=(const XzSink&) = delete;

  void write(std::string_view bytes) override {
    if (finished_) throw std::logic_error("ByteSink::write after finish");
    bytes_in_ += bytes.size();
    stream_.next_in = reinterpret_cast<const uint8_t*>(bytes.data());
    stream_.avail_in = bytes.size();
    while (stream_.avail_in > 0) encode(LZMA_RUN);
  }
  void finish() override {
    if (finished_) throw std::logic_error("ByteSink::finish called twice");
    finished_ = true;
    while (encode(LZMA_FINISH) != LZMA_STREAM_END) {
    }
    file_.close();
  }
  uint64_t bytes_in() const override { return bytes_in_; }

 private:
  lzma_ret encode(lzma_action action) {
    stream_.next_out = out_.data();
    stream_.avail_out = out_.size();
    const lzma_ret rc = lzma_code(&stream_, action);
    if (rc != LZMA_OK && rc != LZMA_STREAM_END) file_.fail("xz compression failed: " + encoder_reason(rc));
    file_.write(reinterpret_cast<const char*>(out_.data()), out_.size() - stream_.avail_out);
    return rc;
  }

  FileWriter file_;
  lzma_stream stream_ = LZMA_STREAM_INIT;
  std::vector<uint8_t> out_;
  uint64_t bytes_in_ = 0;
  bool finished_ = false;
};

}  // namespace

std::unique_ptr<ByteSink> xz_sink(FileWriter file, uint32_t preset) {
  return std::make_unique<XzSink>(std::move(file), preset);
}

}  // namespace heapsnap::io

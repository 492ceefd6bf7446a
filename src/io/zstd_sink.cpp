// Compressing into a zstd file (one frame, with a content checksum so corruption is caught on
// reading), streaming through one output buffer.
#include <zstd.h>

#include <stdexcept>
#include <vector>

#include "file_sinks.h"

namespace heapsnap::io {
namespace {

class ZstdSink final : public ByteSink {
 public:
  ZstdSink(FileWriter file, int level)
      : file_(std::move(file)), context_(ZSTD_createCCtx()), out_(kSinkBufferBytes) {
    if (!context_) file_.fail("zstd: cannot create a compression context");
    check(ZSTD_CCtx_setParameter(context_, ZSTD_c_compressionLevel, level));
    check(ZSTD_CCtx_setParameter(context_, ZSTD_c_checksumFlag, 1));
  }
  ~ZstdSink() override { ZSTD_freeCCtx(context_); }
  ZstdSink(const ZstdSink&) = delete;
  ZstdSink& operator=(const ZstdSink&) = delete;

  void write(std::string_view bytes) override {
    if (finished_) throw std::logic_error("ByteSink::write after finish");
    bytes_in_ += bytes.size();
    ZSTD_inBuffer in{bytes.data(), bytes.size(), 0};
    // ZSTD_e_continue: compress what fits; done when all input is taken.
    while (in.pos < in.size) compress(in, ZSTD_e_continue);
  }
  void finish() override {
    if (finished_) throw std::logic_error("ByteSink::finish called twice");
    finished_ = true;
    ZSTD_inBuffer in{nullptr, 0, 0};
    // ZSTD_e_end: returns how much is still to be flushed; 0 once the frame is complete.
    while (compress(in, ZSTD_e_end) != 0) {
    }
    file_.close();
  }
  uint64_t bytes_in() const override { return bytes_in_; }

 private:
  size_t compress(ZSTD_inBuffer& in, ZSTD_EndDirective mode) {
    ZSTD_outBuffer out{out_.data(), out_.size(), 0};
    const size_t remaining = check(ZSTD_compressStream2(context_, &out, &in, mode));
    file_.write(out_.data(), out.pos);
    return remaining;
  }
  size_t check(size_t code) const {
    if (ZSTD_isError(code)) file_.fail(std::string("zstd compression failed: ") + ZSTD_getErrorName(code));
    return code;
  }

  FileWriter file_;
  ZSTD_CCtx* context_;
  std::vector<char> out_;
  uint64_t bytes_in_ = 0;
  bool finished_ = false;
};

}  // namespace

std::unique_ptr<ByteSink> zstd_sink(FileWriter file, int level) {
  return std::make_unique<ZstdSink>(std::move(file), level);
}

}  // namespace heapsnap::io

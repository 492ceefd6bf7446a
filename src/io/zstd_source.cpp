// Decompressing a zstd stream: one or more frames (skippable frames included), as zstd(1) writes
// them and as `cat a.zst b.zst` concatenates them.
#include <zstd.h>

#include <vector>

#include "heapsnap/io/byte_source.h"
#include "expansion_check.h"
#include "heapsnap/util/error.h"

namespace heapsnap::io {
namespace {

constexpr size_t kCompressedChunk = 1 << 20;

class ZstdSource final : public ByteSource {
 public:
  explicit ZstdSource(std::unique_ptr<ByteSource> inner)
      : inner_(std::move(inner)), context_(ZSTD_createDCtx()), in_(kCompressedChunk) {
    if (!context_) throw Error("zstd: cannot create a decompression context");
  }
  ~ZstdSource() override { ZSTD_freeDCtx(context_); }
  ZstdSource(const ZstdSource&) = delete;
  ZstdSource& operator=(const ZstdSource&) = delete;

  size_t read(char* buffer, size_t capacity) override {
    ZSTD_outBuffer out{buffer, capacity, 0};
    while (out.pos < out.size && !finished_) {
      // More input only when the decoder has flushed all it holds: after a call that filled the
      // output, it may still have decoded bytes to give without reading any.
      if (input_.pos == input_.size && !may_hold_output_) {
        const size_t n = inner_->read(in_.data(), in_.size());
        if (n == 0) {
          if (frame_open_)
            throw Error("'" + inner_->name() + "': zstd stream is truncated (ends inside a frame, "
                        "after " + std::to_string(out_total_ + out.pos) + " decompressed bytes)");
          finished_ = true;
          break;
        }
        input_ = ZSTD_inBuffer{in_.data(), n, 0};
      }
      const size_t out_before = out.pos, in_before = input_.pos;
      const size_t rc = ZSTD_decompressStream(context_, &out, &input_);
      if (ZSTD_isError(rc))
        throw Error("'" + inner_->name() + "': corrupt zstd data near compressed byte " +
                    std::to_string(inner_->stored_position() - (input_.size - input_.pos)) + ": " +
                    ZSTD_getErrorName(rc));
      // 0: a frame is complete and fully flushed (the next bytes, if any, start a new frame). A
      // call that moved nothing says nothing: between frames, with no input, the decoder still
      // answers with the size of the next frame header it would like.
      if (out.pos != out_before || input_.pos != in_before) frame_open_ = rc != 0;
      may_hold_output_ = out.pos == out.size;
    }
    out_total_ += out.pos;
    check_expansion(*inner_, out_total_, "zstd");
    return out.pos;
  }
  std::optional<uint64_t> size() const override { return std::nullopt; }
  uint64_t stored_position() const override { return inner_->stored_position(); }
  uint64_t stored_size() const override { return inner_->stored_size(); }
  const std::string& name() const override { return inner_->name(); }
  Compression compression() const override { return Compression::kZstd; }

 private:
  std::unique_ptr<ByteSource> inner_;
  ZSTD_DCtx* context_;
  std::vector<char> in_;
  ZSTD_inBuffer input_{nullptr, 0, 0};
  bool frame_open_ = false;
  bool may_hold_output_ = false;
  bool finished_ = false;
  uint64_t out_total_ = 0;
};

}  // namespace

std::unique_ptr<ByteSource> zstd_source(std::unique_ptr<ByteSource> compressed) {
  return std::make_unique<ZstdSource>(std::move(compressed));
}

}  // namespace heapsnap::io

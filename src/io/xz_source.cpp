// Decompressing an xz stream: one or more streams with optional padding between them, as xz(1)
// writes them and as `cat a.xz b.xz` concatenates them.
#include <lzma.h>

#include <vector>

#include "heapsnap/io/byte_source.h"
#include "expansion_check.h"
#include "heapsnap/util/error.h"

namespace heapsnap::io {
namespace {

constexpr size_t kCompressedChunk = 1 << 20;
// The decoder may allocate at most this much (the dictionary, mostly). xz -9 needs 65 MiB to
// decompress; a header asking for more than 1 GiB is refused rather than trusted.
constexpr uint64_t kMemoryLimit = 1ull << 30;

std::string decoder_reason(lzma_ret rc) {
  switch (rc) {
    case LZMA_MEM_ERROR: return "out of memory";
    case LZMA_MEMLIMIT_ERROR:
      return "the stream needs more than " + std::to_string(kMemoryLimit >> 20) +
             " MiB of memory to decompress";
    case LZMA_FORMAT_ERROR: return "not in the .xz format";
    case LZMA_OPTIONS_ERROR: return "unsupported compression options";
    case LZMA_DATA_ERROR: return "compressed data is corrupt";
    case LZMA_BUF_ERROR: return "compressed data is truncated or corrupt";
    default: return "liblzma error " + std::to_string(static_cast<int>(rc));
  }
}

class XzSource final : public ByteSource {
 public:
  explicit XzSource(std::unique_ptr<ByteSource> inner) : inner_(std::move(inner)), in_(kCompressedChunk) {
    const lzma_ret rc = lzma_stream_decoder(&stream_, kMemoryLimit, LZMA_CONCATENATED);
    if (rc != LZMA_OK) throw Error("xz: cannot initialise the decoder: " + decoder_reason(rc));
  }
  ~XzSource() override { lzma_end(&stream_); }
  XzSource(const XzSource&) = delete;
  XzSource& operator=(const XzSource&) = delete;

  size_t read(char* buffer, size_t capacity) override {
    stream_.next_out = reinterpret_cast<uint8_t*>(buffer);
    stream_.avail_out = capacity;
    while (stream_.avail_out > 0 && !finished_) {
      if (stream_.avail_in == 0 && !input_ended_) {
        const size_t n = inner_->read(reinterpret_cast<char*>(in_.data()), in_.size());
        input_ended_ = n == 0;
        stream_.next_in = in_.data();
        stream_.avail_in = n;
      }
      // With LZMA_CONCATENATED the decoder needs LZMA_FINISH to know the last stream has ended.
      const lzma_ret rc = lzma_code(&stream_, input_ended_ ? LZMA_FINISH : LZMA_RUN);
      if (rc == LZMA_STREAM_END) {
        finished_ = true;
      } else if (rc == LZMA_BUF_ERROR && input_ended_) {
        throw Error("'" + inner_->name() + "': xz stream is truncated (ends inside a stream, after " +
                    std::to_string(stream_.total_out) + " decompressed bytes)");
      } else if (rc != LZMA_OK) {
        throw Error("'" + inner_->name() + "': corrupt xz data near compressed byte " +
                    std::to_string(inner_->stored_position() - stream_.avail_in) + ": " +
                    decoder_reason(rc));
      }
    }
    const size_t produced = capacity - stream_.avail_out;
    check_expansion(*inner_, stream_.total_out, "xz");
    return produced;
  }
  std::optional<uint64_t> size() const override { return std::nullopt; }
  uint64_t stored_position() const override { return inner_->stored_position(); }
  uint64_t stored_size() const override { return inner_->stored_size(); }
  const std::string& name() const override { return inner_->name(); }
  Compression compression() const override { return Compression::kXz; }

 private:
  std::unique_ptr<ByteSource> inner_;
  lzma_stream stream_ = LZMA_STREAM_INIT;
  std::vector<uint8_t> in_;
  bool input_ended_ = false;
  bool finished_ = false;
};

}  // namespace

std::unique_ptr<ByteSource> xz_source(std::unique_ptr<ByteSource> compressed) {
  return std::make_unique<XzSource>(std::move(compressed));
}

}  // namespace heapsnap::io

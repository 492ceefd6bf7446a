// Inflating a gzip stream: one or more members, as gzip(1) writes them and as `cat a.gz b.gz`
// concatenates them.
#include <zlib.h>

#include <cstring>
#include <vector>

#include "expansion_check.h"
#include "heapsnap/io/byte_source.h"
#include "heapsnap/util/error.h"

namespace heapsnap::io {
namespace {

constexpr size_t kCompressedChunk = 1 << 20;

class GzipSource final : public ByteSource {
 public:
  explicit GzipSource(std::unique_ptr<ByteSource> inner)
      : inner_(std::move(inner)), in_(kCompressedChunk) {
    std::memset(&z_, 0, sizeof z_);
    // 16 + MAX_WBITS: expect a gzip header (not raw zlib).
    if (inflateInit2(&z_, 16 + MAX_WBITS) != Z_OK) throw Error("zlib: cannot initialise inflate");
  }
  ~GzipSource() override { inflateEnd(&z_); }
  GzipSource(const GzipSource&) = delete;
  GzipSource& operator=(const GzipSource&) = delete;

  size_t read(char* buffer, size_t capacity) override {
    z_.next_out = reinterpret_cast<Bytef*>(buffer);
    // zlib counts in uInt; never ask for more than it can express.
    z_.avail_out = static_cast<uInt>(std::min<size_t>(capacity, 1u << 30));
    const uInt asked = z_.avail_out;
    while (z_.avail_out > 0 && !finished_) {
      if (z_.avail_in == 0) {
        const size_t n = inner_->read(reinterpret_cast<char*>(in_.data()), in_.size());
        if (n == 0) {
          if (member_started_)
            throw Error("'" + inner_->name() + "': gzip stream is truncated (ends inside a member, "
                        "after " + std::to_string(out_total_) + " decompressed bytes)");
          finished_ = true;
          break;
        }
        z_.next_in = in_.data();
        z_.avail_in = static_cast<uInt>(n);
      }
      member_started_ = true;
      const int rc = inflate(&z_, Z_NO_FLUSH);
      if (rc == Z_STREAM_END) {
        // Concatenated gzip members are legal (gzip -c a b); continue with the next one.
        member_started_ = false;
        if (inflateReset(&z_) != Z_OK) throw Error("zlib: cannot reset inflate");
      } else if (rc != Z_OK && rc != Z_BUF_ERROR) {
        throw Error("'" + inner_->name() + "': corrupt gzip data near compressed byte " +
                    std::to_string(inner_->stored_position() - z_.avail_in) + ": " +
                    (z_.msg ? z_.msg : "inflate failed"));
      }
    }
    const size_t produced = asked - z_.avail_out;
    out_total_ += produced;
    check_expansion(*inner_, out_total_, "gzip");
    return produced;
  }
  std::optional<uint64_t> size() const override { return std::nullopt; }
  uint64_t stored_position() const override { return inner_->stored_position(); }
  uint64_t stored_size() const override { return inner_->stored_size(); }
  const std::string& name() const override { return inner_->name(); }
  Compression compression() const override { return Compression::kGzip; }

 private:
  std::unique_ptr<ByteSource> inner_;
  std::vector<unsigned char> in_;
  z_stream z_;
  bool member_started_ = false;
  bool finished_ = false;
  uint64_t out_total_ = 0;
};

}  // namespace

std::unique_ptr<ByteSource> gzip_source(std::unique_ptr<ByteSource> compressed) {
  return std::make_unique<GzipSource>(std::move(compressed));
}

}  // namespace heapsnap::io

// Deflating into a gzip file (one member), streaming through one output buffer.
#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "file_sinks.h"

namespace heapsnap::io {
namespace {

class GzipSink final : public ByteSink {
 public:
  GzipSink(FileWriter file, int level) : file_(std::move(file)), out_(kSinkBufferBytes) {
    std::memset(&z_, 0, sizeof z_);
    // 16 + MAX_WBITS: write a gzip header and trailer (not raw zlib); memLevel 8 is zlib's default.
    if (deflateInit2(&z_, level, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY) != Z_OK)
      file_.fail("zlib: cannot initialise deflate");
  }
  ~GzipSink() override { deflateEnd(&z_); }
  GzipSink(const GzipSink&) = delete;
  GzipSink& operator=(const GzipSink&) = delete;

  void write(std::string_view bytes) override {
    if (finished_) throw std::logic_error("ByteSink::write after finish");
    bytes_in_ += bytes.size();
    while (!bytes.empty()) {
      // zlib counts in uInt; hand it at most 1 GiB at a time.
      const size_t piece = std::min<size_t>(bytes.size(), 1u << 30);
      z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
      z_.avail_in = static_cast<uInt>(piece);
      deflate_all(Z_NO_FLUSH);
      bytes.remove_prefix(piece);
    }
  }
  void finish() override {
    if (finished_) throw std::logic_error("ByteSink::finish called twice");
    finished_ = true;
    deflate_all(Z_FINISH);
    file_.close();
  }
  uint64_t bytes_in() const override { return bytes_in_; }

 private:
  // Deflates until all input is taken (Z_NO_FLUSH) or the member is complete (Z_FINISH), writing
  // each buffer of output to the file.
  void deflate_all(int flush) {
    for (;;) {
      z_.next_out = out_.data();
      z_.avail_out = static_cast<uInt>(out_.size());
      const int rc = deflate(&z_, flush);
      // Z_BUF_ERROR only says no progress was possible; Z_STREAM_ERROR is a broken state.
      if (rc == Z_STREAM_ERROR) file_.fail(std::string("gzip compression failed: ") +
                                           (z_.msg ? z_.msg : "zlib stream error"));
      file_.write(reinterpret_cast<const char*>(out_.data()), out_.size() - z_.avail_out);
      if (flush == Z_FINISH ? rc == Z_STREAM_END : z_.avail_in == 0 && z_.avail_out > 0) return;
    }
  }

  FileWriter file_;
  std::vector<unsigned char> out_;
  z_stream z_;
  uint64_t bytes_in_ = 0;
  bool finished_ = false;
};

}  // namespace

std::unique_ptr<ByteSink> gzip_sink(FileWriter file, int level) {
  return std::make_unique<GzipSink>(std::move(file), level);
}

}  // namespace heapsnap::io

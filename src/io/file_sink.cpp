// Writing a file, plain or compressed: FileWriter, the plain sink, and open_file_sink().
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <vector>

#include "file_sinks.h"
#include "heapsnap/util/error.h"

namespace heapsnap::io {

FileWriter::FileWriter(std::string path) : path_(std::move(path)) {
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd_ < 0) fail(std::string("cannot create: ") + std::strerror(errno));
}

FileWriter::~FileWriter() {
  if (fd_ >= 0) ::close(fd_);
}

FileWriter::FileWriter(FileWriter&& other) noexcept : fd_(other.fd_), path_(std::move(other.path_)) {
  other.fd_ = -1;
}

void FileWriter::write(const char* data, size_t size) {
  if (fd_ < 0) throw std::logic_error("FileWriter::write after close");
  while (size > 0) {
    const ssize_t n = ::write(fd_, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail(std::string("write failed: ") + std::strerror(errno));
    }
    data += n;
    size -= static_cast<size_t>(n);
  }
}

void FileWriter::close() {
  const int fd = fd_;
  fd_ = -1;
  // close(2) may report a deferred write error (NFS, quotas); it must not be retried on EINTR.
  if (::close(fd) != 0 && errno != EINTR) fail(std::string("close failed: ") + std::strerror(errno));
}

void FileWriter::fail(const std::string& why) const { throw Error("'" + path_ + "': " + why); }

namespace {

// No compression: bytes are gathered into a buffer and written a megabyte at a time, so many
// small writes do not each cost a system call.
class PlainSink final : public ByteSink {
 public:
  explicit PlainSink(FileWriter file) : file_(std::move(file)) { buffer_.reserve(kSinkBufferBytes); }

  void write(std::string_view bytes) override {
    if (finished_) throw std::logic_error("ByteSink::write after finish");
    bytes_in_ += bytes.size();
    if (buffer_.size() + bytes.size() > kSinkBufferBytes) {
      flush();
      if (bytes.size() >= kSinkBufferBytes) {
        file_.write(bytes.data(), bytes.size());
        return;
      }
    }
    buffer_.insert(buffer_.end(), bytes.begin(), bytes.end());
  }
  void finish() override {
    if (finished_) throw std::logic_error("ByteSink::finish called twice");
    finished_ = true;
    flush();
    file_.close();
  }
  uint64_t bytes_in() const override { return bytes_in_; }

 private:
  void flush() {
    file_.write(buffer_.data(), buffer_.size());
    buffer_.clear();
  }

  FileWriter file_;
  std::vector<char> buffer_;
  uint64_t bytes_in_ = 0;
  bool finished_ = false;
};

}  // namespace

// Levels, measured on Node 20 snapshots from testdata/scenarios (7.1 MB and 4.4 MB of text;
// user CPU for the 7.1 MB one, sizes for both):
//   gzip 6   0.25 s  1.39 MB  0.92 MB   (gzip 1: 0.07 s, 1.68 MB; gzip's default, kept)
//   zstd 1   0.04 s  1.26 MB  0.87 MB   (zstd 3: 0.08 s, 1.36 MB, 0.90 MB: slower *and* larger
//                                        on snapshot text; so also on a 64 MB synthetic one)
//   xz 1     0.53 s  1.02 MB  0.70 MB   (xz 3: 3.1 s, 1.01 MB; xz 6, its default: 4.4 s,
//                                        0.80 MB, 0.54 MB, and 80 MB of encoder memory)
// zstd is the one to choose for capture: as fast as writing plain text and smaller than gzip.
std::unique_ptr<ByteSink> open_file_sink(const std::string& path, Compression compression) {
  FileWriter file(path);
  switch (compression) {
    case Compression::kNone: return std::make_unique<PlainSink>(std::move(file));
    case Compression::kGzip: return gzip_sink(std::move(file), 6);
    case Compression::kZstd: return zstd_sink(std::move(file), 1);
    case Compression::kXz: return xz_sink(std::move(file), 1);
  }
  throw std::logic_error("open_file_sink: unknown compression");
}

}  // namespace heapsnap::io

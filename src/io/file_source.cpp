#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "heapsnap/io/byte_source.h"
#include "heapsnap/util/error.h"

namespace heapsnap::io {
namespace {

class FileSource final : public ByteSource {
 public:
  FileSource(int fd, uint64_t size, std::string path) : fd_(fd), size_(size), path_(std::move(path)) {
    // The loader reads front to back once; tell the kernel to read ahead aggressively.
    ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
  }
  ~FileSource() override { ::close(fd_); }
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;

  size_t read(char* buffer, size_t capacity) override {
    size_t total = 0;
    while (total < capacity) {
      const ssize_t n = ::read(fd_, buffer + total, capacity - total);
      if (n < 0) {
        if (errno == EINTR) continue;
        throw Error("'" + path_ + "': read failed at byte " + std::to_string(position_ + total) +
                    ": " + std::strerror(errno));
      }
      if (n == 0) break;
      total += static_cast<size_t>(n);
    }
    position_ += total;
    return total;
  }
  std::optional<uint64_t> size() const override { return size_; }
  uint64_t stored_position() const override { return position_; }
  uint64_t stored_size() const override { return size_; }
  const std::string& name() const override { return path_; }
  std::unique_ptr<ByteSource> open_at(uint64_t offset) const override {
    const int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw Error("'" + path_ + "': cannot open again: " + std::strerror(errno));
    if (::lseek(fd, static_cast<off_t>(offset), SEEK_SET) < 0) {
      ::close(fd);
      throw Error("'" + path_ + "': cannot seek to byte " + std::to_string(offset));
    }
    auto source = std::make_unique<FileSource>(fd, size_, path_);
    source->position_ = offset;
    return source;
  }

 private:
  int fd_;
  uint64_t size_;
  uint64_t position_ = 0;
  std::string path_;
};

}  // namespace

std::unique_ptr<ByteSource> file_source(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw Error("'" + path + "': cannot open: " + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    const bool is_dir = S_ISDIR(st.st_mode);
    ::close(fd);
    throw Error("'" + path + "': " + (is_dir ? "is a directory" : "not a regular file"));
  }
  return std::make_unique<FileSource>(fd, static_cast<uint64_t>(st.st_size), path);
}

}  // namespace heapsnap::io

// Reading a snapshot file: pread(2) through the page cache where the file is cached, and direct
// I/O (O_DIRECT) for the parts that are not.
//
// Why direct I/O: a snapshot read through the page cache is copied into fresh page-cache pages
// first. On the virtual machines heapsnap is measured on, fresh pages are expensive (the guest
// hands free memory back to the host, and DAMON evicts page cache that has not been used for
// 30 s), so reading a 1.7 GB snapshot that is not cached cost ~3 s of system time through the
// page cache and ~0.1 s with O_DIRECT, which moves the bytes from the device straight into the
// reader's buffer (bench/README.md has the measurements). A file that is already cached is read
// through the cache as before. Each read asks the kernel how much of its range is cached
// (cachestat(2), Linux 6.5); without that call, or where the file system refuses O_DIRECT, every
// read goes through the page cache. HEAPSNAP_NO_DIRECT_IO=1 turns direct reads off.
//
// Direct reads need the buffer, the file offset and the length aligned to the device's block
// size (kDirectAlign covers every common one). The JsonTextReader's chunk buffers are
// page-aligned and 8 MiB long; a source that starts at an unaligned offset (ByteSource::open_at,
// the first bytes read to sniff compression) reads through the cache up to the next aligned
// offset first.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>

#include "heapsnap/io/byte_source.h"
#include "heapsnap/util/env_switch.h"
#include "heapsnap/util/error.h"

namespace heapsnap::io {
namespace {

constexpr uint64_t kDirectAlign = 4096;

// cachestat(2) (Linux 6.5); the kernel headers of older distributions lack its number and types.
struct CachestatRange {
  uint64_t off;
  uint64_t len;
};
struct Cachestat {
  uint64_t nr_cache;
  uint64_t nr_dirty;
  uint64_t nr_writeback;
  uint64_t nr_evicted;
  uint64_t nr_recently_evicted;
};
constexpr long kCachestatSyscall = 451;  // the same number on every architecture

// Pages of [offset, offset + length) in the page cache, or -1 when the kernel cannot tell.
int64_t cached_pages(int fd, uint64_t offset, uint64_t length) {
  CachestatRange range{offset, length};
  Cachestat stat{};
  if (::syscall(kCachestatSyscall, fd, &range, &stat, 0) != 0) return -1;
  return static_cast<int64_t>(stat.nr_cache);
}

class FileSource final : public ByteSource {
 public:
  FileSource(int fd, uint64_t size, std::string path) : fd_(fd), size_(size), path_(std::move(path)) {
    // The loader reads front to back once; tell the kernel to read ahead aggressively.
    ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
    static const bool direct_io_wanted = !switched_off("HEAPSNAP_NO_DIRECT_IO");
    if (direct_io_wanted) direct_fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC | O_DIRECT);
  }
  ~FileSource() override {
    ::close(fd_);
    if (direct_fd_ >= 0) ::close(direct_fd_);
  }
  FileSource(const FileSource&) = delete;
  FileSource& operator=(const FileSource&) = delete;

  size_t read(char* buffer, size_t capacity) override {
    if (direct_fd_ >= 0 && capacity > 0) {
      const uint64_t misalign = position_ % kDirectAlign;
      if (misalign != 0) {
        // Through the cache up to the next aligned offset; direct reads can follow from there.
        capacity = static_cast<size_t>(std::min<uint64_t>(capacity, kDirectAlign - misalign));
      } else if (reinterpret_cast<uintptr_t>(buffer) % kDirectAlign == 0 &&
                 capacity >= kDirectAlign && !mostly_cached(capacity)) {
        const size_t length = capacity - capacity % kDirectAlign;
        const ssize_t n = pread_retrying(direct_fd_, buffer, length, position_);
        if (n >= 0) {
          position_ += static_cast<uint64_t>(n);
          return static_cast<size_t>(n);
        }
        // Refused (e.g. EINVAL: this file system or device wants another alignment).
        stop_direct_reads();
      }
    }
    return read_cached(buffer, capacity);
  }
  std::optional<uint64_t> size() const override { return size_; }
  uint64_t stored_position() const override { return position_; }
  uint64_t stored_size() const override { return size_; }
  const std::string& name() const override { return path_; }
  std::unique_ptr<ByteSource> open_at(uint64_t offset) const override {
    const int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) throw Error("'" + path_ + "': cannot open again: " + std::strerror(errno));
    auto source = std::make_unique<FileSource>(fd, size_, path_);
    source->position_ = offset;
    return source;
  }

 private:
  // One pread(2) (short counts are fine: callers read until 0); -1 when the kernel refuses it
  // with EINVAL, which for O_DIRECT means the alignment or the file system does not suit.
  ssize_t pread_retrying(int fd, char* buffer, size_t length, uint64_t offset) const {
    for (;;) {
      const ssize_t n = ::pread(fd, buffer, length, static_cast<off_t>(offset));
      if (n >= 0) return n;
      if (errno == EINTR) continue;
      if (errno == EINVAL && fd == direct_fd_) return -1;
      throw Error("'" + path_ + "': read failed at byte " + std::to_string(offset) + ": " +
                  std::strerror(errno));
    }
  }

  size_t read_cached(char* buffer, size_t capacity) {
    size_t total = 0;
    while (total < capacity) {
      const ssize_t n = pread_retrying(fd_, buffer + total, capacity - total, position_ + total);
      if (n == 0) break;
      total += static_cast<size_t>(n);
    }
    position_ += total;
    return total;
  }

  // Whether at least 7/8 of the next `length` bytes are in the page cache. Without cachestat(2)
  // the answer is always yes, and direct reads are switched off for good.
  bool mostly_cached(uint64_t length) {
    const uint64_t end = std::min(position_ + length, size_);
    if (end <= position_) return true;
    const int64_t pages = cached_pages(fd_, position_, end - position_);
    if (pages < 0) {
      stop_direct_reads();
      return true;
    }
    const uint64_t total_pages = (end - position_ + kDirectAlign - 1) / kDirectAlign;
    return static_cast<uint64_t>(pages) * 8 >= total_pages * 7;
  }

  // From now on, read through the page cache only.
  void stop_direct_reads() {
    ::close(direct_fd_);
    direct_fd_ = -1;
  }

  int fd_;
  int direct_fd_ = -1;  // the same file opened with O_DIRECT; -1 when unavailable or refused
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

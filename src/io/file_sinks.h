// Inside io: the file every sink writes to, and the compressing sinks open_file_sink() chooses
// from (io/file_sink.cpp, gzip_sink.cpp, zstd_sink.cpp, xz_sink.cpp).
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "heapsnap/io/byte_sink.h"

namespace heapsnap::io {

// Compressed bytes are handed to the file in pieces of this size: big enough that write(2) costs
// nothing next to compressing, small enough to keep a sink's memory bounded.
inline constexpr size_t kSinkBufferBytes = 1 << 20;

// An open file descriptor for writing. write() writes everything (retrying short writes and
// EINTR); close() reports the last error close(2) can give. The destructor closes without
// reporting. Every failure throws heapsnap::Error "'path': <what>: <strerror>".
class FileWriter {
 public:
  explicit FileWriter(std::string path);  // creates or truncates
  ~FileWriter();
  FileWriter(FileWriter&& other) noexcept;
  FileWriter& operator=(FileWriter&&) = delete;
  FileWriter(const FileWriter&) = delete;
  FileWriter& operator=(const FileWriter&) = delete;

  void write(const char* data, size_t size);
  void close();
  // Throws heapsnap::Error("'path': " + why).
  [[noreturn]] void fail(const std::string& why) const;

 private:
  int fd_;
  std::string path_;
};

std::unique_ptr<ByteSink> gzip_sink(FileWriter file, int level);
std::unique_ptr<ByteSink> zstd_sink(FileWriter file, int level);
std::unique_ptr<ByteSink> xz_sink(FileWriter file, uint32_t preset);

}  // namespace heapsnap::io

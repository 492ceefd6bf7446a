// Where snapshot bytes come from. The loader pulls bytes through this interface in bounded
// chunks, so a file is never held whole in memory. Implementations: a file on disk, a gzip
// stream over another source, and a memory buffer (tests, fuzzing).
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace heapsnap::io {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to `capacity` bytes into `buffer`; returns how many, 0 only at the end of input.
  // Throws heapsnap::Error when the input cannot be read (I/O error, corrupt compression).
  virtual size_t read(char* buffer, size_t capacity) = 0;
  // Total number of bytes read() will deliver, when known up front (not for gzip).
  virtual std::optional<uint64_t> size() const = 0;
  // Bytes consumed from the underlying storage so far (for gzip: compressed bytes), for
  // progress reporting against `stored_size()`.
  virtual uint64_t stored_position() const = 0;
  virtual uint64_t stored_size() const = 0;
  // Name for messages: the path, or "<memory>".
  virtual const std::string& name() const = 0;
  // A second, independent source over the same bytes, starting at byte `offset` (lets the loader
  // parse two sections at once). Null when the bytes can only be read once, in order (gzip).
  virtual std::unique_ptr<ByteSource> open_at(uint64_t /*offset*/) const { return nullptr; }
};

// A read-only view of bytes in memory; the caller keeps them alive.
std::unique_ptr<ByteSource> memory_source(std::string_view bytes, std::string name = "<memory>");

// Opens a file for sequential reading with pread(2), never mapping it: parts that are in the page
// cache are read through it, parts that are not with direct I/O where the file system allows
// (io/file_source.cpp explains why). Throws heapsnap::Error if it cannot be opened.
std::unique_ptr<ByteSource> file_source(const std::string& path);

// Inflates a gzip stream (one or more members) read from `compressed`.
std::unique_ptr<ByteSource> gzip_source(std::unique_ptr<ByteSource> compressed);

// Opens `path` and, if its first bytes are the gzip magic (1f 8b), inflates it transparently.
std::unique_ptr<ByteSource> open_input(const std::string& path);
// The same for bytes in memory (the fuzzer's entry point).
std::unique_ptr<ByteSource> open_memory_input(std::string_view bytes, std::string name = "<memory>");

}  // namespace heapsnap::io

// Where snapshot bytes come from. The loader pulls bytes through this interface in bounded
// chunks, so a file is never held whole in memory. Implementations: a file on disk, a memory
// buffer (tests, fuzzing), and gzip, zstd and xz decompressors over another source.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "heapsnap/io/compression.h"

namespace heapsnap::io {

class ByteSource {
 public:
  virtual ~ByteSource() = default;
  // Reads up to `capacity` bytes into `buffer`; returns how many, 0 only at the end of input.
  // Throws heapsnap::Error when the input cannot be read (I/O error, corrupt compression).
  virtual size_t read(char* buffer, size_t capacity) = 0;
  // Total number of bytes read() will deliver, when known up front (not for compressed input).
  virtual std::optional<uint64_t> size() const = 0;
  // Bytes consumed from the underlying storage so far (compressed bytes, if compressed), for
  // progress reporting against `stored_size()`.
  virtual uint64_t stored_position() const = 0;
  virtual uint64_t stored_size() const = 0;
  // Name for messages: the path, or "<memory>".
  virtual const std::string& name() const = 0;
  // A second, independent source over the same bytes, starting at byte `offset` (lets the loader
  // parse two sections at once). Null when the bytes can only be read once, in order (compressed).
  virtual std::unique_ptr<ByteSource> open_at(uint64_t /*offset*/) const { return nullptr; }
  // The compression read() undoes.
  virtual Compression compression() const { return Compression::kNone; }
};

// At most how many bytes a decompressing source delivers from `stored_size` compressed bytes.
// Deflate cannot expand more than 1032:1; zstd and xz can, but no heap snapshot comes near (they
// compress 5-20:1), so their sources refuse to go past this bound with an error, and the loader
// can trust it when sizing what a header announces.
constexpr uint64_t max_decompressed_size(uint64_t stored_size) { return stored_size * 1100 + (1u << 20); }

// A read-only view of bytes in memory; the caller keeps them alive.
std::unique_ptr<ByteSource> memory_source(std::string_view bytes, std::string name = "<memory>");

// Opens a file for sequential reading with pread(2), never mapping it: parts that are in the page
// cache are read through it, parts that are not with direct I/O where the file system allows
// (io/file_source.cpp explains why). Throws heapsnap::Error if it cannot be opened.
std::unique_ptr<ByteSource> file_source(const std::string& path);

// Decompressors over `compressed`. Each reads concatenated members, frames or streams as one,
// and throws heapsnap::Error naming the input, the compressed byte offset and the library's
// reason when the data is corrupt or truncated.
std::unique_ptr<ByteSource> gzip_source(std::unique_ptr<ByteSource> compressed);
std::unique_ptr<ByteSource> zstd_source(std::unique_ptr<ByteSource> compressed);
std::unique_ptr<ByteSource> xz_source(std::unique_ptr<ByteSource> compressed);

// Which compression `bytes` (the first up to kMagicBytes bytes of an input) start with, by magic
// number: gzip 1f 8b, zstd 28 b5 2f fd (or a skippable frame, 5? 2a 4d 18), xz fd 37 7a 58 5a 00.
inline constexpr size_t kMagicBytes = 6;
Compression sniff_compression(std::string_view bytes);

// Opens `path` and, if its first bytes are a gzip, zstd or xz magic number, decompresses it
// transparently.
std::unique_ptr<ByteSource> open_input(const std::string& path);
// The same for bytes in memory (the fuzzer's entry point).
std::unique_ptr<ByteSource> open_memory_input(std::string_view bytes, std::string name = "<memory>");

}  // namespace heapsnap::io

// Where bytes go: a file on disk, optionally compressed with gzip, zstd or xz on the way. The
// writer's counterpart of byte_source.h, which reads all three back. Memory stays bounded: each
// sink streams through one fixed buffer (and the compressor's own state).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "heapsnap/io/compression.h"  // Compression, compression_for_path

namespace heapsnap::io {

// Where bytes go. write() may be called many times with pieces of any size; finish() flushes the
// compressor and the file and closes it (call once; errors throw heapsnap::Error naming the path
// and the errno or library reason). Destroying an unfinished sink closes the file without
// finishing it (the caller deletes the partial file).
class ByteSink {
 public:
  virtual ~ByteSink() = default;
  virtual void write(std::string_view bytes) = 0;
  virtual void finish() = 0;
  // Uncompressed bytes written so far.
  virtual uint64_t bytes_in() const = 0;
};

// Creates or truncates `path` and compresses with `compression` at a fast level (gzip 6, zstd 1,
// xz 1; src/io/file_sink.cpp gives the measurements). Throws heapsnap::Error if the file cannot
// be created.
std::unique_ptr<ByteSink> open_file_sink(const std::string& path, Compression compression);

}  // namespace heapsnap::io

// The compressed formats heapsnap reads (recognised by their magic bytes, io/byte_source.h) and
// writes (chosen by the file name's extension, io/byte_sink.h).
#pragma once

#include <cstdint>
#include <string_view>

namespace heapsnap::io {

enum class Compression : uint8_t { kNone, kGzip, kZstd, kXz };

// By the file name's extension: ".gz" gzip, ".zst" zstd, ".xz" xz, anything else none.
Compression compression_for_path(std::string_view path);

// "none", "gzip", "zstd" or "xz", for messages and reports.
std::string_view compression_name(Compression compression);

}  // namespace heapsnap::io

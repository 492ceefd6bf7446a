#include "heapsnap/io/compression.h"

namespace heapsnap::io {

Compression compression_for_path(std::string_view path) {
  if (path.ends_with(".gz")) return Compression::kGzip;
  if (path.ends_with(".zst")) return Compression::kZstd;
  if (path.ends_with(".xz")) return Compression::kXz;
  return Compression::kNone;
}

std::string_view compression_name(Compression compression) {
  switch (compression) {
    case Compression::kNone: return "none";
    case Compression::kGzip: return "gzip";
    case Compression::kZstd: return "zstd";
    case Compression::kXz: return "xz";
  }
  return "none";
}

}  // namespace heapsnap::io

// Inside io: the decompressing sources' guard against expanding beyond max_decompressed_size().
#pragma once

#include <string>

#include "heapsnap/io/byte_source.h"
#include "heapsnap/util/error.h"

namespace heapsnap::io {

// Throws when `produced` decompressed bytes exceed what `compressed` may expand to.
inline void check_expansion(const ByteSource& compressed, uint64_t produced, const char* format) {
  if (produced <= max_decompressed_size(compressed.stored_size())) [[likely]]
    return;
  throw Error("'" + compressed.name() + "': " + format + " data expands to more than " +
              std::to_string(max_decompressed_size(compressed.stored_size())) + " bytes from " +
              std::to_string(compressed.stored_size()) +
              " (over 1100:1, which no heap snapshot does), near compressed byte " +
              std::to_string(compressed.stored_position()));
}

}  // namespace heapsnap::io

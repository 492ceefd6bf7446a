// Sizes in human units: 1023 B, 1.5 KiB, 12.3 MiB, 4.0 GiB (binary prefixes, like bloaty).
#pragma once

#include <cstdint>
#include <string>

namespace heapsnap {

// "12.3 MiB"; exact bytes below 1 KiB ("812 B").
std::string format_bytes(uint64_t bytes);
// Signed delta with an explicit sign: "+12.3 MiB", "-812 B", "0 B".
std::string format_bytes_delta(int64_t delta);
// Parses "10MB", "10MiB", "512k", "1.5G", "4096" (case-insensitive, binary multiples).
// Throws heapsnap::Error on anything else.
uint64_t parse_bytes(const std::string& text);

}  // namespace heapsnap

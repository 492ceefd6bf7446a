// Durations as people type them on a command line: "10s", "1.5s", "500ms", "2m", "1h".
#pragma once

#include <chrono>
#include <string>

namespace heapsnap {

// "10s", "1.5s", "500ms", "2m" (or "2min"), "1h", or a plain number of seconds; rounded to whole
// milliseconds, at most 10^12 ms. Throws heapsnap::Error naming `flag`: "--interval 'x': expected
// a duration such as 10s, 500ms, 2m or 1h".
std::chrono::milliseconds parse_duration(const std::string& text, const std::string& flag);

}  // namespace heapsnap

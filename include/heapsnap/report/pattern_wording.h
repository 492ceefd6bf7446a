// How `diff` and `gate` word a leak pattern across a series (analysis/pattern_growth.h), so the
// two commands say the same thing the same way.
#pragma once

#include <string>

#include "heapsnap/analysis/pattern_growth.h"

namespace heapsnap::report {

// "12 → 132 → 252"
std::string pattern_counts_text(const analysis::PatternSeries& p);
// "+2.4 MiB retained, +2.4 MiB off-heap" (first to last; the off-heap part when there is one);
// duplicate strings: "+168.0 KiB wasted".
std::string pattern_bytes_text(const analysis::PatternSeries& p);
// Where the pattern's code is: "onConfigUpdate at listener-buffers.js:17:49" ("" when unknown).
std::string pattern_location_text(const analysis::PatternSeries& p);
// One line: "listeners for 'update' on ConfigBus: 12 → 132 → 252 (+2.4 MiB retained, +2.4 MiB
// off-heap), onConfigUpdate at listener-buffers.js:17:49, held by ConfigBus @78003".
std::string pattern_line(const analysis::PatternSeries& p);

}  // namespace heapsnap::report

// Identical string contents held many times.
//
// A flat string node's name is its text, and the snapshot's string table holds each text once,
// so equal texts share a name index: strings are grouped by name index (no hashing of text).
// Only flat `string` nodes count (concatenated and sliced strings are views of others);
// internalized strings are unique by construction. V8 writes at most the first 1024 characters
// of a string's text, so long strings equal in that prefix and of equal size group together.
// One finding per text with at least min_string_copies copies whose copies but one waste at
// least min_wasted_bytes: count = copies, wasted = all copies' bytes minus one copy, retained =
// all copies' shallow bytes, holder = the most common retainer (class and edge) of the copies,
// looking through concatenated and sliced strings that contain a copy.
// Key: "duplicate-strings|<the text, cut to 80 bytes>|<size of one copy>".
#pragma once

#include <vector>

#include "heapsnap/analysis/detectors/detector_input.h"
#include "heapsnap/analysis/detectors/finding.h"

namespace heapsnap::analysis::detectors {

std::vector<Finding> detect_duplicate_strings(const DetectorInput& input,
                                              const DetectorOptions& options);

}  // namespace heapsnap::analysis::detectors

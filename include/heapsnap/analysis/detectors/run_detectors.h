// All leak-pattern detectors in one call, in a fixed order: event listeners, timers, handles,
// collections, closures, off-heap memory, duplicate strings, detached DOM. Each keeps its own
// floors (DetectorOptions) and returns its findings largest first; the result is their
// concatenation in that order. docs/detectors.md describes each detector and its key.
#pragma once

#include <vector>

#include "heapsnap/analysis/detectors/detector_input.h"
#include "heapsnap/analysis/detectors/finding.h"

namespace heapsnap::analysis::detectors {

std::vector<Finding> run_detectors(const DetectorInput& input, const DetectorOptions& options = {});

// Across a series, a pattern needs its figures in every snapshot, also where it is still below
// the floors: a Map of 300 entries that reaches 4,300 later counts 300, not 0. So `diff` runs the
// detectors with every floor divided by `divisor` (counts at least 1) and up to ten times as many
// findings per detector, then marks what stays below the undivided floors (Finding::below_floor).
DetectorOptions series_floors(const DetectorOptions& options, uint32_t divisor = 8);
// Whether a finding's own figures reach `options`' floors: what the detector would have found
// with them. (Every detector applies its floors to the figures its finding reports.)
bool reaches_floors(const Finding& finding, const DetectorOptions& options);

}  // namespace heapsnap::analysis::detectors

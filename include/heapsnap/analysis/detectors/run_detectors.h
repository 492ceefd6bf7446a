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

}  // namespace heapsnap::analysis::detectors

// Active timers: Node's `Timeout` objects (setTimeout / setInterval) and `Immediate` objects
// (setImmediate) that are still armed, grouped by the callback function and kind.
//
// A Timeout is active when its `_destroyed` is not true and its `_onTimeout` is a function; it
// is an interval when `_repeat` is not null (a Smi repeat has no edge at all, a large one is a
// heap number). An Immediate is active when `_destroyed` is not true and `_onImmediate` is a
// function. Bound callbacks (`native_bind`) resolve to their bound_function.
// One finding per (kind, callback function) with at least min_timers timers: count = timers,
// retained = what the timer objects retain (callbacks and what they capture), location = the
// callback's definition.
// Key: "timers|<interval|timeout|immediate>|<function>@<script>:<line>:<col>".
#pragma once

#include <vector>

#include "heapsnap/analysis/detectors/detector_input.h"
#include "heapsnap/analysis/detectors/finding.h"

namespace heapsnap::analysis::detectors {

std::vector<Finding> detect_timers(const DetectorInput& input, const DetectorOptions& options);

}  // namespace heapsnap::analysis::detectors

// Captured variables: what closures' contexts hold, by variable, per owning scope.
//
// A `system / Context` node has one `context` edge per captured variable. A variable's bytes
// are the retained size of its value where the context dominates it (a value also reachable
// otherwise is not freed by clearing the variable, so it counts 0). Contexts are grouped by
// scope: their `scope_info`, whose owning function is the SharedFunctionInfo naming it as
// `name_or_scope_info`; a context whose `previous` is the NativeContext and that has no such
// function is a module scope. The script comes from that function or from a closure created in
// the context.
// One finding per (scope, variable) whose contexts retain at least min_closure_bytes through
// it: count = contexts, retained = the sum, holder = the first context, location = the owning
// function's definition when a closure of it exists.
// Key: "closures|<script>|<scope function or 'module'>|<variable>".
#pragma once

#include <vector>

#include "heapsnap/analysis/detectors/detector_input.h"
#include "heapsnap/analysis/detectors/finding.h"

namespace heapsnap::analysis::detectors {

std::vector<Finding> detect_closures(const DetectorInput& input, const DetectorOptions& options);

}  // namespace heapsnap::analysis::detectors

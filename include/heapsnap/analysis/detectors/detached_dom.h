// Detached DOM trees (Chrome snapshots): native DOM nodes that are no longer in a document but
// still retained, grouped into trees, each with what keeps it alive.
//
// A node is detached when DevTools' propagated DOM state says so (the snapshot's detachedness
// field, propagated as in analysis/class_aggregates.h; without that field, native nodes named
// "Detached ..."). Node's own embedder objects ("Node / BindingData", ...), which Node writes as
// detached, are not DOM and are left out. Detached native nodes linked by non-weak edges form one tree (union-find over
// those edges). The tree's root is the member not dominated by another member (the largest if
// several); what keeps it alive is the root's retainer outside the tree with the smallest
// distance — typically a JS array, a closure's context variable or an event listener.
// One finding per tree with at least min_detached_nodes nodes: count = nodes, retained = the
// tree's retained size, holder = the root.
// Key: "detached-dom|<root class>|<retainer name>|<edge name>".
#pragma once

#include <vector>

#include "heapsnap/analysis/detectors/detector_input.h"
#include "heapsnap/analysis/detectors/finding.h"

namespace heapsnap::analysis::detectors {

std::vector<Finding> detect_detached_dom(const DetectorInput& input,
                                         const DetectorOptions& options);

}  // namespace heapsnap::analysis::detectors

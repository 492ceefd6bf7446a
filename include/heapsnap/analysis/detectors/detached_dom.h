// Detached DOM trees (Chrome snapshots): native DOM nodes that are no longer in a document but
// still retained, grouped into trees, each with what keeps it alive.
//
// A node is detached when the snapshot marks it so (its detachedness field is 2: Blink marks DOM
// nodes; DevTools' propagation, which also marks the nodes' internal structures such as element
// data and styles, is not used, since those are shared and would join unrelated trees); without
// that field, native nodes named "Detached ...". Node's own embedder objects ("Node /
// BindingData", ...), which Node writes as detached, are not DOM and are left out. Detached
// nodes linked by non-weak edges form one tree (union-find over those edges). The tree's root
// is the member not dominated by another member (the largest if several); what keeps it alive
// is the root's retainer outside the tree with the smallest distance: typically a JS array, a
// closure's context variable or an event listener.
// Trees alike — same root class, held by the same kind of retainer through the same edge name
// (rows removed from a table and kept in one array) — make one finding: count = their nodes,
// retained = their retained sizes, holder = the largest root, examples = root ids. Trees of
// fewer than min_detached_nodes nodes are left out. "5 Detached <div class="row"> trees of 20 nodes in all
// (2.1 KiB), held by [0] of Array".
// Key: "detached-dom|<root class>|<retainer name>|<edge name>" (element indices as "[]").
#pragma once

#include <vector>

#include "heapsnap/analysis/detectors/detector_input.h"
#include "heapsnap/analysis/detectors/finding.h"

namespace heapsnap::analysis::detectors {

std::vector<Finding> detect_detached_dom(const DetectorInput& input,
                                         const DetectorOptions& options);

}  // namespace heapsnap::analysis::detectors

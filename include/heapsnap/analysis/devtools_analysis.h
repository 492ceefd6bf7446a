// The whole of Chrome DevTools' heap snapshot computation, with DevTools' results
// (front_end/entrypoints/heap_snapshot_worker/HeapSnapshot.ts, chrome-devtools-frontend
// 1.0.1705227). docs/retained-size.md states the rules and how they are checked.
//
// The pipeline, in DevTools' order:
//   1. detachedness propagation (detachedness.h)      -> renames detached native nodes
//   2. page-owned flags (devtools_edge_rules.h)        -> markPageOwnedNodes
//   3. essential edges (devtools_edge_rules.h)         -> computeIsEssentialEdge
//   4. shallow sizes (shallow_sizes.h)                 -> calculateShallowSizes
//   5. dominators + retained sizes (devtools_retained.h)
//   6. distances (distances.h), class names and aggregates (class_aggregates.h)
// analyze_devtools() runs all of it.
#pragma once

#include <cstdint>

#include "heapsnap/analysis/class_aggregates.h"
#include "heapsnap/analysis/devtools_retained.h"
#include "heapsnap/graph/heap_graph.h"

namespace heapsnap::analysis {

struct DevtoolsAnalysis {
  BigVector<uint8_t> dom_state;  // propagate_detachedness()
  BigVector<uint64_t> shallow;   // compute_shallow_sizes(): DevTools' "Shallow Size"
  DevtoolsRetained retained;     // idom, retained sizes, preorder, total_size
  BigVector<int32_t> distance;   // compute_distances()
  ClassAggregates classes;       // class of each node and per-class rows
};

// The whole DevTools computation, with DevTools' results. The dominator pass runs first, because
// it is the memory peak (compute_dominators' own arrays; the flow graph is a view, not a copy);
// meanwhile a second thread computes what needs only the graph: detachedness, shallow sizes,
// the class of every node and, once the dominator pass has become single-threaded (Steps 2-4),
// distances. Until then the second core is left to the dominator pass's predecessor fill and to
// the background prefaulter, which faults in the pass's arrays ahead of it (that is where the
// pass spends its system time when memory is fresh). Retained sizes and class aggregates
// follow. The results take about 30 bytes per node.
struct DevtoolsAnalysisOptions {
  // The class of every node and the per-class rows (`classes`). Commands that only look at
  // single objects skip them, which saves a pass over the dominator tree and ~12 bytes per node;
  // `classes` is then left empty. Everything else is the same either way.
  bool classes = true;
  // Distances (`distance`, a BFS over every edge). `diff` skips them for all but its last
  // snapshot; `distance` is then left empty and every class's distance is 0.
  bool distances = true;
  // false: `classes` gets the class of every node and the class names, but no counts or sizes;
  // the caller runs aggregate_classes() itself (beside other work on the second core).
  bool aggregate_classes = true;
};
DevtoolsAnalysis analyze_devtools(const graph::HeapGraph& graph,
                                  const DevtoolsAnalysisOptions& options = {});

}  // namespace heapsnap::analysis

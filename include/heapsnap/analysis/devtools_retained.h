// Dominators and retained sizes exactly as Chrome DevTools' heap snapshot worker computes them
// (front_end/entrypoints/heap_snapshot_worker/HeapSnapshot.ts, chrome-devtools-frontend
// 1.0.1705227). docs/retained-size.md states the rules and how they are checked.
//
// The dominator pass is steps 2, 3 and 5 of DevTools' pipeline (devtools_analysis.h); the edge
// rules it applies are in devtools_edge_rules.h.
//
// How DevTools hangs nodes it cannot reach under the root, and how this file reproduces it with
// a plain flow graph (the argument is in docs/retained-size.md):
//   - a node none of whose retaining edges count ("only weak retainers") is started as a new DFS
//     tree under the root: equivalent to a root -> node edge in the flow graph;
//   - nodes still unvisited after that (cycles reachable only through ignored edges) are each
//     given the root as immediate dominator, and their own edges influence nobody's dominator:
//     equivalent to leaving them out of the flow graph and attaching them afterwards.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "heapsnap/analysis/devtools_edge_rules.h"
#include "heapsnap/analysis/dominator_tree.h"
#include "heapsnap/graph/heap_graph.h"

namespace heapsnap::analysis {

// --- The flow graph handed to compute_dominators --------------------------------------------

// Essential edges in the graph's edge order, plus root -> v for every node v (other than the
// root) that has no essential retaining edge, after the root's own edges in ordinal order.
// Not a copy: view() is the heap graph's own CSR arrays with the essential bits as edge mask, so
// the dominator pass needs no second edge array at its memory peak.
class DevtoolsFlowGraph {
 public:
  DevtoolsFlowGraph(const graph::HeapGraph& graph, EssentialEdges essential);
  FlowGraph view() const;
  // The root -> v edges added, in order.
  std::span<const graph::NodeOrdinal> orphans() const { return orphans_; }

 private:
  const graph::HeapGraph& graph_;
  EssentialEdges essential_;
  std::vector<graph::NodeOrdinal> orphans_;
};

// --- Dominators and retained sizes -----------------------------------------------------------

struct DevtoolsRetained {
  // Immediate dominator of every node; idom[root] == root. Every node has one: nodes DevTools
  // cannot reach are hung under the root.
  BigVector<graph::NodeOrdinal> idom;
  // Shallow size of the node plus the retained sizes of the nodes it immediately dominates.
  BigVector<uint64_t> retained;
  // Every node, each after its immediate dominator (root first): the flow graph's DFS preorder,
  // then the unreachable nodes in ordinal order. Reverse it for bottom-up passes.
  BigVector<graph::NodeOrdinal> preorder;
  uint32_t orphan_count = 0;       // nodes with only ignored retainers (DFS started under root)
  uint32_t unreachable_count = 0;  // nodes attached to the root one by one afterwards
  // DevTools' totalSize: retained[root] + snapshot.extra_native_bytes.
  uint64_t total_size = 0;
};

// Runs steps 2, 3 and 5 of the pipeline on `shallow_sizes` (compute_shallow_sizes(), or raw
// self sizes for a "raw" mode). Temporaries (flags, edge bits, the flow graph) are freed before
// returning. The same as compute_devtools_dominators() followed by sum_retained_sizes().
DevtoolsRetained compute_devtools_retained(const graph::HeapGraph& graph,
                                           std::span<const uint64_t> shallow_sizes);

// The two halves of compute_devtools_retained(), for callers that want the dominator pass (the
// memory peak) to run before other per-node arrays exist: the first fills idom, preorder and
// the counts; the second fills retained and total_size. `hooks` go to compute_dominators().
DevtoolsRetained compute_devtools_dominators(const graph::HeapGraph& graph,
                                             const DominatorPassHooks& hooks = {});
void sum_retained_sizes(const graph::HeapGraph& graph, std::span<const uint64_t> shallow_sizes,
                        DevtoolsRetained& result);

}  // namespace heapsnap::analysis

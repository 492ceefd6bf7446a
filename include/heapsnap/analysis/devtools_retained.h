// Dominators and retained sizes exactly as Chrome DevTools' heap snapshot worker computes them
// (front_end/entrypoints/heap_snapshot_worker/HeapSnapshot.ts, chrome-devtools-frontend
// 1.0.1705227). docs/retained-size.md states the rules and how they are checked.
//
// The pipeline, in DevTools' order:
//   1. detachedness propagation (class_aggregates.h)  -> renames detached native nodes
//   2. page-owned flags (mark_page_owned)              -> markPageOwnedNodes
//   3. essential edges (EssentialEdges)                -> computeIsEssentialEdge
//   4. shallow sizes (shallow_sizes.h)                 -> calculateShallowSizes
//   5. dominators + retained sizes (compute_devtools_retained)
//   6. distances (distances.h), class names and aggregates (class_aggregates.h)
// analyze_devtools() runs all of it.
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
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "heapsnap/analysis/class_aggregates.h"
#include "heapsnap/analysis/distances.h"
#include "heapsnap/analysis/dominator_tree.h"
#include "heapsnap/analysis/shallow_sizes.h"
#include "heapsnap/graph/heap_graph.h"

namespace heapsnap::analysis {

// --- WeakMap ephemeron edge names ------------------------------------------------------------

// V8 names the two internal edges that hold a WeakMap value
//   "<n> / part of key (<key name> @<key id>) -> value (<value name> @<value id>) pair in WeakMap
//    (table @<table id>)"
// once from the table and once from the key. DevTools matches them with the regular expression
//   ^\d+( \/ part of key \(.*? @\d+\) -> value \(.*? @\d+\) pair in WeakMap \(table @(\d+)\))$
// (`.` excludes line terminators). This is that match without a regex engine.
struct WeakMapEdgeName {
  std::string_view pair_part;  // everything after the leading digits (same for both edges)
  uint64_t table_id;           // saturates at UINT64_MAX for absurdly long digit runs
};
std::optional<WeakMapEdgeName> parse_weakmap_edge_name(std::string_view name);

// --- Page-owned nodes (markPageOwnedNodes) ---------------------------------------------------

// 1 for nodes reachable over non-weak edges from the targets of the root's shortcut edges and of
// the root's element edges to the synthetic "(Document DOM trees)" node; 0 elsewhere.
BigVector<uint8_t> mark_page_owned(const graph::HeapGraph& graph);

// --- Essential edges (computeIsEssentialEdge) ------------------------------------------------

// Which edges count for dominators. Edge e from node u to v is ignored when
//   - it is an internal WeakMap ephemeron edge whose table id is u's id, or
//   - it is weak, or
//   - u == v, or
//   - u is not the root and the edge is a shortcut, or v is page-owned and u is not.
class EssentialEdges {
 public:
  // Computes one bit per edge. `page_owned` comes from mark_page_owned().
  EssentialEdges(const graph::HeapGraph& graph, std::span<const uint8_t> page_owned);

  bool is_essential(graph::EdgeIndex e) const { return bits_.test(e); }
  // Bit e % 64 of word e / 64 is edge e's.
  std::span<const uint64_t> words() const { return bits_.words(); }
  // The rule itself, for one edge out of `source` (what the constructor stores per edge).
  static bool compute(const graph::HeapGraph& graph, std::span<const uint8_t> page_owned,
                      graph::NodeOrdinal source, graph::EdgeIndex e);
  uint64_t essential_count() const { return essential_count_; }
  // Whether some essential edge points at node v (found in the same pass).
  bool has_essential_retainer(graph::NodeOrdinal v) const { return retained_.test(v); }

 private:
  class BitSet {
   public:
    explicit BitSet(uint64_t size) : words_((size + 63) / 64, 0) {}
    void set(uint64_t i) { words_[i >> 6] |= uint64_t{1} << (i & 63); }
    bool test(uint64_t i) const { return (words_[i >> 6] >> (i & 63)) & 1; }
    std::span<const uint64_t> words() const { return words_; }

   private:
    std::vector<uint64_t> words_;
  };
  BitSet bits_;      // per edge
  BitSet retained_;  // per node: some essential edge points at it
  uint64_t essential_count_ = 0;
};

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

// Runs steps 2, 3 and 5 above on `shallow_sizes` (compute_shallow_sizes(), or raw self sizes for
// a "raw" mode). Temporaries (flags, edge bits, the flow graph) are freed before returning.
// The same as compute_devtools_dominators() followed by sum_retained_sizes().
DevtoolsRetained compute_devtools_retained(const graph::HeapGraph& graph,
                                           std::span<const uint64_t> shallow_sizes);

// The two halves of compute_devtools_retained(), for callers that want the dominator pass (the
// memory peak) to run before other per-node arrays exist: the first fills idom, preorder and
// the counts; the second fills retained and total_size. `hooks` go to compute_dominators().
DevtoolsRetained compute_devtools_dominators(const graph::HeapGraph& graph,
                                             const DominatorPassHooks& hooks = {});
void sum_retained_sizes(const graph::HeapGraph& graph, std::span<const uint64_t> shallow_sizes,
                        DevtoolsRetained& result);

// Children of each node in the dominator tree (CSR, count-then-fill), in ascending ordinal
// order. Built on demand: 4 bytes per node plus 4 per node for the offsets.
class DominatorChildren {
 public:
  DominatorChildren(std::span<const graph::NodeOrdinal> idom, graph::NodeOrdinal root);
  std::span<const graph::NodeOrdinal> of(graph::NodeOrdinal n) const {
    return std::span<const graph::NodeOrdinal>(children_).subspan(first_[n],
                                                                  first_[n + 1] - first_[n]);
  }
  uint32_t count(graph::NodeOrdinal n) const { return first_[n + 1] - first_[n]; }

 private:
  BigVector<uint32_t> first_;  // node_count + 1
  BigVector<graph::NodeOrdinal> children_;
};

// --- Everything at once ----------------------------------------------------------------------

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
};
DevtoolsAnalysis analyze_devtools(const graph::HeapGraph& graph,
                                  const DevtoolsAnalysisOptions& options = {});

}  // namespace heapsnap::analysis

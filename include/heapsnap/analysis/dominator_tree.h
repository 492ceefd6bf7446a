// Immediate dominators of a flow graph given in CSR form, and retained sizes from them.
//
// Algorithm: Lengauer and Tarjan, "A Fast Algorithm for Finding Dominators in a Flowgraph",
// ACM TOPLAS 1(1), 1979, with the "simple" EVAL/LINK (path compression without balancing):
// O(E log V) worst case, fastest in practice on heap graphs. Every traversal is iterative, so a
// 10^6-node chain cannot overflow the stack.
//
// This file knows nothing about V8: the caller decides which edges count (see
// devtools_dominators.h for Chrome DevTools' rules) and passes only those.
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "heapsnap/graph/ids.h"
#include "heapsnap/util/huge_page_allocator.h"

namespace heapsnap::analysis {

using graph::NodeOrdinal;

// A directed graph over nodes 0..node_count-1: successors of n are
// targets[offsets[n] .. offsets[n + 1]]. offsets has node_count + 1 entries.
// Two optional parts let a caller pass a heap graph's own CSR arrays instead of a filtered copy
// (which would cost 8 bytes per node and 4 per edge at the memory peak):
//  - edge_mask: when non-empty, edge e counts only if bit e % 64 of edge_mask[e / 64] is set;
//  - extra_root_targets: further successors of the root, after its own edges.
struct FlowGraph {
  std::span<const uint64_t> offsets;
  std::span<const NodeOrdinal> targets;
  NodeOrdinal root = 0;
  std::span<const uint64_t> edge_mask;
  std::span<const NodeOrdinal> extra_root_targets;

  uint32_t node_count() const { return static_cast<uint32_t>(offsets.size() - 1); }
  // Successor positions of n run from offsets[n] to position_end(n); the positions from
  // offsets[n + 1] on (the root's only) stand for extra_root_targets.
  uint64_t position_end(NodeOrdinal n) const {
    return offsets[n + 1] + (n == root ? extra_root_targets.size() : 0);
  }
  // The successor of n at position p, or graph::kNoNode when that edge is masked out.
  NodeOrdinal successor(NodeOrdinal n, uint64_t p) const {
    if (p >= offsets[n + 1]) [[unlikely]] return extra_root_targets[p - offsets[n + 1]];
    if (!edge_mask.empty() && ((edge_mask[p >> 6] >> (p & 63)) & 1) == 0) return graph::kNoNode;
    return targets[p];
  }
};

struct DominatorTree {
  // idom[n]: immediate dominator of n; idom[root] == root; graph::kNoNode when n is unreachable.
  BigVector<NodeOrdinal> idom;
  // Reachable nodes in DFS preorder from the root (root first). Every node comes after its
  // immediate dominator, so a reverse walk visits children before parents.
  BigVector<NodeOrdinal> preorder;
};

// Optional calls from compute_dominators() into its caller.
struct DominatorPassHooks {
  // Called at most once, on the calling thread, when the pass starts its single-threaded Steps
  // 2 to 4 (after the two-thread predecessor fill): from then on it leaves a second core idle,
  // and a caller can start work for that core. Not called for an empty graph or on error.
  std::function<void()> single_threaded_from_here;
};

// Computes immediate dominators of every node reachable from flow.root.
// Every target must be < node_count(), root < node_count() and a non-empty edge_mask must have a
// bit per target (else std::invalid_argument); an
// empty graph (offsets of size 0 or 1) gives an empty tree. Self loops, duplicate edges and edges
// into the root are allowed and change nothing.
// Memory: peaks at about 28 bytes per node plus 4 per edge out of reachable nodes; what stays is
// the result, 4 bytes per node (idom) plus 4 per reachable node (preorder). docs/dominators.md
// has the breakdown and a measurement.
DominatorTree compute_dominators(const FlowGraph& flow, const DominatorPassHooks& hooks = {});

// compute_dominators() keeps the predecessor lists' offsets in 32 bits when the graph has fewer
// than 2^32 edges, and in 64 bits otherwise. This runs the 64-bit version on any graph, so tests
// can check it without building a graph of 2^32 edges.
DominatorTree compute_dominators_with_64bit_offsets(const FlowGraph& flow);

// Debug check of a tree against its flow graph, in O(N + E) (LLVM's "Basic" level): the shape
// (root, reachability, preorder order, idom before node) and the parent property, i.e. for every
// edge u -> v out of a reachable u, idom(v) is an ancestor-or-self of u in the tree. The parent
// property proves every claimed idom is a dominator, not that it is the nearest one; exactness is
// what tests/unit/analysis checks against a naive data-flow solver. Returns "" when the tree
// passes, otherwise a one-line description of the first violation found.
std::string verify_dominators(const FlowGraph& flow, const DominatorTree& tree);

// Retained size of every node: its self size plus the retained sizes of the nodes it immediately
// dominates. Unreachable nodes get their self size alone.
BigVector<uint64_t> retained_sizes(const DominatorTree& tree, std::span<const uint64_t> self_sizes);

}  // namespace heapsnap::analysis

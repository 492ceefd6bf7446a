// Reverse edges ("retainers"): for each node, the edges that point at it and their sources.
// Built on demand from a HeapGraph by count-then-fill (two passes, no per-node containers), the
// way DevTools builds firstRetainerIndex/retainingNodes/retainingEdges.
//
// 8 bytes per edge plus 8 per node: each retainer keeps its source and the edge's position
// among the source's own edges (V8 counts a node's edges in 32 bits), and the edge index is
// the source's first edge plus that position. The object refers to the graph's first-edge
// offsets: it must not outlive the graph's edges.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "heapsnap/graph/heap_graph.h"

namespace heapsnap::graph {

class Retainers {
 public:
  explicit Retainers(const HeapGraph& graph);

  // Retainers of n are positions first(n) .. first(n + 1) of edges() and sources(), ascending by
  // source ordinal, then edge index.
  uint64_t first(NodeOrdinal n) const { return first_[n]; }
  uint64_t end(NodeOrdinal n) const { return first_[n + 1]; }
  // The edge (index into the graph's edges) and its source node.
  EdgeIndex edge(uint64_t i) const { return first_edge_[source_[i]] + edge_offset_[i]; }
  NodeOrdinal source(uint64_t i) const { return source_[i]; }
  uint32_t count(NodeOrdinal n) const { return static_cast<uint32_t>(first_[n + 1] - first_[n]); }

 private:
  std::span<const EdgeIndex> first_edge_;  // the graph's
  BigVector<uint64_t> first_;              // node_count + 1
  BigVector<uint32_t> edge_offset_;        // edge index - first_edge(source)
  BigVector<NodeOrdinal> source_;
};

}  // namespace heapsnap::graph

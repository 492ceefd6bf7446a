// Reverse edges ("retainers"): for each node, the edges that point at it and their sources.
// Built on demand from a HeapGraph by count-then-fill (two passes, no per-node containers), the
// way DevTools builds firstRetainerIndex/retainingNodes/retainingEdges.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "heapsnap/graph/heap_graph.h"

namespace heapsnap::graph {

class Retainers {
 public:
  explicit Retainers(const HeapGraph& graph);

  // Retainers of n are positions first(n) .. first(n + 1) of edges() and sources().
  uint64_t first(NodeOrdinal n) const { return first_[n]; }
  uint64_t end(NodeOrdinal n) const { return first_[n + 1]; }
  // The edge (index into the graph's edges) and its source node.
  EdgeIndex edge(uint64_t i) const { return edge_[i]; }
  NodeOrdinal source(uint64_t i) const { return source_[i]; }
  uint32_t count(NodeOrdinal n) const { return static_cast<uint32_t>(first_[n + 1] - first_[n]); }

 private:
  BigVector<uint64_t> first_;  // node_count + 1
  BigVector<EdgeIndex> edge_;
  BigVector<NodeOrdinal> source_;
};

}  // namespace heapsnap::graph

// The dominator tree read downwards: the children of each node, from an immediate-dominator
// array (DevtoolsRetained::idom, DominatorTree::idom).
#pragma once

#include <cstdint>
#include <span>

#include "heapsnap/graph/heap_graph.h"

namespace heapsnap::analysis {

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

}  // namespace heapsnap::analysis

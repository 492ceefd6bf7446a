// Lookup from V8 object id to node ordinal, built on demand (8 bytes per node).
#pragma once

#include <optional>
#include <vector>

#include "heapsnap/graph/heap_graph.h"

namespace heapsnap::graph {

class IdIndex {
 public:
  explicit IdIndex(const HeapGraph& graph);
  // The node with this id, if any. When a (malformed) snapshot repeats an id, the first node
  // in snapshot order wins.
  std::optional<NodeOrdinal> find(NodeId id) const;

 private:
  std::vector<NodeId> ids_;            // sorted
  std::vector<NodeOrdinal> ordinals_;  // parallel to ids_
};

}  // namespace heapsnap::graph

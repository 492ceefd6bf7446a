// Count and total self size of the nodes of each node type (hidden, array, string, object, ...).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "heapsnap/graph/heap_graph.h"

namespace heapsnap::analysis {

struct TypeStat {
  std::string type;  // as the snapshot's meta names it
  uint64_t count = 0;
  uint64_t self_size = 0;
};

// One row per type in meta.node_types order, including types with no nodes.
std::vector<TypeStat> node_type_stats(const graph::HeapGraph& graph);

}  // namespace heapsnap::analysis

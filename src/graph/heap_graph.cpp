#include "heapsnap/graph/heap_graph.h"

#include <algorithm>

namespace heapsnap::graph {

uint64_t HeapGraph::self_size_overflow(NodeOrdinal n) const {
  const auto it = std::lower_bound(big_self_sizes_.begin(), big_self_sizes_.end(), n,
                                   [](const auto& entry, NodeOrdinal key) { return entry.first < key; });
  return it != big_self_sizes_.end() && it->first == n ? it->second : kSelfSizeOverflow;
}

std::string HeapGraph::edge_label(EdgeIndex e) const {
  if (edge_name_is_index(edge_kind(e))) return std::to_string(edge_name_[e]);
  return std::string(strings_.get(edge_name_index(e)));
}

}  // namespace heapsnap::graph

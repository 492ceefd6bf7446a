#include "heapsnap/graph/id_index.h"

#include <algorithm>
#include <numeric>

namespace heapsnap::graph {

IdIndex::IdIndex(const HeapGraph& g) {
  const uint32_t n = g.node_count();
  ordinals_.resize(n);
  std::iota(ordinals_.begin(), ordinals_.end(), 0u);
  // V8 writes ids almost sorted; a stable sort keeps the first of any duplicates in front.
  std::stable_sort(ordinals_.begin(), ordinals_.end(),
                   [&](NodeOrdinal a, NodeOrdinal b) { return g.node_id(a) < g.node_id(b); });
  ids_.resize(n);
  for (uint32_t i = 0; i < n; ++i) ids_[i] = g.node_id(ordinals_[i]);
}

std::optional<NodeOrdinal> IdIndex::find(NodeId id) const {
  const auto it = std::lower_bound(ids_.begin(), ids_.end(), id);
  if (it == ids_.end() || *it != id) return std::nullopt;
  return ordinals_[static_cast<size_t>(it - ids_.begin())];
}

}  // namespace heapsnap::graph

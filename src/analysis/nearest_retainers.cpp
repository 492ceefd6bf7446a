#include "heapsnap/analysis/nearest_retainers.h"

#include "heapsnap/analysis/distances.h"
#include "heapsnap/util/page_prefaulter.h"

namespace heapsnap::analysis {

using graph::EdgeIndex;
using graph::EdgeKind;
using graph::kNoNode;
using graph::NodeOrdinal;

NearestRetainers::NearestRetainers(const graph::HeapGraph& g, std::span<const int32_t> distance)
    : graph_(g),
      distance_(distance),
      source_(prefaulted_vector<NodeOrdinal>(g.node_count(), kNoNode)),
      edge_offset_(prefaulted_vector<uint32_t>(g.node_count())) {
  // Sources in ordinal order, so a later source replaces the current one only when strictly
  // nearer: ties keep the first in retainer order. An edge offset is written with every source.
  const uint32_t n = g.node_count();
  const auto targets = g.edge_targets();
  const bool have_distances = !distance.empty();
  for (NodeOrdinal u = 0; u < n; ++u) {
    const int32_t d = have_distances ? distance[u] : 0;
    if (u == g.root() || d < 0) continue;
    const EdgeIndex first = g.first_edge(u);
    for (EdgeIndex e = first, end = g.edge_end(u); e < end; ++e) {
      const NodeOrdinal t = targets[e];
      NodeOrdinal& best = source_[t];
      if (best != kNoNode && (!have_distances || distance[best] <= d)) continue;
      if (g.edge_kind(e) == EdgeKind::kWeak) continue;
      best = u;
      edge_offset_[t] = static_cast<uint32_t>(e - first);
    }
  }
}

std::optional<RetainerPath> NearestRetainers::shortest_path(NodeOrdinal target) const {
  // The first hop: as RetainerPathFinder::find, only towards a root when the target has a
  // distance (a nearer retainer would be only reachable through the target itself).
  const auto first = nearest(target);
  if (!first || distance_.empty()) return std::nullopt;
  if (distance_[target] >= 0 && distance_[first->source] >= distance_[target]) return std::nullopt;
  RetainerPath path;
  path.edges.push_back(first->edge);
  walk_to_root(path, first->source, distance_, [this](NodeOrdinal n) { return nearest(n); });
  return path;
}

}  // namespace heapsnap::analysis

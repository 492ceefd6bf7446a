#include "heapsnap/analysis/nearest_retainers.h"

#include "heapsnap/analysis/distances.h"

namespace heapsnap::analysis {

using graph::EdgeIndex;
using graph::EdgeKind;
using graph::kNoNode;
using graph::NodeOrdinal;

NearestRetainers::NearestRetainers(const graph::HeapGraph& g, std::span<const int32_t> distance)
    : graph_(g), distance_(distance), source_(g.node_count(), kNoNode) {
  // Sources in ordinal order, so a later source replaces the current one only when strictly
  // nearer: ties keep the first in retainer order.
  const uint32_t n = g.node_count();
  const auto targets = g.edge_targets();
  for (NodeOrdinal u = 0; u < n; ++u) {
    const int32_t d = distance[u];
    if (u == g.root() || d < 0) continue;
    for (EdgeIndex e = g.first_edge(u), end = g.edge_end(u); e < end; ++e) {
      const NodeOrdinal t = targets[e];
      NodeOrdinal& best = source_[t];
      if (best != kNoNode && distance[best] <= d) continue;
      if (g.edge_kind(e) == EdgeKind::kWeak) continue;
      best = u;
    }
  }
}

std::optional<RetainerHop> NearestRetainers::nearest(NodeOrdinal n) const {
  const NodeOrdinal u = source_[n];
  if (u == kNoNode) return std::nullopt;
  // The first usable edge from u to n: the first of u's slots in retainer order.
  for (EdgeIndex e = graph_.first_edge(u), end = graph_.edge_end(u); e < end; ++e)
    if (graph_.edge_target(e) == n && graph_.edge_kind(e) != EdgeKind::kWeak) return RetainerHop{u, e};
  return std::nullopt;  // not reached: source_ names only usable retainers
}

std::optional<RetainerPath> NearestRetainers::shortest_path(NodeOrdinal target) const {
  // The first hop: as RetainerPathFinder::find, only towards a root when the target has a
  // distance (a nearer retainer would be only reachable through the target itself).
  const auto first = nearest(target);
  if (!first) return std::nullopt;
  if (distance_[target] >= 0 && distance_[first->source] >= distance_[target]) return std::nullopt;
  RetainerPath path;
  path.edges.push_back(first->edge);
  walk_to_root(path, first->source, distance_, [this](NodeOrdinal n) { return nearest(n); });
  return path;
}

}  // namespace heapsnap::analysis

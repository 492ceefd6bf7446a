// The one retainer of each node that RetainerPathFinder's walk would take, for every node at
// once: the usable retainer nearest to the roots (smallest DevTools distance), the first in
// retainer order (source ordinal, then edge index) on ties. Built in one pass over the forward
// edges, 8 bytes per node (the source and the edge's place among its edges), where the full
// reverse index (graph/retainers.h) costs 8 bytes per edge plus 8 per node. Enough for
// shortest_path(), which equals RetainerPathFinder::find(t, 1): what `diff` needs for the sampled
// objects of every suspect, `suspects` for each suspect's holder, and the detectors for the
// holder of what they find.
#pragma once

#include <cstdint>
#include <optional>
#include <span>

#include "heapsnap/analysis/retainer_paths.h"
#include "heapsnap/graph/heap_graph.h"
#include "heapsnap/util/huge_page_allocator.h"

namespace heapsnap::analysis {

class NearestRetainers {
 public:
  // `distance`: compute_distances() of `graph`. Empty: every source counts as equally near, so
  // each node gets its first usable retainer.
  NearestRetainers(const graph::HeapGraph& graph, std::span<const int32_t> distance);

  // n's usable retainer nearest to the roots, if it has one. Usable, as in retainer_paths.h:
  // not weak, not from the root node, from a source that has a distance.
  std::optional<RetainerHop> nearest(graph::NodeOrdinal n) const {
    const graph::NodeOrdinal u = source_[n];
    if (u == graph::kNoNode) return std::nullopt;
    return RetainerHop{u, graph_.first_edge(u) + edge_offset_[n]};
  }

  // The shortest retainer path to `target` (same as RetainerPathFinder::find(target, 1)), or
  // nothing when the target is the root, a user root, or held only by weak references.
  std::optional<RetainerPath> shortest_path(graph::NodeOrdinal target) const;

 private:
  const graph::HeapGraph& graph_;
  std::span<const int32_t> distance_;
  BigVector<graph::NodeOrdinal> source_;  // nearest usable retainer's source, or kNoNode
  BigVector<uint32_t> edge_offset_;       // its first usable edge to the node, from first_edge
};

}  // namespace heapsnap::analysis

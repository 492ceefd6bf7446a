// Retainer paths: chains of references from a GC root to an object, "what keeps this alive".
//
// A path is found by walking *down* DevTools' distances (distances.h) from the target: at each
// node take the retainer with the smallest distance (ties: the first retainer in edge order),
// until a node at distance 1 (a user root such as `global`) or the root itself. Distances are
// shortest-path lengths, so this gives a shortest path. `find(target, k)` returns one such path
// through each of up to k distinct direct retainers, shortest first: each names a different
// reference that would have to go for the object to be freed.
//
// Edges that DevTools' Retainers view hides are never used: weak edges, edges from the root
// node, and edges whose source has no distance (itself unreachable over strong references).
// Every walk is iterative and bounded by the distance, so 10^5-long chains are fine.
#pragma once

#include <algorithm>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "heapsnap/analysis/distances.h"
#include "heapsnap/graph/heap_graph.h"
#include "heapsnap/graph/retainers.h"

namespace heapsnap::analysis {

struct RetainerPath {
  // Root side first; the last edge points at the target. The first edge's source is the path's
  // start (a user root like `global`, or a GC root category node for system paths).
  std::vector<graph::EdgeIndex> edges;
  graph::NodeOrdinal start = graph::kNoNode;
};

// One reference: the edge and the node it comes from.
struct RetainerHop {
  graph::NodeOrdinal source;
  graph::EdgeIndex edge;
};

// The walk both path finders share. `path` holds the edges from the target back to `at` (target
// side first); this extends it down the distances, taking nearest(n) (a
// std::optional<RetainerHop>: n's usable retainer nearest to the roots) while each step strictly
// decreases the distance, so it ends. It stops at a user root or a GC root category, sets
// path.start and puts the edges root side first.
template <typename Nearest>
void walk_to_root(RetainerPath& path, graph::NodeOrdinal at, std::span<const int32_t> distance,
                  Nearest&& nearest) {
  for (;;) {
    const int32_t d = distance[at];
    if (d <= 1 || d == kBaseSystemDistance + 1) break;  // a user root, or a GC root category
    const std::optional<RetainerHop> next = nearest(at);
    if (!next || distance[next->source] >= d) break;
    path.edges.push_back(next->edge);
    at = next->source;
  }
  path.start = at;
  std::reverse(path.edges.begin(), path.edges.end());
}

class RetainerPathFinder {
 public:
  RetainerPathFinder(const graph::HeapGraph& graph, const graph::Retainers& retainers,
                     std::span<const int32_t> distance);

  // Up to k paths to `target`, one shortest path through each distinct retainer, shortest
  // first (then by retainer order). Empty when the target is the root, a user root, or held only
  // by weak references.
  std::vector<RetainerPath> find(graph::NodeOrdinal target, uint32_t k) const;

  // The best retainer edge of n (smallest source distance), as an index into Retainers, or
  // UINT64_MAX when n has none that counts.
  uint64_t best_retainer(graph::NodeOrdinal n) const;

 private:
  bool usable(uint64_t retainer_slot) const;
  const graph::HeapGraph& graph_;
  const graph::Retainers& retainers_;
  std::span<const int32_t> distance_;
};

struct PathStyle {
  // "[]" for element indices and no "@id" on the target: a signature under which the paths of
  // many objects fall together.
  bool generalize_indices = false;
  // Runs of the same edge label become "next ×3000" instead of 3000 steps.
  bool collapse_repeats = true;
};

// "global → requestLogs → [2681] → Object @1234": the start node's name, each edge's label
// (element and hidden edges as [index], others by name), then the target's class-like name and
// id. `dom_state` (may be empty) renames detached nodes as DevTools does.
std::string format_path(const graph::HeapGraph& graph, std::span<const uint8_t> dom_state,
                        graph::NodeOrdinal target, const RetainerPath& path, const PathStyle& style);

// The label an edge gets in a path: "name" for named edges, "[i]" for element/hidden edges.
std::string edge_path_label(const graph::HeapGraph& graph, graph::EdgeIndex e, bool generalize_indices);

}  // namespace heapsnap::analysis

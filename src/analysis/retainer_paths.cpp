#include "heapsnap/analysis/retainer_paths.h"

#include <fmt/format.h>

#include <algorithm>

#include "heapsnap/analysis/distances.h"
#include "heapsnap/analysis/node_names.h"

namespace heapsnap::analysis {

using graph::EdgeIndex;
using graph::EdgeKind;
using graph::NodeOrdinal;

namespace {
constexpr uint64_t kNoRetainer = UINT64_MAX;
}

RetainerPathFinder::RetainerPathFinder(const graph::HeapGraph& graph,
                                       const graph::Retainers& retainers,
                                       std::span<const int32_t> distance)
    : graph_(graph), retainers_(retainers), distance_(distance) {}

bool RetainerPathFinder::usable(uint64_t slot) const {
  const NodeOrdinal source = retainers_.source(slot);
  if (source == graph_.root()) return false;
  if (graph_.edge_kind(retainers_.edge(slot)) == EdgeKind::kWeak) return false;
  return distance_[source] >= 0;
}

uint64_t RetainerPathFinder::best_retainer(NodeOrdinal n) const {
  uint64_t best = kNoRetainer;
  for (uint64_t slot = retainers_.first(n), end = retainers_.end(n); slot < end; ++slot) {
    if (!usable(slot)) continue;
    if (best == kNoRetainer || distance_[retainers_.source(slot)] < distance_[retainers_.source(best)])
      best = slot;
  }
  return best;
}

std::vector<RetainerPath> RetainerPathFinder::find(NodeOrdinal target, uint32_t k) const {
  // Candidate first hops: each distinct retainer node, with its best edge.
  struct Hop {
    uint64_t slot;
    int32_t source_distance;
  };
  std::vector<Hop> hops;
  for (uint64_t slot = retainers_.first(target), end = retainers_.end(target); slot < end; ++slot) {
    if (!usable(slot)) continue;
    const NodeOrdinal source = retainers_.source(slot);
    // Only references that lead towards a root: a retainer further from the roots than the
    // target itself is only reachable through the target (a cycle back to it).
    if (distance_[target] >= 0 && distance_[source] >= distance_[target]) continue;
    const auto same = std::find_if(hops.begin(), hops.end(),
                                   [&](const Hop& h) { return retainers_.source(h.slot) == source; });
    if (same == hops.end()) hops.push_back({slot, distance_[source]});
  }
  std::stable_sort(hops.begin(), hops.end(),
                   [](const Hop& a, const Hop& b) { return a.source_distance < b.source_distance; });
  if (hops.size() > k) hops.resize(k);

  std::vector<RetainerPath> paths;
  for (const Hop& hop : hops) {
    RetainerPath path;
    path.edges.push_back(retainers_.edge(hop.slot));
    walk_to_root(path, retainers_.source(hop.slot), distance_,
                 [&](NodeOrdinal n) -> std::optional<RetainerHop> {
                   const uint64_t slot = best_retainer(n);
                   if (slot == kNoRetainer) return std::nullopt;
                   return RetainerHop{retainers_.source(slot), retainers_.edge(slot)};
                 });
    paths.push_back(std::move(path));
  }
  return paths;
}

std::string edge_path_label(const graph::HeapGraph& graph, EdgeIndex e, bool generalize_indices) {
  const EdgeKind kind = graph.edge_kind(e);
  if (graph::edge_name_is_index(kind))
    return generalize_indices ? "[]" : fmt::format("[{}]", graph.edge_name_or_index(e));
  std::string_view name = graph.strings().get(graph.edge_name_index(e));
  // Hash-table slots (Map/Set backing stores) are internal edges named by a number: in a
  // signature they are as interchangeable as element indices.
  if (generalize_indices && !name.empty() &&
      name.find_first_not_of("0123456789") == std::string_view::npos)
    return "[]";
  // V8 names internal WeakMap/Map table slots with long descriptive strings; keep them short.
  if (name.size() > 60) return std::string(name.substr(0, 57)) + "...";
  return std::string(name);
}

std::string format_path(const graph::HeapGraph& graph, std::span<const uint8_t> dom_state,
                        NodeOrdinal target, const RetainerPath& path, const PathStyle& style) {
  static constexpr std::string_view kArrow = " \u2192 ";
  std::string out;
  if (path.start != graph::kNoNode) {
    std::string start = devtools_node_name(graph, dom_state, path.start);
    out += start.empty() ? std::string(graph.node_type_name(path.start)) : start;
  }
  for (size_t i = 0; i < path.edges.size();) {
    const std::string label = edge_path_label(graph, path.edges[i], style.generalize_indices);
    size_t run = 1;
    if (style.collapse_repeats) {
      while (i + run < path.edges.size() &&
             edge_path_label(graph, path.edges[i + run], style.generalize_indices) == label)
        ++run;
    }
    out += kArrow;
    out += run > 1 ? fmt::format("{} \u00d7{}", label, run) : label;
    i += run;
  }
  out += kArrow;
  std::string name = devtools_node_name(graph, dom_state, target);
  if (name.size() > 80) name = name.substr(0, 77) + "...";
  if (graph.node_kind(target) != graph::NodeKind::kObject &&
      graph.node_kind(target) != graph::NodeKind::kNative && !name.empty())
    name = fmt::format("{} ({})", name, graph.node_type_name(target));
  out += name.empty() ? fmt::format("({})", graph.node_type_name(target)) : name;
  if (!style.generalize_indices) out += fmt::format(" @{}", graph.node_id(target));
  return out;
}

}  // namespace heapsnap::analysis

// DevTools' calculateDistances and its filter; the rules are in distances.h. The queue is filled
// exactly as DevTools fills its nodesToVisit array (including a user root listed twice by the
// root), because the ephemeron filter has state and sees edges in that order.
#include "heapsnap/analysis/distances.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <span>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "heapsnap/analysis/devtools_edge_rules.h"
#include "heapsnap/analysis/shallow_sizes.h"
#include "heapsnap/util/page_prefaulter.h"
#include "node_queue.h"

namespace heapsnap::analysis {

using graph::EdgeIndex;
using graph::EdgeKind;
using graph::HeapGraph;
using graph::NodeKind;
using graph::NodeOrdinal;

namespace {

// JavaScript parseInt(s, 10); NaN when no digits follow the optional white space and sign.
double js_parse_int(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r' ||
                          s[i] == '\v' || s[i] == '\f'))
    ++i;
  bool negative = false;
  if (i < s.size() && (s[i] == '+' || s[i] == '-')) negative = s[i++] == '-';
  const size_t digits_begin = i;
  double value = 0;
  while (i < s.size() && s[i] >= '0' && s[i] <= '9') value = value * 10 + (s[i++] - '0');
  if (i == digits_begin) return std::numeric_limits<double>::quiet_NaN();
  return negative ? -value : value;
}

class DistanceFilter {
 public:
  explicit DistanceFilter(const HeapGraph& g) : g_(g) {}

  // Per source node, what the filter needs to know about it.
  struct Source {
    bool native_context = false;   // hidden "system / NativeContext"
    bool map_descriptors = false;  // array "(map descriptors)"
  };
  Source source(NodeOrdinal n) const {
    const NodeKind kind = g_.node_kind(n);
    Source s;
    if (kind == NodeKind::kHidden) s.native_context = g_.node_name(n) == "system / NativeContext";
    if (kind == NodeKind::kArray) s.map_descriptors = g_.node_name(n) == "(map descriptors)";
    return s;
  }

  bool accept(const Source& s, EdgeIndex e) {
    const EdgeKind kind = g_.edge_kind(e);
    const bool named = !graph::edge_name_is_index(kind);
    if (s.native_context && named &&
        g_.strings().get(g_.edge_name_index(e)) == "sloppy_function_map")
      return false;
    if (s.map_descriptors) {
      // Descriptor arrays hold [count, enum cache, (key, details, value)*]; the value slots may
      // not be valid for every map sharing the array (crbug.com/413608).
      const double index = named ? js_parse_int(g_.strings().get(g_.edge_name_index(e)))
                                 : static_cast<double>(g_.edge_name_or_index(e));
      return index < 2 || std::fmod(index, 3.0) != 1.0;
    }
    if (kind == EdgeKind::kInternal) {
      const std::string_view name = g_.strings().get(g_.edge_name_index(e));
      if (!name.empty() && name.front() >= '0' && name.front() <= '9' && name.back() == ')') {
        if (const auto parsed = parse_weakmap_edge_name(name)) {
          // Skip the first edge of each key/value pair the search meets.
          if (pending_pairs_.erase(parsed->pair_part) == 0) {
            pending_pairs_.insert(parsed->pair_part);
            return false;
          }
        }
      }
    }
    return true;
  }

 private:
  const HeapGraph& g_;
  std::unordered_set<std::string_view> pending_pairs_;  // views into the graph's string pool
};

void breadth_first(const HeapGraph& g, NodeQueue& queue, BigVector<int32_t>& distance,
                   DistanceFilter& filter) {
  const std::span<const EdgeIndex> first = g.first_edges();
  const std::span<const NodeOrdinal> targets = g.edge_targets();
  const std::span<const uint8_t> edge_types = g.edge_type_indices();
  const std::span<const uint8_t> node_types = g.node_type_indices();
  while (!queue.empty()) {
    queue.prefetch_ahead(first, targets, edge_types, node_types);
    const NodeOrdinal u = queue.pop();
    const int32_t next = distance[u] + 1;
    const DistanceFilter::Source source = filter.source(u);
    const EdgeIndex begin = first[u], end = first[u + 1];
    for (EdgeIndex e = begin; e < end; ++e) {
      if (g.edge_kind(e) == EdgeKind::kWeak) continue;
      const NodeOrdinal t = targets[e];
      if (distance[t] != kNoDistance) continue;
      if (!filter.accept(source, e)) continue;
      distance[t] = next;
      queue.push(t);
    }
  }
}

}  // namespace

BigVector<int32_t> compute_distances(const HeapGraph& g) {
  const uint32_t n = g.node_count();
  BigVector<int32_t> distance = prefaulted_vector<int32_t>(n, kNoDistance);
  if (n == 0) return distance;
  const NodeOrdinal root = g.root();
  DistanceFilter filter(g);
  NodeQueue queue;

  // User roots first (DevTools looks at every root edge, weak ones too).
  bool any_user_root = false;
  for (EdgeIndex e = g.first_edge(root), end = g.edge_end(root); e < end; ++e) {
    const NodeOrdinal t = g.edge_target(e);
    if (!is_user_root(g, t)) continue;
    distance[t] = 1;
    queue.push(t);
    any_user_root = true;
  }
  breadth_first(g, queue, distance, filter);

  // Then whatever only the system roots reach.
  distance[root] = any_user_root ? kBaseSystemDistance : 0;
  queue.push(root);
  breadth_first(g, queue, distance, filter);
  return distance;
}

}  // namespace heapsnap::analysis

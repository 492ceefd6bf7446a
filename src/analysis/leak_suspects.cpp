#include "heapsnap/analysis/leak_suspects.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace heapsnap::analysis {
namespace {

using graph::NodeOrdinal;

bool synthetic(const graph::HeapGraph& g, NodeOrdinal n) {
  return g.node_kind(n) == graph::NodeKind::kSynthetic;
}

// The children of `n` by class, biggest total first (ties: smaller class index), at most `limit`.
std::vector<AccumulatedGroup> group_children(const HeapSuspectInputs& in, NodeOrdinal n, uint32_t limit) {
  std::unordered_map<uint32_t, AccumulatedGroup> by_class;
  for (const NodeOrdinal c : in.children.of(n)) {
    const uint32_t cls = in.classes.node_class.empty() ? ClassAggregates::kNoClass : in.classes.node_class[c];
    AccumulatedGroup& group = by_class[cls];
    group.class_index = cls;
    ++group.count;
    group.retained += in.retained[c];
    if (group.biggest == graph::kNoNode || in.retained[c] > in.retained[group.biggest]) group.biggest = c;
  }
  std::vector<AccumulatedGroup> groups;
  groups.reserve(by_class.size());
  for (auto& [cls, group] : by_class) groups.push_back(group);
  std::sort(groups.begin(), groups.end(), [](const AccumulatedGroup& a, const AccumulatedGroup& b) {
    return a.retained != b.retained ? a.retained > b.retained : a.class_index < b.class_index;
  });
  if (groups.size() > limit) groups.resize(limit);
  return groups;
}

// Classes a program defines: objects and native objects, not the runtime's own ("system / Context",
// closures, code, arrays, strings, hidden objects), of which every Node heap hangs thousands
// directly under the GC roots.
bool program_class(const graph::HeapGraph& g, NodeOrdinal n) {
  const auto kind = g.node_kind(n);
  if (kind != graph::NodeKind::kObject && kind != graph::NodeKind::kNative) return false;
  return !g.node_name(n).starts_with("system / ");
}

uint32_t class_of(const HeapSuspectInputs& in, NodeOrdinal n) {
  return in.classes.node_class.empty() ? ClassAggregates::kNoClass : in.classes.node_class[n];
}

// The label of the first edge from `from` to `to` ("" when none: the child is dominated without
// a direct reference).
std::string edge_label_between(const graph::HeapGraph& g, NodeOrdinal from, NodeOrdinal to) {
  for (graph::EdgeIndex e = g.first_edge(from); e < g.edge_end(from); ++e)
    if (g.edge_target(e) == to) return g.edge_label(e);
  return "";
}

// Whether `owner` references `store` by an internal or hidden edge (a Map's `table`, an object's
// `elements` or `properties`): the store is part of the owner, not something a program holds.
bool held_internally(const graph::HeapGraph& g, NodeOrdinal owner, NodeOrdinal store) {
  for (graph::EdgeIndex e = g.first_edge(owner); e < g.edge_end(owner); ++e) {
    if (g.edge_target(e) != store) continue;
    const auto kind = g.edge_kind(e);
    if (kind == graph::EdgeKind::kInternal || kind == graph::EdgeKind::kHidden) return true;
  }
  return false;
}

// The child of `n` holding at least `share` of n's retained size, or kNoNode.
NodeOrdinal dominant_child(const HeapSuspectInputs& in, NodeOrdinal n, double share) {
  NodeOrdinal best = graph::kNoNode;
  for (const NodeOrdinal c : in.children.of(n))
    if (best == graph::kNoNode || in.retained[c] > in.retained[best]) best = c;
  if (best == graph::kNoNode) return best;
  const double need = share * static_cast<double>(in.retained[n]);
  return static_cast<double>(in.retained[best]) >= need ? best : graph::kNoNode;
}

// The child of `n` of class `cls` that retains most, or kNoNode.
NodeOrdinal biggest_child_of_class(const HeapSuspectInputs& in, NodeOrdinal n, uint32_t cls) {
  NodeOrdinal best = graph::kNoNode;
  for (const NodeOrdinal c : in.children.of(n))
    if (class_of(in, c) == cls && (best == graph::kNoNode || in.retained[c] > in.retained[best])) best = c;
  return best;
}

struct Walker {
  const HeapSuspectInputs& in;
  const HeapSuspectOptions& options;
  uint64_t threshold;

  // Walks down from `start`. Returns false when the walk ends in a hub (children at or above
  // the threshold, pushed onto `hubs_children`).
  bool walk(NodeOrdinal start, HeapSuspect& s, std::vector<NodeOrdinal>& hubs_children) const {
    s.object = start;
    s.class_index = class_of(in, start);
    s.retained = in.retained[start];
    NodeOrdinal at = start;
    NodeOrdinal run_start = start;
    uint32_t run_length = 1;
    s.walk.push_back(at);
    for (;;) {
      // Inside a chain, follow its links to the end, however little each retains (the tail of a
      // chain retains less and less); elsewhere, the child that holds most of this node.
      const NodeOrdinal next = run_length >= options.min_chain_length
                                   ? biggest_child_of_class(in, at, class_of(in, run_start))
                                   : dominant_child(in, at, options.dominant_child_share);
      if (next == graph::kNoNode) break;
      if (class_of(in, next) == class_of(in, run_start) && !synthetic(in.graph, next)) {
        ++run_length;
      } else {
        if (run_length >= options.min_chain_length) break;
        run_start = next;
        run_length = 1;
      }
      at = next;
      // Inside a long run, the walk list stops at the run's head.
      if (run_length < options.min_chain_length) {
        s.walk.push_back(at);
      } else if (run_length == options.min_chain_length) {
        s.walk.resize(s.walk.size() - (options.min_chain_length - 2));
      }
    }
    if (run_length >= options.min_chain_length) {
      s.accumulation = run_start;
      s.collection = run_start;
      s.chain_length = run_length;
      s.child_count = in.children.count(run_start);
      const NodeOrdinal second = dominant_child(in, run_start, options.dominant_child_share);
      if (second != graph::kNoNode) s.chain_edge = edge_label_between(in.graph, run_start, second);
      s.accumulated.push_back({class_of(in, run_start), run_length, in.retained[run_start], run_start});
      return true;
    }
    bool hub = false;
    for (const NodeOrdinal c : in.children.of(at)) {
      if (in.retained[c] >= threshold) {
        hubs_children.push_back(c);
        hub = true;
      }
    }
    if (hub) return false;
    s.accumulation = at;
    s.collection = at;
    // A backing store (a Map's table, an array's elements) has no size of its own in DevTools'
    // view: the collection that owns it is what the program holds.
    if (at != start) {
      const NodeOrdinal owner = s.walk[s.walk.size() - 2];
      if (in.shallow[at] == 0 || held_internally(in.graph, owner, at)) s.collection = owner;
    }
    s.child_count = in.children.count(at);
    s.accumulated = group_children(in, at, options.max_groups);
    return true;
  }
};

// Whether what accumulates is alike: the biggest class among the accumulation point's children
// holds `share` of what the point retains (a chain is alike by construction).
bool similar_children(const HeapSuspectInputs& in, const HeapSuspect& s, double share) {
  if (s.chain_length > 0) return true;
  if (s.accumulated.empty()) return false;
  return static_cast<double>(s.accumulated.front().retained) >= share * static_cast<double>(in.retained[s.accumulation]);
}

}  // namespace

HeapSuspects find_leak_suspects(const HeapSuspectInputs& in, const HeapSuspectOptions& given) {
  const auto& g = in.graph;
  HeapSuspectOptions options = given;
  // A chain needs a head and two links at least (and the walk list keeps one run node).
  options.min_chain_length = std::max<uint32_t>(options.min_chain_length, 3);
  HeapSuspects result;
  result.total_size = in.total_size;
  const double share = std::ceil(options.min_share * static_cast<double>(in.total_size));
  result.threshold = std::max<uint64_t>(options.min_bytes, static_cast<uint64_t>(share));
  if (g.node_count() == 0) return result;
  const Walker walker{in, options, result.threshold};

  // 1-3. Object suspects: look through synthetic nodes from the root.
  std::vector<NodeOrdinal> stack{g.root()};
  while (!stack.empty()) {
    const NodeOrdinal n = stack.back();
    stack.pop_back();
    if (synthetic(g, n)) {
      for (const NodeOrdinal c : in.children.of(n)) {
        if (in.retained[c] >= result.threshold) {
          stack.push_back(c);
        } else if (!synthetic(g, c) &&
                   (result.biggest_object == graph::kNoNode || in.retained[c] > in.retained[result.biggest_object])) {
          result.biggest_object = c;
        }
      }
      continue;
    }
    HeapSuspect s;
    std::vector<NodeOrdinal> hub_children;
    if (walker.walk(n, s, hub_children)) {
      if (similar_children(in, s, options.min_similar_share)) {
        result.suspects.push_back(std::move(s));
      } else if (result.spread.object == graph::kNoNode || s.retained > result.spread.retained) {
        result.spread = std::move(s);
      }
    } else {
      stack.insert(stack.end(), hub_children.begin(), hub_children.end());
    }
  }

  // 4. Class suspects: top-level objects below the threshold, by class.
  if (!in.classes.node_class.empty()) {
    struct ClassSum {
      uint32_t count = 0;
      uint64_t retained = 0;
      NodeOrdinal biggest = graph::kNoNode;
    };
    std::vector<ClassSum> sums(in.classes.classes.size());
    for (NodeOrdinal n = 0; n < g.node_count(); ++n) {
      const NodeOrdinal d = in.idom[n];
      if (d == graph::kNoNode || d == n || synthetic(g, n) || !synthetic(g, d)) continue;
      if (in.retained[n] >= result.threshold || in.retained[n] == 0 || !program_class(g, n)) continue;
      ClassSum& sum = sums[in.classes.node_class[n]];
      ++sum.count;
      sum.retained += in.retained[n];
      if (sum.biggest == graph::kNoNode || in.retained[n] > in.retained[sum.biggest]) sum.biggest = n;
    }
    for (uint32_t c = 0; c < sums.size(); ++c) {
      const ClassSum& sum = sums[c];
      // Spread over many instances: when one holds a quarter of the sum, the question is about
      // that object, not about the class.
      if (sum.count < 2 || in.retained[sum.biggest] * 4 >= sum.retained) continue;
      if (result.biggest_class == ClassAggregates::kNoClass || sum.retained > result.biggest_class_retained) {
        result.biggest_class = c;
        result.biggest_class_retained = sum.retained;
        result.biggest_class_instances = sum.count;
      }
      if (sum.retained < result.threshold) continue;
      HeapSuspect s;
      s.kind = SuspectKind::kClass;
      s.object = sum.biggest;
      s.class_index = c;
      s.instances = sum.count;
      s.retained = sum.retained;
      s.walk.push_back(sum.biggest);
      s.accumulated.push_back({c, sum.count, sum.retained, sum.biggest});
      result.suspects.push_back(std::move(s));
    }
  }

  std::sort(result.suspects.begin(), result.suspects.end(), [&](const HeapSuspect& a, const HeapSuspect& b) {
    if (a.retained != b.retained) return a.retained > b.retained;
    return g.node_id(a.object) < g.node_id(b.object);
  });
  if (result.suspects.size() > options.max_suspects) result.suspects.resize(options.max_suspects);
  return result;
}

SuspectHolder find_holder(const graph::HeapGraph& g, const NearestRetainers& retainers, graph::NodeOrdinal node) {
  SuspectHolder holder;
  auto found = retainers.shortest_path(node);
  if (!found) return holder;
  holder.path = std::move(*found);
  // Walk the path from the node's end back to the roots for the nearest named reference.
  for (size_t i = holder.path.edges.size(); i-- > 0;) {
    const graph::EdgeIndex e = holder.path.edges[i];
    const auto kind = g.edge_kind(e);
    if (kind != graph::EdgeKind::kProperty && kind != graph::EdgeKind::kContext) continue;
    holder.named_edge = e;
    holder.named_edge_source = i == 0 ? holder.path.start : g.edge_target(holder.path.edges[i - 1]);
    break;
  }
  return holder;
}

}  // namespace heapsnap::analysis

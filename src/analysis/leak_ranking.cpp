// Leak ranking; the evidence, the noise floor and the nesting rule are in leak_ranking.h.
//
// Performance notes: the only whole-graph passes are over the last snapshot's dominator tree in
// DevTools' preorder (nearest new ancestor, retained bytes of new objects) and one iterative walk
// of the forest of new objects; everything else is per candidate group. The reverse edge index
// for retainer paths is built only when there is a suspect, after the passes' arrays are freed.
#include "heapsnap/analysis/leak_ranking.h"

#include <fmt/format.h>
#include <tsl/robin_map.h>

#include <algorithm>
#include <map>
#include <numeric>
#include <optional>
#include <string>
#include <utility>

#include "heapsnap/analysis/nearest_retainers.h"
#include "heapsnap/analysis/node_names.h"
#include "heapsnap/analysis/readable_path.h"
#include "heapsnap/analysis/retainer_paths.h"

namespace heapsnap::analysis {

using graph::HeapGraph;
using graph::kNoNode;
using graph::NodeKind;
using graph::NodeOrdinal;

namespace {

// Groups whose objects are more than V8's own churn.
bool passes_growth_floor(const GroupSeries& g, const RankingOptions& o) {
  if (g.v8_internal || g.counts.size() < 2) return false;
  for (size_t i = 0; i + 1 < g.counts.size(); ++i) {
    if (g.count_delta(i, i + 1) < static_cast<int64_t>(o.min_step_count)) return false;
    if (g.size_delta(i, i + 1) < static_cast<int64_t>(o.min_step_bytes)) return false;
  }
  return true;
}

// What the pass over the last snapshot's new objects finds.
struct NewObjectFacts {
  std::vector<uint64_t> retained_growth;  // per group
  // nested[b] = (group a -> survivors of b with an outermost candidate ancestor of group a)
  std::vector<std::map<uint32_t, uint32_t>> nested;
  // For candidate groups: the old object most of the group's survivors hang from (the immediate
  // dominator of the outermost new object above them), or kNoNode when no object holds a
  // majority. Two groups hanging from one object are one leak: the same reference holds both.
  std::vector<NodeOrdinal> anchor;
};

NewObjectFacts scan_new_objects(const RankingInput& in, const std::vector<uint8_t>& candidate) {
  const HeapGraph& g = *in.graph;
  const DevtoolsRetained& r = in.analysis->retained;
  const auto& shallow = in.analysis->shallow;
  const uint32_t n = g.node_count();
  const size_t groups = in.groups.size();
  NewObjectFacts facts;
  facts.retained_growth.assign(groups, 0);
  facts.nested.resize(groups);
  const auto is_new = [&](NodeOrdinal v) {
    return (in.node_flags[v] & kNodeNew) != 0 && shallow[v] != 0;
  };

  // Nearest new proper ancestor in the dominator tree, for every node (preorder: idom first).
  std::vector<NodeOrdinal> nearest(n, kNoNode);
  std::vector<NodeOrdinal> news;  // new objects in preorder
  for (const NodeOrdinal v : r.preorder) {
    if (v == g.root()) continue;
    const NodeOrdinal p = r.idom[v];
    nearest[v] = is_new(p) ? p : nearest[p];
    if (is_new(v)) news.push_back(v);
  }
  // Bytes of new objects each new object keeps alive (through old objects too).
  std::vector<uint64_t> new_retained(news.size(), 0);
  std::vector<uint32_t> compact(n, UINT32_MAX);
  for (uint32_t k = 0; k < news.size(); ++k) compact[news[k]] = k;
  std::vector<uint32_t> parent(news.size(), UINT32_MAX);
  for (uint32_t k = 0; k < news.size(); ++k) {
    const NodeOrdinal p = nearest[news[k]];
    if (p != kNoNode) parent[k] = compact[p];
  }
  std::vector<NodeOrdinal>().swap(nearest);
  std::vector<uint32_t>().swap(compact);
  for (uint32_t k = static_cast<uint32_t>(news.size()); k-- > 0;) {
    new_retained[k] += shallow[news[k]];
    if (parent[k] != UINT32_MAX) new_retained[parent[k]] += new_retained[k];
  }

  // Walk the forest of new objects (children CSR, iterative) with a per-group nesting counter:
  // a group's retained growth sums its top-most new objects only. Parents precede children in
  // `news`, so the outermost candidate above each object is known from its parent.
  const auto m = static_cast<uint32_t>(news.size());
  std::vector<uint32_t> first(m + 1, 0);
  for (uint32_t k = 0; k < m; ++k)
    if (parent[k] != UINT32_MAX) ++first[parent[k] + 1];
  for (uint32_t k = 0; k < m; ++k) first[k + 1] += first[k];
  std::vector<uint32_t> child(first[m]);
  {
    std::vector<uint32_t> cursor(first.begin(), first.end() - 1);
    for (uint32_t k = 0; k < m; ++k)
      if (parent[k] != UINT32_MAX) child[cursor[parent[k]]++] = k;
  }
  std::vector<uint32_t> outer(m, kNoGroup);  // outermost candidate group above k (exclusive)
  std::vector<uint32_t> active(groups, 0);
  std::vector<tsl::robin_map<NodeOrdinal, uint32_t>> anchors(groups);  // candidates only
  std::vector<uint64_t> stack;
  for (uint32_t root = 0; root < m; ++root) {
    if (parent[root] != UINT32_MAX) continue;
    const NodeOrdinal anchor = r.idom[news[root]];
    stack.push_back(uint64_t{root} << 1);
    while (!stack.empty()) {
      const uint64_t top = stack.back();
      stack.pop_back();
      const auto k = static_cast<uint32_t>(top >> 1);
      const uint32_t grp = in.node_group[news[k]];
      if (top & 1) {
        if (grp != kNoGroup) --active[grp];
        continue;
      }
      if (grp != kNoGroup) {
        if (active[grp]++ == 0) facts.retained_growth[grp] += new_retained[k];
        stack.push_back(top | 1);
        if (candidate[grp] && (in.node_flags[news[k]] & kNodeSurvivor)) {
          if (outer[k] != kNoGroup && outer[k] != grp) ++facts.nested[grp][outer[k]];
          ++anchors[grp][anchor];
        }
      }
      const uint32_t pass_down =
          outer[k] != kNoGroup ? outer[k] : (grp != kNoGroup && candidate[grp] ? grp : kNoGroup);
      for (uint32_t c = first[k]; c < first[k + 1]; ++c) {
        outer[child[c]] = pass_down;
        stack.push_back(uint64_t{child[c]} << 1);
      }
    }
  }
  facts.anchor.assign(groups, kNoNode);
  for (uint32_t grp = 0; grp < groups; ++grp) {
    if (!candidate[grp] || in.groups[grp].survivor_count == 0) continue;
    for (const auto& [node, cnt] : anchors[grp]) {
      // Not the root, GC root categories or user roots (`global`): objects held from two places
      // at once are dominated by such a node, and two unrelated leaks would fall together.
      const NodeKind kind = g.node_kind(node);
      if (node == g.root() || kind == NodeKind::kSynthetic) continue;
      const int32_t distance = in.analysis->distance[node];
      if (distance >= 0 && distance <= 1) continue;
      if (2 * uint64_t{cnt} > in.groups[grp].survivor_count) facts.anchor[grp] = node;
    }
  }
  return facts;
}

// Union-find over groups.
uint32_t find_set(std::vector<uint32_t>& up, uint32_t x) {
  while (up[x] != x) {
    up[x] = up[up[x]];
    x = up[x];
  }
  return x;
}

}  // namespace

std::vector<LeakSuspect> rank_leaks(const RankingInput& in, const RankingOptions& options) {
  const HeapGraph& g = *in.graph;
  const DevtoolsAnalysis& a = *in.analysis;
  const size_t groups = in.groups.size();
  const bool by_id = in.ids_comparable && !in.node_flags.empty();

  // 1. Candidates: above the noise floor.
  std::vector<uint8_t> candidate(groups, 0);
  std::vector<uint32_t> candidates;
  for (uint32_t grp = 0; grp < groups; ++grp) {
    const GroupSeries& s = in.groups[grp];
    if (!passes_growth_floor(s, options)) continue;
    if (by_id && s.survivor_count < options.min_survivors) continue;
    candidate[grp] = 1;
  }

  // 2. Retained growth and nesting, from the new objects of the last snapshot.
  NewObjectFacts facts;
  if (by_id) {
    facts = scan_new_objects(in, candidate);
  } else {
    facts.retained_growth.assign(groups, 0);
    facts.nested.resize(groups);
    for (uint32_t grp = 0; grp < groups; ++grp)
      facts.retained_growth[grp] = static_cast<uint64_t>(
          std::max<int64_t>(0, in.groups[grp].retained_delta(0, in.snapshot_count - 1)));
  }
  for (uint32_t grp = 0; grp < groups; ++grp) {
    if (!candidate[grp]) continue;
    if (facts.retained_growth[grp] < options.min_retained_growth) {
      candidate[grp] = 0;
      continue;
    }
    candidates.push_back(grp);
  }

  // 3. Fold nested groups together.
  std::vector<uint32_t> up(groups);
  std::iota(up.begin(), up.end(), 0u);
  std::vector<uint32_t> nested_in(groups, kNoGroup);
  for (const uint32_t b : candidates) {
    uint32_t best = kNoGroup, best_count = 0;
    for (const auto& [outer, cnt] : facts.nested[b]) {
      if (!candidate[outer]) continue;
      if (cnt > best_count) {
        best = outer;
        best_count = cnt;
      }
    }
    if (best != kNoGroup && best_count >= options.nested_share * in.groups[b].survivor_count) {
      nested_in[b] = best;
      up[find_set(up, b)] = find_set(up, best);
    }
  }
  if (!facts.anchor.empty()) {
    tsl::robin_map<NodeOrdinal, uint32_t> by_anchor;  // anchor -> first candidate hanging there
    for (const uint32_t grp : candidates) {
      const NodeOrdinal anchor = facts.anchor[grp];
      if (anchor == kNoNode) continue;
      const auto [it, inserted] = by_anchor.emplace(anchor, grp);
      if (!inserted) up[find_set(up, grp)] = find_set(up, it->second);
    }
  }
  std::map<uint32_t, std::vector<uint32_t>> components;  // set -> members (ascending)
  for (const uint32_t grp : candidates) components[find_set(up, grp)].push_back(grp);

  std::vector<LeakSuspect> suspects;
  for (const auto& [set, members] : components) {
    // The name-giving group: the most specific kind; among equals the outermost (not nested in
    // another member); then the most retained growth.
    uint32_t lead = members.front();
    const auto better = [&](uint32_t x, uint32_t y) {
      const GroupSeries& gx = in.groups[x];
      const GroupSeries& gy = in.groups[y];
      if (gx.kind_rank != gy.kind_rank) return gx.kind_rank > gy.kind_rank;
      const bool ox = nested_in[x] == kNoGroup, oy = nested_in[y] == kNoGroup;
      if (ox != oy) return ox;
      return facts.retained_growth[x] > facts.retained_growth[y];
    };
    for (const uint32_t grp : members)
      if (better(grp, lead)) lead = grp;
    const GroupSeries& s = in.groups[lead];
    LeakSuspect sus;
    sus.group = lead;
    sus.name = s.name;
    sus.key = s.key;
    sus.counts = s.counts;
    sus.sizes = s.sizes;
    sus.grows_every_step = s.grows_every_step();
    sus.survivor_count = s.survivor_count;
    sus.survivor_size = s.survivor_size;
    for (const uint32_t grp : members) {
      sus.retained_growth = std::max(sus.retained_growth, facts.retained_growth[grp]);
      if (grp != lead) sus.related.push_back(in.groups[grp].name);
    }
    suspects.push_back(std::move(sus));
  }
  std::sort(suspects.begin(), suspects.end(), [](const LeakSuspect& x, const LeakSuspect& y) {
    if (x.grows_every_step != y.grows_every_step) return x.grows_every_step;
    if (x.retained_growth != y.retained_growth) return x.retained_growth > y.retained_growth;
    if (x.survivor_size != y.survivor_size) return x.survivor_size > y.survivor_size;
    return x.name < y.name;
  });
  if (suspects.size() > options.max_suspects) suspects.resize(options.max_suspects);
  if (suspects.empty()) return suspects;

  // 4. Sites and sample objects of each suspect.
  tsl::robin_map<uint32_t, uint32_t> suspect_of;  // group -> suspect index
  for (uint32_t i = 0; i < suspects.size(); ++i) suspect_of.emplace(suspects[i].group, i);
  std::vector<std::vector<NodeOrdinal>> objects(suspects.size());
  std::vector<tsl::robin_map<uint32_t, uint32_t>> site_counts(suspects.size());
  for (NodeOrdinal v = 0; v < g.node_count(); ++v) {
    const uint32_t grp = in.node_group[v];
    if (grp == kNoGroup || a.shallow[v] == 0) continue;
    const auto it = suspect_of.find(grp);
    if (it == suspect_of.end()) continue;
    if (by_id && !(in.node_flags[v] & kNodeSurvivor)) continue;
    objects[it->second].push_back(v);
    if (in.node_site[v] != kNoGroup) ++site_counts[it->second][in.node_site[v]];
  }
  for (uint32_t i = 0; i < suspects.size(); ++i) {
    std::vector<std::pair<uint32_t, uint32_t>> sites(site_counts[i].begin(), site_counts[i].end());
    std::sort(sites.begin(), sites.end(), [&](const auto& x, const auto& y) {
      if (in.site_is_stack[x.first] != in.site_is_stack[y.first])
        return in.site_is_stack[x.first] > in.site_is_stack[y.first];
      if (x.second != y.second) return x.second > y.second;
      return in.site_labels[x.first] < in.site_labels[y.first];
    });
    for (size_t k = 0; k < sites.size() && k < 3; ++k)
      suspects[i].sites.push_back(SiteShare{in.site_labels[sites[k].first], sites[k].second});
    if (!suspects[i].sites.empty()) suspects[i].site = suspects[i].sites.front().site;
  }

  // 5. Retainer paths of a sample of each suspect's objects, clustered by signature.
  std::optional<NearestRetainers> built;
  if (!in.retainers) built.emplace(g, a.distance);
  const NearestRetainers& retainers = in.retainers ? *in.retainers : *built;
  for (uint32_t i = 0; i < suspects.size(); ++i)
    sample_retainer_paths(g, a.dom_state, retainers, objects[i], options.paths_sampled,
                          options.path_clusters, suspects[i]);
  return suspects;
}

void sample_retainer_paths(const graph::HeapGraph& g, std::span<const uint8_t> dom_state,
                           const NearestRetainers& retainers, std::span<const NodeOrdinal> objs,
                           uint32_t sample, uint32_t max_clusters, LeakSuspect& sus) {
  if (objs.empty() || sample == 0) return;
  const ReadablePathOptions readable_options{is_browser_snapshot(g)};
  {
    const size_t want = std::min<size_t>(objs.size(), sample);
    std::map<std::string, PathCluster> clusters;
    std::vector<std::string> order;  // signatures in first-seen order
    for (size_t k = 0; k < want; ++k) {
      const NodeOrdinal target = objs[k * objs.size() / want];
      const auto path = retainers.shortest_path(target);
      PathCluster cluster;
      if (!path) {
        cluster.signature = "(no retainer path: held only by weak references or by the root)";
        cluster.example = cluster.full = cluster.signature;
      } else {
        const ReadablePath readable = make_readable_path(g, dom_state, target, *path, readable_options);
        cluster.signature = readable.generalized_text();
        cluster.via = readable.generalized_via();
        cluster.example = readable.text();
        cluster.full = format_path(g, dom_state, target, *path, PathStyle{});
      }
      // The way to the holder belongs to the identity: one Map reached from two places is two
      // references to fix.
      const std::string key = cluster.signature + '\n' + cluster.via;
      auto [it, inserted] = clusters.try_emplace(key);
      if (inserted) {
        it->second = std::move(cluster);
        order.push_back(key);
      }
      ++it->second.objects;
      ++sus.paths_sampled;
    }
    for (const auto& sig : order) sus.paths.push_back(std::move(clusters[sig]));
    std::stable_sort(
        sus.paths.begin(), sus.paths.end(),
        [](const PathCluster& x, const PathCluster& y) { return x.objects > y.objects; });
    if (sus.paths.size() > max_clusters) sus.paths.resize(max_clusters);
  }
}

}  // namespace heapsnap::analysis

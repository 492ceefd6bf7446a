// Growing leak patterns as suspects; the rules are in pattern_suspects.h.
//
// Cost: one pass over the nodes to resolve the anchors' ids and sample the class suspects'
// survivors, then a walk up the dominator tree per anchor and per sampled object (at most
// 5 + 1 anchors per pattern and 48 objects per class suspect).
#include "heapsnap/analysis/pattern_suspects.h"

#include <algorithm>
#include <numeric>
#include <string>
#include <unordered_map>

namespace heapsnap::analysis {

using detectors::FindingKind;
using graph::kNoNode;
using graph::NodeOrdinal;

namespace {

constexpr uint32_t kSampledObjects = 48;

uint32_t find_set(std::vector<uint32_t>& up, uint32_t x) {
  while (up[x] != x) x = up[x] = up[up[x]];
  return x;
}

std::string location_text(const detectors::SourcePosition& p) {
  // Appends only: GCC 12 warns (-Wrestrict, falsely) on `"literal" + std::string&&`.
  std::string where = p.script;
  if (p.line != 0) {
    where += ':';
    where += std::to_string(p.line);
    where += ':';
    where += std::to_string(p.column);
  }
  if (p.function.empty() || where.empty()) return p.function.empty() ? where : p.function;
  std::string out = p.function;
  out += " (";
  out += where;
  out += ')';
  return out;
}

}  // namespace

int pattern_kind_priority(FindingKind kind) {
  switch (kind) {
    case FindingKind::kEventListeners: return 0;
    case FindingKind::kTimers: return 1;
    case FindingKind::kHandles: return 2;
    case FindingKind::kDetachedDom: return 3;
    case FindingKind::kCollections: return 4;
    case FindingKind::kDuplicateStrings: return 5;
    case FindingKind::kClosures: return 6;
    case FindingKind::kOffHeap: return 7;
  }
  return 8;
}

void merge_pattern_suspects(const PatternSuspectInput& in,
                            const std::vector<PatternSeries>& patterns,
                            std::vector<LeakSuspect>& suspects, uint32_t max_suspects) {
  std::vector<uint32_t> cands;  // suspect patterns seen in the last snapshot
  for (uint32_t i = 0; i < patterns.size(); ++i)
    if (patterns[i].suspect && patterns[i].present.back() &&
        patterns[i].last_present + 1 == patterns[i].present.size())
      cands.push_back(i);
  if (cands.empty()) return;
  const graph::HeapGraph& g = *in.graph;
  const auto& idom = in.analysis->retained.idom;
  const auto& shallow = in.analysis->shallow;

  // 1. Anchors: ids of the last snapshot -> ordinals (one pass), and the class suspects' objects.
  std::unordered_map<graph::NodeId, std::vector<uint32_t>> wanted;  // id -> candidates
  for (uint32_t c = 0; c < cands.size(); ++c) {
    const PatternSeries& p = patterns[cands[c]];
    for (const graph::NodeId id : p.examples) wanted[id].push_back(c);
    if ((p.kind == FindingKind::kEventListeners || p.kind == FindingKind::kOffHeap) &&
        graph::value(p.holder_id) != 0)
      wanted[p.holder_id].push_back(c);
  }
  std::unordered_map<uint32_t, uint32_t> suspect_of_group;  // class group -> suspect
  for (uint32_t i = 0; i < suspects.size(); ++i)
    if (suspects[i].pattern < 0 && suspects[i].group != kNoGroup)
      suspect_of_group.emplace(suspects[i].group, i);
  const bool by_id = !in.node_flags.empty();
  std::vector<std::vector<uint32_t>> anchors(cands.size());
  std::unordered_map<NodeOrdinal, std::vector<uint32_t>> anchor_of;  // ordinal -> candidates
  std::vector<std::vector<NodeOrdinal>> objects(suspects.size());
  std::unordered_map<graph::NodeId, std::vector<NodeOrdinal>> anchors_by_id;
  for (NodeOrdinal v = 0; v < g.node_count(); ++v) {
    if (const auto it = wanted.find(g.node_id(v)); it != wanted.end()) {
      anchors_by_id[g.node_id(v)].push_back(v);
      for (const uint32_t c : it->second) {
        anchors[c].push_back(v);
        anchor_of[v].push_back(c);
      }
    }
    if (suspect_of_group.empty() || in.node_group.empty()) continue;
    const uint32_t grp = in.node_group[v];
    if (grp == kNoGroup || shallow[v] == 0) continue;
    const auto it = suspect_of_group.find(grp);
    if (it == suspect_of_group.end()) continue;
    if (by_id && !(in.node_flags[v] & kNodeSurvivor)) continue;
    objects[it->second].push_back(v);
  }
  for (auto& [v, list] : anchor_of) {
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
  }

  // Candidates with an anchor on the dominator chain of `start` (itself included), each once.
  std::vector<uint32_t> seen_mark(cands.size(), UINT32_MAX);
  uint32_t walk = 0;
  const auto chain_hits = [&](NodeOrdinal start, std::vector<uint32_t>& hits) {
    ++walk;
    for (NodeOrdinal v = start; v != kNoNode && v < g.node_count(); v = idom[v]) {
      if (const auto it = anchor_of.find(v); it != anchor_of.end())
        for (const uint32_t c : it->second)
          if (seen_mark[c] != walk) {
            seen_mark[c] = walk;
            hits.push_back(c);
          }
      if (v == g.root() || idom[v] == v) break;
    }
  };

  // 2. Patterns of the same objects become one component.
  std::vector<uint32_t> up(cands.size());
  std::iota(up.begin(), up.end(), 0u);
  for (uint32_t b = 0; b < cands.size(); ++b) {
    std::unordered_map<uint32_t, uint32_t> hit_count;
    std::vector<uint32_t> hits;
    for (const NodeOrdinal v : anchors[b]) {
      hits.clear();
      chain_hits(v, hits);
      for (const uint32_t a : hits)
        if (a != b) ++hit_count[a];
    }
    for (const auto& [a, count] : hit_count)
      if (2 * count > anchors[b].size()) up[find_set(up, b)] = find_set(up, a);
  }
  std::unordered_map<uint32_t, uint32_t> lead_of_set;  // set -> naming candidate
  const auto better = [&](uint32_t x, uint32_t y) {
    const PatternSeries& px = patterns[cands[x]];
    const PatternSeries& py = patterns[cands[y]];
    const int kx = pattern_kind_priority(px.kind), ky = pattern_kind_priority(py.kind);
    if (kx != ky) return kx < ky;
    return px.bytes_growth() > py.bytes_growth();
  };
  for (uint32_t c = 0; c < cands.size(); ++c) {
    const uint32_t set = find_set(up, c);
    auto [it, inserted] = lead_of_set.emplace(set, c);
    if (!inserted && better(c, it->second)) it->second = c;
  }

  // 3. Class suspects that describe a component's objects. Besides the anchors, a pattern whose
  // objects are of one kind (listeners, timers, handles, collections, detached trees) is hit by
  // any new object of its examples' class on the chain: five examples rarely include the very
  // Timeout above a sampled StatusPoller.
  std::unordered_map<uint32_t, std::vector<uint32_t>> class_anchor;  // class group -> candidates
  if (!in.node_group.empty()) {
    for (uint32_t c = 0; c < cands.size(); ++c) {
      const FindingKind k = patterns[cands[c]].kind;
      if (k == FindingKind::kClosures || k == FindingKind::kOffHeap ||
          k == FindingKind::kDuplicateStrings)
        continue;
      for (const NodeOrdinal v : anchors[c]) {
        if (in.node_group[v] == kNoGroup) continue;
        auto& list = class_anchor[in.node_group[v]];
        if (std::find(list.begin(), list.end(), c) == list.end()) list.push_back(c);
      }
    }
  }
  const auto is_new = [&](NodeOrdinal v) { return !by_id || (in.node_flags[v] & kNodeNew); };
  const auto class_hits = [&](NodeOrdinal start, std::vector<uint32_t>& hits) {
    chain_hits(start, hits);  // marks what it found with `walk`
    if (class_anchor.empty()) return;
    for (NodeOrdinal v = start; v != kNoNode && v < g.node_count(); v = idom[v]) {
      if (in.node_group[v] != kNoGroup && is_new(v))
        if (const auto it = class_anchor.find(in.node_group[v]); it != class_anchor.end())
          for (const uint32_t c : it->second)
            if (seen_mark[c] != walk) {
              seen_mark[c] = walk;
              hits.push_back(c);
            }
      if (v == g.root() || idom[v] == v) break;
    }
  };
  std::vector<uint32_t> class_set(suspects.size(), UINT32_MAX);
  for (uint32_t i = 0; i < suspects.size(); ++i) {
    const auto& objs = objects[i];
    if (objs.empty()) continue;
    const size_t want = std::min<size_t>(objs.size(), kSampledObjects);
    std::unordered_map<uint32_t, uint32_t> set_count;
    std::vector<uint32_t> hits;
    for (size_t k = 0; k < want; ++k) {
      hits.clear();
      class_hits(objs[k * objs.size() / want], hits);
      std::vector<uint32_t> sets;
      for (const uint32_t c : hits) sets.push_back(find_set(up, c));
      std::sort(sets.begin(), sets.end());
      sets.erase(std::unique(sets.begin(), sets.end()), sets.end());
      for (const uint32_t s : sets) ++set_count[s];
    }
    uint32_t best = UINT32_MAX, best_count = 0;
    for (const auto& [s, count] : set_count)
      if (count > best_count || (count == best_count && s < best)) best = s, best_count = count;
    if (best != UINT32_MAX && 2 * best_count > want) class_set[i] = best;
  }

  // 4. One suspect per component.
  std::vector<LeakSuspect> named;    // named by a pattern
  std::vector<LeakSuspect> by_class;  // the rest, in their order
  std::unordered_map<uint32_t, size_t> named_of_set;
  std::vector<uint32_t> sets;
  for (uint32_t c = 0; c < cands.size(); ++c)
    if (find_set(up, c) == c) sets.push_back(c);
  // Sets in the order of their lead's rank among the patterns (pattern_growth's order).
  std::sort(sets.begin(), sets.end(),
            [&](uint32_t x, uint32_t y) { return lead_of_set[x] < lead_of_set[y]; });
  for (const uint32_t set : sets) {
    const uint32_t lead = lead_of_set[set];
    const PatternSeries& p = patterns[cands[lead]];
    LeakSuspect s;
    s.group = kNoGroup;
    s.pattern = static_cast<int32_t>(cands[lead]);
    s.name = p.subject;
    s.key = p.key;
    for (const uint64_t c : p.counts)
      s.counts.push_back(static_cast<uint32_t>(std::min<uint64_t>(c, UINT32_MAX)));
    s.sizes = p.retained;
    s.grows_every_step = p.grows_every_step;
    s.retained_growth = static_cast<uint64_t>(std::max<int64_t>(0, p.bytes_growth()));
    if (p.location.known()) {
      s.site = location_text(p.location);
      s.sites.push_back(SiteShare{s.site, static_cast<uint32_t>(s.counts.back())});
    }
    for (uint32_t c = 0; c < cands.size(); ++c)
      if (c != lead && find_set(up, c) == set) s.related_patterns.push_back(cands[c]);
    named_of_set.emplace(set, named.size());
    named.push_back(std::move(s));
  }
  for (uint32_t i = 0; i < suspects.size(); ++i) {
    LeakSuspect& cls = suspects[i];
    if (class_set[i] == UINT32_MAX) {
      by_class.push_back(std::move(cls));
      continue;
    }
    LeakSuspect& s = named[named_of_set.at(class_set[i])];
    if (s.group == kNoGroup) {
      // The first (most evidence) class suspect of the objects: its figures, the pattern's name.
      LeakSuspect merged = std::move(cls);  // its class stays its group's name
      merged.name = s.name;  // its key stays its class's key: `pattern` names the pattern
      merged.pattern = s.pattern;
      merged.related_patterns = s.related_patterns;
      s = std::move(merged);
    } else {
      s.related.push_back(cls.name);
      for (const auto& r : cls.related) s.related.push_back(r);
    }
  }
  std::stable_sort(named.begin(), named.end(), [](const LeakSuspect& x, const LeakSuspect& y) {
    return x.retained_growth > y.retained_growth;
  });

  // 5. Merge the two lists by bytes gained.
  std::vector<LeakSuspect> out;
  size_t a = 0, b = 0;
  while (a < named.size() || b < by_class.size()) {
    const bool take_named =
        b == by_class.size() ||
        (a < named.size() && named[a].retained_growth >= by_class[b].retained_growth);
    out.push_back(std::move(take_named ? named[a++] : by_class[b++]));
  }
  if (out.size() > max_suspects) out.resize(max_suspects);
  // 6. Paths of the suspects found by their pattern alone: those of the pattern's examples.
  if (in.retainers) {
    for (LeakSuspect& s : out) {
      if (s.group != kNoGroup || s.pattern < 0) continue;
      const PatternSeries& p = patterns[static_cast<size_t>(s.pattern)];
      std::vector<NodeOrdinal> examples;
      for (const graph::NodeId id : p.examples)
        for (const NodeOrdinal v : anchors_by_id[id]) examples.push_back(v);
      sample_retainer_paths(g, in.analysis->dom_state, *in.retainers, examples, in.paths_sampled,
                            in.path_clusters, s);
    }
  }
  suspects = std::move(out);
}

}  // namespace heapsnap::analysis

// Snapshot series: per-snapshot summaries, object matching by id, group series. See
// snapshot_diff.h for what is kept and why.
//
// Performance notes:
//  - A summary is four flat arrays sorted by id and class (radix sort on the 32-bit id: three
//    stable passes of 11 bits over packed id/ordinal keys; the rare runs of one id are then sorted
//    by class), so matching two snapshots is one merge walk.
//  - Only objects with a non-zero shallow size are summarized: the others are not counted by any
//    group (DevTools skips them) and their bytes were moved onto their owner.
//  - Group keys are strings, but they are looked up once per class / site of a snapshot, never
//    per node; per node there are only 32-bit group indices.
#include "heapsnap/analysis/snapshot_diff.h"

#include "heapsnap/analysis/pattern_suspects.h"
#include "heapsnap/analysis/v8_internal.h"

#include <fmt/format.h>
#include <tsl/robin_map.h>

#include <algorithm>
#include <future>
#include <numeric>
#include <string>
#include <tuple>
#include <utility>

#include "heapsnap/analysis/devtools_analysis.h"
#include "heapsnap/analysis/dominator_children.h"
#include "heapsnap/analysis/portable_class_name.h"
#include "heapsnap/util/error.h"

namespace heapsnap::analysis {

using graph::HeapGraph;
using graph::kNoNode;
using graph::NodeId;
using graph::NodeKind;
using graph::NodeOrdinal;

namespace {

constexpr uint32_t kNone = kNoGroup;

// --- Groups ------------------------------------------------------------------------------------

struct ClassMeta {
  std::string key;
  std::string name;
  std::string portable_name;  // run-independent form of name (portable_class_name.h)
  uint8_t kind_rank = 0;
  bool v8_internal = false;
};

struct SiteMeta {
  std::string label;
  std::string portable_label;  // with run-independent script names
  bool is_stack = false;
};

// Strings -> dense indices, first come first numbered.
class KeyTable {
 public:
  // Index of `key`, and whether it was added now.
  std::pair<uint32_t, bool> intern(const std::string& key) {
    auto [it, inserted] = index_.emplace(key, static_cast<uint32_t>(index_.size()));
    return {it->second, inserted};
  }
  uint32_t size() const { return static_cast<uint32_t>(index_.size()); }

 private:
  tsl::robin_map<std::string, uint32_t> index_;
};

bool is_user_script(std::string_view script) {
  if (script.empty() || script.starts_with("node:") || script.starts_with("script#")) return false;
  // Node's own scripts are "node:..."; embedders' built-ins have no path either.
  return script.find('/') != std::string_view::npos ||
         script.find('\\') != std::string_view::npos || script.find('.') != std::string_view::npos;
}

// Kind rank and V8-internal flag of a class (leak_ranking.h, "Kinds").
void classify(const HeapGraph& g, const ClassInfo& c, const ScriptNames& scripts, ClassMeta& meta) {
  meta.v8_internal = is_v8_internal_class(g, c);
  const NodeOrdinal n = c.first_node;
  const NodeKind kind = n != kNoNode ? g.node_kind(n) : NodeKind::kOther;
  switch (kind) {
    case NodeKind::kCode:
    case NodeKind::kHidden:
    case NodeKind::kObjectShape:
    case NodeKind::kSynthetic:
      meta.kind_rank = 0;
      return;
    case NodeKind::kObject:
    case NodeKind::kNative:
      if (c.name.starts_with("system / ")) {
        meta.kind_rank = 0;
      } else if (kind == NodeKind::kNative) {
        meta.kind_rank = 2;
      } else if (c.has_location) {
        meta.kind_rank = is_user_script(scripts.name(c.script_id)) ? 3 : 2;
      } else {
        meta.kind_rank = 1;
      }
      return;
    default:
      meta.kind_rank = 0;
      return;
  }
}

// --- Per-snapshot summary ----------------------------------------------------------------------

struct Summary {
  SnapshotInfo info;
  // Objects with a non-zero shallow size, sorted by id, then class group. An id can repeat: V8
  // never writes one twice, but hand-made snapshots (DevTools' own tests) do, and DevTools keeps
  // every object, so each is counted here as in the group counts.
  std::vector<NodeId> ids;
  std::vector<uint32_t> cls;                       // class group
  std::vector<uint32_t> site;                      // site group or kNone
  std::vector<uint32_t> size;                      // shallow size, UINT32_MAX: look in `big`
  std::vector<std::pair<uint32_t, uint64_t>> big;  // (position, size) sorted by position
  std::vector<NodeOrdinal> ordinal;                // kept for the last snapshot only
  // Per group index (shorter vectors: groups first seen later have nothing here).
  std::vector<uint32_t> class_count;
  std::vector<uint64_t> class_size, class_retained;
  std::vector<uint32_t> class_site;  // commonest site of the class's objects, or kNone
  std::vector<uint32_t> site_count;
  std::vector<uint64_t> site_size, site_retained;
  // Per class group: its run-independent key in this snapshot ("" when it has no class here).
  // Kept per snapshot, not per group: across runs one script id can name different scripts.
  std::vector<std::string> class_portable;

  uint64_t size_at(size_t i) const {
    if (size[i] != UINT32_MAX) return size[i];
    const auto it = std::lower_bound(big.begin(), big.end(),
                                     std::pair<uint32_t, uint64_t>(static_cast<uint32_t>(i), 0));
    return it != big.end() && it->first == i ? it->second : UINT32_MAX;
  }
};

template <typename T>
T at_or_zero(const std::vector<T>& v, uint32_t i) {
  return i < v.size() ? v[i] : T{};
}

// Stable LSD radix sort of packed (id << 32 | ordinal) keys by their upper 32 bits.
void radix_sort_by_id(std::vector<uint64_t>& keys) {
  std::vector<uint64_t> tmp(keys.size());
  constexpr int kBits = 11;
  constexpr size_t kBuckets = size_t{1} << kBits;
  for (int shift = 32; shift < 64; shift += kBits) {
    std::vector<size_t> count(kBuckets + 1, 0);
    for (const uint64_t k : keys) ++count[((k >> shift) & (kBuckets - 1)) + 1];
    for (size_t b = 1; b <= kBuckets; ++b) count[b] += count[b - 1];
    for (const uint64_t k : keys) tmp[count[(k >> shift) & (kBuckets - 1)]++] = k;
    keys.swap(tmp);
  }
}

// Retained size of the top-most node of each key on every dominator-tree path (as DevTools'
// class retained size): an iterative walk of the dominator tree with a per-key nesting counter.
std::vector<uint64_t> topmost_retained(const DevtoolsRetained& r, NodeOrdinal root,
                                       std::span<const uint32_t> key,
                                       std::span<const uint64_t> shallow, uint32_t key_count) {
  std::vector<uint64_t> result(key_count, 0);
  std::vector<uint32_t> active(key_count, 0);
  const DominatorChildren children(r.idom, root);
  std::vector<uint64_t> stack;  // node << 1 | exiting
  stack.push_back(uint64_t{root} << 1);
  while (!stack.empty()) {
    const uint64_t top = stack.back();
    stack.pop_back();
    const auto n = static_cast<NodeOrdinal>(top >> 1);
    const uint32_t k = key[n];
    const bool counted = k != kNone && shallow[n] != 0;
    if (top & 1) {
      if (counted) --active[k];
      continue;
    }
    if (counted) {
      if (active[k]++ == 0) result[k] += r.retained[n];
      stack.push_back(top | 1);
    }
    for (const NodeOrdinal c : children.of(n)) stack.push_back(uint64_t{c} << 1);
  }
  return result;
}

// Step from -> to: per-group deltas and the identity check.
struct StepResult {
  std::vector<StepDelta> classes, sites;
  IdentityCheck identity;
};

StepResult compare_step(const Summary& a, const Summary& b, uint32_t class_count,
                        uint32_t site_count) {
  StepResult r;
  r.classes.resize(class_count);
  r.sites.resize(site_count);
  IdentityCheck& id = r.identity;
  // Site rows count an object's own site; a matched object whose site changed (its allocation
  // site's text differs between the snapshots) leaves the old site and joins the new one, so
  // site rows add up as class rows do.
  const auto site_removed = [&](size_t i) {
    if (a.site[i] == kNone) return;
    auto& t = r.sites[a.site[i]];
    ++t.deleted_count;
    t.freed_size += a.size_at(i);
  };
  const auto site_added = [&](size_t j) {
    if (b.site[j] == kNone) return;
    auto& t = r.sites[b.site[j]];
    ++t.new_count;
    t.allocated_size += b.size_at(j);
  };
  const auto removed = [&](size_t i) {
    auto& c = r.classes[a.cls[i]];
    ++c.deleted_count;
    c.freed_size += a.size_at(i);
    site_removed(i);
  };
  const auto added = [&](size_t j) {
    auto& c = r.classes[b.cls[j]];
    ++c.new_count;
    c.allocated_size += b.size_at(j);
    site_added(j);
  };
  // Objects are matched by id AND class group, as DevTools' Comparison does (it walks per-class
  // lists sorted by id): an id whose class changed is one object deleted from the old class and
  // one new in the new class; each object is matched at most once. Walked one id at a time.
  size_t i = 0, j = 0;
  const size_t na = a.ids.size(), nb = b.ids.size();
  while (i < na || j < nb) {
    const NodeId v = j == nb ? a.ids[i] : i == na ? b.ids[j] : std::min(a.ids[i], b.ids[j]);
    size_t i_end = i, j_end = j;
    while (i_end < na && a.ids[i_end] == v) ++i_end;
    while (j_end < nb && b.ids[j_end] == v) ++j_end;
    if (i == i_end) {
      for (; j < j_end; ++j) {
        ++id.new_ids;
        if (value(v) & 1) {
          ++id.new_js_ids;
          if (v < a.info.max_js_id) ++id.new_ids_below_max;
        }
        added(j);
      }
      continue;
    }
    if (j == j_end) {
      for (; i < i_end; ++i) removed(i);
      continue;
    }
    ++id.shared_ids;
    bool same_class = false;
    while (i < i_end || j < j_end) {
      if (j == j_end || (i < i_end && a.cls[i] < b.cls[j])) {
        removed(i++);
      } else if (i == i_end || b.cls[j] < a.cls[i]) {
        added(j++);
      } else {
        same_class = true;
        if (a.site[i] != b.site[j]) {
          site_removed(i);
          site_added(j);
        }
        ++i;
        ++j;
      }
    }
    if (same_class) ++id.shared_same_class;
  }
  // In one process a new object's id is above every id already given out, and a shared id is
  // the same object. A few exceptions are normal (objects whose shallow size was 0 before and
  // so were not summarized; plain objects whose inferred class name changed as properties came).
  const double below =
      id.new_js_ids ? static_cast<double>(id.new_ids_below_max) / id.new_js_ids : 0.0;
  const double same =
      id.shared_ids ? static_cast<double>(id.shared_same_class) / id.shared_ids : 1.0;
  if (id.new_ids_below_max > 100 && below > 0.1) {
    id.same_process = false;
    id.reason = fmt::format(
        "{:.0f}% of the JavaScript objects new in the later snapshot have ids below the "
        "earlier snapshot's largest id",
        below * 100);
  } else if (id.shared_ids > 100 && same < 0.8) {
    id.same_process = false;
    id.reason = fmt::format(
        "only {:.0f}% of the ids present in both snapshots name an object of "
        "the same class",
        same * 100);
  } else if (id.shared_ids == 0 && na > 0 && nb > 0) {
    id.same_process = false;
    id.reason = "no object id is present in both snapshots";
  }
  return r;
}

}  // namespace

// --- GroupSeries -------------------------------------------------------------------------------

bool GroupSeries::grows_every_step() const {
  if (counts.size() < 2) return false;
  for (size_t i = 0; i + 1 < counts.size(); ++i)
    if (counts[i + 1] <= counts[i]) return false;
  return true;
}

// --- DiffEngine --------------------------------------------------------------------------------

struct DiffEngine::State {
  size_t expected = 0;
  DiffOptions options;
  KeyTable class_keys, site_keys;
  std::vector<ClassMeta> classes;
  std::vector<SiteMeta> sites;
  std::vector<Summary> summaries;
  // The last snapshot, kept whole.
  HeapGraph last_graph;
  DevtoolsAnalysis last_analysis;        // classes.node_class holds global class groups
  std::vector<uint32_t> last_node_site;  // global site group per node, or kNone
  std::vector<std::vector<detectors::Finding>> findings;  // per snapshot

  void merge_by_portable_keys();
};

// Across runs: class groups become the run-independent keys of their classes, site groups the
// portable labels of their sites (snapshot_diff.h, "Across runs"). Group aggregates are summed;
// the last snapshot's per-node groups follow, for the ranking. Objects are not matched by id
// across runs, so the per-object summaries are left as they are.
void DiffEngine::State::merge_by_portable_keys() {
  // Sites: one portable label per site group.
  KeyTable site_table;
  std::vector<SiteMeta> merged_sites;
  std::vector<uint32_t> site_map(sites.size());
  for (size_t t = 0; t < sites.size(); ++t) {
    const auto [to, inserted] = site_table.intern(sites[t].portable_label);
    if (inserted)
      merged_sites.push_back(
          SiteMeta{sites[t].portable_label, sites[t].portable_label, sites[t].is_stack});
    site_map[t] = to;
  }
  const auto map_site = [&](uint32_t t) { return t == kNone ? kNone : site_map[t]; };

  // Classes: per snapshot, each group to its portable key there.
  KeyTable class_table;
  std::vector<ClassMeta> merged_classes;
  std::vector<uint32_t> last_class_map;
  for (Summary& s : summaries) {
    std::vector<uint32_t> class_map(s.class_portable.size(), kNone);
    for (size_t g = 0; g < s.class_portable.size(); ++g) {
      if (s.class_portable[g].empty()) continue;
      const auto [to, inserted] = class_table.intern(s.class_portable[g]);
      if (inserted) {
        ClassMeta meta = classes[g];
        meta.key = s.class_portable[g];
        meta.name = meta.portable_name;
        merged_classes.push_back(std::move(meta));
      }
      class_map[g] = to;
    }
    const uint32_t class_count = class_table.size();
    std::vector<uint32_t> count(class_count, 0), best(class_count, 0);
    std::vector<uint64_t> size(class_count, 0), retained(class_count, 0);
    std::vector<uint32_t> class_site(class_count, kNone);
    for (size_t g = 0; g < class_map.size(); ++g) {
      const uint32_t to = class_map[g];
      if (to == kNone) continue;
      const uint32_t n = at_or_zero(s.class_count, static_cast<uint32_t>(g));
      count[to] += n;
      size[to] += at_or_zero(s.class_size, static_cast<uint32_t>(g));
      retained[to] += at_or_zero(s.class_retained, static_cast<uint32_t>(g));
      // The commonest site of the member with the most objects.
      const uint32_t site = g < s.class_site.size() ? map_site(s.class_site[g]) : kNone;
      if (site != kNone && (class_site[to] == kNone || n > best[to])) {
        class_site[to] = site;
        best[to] = n;
      }
    }
    s.class_count = std::move(count);
    s.class_size = std::move(size);
    s.class_retained = std::move(retained);
    s.class_site = std::move(class_site);
    const uint32_t site_count = site_table.size();
    std::vector<uint32_t> site_counts(site_count, 0);
    std::vector<uint64_t> site_size(site_count, 0), site_retained(site_count, 0);
    for (uint32_t t = 0; t < s.site_count.size(); ++t) {
      site_counts[site_map[t]] += s.site_count[t];
      site_size[site_map[t]] += at_or_zero(s.site_size, t);
      site_retained[site_map[t]] += at_or_zero(s.site_retained, t);
    }
    s.site_count = std::move(site_counts);
    s.site_size = std::move(site_size);
    s.site_retained = std::move(site_retained);
    last_class_map = std::move(class_map);
  }
  for (auto& c : last_analysis.classes.node_class)
    if (c != kNone) c = c < last_class_map.size() ? last_class_map[c] : kNone;
  for (auto& t : last_node_site) t = map_site(t);
  classes = std::move(merged_classes);
  sites = std::move(merged_sites);
  class_keys = std::move(class_table);
  site_keys = std::move(site_table);
}

DiffEngine::DiffEngine(size_t snapshot_count, DiffOptions options)
    : state_(std::make_unique<State>()) {
  if (snapshot_count < 2) throw Error("a diff needs at least two snapshots");
  state_->expected = snapshot_count;
  state_->options = std::move(options);
}

DiffEngine::~DiffEngine() = default;

size_t DiffEngine::added() const { return state_->summaries.size(); }

void DiffEngine::add(std::string label, HeapGraph graph, DevtoolsAnalysis analysis,
                     AllocationSites sites, std::vector<detectors::Finding> findings) {
  State& st = *state_;
  if (st.summaries.size() >= st.expected)
    throw Error(fmt::format("more snapshots added than the {} announced", st.expected));
  const bool is_last = st.summaries.size() + 1 == st.expected;
  if (analysis.classes.node_class.size() != graph.node_count() ||
      sites.node_site.size() != graph.node_count())
    throw Error("diff: a snapshot was added without its classes or allocation sites");
  const ScriptNames scripts(graph);
  const uint32_t n = graph.node_count();

  Summary s;
  s.info.label = std::move(label);
  s.info.node_count = n;
  s.info.edge_count = graph.edge_count();
  s.info.total_size = analysis.retained.total_size;
  s.info.allocation_stacks = graph.features().allocation_traces;
  s.info.stack_sited = sites.stack_nodes;
  s.info.location_sited = sites.location_nodes;

  // Local class -> global class group.
  const auto& local_classes = analysis.classes.classes;
  std::vector<uint32_t> class_group(local_classes.size());
  std::vector<std::string> local_portable(local_classes.size());
  for (size_t c = 0; c < local_classes.size(); ++c) {
    const auto [gid, inserted] = st.class_keys.intern(local_classes[c].key());
    if (inserted) {
      ClassMeta meta;
      meta.key = local_classes[c].key();
      meta.name = local_classes[c].name;
      meta.portable_name = portable_class_name(meta.name);
      classify(graph, local_classes[c], scripts, meta);
      st.classes.push_back(std::move(meta));
    }
    class_group[c] = gid;
    local_portable[c] = portable_class_key(local_classes[c], scripts);
  }
  // Local site -> global site group.
  std::vector<uint32_t> site_group(sites.sites.size());
  for (size_t k = 0; k < sites.sites.size(); ++k) {
    const auto [gid, inserted] = st.site_keys.intern(sites.sites[k].label);
    if (inserted)
      st.sites.push_back(SiteMeta{sites.sites[k].label, portable_site_label(sites.sites[k]),
                                  sites.sites[k].kind == SiteKind::kStack});
    site_group[k] = gid;
  }
  // Per node: global groups, in place.
  auto& node_class = analysis.classes.node_class;
  auto& node_site = sites.node_site;
  for (NodeOrdinal v = 0; v < n; ++v) {
    node_class[v] = node_class[v] == ClassAggregates::kNoClass ? kNone : class_group[node_class[v]];
    if (node_site[v] != AllocationSites::kNoSite) node_site[v] = site_group[node_site[v]];
    const NodeId id = graph.node_id(v);
    NodeId& max_id = (value(id) & 1) ? s.info.max_js_id : s.info.max_native_id;
    max_id = std::max(max_id, id);
  }

  // Group aggregates.
  const uint32_t class_count = st.class_keys.size();
  const uint32_t site_count = st.site_keys.size();
  s.class_count.assign(class_count, 0);
  s.class_size.assign(class_count, 0);
  s.class_retained.assign(class_count, 0);
  s.class_portable.assign(class_count, std::string());
  for (size_t c = 0; c < local_classes.size(); ++c) {
    const uint32_t gid = class_group[c];
    s.class_count[gid] += local_classes[c].count;
    s.class_size[gid] += local_classes[c].self_size;
    s.class_retained[gid] += local_classes[c].max_retained;
    s.class_portable[gid] = std::move(local_portable[c]);
  }
  s.site_count.assign(site_count, 0);
  s.site_size.assign(site_count, 0);
  const auto& shallow = analysis.shallow;
  // The sites' retained sizes (a dominator-tree walk) on a second core, the summary here.
  auto site_retained_job = std::async(std::launch::async, [&] {
    return topmost_retained(analysis.retained, graph.root(), node_site, shallow, site_count);
  });
  std::vector<uint64_t> keys;
  keys.reserve(n);
  {
    // Commonest site per class: (class, site) pair counts. Consecutive nodes often share both.
    tsl::robin_map<uint64_t, uint32_t> pair_count;
    uint64_t run_key = UINT64_MAX;
    uint32_t run = 0;
    const auto flush = [&] {
      if (run != 0) pair_count[run_key] += run;
    };
    for (NodeOrdinal v = 0; v < n; ++v) {
      if (shallow[v] == 0) continue;
      keys.push_back(uint64_t{value(graph.node_id(v))} << 32 | v);
      const uint32_t site = node_site[v];
      if (site == kNone) continue;
      ++s.site_count[site];
      s.site_size[site] += shallow[v];
      const uint64_t key = uint64_t{node_class[v]} << 32 | site;
      if (key != run_key) {
        flush();
        run_key = key;
        run = 0;
      }
      ++run;
    }
    flush();
    s.class_site.assign(class_count, kNone);
    std::vector<uint32_t> best(class_count, 0);
    for (const auto& [key, count] : pair_count) {
      const auto cls = static_cast<uint32_t>(key >> 32);
      const auto site = static_cast<uint32_t>(key);
      const uint32_t cur = s.class_site[cls];
      // Allocation stacks before constructor locations, then the most objects, then the smaller
      // index (so the choice does not depend on hash order).
      const auto rank = [&](uint32_t t, uint32_t c) {
        return std::tuple(st.sites[t].is_stack, c, -static_cast<int64_t>(t));
      };
      if (cur == kNone || rank(site, count) > rank(cur, best[cls])) {
        s.class_site[cls] = site;
        best[cls] = count;
      }
    }
  }

  // Sorted summary: by id, then (within the rare runs of one id) by class group.
  radix_sort_by_id(keys);
  for (size_t run = 0; run < keys.size();) {
    size_t run_end = run + 1;
    while (run_end < keys.size() && (keys[run_end] >> 32) == (keys[run] >> 32)) ++run_end;
    if (run_end - run > 1)
      std::stable_sort(keys.begin() + static_cast<ptrdiff_t>(run),
                       keys.begin() + static_cast<ptrdiff_t>(run_end),
                       [&](uint64_t x, uint64_t y) {
                         return node_class[static_cast<NodeOrdinal>(x)] <
                                node_class[static_cast<NodeOrdinal>(y)];
                       });
    run = run_end;
  }
  s.ids.reserve(keys.size());
  s.cls.reserve(keys.size());
  s.site.reserve(keys.size());
  s.size.reserve(keys.size());
  if (is_last) s.ordinal.reserve(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    const auto id = static_cast<NodeId>(keys[i] >> 32);
    const auto v = static_cast<NodeOrdinal>(keys[i]);
    const uint64_t size = shallow[v];
    if (size >= UINT32_MAX) s.big.emplace_back(static_cast<uint32_t>(s.ids.size()), size);
    s.ids.push_back(id);
    s.cls.push_back(node_class[v]);
    s.site.push_back(node_site[v]);
    s.size.push_back(static_cast<uint32_t>(std::min<uint64_t>(size, UINT32_MAX)));
    if (is_last) s.ordinal.push_back(v);
  }
  s.info.objects = static_cast<uint32_t>(s.ids.size());
  std::vector<uint64_t>().swap(keys);
  s.site_retained = site_retained_job.get();

  st.summaries.push_back(std::move(s));
  st.findings.push_back(std::move(findings));
  if (is_last) {
    st.last_graph = std::move(graph);
    st.last_analysis = std::move(analysis);
    st.last_node_site = std::move(sites.node_site);
  }
}

DiffResult DiffEngine::finish() {
  State& st = *state_;
  if (st.summaries.size() != st.expected)
    throw Error(fmt::format("{} snapshots announced, {} added", st.expected, st.summaries.size()));
  DiffResult result;
  const size_t count = st.summaries.size();
  for (const auto& s : st.summaries) result.snapshots.push_back(s.info);

  // Steps.
  std::vector<StepResult> steps;
  for (size_t i = 0; i + 1 < count; ++i) {
    steps.push_back(compare_step(st.summaries[i], st.summaries[i + 1], st.class_keys.size(),
                                 st.site_keys.size()));
    IdentityCheck& identity = steps.back().identity;
    if (st.options.across_runs && identity.same_process) {
      identity.same_process = false;
      identity.reason = "the snapshots were said to come from different runs";
    }
    result.identity.push_back(identity);
    if (!identity.same_process) result.ids_comparable = false;
    if (!identity.same_process && !st.options.across_runs)
      result.notes.push_back(fmt::format(
          "snapshots {} and {} do not look like one process ({}): objects are not matched by id, "
          "groups are compared by count and size only",
          st.summaries[i].info.label, st.summaries[i + 1].info.label, identity.reason));
  }
  if (st.options.across_runs)
    result.notes.push_back(
        "snapshots of different runs: objects are not matched by id, groups are compared by "
        "count and size only");
  if (!result.ids_comparable) {
    st.merge_by_portable_keys();
    result.portable_keys = true;
    result.notes.push_back(
        "classes and sites are compared in their run-independent form: origins without ports, "
        "no @id suffixes, properties of {…} names sorted, script file names instead of script "
        "ids and paths");
  }
  const uint32_t class_count = st.class_keys.size();
  const uint32_t site_count = st.site_keys.size();

  // Group series.
  const auto make_series = [&](bool by_class, uint32_t g) {
    GroupSeries row;
    if (by_class) {
      row.key = st.classes[g].key;
      row.name = st.classes[g].name;
      row.kind_rank = st.classes[g].kind_rank;
      row.v8_internal = st.classes[g].v8_internal;
      for (size_t s = count; s-- > 0;) {
        const uint32_t site = at_or_zero(st.summaries[s].class_site, g);
        if (g < st.summaries[s].class_site.size() && site != kNone) {
          row.site = st.sites[site].label;
          break;
        }
      }
    } else {
      row.key = st.sites[g].label;
      row.name = st.sites[g].label;
    }
    for (const auto& s : st.summaries) {
      row.counts.push_back(at_or_zero(by_class ? s.class_count : s.site_count, g));
      row.sizes.push_back(at_or_zero(by_class ? s.class_size : s.site_size, g));
      row.retained.push_back(at_or_zero(by_class ? s.class_retained : s.site_retained, g));
    }
    for (const auto& step : steps)
      row.steps.push_back(result.ids_comparable ? (by_class ? step.classes : step.sites)[g]
                                                : StepDelta{});
    return row;
  };
  result.classes.reserve(class_count);
  for (uint32_t g = 0; g < class_count; ++g) result.classes.push_back(make_series(true, g));
  result.sites.reserve(site_count);
  for (uint32_t g = 0; g < site_count; ++g) result.sites.push_back(make_series(false, g));
  steps.clear();

  // New objects and survivors of the last snapshot.
  const Summary& last = st.summaries.back();
  std::vector<uint8_t> flags;
  if (result.ids_comparable) {
    flags.assign(st.last_graph.node_count(), 0);
    constexpr uint8_t kInSecond = 4;
    // An object of the last snapshot is in `base` if an object of the same id and class group
    // is (matched one to one, as in compare_step).
    const auto mark_absent = [&](const Summary& base, uint8_t absent_bit, uint8_t present_bit) {
      const auto before = [&](size_t i, size_t j) {
        return base.ids[i] < last.ids[j] ||
               (base.ids[i] == last.ids[j] && base.cls[i] < last.cls[j]);
      };
      size_t i = 0;
      for (size_t j = 0; j < last.ids.size(); ++j) {
        while (i < base.ids.size() && before(i, j)) ++i;
        const bool present =
            i < base.ids.size() && base.ids[i] == last.ids[j] && base.cls[i] == last.cls[j];
        if (present) ++i;
        flags[last.ordinal[j]] |= present ? present_bit : absent_bit;
      }
    };
    mark_absent(st.summaries.front(), kNodeNew, 0);
    if (count >= 3) mark_absent(st.summaries[1], 0, kInSecond);
    for (size_t j = 0; j < last.ids.size(); ++j) {
      uint8_t& f = flags[last.ordinal[j]];
      if ((f & kNodeNew) && (count == 2 || (f & kInSecond))) f |= kNodeSurvivor;
      f &= static_cast<uint8_t>(~kInSecond);
      if (f & kNodeSurvivor) {
        const uint64_t size = last.size_at(j);
        auto& c = result.classes[last.cls[j]];
        ++c.survivor_count;
        c.survivor_size += size;
        if (last.site[j] != kNone) {
          auto& t = result.sites[last.site[j]];
          ++t.survivor_count;
          t.survivor_size += size;
        }
      }
    }
  }

  // Notes.
  const bool stacks = std::any_of(result.snapshots.begin(), result.snapshots.end(),
                                  [](const SnapshotInfo& s) { return s.allocation_stacks; });
  if (!stacks)
    result.notes.push_back(
        "no allocation stacks in these snapshots: sites are constructor and function locations "
        "(record with node --track-heap-objects for allocation stacks)");

  // Everything but the last snapshot's graph is done with: free the summaries (16-20 bytes per
  // object each) before the ranking builds the reverse edge index.
  for (auto& s : st.summaries) s = Summary{};

  // The last snapshot's nearest retainers, for the paths of class and pattern suspects alike.
  std::optional<NearestRetainers> retainers;
  if (st.options.rank) retainers.emplace(st.last_graph, st.last_analysis.distance);
  if (st.options.rank) {
    std::vector<std::string> site_labels;
    std::vector<uint8_t> site_is_stack;
    site_labels.reserve(site_count);
    for (const auto& s : st.sites) {
      site_labels.push_back(s.label);
      site_is_stack.push_back(s.is_stack ? 1 : 0);
    }
    RankingInput input;
    input.graph = &st.last_graph;
    input.analysis = &st.last_analysis;
    input.node_group = st.last_analysis.classes.node_class;
    input.node_site = st.last_node_site;
    input.site_labels = site_labels;
    input.site_is_stack = site_is_stack;
    input.node_flags = flags;
    input.groups = result.classes;
    input.snapshot_count = count;
    input.ids_comparable = result.ids_comparable;
    input.retainers = &*retainers;
    result.suspects = rank_leaks(input, st.options.ranking);
  }
  if (st.options.patterns) {
    result.has_patterns = true;
    result.patterns = pattern_growth(st.findings, st.options.pattern_floors);
    if (st.options.rank) {
      PatternSuspectInput input;
      input.graph = &st.last_graph;
      input.analysis = &st.last_analysis;
      input.node_group = st.last_analysis.classes.node_class;
      input.node_flags = flags;
      input.retainers = &*retainers;
      input.paths_sampled = st.options.ranking.paths_sampled;
      input.path_clusters = st.options.ranking.path_clusters;
      merge_pattern_suspects(input, result.patterns, result.suspects,
                             st.options.ranking.max_suspects);
    }
  }
  return result;
}

std::vector<uint32_t> order_by_growth(const std::vector<GroupSeries>& groups) {
  std::vector<uint32_t> order(groups.size());
  std::iota(order.begin(), order.end(), 0u);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    const GroupSeries& x = groups[a];
    const GroupSeries& y = groups[b];
    const size_t last = x.counts.size() - 1;
    const int64_t dx = x.size_delta(0, last), dy = y.size_delta(0, last);
    if (dx != dy) return dx > dy;
    const int64_t cx = x.count_delta(0, last), cy = y.count_delta(0, last);
    if (cx != cy) return cx > cy;
    if (x.name != y.name) return x.name < y.name;
    return x.key < y.key;
  });
  return order;
}

}  // namespace heapsnap::analysis

// Leak ranking: from the per-group series of a snapshot diff (snapshot_diff.h) and the last
// snapshot's graph, a short list of leak suspects ordered by evidence, each with its counts per
// snapshot, where its objects were allocated and who keeps them alive.
//
// The evidence, per group (DevTools class):
//   - survivors: objects allocated between the first and second snapshot that are still alive in
//     the last (the "3-snapshot technique"; with two snapshots, the objects new in the second);
//   - growth in every step: the group's count grows from each snapshot to the next;
//   - retained growth: bytes of objects created after the first snapshot that the group's new
//     objects keep alive in the last snapshot (dominator subtrees of the group's top-most new
//     objects, counting new objects only, so old objects moved under a new one do not count).
// The noise floor: a group is a candidate only if it grows in every step by at least
// min_step_count objects and min_step_bytes bytes, keeps at least min_survivors survivors and
// min_retained_growth bytes, and is not V8's own (compiled code, (system), object shapes, "system
// / ..." internals, synthetic nodes). Counts ride out churn: a slow leak is a steady count of
// survivors under any amount of allocate-and-free.
//
// Nesting. The objects of one leak often show up in several groups: a leaked RequestContext, its
// `user` object and its strings; or a closure, its context and the object it captures; or a
// Timeout holding a closure holding a StatusPoller. Group B is nested in group A when most of B's
// survivors have a new object of A above them in the dominator tree. Such groups become one
// suspect, named after the group that dominates the others, except when that group is a less
// specific kind than the dominated one: then the dominated group names the suspect, since it is
// what the program defined and the property to fix leads to it. Kinds, most specific first:
//   3 objects whose constructor is defined in the program's own scripts;
//   2 objects whose constructor is defined in Node's or another runtime's built-in scripts
//     ("node:..." and scripts without a path), and native objects;
//   1 objects without a constructor location (plain objects, objects made by the runtime);
//   0 closures, arrays, strings, numbers and other V8 value types.
// Groups whose survivors mostly hang from one and the same old object (the immediate dominator of
// the outermost new objects above them: a Map's table, an array's elements) are folded together
// too: one reference holds both, e.g. a Map of strings keyed by concatenated strings. The root,
// GC root categories and user roots such as `global` do not count as such an object.
//
// Retainer paths. For each suspect up to paths_sampled surviving objects (spread evenly over the
// group) get one shortest retainer path each (RetainerPathFinder: DevTools' distances, weak edges
// skipped), made readable (readable_path.h: from the holder, runtime internals folded). Paths are
// clustered by their readable signature (indices, keys and ids left out, repeats collapsed, the
// way to the holder included), so paths that differ only inside folded internals (which global
// timer function led into Node's timer list, which link of it was taken) fall together and a
// suspect reads "contextsByRequestId (closure variable of handleRequest) -> Map value ->
// RequestContext, 48 of 48 sampled objects".
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "heapsnap/analysis/class_aggregates.h"
#include "heapsnap/analysis/devtools_analysis.h"
#include "heapsnap/analysis/nearest_retainers.h"
#include "heapsnap/graph/heap_graph.h"

namespace heapsnap::analysis {

// Change from one snapshot to the next within one group, objects matched by id (DevTools'
// Comparison view). All zero when the two snapshots' ids are not comparable.
struct StepDelta {
  uint32_t new_count = 0;       // objects of the group in the later snapshot, not in the earlier
  uint32_t deleted_count = 0;   // objects of the group in the earlier snapshot, not in the later
  uint64_t allocated_size = 0;  // shallow size of the new objects
  uint64_t freed_size = 0;      // shallow size of the deleted objects
};

// One group (a DevTools class, or an allocation site) across all snapshots. Objects are counted
// as DevTools' Summary counts them: nodes with a non-zero shallow size.
struct GroupSeries {
  std::string key;   // identity across snapshots: DevTools' class key, or the site's text
  std::string name;  // class name, or the site's text
  // For class groups: the commonest allocation site of the group's objects in the last snapshot
  // in which it has objects with a site ("" when none has one). Empty for site groups.
  std::string site;
  uint8_t kind_rank = 0;           // 0..3, see "Kinds" above (class groups)
  bool v8_internal = false;        // compiled code, (system), shapes, "system / ...", synthetic
  std::vector<uint32_t> counts;    // per snapshot
  std::vector<uint64_t> sizes;     // per snapshot: summed shallow sizes
  std::vector<uint64_t> retained;  // per snapshot: retained size of the top-most instances
  std::vector<StepDelta> steps;    // snapshots - 1 entries: step i is snapshot i -> i + 1
  // Objects allocated between the first and second snapshot and alive in the last (with two
  // snapshots: new in the second). Zero when ids are not comparable.
  uint32_t survivor_count = 0;
  uint64_t survivor_size = 0;  // their shallow sizes in the last snapshot

  int64_t count_delta(size_t from, size_t to) const {
    return static_cast<int64_t>(counts[to]) - static_cast<int64_t>(counts[from]);
  }
  int64_t size_delta(size_t from, size_t to) const {
    return static_cast<int64_t>(sizes[to]) - static_cast<int64_t>(sizes[from]);
  }
  int64_t retained_delta(size_t from, size_t to) const {
    return static_cast<int64_t>(retained[to]) - static_cast<int64_t>(retained[from]);
  }
  // Count grows from every snapshot to the next (false with fewer than two snapshots).
  bool grows_every_step() const;
};

struct RankingOptions {
  uint32_t max_suspects = 10;
  // Noise floor (see above).
  uint32_t min_step_count = 20;
  uint64_t min_step_bytes = 16 * 1024;
  uint32_t min_survivors = 20;
  uint64_t min_retained_growth = 32 * 1024;
  // Share of a group's survivors under another group's new objects that makes it nested.
  double nested_share = 0.5;
  // Retainer paths.
  uint32_t paths_sampled = 48;  // objects per suspect that get a path
  uint32_t path_clusters = 4;   // signatures kept per suspect
};

// Paths of several objects that read the same once indices, keys and ids are left out.
struct PathCluster {
  // The readable path from its holder, generalized: "recentRequests (global variable) → [] in
  // Array → RequestRecord".
  std::string signature;
  // What leads to the holder, generalized ("" when the holder is the start): "global → (Node
  // timer list) → Timeout._onTimeout → …". Part of the cluster's identity.
  std::string via;
  // One of them, readable: "recentRequests (global variable) → [2681] in Array → RequestRecord
  // @1234", and the same path in full, every edge: "global → recentRequests → [2681] → …".
  std::string example;
  std::string full;
  uint32_t objects = 0;  // sampled objects whose path has this signature
};

struct SiteShare {
  std::string site;
  uint32_t objects = 0;  // survivors (or, without comparable ids, objects) allocated there
};

struct LeakSuspect {
  uint32_t group = 0;  // index into the class groups of the diff
  std::string name;
  std::string key;
  // Where the suspect's surviving objects were allocated, commonest first (allocation stacks
  // preferred over constructor locations when both exist); site is sites[0] or "".
  std::string site;
  std::vector<SiteShare> sites;
  std::vector<uint32_t> counts;  // per snapshot, as in the group
  std::vector<uint64_t> sizes;
  bool grows_every_step = false;
  uint32_t survivor_count = 0;
  uint64_t survivor_size = 0;
  // See "retained growth" above; for merged groups, the largest. Without comparable ids: the
  // growth of the group's retained size (top-most instances) from the first to the last snapshot.
  uint64_t retained_growth = 0;
  // Other growing groups folded into this suspect (nested in it, or carrying it), by name.
  std::vector<std::string> related;
  std::vector<PathCluster> paths;  // most objects first
  uint32_t paths_sampled = 0;      // objects that got a path
  // A leak pattern names the suspect (pattern_suspects.h): its index in the diff's patterns, or
  // -1 for a suspect named after its class. A suspect found by a pattern alone has group
  // kNoGroup, the pattern's counts and retained bytes as counts and sizes, its bytes gained as
  // retained_growth and its location as site.
  int32_t pattern = -1;
  std::vector<uint32_t> related_patterns;  // other growing patterns of the same objects
};

// What the ranking needs of the last snapshot. Spans are per node of `graph`.
struct RankingInput {
  const graph::HeapGraph* graph = nullptr;
  const DevtoolsAnalysis* analysis = nullptr;  // of the last snapshot
  std::span<const uint32_t> node_group;        // class group of each node (kNoGroup: none)
  std::span<const uint32_t> node_site;         // site of each node (kNoGroup: none)
  std::span<const std::string> site_labels;    // by site index
  std::span<const uint8_t> site_is_stack;      // by site index
  // Per node: bit 0 new since the first snapshot, bit 1 survivor. Empty when ids are not
  // comparable (then every object of a group counts as a survivor for paths, nothing as new).
  std::span<const uint8_t> node_flags;
  std::span<const GroupSeries> groups;  // class groups
  size_t snapshot_count = 0;
  bool ids_comparable = true;
  // NearestRetainers of the last snapshot, for the paths; null: built here.
  const NearestRetainers* retainers = nullptr;
};

inline constexpr uint32_t kNoGroup = UINT32_MAX;
inline constexpr uint8_t kNodeNew = 1;
inline constexpr uint8_t kNodeSurvivor = 2;

std::vector<LeakSuspect> rank_leaks(const RankingInput& input, const RankingOptions& options);

// Retainer paths of up to `sample` of `objects` (evenly spaced), clustered by their readable
// signature and what leads to the holder, most objects first, at most `clusters` kept: fills
// suspect.paths and suspect.paths_sampled. `dom_state` may be empty.
void sample_retainer_paths(const graph::HeapGraph& graph, std::span<const uint8_t> dom_state,
                           const NearestRetainers& retainers,
                           std::span<const graph::NodeOrdinal> objects, uint32_t sample,
                           uint32_t clusters, LeakSuspect& suspect);

}  // namespace heapsnap::analysis

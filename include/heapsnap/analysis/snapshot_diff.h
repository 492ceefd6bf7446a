// Diff of two or more snapshots of one process: which groups of objects keep accumulating, who
// keeps them alive (leak_ranking.h), where they were allocated (allocation_sites.h).
//
// Object identity. V8 keeps an object's id across the snapshots of one isolate and gives new
// objects higher ids; ids of different processes mean nothing together. Objects are matched by
// id and class, as DevTools' Comparison does (an id whose class changed is one object deleted and
// one new), groups by text (DevTools' class key; an allocation site's text). So every group row
// adds up: count in #i+1 = count in #i + new - deleted. Each step is checked for
// coming from one process (IdentityCheck): in one process an object absent from the earlier
// snapshot was allocated after it, so its id is above every id of the earlier snapshot (odd and
// even ids are counted apart: V8 numbers heap objects with odd ids, embedder objects with even
// ids); and an id present in both belongs to an object of the same class. When either fails, the
// diff compares groups by count and size only and says so.
//
// Across runs. Snapshots of different processes (the identity check fails, or the caller says
// so with DiffOptions::across_runs) are compared by count and size, and their groups by the
// run-independent forms of class keys and site labels (portable_class_name.h: origins without
// ports, no "@id" suffixes, interface properties sorted, script file names in place of script
// ids and paths), so that the same code in two runs gives the same rows. Groups whose portable
// forms are equal are merged, and each row is named by its portable form. Snapshots of one
// process keep DevTools' exact keys.
//
// Memory. Snapshots are added one at a time, oldest first. Of each one only a compact summary is
// kept: per object with a non-zero shallow size its id, class group, site group and shallow size
// (16 bytes, sorted by id), and per group its count, size and retained size. The graph and the
// DevTools analysis are kept for the last snapshot only, for the retainer paths of the suspects.
// So a diff of N snapshots needs about one snapshot's load-and-analyze peak plus 16 bytes per
// object per earlier snapshot.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "heapsnap/analysis/allocation_sites.h"
#include "heapsnap/analysis/detectors/detector_input.h"
#include "heapsnap/analysis/detectors/finding.h"
#include "heapsnap/analysis/devtools_retained.h"
#include "heapsnap/analysis/leak_ranking.h"
#include "heapsnap/analysis/pattern_growth.h"
#include "heapsnap/graph/heap_graph.h"

namespace heapsnap::analysis {

struct DiffOptions {
  AllocationSiteOptions sites;
  RankingOptions ranking;
  bool rank = true;  // compute leak suspects (needs the last graph's retainers: ~12 B per edge)
  // Leak patterns (pattern_growth.h): the detectors run on every snapshot (their reverse edge
  // index, ~12 B per edge, lives while that snapshot is analyzed); growing patterns are suspects.
  bool patterns = true;
  detectors::DetectorOptions detectors;
  PatternOptions pattern_floors;
  // The snapshots come from different processes (runs): never match objects by id, compare
  // groups by their run-independent keys. Without it, decided per step by the identity check.
  bool across_runs = false;
};

struct SnapshotInfo {
  std::string label;  // what the caller named it (a file name)
  uint32_t node_count = 0;
  uint64_t edge_count = 0;
  uint64_t total_size = 0;          // DevTools' total: retained size of the root
  uint32_t objects = 0;             // nodes with a non-zero shallow size (the ones groups count)
  graph::NodeId max_js_id{};        // largest odd id
  graph::NodeId max_native_id{};    // largest even id
  bool allocation_stacks = false;   // has trace_function_infos / trace_tree
  uint32_t stack_sited = 0;         // nodes with an allocation-stack site
  uint32_t location_sited = 0;      // nodes with a source-location site
};

// Can step from -> to be matched by id?
struct IdentityCheck {
  bool same_process = true;
  uint32_t shared_ids = 0;         // ids of objects (non-zero shallow size) in both snapshots
  uint32_t shared_same_class = 0;  // ... naming an object of the same class group in both
  uint32_t new_ids = 0;            // objects in `to` not in `from`
  uint32_t new_js_ids = 0;         // ... of them JavaScript objects (odd ids)
  // JavaScript objects new in `to` whose id is below the largest JS id of `from`. Only JS ids
  // are handed out in increasing order; embedder (even) ids are not (Node's native wrappers
  // get ids below earlier ones in one process).
  uint32_t new_ids_below_max = 0;
  std::string reason;              // why not, when !same_process
};

struct DiffResult {
  std::vector<SnapshotInfo> snapshots;
  std::vector<IdentityCheck> identity;  // one per step (snapshots - 1)
  bool ids_comparable = true;           // every step passed its identity check
  // Groups are keyed and named by their run-independent forms (portable_class_name.h): set when
  // ids are not comparable (snapshots of different runs).
  bool portable_keys = false;
  std::vector<GroupSeries> classes;     // by DevTools class key
  std::vector<GroupSeries> sites;       // by allocation site
  std::vector<LeakSuspect> suspects;    // most evidence first; empty when nothing leaks
  bool has_patterns = false;            // the detectors ran (DiffOptions::patterns)
  std::vector<PatternSeries> patterns;  // every pattern found in any snapshot, suspects first
  std::vector<std::string> notes;       // facts worth telling the user (e.g. no allocation stacks)
};

// Builds a DiffResult from snapshots added in the order they were taken, each with its DevTools
// analysis and allocation sites already computed (snapshot/snapshot_series.h loads and analyzes
// them; this is the comparison only).
class DiffEngine {
 public:
  // `snapshot_count`: how many snapshots add() will receive (at least 2); the last one's graph is
  // kept, the others' are freed inside add().
  DiffEngine(size_t snapshot_count, DiffOptions options = {});
  ~DiffEngine();
  DiffEngine(const DiffEngine&) = delete;
  DiffEngine& operator=(const DiffEngine&) = delete;

  // Keeps the next snapshot's summary. `analysis` must have classes (and, for the last snapshot,
  // distances: the retainer paths need them); `sites` come from compute_allocation_sites() with
  // DiffOptions::sites. Throws heapsnap::Error when called more often than announced.
  // `findings`: the detectors' findings of the snapshot (with DiffOptions::patterns).
  void add(std::string label, graph::HeapGraph graph, DevtoolsAnalysis analysis,
           AllocationSites sites, std::vector<detectors::Finding> findings = {});
  size_t added() const;

  // Matches objects across snapshots, fills the group series and ranks leak suspects. Call once,
  // after the last add().
  DiffResult finish();

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// Groups sorted for display: by growth in size from the first to the last snapshot (largest
// first), then by count growth, then by name. Returns indices into `groups`.
std::vector<uint32_t> order_by_growth(const std::vector<GroupSeries>& groups);

}  // namespace heapsnap::analysis

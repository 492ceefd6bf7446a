// Growing leak patterns (pattern_growth.h) as leak suspects, merged with the class suspects of
// the leak ranking (leak_ranking.h), in the last snapshot of the series.
//
// A suspect pattern describes objects: its examples (a few listeners, timers, sockets, the Map,
// the captured values, the Buffers, the strings, the detached roots) and, for event listeners and
// off-heap memory, its holder (the emitter, the object holding the buffers). Those are its
// anchors. Pattern B describes the same objects as pattern A when most of B's anchors have one of
// A's anchors on their dominator chain (themselves included): the Buffers captured by leaked
// listeners sit below the emitter. Such patterns are one suspect, named by the most specific kind
// — event listeners, timers, handles, detached DOM, collections, duplicate strings, closures,
// off-heap memory, in that order — then by the most bytes gained; the others are listed with it.
// A suspect found by its pattern alone gets the retainer paths of the pattern's examples (at most
// five objects), from their holder as for class suspects (leak_ranking.h).
// A class suspect describes the same objects as a pattern when most of a sample of its survivors
// (up to 48) have one of the pattern's anchors on their dominator chain: the suspect keeps its
// figures and paths and is named by the pattern; its class is listed with it.
//
// Order: suspects named by a pattern, most bytes gained first, merged with the class suspects
// (which keep their own order) by bytes gained — so an off-heap leak whose JavaScript objects are
// too small for the class floors is still a suspect, and named by what it is.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "heapsnap/analysis/devtools_analysis.h"
#include "heapsnap/analysis/leak_ranking.h"
#include "heapsnap/analysis/pattern_growth.h"
#include "heapsnap/graph/heap_graph.h"

namespace heapsnap::analysis {

struct PatternSuspectInput {
  const graph::HeapGraph* graph = nullptr;     // the last snapshot
  const DevtoolsAnalysis* analysis = nullptr;  // its dominators and shallow sizes
  std::span<const uint32_t> node_group;        // class group of each node (kNoGroup: none)
  std::span<const uint8_t> node_flags;         // kNodeSurvivor...; empty: ids not comparable
  // For the retainer paths of a suspect found by its pattern alone (its examples: the listeners,
  // timers, sockets, the Map, the buffers...): the last snapshot's nearest retainers, and how
  // many paths (RankingOptions' paths_sampled, path_clusters). Null: no paths.
  const NearestRetainers* retainers = nullptr;
  uint32_t paths_sampled = 48;
  uint32_t path_clusters = 4;
};

// Adds the suspect patterns of `patterns` to `suspects` (class suspects, most evidence first) as
// described above; keeps at most `max_suspects`.
void merge_pattern_suspects(const PatternSuspectInput& input,
                            const std::vector<PatternSeries>& patterns,
                            std::vector<LeakSuspect>& suspects, uint32_t max_suspects);

// Naming priority of a kind: 0 is the most specific (event listeners).
int pattern_kind_priority(detectors::FindingKind kind);

}  // namespace heapsnap::analysis

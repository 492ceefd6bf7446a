// What every detector reads, and the floors that decide what is worth a finding.
//
// The graph, DevTools' analysis of it (retained and shallow sizes, dominators, distances, DOM
// state) and each node's nearest retainer: all three are computed once per snapshot by its owner
// and shared by the detectors. No full reverse index: the few other retainers a detector asks
// about (through a named edge, or of a handful of nodes) are gathered in one pass over the edges. Every detector is linear in the graph (a pass over nodes or edges comparing
// string indices, never building a string per node) plus work per candidate it reports.
#pragma once

#include <cstdint>

#include "heapsnap/analysis/devtools_analysis.h"
#include "heapsnap/analysis/detachedness.h"
#include "heapsnap/analysis/node_names.h"
#include "heapsnap/graph/heap_graph.h"
#include "heapsnap/analysis/nearest_retainers.h"

namespace heapsnap::analysis::detectors {

struct DetectorInput {
  const graph::HeapGraph& graph;
  // analyze_devtools(graph); `distance` may be empty (then retainers are taken in edge order)
  // and `classes` is not used.
  const DevtoolsAnalysis& analysis;
  // NearestRetainers(graph, analysis.distance): the retainer a holder is named after.
  const NearestRetainers& nearest;
};

// Floors: a pattern becomes a finding only when it reaches them. The defaults keep a freshly
// started Node 20 process (and the healthy scenarios in testdata/scenarios) silent.
struct DetectorOptions {
  // Listeners on one (emitter, event name): Node warns at 11 by default.
  uint32_t min_listeners = 11;
  // Active timers with one callback function (timeouts, intervals, immediates apart).
  uint32_t min_timers = 10;
  // Handles of one kind owned by objects of one class. A keep-alive pool of a few dozen
  // sockets (the scenarios' HTTP agent keeps 8 client and 8 server sockets) stays below.
  uint32_t min_handles = 50;
  // A Map, Set, array or dictionary object with at least this many entries and retained bytes.
  uint32_t min_collection_entries = 1000;
  uint64_t min_collection_bytes = 256 * 1024;
  // A captured variable of one scope (summed over its contexts) retaining at least this much.
  uint64_t min_closure_bytes = 1024 * 1024;
  // Off-heap bytes held through one holder.
  uint64_t min_off_heap_bytes = 1024 * 1024;
  // Identical strings: copies and bytes wasted by all copies but one.
  uint32_t min_string_copies = 100;
  uint64_t min_wasted_bytes = 128 * 1024;
  // Detached DOM trees: nodes in one tree.
  uint32_t min_detached_nodes = 1;
  // Findings per detector, largest first (0: no limit).
  uint32_t max_findings_per_detector = 20;
};

}  // namespace heapsnap::analysis::detectors

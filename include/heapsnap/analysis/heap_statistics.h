// DevTools' Statistics view (JSHeapSnapshot.calculateStatistics in HeapSnapshot.ts and
// HeapSnapshotView.retrieveStatistics, chrome-devtools-frontend 1.0.1705227): the heap split into
// code, strings, JS arrays, typed arrays, system objects, other JS objects and other non-JS
// objects, the pie chart beside the Summary view.
//
// One pass over every node (reachable or not), with DevTools' shallow sizes (shallow_sizes.h,
// which DevTools writes back into its node array before computing statistics):
//   - hidden nodes                               -> system
//   - native nodes                               -> native; those whose raw name (after the
//                                                   "Detached " renaming) is exactly
//                                                   "system / JSArrayBufferData" also typed arrays
//   - code nodes                                 -> code
//   - string, concatenated and sliced strings    -> strings
//   - any other node whose raw name is "Array"   -> JS arrays: its shallow size plus that of the
//     target of its first internal edge named "elements", when that target has exactly one
//     retaining edge (of any type, weak ones included)
// native starts at snapshot.extra_native_bytes. total is DevTools' totalSize (the root's retained
// size plus extra_native_bytes); V8 heap = total - native. The view's two remainders,
// "Other JS objects" = V8 heap - code - strings - JS arrays - system and "Other non-JS objects" =
// native - typed arrays, are differences DevTools does not clamp, so they are signed here too.
#pragma once

#include <cstdint>
#include <span>

#include "heapsnap/graph/heap_graph.h"

namespace heapsnap::analysis {

struct HeapStatistics {
  uint64_t total = 0;  // DevTools' totalSize
  // V8 heap (statistics.v8heap).
  uint64_t v8heap_total = 0;  // total - native_total
  uint64_t code = 0;
  uint64_t strings = 0;
  uint64_t js_arrays = 0;
  uint64_t system = 0;
  // Outside the V8 heap (statistics.native).
  uint64_t native_total = 0;  // native nodes + extra_native_bytes
  uint64_t typed_arrays = 0;

  // The Statistics view's "Other JS objects" and "Other non-JS objects".
  int64_t other_js_objects() const {
    return static_cast<int64_t>(v8heap_total) - static_cast<int64_t>(code) -
           static_cast<int64_t>(strings) - static_cast<int64_t>(js_arrays) -
           static_cast<int64_t>(system);
  }
  int64_t other_non_js_objects() const {
    return static_cast<int64_t>(native_total) - static_cast<int64_t>(typed_arrays);
  }
};

// Computes the statistics. `shallow` is compute_shallow_sizes()'s result, `dom_state`
// propagate_detachedness()'s (may be empty: nothing renamed), `total_size` DevTools' totalSize
// (DevtoolsRetained::total_size). O(nodes + edges); one byte per node of temporary memory.
HeapStatistics compute_heap_statistics(const graph::HeapGraph& graph,
                                       std::span<const uint8_t> dom_state,
                                       std::span<const uint64_t> shallow, uint64_t total_size);

}  // namespace heapsnap::analysis

// DevTools' object distances (HeapSnapshot.calculateDistances with JSHeapSnapshot's filter): the
// "Distance" column, the number of edges on a shortest path from a user root.
//
//   1. Breadth-first search from the root's edge targets that are user roots (non-synthetic
//      nodes and "(Document DOM trees)"), each at distance 1, in the root's edge order.
//   2. A second search from the root covers the rest, with the root at kBaseSystemDistance (or 0
//      when there is no user root), so "system" objects are at 100000000 and more.
//   3. Nodes neither search reaches keep kNoDistance.
// Both searches skip weak edges, and edges the filter rejects:
//   - the "sloppy_function_map" edge of a hidden "system / NativeContext" node;
//   - edges of an array node named "(map descriptors)" whose index i (JavaScript parseInt of the
//     edge name) has i >= 2 and i % 3 == 1;
//   - of the two internal WeakMap ephemeron edges of one key/value pair, whichever the search
//     meets first, so the value ends up at max(table, key) + 1 (crbug.com/1290800).
// The filter is only asked about edges to nodes not yet reached, and its memory of pending
// ephemeron pairs lasts across both searches, as in DevTools.
#pragma once

#include <cstdint>
#include <vector>

#include "heapsnap/graph/heap_graph.h"

namespace heapsnap::analysis {

inline constexpr int32_t kNoDistance = -5;                 // DevTools' #noDistance
inline constexpr int32_t kBaseSystemDistance = 100000000;  // HeapSnapshotModel.baseSystemDistance

BigVector<int32_t> compute_distances(const graph::HeapGraph& graph);

}  // namespace heapsnap::analysis

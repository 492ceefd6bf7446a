// DevTools' shallow sizes (JSHeapSnapshot.calculateShallowSizes in HeapSnapshot.ts): the self
// size of "owned" hidden and array nodes is moved onto their single owner, so that a JS object
// shows the size of its backing stores in its own "Shallow Size".
//
// Rules, as the DevTools code has them:
//   - Nothing changes unless the root has a user root among its edge targets (a non-synthetic
//     node, or the synthetic "(Document DOM trees)"); without one the snapshot was taken with
//     internals exposed and raw sizes are kept.
//   - Nodes of type hidden or array, and native nodes named "system / ExternalStringData", can be
//     owned; every other node owns itself.
//   - Ownership flows from each self-owned node along non-weak edges through ownable nodes. An
//     ownable node reached from exactly one owner gets that owner; from two or more, none.
//   - A singly-owned node's size moves to its owner, unless the owner is the root or synthetic.
// The sum of all sizes is unchanged.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "heapsnap/graph/heap_graph.h"

namespace heapsnap::analysis {

// DevTools' JSHeapSnapshot.isUserRoot: a non-synthetic node, or the "(Document DOM trees)" node.
bool is_user_root(const graph::HeapGraph& graph, graph::NodeOrdinal n);
// True if some edge of the root leads to a user root.
bool has_user_roots(const graph::HeapGraph& graph);

// Shallow size of every node. `dom_state` is propagate_detachedness()'s result (it renames
// detached native nodes, which matters for the "system / ExternalStringData" test); empty means
// no node is renamed.
BigVector<uint64_t> compute_shallow_sizes(const graph::HeapGraph& graph,
                                            std::span<const uint8_t> dom_state = {});

}  // namespace heapsnap::analysis

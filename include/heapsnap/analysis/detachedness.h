// DevTools' detachedness propagation (HeapSnapshot.propagateDOMState): which native (DOM) nodes
// are attached to or detached from a document. It runs first in DevTools' pipeline: detached
// native nodes are renamed "Detached <name>" before anything is named or classified
// (node_names.h, class_aggregates.h).
#pragma once

#include <cstdint>
#include <span>

#include "heapsnap/graph/heap_graph.h"

namespace heapsnap::analysis {

// DOM link state, as in the snapshot's detachedness field.
enum class DomState : uint8_t { kUnknown = 0, kAttached = 1, kDetached = 2 };

// The detachedness of every node after DevTools' propagation: native nodes reachable (over
// non-hidden, non-weak edges, through native nodes only) from an attached native node are
// attached; then those reachable from a detached one, not already attached or known, detached.
// Without a detachedness field, native nodes whose name starts with "Detached " are detached
// and nothing propagates.
BigVector<uint8_t> propagate_detachedness(const graph::HeapGraph& graph);

// True if DevTools renames node n to "Detached <name>": the snapshot has a detachedness field,
// n is native and its propagated state is detached. `dom_state` may be empty (nothing renamed).
bool is_renamed_detached(const graph::HeapGraph& graph, std::span<const uint8_t> dom_state,
                         graph::NodeOrdinal n);

}  // namespace heapsnap::analysis

// The invariants every HeapGraph satisfies. GraphBuilder::finish() enforces them on load; tests
// call check_graph() directly on graphs they build.
#pragma once

#include <optional>
#include <string>

#include "heapsnap/graph/heap_graph.h"

namespace heapsnap::graph {

// Returns a description of the first violated invariant, or nullopt when the graph is sound:
//  - first_edge has node_count + 1 entries, starts at 0, never decreases, ends at edge_count;
//  - every edge target is a node ordinal < node_count;
//  - every node name, and every name of an edge whose kind is named, is a string index in range;
//  - every node and edge type index is in range of the type lists; the root is a node;
//  - trace function names and locations refer to existing strings and nodes;
//  - trace tree parents precede their children.
std::optional<std::string> check_graph(const HeapGraph& graph);

}  // namespace heapsnap::graph

// The invariants every HeapGraph satisfies. GraphBuilder::finish() enforces them on load; tests
// call check_graph() directly on graphs they build.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "heapsnap/graph/heap_graph.h"

namespace heapsnap::graph {

// What a builder of the graph (the format loader) already knows of its fields: every node and
// edge type index and every edge target is in range, and the string indices its nodes and its
// edges of named kinds refer to are below these bounds. check_graph() then needs no pass over
// the node and edge columns when the bounds are within the string count.
struct CheckedFields {
  uint64_t node_name_end = 0;  // one past the largest node name
  uint64_t edge_name_end = 0;  // one past the largest name of an edge whose kind is named
};

// Returns a description of the first violated invariant, or nullopt when the graph is sound:
//  - first_edge has node_count + 1 entries, starts at 0, never decreases, ends at edge_count;
//  - every edge target is a node ordinal < node_count;
//  - every node name, and every name of an edge whose kind is named, is a string index in range;
//  - every node and edge type index is in range of the type lists; the root is a node;
//  - trace function names and locations refer to existing strings and nodes;
//  - trace tree parents precede their children.
// With `checked`, the node and edge fields are taken to be as it says, unless its bounds exceed
// the string count; then (and without it) every field is checked.
std::optional<std::string> check_graph(const HeapGraph& graph, const CheckedFields* checked = nullptr);

}  // namespace heapsnap::graph

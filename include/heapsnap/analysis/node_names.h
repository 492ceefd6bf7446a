// The names DevTools shows for nodes (JSHeapSnapshotNode.name): a node's raw name after the
// detached rename, concatenated strings flattened, plain objects listed by their properties.
// JavaScript strings are UTF-16: lengths are counted in UTF-16 units (util/utf8.h), so long and
// non-ASCII names are cut where DevTools cuts them.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "heapsnap/graph/heap_graph.h"

namespace heapsnap::analysis {

// The node's name as DevTools holds it after renaming ("Detached " + name when renamed; see
// is_renamed_detached() in detachedness.h). `dom_state` comes from propagate_detachedness() and
// may be empty (nothing renamed).
std::string devtools_raw_name(const graph::HeapGraph& graph, std::span<const uint8_t> dom_state,
                              graph::NodeOrdinal n);

// The name DevTools displays for a node (JSHeapSnapshotNode.name): concatenated strings are
// flattened (up to about 1024 characters), plain objects are shown as "{a, b, …, z}", other
// nodes by their (renamed) raw name.
std::string devtools_node_name(const graph::HeapGraph& graph, std::span<const uint8_t> dom_state,
                               graph::NodeOrdinal n);

// A plain object: type object, named "Object". DevTools names these after their properties.
bool is_plain_object(const graph::HeapGraph& graph, graph::NodeOrdinal n);

// A property name as DevTools lists it in an object's name (formatPropertyName): as it is, or
// as a JSON string if it holds , ' " { or }.
std::string format_property_name(std::string_view name);

}  // namespace heapsnap::analysis

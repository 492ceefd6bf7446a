// DevTools' "Summary" view: the class of every node and per-class totals
// (HeapSnapshot.calculateObjectNames, classKeyInternal, buildAggregates,
// calculateClassesRetainedSize). Detached native nodes are renamed first (detachedness.h); plain
// objects are named by inferred interfaces (interface_definitions.h).
//
// Class name of a node, by type:
//   hidden -> "(system)"; code -> "(compiled code)"; closure -> "Function"; regexp -> "RegExp";
//   object, native -> the node's name, with "<div id=...>" cut to "<div>" (also after a
//     "Detached " prefix); plain objects (type object, name "Object") are named after the most
//     popular property-name sets instead, e.g. "{x, y}" (inferred interfaces, see below);
//   any other type -> "(" + type name + ")", e.g. "(array)", "(string)", "(object shape)".
// Objects (type object only) that have a source location are split by it: two classes with the
// same name but different constructors are different rows.
//
// Per class (nodes whose shallow size is 0 are skipped, as in DevTools): count, summed shallow
// size, the smallest distance, and the retained size counting only the top-most instance on each
// dominator-tree path (so nested instances are not counted twice).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "heapsnap/graph/heap_graph.h"

namespace heapsnap::analysis {

class DominatorChildren;  // dominator_children.h

struct ClassInfo {
  std::string name;
  bool has_location = false;  // split by constructor location (objects only)
  uint32_t script_id = 0;
  uint32_t line = 0;    // 0-based, as the snapshot has it
  uint32_t column = 0;  // 0-based
  // Over the nodes of this class with a non-zero shallow size:
  uint32_t count = 0;
  uint64_t self_size = 0;     // summed shallow sizes
  uint64_t max_retained = 0;  // retained size of the top-most instances (DevTools' maxRet)
  int32_t distance = 0;       // smallest distance; meaningful only when count > 0
  graph::NodeOrdinal first_node = graph::kNoNode;  // first such node in snapshot order
  // False for classes DevTools' aggregatesWithFilter() does not list: those with count 0, and a
  // class whose public key (key()) equals that of a class first seen later (DevTools keys its
  // result by that string, so the later class overwrites the earlier; it happens only when two
  // different class strings have the same text, e.g. an object named "Function" and closures).
  bool listed = false;

  // DevTools' public class key: "," + name, or "<script>,<line>,<column>,<name>" when split by
  // location. Stable across snapshots: the key for comparing them.
  std::string key() const;
};

struct ClassAggregates {
  static constexpr uint32_t kNoClass = UINT32_MAX;
  // Classes in order of their first node (any size) in snapshot order.
  std::vector<ClassInfo> classes;
  // Class of every node (kNoClass never occurs: zero-size nodes have a class too).
  BigVector<uint32_t> node_class;
};

// Classes of all nodes and the per-class aggregates. `idom` and `retained` come from
// compute_devtools_retained(), `shallow` from compute_shallow_sizes(), `distance` from
// compute_distances(), `dom_state` from propagate_detachedness() (may be empty).
ClassAggregates compute_class_aggregates(const graph::HeapGraph& graph,
                                         std::span<const uint8_t> dom_state,
                                         std::span<const uint64_t> shallow,
                                         std::span<const uint64_t> retained,
                                         std::span<const graph::NodeOrdinal> idom,
                                         std::span<const int32_t> distance);

// compute_class_aggregates in two halves, for callers that run the first beside the dominator
// pass (it needs only the graph and the detachedness): classify_nodes fills `classes` (names,
// locations) and `node_class`; aggregate_classes adds the counts, sizes, distances and
// `listed`. classify_nodes followed by aggregate_classes is compute_class_aggregates. An empty
// `distance` gives every class distance 0. `children`: DominatorChildren(idom, root) when the
// caller has them (else they are built and dropped here).
ClassAggregates classify_nodes(const graph::HeapGraph& graph, std::span<const uint8_t> dom_state);
void aggregate_classes(ClassAggregates& classes, const graph::HeapGraph& graph,
                       std::span<const uint64_t> shallow, std::span<const uint64_t> retained,
                       std::span<const graph::NodeOrdinal> idom, std::span<const int32_t> distance,
                       const DominatorChildren* children = nullptr);

}  // namespace heapsnap::analysis

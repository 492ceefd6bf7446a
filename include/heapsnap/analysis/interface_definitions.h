// DevTools' inferred interfaces for plain objects (HeapSnapshot.inferInterfaceDefinitions and
// applyInterfaceDefinitions): plain objects (type object, name "Object") are classed by the most
// popular sets of property names, e.g. "{x, y}", instead of all as "Object".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "heapsnap/graph/heap_graph.h"

namespace heapsnap::analysis {

// A named set of property names, e.g. {name "{x, y}", properties {"x", "y"}}. An object matches
// if it has every listed property; among matching definitions the one with the most properties
// wins, then the earliest in the list.
struct InterfaceDefinition {
  std::string name;
  std::vector<std::string_view> properties;  // views into the graph's string pool
};

// The definitions DevTools infers: for each plain object the names of its property edges (not
// "__proto__"), in edge order, up to a name length of about 120; kept if at least
// max(2, objects / 1000) objects start with the same list; most popular first.
std::vector<InterfaceDefinition> infer_interface_definitions(const graph::HeapGraph& graph);

// Matches plain objects against definitions (applyInterfaceDefinitions). A tree of property
// names in sorted order (UTF-16 order, as JavaScript sorts); a path from the root spells a
// definition's sorted property list, and the node at its end names the definition.
// It keeps a reference to `definitions`, which must outlive it.
class InterfaceMatcher {
 public:
  static constexpr int32_t kNoMatch = -1;

  explicit InterfaceMatcher(const std::vector<InterfaceDefinition>& definitions);

  // The definition a plain object matches, or kNoMatch ("Object").
  int32_t match(const graph::HeapGraph& graph, graph::NodeOrdinal n);

 private:
  struct Node {
    std::unordered_map<std::string_view, uint32_t> next;
    std::string_view greatest;
    bool has_greatest = false;
    int32_t match = kNoMatch;
    uint32_t property_count = 0;
  };

  // selectBetterMatch: more properties win, then the earlier definition. `current` is a
  // definition index (or kNoMatch: zero properties, index infinity); `state` a tree node.
  int32_t better(int32_t current, uint32_t state) const;
  size_t sorted_count(int32_t definition) const;

  const std::vector<InterfaceDefinition>& defs_;
  std::vector<Node> tree_;
  std::vector<std::string_view> properties_;
  std::vector<uint32_t> states_, snapshot_;
};

}  // namespace heapsnap::analysis

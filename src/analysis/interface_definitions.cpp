// DevTools' inferred interfaces; the rules are in interface_definitions.h.
#include "heapsnap/analysis/interface_definitions.h"

#include <algorithm>
#include <unordered_map>
#include <utility>

#include "heapsnap/analysis/node_names.h"
#include "heapsnap/util/utf8.h"

namespace heapsnap::analysis {

using graph::EdgeIndex;
using graph::EdgeKind;
using graph::HeapGraph;
using graph::NodeOrdinal;

std::vector<InterfaceDefinition> infer_interface_definitions(const HeapGraph& g) {
  struct Candidate {
    InterfaceDefinition definition;
    uint64_t count;
  };
  std::vector<Candidate> candidates;  // in order of first appearance
  std::unordered_map<std::string, uint32_t> by_name;
  uint64_t objects = 0;
  std::string name;
  size_t name_length = 0;
  std::vector<std::string_view> properties;
  const uint32_t n = g.node_count();
  for (NodeOrdinal i = 0; i < n; ++i) {
    if (!is_plain_object(g, i)) continue;
    ++objects;
    name.clear();  // not name = "{": GCC 12 warns (-Wrestrict, a false positive) on that here
    name.push_back('{');
    name_length = 1;
    properties.clear();
    for (EdgeIndex e = g.first_edge(i), end = g.edge_end(i); e < end; ++e) {
      if (g.edge_kind(e) != EdgeKind::kProperty) continue;
      const std::string_view edge_name = g.strings().get(g.edge_name_index(e));
      if (edge_name == "__proto__") continue;
      const std::string formatted = format_property_name(edge_name);
      const size_t formatted_length = utf16_length(formatted);
      // MIN_INTERFACE_PROPERTY_COUNT = 1, MAX_INTERFACE_NAME_LENGTH = 120.
      if (name_length > 1 && name_length + formatted_length > 120) break;
      if (name_length != 1) {
        name += ", ";
        name_length += 2;
      }
      name += formatted;
      name_length += formatted_length;
      properties.push_back(edge_name);
    }
    // An empty interface would read as "objects with no properties"; DevTools skips it.
    if (properties.empty()) continue;
    name += '}';
    const auto found = by_name.find(name);
    if (found != by_name.end()) {
      ++candidates[found->second].count;
    } else {
      by_name.emplace(name, static_cast<uint32_t>(candidates.size()));
      candidates.push_back(Candidate{InterfaceDefinition{name, properties}, 1});
    }
  }
  // Most popular first; JavaScript's sort is stable, so ties keep first-appearance order.
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.count > b.count; });
  // MIN_OBJECT_COUNT_PER_INTERFACE = 2, MIN_OBJECT_PROPORTION_PER_INTERFACE = 1000.
  const double min_count = std::max(2.0, static_cast<double>(objects) / 1000.0);
  std::vector<InterfaceDefinition> result;
  for (auto& c : candidates) {
    if (static_cast<double>(c.count) < min_count) break;
    result.push_back(std::move(c.definition));
  }
  return result;
}

// --- Matching (applyInterfaceDefinitions) ----------------------------------------------------

InterfaceMatcher::InterfaceMatcher(const std::vector<InterfaceDefinition>& definitions)
    : defs_(definitions) {
  tree_.emplace_back();
  std::vector<std::string_view> sorted;
  for (size_t i = 0; i < definitions.size(); ++i) {
    sorted = definitions[i].properties;
    std::stable_sort(sorted.begin(), sorted.end(), less_utf16);
    uint32_t current = 0;
    for (const std::string_view property : sorted) {
      const auto found = tree_[current].next.find(property);
      if (found != tree_[current].next.end()) {
        current = found->second;
        continue;
      }
      const auto added = static_cast<uint32_t>(tree_.size());
      tree_.emplace_back();
      Node& parent = tree_[current];
      parent.next.emplace(property, added);
      if (!parent.has_greatest || less_utf16(parent.greatest, property)) {
        parent.greatest = property;
        parent.has_greatest = true;
      }
      current = added;
    }
    // The earliest definition keeps a spot that several definitions spell.
    if (tree_[current].match == kNoMatch) {
      tree_[current].match = static_cast<int32_t>(i);
      tree_[current].property_count = static_cast<uint32_t>(sorted.size());
    }
  }
}

int32_t InterfaceMatcher::match(const HeapGraph& g, NodeOrdinal n) {
  properties_.clear();
  for (EdgeIndex e = g.first_edge(n), end = g.edge_end(n); e < end; ++e)
    if (g.edge_kind(e) == EdgeKind::kProperty)
      properties_.push_back(g.strings().get(g.edge_name_index(e)));
  std::stable_sort(properties_.begin(), properties_.end(), less_utf16);

  states_.assign(1, 0);
  int32_t best = better(kNoMatch, 0);
  for (const std::string_view property : properties_) {
    snapshot_ = states_;
    for (const uint32_t state : snapshot_) {
      const Node& node = tree_[state];
      // No further transitions are possible from this state.
      if (!node.has_greatest || !less_utf16(property, node.greatest))
        states_.erase(std::find(states_.begin(), states_.end(), state));
      const auto next = node.next.find(property);
      if (next == node.next.end()) continue;
      if (std::find(states_.begin(), states_.end(), next->second) == states_.end())
        states_.push_back(next->second);
      best = better(best, next->second);
    }
  }
  return best;
}

// selectBetterMatch: more properties win, then the earlier definition. `current` is a
// definition index (or kNoMatch: zero properties, index infinity); `state` a tree node.
int32_t InterfaceMatcher::better(int32_t current, uint32_t state) const {
  const Node& candidate = tree_[state];
  if (candidate.match == kNoMatch) return current;
  const uint32_t current_count =
      current == kNoMatch ? 0 : static_cast<uint32_t>(sorted_count(current));
  if (current_count > candidate.property_count) return current;
  if (candidate.property_count > current_count) return candidate.match;
  if (current == kNoMatch) return candidate.match;
  return current <= candidate.match ? current : candidate.match;
}

size_t InterfaceMatcher::sorted_count(int32_t definition) const {
  return defs_[static_cast<size_t>(definition)].properties.size();
}


}  // namespace heapsnap::analysis

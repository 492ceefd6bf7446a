// DevTools' class names and per-class aggregates; the rules are in class_aggregates.h.
//
// DevTools identifies a class by the index of its name in its `strings` array, and it appends
// strings as it names things: "(system)", "<div>", "{x, y}" are new strings even when the same
// text is already in the snapshot. Only the public key of a class is text ("," + name). So two
// classes can have the same text (the snapshot's own "Function" string naming some object, and
// the appended "Function" naming closures); they are aggregated apart, and when DevTools turns
// its map into a record keyed by text the later one overwrites the earlier. This file models the
// string identity the same way:
//   raw     (kind 0): an index into the snapshot's strings, as the node names it;
//   renamed (kind 1): "Detached " + the string at that index, appended once per index;
//   added   (kind 2): text appended by DevTools' naming passes, deduplicated by text (the two
//                     passes that append never produce the same text: interface names start
//                     with '{', the others do not).
// JavaScript strings are UTF-16; lengths and sort order below are computed in UTF-16 units on
// the UTF-8 text, so long and non-ASCII names cut and sort as in DevTools.
#include "heapsnap/analysis/class_aggregates.h"

#include <algorithm>
#include <deque>
#include <limits>
#include <string>
#include <unordered_map>
#include <utility>

#include "heapsnap/analysis/devtools_retained.h"
#include "heapsnap/util/page_prefaulter.h"
#include "heapsnap/util/utf8.h"

namespace heapsnap::analysis {

using graph::EdgeIndex;
using graph::EdgeKind;
using graph::HeapGraph;
using graph::kNoNode;
using graph::NodeKind;
using graph::NodeOrdinal;
using graph::StringIndex;

namespace {

constexpr uint8_t kAttached = static_cast<uint8_t>(DomState::kAttached);
constexpr uint8_t kDetached = static_cast<uint8_t>(DomState::kDetached);

// JSHeapSnapshotNode.formatPropertyName: names with , ' " { or } are shown as JSON strings.
std::string format_property_name(std::string_view name) {
  if (name.find_first_of(",'\"{}") == std::string_view::npos) return std::string(name);
  std::string out = "\"";
  for (const char ch : name) {
    switch (ch) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(ch) < 0x20) {
          static constexpr char kHex[] = "0123456789abcdef";
          out += "\\u00";
          out += kHex[(static_cast<unsigned char>(ch) >> 4) & 0xF];
          out += kHex[static_cast<unsigned char>(ch) & 0xF];
        } else {
          out += ch;
        }
    }
  }
  out += '"';
  return out;
}

bool is_plain_object(const HeapGraph& g, NodeOrdinal n) {
  return g.node_kind(n) == NodeKind::kObject && g.node_name(n) == "Object";
}

bool is_invisible_edge(const HeapGraph& g, EdgeIndex e) {
  return g.edge_kind(e) == EdgeKind::kOther && g.edge_type_name(e) == "invisible";
}

// --- Interface matching (applyInterfaceDefinitions) ------------------------------------------

// A tree of property names in sorted order; a path from the root spells a definition's sorted
// property list, and the node at its end names the definition.
class InterfaceMatcher {
 public:
  static constexpr int32_t kNoMatch = -1;

  explicit InterfaceMatcher(const std::vector<InterfaceDefinition>& definitions)
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

  // The definition a plain object matches, or kNoMatch ("Object").
  int32_t match(const HeapGraph& g, NodeOrdinal n) {
    properties_.clear();
    for (EdgeIndex e = g.first_edge(n), end = g.edge_end(n); e < end; ++e)
      if (g.edge_kind(e) == EdgeKind::kProperty)
        properties_.push_back(g.strings().get(g.edge_name_or_index(e)));
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
  int32_t better(int32_t current, uint32_t state) const {
    const Node& candidate = tree_[state];
    if (candidate.match == kNoMatch) return current;
    const uint32_t current_count =
        current == kNoMatch ? 0 : static_cast<uint32_t>(sorted_count(current));
    if (current_count > candidate.property_count) return current;
    if (candidate.property_count > current_count) return candidate.match;
    if (current == kNoMatch) return candidate.match;
    return current <= candidate.match ? current : candidate.match;
  }
  size_t sorted_count(int32_t definition) const {
    return defs_[static_cast<size_t>(definition)].properties.size();
  }

  const std::vector<InterfaceDefinition>& defs_;
  std::vector<Node> tree_;
  std::vector<std::string_view> properties_;
  std::vector<uint32_t> states_, snapshot_;
};

// --- Class string identities -----------------------------------------------------------------

class ClassNamer {
 public:
  static constexpr uint64_t kRaw = 0, kRenamed = 1, kAdded = 2;
  static uint64_t make(uint64_t kind, uint64_t index) { return (kind << 32) | index; }

  ClassNamer(const HeapGraph& g, std::span<const uint8_t> dom_state,
             const std::vector<InterfaceDefinition>& definitions)
      : g_(g), dom_state_(dom_state), matcher_(definitions) {
    for (const auto& d : definitions) interface_identity_.push_back(added(d.name));
    const auto& types = g.node_type_names();
    for (size_t t = 0; t < types.size(); ++t) type_identity_.push_back(added("(" + types[t] + ")"));
    system_ = added("(system)");
    code_ = added("(compiled code)");
    function_ = added("Function");
    regexp_ = added("RegExp");
  }

  // The identity of the string DevTools uses as node n's class name.
  uint64_t identity(NodeOrdinal n) {
    switch (g_.node_kind(n)) {
      case NodeKind::kHidden: return system_;
      case NodeKind::kCode: return code_;
      case NodeKind::kClosure: return function_;
      case NodeKind::kRegexp: return regexp_;
      case NodeKind::kObject:
      case NodeKind::kNative: break;
      default: return type_identity_[g_.node_type_index(n)];
    }
    const StringIndex name_index = g_.node_name_index(n);
    const std::string_view name = g_.node_name(n);
    const bool renamed = is_renamed_detached(g_, dom_state_, n);
    if (!renamed && is_plain_object(g_, n)) {
      const int32_t m = matcher_.match(g_, n);
      return m == InterfaceMatcher::kNoMatch ? make(kRaw, name_index)
                                             : interface_identity_[static_cast<size_t>(m)];
    }
    // "<div id=a>" -> "<div>", "Detached <div id=a>" -> "Detached <div>": always an appended
    // string, even when the text does not change.
    const bool angle =
        name.starts_with("<") || (!renamed && name.starts_with("Detached <"));
    if (angle) {
      const uint64_t cache_key = make(renamed ? 1 : 0, name_index);
      if (const auto found = angle_cache_.find(cache_key); found != angle_cache_.end())
        return found->second;
      std::string full = renamed ? "Detached " + std::string(name) : std::string(name);
      const size_t space = full.find(' ', full.starts_with("<") ? 0 : 10);
      if (space != std::string::npos) full = full.substr(0, space) + ">";
      const uint64_t id = added(full);
      angle_cache_.emplace(cache_key, id);
      return id;
    }
    if (renamed) {
      if (!renamed_text_.contains(name_index))
        renamed_text_.emplace(name_index, "Detached " + std::string(name));
      return make(kRenamed, name_index);
    }
    return make(kRaw, name_index);
  }

  std::string_view text(uint64_t identity) const {
    const auto index = static_cast<uint32_t>(identity & 0xffffffffu);
    switch (identity >> 32) {
      case kRaw: return g_.strings().get(index);
      case kRenamed: return renamed_text_.at(index);
      default: return added_text_[index];
    }
  }

 private:
  uint64_t added(const std::string& text) {
    const auto found = added_index_.find(text);
    if (found != added_index_.end()) return make(kAdded, found->second);
    const auto index = static_cast<uint32_t>(added_text_.size());
    added_text_.push_back(text);
    added_index_.emplace(text, index);
    return make(kAdded, index);
  }

  const HeapGraph& g_;
  std::span<const uint8_t> dom_state_;
  InterfaceMatcher matcher_;
  std::deque<std::string> added_text_;  // deque: views of its strings stay valid
  std::unordered_map<std::string, uint32_t> added_index_;
  std::unordered_map<StringIndex, std::string> renamed_text_;
  std::unordered_map<uint64_t, uint64_t> angle_cache_;
  std::vector<uint64_t> interface_identity_, type_identity_;
  uint64_t system_ = 0, code_ = 0, function_ = 0, regexp_ = 0;
};

struct LocationKey {
  uint32_t script, line, column, text;
  bool operator==(const LocationKey&) const = default;
};
struct LocationKeyHash {
  size_t operator()(const LocationKey& k) const {
    uint64_t h = k.script;
    h = h * 0x9E3779B97F4A7C15ull ^ k.line;
    h = h * 0x9E3779B97F4A7C15ull ^ k.column;
    h = h * 0x9E3779B97F4A7C15ull ^ k.text;
    return static_cast<size_t>(h ^ (h >> 29));
  }
};

}  // namespace

// --- Detachedness ----------------------------------------------------------------------------

BigVector<uint8_t> propagate_detachedness(const HeapGraph& g) {
  const uint32_t n = g.node_count();
  BigVector<uint8_t> state = prefaulted_vector<uint8_t>(n, 0);
  if (!g.features().detachedness_field) {
    // Old snapshots: native nodes named "Detached ..." are detached; nothing propagates.
    for (NodeOrdinal i = 0; i < n; ++i)
      if (g.node_kind(i) == NodeKind::kNative && g.node_name(i).starts_with("Detached "))
        state[i] = kDetached;
    return state;
  }
  for (NodeOrdinal i = 0; i < n; ++i) state[i] = g.detachedness(i) & 3;

  // Each node takes a state once ("visited"); JavaScript nodes stop the propagation.
  BigVector<uint8_t> visited = prefaulted_vector<uint8_t>(n, 0);
  std::vector<NodeOrdinal> attached, detached;
  auto process = [&](NodeOrdinal i, uint8_t s) {
    if (visited[i]) return;
    visited[i] = 1;
    if (g.node_kind(i) != NodeKind::kNative) return;
    state[i] = s;
    if (s == kAttached) attached.push_back(i);
    if (s == kDetached) detached.push_back(i);
  };
  auto propagate = [&](NodeOrdinal i, uint8_t s) {
    for (EdgeIndex e = g.first_edge(i), end = g.edge_end(i); e < end; ++e) {
      const EdgeKind kind = g.edge_kind(e);
      if (kind == EdgeKind::kHidden || kind == EdgeKind::kWeak || is_invisible_edge(g, e)) continue;
      process(g.edge_target(e), s);
    }
  };
  for (NodeOrdinal i = 0; i < n; ++i)
    if (state[i] != 0) process(i, state[i]);
  while (!attached.empty()) {
    const NodeOrdinal i = attached.back();
    attached.pop_back();
    propagate(i, kAttached);
  }
  while (!detached.empty()) {
    const NodeOrdinal i = detached.back();
    detached.pop_back();
    if (state[i] == kAttached) continue;
    propagate(i, kDetached);
  }
  return state;
}

bool is_renamed_detached(const HeapGraph& g, std::span<const uint8_t> dom_state, NodeOrdinal n) {
  return g.features().detachedness_field && !dom_state.empty() &&
         g.node_kind(n) == NodeKind::kNative && dom_state[n] == kDetached;
}

std::string devtools_raw_name(const HeapGraph& g, std::span<const uint8_t> dom_state,
                              NodeOrdinal n) {
  if (is_renamed_detached(g, dom_state, n)) return "Detached " + std::string(g.node_name(n));
  return std::string(g.node_name(n));
}

std::string devtools_node_name(const HeapGraph& g, std::span<const uint8_t> dom_state,
                               NodeOrdinal n) {
  const NodeKind kind = g.node_kind(n);
  if (kind == NodeKind::kConsString) {
    // consStringName: depth-first over internal "first"/"second" edges, stopping once the text
    // reaches 1024 UTF-16 units. A missing half reads as node 0, as in DevTools. V8's cons
    // strings form trees; the step budget only stops malformed cyclic ones (DevTools hangs).
    std::string name;
    size_t length = 0;
    std::vector<NodeOrdinal> stack{n};
    for (uint32_t steps = 0; !stack.empty() && length < 1024 && steps < (1u << 20); ++steps) {
      const NodeOrdinal i = stack.back();
      stack.pop_back();
      if (g.node_kind(i) != NodeKind::kConsString) {
        const std::string piece = devtools_raw_name(g, dom_state, i);
        length += utf16_length(piece);
        name += piece;
        continue;
      }
      NodeOrdinal first = 0, second = 0;
      for (EdgeIndex e = g.first_edge(i), end = g.edge_end(i);
           e < end && (first == 0 || second == 0); ++e) {
        if (g.edge_kind(e) != EdgeKind::kInternal) continue;
        const std::string_view edge_name = g.strings().get(g.edge_name_or_index(e));
        if (edge_name == "first") first = g.edge_target(e);
        else if (edge_name == "second") second = g.edge_target(e);
      }
      stack.push_back(second);
      stack.push_back(first);
    }
    return name;
  }
  if (!is_plain_object(g, n)) return devtools_raw_name(g, dom_state, n);

  // #plainObjectName: "{a, b, …, y, z}", taking property names alternately from the front and
  // the back until about 100 UTF-16 units.
  std::string start = "{", end = "}";
  size_t start_length = 1, end_length = 1;
  auto from = static_cast<int64_t>(g.first_edge(n));
  auto to = static_cast<int64_t>(g.edge_end(n)) - 1;
  bool from_end = false;
  while (from <= to) {
    const auto e = static_cast<EdgeIndex>(from_end ? to : from);
    const std::string_view edge_name =
        graph::edge_name_is_index(g.edge_kind(e)) ? std::string_view()
                                                  : g.strings().get(g.edge_name_or_index(e));
    if (g.edge_kind(e) != EdgeKind::kProperty || edge_name == "__proto__") {
      if (from_end) --to; else ++from;
      continue;
    }
    const std::string formatted = format_property_name(edge_name);
    const size_t formatted_length = utf16_length(formatted);
    if (start_length > 1 && start_length + end_length + formatted_length > 100) break;
    if (from_end) {
      --to;
      if (end_length > 1) {
        end = ", " + end;
        end_length += 2;
      }
      end = formatted + end;
      end_length += formatted_length;
    } else {
      ++from;
      if (start_length > 1) {
        start += ", ";
        start_length += 2;
      }
      start += formatted;
      start_length += formatted_length;
    }
    from_end = !from_end;
  }
  if (from <= to) start += ", \u2026";
  if (end_length > 1) start += ", ";
  return start + end;
}

// --- Interfaces ------------------------------------------------------------------------------

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
    name = "{";
    name_length = 1;
    properties.clear();
    for (EdgeIndex e = g.first_edge(i), end = g.edge_end(i); e < end; ++e) {
      if (g.edge_kind(e) != EdgeKind::kProperty) continue;
      const std::string_view edge_name = g.strings().get(g.edge_name_or_index(e));
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

// --- Classes and aggregates ------------------------------------------------------------------

std::string ClassInfo::key() const {
  if (!has_location) return "," + name;
  return std::to_string(script_id) + "," + std::to_string(line) + "," + std::to_string(column) +
         "," + name;
}

ClassAggregates compute_class_aggregates(const HeapGraph& g, std::span<const uint8_t> dom_state,
                                         std::span<const uint64_t> shallow,
                                         std::span<const uint64_t> retained,
                                         std::span<const NodeOrdinal> idom,
                                         std::span<const int32_t> distance) {
  ClassAggregates result = classify_nodes(g, dom_state);
  aggregate_classes(result, g, shallow, retained, idom, distance);
  return result;
}

ClassAggregates classify_nodes(const HeapGraph& g, std::span<const uint8_t> dom_state) {
  ClassAggregates result;
  const uint32_t n = g.node_count();
  result.node_class = prefaulted_vector<uint32_t>(n, ClassAggregates::kNoClass);
  if (n == 0) return result;

  // Locations by node; a later row for the same node replaces an earlier one (a Map.set).
  const auto& rows = g.locations();
  std::vector<uint32_t> location_order(rows.size());
  for (uint32_t i = 0; i < rows.size(); ++i) location_order[i] = i;
  std::stable_sort(location_order.begin(), location_order.end(),
                   [&](uint32_t a, uint32_t b) { return rows[a].node < rows[b].node; });

  {
    const std::vector<InterfaceDefinition> definitions = infer_interface_definitions(g);
    ClassNamer namer(g, dom_state, definitions);
    std::vector<uint32_t> raw_class(g.strings().size(), ClassAggregates::kNoClass);
    std::unordered_map<uint64_t, uint32_t> other_class;
    std::unordered_map<LocationKey, uint32_t, LocationKeyHash> location_class;
    std::unordered_map<std::string_view, uint32_t> text_ids;  // location keys compare text
    std::unordered_map<uint64_t, uint32_t> identity_text;

    auto new_class = [&](uint64_t identity) {
      ClassInfo info;
      info.name = std::string(namer.text(identity));
      result.classes.push_back(std::move(info));
      return static_cast<uint32_t>(result.classes.size() - 1);
    };

    size_t cursor = 0;
    for (NodeOrdinal i = 0; i < n; ++i) {
      const uint64_t identity = namer.identity(i);
      const graph::SourceLocation* location = nullptr;
      while (cursor < location_order.size() && rows[location_order[cursor]].node < i) ++cursor;
      while (cursor < location_order.size() && rows[location_order[cursor]].node == i)
        location = &rows[location_order[cursor++]];

      uint32_t c;
      if (location != nullptr && g.node_kind(i) == NodeKind::kObject) {
        auto text_it = identity_text.find(identity);
        if (text_it == identity_text.end()) {
          const std::string_view text = namer.text(identity);
          const auto [t, inserted] = text_ids.emplace(text, static_cast<uint32_t>(text_ids.size()));
          text_it = identity_text.emplace(identity, t->second).first;
        }
        const LocationKey key{location->script_id, location->line, location->column,
                              text_it->second};
        const auto found = location_class.find(key);
        if (found != location_class.end()) {
          c = found->second;
        } else {
          c = new_class(identity);
          ClassInfo& info = result.classes[c];
          info.has_location = true;
          info.script_id = location->script_id;
          info.line = location->line;
          info.column = location->column;
          location_class.emplace(key, c);
        }
      } else if ((identity >> 32) == ClassNamer::kRaw) {
        uint32_t& slot = raw_class[static_cast<uint32_t>(identity)];
        if (slot == ClassAggregates::kNoClass) slot = new_class(identity);
        c = slot;
      } else {
        const auto found = other_class.find(identity);
        if (found != other_class.end()) {
          c = found->second;
        } else {
          c = new_class(identity);
          other_class.emplace(identity, c);
        }
      }
      result.node_class[i] = c;
    }
  }
  return result;
}

void aggregate_classes(ClassAggregates& result, const HeapGraph& g,
                       std::span<const uint64_t> shallow, std::span<const uint64_t> retained,
                       std::span<const NodeOrdinal> idom, std::span<const int32_t> distance) {
  const uint32_t n = g.node_count();
  if (n == 0) return;
  // buildAggregates: nodes with a zero shallow size are left out.
  for (NodeOrdinal i = 0; i < n; ++i) {
    if (shallow[i] == 0) continue;
    ClassInfo& info = result.classes[result.node_class[i]];
    const int32_t d = distance.empty() ? 0 : distance[i];
    if (info.count == 0) {
      info.first_node = i;
      info.distance = d;
    } else {
      info.distance = std::min(info.distance, d);
    }
    ++info.count;
    info.self_size += shallow[i];
  }

  // calculateClassesRetainedSize: walk the dominator tree depth first; a node adds its retained
  // size to its class unless an ancestor of the same class already did.
  {
    const NodeOrdinal root = g.root();
    const DominatorChildren children(idom, root);
    std::vector<uint8_t> seen(result.classes.size(), 0);
    constexpr uint64_t kLeave = uint64_t{1} << 32;
    std::vector<uint64_t> stack{root};
    while (!stack.empty()) {
      const uint64_t top = stack.back();
      stack.pop_back();
      const auto v = static_cast<NodeOrdinal>(top);
      const uint32_t c = result.node_class[v];
      if (top & kLeave) {
        seen[c] = 0;
        continue;
      }
      const auto kids = children.of(v);
      if (!seen[c] && shallow[v] != 0) {
        result.classes[c].max_retained += retained[v];
        if (!kids.empty()) {
          seen[c] = 1;
          stack.push_back(kLeave | v);
        }
      }
      for (const NodeOrdinal k : kids) stack.push_back(k);
    }
  }

  // Which rows DevTools lists: among classes with the same public key, the one inserted last
  // into its aggregate map (the one whose first non-empty node comes last) overwrites the rest.
  {
    std::unordered_map<std::string, uint32_t> by_key;
    for (uint32_t c = 0; c < result.classes.size(); ++c) {
      if (result.classes[c].count == 0) continue;
      auto [it, inserted] = by_key.emplace(result.classes[c].key(), c);
      if (!inserted && result.classes[it->second].first_node < result.classes[c].first_node)
        it->second = c;
    }
    for (const auto& [key, c] : by_key) result.classes[c].listed = true;
  }
}

}  // namespace heapsnap::analysis

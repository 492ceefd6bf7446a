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
#include "heapsnap/analysis/class_aggregates.h"

#include <algorithm>
#include <deque>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

#include "heapsnap/analysis/detachedness.h"
#include "heapsnap/analysis/dominator_children.h"
#include "heapsnap/analysis/interface_definitions.h"
#include "heapsnap/analysis/node_names.h"
#include "heapsnap/util/page_prefaulter.h"

namespace heapsnap::analysis {

using graph::HeapGraph;
using graph::NodeKind;
using graph::NodeOrdinal;
using graph::StringIndex;

namespace {

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
      return m == InterfaceMatcher::kNoMatch ? make(kRaw, value(name_index))
                                             : interface_identity_[static_cast<size_t>(m)];
    }
    // "<div id=a>" -> "<div>", "Detached <div id=a>" -> "Detached <div>": always an appended
    // string, even when the text does not change.
    const bool angle =
        name.starts_with("<") || (!renamed && name.starts_with("Detached <"));
    if (angle) {
      const uint64_t cache_key = make(renamed ? 1 : 0, value(name_index));
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
      return make(kRenamed, value(name_index));
    }
    return make(kRaw, value(name_index));
  }

  std::string_view text(uint64_t identity) const {
    const auto index = static_cast<uint32_t>(identity & 0xffffffffu);
    switch (identity >> 32) {
      case kRaw: return g_.strings().get(StringIndex{index});
      case kRenamed: return renamed_text_.at(StringIndex{index});
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
                       std::span<const NodeOrdinal> idom, std::span<const int32_t> distance,
                       const DominatorChildren* known_children) {
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
    std::optional<DominatorChildren> built;
    if (!known_children) built.emplace(idom, root);
    const DominatorChildren& children = known_children ? *known_children : *built;
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

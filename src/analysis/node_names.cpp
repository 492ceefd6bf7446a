// DevTools' display names; the rules are in node_names.h.
#include "heapsnap/analysis/node_names.h"

#include <vector>

#include "heapsnap/analysis/detachedness.h"
#include "heapsnap/util/utf8.h"

namespace heapsnap::analysis {

using graph::EdgeIndex;
using graph::EdgeKind;
using graph::HeapGraph;
using graph::NodeKind;
using graph::NodeOrdinal;

// JSHeapSnapshotNode.formatPropertyName.
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
        const std::string_view edge_name = g.strings().get(g.edge_name_index(e));
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
                                                  : g.strings().get(g.edge_name_index(e));
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
}  // namespace heapsnap::analysis

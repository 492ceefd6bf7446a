// DevTools' essential-edge rules and page-owned flags; see devtools_edge_rules.h and
// docs/retained-size.md.
//
// Performance notes:
//  - One bit per edge (essential or not) and one bit per node (has an essential retainer).
//  - The WeakMap rule needs the edge's name text; it is looked at only for internal edges whose
//    name starts with a digit and ends with ')', which no other V8 internal edge name does.
#include "heapsnap/analysis/devtools_edge_rules.h"

#include <span>

#include "heapsnap/util/page_prefaulter.h"
#include "node_queue.h"

namespace heapsnap::analysis {

using graph::EdgeIndex;
using graph::EdgeKind;
using graph::HeapGraph;
using graph::NodeKind;
using graph::NodeOrdinal;

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// JavaScript's `.` does not match \n, \r, U+2028 or U+2029.
bool has_line_terminator(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (c == '\n' || c == '\r') return true;
    if (static_cast<unsigned char>(c) == 0xE2 && i + 2 < s.size() &&
        static_cast<unsigned char>(s[i + 1]) == 0x80 &&
        (static_cast<unsigned char>(s[i + 2]) == 0xA8 ||
         static_cast<unsigned char>(s[i + 2]) == 0xA9))
      return true;
  }
  return false;
}

uint64_t parse_decimal_saturating(std::string_view digits) {
  uint64_t value = 0;
  for (const char c : digits) {
    const uint64_t d = static_cast<uint64_t>(c - '0');
    if (value > (UINT64_MAX - d) / 10) return UINT64_MAX;
    value = value * 10 + d;
  }
  return value;
}

}  // namespace

// ^\d+( \/ part of key \(.*? @\d+\) -> value \(.*? @\d+\) pair in WeakMap \(table @(\d+)\))$
// From the end, the table id, the value id and the fixed text between them are forced (each
// digit run is bounded by '@'), so they are read backwards; what is left in the middle must
// contain " @<digits>) -> value (" somewhere, with anything on either side.
std::optional<WeakMapEdgeName> parse_weakmap_edge_name(std::string_view name) {
  static constexpr std::string_view kHead = " / part of key (";
  static constexpr std::string_view kTail = ") pair in WeakMap (table @";
  static constexpr std::string_view kMiddle = ") -> value (";

  size_t lead = 0;
  while (lead < name.size() && is_digit(name[lead])) ++lead;
  if (lead == 0) return std::nullopt;
  if (name.substr(lead, kHead.size()) != kHead) return std::nullopt;
  const size_t middle_begin = lead + kHead.size();

  // Table id: digits between "(table @" and the final ')'.
  if (name.size() < middle_begin + 1 || name.back() != ')') return std::nullopt;
  size_t table_end = name.size() - 1;
  size_t table_begin = table_end;
  while (table_begin > middle_begin && is_digit(name[table_begin - 1])) --table_begin;
  if (table_begin == table_end) return std::nullopt;
  if (table_begin < middle_begin + kTail.size()) return std::nullopt;
  if (name.substr(table_begin - kTail.size(), kTail.size()) != kTail) return std::nullopt;

  // Value id: " @<digits>" just before the tail.
  const size_t value_end = table_begin - kTail.size();
  size_t value_begin = value_end;
  while (value_begin > middle_begin && is_digit(name[value_begin - 1])) --value_begin;
  if (value_begin == value_end) return std::nullopt;
  if (value_begin < middle_begin + 2 || name[value_begin - 1] != '@' ||
      name[value_begin - 2] != ' ')
    return std::nullopt;

  // Key part: " @<digits>) -> value (" anywhere in what is left.
  const std::string_view rest = name.substr(middle_begin, value_begin - 2 - middle_begin);
  bool found = false;
  for (size_t at = rest.find(" @"); at != std::string_view::npos; at = rest.find(" @", at + 1)) {
    size_t d = at + 2;
    while (d < rest.size() && is_digit(rest[d])) ++d;
    if (d > at + 2 && rest.substr(d, kMiddle.size()) == kMiddle) {
      found = true;
      break;
    }
  }
  if (!found || has_line_terminator(name)) return std::nullopt;

  std::string_view table_digits = name.substr(table_begin, table_end - table_begin);
  while (table_digits.size() > 1 && table_digits.front() == '0') table_digits.remove_prefix(1);
  return WeakMapEdgeName{name.substr(lead), parse_decimal_saturating(table_digits)};
}

BigVector<uint8_t> mark_page_owned(const HeapGraph& g) {
  const uint32_t n = g.node_count();
  BigVector<uint8_t> page = prefaulted_vector<uint8_t>(n, 0);
  if (n == 0) return page;
  // Which nodes are marked does not depend on the order they are reached in; breadth-first
  // lets the queue fetch the next nodes' edges ahead (node_queue.h).
  NodeQueue queue;
  const NodeOrdinal root = g.root();
  for (EdgeIndex e = g.first_edge(root), end = g.edge_end(root); e < end; ++e) {
    const EdgeKind kind = g.edge_kind(e);
    const NodeOrdinal t = g.edge_target(e);
    if (kind == EdgeKind::kElement) {
      if (g.node_kind(t) != NodeKind::kSynthetic || g.node_name(t) != "(Document DOM trees)")
        continue;
    } else if (kind != EdgeKind::kShortcut) {
      continue;
    }
    if (page[t]) continue;
    page[t] = 1;
    queue.push(t);
  }
  const std::span<const EdgeIndex> first = g.first_edges();
  const std::span<const NodeOrdinal> targets = g.edge_targets();
  const std::span<const uint8_t> edge_types = g.edge_type_indices();
  while (!queue.empty()) {
    queue.prefetch_ahead(first, targets, edge_types, {});
    const NodeOrdinal u = queue.pop();
    const EdgeIndex begin = first[u], end = first[u + 1];
    for (EdgeIndex e = begin; e < end; ++e) {
      const NodeOrdinal t = targets[e];
      if (page[t] || g.edge_kind(e) == EdgeKind::kWeak) continue;
      page[t] = 1;
      queue.push(t);
    }
  }
  return page;
}

bool EssentialEdges::compute(const HeapGraph& g, std::span<const uint8_t> page_owned,
                             NodeOrdinal source, EdgeIndex e) {
  const EdgeKind kind = g.edge_kind(e);
  if (kind == EdgeKind::kInternal) {
    const std::string_view name = g.strings().get(g.edge_name_index(e));
    // Cheap tests first: every ephemeron edge name starts with a digit and ends with ')'.
    if (!name.empty() && is_digit(name.front()) && name.back() == ')') {
      const auto parsed = parse_weakmap_edge_name(name);
      if (parsed && parsed->table_id == value(g.node_id(source))) return false;
    }
  }
  if (kind == EdgeKind::kWeak) return false;
  const NodeOrdinal target = g.edge_target(e);
  if (target == source) return false;
  if (source != g.root()) {
    if (kind == EdgeKind::kShortcut) return false;
    if (page_owned[target] && !page_owned[source]) return false;
  }
  return true;
}

EssentialEdges::EssentialEdges(const HeapGraph& g, std::span<const uint8_t> page_owned)
    : bits_(g.edge_count()), retained_(g.node_count()) {
  const uint32_t n = g.node_count();
  for (NodeOrdinal u = 0; u < n; ++u) {
    for (EdgeIndex e = g.first_edge(u), end = g.edge_end(u); e < end; ++e) {
      if (compute(g, page_owned, u, e)) {
        bits_.set(e);
        retained_.set(g.edge_target(e));
        ++essential_count_;
      }
    }
  }
}

}  // namespace heapsnap::analysis

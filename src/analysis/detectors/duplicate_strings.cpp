#include "heapsnap/analysis/detectors/duplicate_strings.h"

#include <unordered_map>

#include "detector_support.h"

namespace heapsnap::analysis::detectors {

using graph::kNoNode;
using graph::NodeKind;
using graph::NodeOrdinal;
using graph::StringIndex;

namespace {

struct Group {
  uint64_t copies = 0;
  uint64_t bytes = 0;
  uint64_t largest = 0;  // the biggest copy (the one kept)
  std::vector<NodeOrdinal> nodes;
};

std::string quoted(std::string_view text) {
  std::string out = "'";
  for (size_t i = 0; i < text.size() && i < 60; ++i) {
    const char c = text[i];
    out += (c == '\n' || c == '\r' || c == '\t') ? ' ' : c;
  }
  if (text.size() > 60) out += "…";
  return out + "'";
}

}  // namespace

std::vector<Finding> detect_duplicate_strings(const DetectorSupport& s, const DetectorOptions& options) {
  const DetectorInput& input = s.input();
  const graph::HeapGraph& g = input.graph;
  // Pass 1: copies per text (one counter per string-table entry).
  std::vector<uint32_t> copies(g.strings().size(), 0);
  for (NodeOrdinal n = 0; n < g.node_count(); ++n) {
    if (g.node_kind(n) != NodeKind::kString) continue;
    uint32_t& c = copies[value(g.node_name_index(n))];
    if (c != UINT32_MAX) ++c;
  }
  // Pass 2: bytes and nodes of the texts with enough copies.
  const uint32_t floor = std::max<uint32_t>(options.min_string_copies, 2);
  std::unordered_map<StringIndex, Group> groups;
  for (NodeOrdinal n = 0; n < g.node_count(); ++n) {
    if (g.node_kind(n) != NodeKind::kString) continue;
    const StringIndex text = g.node_name_index(n);
    if (copies[value(text)] < floor) continue;
    Group& group = groups[text];
    ++group.copies;
    group.bytes += g.self_size(n);
    group.largest = std::max(group.largest, g.self_size(n));
    group.nodes.push_back(n);
  }
  std::vector<Finding> findings;
  for (const auto& [text, group] : groups) {
    const uint64_t wasted = group.bytes - group.largest;
    if (wasted < options.min_wasted_bytes || wasted == 0) continue;
    Finding f;
    f.kind = FindingKind::kDuplicateStrings;
    f.count = group.copies;
    f.wasted_bytes = wasted;
    f.retained_bytes = group.bytes;
    // Holder: the most common (retainer name, edge name) among the copies.
    std::unordered_map<uint64_t, std::pair<uint32_t, NodeOrdinal>> holders;
    uint32_t top = 0;
    NodeOrdinal top_holder = kNoNode;
    graph::EdgeIndex top_edge = 0;
    for (const NodeOrdinal n : group.nodes) {
      DetectorSupport::Retainer r = s.best_retainer(n);
      // A copy inside a concatenation: the holder is whoever holds the concatenated string.
      for (int step = 0; step < 16 && r.source != kNoNode; ++step) {
        const NodeKind k = g.node_kind(r.source);
        if (k != NodeKind::kConsString && k != NodeKind::kSlicedString) break;
        r = s.best_retainer(r.source);
      }
      if (r.source == kNoNode) continue;
      const uint32_t edge = graph::edge_name_is_index(g.edge_kind(r.edge)) ? UINT32_MAX
                                                                           : g.edge_name_or_index(r.edge);
      auto& [count, first] = holders[uint64_t{value(g.node_name_index(r.source))} << 32 | edge];
      if (count++ == 0) first = r.source;
      if (count > top) top = count, top_holder = first, top_edge = r.edge;
    }
    s.set_holder(f, top_holder);
    if (top_holder != kNoNode) f.location = s.object_position(top_holder);
    add_examples(f, g, group.nodes);
    const std::string_view content = g.strings().get(text);
    f.title = std::to_string(f.count) + " copies of " + quoted(content) + " (" +
              bytes_text(wasted) + " wasted)";
    if (top_holder != kNoNode) {
      const std::string edge = graph::edge_name_is_index(g.edge_kind(top_edge))
                                   ? std::string("[]")
                                   : s.edge_text(top_edge);
      f.title += ", " + std::to_string(top) + " held by " + f.holder_name +
                 "." + edge;
    }
    f.subject = "copies of " + quoted(content);
    f.key = "duplicate-strings|" + std::string(content.substr(0, 80)) + "|" +
            std::to_string(group.largest);
    findings.push_back(std::move(f));
  }
  keep_largest(findings, options.max_findings_per_detector,
               [](const Finding& f) { return f.wasted_bytes; });
  return findings;
}

std::vector<Finding> detect_duplicate_strings(const DetectorInput& input, const DetectorOptions& options) {
  return detect_duplicate_strings(DetectorSupport(input), options);
}

}  // namespace heapsnap::analysis::detectors

#include "heapsnap/analysis/detectors/collections.h"

#include <charconv>

#include "detector_support.h"

namespace heapsnap::analysis::detectors {

using graph::EdgeIndex;
using graph::EdgeKind;
using graph::kNoNode;
using graph::NodeKind;
using graph::NodeOrdinal;

namespace {

enum class CollectionKind : uint8_t { kMap, kSet, kArray, kDictionary };

const char* kind_text(CollectionKind k) {
  switch (k) {
    case CollectionKind::kMap: return "Map";
    case CollectionKind::kSet: return "Set";
    case CollectionKind::kArray: return "Array";
    case CollectionKind::kDictionary: return "dictionary";
  }
  return "";
}

// Entries of an OrderedHashMap (entry_size 3: key, value, chain) or OrderedHashSet (2) table.
// Layout (V8 ordered-hash-table.h): FixedArray header (16 bytes), then 3 header slots (element
// count, deleted count, bucket count), capacity / 2 buckets, capacity entries.
uint64_t hash_table_entries(const graph::HeapGraph& g, NodeOrdinal table, uint32_t entry_size) {
  const uint64_t size = g.self_size(table);
  if (size < 16 + 3 * 8) return 0;
  const uint64_t words = (size - 16) / 8;
  const uint64_t capacity = (words - 3) * 2 / (2 * entry_size + 1);
  const uint64_t first_entry = 3 + capacity / 2;
  uint64_t entries = 0, last = UINT64_MAX;
  for (EdgeIndex e = g.first_edge(table), end = g.edge_end(table); e < end; ++e) {
    uint64_t slot = 0;
    if (graph::edge_name_is_index(g.edge_kind(e))) {
      slot = g.edge_name_or_index(e);
    } else {
      const std::string_view name = g.strings().get(g.edge_name_index(e));
      if (std::from_chars(name.data(), name.data() + name.size(), slot).ec != std::errc()) continue;
    }
    if (slot < first_entry) continue;
    const uint64_t entry = (slot - first_entry) / entry_size;
    if (entry != last) ++entries, last = entry;  // slots of one entry are adjacent
  }
  return entries;
}

struct Candidate {
  NodeOrdinal node;
  CollectionKind kind;
  uint64_t entries;
};

}  // namespace

std::vector<Finding> detect_collections(const DetectorSupport& s, const DetectorOptions& options) {
  const DetectorInput& input = s.input();
  const graph::HeapGraph& g = input.graph;
  const auto& retained = input.analysis.retained.retained;
  std::vector<Candidate> candidates;
  for (NodeOrdinal n = 0; n < g.node_count(); ++n) {
    if (g.node_kind(n) != NodeKind::kObject) continue;
    if (retained[n] < options.min_collection_bytes) continue;
    const Name tag = s.node_tag(n);
    uint64_t entries = 0;
    CollectionKind kind = CollectionKind::kDictionary;
    if (tag == Name::kMap || tag == Name::kSet) {
      const NodeOrdinal table = s.edge_to(n, Name::kTable);
      if (table == kNoNode) continue;
      kind = tag == Name::kMap ? CollectionKind::kMap : CollectionKind::kSet;
      entries = hash_table_entries(g, table, tag == Name::kMap ? 3 : 2);
    } else if (tag == Name::kArray) {
      kind = CollectionKind::kArray;
      NodeOrdinal elements = kNoNode;
      for (EdgeIndex e = g.first_edge(n), end = g.edge_end(n); e < end; ++e) {
        if (g.edge_kind(e) == EdgeKind::kElement) ++entries;
        else if (s.edge_tag(e) == Name::kElements) elements = g.edge_target(e);
      }
      // Unboxed doubles have no element edges: count the slots of the store.
      if (entries == 0 && elements != kNoNode && g.out_degree(elements) <= 1 &&
          g.self_size(elements) > 16) {
        entries = (g.self_size(elements) - 16) / 8;
      }
    } else {
      bool dictionary = false;
      for (EdgeIndex e = g.first_edge(n), end = g.edge_end(n); e < end; ++e) {
        if (g.edge_kind(e) == EdgeKind::kProperty && s.edge_tag(e) != Name::kProto) ++entries;
        else if (s.edge_tag(e) == Name::kProperties &&
                 s.node_tag(g.edge_target(e)) == Name::kObjectProperties) dictionary = true;
      }
      if (!dictionary) continue;
    }
    if (entries < options.min_collection_entries) continue;
    candidates.push_back({n, kind, entries});
  }

  std::vector<NodeOrdinal> nodes;
  for (const Candidate& c : candidates) nodes.push_back(c.node);
  const auto external = s.external_bytes_below(nodes);  // one pass for all candidates
  std::vector<Finding> findings;
  for (const Candidate& c : candidates) {
    Finding f;
    f.kind = FindingKind::kCollections;
    f.count = c.entries;
    f.retained_bytes = retained[c.node];
    s.set_holder(f, c.node);
    f.external_bytes = external.at(c.node);
    f.examples.push_back(g.node_id(c.node));
    const DetectorSupport::Retainer r = s.best_retainer(c.node);
    std::string by, by_key;
    if (r.source != kNoNode) {
      const std::string edge = s.edge_text(r.edge);
      const std::string source = s.readable_name(r.source);
      by = " held by " + edge + " in " + source;
      by_key = source + "|" + (g.edge_kind(r.edge) == EdgeKind::kElement ? "[]" : edge);
      if (s.node_tag(r.source) == Name::kSystemContext) {
        f.location.script = s.scope_script(r.source);
      }
    }
    const std::string kind = kind_text(c.kind);
    f.title = (c.kind == CollectionKind::kDictionary ? f.holder_name + " (dictionary)" : kind) +
              " with " + std::to_string(c.entries) + " entries (" + bytes_text(f.retained_bytes) +
              ")" + by;
    f.subject = "entries of " +
                (c.kind == CollectionKind::kDictionary ? f.holder_name + " (dictionary)" : kind) + by;
    f.key = "collections|" + kind + "|" + by_key;
    findings.push_back(std::move(f));
  }
  keep_largest(findings, options.max_findings_per_detector,
               [](const Finding& f) { return f.retained_bytes; });
  return findings;
}

std::vector<Finding> detect_collections(const DetectorInput& input, const DetectorOptions& options) {
  return detect_collections(DetectorSupport(input), options);
}

}  // namespace heapsnap::analysis::detectors

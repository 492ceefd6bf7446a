// DevTools' rules for which edges count when it computes dominators
// (front_end/entrypoints/heap_snapshot_worker/HeapSnapshot.ts, chrome-devtools-frontend
// 1.0.1705227): WeakMap ephemeron edge names, page-owned nodes (markPageOwnedNodes) and essential
// edges (computeIsEssentialEdge). docs/retained-size.md states the rules and how they are
// checked; devtools_retained.h builds the dominator pass's flow graph from them.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "heapsnap/graph/heap_graph.h"

namespace heapsnap::analysis {

// --- WeakMap ephemeron edge names ------------------------------------------------------------

// V8 names the two internal edges that hold a WeakMap value
//   "<n> / part of key (<key name> @<key id>) -> value (<value name> @<value id>) pair in WeakMap
//    (table @<table id>)"
// once from the table and once from the key. DevTools matches them with the regular expression
//   ^\d+( \/ part of key \(.*? @\d+\) -> value \(.*? @\d+\) pair in WeakMap \(table @(\d+)\))$
// (`.` excludes line terminators). This is that match without a regex engine.
struct WeakMapEdgeName {
  std::string_view pair_part;  // everything after the leading digits (same for both edges)
  uint64_t table_id;           // saturates at UINT64_MAX for absurdly long digit runs
};
std::optional<WeakMapEdgeName> parse_weakmap_edge_name(std::string_view name);

// --- Page-owned nodes (markPageOwnedNodes) ---------------------------------------------------

// 1 for nodes reachable over non-weak edges from the targets of the root's shortcut edges and of
// the root's element edges to the synthetic "(Document DOM trees)" node; 0 elsewhere.
BigVector<uint8_t> mark_page_owned(const graph::HeapGraph& graph);

// --- Essential edges (computeIsEssentialEdge) ------------------------------------------------

// Which edges count for dominators. Edge e from node u to v is ignored when
//   - it is an internal WeakMap ephemeron edge whose table id is u's id, or
//   - it is weak, or
//   - u == v, or
//   - u is not the root and the edge is a shortcut, or v is page-owned and u is not.
class EssentialEdges {
 public:
  // Computes one bit per edge. `page_owned` comes from mark_page_owned().
  EssentialEdges(const graph::HeapGraph& graph, std::span<const uint8_t> page_owned);

  bool is_essential(graph::EdgeIndex e) const { return bits_.test(e); }
  // Bit e % 64 of word e / 64 is edge e's.
  std::span<const uint64_t> words() const { return bits_.words(); }
  // The rule itself, for one edge out of `source` (what the constructor stores per edge).
  static bool compute(const graph::HeapGraph& graph, std::span<const uint8_t> page_owned,
                      graph::NodeOrdinal source, graph::EdgeIndex e);
  uint64_t essential_count() const { return essential_count_; }
  // Whether some essential edge points at node v (found in the same pass).
  bool has_essential_retainer(graph::NodeOrdinal v) const { return retained_.test(v); }

 private:
  class BitSet {
   public:
    explicit BitSet(uint64_t size) : words_((size + 63) / 64, 0) {}
    void set(uint64_t i) { words_[i >> 6] |= uint64_t{1} << (i & 63); }
    bool test(uint64_t i) const { return (words_[i >> 6] >> (i & 63)) & 1; }
    std::span<const uint64_t> words() const { return words_; }

   private:
    std::vector<uint64_t> words_;
  };
  BitSet bits_;      // per edge
  BitSet retained_;  // per node: some essential edge points at it
  uint64_t essential_count_ = 0;
};

}  // namespace heapsnap::analysis

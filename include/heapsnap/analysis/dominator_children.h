// The dominator tree read downwards: the children of each node, from an immediate-dominator
// array (DevtoolsRetained::idom, DominatorTree::idom).
#pragma once

#include <bit>
#include <cstdint>
#include <span>
#include <vector>

#include "heapsnap/graph/heap_graph.h"

namespace heapsnap::analysis {

// Children of each node in the dominator tree (CSR, count-then-fill), in ascending ordinal
// order. Built on demand: 4 bytes per node plus 4 per node for the offsets.
class DominatorChildren {
 public:
  DominatorChildren(std::span<const graph::NodeOrdinal> idom, graph::NodeOrdinal root);
  std::span<const graph::NodeOrdinal> of(graph::NodeOrdinal n) const {
    return std::span<const graph::NodeOrdinal>(children_).subspan(first_[n],
                                                                  first_[n + 1] - first_[n]);
  }
  uint32_t count(graph::NodeOrdinal n) const { return first_[n + 1] - first_[n]; }

 private:
  BigVector<uint32_t> first_;  // node_count + 1
  BigVector<graph::NodeOrdinal> children_;
};

}  // namespace heapsnap::analysis

namespace heapsnap::analysis {

// The same lists for the few nodes a bounded walk can expand: those retaining at least
// `min_retained` bytes, and `start`. Built in two passes over `idom` that test a bitmap of those
// nodes (0.3 bytes per node, cache-resident) instead of writing an offset per node: the HTML
// treemap (depth 8, children under 0.1% folded) expands a few hundred nodes of millions.
class LargeNodeChildren {
 public:
  LargeNodeChildren(std::span<const graph::NodeOrdinal> idom, graph::NodeOrdinal root,
                    std::span<const uint64_t> retained, uint64_t min_retained, graph::NodeOrdinal start);
  // Whether n's children are listed.
  bool listed(graph::NodeOrdinal n) const { return bits_[n >> 6] >> (n & 63) & 1; }
  // The children of a listed node, ascending.
  std::span<const graph::NodeOrdinal> of(graph::NodeOrdinal n) const {
    const uint32_t i = rank(n);
    return std::span<const graph::NodeOrdinal>(children_).subspan(first_[i], first_[i + 1] - first_[i]);
  }
  uint32_t count(graph::NodeOrdinal n) const {
    const uint32_t i = rank(n);
    return first_[i + 1] - first_[i];
  }

 private:
  // Listed nodes before n.
  uint32_t rank(graph::NodeOrdinal n) const {
    const uint64_t below = bits_[n >> 6] & ((uint64_t{1} << (n & 63)) - 1);
    return rank_[n >> 6] + static_cast<uint32_t>(std::popcount(below));
  }
  std::vector<uint64_t> bits_;         // listed nodes
  std::vector<uint32_t> rank_;         // per word of bits_: listed nodes before it
  std::vector<uint32_t> first_;        // per listed node, + 1
  std::vector<graph::NodeOrdinal> children_;
};

}  // namespace heapsnap::analysis

// The FIFO of nodes behind the breadth-first passes over a heap graph (distances, page-owned
// marking). Internal to analysis/.
//
// Each node a pass takes from the queue costs cache misses at random places: its edge range,
// its edges' targets and types, its own type. The nodes a few places behind the front are known
// already, so prefetch_ahead() starts those misses while the pass works on the front node: a
// fifth off the distances pass on the 22M-node benchmark snapshot. (It takes the columns as
// spans the pass copied out of the graph before its loop, and is always inlined; a version that
// took a struct of spans lost the whole gain, measured.)
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "heapsnap/graph/heap_graph.h"

namespace heapsnap::analysis {

// A ring buffer that doubles when full, so it takes memory for the widest frontier (a few percent
// of the nodes in heap graphs), not for every node reached.
class NodeQueue {
 public:
  bool empty() const { return size_ == 0; }
  void push(graph::NodeOrdinal v) {
    if (size_ == ring_.size()) grow();
    ring_[(head_ + size_) & (ring_.size() - 1)] = v;
    ++size_;
  }
  graph::NodeOrdinal pop() {
    const graph::NodeOrdinal v = ring_[head_];
    head_ = (head_ + 1) & (ring_.size() - 1);
    --size_;
    return v;
  }

  // Call before each pop(): fetches the edge range of the node kRangeAhead places behind the
  // front, and for the one kEdgesAhead places behind (whose range was fetched earlier) its first
  // edge's target and type and, if node_types is not empty, its own type. The columns come as
  // spans the caller copied out of the graph before its loop.
  [[gnu::always_inline]] void prefetch_ahead(std::span<const graph::EdgeIndex> first,
                                             std::span<const graph::NodeOrdinal> targets,
                                             std::span<const uint8_t> edge_types,
                                             std::span<const uint8_t> node_types) const {
    constexpr size_t kRangeAhead = 8, kEdgesAhead = 4;
    if (size_ > kRangeAhead) __builtin_prefetch(&first[peek(kRangeAhead)]);
    if (size_ > kEdgesAhead) {
      const graph::NodeOrdinal ahead = peek(kEdgesAhead);
      // data() + i, not &span[i]: a node without edges may start at the columns' end.
      __builtin_prefetch(targets.data() + first[ahead]);
      __builtin_prefetch(edge_types.data() + first[ahead]);
      if (!node_types.empty()) __builtin_prefetch(&node_types[ahead]);
    }
  }

 private:
  // The node k places behind the front (k < size()).
  graph::NodeOrdinal peek(size_t k) const { return ring_[(head_ + k) & (ring_.size() - 1)]; }

  void grow() {
    std::vector<graph::NodeOrdinal> bigger(std::max<size_t>(1024, 2 * ring_.size()));
    for (size_t i = 0; i < size_; ++i) bigger[i] = ring_[(head_ + i) & (ring_.size() - 1)];
    ring_.swap(bigger);
    head_ = 0;
  }
  std::vector<graph::NodeOrdinal> ring_;  // a power of two in size
  size_t head_ = 0, size_ = 0;
};

}  // namespace heapsnap::analysis

// The FIFO of nodes behind the breadth-first passes over a heap graph (distances, page-owned
// marking). Internal to analysis/.
//
// Each node a pass takes from the queue costs cache misses at random places: its edge range,
// its edges' targets and types, its own type. The nodes a few places behind the front are known
// already (peek), so a pass can start those misses while it works on the front node: a fifth
// off the distances pass on the 22M-node benchmark snapshot. (The passes spell the prefetches
// out over local copies of the graph's column spans; the same prefetches in a member function
// taking a struct of spans lost the gain, measured.)
#pragma once

#include <algorithm>
#include <cstddef>
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

  size_t size() const { return size_; }
  // The node k places behind the front (k < size()).
  graph::NodeOrdinal peek(size_t k) const { return ring_[(head_ + k) & (ring_.size() - 1)]; }

 private:
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

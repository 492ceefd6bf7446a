#include "heapsnap/graph/retainers.h"

namespace heapsnap::graph {

Retainers::Retainers(const HeapGraph& g)
    : first_(static_cast<size_t>(g.node_count()) + 1, 0), edge_(g.edge_count()), source_(g.edge_count()) {
  const auto targets = g.edge_targets();
  // Count: first_[t + 1] holds the number of retainers of t, then a prefix sum turns the counts
  // into start offsets.
  for (const NodeOrdinal t : targets) ++first_[t + 1];
  for (size_t i = 1; i < first_.size(); ++i) first_[i] += first_[i - 1];
  // Fill: a moving cursor per target; edges are visited in order, so each node's retainers stay
  // sorted by source ordinal and edge index.
  std::vector<uint64_t> cursor(first_.begin(), first_.end() - 1);
  const uint32_t nodes = g.node_count();
  for (NodeOrdinal n = 0; n < nodes; ++n) {
    for (EdgeIndex e = g.first_edge(n), end = g.edge_end(n); e < end; ++e) {
      const uint64_t slot = cursor[targets[e]]++;
      edge_[slot] = e;
      source_[slot] = n;
    }
  }
}

}  // namespace heapsnap::graph

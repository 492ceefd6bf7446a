#include "heapsnap/graph/retainers.h"

#include "heapsnap/util/page_prefaulter.h"

namespace heapsnap::graph {

Retainers::Retainers(const HeapGraph& g)
    : first_edge_(g.first_edges()), first_(static_cast<size_t>(g.node_count()) + 1, 0) {
  const auto targets = g.edge_targets();
  // Both lists are written in full by the fill: an otherwise idle core faults their pages in
  // while this one counts.
  edge_offset_ = prefaulted_vector<uint32_t>(g.edge_count());
  source_ = prefaulted_vector<NodeOrdinal>(g.edge_count());
  // Count, then turn the counts into list ends: first_[t] is one past t's last retainer.
  for (const NodeOrdinal t : targets) ++first_[t];
  for (size_t i = 1; i < first_.size(); ++i) first_[i] += first_[i - 1];
  // Fill each list back to front, visiting the edges backwards: every list ends at its start,
  // ascending by source ordinal and edge index, with no cursor array beside first_.
  for (NodeOrdinal n = g.node_count(); n-- > 0;) {
    const EdgeIndex begin = g.first_edge(n);
    for (EdgeIndex e = g.edge_end(n); e-- > begin;) {
      const uint64_t slot = --first_[targets[e]];
      edge_offset_[slot] = static_cast<uint32_t>(e - begin);
      source_[slot] = n;
    }
  }
}

}  // namespace heapsnap::graph

#include "heapsnap/analysis/dominator_children.h"

#include "heapsnap/util/page_prefaulter.h"

namespace heapsnap::analysis {

using graph::kNoNode;
using graph::NodeOrdinal;

DominatorChildren::DominatorChildren(std::span<const NodeOrdinal> idom, NodeOrdinal root)
    : first_(prefaulted_vector<uint32_t>(idom.size() + 1, 0)) {
  const uint32_t n = static_cast<uint32_t>(idom.size());
  if (n == 0) return;
  // Count children, turn the counts into list ends, then fill each list back to front in
  // descending order: every entry ends at its list's start, and lists come out ascending.
  for (NodeOrdinal v = 0; v < n; ++v)
    if (v != root && idom[v] != kNoNode) ++first_[idom[v]];
  for (uint32_t i = 1; i < n; ++i) first_[i] += first_[i - 1];
  first_[n] = first_[n - 1];
  children_ = prefaulted_vector<NodeOrdinal>(first_[n]);  // every element is written next
  for (NodeOrdinal v = n; v-- > 0;)
    if (v != root && idom[v] != kNoNode) children_[--first_[idom[v]]] = v;
}

}  // namespace heapsnap::analysis

namespace heapsnap::analysis {

LargeNodeChildren::LargeNodeChildren(std::span<const NodeOrdinal> idom, NodeOrdinal root,
                                     std::span<const uint64_t> retained, uint64_t min_retained,
                                     NodeOrdinal start)
    : bits_((idom.size() + 63) / 64, 0), rank_(bits_.size(), 0) {
  const uint32_t n = static_cast<uint32_t>(idom.size());
  for (NodeOrdinal v = 0; v < n; ++v)
    if (retained[v] >= min_retained) bits_[v >> 6] |= uint64_t{1} << (v & 63);
  if (start < n) bits_[start >> 6] |= uint64_t{1} << (start & 63);
  uint32_t listed_count = 0;
  for (size_t w = 0; w < bits_.size(); ++w) {
    rank_[w] = listed_count;
    listed_count += static_cast<uint32_t>(std::popcount(bits_[w]));
  }
  // As DominatorChildren: count, turn the counts into list ends, fill back to front.
  first_.assign(static_cast<size_t>(listed_count) + 1, 0);
  for (NodeOrdinal v = 0; v < n; ++v) {
    const NodeOrdinal p = idom[v];
    if (v != root && p != kNoNode && listed(p)) ++first_[rank(p)];
  }
  for (size_t i = 1; i < first_.size(); ++i) first_[i] += first_[i - 1];
  children_.resize(first_.back());
  for (NodeOrdinal v = n; v-- > 0;) {
    const NodeOrdinal p = idom[v];
    if (v != root && p != kNoNode && listed(p)) children_[--first_[rank(p)]] = v;
  }
}

}  // namespace heapsnap::analysis

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

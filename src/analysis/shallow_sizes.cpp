// DevTools' calculateShallowSizes; the rules are in shallow_sizes.h.
//
// DevTools seeds its worklist with every self-owned node at once. The owner of each ownable node
// is a least fixpoint (unvisited < one owner < several owners, and a node's value only ever moves
// up), so the order of visits does not change the result; here each self-owned node is
// propagated and its worklist drained before the next, which keeps the worklist at most twice
// the number of ownable nodes instead of the number of all nodes.
#include "heapsnap/analysis/shallow_sizes.h"

#include <string_view>

#include "heapsnap/util/page_prefaulter.h"

namespace heapsnap::analysis {

using graph::EdgeIndex;
using graph::EdgeKind;
using graph::HeapGraph;
using graph::NodeKind;
using graph::NodeOrdinal;

bool is_user_root(const HeapGraph& g, NodeOrdinal n) {
  return g.node_kind(n) != NodeKind::kSynthetic || g.node_name(n) == "(Document DOM trees)";
}

bool has_user_roots(const HeapGraph& g) {
  if (g.node_count() == 0) return false;
  const NodeOrdinal root = g.root();
  for (EdgeIndex e = g.first_edge(root), end = g.edge_end(root); e < end; ++e)
    if (is_user_root(g, g.edge_target(e))) return true;
  return false;
}

BigVector<uint64_t> compute_shallow_sizes(const HeapGraph& g,
                                          std::span<const uint8_t> dom_state) {
  const uint32_t n = g.node_count();
  BigVector<uint64_t> shallow = prefaulted_vector<uint64_t>(n);  // every element is written next
  for (NodeOrdinal i = 0; i < n; ++i) shallow[i] = g.self_size(i);
  if (!has_user_roots(g)) return shallow;

  constexpr uint32_t kUnvisited = 0xffffffff;
  constexpr uint32_t kMultipleOwners = 0xfffffffe;
  if (n >= kMultipleOwners) return shallow;  // DevTools throws; no such snapshot exists

  const bool renames = g.features().detachedness_field && !dom_state.empty();
  BigVector<uint32_t> owners = prefaulted_vector<uint32_t>(n);  // every element is written next
  for (NodeOrdinal i = 0; i < n; ++i) {
    const NodeKind kind = g.node_kind(i);
    bool ownable = kind == NodeKind::kHidden || kind == NodeKind::kArray;
    if (kind == NodeKind::kNative && g.node_name(i) == "system / ExternalStringData") {
      // A detached native node is renamed "Detached ..." before this runs.
      ownable = !(renames && dom_state[i] == static_cast<uint8_t>(2));
    }
    owners[i] = ownable ? kUnvisited : i;
  }

  std::vector<NodeOrdinal> worklist;
  auto visit = [&](NodeOrdinal id) {
    const uint32_t owner = owners[id];
    for (EdgeIndex e = g.first_edge(id), end = g.edge_end(id); e < end; ++e) {
      if (g.edge_kind(e) == EdgeKind::kWeak) continue;
      const NodeOrdinal target = g.edge_target(e);
      const uint32_t current = owners[target];
      if (current == kUnvisited) {
        owners[target] = owner;
        worklist.push_back(target);
      } else if (current == target || current == owner || current == kMultipleOwners) {
        // Owns itself, already owned by this owner, or already shared: nothing changes.
      } else {
        owners[target] = kMultipleOwners;
        worklist.push_back(target);
      }
    }
  };
  for (NodeOrdinal i = 0; i < n; ++i) {
    if (owners[i] != i) continue;
    visit(i);
    while (!worklist.empty()) {
      const NodeOrdinal next = worklist.back();
      worklist.pop_back();
      visit(next);
    }
  }
  std::vector<NodeOrdinal>().swap(worklist);

  const NodeOrdinal root = g.root();
  for (NodeOrdinal i = 0; i < n; ++i) {
    const uint32_t owner = owners[i];
    if (owner == kUnvisited || owner == kMultipleOwners || owner == i) continue;
    // Adding size to synthetic nodes or the root is not useful (DevTools' words).
    if (owner == root || g.node_kind(owner) == NodeKind::kSynthetic) continue;
    shallow[owner] += shallow[i];
    shallow[i] = 0;
  }
  return shallow;
}

}  // namespace heapsnap::analysis

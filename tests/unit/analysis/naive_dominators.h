// An obviously correct, slow dominator solver to check compute_dominators() against.
//
// Textbook iterative data flow (e.g. Aho, Lam, Sethi & Ullman, "Compilers", 2nd ed., 9.6.1):
//   Dom(root) = {root};  Dom(n) = {n} ∪ ⋂ Dom(p) over the reachable predecessors p of n,
// iterated from Dom(n) = "all reachable nodes" until nothing changes. The strict dominators of n
// form a chain, so idom(n) is the strict dominator d with |Dom(d)| = |Dom(n)| - 1.
//
// It shares no code with the fast version: no DFS numbering, no CSR, plain edge lists and
// std::vector<bool> sets. O(V^2 E) per graph, so keep graphs to a few hundred nodes.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <utility>
#include <vector>

#include "heapsnap/graph/ids.h"

namespace heapsnap::test {

using NaiveEdge = std::pair<graph::NodeOrdinal, graph::NodeOrdinal>;  // from, to

// idom of every node: the root maps to itself, unreachable nodes to graph::kNoNode.
inline std::vector<graph::NodeOrdinal> naive_idoms(uint32_t node_count,
                                                   const std::vector<NaiveEdge>& edges,
                                                   graph::NodeOrdinal root) {
  std::vector<graph::NodeOrdinal> idom(node_count, graph::kNoNode);
  if (node_count == 0) return idom;

  // Reachability, also by iterating to a fixpoint.
  std::vector<bool> reachable(node_count, false);
  reachable[root] = true;
  for (bool changed = true; changed;) {
    changed = false;
    for (const auto& [from, to] : edges) {
      if (reachable[from] && !reachable[to]) reachable[to] = changed = true;
    }
  }

  std::vector<std::vector<graph::NodeOrdinal>> preds(node_count);
  for (const auto& [from, to] : edges) {
    if (reachable[from]) preds[to].push_back(from);
  }

  std::vector<std::vector<bool>> dom(node_count, reachable);
  dom[root].assign(node_count, false);
  dom[root][root] = true;
  for (bool changed = true; changed;) {
    changed = false;
    for (graph::NodeOrdinal n = 0; n < node_count; ++n) {
      if (!reachable[n] || n == root) continue;
      std::vector<bool> meet = reachable;  // the identity of ⋂ over reachable nodes
      for (const graph::NodeOrdinal p : preds[n]) {
        for (uint32_t i = 0; i < node_count; ++i) meet[i] = meet[i] && dom[p][i];
      }
      meet[n] = true;
      if (meet != dom[n]) {
        dom[n] = std::move(meet);
        changed = true;
      }
    }
  }

  std::vector<uint32_t> dom_size(node_count, 0);
  for (graph::NodeOrdinal n = 0; n < node_count; ++n) {
    for (const bool member : dom[n]) dom_size[n] += member ? 1 : 0;
  }
  idom[root] = root;
  for (graph::NodeOrdinal n = 0; n < node_count; ++n) {
    if (!reachable[n] || n == root) continue;
    for (graph::NodeOrdinal d = 0; d < node_count; ++d) {
      if (d != n && dom[n][d] && dom_size[d] == dom_size[n] - 1) idom[n] = d;
    }
    if (idom[n] == graph::kNoNode) throw std::logic_error("naive_idoms: no idom found");
  }
  return idom;
}

}  // namespace heapsnap::test

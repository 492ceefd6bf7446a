// The flow graph that makes a textbook dominator computation give DevTools' answers, and the
// dominator pass over it. See devtools_retained.h and docs/retained-size.md for the rules and why
// the flow graph is built this way.
//
// Performance notes:
//  - The flow graph is built count-then-fill from the essential-edge bits
//    (devtools_edge_rules.h), never from per-node containers.
//  - Everything but the results is freed before compute_devtools_retained() returns; the flow
//    graph is freed as soon as compute_dominators() has run.
#include "heapsnap/analysis/devtools_retained.h"

#include <algorithm>
#include <span>
#include <utility>

#include "heapsnap/util/page_prefaulter.h"

namespace heapsnap::analysis {

using graph::HeapGraph;
using graph::kNoNode;
using graph::NodeOrdinal;

DevtoolsFlowGraph::DevtoolsFlowGraph(const HeapGraph& g, EssentialEdges essential)
    : graph_(g), essential_(std::move(essential)) {
  const uint32_t n = g.node_count();
  // DevTools starts a DFS under the root from every unvisited node with only ignored retainers,
  // in ordinal order: that is an edge root -> node after the root's own edges.
  for (NodeOrdinal v = 0; v < n; ++v)
    if (v != g.root() && !essential_.has_essential_retainer(v)) orphans_.push_back(v);
}

FlowGraph DevtoolsFlowGraph::view() const {
  return FlowGraph{graph_.first_edges(), graph_.edge_targets(), graph_.root(), essential_.words(),
                   orphans_};
}

DevtoolsRetained compute_devtools_retained(const HeapGraph& g,
                                           std::span<const uint64_t> shallow_sizes) {
  DevtoolsRetained result = compute_devtools_dominators(g);
  sum_retained_sizes(g, shallow_sizes, result);
  return result;
}

DevtoolsRetained compute_devtools_dominators(const HeapGraph& g, const DominatorPassHooks& hooks) {
  DevtoolsRetained result;
  const uint32_t n = g.node_count();
  if (n == 0) return result;
  const NodeOrdinal root = g.root();

  DominatorTree tree;
  {
    BigVector<uint8_t> page = mark_page_owned(g);
    EssentialEdges essential(g, page);
    BigVector<uint8_t>().swap(page);
    const DevtoolsFlowGraph flow(g, std::move(essential));
    result.orphan_count = static_cast<uint32_t>(flow.orphans().size());
    tree = compute_dominators(flow.view(), hooks);
  }

  // Nodes the flow graph cannot reach: DevTools visits them one by one after everything else,
  // with the root as DFS parent; its Lengauer-Tarjan pass then gives each of them the root as
  // immediate dominator and lets their edges decide no other node's dominator.
  result.idom = std::move(tree.idom);
  result.preorder = std::move(tree.preorder);
  for (NodeOrdinal v = 0; v < n; ++v) {
    if (result.idom[v] != kNoNode) continue;
    result.idom[v] = root;
    result.preorder.push_back(v);
    ++result.unreachable_count;
  }
  result.idom[root] = root;
  return result;
}

void sum_retained_sizes(const HeapGraph& g, std::span<const uint64_t> shallow_sizes,
                        DevtoolsRetained& result) {
  if (result.idom.empty()) return;
  const NodeOrdinal root = g.root();
  // Bottom-up sums in reverse preorder: every node comes after its immediate dominator.
  result.retained = prefaulted_vector<uint64_t>(shallow_sizes.size());
  std::copy(shallow_sizes.begin(), shallow_sizes.end(), result.retained.begin());
  for (size_t i = result.preorder.size(); i-- > 0;) {
    const NodeOrdinal v = result.preorder[i];
    if (v != root) result.retained[result.idom[v]] += result.retained[v];
  }
  result.total_size = result.retained[root] + g.extra_native_bytes();
}

}  // namespace heapsnap::analysis

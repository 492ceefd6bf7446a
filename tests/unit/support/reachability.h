// Reachability in a heap graph for tests that check dominance from first principles: which nodes
// a search from the root reaches over the edges that count for DevTools' dominators
// (analysis/devtools_edge_rules.h) when one node is taken out. A node the search then misses is
// dominated by the one taken out.
#pragma once

#include <vector>

#include "heapsnap/analysis/devtools_edge_rules.h"
#include "heapsnap/graph/heap_graph.h"

namespace heapsnap::test {

class Reachability {
 public:
  explicit Reachability(const graph::HeapGraph& graph)
      : graph_(graph), page_owned_(analysis::mark_page_owned(graph)), essential_(graph, page_owned_) {}

  // Nodes reached from the root without entering `removed` (which counts as reached).
  std::vector<bool> reached_without(graph::NodeOrdinal removed) const {
    const auto& g = graph_;
    std::vector<bool> seen(g.node_count(), false);
    std::vector<graph::NodeOrdinal> stack{g.root()};
    seen[g.root()] = true;
    seen[removed] = true;
    while (!stack.empty()) {
      const graph::NodeOrdinal n = stack.back();
      stack.pop_back();
      for (graph::EdgeIndex e = g.first_edge(n); e < g.edge_end(n); ++e) {
        const graph::NodeOrdinal t = g.edge_target(e);
        if (seen[t] || !essential_.is_essential(e)) continue;
        seen[t] = true;
        stack.push_back(t);
      }
    }
    return seen;
  }

  // Does every path of counting edges from the root to `n` pass through `d`?
  bool dominates(graph::NodeOrdinal d, graph::NodeOrdinal n) const {
    return d == n || d == graph_.root() || !reached_without(d)[n];
  }

 private:
  const graph::HeapGraph& graph_;
  BigVector<uint8_t> page_owned_;
  analysis::EssentialEdges essential_;
};

}  // namespace heapsnap::test

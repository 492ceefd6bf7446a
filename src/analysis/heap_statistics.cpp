#include "heapsnap/analysis/heap_statistics.h"

#include <utility>
#include <vector>

#include "heapsnap/analysis/detachedness.h"

namespace heapsnap::analysis {

using graph::EdgeIndex;
using graph::EdgeKind;
using graph::NodeKind;
using graph::NodeOrdinal;

HeapStatistics compute_heap_statistics(const graph::HeapGraph& g, std::span<const uint8_t> dom_state,
                                       std::span<const uint64_t> shallow, uint64_t total_size) {
  HeapStatistics s;
  s.total = total_size;
  s.native_total = g.extra_native_bytes();
  const uint32_t n_nodes = g.node_count();

  // JS arrays need the retainer count of each array's "elements" store. DevTools reads it from
  // its full retainer index; only whether it is exactly one matters, so a saturating count of
  // the few watched nodes is enough: 0 not watched, then 1 + retainers seen (capped at 3).
  std::vector<std::pair<NodeOrdinal, NodeOrdinal>> arrays;  // (array, its elements store or kNoNode)
  std::vector<uint8_t> watch;

  for (NodeOrdinal n = 0; n < n_nodes; ++n) {
    const uint64_t size = shallow[n];
    switch (g.node_kind(n)) {
      case NodeKind::kHidden:
        s.system += size;
        break;
      case NodeKind::kNative:
        s.native_total += size;
        if (!is_renamed_detached(g, dom_state, n) && g.node_name(n) == "system / JSArrayBufferData")
          s.typed_arrays += size;
        break;
      case NodeKind::kCode:
        s.code += size;
        break;
      case NodeKind::kString:
      case NodeKind::kConsString:
      case NodeKind::kSlicedString:
        s.strings += size;
        break;
      default: {
        // Any other type: objects in practice, but DevTools tests only the name, so the Array
        // constructor (a closure named "Array") counts too.
        if (g.node_name(n) != "Array") break;
        NodeOrdinal elements = graph::kNoNode;
        for (EdgeIndex e = g.first_edge(n); e < g.edge_end(n); ++e) {
          if (g.edge_kind(e) != EdgeKind::kInternal) continue;
          if (g.strings().get(g.edge_name_index(e)) != "elements") continue;
          elements = g.edge_target(e);
          break;
        }
        if (elements != graph::kNoNode) {
          if (watch.empty()) watch.assign(n_nodes, 0);
          watch[elements] = 1;
        }
        arrays.emplace_back(n, elements);
        break;
      }
    }
  }

  if (!watch.empty()) {
    for (const NodeOrdinal target : g.edge_targets())
      if (watch[target] != 0 && watch[target] < 3) ++watch[target];
  }
  for (const auto& [array, elements] : arrays) {
    s.js_arrays += shallow[array];
    if (elements != graph::kNoNode && watch[elements] == 2) s.js_arrays += shallow[elements];
  }
  // Every node hangs somewhere under the root, so the total covers the native part; the guard
  // only matters for inconsistent input.
  s.v8heap_total = s.total >= s.native_total ? s.total - s.native_total : 0;
  return s;
}

}  // namespace heapsnap::analysis

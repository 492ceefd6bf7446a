// DevTools' detachedness propagation; the rules are in detachedness.h.
#include "heapsnap/analysis/detachedness.h"

#include <vector>

#include "heapsnap/util/page_prefaulter.h"

namespace heapsnap::analysis {

using graph::EdgeIndex;
using graph::EdgeKind;
using graph::HeapGraph;
using graph::NodeKind;
using graph::NodeOrdinal;

namespace {

constexpr uint8_t kAttached = static_cast<uint8_t>(DomState::kAttached);
constexpr uint8_t kDetached = static_cast<uint8_t>(DomState::kDetached);

bool is_invisible_edge(const HeapGraph& g, EdgeIndex e) {
  return g.edge_kind(e) == EdgeKind::kOther && g.edge_type_name(e) == "invisible";
}

}  // namespace

BigVector<uint8_t> propagate_detachedness(const HeapGraph& g) {
  const uint32_t n = g.node_count();
  BigVector<uint8_t> state = prefaulted_vector<uint8_t>(n, 0);
  if (!g.features().detachedness_field) {
    // Old snapshots: native nodes named "Detached ..." are detached; nothing propagates.
    for (NodeOrdinal i = 0; i < n; ++i)
      if (g.node_kind(i) == NodeKind::kNative && g.node_name(i).starts_with("Detached "))
        state[i] = kDetached;
    return state;
  }
  for (NodeOrdinal i = 0; i < n; ++i) state[i] = g.detachedness(i) & 3;

  // Each node takes a state once ("visited"); JavaScript nodes stop the propagation.
  BigVector<uint8_t> visited = prefaulted_vector<uint8_t>(n, 0);
  std::vector<NodeOrdinal> attached, detached;
  auto process = [&](NodeOrdinal i, uint8_t s) {
    if (visited[i]) return;
    visited[i] = 1;
    if (g.node_kind(i) != NodeKind::kNative) return;
    state[i] = s;
    if (s == kAttached) attached.push_back(i);
    if (s == kDetached) detached.push_back(i);
  };
  auto propagate = [&](NodeOrdinal i, uint8_t s) {
    for (EdgeIndex e = g.first_edge(i), end = g.edge_end(i); e < end; ++e) {
      const EdgeKind kind = g.edge_kind(e);
      if (kind == EdgeKind::kHidden || kind == EdgeKind::kWeak || is_invisible_edge(g, e)) continue;
      process(g.edge_target(e), s);
    }
  };
  for (NodeOrdinal i = 0; i < n; ++i)
    if (state[i] != 0) process(i, state[i]);
  while (!attached.empty()) {
    const NodeOrdinal i = attached.back();
    attached.pop_back();
    propagate(i, kAttached);
  }
  while (!detached.empty()) {
    const NodeOrdinal i = detached.back();
    detached.pop_back();
    if (state[i] == kAttached) continue;
    propagate(i, kDetached);
  }
  return state;
}

bool is_renamed_detached(const HeapGraph& g, std::span<const uint8_t> dom_state, NodeOrdinal n) {
  return g.features().detachedness_field && !dom_state.empty() &&
         g.node_kind(n) == NodeKind::kNative && dom_state[n] == kDetached;
}
}  // namespace heapsnap::analysis

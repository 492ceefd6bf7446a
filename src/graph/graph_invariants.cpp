#include "heapsnap/graph/graph_invariants.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>

namespace heapsnap::graph {

namespace {

// The largest value of each node and edge field that refers to something, in one branch-free
// pass over the columns (memory speed): true if all are in range. Only when one is not do the
// field-by-field loops of check_graph() run, to name the first offender.
bool fields_in_range(const HeapGraph& g) {
  const uint32_t nodes = g.node_count();
  const uint64_t edges = g.edge_count();
  const uint64_t strings = g.strings().size();
  uint32_t max_node_type = 0, max_node_name = 0;
  for (uint32_t n = 0; n < nodes; ++n) {
    max_node_type = std::max<uint32_t>(max_node_type, g.node_type_index(n));
    max_node_name = std::max(max_node_name, value(g.node_name_index(n)));
  }
  if (nodes > 0 && (max_node_type >= g.node_type_names().size() || max_node_name >= strings))
    return false;
  // All ones for the edge types whose name_or_index is a string index, else zero.
  std::array<uint64_t, 256> string_named{};
  for (size_t t = 0; t < std::min(string_named.size(), g.edge_type_names().size()); ++t)
    string_named[t] = edge_name_is_index(g.edge_type_kind(static_cast<uint8_t>(t))) ? 0 : UINT64_MAX;
  uint32_t max_edge_type = 0, max_target = 0;
  uint64_t max_name_plus_1 = 0;  // 0 when no edge names a string
  for (EdgeIndex e = 0; e < edges; ++e) {
    const uint8_t type = g.edge_type_index(e);
    max_edge_type = std::max<uint32_t>(max_edge_type, type);
    max_target = std::max(max_target, g.edge_target(e));
    max_name_plus_1 = std::max(max_name_plus_1, (uint64_t{g.edge_name_or_index(e)} + 1) & string_named[type]);
  }
  return edges == 0 || (max_edge_type < g.edge_type_names().size() && max_target < nodes &&
                        max_name_plus_1 <= strings);
}

// The trace sections and locations, which refer to strings and nodes.
std::optional<std::string> check_trace_and_locations(const HeapGraph& g) {
  const uint32_t nodes = g.node_count();
  const uint32_t strings = g.strings().size();
  const auto& functions = g.trace_function_infos();
  for (size_t i = 0; i < functions.size(); ++i)
    if (value(functions[i].name) >= strings || value(functions[i].script_name) >= strings)
      return fmt::format("trace_function_infos row {}: string index out of range ({} strings)", i,
                         strings);
  const auto& trace = g.trace_nodes();
  for (size_t i = 0; i < trace.size(); ++i) {
    if (trace[i].parent != TraceNode::kNoTraceParent && trace[i].parent >= i)
      return fmt::format("trace_tree node {}: parent {} does not precede it", i, trace[i].parent);
    if (!functions.empty() && trace[i].function_info_index >= functions.size() && i != 0)
      return fmt::format("trace_tree node {} (id {}): function_info_index {} out of range ({} functions)",
                         i, trace[i].id, trace[i].function_info_index, functions.size());
  }
  for (size_t i = 0; i < g.locations().size(); ++i)
    if (g.locations()[i].node >= nodes)
      return fmt::format("locations row {}: object_index names node {}, out of range ({} nodes)", i,
                         g.locations()[i].node, nodes);
  return std::nullopt;
}

}  // namespace

std::optional<std::string> check_graph(const HeapGraph& g, const CheckedFields* checked) {
  const uint32_t nodes = g.node_count();
  const uint64_t edges = g.edge_count();
  const uint32_t strings = g.strings().size();
  const auto first = g.first_edges();
  if (first.size() != static_cast<size_t>(nodes) + 1 || first[0] != 0)
    return fmt::format("edge offsets: {} entries for {} nodes", first.size(), nodes);
  if (first[nodes] != edges)
    return fmt::format(
        "nodes: the per-node edge_count fields sum to {}, but the edges array holds {} edges",
        first[nodes], edges);
  if (nodes == 0) return "snapshot has no nodes";
  if (g.root() >= nodes)
    return fmt::format("snapshot.root_index: node {} does not exist ({} nodes)", g.root(), nodes);

  if (checked && checked->node_name_end <= strings && checked->edge_name_end <= strings)
    return check_trace_and_locations(g);
  if (fields_in_range(g)) return check_trace_and_locations(g);
  for (uint32_t n = 0; n < nodes; ++n) {
    if (g.node_type_index(n) >= g.node_type_names().size())
      return fmt::format("node {} (id {}): type index {} out of range ({} node types)", n,
                         g.node_id(n), g.node_type_index(n), g.node_type_names().size());
    if (value(g.node_name_index(n)) >= strings)
      return fmt::format("node {} (id {}), field 'name': string index {} out of range ({} strings)",
                         n, g.node_id(n), g.node_name_index(n), strings);
  }
  for (uint32_t n = 0; n < nodes; ++n) {
    for (EdgeIndex e = first[n]; e < first[n + 1]; ++e) {
      if (g.edge_type_index(e) >= g.edge_type_names().size())
        return fmt::format("edge {} of node {} (id {}): type index {} out of range ({} edge types)",
                           e, n, g.node_id(n), g.edge_type_index(e), g.edge_type_names().size());
      if (g.edge_target(e) >= nodes)
        return fmt::format("edge {} of node {} (id {}), field 'to_node': node {} out of range ({} nodes)",
                           e, n, g.node_id(n), g.edge_target(e), nodes);
      if (!edge_name_is_index(g.edge_kind(e)) && g.edge_name_or_index(e) >= strings)
        return fmt::format(
            "edge {} of node {} (id {}), field 'name_or_index': string index {} out of range ({} strings)",
            e, n, g.node_id(n), g.edge_name_or_index(e), strings);
    }
  }
  return check_trace_and_locations(g);
}

}  // namespace heapsnap::graph

#include "heapsnap/report/inspect_report.h"
#include <algorithm>
#include "heapsnap/analysis/allocation_sites.h"
#include "heapsnap/snapshot/analyzed_snapshot.h"

#include <fmt/format.h>

#include "heapsnap/report/json_writer.h"
#include "heapsnap/report/text_table.h"
#include "heapsnap/util/byte_units.h"

namespace heapsnap::report {

namespace {

std::string frame_text(const AllocationFrame& f) {
  std::string where = f.script.empty() ? "?" : f.script;
  if (f.line) where += fmt::format(":{}", f.line);
  if (f.line && f.column) where += fmt::format(":{}", f.column);
  return fmt::format("{} ({})", f.function.empty() ? "(anonymous)" : f.function, where);
}

std::string references_text(const char* title, const std::vector<InspectReference>& refs, uint64_t total,
                            uint64_t heap) {
  std::string out = fmt::format("\n{} ({}):\n", title, total);
  if (total == 0) return out + "  none\n";
  using Align = TextTable::Align;
  TextTable table({{"  type", Align::kLeft}, {"name", Align::kLeft, 40}, {"object", Align::kLeft, 70},
                   {"retained size"}, {"% of heap"}, {"distance"}});
  for (const auto& ref : refs) {
    table.add_row({"  " + ref.edge_type, one_line(ref.edge_name), fmt::format("{} @{}", one_line(ref.name), ref.id),
                   format_bytes(ref.retained_size), format_percent(ref.retained_size, heap), describe_distance(ref.distance)});
  }
  if (total > refs.size()) table.add_row({fmt::format("  [{} more]", total - refs.size())});
  return out + table.render();
}

}  // namespace

std::string render_inspect_text(const InspectReport& r) {
  std::string out = fmt::format("{}: {} @{}\n", r.file, one_line(r.name), r.id);
  const auto field = [&](const char* what, const std::string& value) {
    out += fmt::format("  {:<15}{}\n", what, value);
  };
  field("type", r.type);
  field("class", one_line(r.class_name));
  field("self size", r.self_size == r.raw_self_size
                         ? format_bytes(r.self_size)
                         : fmt::format("{} (the snapshot's own: {})", format_bytes(r.self_size),
                                       format_bytes(r.raw_self_size)));
  field("retained size", fmt::format("{} ({} of heap)", format_bytes(r.retained_size),
                                     format_percent(r.retained_size, r.total_size)));
  field("distance", describe_distance(r.distance));
  field("detachedness", r.detachedness);
  field("dominator", r.has_dominator ? fmt::format("{} @{}", one_line(r.dominator_name), r.dominator_id)
                                     : std::string("none (the root)"));
  if (r.has_location) {
    field("location", fmt::format("{}:{}:{}", r.script.empty() ? fmt::format("script#{}", r.script_id) : r.script,
                                  r.line, r.column));
  }
  if (!r.allocation_stack.empty()) {
    field("allocated at", frame_text(r.allocation_stack.front()));
    for (size_t i = 1; i < r.allocation_stack.size(); ++i) field("", frame_text(r.allocation_stack[i]));
  }
  out += references_text("edges", r.edges, r.edge_total, r.total_size);
  out += references_text("retainers", r.retainers, r.retainer_total, r.total_size);
  return out;
}

std::string render_inspect_json(const InspectReport& r) {
  JsonWriter w;
  w.begin_object()
      .field("schema_version", kInspectSchemaVersion)
      .field("file", r.file)
      .field("total_size", r.total_size);
  w.key("object").begin_object()
      .field("id", r.id)
      .field("name", r.name)
      .field("type", r.type)
      .field("class", r.class_name)
      .field("class_key", r.class_key)
      .field("self_size", r.self_size)
      .field("raw_self_size", r.raw_self_size)
      .field("retained_size", r.retained_size)
      .field("distance", r.distance)
      .field("detachedness", r.detachedness);
  w.key("dominator");
  if (r.has_dominator) w.begin_object().field("id", r.dominator_id).field("name", r.dominator_name).end_object();
  else w.null();
  w.key("location");
  if (r.has_location) {
    w.begin_object()
        .field("script_id", r.script_id)
        .field("script", r.script)
        .field("line", r.line)
        .field("column", r.column)
        .end_object();
  } else {
    w.null();
  }
  w.field("trace_node_id", r.trace_node_id);
  w.key("allocation_stack").begin_array();
  for (const auto& f : r.allocation_stack) {
    w.begin_object().field("function", f.function).field("script", f.script)
        .field("line", f.line).field("column", f.column).end_object();
  }
  w.end_array().end_object();
  const auto refs = [&](const char* key, const std::vector<InspectReference>& list, uint64_t total) {
    w.key(key).begin_object().field("total", total).key("shown").begin_array();
    for (const auto& ref : list) {
      w.begin_object()
          .field("edge_type", ref.edge_type)
          .field("edge_name", ref.edge_name)
          .field("id", ref.id)
          .field("name", ref.name)
          .field("type", ref.type)
          .field("retained_size", ref.retained_size)
          .field("distance", ref.distance)
          .end_object();
    }
    w.end_array().end_object();
  };
  refs("edges", r.edges, r.edge_total);
  refs("retainers", r.retainers, r.retainer_total);
  w.end_object();
  return w.str();
}

std::string InspectReport::text() const { return render_inspect_text(*this); }
std::string InspectReport::json() const { return render_inspect_json(*this); }

namespace {

constexpr size_t kMaxAllocationFrames = 10;

InspectReference reference(snapshot::AnalyzedSnapshot& snapshot, graph::EdgeIndex e,
                           graph::NodeOrdinal other) {
  const auto& g = snapshot.graph();
  return {std::string(g.edge_type_name(e)), analysis::edge_path_label(g, e, false), g.node_id(other),
          snapshot.display_name(other), std::string(g.node_type_name(other)),
          snapshot.retained_sizes()[other], snapshot.distances()[other]};
}

// The allocation stack of a tracked object: its trace-tree node and that node's ancestors.
std::vector<AllocationFrame> allocation_stack(const graph::HeapGraph& g, uint32_t trace_node_id) {
  std::vector<AllocationFrame> frames;
  if (trace_node_id == 0) return frames;
  const auto& nodes = g.trace_nodes();
  const auto& functions = g.trace_function_infos();
  const auto found = std::find_if(nodes.begin(), nodes.end(),
                                  [&](const graph::TraceNode& t) { return t.id == trace_node_id; });
  if (found == nodes.end()) return frames;
  uint32_t at = static_cast<uint32_t>(found - nodes.begin());
  // Bounded by the frame limit, so a malformed parent cycle cannot loop.
  while (at != graph::TraceNode::kNoTraceParent && at < nodes.size() && frames.size() < kMaxAllocationFrames) {
    const auto& t = nodes[at];
    if (t.parent == graph::TraceNode::kNoTraceParent) break;  // the tree's synthetic "(root)"
    if (t.function_info_index < functions.size()) {
      const auto& f = functions[t.function_info_index];
      frames.push_back({std::string(g.strings().get(f.name)), std::string(g.strings().get(f.script_name)),
                        f.line, f.column});
    }
    at = t.parent;
  }
  return frames;
}

}  // namespace

InspectReport build_inspect_report(snapshot::AnalyzedSnapshot& snapshot, graph::NodeOrdinal n,
                                   uint32_t limit) {
  const auto& g = snapshot.graph();
  const auto& classes = snapshot.classes();
  const auto dom_state = snapshot.detachedness();
  const auto distance = snapshot.distances();
  const auto& dominators = snapshot.dominators();
  InspectReport r;
  r.file = snapshot.label();
  r.total_size = snapshot.total_size();
  r.id = g.node_id(n);
  r.name = snapshot.display_name(n);
  r.type = g.node_type_name(n);
  const auto& cls = classes.classes[classes.node_class[n]];
  r.class_name = cls.name;
  r.class_key = cls.key();
  r.self_size = snapshot.shallow_sizes()[n];
  r.raw_self_size = g.self_size(n);
  r.retained_size = dominators.retained[n];
  r.distance = distance[n];
  static constexpr const char* kStates[] = {"unknown", "attached", "detached"};
  const uint8_t state = dom_state.empty() ? 0 : dom_state[n];
  r.detachedness = state < 3 ? kStates[state] : "unknown";
  if (n != g.root()) {
    const graph::NodeOrdinal d = dominators.idom[n];
    r.has_dominator = true;
    r.dominator_id = g.node_id(d);
    r.dominator_name = snapshot.display_name(d);
  }
  for (const auto& l : g.locations()) {
    if (l.node != n) continue;
    r.has_location = true;
    r.script_id = l.script_id;
    r.line = l.line + 1;
    r.column = l.column + 1;
    r.script = std::string(snapshot.script_names().name(l.script_id));
    break;
  }
  r.trace_node_id = g.trace_node_id(n);
  r.allocation_stack = allocation_stack(g, r.trace_node_id);

  r.edge_total = g.out_degree(n);
  for (graph::EdgeIndex e = g.first_edge(n); e < g.edge_end(n) && r.edges.size() < limit; ++e)
    r.edges.push_back(reference(snapshot, e, g.edge_target(e)));

  // Retainers as DevTools' Retainers view sorts them: the closest to a GC root first; sources
  // without a distance last; otherwise in retainer order.
  const auto& ret = snapshot.retainers();
  std::vector<uint64_t> slots(ret.count(n));
  for (uint64_t i = 0; i < slots.size(); ++i) slots[i] = ret.first(n) + i;
  const auto rank = [&](uint64_t slot) {
    const int32_t d = distance[ret.source(slot)];
    return d < 0 ? INT64_MAX : static_cast<int64_t>(d);
  };
  std::stable_sort(slots.begin(), slots.end(), [&](uint64_t x, uint64_t y) { return rank(x) < rank(y); });
  r.retainer_total = slots.size();
  for (size_t i = 0; i < slots.size() && i < limit; ++i)
    r.retainers.push_back(reference(snapshot, ret.edge(slots[i]), ret.source(slots[i])));
  return r;
}

}  // namespace heapsnap::report

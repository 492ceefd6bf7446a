// heapsnap inspect FILE --id ID [-n N] [--json]
#include <algorithm>

#include "analyzed_snapshot.h"
#include "command.h"
#include "heapsnap/analysis/allocation_sites.h"
#include "heapsnap/report/inspect_report.h"

namespace heapsnap::cli {
namespace {

struct InspectOptions {
  std::string file, id;
  uint32_t limit = 20;
  CommonOptions common;
};

constexpr size_t kMaxAllocationFrames = 10;

std::string display_name(const graph::HeapGraph& g, const analysis::DevtoolsAnalysis& a,
                         graph::NodeOrdinal n) {
  if (n == g.root()) return "(root)";
  std::string name = analysis::devtools_node_name(g, a.dom_state, n);
  return name.empty() ? "(" + std::string(g.node_type_name(n)) + ")" : name;
}

report::InspectReference reference(const graph::HeapGraph& g, const analysis::DevtoolsAnalysis& a,
                                   graph::EdgeIndex e, graph::NodeOrdinal other) {
  return {std::string(g.edge_type_name(e)), analysis::edge_path_label(g, e, false), g.node_id(other),
          display_name(g, a, other), std::string(g.node_type_name(other)), a.retained.retained[other],
          a.distance[other]};
}

// The allocation stack of a tracked object: its trace-tree node and that node's ancestors.
std::vector<report::AllocationFrame> allocation_stack(const graph::HeapGraph& g, uint32_t trace_node_id) {
  std::vector<report::AllocationFrame> frames;
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

report::InspectReport build_inspect_report(AnalyzedSnapshot& snapshot, graph::NodeOrdinal n,
                                           const InspectOptions& o) {
  const auto& g = snapshot.graph();
  const auto& a = snapshot.analysis();
  report::InspectReport r;
  r.file = snapshot.path();
  r.total_size = a.retained.total_size;
  r.id = g.node_id(n);
  r.name = display_name(g, a, n);
  r.type = g.node_type_name(n);
  const auto& cls = a.classes.classes[a.classes.node_class[n]];
  r.class_name = cls.name;
  r.class_key = cls.key();
  r.self_size = a.shallow[n];
  r.raw_self_size = g.self_size(n);
  r.retained_size = a.retained.retained[n];
  r.distance = a.distance[n];
  static constexpr const char* kStates[] = {"unknown", "attached", "detached"};
  const uint8_t state = a.dom_state.empty() ? 0 : a.dom_state[n];
  r.detachedness = state < 3 ? kStates[state] : "unknown";
  if (n != g.root()) {
    const graph::NodeOrdinal d = a.retained.idom[n];
    r.has_dominator = true;
    r.dominator_id = g.node_id(d);
    r.dominator_name = display_name(g, a, d);
  }
  for (const auto& l : g.locations()) {
    if (l.node != n) continue;
    r.has_location = true;
    r.script_id = l.script_id;
    r.line = l.line + 1;
    r.column = l.column + 1;
    r.script = analysis::ScriptNames(g).name(l.script_id);
    break;
  }
  r.trace_node_id = g.trace_node_id(n);
  r.allocation_stack = allocation_stack(g, r.trace_node_id);

  r.edge_total = g.out_degree(n);
  for (graph::EdgeIndex e = g.first_edge(n); e < g.edge_end(n) && r.edges.size() < o.limit; ++e)
    r.edges.push_back(reference(g, a, e, g.edge_target(e)));

  // Retainers as DevTools' Retainers view sorts them: the closest to a GC root first; sources
  // without a distance last; otherwise in retainer order.
  const auto& ret = snapshot.retainers();
  std::vector<uint64_t> slots(ret.count(n));
  for (uint64_t i = 0; i < slots.size(); ++i) slots[i] = ret.first(n) + i;
  const auto rank = [&](uint64_t slot) {
    const int32_t d = a.distance[ret.source(slot)];
    return d < 0 ? INT64_MAX : static_cast<int64_t>(d);
  };
  std::stable_sort(slots.begin(), slots.end(), [&](uint64_t x, uint64_t y) { return rank(x) < rank(y); });
  r.retainer_total = slots.size();
  for (size_t i = 0; i < slots.size() && i < o.limit; ++i)
    r.retainers.push_back(reference(g, a, ret.edge(slots[i]), ret.source(slots[i])));
  return r;
}

}  // namespace

void add_inspect_command(CLI::App& app, CommandAction& action) {
  auto o = std::make_shared<InspectOptions>();
  CLI::App* command = app.add_subcommand(
      "inspect", "One object up close: sizes, class, dominator, location, its edges and its "
                 "retainers");
  command->add_option("FILE", o->file, "Heap snapshot, plain or gzip/zstd/xz")->required()->check(CLI::ExistingFile);
  command->add_option("--id", o->id, "The object's id: 1234 or @1234 (as DevTools shows it)")->required();
  command->add_option("-n,--limit", o->limit, "Edges and retainers to list (each); the rest is counted")
      ->check(CLI::Range(0u, 100000000u))->capture_default_str();
  add_common_options(*command, o->common);
  command->callback([o, &action] {
    action = [o] {
      PhaseTimer timer(o->common.timings);
      AnalyzedSnapshot snapshot(o->file, timer);
      const graph::NodeOrdinal n = snapshot.resolve_id(o->id);
      const auto r = timer.time("report", [&] { return build_inspect_report(snapshot, n, *o); });
      write_stdout(o->common.json ? report::render_inspect_json(r) : report::render_inspect_text(r));
      return kExitOk;
    };
  });
}

}  // namespace heapsnap::cli

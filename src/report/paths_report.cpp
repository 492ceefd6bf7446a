#include "heapsnap/report/paths_report.h"
#include "heapsnap/snapshot/analyzed_snapshot.h"

#include <fmt/format.h>

#include "heapsnap/analysis/readable_path.h"
#include "heapsnap/report/json_writer.h"
#include "heapsnap/report/text_table.h"
#include "heapsnap/util/byte_units.h"

namespace heapsnap::report {

std::string render_paths_text(const PathsReport& r) {
  std::string out = fmt::format("{}: {} @{} ({}), self {}, retained {}, distance {}\n", r.file,
                                short_line(r.name), r.id, r.type, format_bytes(r.self_size),
                                format_bytes(r.retained_size), describe_distance(r.distance));
  if (r.paths.empty()) {
    out += "\nno retainer path from a GC root: the object is unreachable, a root itself, or held "
           "only by weak references\n";
    return out;
  }
  out += fmt::format("\n{} retainer path{} (shortest first, one per direct retainer):\n", r.paths.size(),
                     r.paths.size() == 1 ? "" : "s");
  for (size_t i = 0; i < r.paths.size(); ++i) {
    const auto& p = r.paths[i];
    out += fmt::format("{:>3}. {}  [{} steps]\n", i + 1, one_line(p.readable), p.steps.size());
    if (!p.via.empty()) out += fmt::format("     via  {}\n", one_line(p.via));
    if (r.show_full) out += fmt::format("     full {}\n", one_line(p.text));
  }
  return out;
}

std::string render_paths_json(const PathsReport& r) {
  JsonWriter w;
  w.begin_object().field("schema_version", kPathsSchemaVersion).field("file", r.file);
  w.key("target").begin_object()
      .field("id", r.id).field("name", r.name).field("type", r.type)
      .field("self_size", r.self_size).field("retained_size", r.retained_size)
      .field("distance", r.distance).end_object();
  w.key("paths").begin_array();
  for (const auto& path : r.paths) {
    w.begin_object().field("text", path.text).field("length", static_cast<uint64_t>(path.steps.size()));
    w.key("steps").begin_array();
    for (const auto& s : path.steps) {
      w.begin_object().field("from_id", s.from_id).field("from_name", s.from_name)
          .field("edge_type", s.edge_type).field("edge_name", s.edge_name)
          .field("to_id", s.to_id).end_object();
    }
    w.end_array().field("readable", path.readable).field("via", path.via);
    w.field("holder", static_cast<uint64_t>(path.holder));
    w.key("hops").begin_array();
    for (const auto& h : path.hops) {
      w.begin_object().field("text", h.text).field("kind", h.kind)
          .field("first_step", h.first_step).field("steps", h.steps).end_object();
    }
    w.end_array().end_object();
  }
  w.end_array().end_object();
  return w.str();
}

std::string PathsReport::text() const { return render_paths_text(*this); }
std::string PathsReport::json() const { return render_paths_json(*this); }

PathsReport build_paths_report(snapshot::AnalyzedSnapshot& snapshot, graph::NodeOrdinal target,
                               uint32_t count, bool show_full) {
  const auto& g = snapshot.graph();
  const auto dom_state = snapshot.detachedness();
  PathsReport r;
  r.file = snapshot.label();
  r.id = g.node_id(target);
  r.name = analysis::devtools_node_name(g, dom_state, target);
  r.type = g.node_type_name(target);
  r.self_size = snapshot.shallow_sizes()[target];
  r.retained_size = snapshot.retained_sizes()[target];
  r.distance = snapshot.distances()[target];
  r.show_full = show_full;
  const analysis::ReadablePathOptions readable_options{analysis::is_browser_snapshot(g)};
  for (const auto& path : snapshot.path_finder().find(target, count)) {
    PathsReport::Path out;
    out.text = analysis::format_path(g, dom_state, target, path, {});
    graph::NodeOrdinal from = path.start;
    for (const graph::EdgeIndex e : path.edges) {
      const graph::NodeOrdinal to = g.edge_target(e);
      out.steps.push_back({g.node_id(from), analysis::devtools_node_name(g, dom_state, from),
                           std::string(g.edge_type_name(e)), analysis::edge_path_label(g, e, false),
                           g.node_id(to)});
      from = to;
    }
    const auto readable = analysis::make_readable_path(g, dom_state, target, path, readable_options);
    out.readable = readable.text();
    out.via = readable.via();
    out.holder = readable.holder;
    static constexpr std::string_view kKinds[] = {"start", "step", "variable", "folded", "target"};
    for (const auto& h : readable.hops)
      out.hops.push_back({h.text, std::string(kKinds[static_cast<size_t>(h.kind)]), h.first_edge, h.edge_count});
    r.paths.push_back(std::move(out));
  }
  return r;
}

}  // namespace heapsnap::report

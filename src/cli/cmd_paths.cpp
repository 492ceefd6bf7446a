// heapsnap paths FILE --id ID [-n K] [--json]
#include "analyzed_snapshot.h"
#include "command.h"
#include "heapsnap/report/paths_report.h"

namespace heapsnap::cli {

void add_paths_command(CLI::App& app, CommandAction& action) {
  struct Options {
    std::string file, id;
    uint32_t count = 5;
    CommonOptions common;
  };
  auto o = std::make_shared<Options>();
  CLI::App* command = app.add_subcommand(
      "paths", "Retainer paths from the GC roots to an object (weak references excluded): who "
               "keeps it alive");
  command->add_option("FILE", o->file, "Heap snapshot, plain or gzip/zstd/xz")->required()->check(CLI::ExistingFile);
  command->add_option("--id", o->id, "The object's id: 1234 or @1234 (as DevTools shows it)")->required();
  command->add_option("-n,--count", o->count, "How many paths (one per direct retainer)")
      ->check(CLI::Range(1u, 10000u))->capture_default_str();
  add_common_options(*command, o->common);
  command->callback([o, &action] {
    action = [o] {
      PhaseTimer timer(o->common.timings);
      AnalyzedSnapshot snapshot(o->file, timer);
      const graph::NodeOrdinal target = snapshot.resolve_id(o->id);
      const auto& g = snapshot.graph();
      const auto& a = snapshot.analysis();
      report::PathsReport r;
      timer.time("paths", [&] {
        r.file = o->file;
        r.id = g.node_id(target);
        r.name = analysis::devtools_node_name(g, a.dom_state, target);
        r.type = g.node_type_name(target);
        r.self_size = a.shallow[target];
        r.retained_size = a.retained.retained[target];
        r.distance = a.distance[target];
        for (const auto& path : snapshot.path_finder().find(target, o->count)) {
          report::PathsReport::Path out;
          out.text = analysis::format_path(g, a.dom_state, target, path, {});
          graph::NodeOrdinal from = path.start;
          for (const graph::EdgeIndex e : path.edges) {
            const graph::NodeOrdinal to = g.edge_target(e);
            out.steps.push_back({g.node_id(from), analysis::devtools_node_name(g, a.dom_state, from),
                                 std::string(g.edge_type_name(e)), analysis::edge_path_label(g, e, false),
                                 g.node_id(to)});
            from = to;
          }
          r.paths.push_back(std::move(out));
        }
      });
      write_stdout(o->common.json ? report::render_paths_json(r) : report::render_paths_text(r));
      return kExitOk;
    };
  });
}

}  // namespace heapsnap::cli

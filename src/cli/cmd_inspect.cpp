// heapsnap inspect FILE --id ID [-n N] [--json] [-o FORMAT=PATH]
#include "command.h"
#include "heapsnap/report/inspect_report.h"

namespace heapsnap::cli {

void add_inspect_command(CLI::App& app, CommandAction& action) {
  struct Options {
    std::string file, id;
    uint32_t limit = 20;
    CommonOptions common;
  };
  auto o = std::make_shared<Options>();
  CLI::App* command = app.add_subcommand(
      "inspect", "One object up close: sizes, class, dominator, location, its edges and its "
                 "retainers");
  command->add_option("FILE", o->file, "Heap snapshot, plain or gzip/zstd/xz")->required()->check(existing_file());
  command->add_option("--id", o->id, "The object's id: 1234 or @1234 (as DevTools shows it)")->required();
  command->add_option("-n,--limit", o->limit, "Edges and retainers to list (each); the rest is counted")
      ->check(whole_number_in(0, 100000000))->capture_default_str();
  add_common_options(*command, o->common);
  command->callback([o, &action] {
    action = [o] {
      report::OutputSet outputs = open_outputs(o->common);
      PhaseTimer timer(o->common.timings);
      auto snapshot = open_snapshot(o->file, timer);
      const graph::NodeOrdinal n = snapshot.resolve_id(o->id);
      const auto r = timer.time("report", [&] { return report::build_inspect_report(snapshot, n, o->limit); });
      outputs.write(r);
      return kExitOk;
    };
  });
}

}  // namespace heapsnap::cli

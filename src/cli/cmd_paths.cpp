// heapsnap paths FILE --id ID [-n K] [--full] [--json] [-o FORMAT=PATH]
#include "command.h"
#include "heapsnap/report/paths_report.h"

namespace heapsnap::cli {

void add_paths_command(CLI::App& app, CommandAction& action) {
  struct Options {
    std::string file, id;
    uint32_t count = 5;
    bool full = false;
    CommonOptions common;
  };
  auto o = std::make_shared<Options>();
  CLI::App* command = app.add_subcommand(
      "paths", "Retainer paths from the GC roots to an object (weak references excluded): who "
               "keeps it alive");
  command->add_option("FILE", o->file, "Heap snapshot, plain or gzip/zstd/xz")->required()->check(existing_file());
  command->add_option("--id", o->id, "The object's id: 1234 or @1234 (as DevTools shows it)")->required();
  command->add_option("-n,--count", o->count, "How many paths (one per direct retainer)")
      ->check(whole_number_in(1, 10000))->capture_default_str();
  command->add_flag("--full", o->full,
                    "Also print each path in full, every edge as the snapshot has it (JSON always "
                    "has both)");
  add_common_options(*command, o->common);
  command->callback([o, &action] {
    action = [o] {
      report::OutputSet outputs = open_outputs(o->common);
      PhaseTimer timer(o->common.timings);
      auto snapshot = open_snapshot(o->file, timer);
      const graph::NodeOrdinal target = snapshot.resolve_id(o->id);
      const auto r = timer.time("paths", [&] { return report::build_paths_report(snapshot, target, o->count, o->full); });
      outputs.write(r);
      return kExitOk;
    };
  });
}

}  // namespace heapsnap::cli

// heapsnap info FILE... [--json] [-o FORMAT=PATH] [--timings]
#include "command.h"
#include "heapsnap/report/info_report.h"

namespace heapsnap::cli {

void add_info_command(CLI::App& app, CommandAction& action) {
  struct Options {
    std::vector<std::string> files;
    CommonOptions common;
  };
  auto o = std::make_shared<Options>();
  CLI::App* command = app.add_subcommand(
      "info", "What a snapshot holds: sizes, counts, meta, node types, optional data");
  command->add_option("FILE", o->files, "Heap snapshot(s), plain or gzip/zstd/xz")->required()->check(existing_file());
  add_common_options(*command, o->common);
  command->callback([o, &action] {
    action = [o] {
      report::OutputSet outputs = open_outputs(o->common);
      report::InfoReports r;
      for (const auto& file : o->files) {
        PhaseTimer timer(o->common.timings);
        const auto snapshot = open_snapshot(file, timer);
        r.files.push_back(report::make_info_report(file, snapshot.graph(), snapshot.load_stats()));
      }
      outputs.write(r);
      return kExitOk;
    };
  });
}

}  // namespace heapsnap::cli

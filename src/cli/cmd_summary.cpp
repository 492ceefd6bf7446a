// heapsnap summary FILE [-n N] [--json] [-o FORMAT=PATH]
#include "command.h"
#include "heapsnap/report/summary_report.h"

namespace heapsnap::cli {

void add_summary_command(CLI::App& app, CommandAction& action) {
  struct Options {
    std::string file;
    uint32_t limit = 30;
    CommonOptions common;
  };
  auto o = std::make_shared<Options>();
  CLI::App* command = app.add_subcommand(
      "summary", "DevTools' Summary and Statistics views: every constructor with its count, "
                 "distance, self and retained size, and the heap by kind (code, strings, arrays...)");
  command->add_option("FILE", o->file, "Heap snapshot, plain or gzip/zstd/xz")->required()->check(existing_file());
  command->add_option("-n,--limit", o->limit,
                      "Constructor rows in the text output; the rest is folded into one row "
                      "(--json always lists all)")
      ->check(whole_number_in(1, 1000000))->capture_default_str();
  add_common_options(*command, o->common);
  command->callback([o, &action] {
    action = [o] {
      report::OutputSet outputs = open_outputs(o->common);
      PhaseTimer timer(o->common.timings);
      auto snapshot = open_snapshot(o->file, timer);
      const bool treemap = outputs.has(report::OutputFormat::kHtml);
      const auto r = timer.time("report", [&] {
        return report::build_summary_report(snapshot, o->limit, treemap);
      });
      timer.time("write", [&] { outputs.write(r); });
      return kExitOk;
    };
  });
}

}  // namespace heapsnap::cli

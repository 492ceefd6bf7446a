// heapsnap info FILE... [--json] [--timings]
#include "command.h"
#include "heapsnap/report/info_report.h"

namespace heapsnap::cli {

void add_info_command(CLI::App& app, CommandAction& action) {
  struct Options {
    std::vector<std::string> files;
    CommonOptions common;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = app.add_subcommand(
      "info", "What a snapshot holds: sizes, counts, meta, node types, optional data");
  command->add_option("FILE", options->files, "Heap snapshot(s), plain or gzip/zstd/xz")->required()->check(CLI::ExistingFile);
  add_common_options(*command, options->common);
  command->callback([options, &action] {
    action = [options] {
      std::vector<report::InfoReport> reports;
      for (const auto& file : options->files) {
        PhaseTimer timer(options->common.timings);
        const auto snapshot = load_for_command(file, timer);
        reports.push_back(report::make_info_report(file, snapshot));
        if (!options->common.json) {
          write_stdout((reports.size() > 1 ? "\n" : "") + report::render_info_text(reports.back()));
        }
      }
      if (options->common.json) write_stdout(report::render_info_json(reports));
      return kExitOk;
    };
  });
}

}  // namespace heapsnap::cli

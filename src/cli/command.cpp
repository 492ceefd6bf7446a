#include "command.h"

#include <fmt/format.h>

#include <cstdio>

#include "terminal.h"

namespace heapsnap::cli {

void add_common_options(CLI::App& command, CommonOptions& options) {
  command.add_flag("--json", options.json,
                   "Print JSON for machines instead of text (the same as --output json=-)");
  command
      .add_option("-o,--output", options.outputs,
                  "Write the report as FORMAT (" + report::output_format_names() +
                      ") to PATH ('-': stdout); repeatable; files are opened before loading. "
                      "Default: text to stdout")
      ->type_name("FORMAT=PATH")
      ->allow_extra_args(false);
  command.add_flag("--timings", options.timings, "Print the time spent in each phase to stderr");
}

report::OutputSet open_outputs(const CommonOptions& options) {
  return report::OutputSet(options.outputs, options.json);
}

ProgressSink* load_progress() {
  static TtyProgress bar;
  return stderr_is_tty() ? &bar : nullptr;
}

void print_load_warnings(const snapshot::AnalyzedSnapshot& snapshot) {
  for (const auto& warning : snapshot.load_stats().warnings)
    std::fputs(fmt::format("heapsnap: warning: '{}': {}\n", snapshot.label(), warning).c_str(),
               stderr);
}

snapshot::AnalyzedSnapshot open_snapshot(const std::string& path, PhaseTimer& timer) {
  snapshot::OpenOptions options;
  options.progress = load_progress();
  options.timer = &timer;
  auto snapshot = snapshot::AnalyzedSnapshot::open(path, options);
  print_load_warnings(snapshot);
  return snapshot;
}

snapshot::SeriesLoadOptions series_load_options(PhaseTimer& timer) {
  snapshot::SeriesLoadOptions options;
  options.progress = load_progress();
  options.timer = &timer;
  options.on_loaded = print_load_warnings;
  return options;
}

}  // namespace heapsnap::cli

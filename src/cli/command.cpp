#include "command.h"

#include <fmt/format.h>

#include <cerrno>
#include <cstdio>

#include "heapsnap/util/error.h"
#include "terminal.h"

namespace heapsnap::cli {

void add_common_options(CLI::App& command, CommonOptions& options) {
  command.add_flag("--json", options.json, "Print JSON for machines instead of text");
  command.add_flag("--timings", options.timings, "Print the time spent in each phase to stderr");
}

PhaseTimer::~PhaseTimer() {
  if (!enabled_) return;
  for (const auto& [phase, seconds] : phases_)
    std::fputs(fmt::format("timing: {:<12} {:8.3f} s\n", phase, seconds).c_str(), stderr);
  // Wall time since the command started: phases may overlap (diff loads ahead).
  std::fputs(fmt::format("timing: {:<12} {:8.3f} s\n", "total", elapsed(start_)).c_str(), stderr);
}

void print_load_warnings(const std::string& path, const format::LoadStats& stats) {
  for (const auto& warning : stats.warnings)
    std::fputs(fmt::format("heapsnap: warning: '{}': {}\n", path, warning).c_str(), stderr);
}

format::LoadedSnapshot load_for_command(const std::string& path, PhaseTimer& timer) {
  TtyProgress bar;
  format::LoadOptions options;
  if (stderr_is_tty()) options.progress = &bar;
  format::LoadedSnapshot snapshot = format::load_snapshot_file(path, options);
  print_load_warnings(path, snapshot.stats);
  timer.add("parse", snapshot.stats.parse_seconds);
  timer.add("check", snapshot.stats.check_seconds);
  return snapshot;
}

void write_stdout(const std::string& text) {
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0) {
    if (errno == EPIPE) return;
    throw Error(std::string("cannot write to stdout: ") + std::strerror(errno));
  }
}

}  // namespace heapsnap::cli

// heapsnap suspects FILE [--min-share P%] [--min-size S] [--descend P%] [-n N] [--json] [-o FORMAT=PATH]
#include <cmath>
#include <cstdlib>

#include <fmt/format.h>

#include "command.h"
#include "heapsnap/report/suspects_report.h"
#include "heapsnap/util/byte_units.h"
#include "heapsnap/util/error.h"

namespace heapsnap::cli {
namespace {

// "10%" or "10" -> 0.10; `low` and `high` bound the percentage.
double parse_share(const std::string& flag, const std::string& text, double low, double high) {
  const std::string number = !text.empty() && text.back() == '%' ? text.substr(0, text.size() - 1) : text;
  char* end = nullptr;
  const double p = std::strtod(number.c_str(), &end);
  if (number.empty() || end != number.c_str() + number.size() || !std::isfinite(p) || p < low || p > high)
    throw Error(fmt::format("{} '{}' is not a percentage between {:g}% and {:g}%", flag, text, low, high));
  return p / 100;
}

}  // namespace

void add_suspects_command(CLI::App& app, CommandAction& action) {
  struct Options {
    std::string file;
    std::string min_share = "10%";
    std::string min_size = "256KiB";
    std::string descend = "80%";
    uint32_t limit = 10;
    bool no_patterns = false;
    CommonOptions common;
  };
  auto o = std::make_shared<Options>();
  CLI::App* command = app.add_subcommand(
      "suspects", "Leak suspects of one snapshot: what holds a big share of the heap, where it "
                  "accumulates, what accumulates there and who holds it");
  command->add_option("FILE", o->file, "Heap snapshot, plain or gzip")->required()->check(existing_file());
  command->add_option("--min-share", o->min_share,
                      "A suspect retains at least this percentage of the heap")->capture_default_str();
  command->add_option("--min-size", o->min_size, "A suspect also retains at least this many bytes (64KiB, 1MiB)")
      ->capture_default_str();
  command->add_option("--descend", o->descend,
                      "Walk down from a suspect while one object holds this percentage of what the "
                      "current one retains; where none does is the accumulation point")
      ->capture_default_str();
  command->add_option("-n,--limit", o->limit, "Suspects to show, biggest first")
      ->check(whole_number_in(1, 1000000))->capture_default_str();
  command->add_flag("--no-patterns", o->no_patterns,
                    "Skip the leak-pattern detectors (listeners, timers, handles, collections, "
                    "closures, off-heap memory, duplicate strings, detached DOM; docs/detectors.md)");
  add_common_options(*command, o->common);
  command->callback([o, &action] {
    action = [o] {
      // Flags are checked before any output file is opened or the snapshot is read.
      const report::SuspectsOptions options{.min_share = parse_share("--min-share", o->min_share, 0, 100),
                                            .min_bytes = parse_bytes(o->min_size),
                                            .dominant_child_share = parse_share("--descend", o->descend, 50, 100),
                                            .limit = o->limit,
                                            .patterns = !o->no_patterns};
      report::OutputSet outputs = open_outputs(o->common);
      PhaseTimer timer(o->common.timings);
      auto snapshot = open_snapshot(o->file, timer);
      const auto r = timer.time("report", [&] { return report::build_suspects_report(snapshot, options); });
      timer.time("write", [&] { outputs.write(r); });
      return kExitOk;
    };
  });
}

}  // namespace heapsnap::cli

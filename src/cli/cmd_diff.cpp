// heapsnap diff A B [C...] [-n N] [--by constructor|site] [--stack-depth N] [--suspects N]
//                          [--paths N] [noise floors, --no-patterns: command.h] [--json]
//                          [-o FORMAT=PATH] [--timings]
//
// Snapshots of one process, oldest first (e.g. after warm-up, after load, after more load): which
// groups keep accumulating, who keeps them alive, where they were allocated
// (snapshot/snapshot_series.h, analysis/leak_ranking.h, report/diff_report.h). Snapshots are
// loaded and analyzed one at a time; only a compact summary of each is kept, and the last one's
// graph.
#include <memory>

#include "command.h"
#include "heapsnap/snapshot/snapshot_series.h"
#include "heapsnap/report/diff_report.h"
#include "heapsnap/util/byte_units.h"
#include "heapsnap/util/error.h"

namespace heapsnap::cli {
namespace {

struct DiffCliOptions {
  std::vector<std::string> files;
  uint32_t limit = 20;
  std::string by = "constructor";
  uint32_t stack_depth = 4;
  uint32_t suspects = 10;
  uint32_t paths = 48;
  FloorOptions floors;
  bool no_suspects = false;
  bool across_runs = false;
  CommonOptions common;
};

}  // namespace

void add_diff_command(CLI::App& app, CommandAction& action) {
  auto o = std::make_shared<DiffCliOptions>();
  CLI::App* command = app.add_subcommand(
      "diff",
      "Compare snapshots of one process (oldest first): what keeps accumulating, who keeps "
      "it alive, where it was allocated");
  command->add_option("FILES", o->files, "Two or more heap snapshots, plain or gzip/zstd/xz, oldest first")
      ->required()
      ->expected(2, -1)
      ->check(existing_file());
  command
      ->add_option("-n,--limit", o->limit,
                   "Groups to show (0: all); the rest is folded into one row")
      ->capture_default_str();
  command->add_option("--by", o->by, "Group table by constructor or by allocation site")
      ->check(CLI::IsMember({"constructor", "site"}))
      ->capture_default_str();
  command->add_option("--stack-depth", o->stack_depth, "Frames of an allocation stack in a site")
      ->check(whole_number_in(1, 64))
      ->capture_default_str();
  command->add_option("--suspects", o->suspects, "Leak suspects to list at most")
      ->check(whole_number_in(0, 1000))
      ->capture_default_str();
  command->add_option("--paths", o->paths, "Objects per suspect that get a retainer path")
      ->check(whole_number_in(1, 100000))
      ->capture_default_str();
  command->add_flag("--no-suspects", o->no_suspects, "Group tables only: skip the leak ranking");
  add_floor_options(*command, o->floors);
  command->add_flag("--across-runs", o->across_runs,
                    "The snapshots come from different runs of the program: compare classes by "
                    "their run-independent names, never objects by id (detected by itself when "
                    "ids do not match)");
  add_common_options(*command, o->common);
  command->callback([o, &action] {
    action = [o] {
      analysis::DiffOptions options;
      options.sites.stack_depth = o->stack_depth;
      options.rank = !o->no_suspects && o->suspects > 0;
      options.across_runs = o->across_runs;
      options.ranking.max_suspects = o->suspects;
      options.ranking.paths_sampled = o->paths;
      apply_floor_options(o->floors, options);
      report::OutputSet outputs = open_outputs(o->common);
      PhaseTimer timer(o->common.timings);
      report::DiffReport r;
      r.options.limit = o->limit;
      r.options.table = o->by == "site" ? report::DiffTable::kSites : report::DiffTable::kConstructors;
      r.diff = snapshot::load_and_diff(o->files, options,
                                       series_load_options(timer));
      timer.time("report", [&] { outputs.write(r); });
      return kExitOk;
    };
  });
}

}  // namespace heapsnap::cli

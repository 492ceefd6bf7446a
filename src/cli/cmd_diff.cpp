// heapsnap diff A B [C...] [-n N] [--by constructor|site] [--stack-depth N] [--suspects N]
//                          [--paths N] [--min-growth BYTES] [--min-objects N] [--json] [--timings]
//
// Snapshots of one process, oldest first (e.g. after warm-up, after load, after more load): which
// groups keep accumulating, who keeps them alive, where they were allocated
// (analysis/snapshot_diff.h, analysis/leak_ranking.h, report/diff_report.h). Snapshots are loaded
// and analyzed one at a time; only a compact summary of each is kept, and the last one's graph.
#include <future>
#include <memory>

#include "command.h"
#include "heapsnap/analysis/snapshot_diff.h"
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
  std::string min_growth;
  uint32_t min_objects = 0;
  bool no_suspects = false;
  CommonOptions common;
};

}  // namespace

void add_diff_command(CLI::App& app, CommandAction& action) {
  auto o = std::make_shared<DiffCliOptions>();
  const analysis::RankingOptions defaults;
  o->min_objects = defaults.min_step_count;
  CLI::App* command = app.add_subcommand(
      "diff",
      "Compare snapshots of one process (oldest first): what keeps accumulating, who keeps "
      "it alive, where it was allocated");
  command->add_option("FILES", o->files, "Two or more heap snapshots, plain or gzip, oldest first")
      ->required()
      ->expected(2, -1)
      ->check(CLI::ExistingFile);
  command
      ->add_option("-n,--limit", o->limit,
                   "Groups to show (0: all); the rest is folded into one row")
      ->capture_default_str();
  command->add_option("--by", o->by, "Group table by constructor or by allocation site")
      ->check(CLI::IsMember({"constructor", "site"}))
      ->capture_default_str();
  command->add_option("--stack-depth", o->stack_depth, "Frames of an allocation stack in a site")
      ->check(CLI::Range(1u, 64u))
      ->capture_default_str();
  command->add_option("--suspects", o->suspects, "Leak suspects to list at most")
      ->check(CLI::Range(0u, 1000u))
      ->capture_default_str();
  command->add_option("--paths", o->paths, "Objects per suspect that get a retainer path")
      ->check(CLI::Range(1u, 100000u))
      ->capture_default_str();
  command->add_option("--min-growth", o->min_growth,
                      "Noise floor: bytes of new objects a suspect must retain (default 32KiB)");
  command
      ->add_option("--min-objects", o->min_objects,
                   "Noise floor: objects a suspect's group must gain in every step")
      ->capture_default_str();
  command->add_flag("--no-suspects", o->no_suspects, "Group tables only: skip the leak ranking");
  add_common_options(*command, o->common);
  command->callback([o, &action] {
    action = [o] {
      analysis::DiffOptions options;
      options.sites.stack_depth = o->stack_depth;
      options.rank = !o->no_suspects && o->suspects > 0;
      options.ranking.max_suspects = o->suspects;
      options.ranking.paths_sampled = o->paths;
      options.ranking.min_step_count = o->min_objects;
      options.ranking.min_survivors = o->min_objects;
      if (!o->min_growth.empty()) {
        try {
          options.ranking.min_retained_growth = parse_bytes(o->min_growth);
        } catch (const Error& e) {
          throw Error(std::string("--min-growth: ") + e.what());
        }
      }
      PhaseTimer timer(o->common.timings);
      analysis::SnapshotSeries series(o->files.size(), options);
      // Snapshot i + 1 is loaded on other threads while snapshot i is analyzed (the analysis
      // leaves the second core idle part of the time: 19.2 s vs 19.6 s for loading it after,
      // bench/README.md); that load shows no progress bar, and its --timings phases overlap
      // "analyze".
      std::future<format::LoadedSnapshot> next;
      for (size_t i = 0; i < o->files.size(); ++i) {
        format::LoadedSnapshot loaded;
        if (i == 0) {
          loaded = load_for_command(o->files[i], timer);
        } else {
          loaded = next.get();
          print_load_warnings(o->files[i], loaded.stats);
          timer.add("parse", loaded.stats.parse_seconds);
          timer.add("check", loaded.stats.check_seconds);
        }
        if (i + 1 < o->files.size()) {
          next = std::async(std::launch::async, [path = o->files[i + 1]] {
            return format::load_snapshot_file(path, format::LoadOptions{});
          });
        }
        timer.time("analyze", [&] { series.add(o->files[i], std::move(loaded.graph)); });
      }
      const analysis::DiffResult diff = timer.time("diff", [&] { return series.finish(); });
      report::DiffReportOptions report_options;
      report_options.limit = o->limit;
      report_options.table =
          o->by == "site" ? report::DiffTable::kSites : report::DiffTable::kConstructors;
      timer.time("report", [&] {
        write_stdout(o->common.json ? report::render_diff_json(diff, report_options)
                                    : report::render_diff_text(diff, report_options));
      });
      return kExitOk;
    };
  });
}

}  // namespace heapsnap::cli

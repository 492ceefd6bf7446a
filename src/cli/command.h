// What every subcommand shares: the options common to all (--json, --output, --timings), opening
// a snapshot with a progress bar, and how each subcommand registers itself with CLI11. A command
// parses its flags, asks the library for a report model (report/*_report.h) and hands it to its
// outputs (report/output_set.h); nothing else happens here.
#pragma once

#include <CLI/CLI.hpp>

#include <functional>
#include <string>
#include <vector>

#include "heapsnap/report/output_set.h"
#include "heapsnap/snapshot/analyzed_snapshot.h"
#include "heapsnap/snapshot/snapshot_series.h"
#include "heapsnap/util/phase_timer.h"

namespace heapsnap::cli {

// Exit codes (docs/exit-codes.md).
inline constexpr int kExitOk = 0;
inline constexpr int kExitRegression = 1;  // `gate` found a regression
inline constexpr int kExitError = 2;       // usage, bad input, internal error

// Set by each subcommand's CLI11 callback; main() runs it after parsing.
using CommandAction = std::function<int()>;

struct CommonOptions {
  bool json = false;
  bool timings = false;
  std::vector<std::string> outputs;  // FORMAT=PATH
};
// Adds --json, -o/--output and --timings to a subcommand.
void add_common_options(CLI::App& command, CommonOptions& options);

// The noise floors of `diff` and `gate`, one set of flags for both (analysis/leak_ranking.h,
// analysis/pattern_growth.h), and --no-patterns. Values as typed; empty when not given.
struct FloorOptions {
  std::string min_step_count;
  std::string min_step_bytes;
  std::string min_survivors;
  std::string min_retained_growth;
  std::string min_pattern_count;
  std::string min_pattern_bytes;
  std::string min_objects;  // shorthand: --min-step-count and --min-survivors
  std::string min_growth;   // shorthand: --min-retained-growth
  bool no_patterns = false;
};
void add_floor_options(CLI::App& command, FloorOptions& options);
// Sets the floors given on the command line in `options` (others keep their value: the defaults,
// or a gate config's). Throws heapsnap::Error naming the flag of a bad value.
void apply_floor_options(const FloorOptions& floors, analysis::DiffOptions& options);

// The report destinations of `options`, opened now: call before any long work.
report::OutputSet open_outputs(const CommonOptions& options);

// Argument checks with one-line messages, for every command. Their help texts are CLI11's own
// ("UINT in [1 - 1000000]", "FILE").
//   whole_number_in: "value 'x' is not a whole number", "value '0' is not between 1 and 1000000"
//   existing_file:   "'x.heapsnapshot': no such file", "'dir': is a directory"
CLI::Validator whole_number_in(uint32_t min, uint32_t max);
CLI::Validator existing_file();

// A command-line mistake (CLI11's ParseError, not --help or --version) as one line, what, where
// and why, with where to look: "heapsnap top: --limit: value 'x' is not a whole number; see
// 'heapsnap top --help'". `app` is the whole command line after the failed parse.
std::string usage_error_line(CLI::App& app, const CLI::ParseError& error, int argc,
                             const char* const* argv);

// Loads `path` with a progress bar on stderr when it is a TTY; load phases and the analysis go
// into `timer`. The loader's warnings (format::LoadStats::warnings) are printed on stderr.
snapshot::AnalyzedSnapshot open_snapshot(const std::string& path, PhaseTimer& timer);

// Loading options for `diff` and `gate`: the first load's progress bar, `timer`, and the
// loader's warnings of every snapshot printed on stderr.
snapshot::SeriesLoadOptions series_load_options(PhaseTimer& timer);

// The progress sink for a load: the stderr bar when stderr is a TTY, else null.
ProgressSink* load_progress();
// The progress sink for taking a snapshot (inspector/snapshot_file.h): the stderr bar, without
// byte figures while V8 counts objects, when stderr is a TTY, else null.
ProgressSink* capture_progress();

// Runs another subcommand in this process, as if `heapsnap ARGS...` had been typed (args[0] is the
// subcommand's name); returns its exit code, errors already printed. Used by `record` to run
// diff or gate on the snapshots it took.
int run_subcommand(const std::vector<std::string>& args);

// Registration functions, one per subcommand (cmd_<name>.cpp).
void add_info_command(CLI::App& app, CommandAction& action);
void add_top_command(CLI::App& app, CommandAction& action);
void add_paths_command(CLI::App& app, CommandAction& action);
void add_diff_command(CLI::App& app, CommandAction& action);
void add_summary_command(CLI::App& app, CommandAction& action);
void add_dominators_command(CLI::App& app, CommandAction& action);
void add_inspect_command(CLI::App& app, CommandAction& action);
void add_gate_command(CLI::App& app, CommandAction& action);
void add_suspects_command(CLI::App& app, CommandAction& action);
void add_capture_command(CLI::App& app, CommandAction& action);
void add_record_command(CLI::App& app, CommandAction& action);

}  // namespace heapsnap::cli

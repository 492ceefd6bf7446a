#include "command.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <filesystem>
#include <system_error>

#include "heapsnap/util/byte_units.h"
#include "heapsnap/util/error.h"
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

CLI::Validator whole_number_in(uint32_t min, uint32_t max) {
  return CLI::Validator(
      [min, max](std::string& text) -> std::string {
        uint64_t value = 0;
        const char* end = text.data() + text.size();
        const auto [at, ec] = std::from_chars(text.data(), end, value);
        if (text.empty() || ec == std::errc::invalid_argument || at != end)
          return fmt::format("value '{}' is not a whole number", text);
        if (ec == std::errc::result_out_of_range || value < min || value > max)
          return fmt::format("value '{}' is not between {} and {}", text, min, max);
        return {};
      },
      fmt::format("UINT in [{} - {}]", min, max));
}

CLI::Validator existing_file() {
  return CLI::Validator(
      [](std::string& path) -> std::string {
        std::error_code ec;
        const auto status = std::filesystem::status(path, ec);
        if (!std::filesystem::exists(status)) return fmt::format("'{}': no such file", path);
        if (std::filesystem::is_directory(status)) return fmt::format("'{}': is a directory", path);
        return {};
      },
      "FILE");
}

namespace {

// CLI11's message, reworded where it is unclear. CLI11 2.1 words them (CLI/Error.hpp):
//   ExtrasError       "The following argument(s) was/were not expected: B A" (last first)
//   ArgumentMismatch  "--limit: 1 required UINT:UINT in [1 - 1000000] missing"
// and names some errors after the command, not the error: they are told apart by exit code.
std::string usage_message(const CLI::ParseError& error) {
  const std::string what = error.what();
  const auto code = static_cast<CLI::ExitCodes>(error.get_exit_code());
  const size_t colon = what.find(": ");
  if (code == CLI::ExitCodes::ExtrasError && colon != std::string::npos) {
    std::vector<std::string> extras;
    for (size_t at = colon + 2; at <= what.size();) {
      const size_t space = std::min(what.find(' ', at), what.size());
      extras.insert(extras.begin(), what.substr(at, space - at));
      at = space + 1;
    }
    if (extras.size() == 1)
      return fmt::format("{} '{}'", extras[0].rfind('-', 0) == 0 ? "unknown option" : "unexpected argument",
                         extras[0]);
    std::string list;
    for (const auto& extra : extras) list += (list.empty() ? "'" : ", '") + extra + "'";
    return "unexpected arguments " + list;
  }
  if (code == CLI::ExitCodes::ArgumentMismatch && what.ends_with(" missing") && colon != std::string::npos)
    return fmt::format("{}: a value is missing", what.substr(0, colon));
  return what;
}

}  // namespace

std::string usage_error_line(CLI::App& app, const CLI::ParseError& error, int argc,
                             const char* const* argv) {
  const std::vector<CLI::App*> commands = app.get_subcommands();
  if (commands.empty()) {
    // The only mistake possible before a command is named: none, or not a command.
    std::string message = "no command given";
    if (argc > 1) {
      const std::string first = argv[1];
      message = fmt::format("{} '{}'", first.rfind('-', 0) == 0 ? "unknown option" : "unknown command",
                            first);
    }
    return fmt::format("heapsnap: {}; see 'heapsnap --help'", message);
  }
  const std::string command = "heapsnap " + commands.front()->get_name();
  return fmt::format("{}: {}; see '{} --help'", command, usage_message(error), command);
}

void add_floor_options(CLI::App& command, FloorOptions& o) {
  const analysis::RankingOptions r;
  const analysis::PatternOptions p;
  const auto add = [&](const char* flag, std::string& value, const std::string& help,
                       const char* type) {
    command.add_option(flag, value, help)->type_name(type)->group("Noise floors");
  };
  add("--min-step-count", o.min_step_count,
      fmt::format("A suspect's class gains at least N objects in every step (default {})",
                  r.min_step_count),
      "N");
  add("--min-step-bytes", o.min_step_bytes,
      fmt::format("... and at least SIZE of self size in every step (default {})",
                  format_bytes(r.min_step_bytes)),
      "SIZE");
  add("--min-survivors", o.min_survivors,
      fmt::format("... keeps at least N survivors (default {})", r.min_survivors), "N");
  add("--min-retained-growth", o.min_retained_growth,
      fmt::format("... and its new objects retain at least SIZE (default {})",
                  format_bytes(r.min_retained_growth)),
      "SIZE");
  add("--min-pattern-count", o.min_pattern_count,
      fmt::format("A leak pattern growing in every step gains at least N items, first to last "
                  "snapshot (default {})",
                  p.min_pattern_count),
      "N");
  add("--min-pattern-bytes", o.min_pattern_bytes,
      fmt::format("... and at least SIZE (default {})", format_bytes(p.min_pattern_bytes)), "SIZE");
  add("--min-objects", o.min_objects, "Shorthand: --min-step-count N --min-survivors N", "N");
  add("--min-growth", o.min_growth, "Shorthand: --min-retained-growth SIZE", "SIZE");
  command.add_flag("--no-patterns", o.no_patterns,
                   "Skip the leak-pattern detectors (patterns, pattern suspects and rules)");
}

namespace {

uint32_t parse_floor_count(const std::string& text, const char* flag) {
  uint64_t n = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || n > UINT32_MAX)
    throw Error(std::string(flag) + ": '" + text + "' is not a count (e.g. 20)");
  return static_cast<uint32_t>(n);
}

uint64_t parse_floor_size(const std::string& text, const char* flag) {
  try {
    return parse_bytes(text);
  } catch (const Error& e) {
    throw Error(std::string(flag) + ": " + e.what());
  }
}

}  // namespace

void apply_floor_options(const FloorOptions& f, analysis::DiffOptions& options) {
  auto& r = options.ranking;
  auto& p = options.pattern_floors;
  if (!f.min_objects.empty())
    r.min_step_count = r.min_survivors = parse_floor_count(f.min_objects, "--min-objects");
  if (!f.min_growth.empty()) r.min_retained_growth = parse_floor_size(f.min_growth, "--min-growth");
  if (!f.min_step_count.empty())
    r.min_step_count = parse_floor_count(f.min_step_count, "--min-step-count");
  if (!f.min_step_bytes.empty())
    r.min_step_bytes = parse_floor_size(f.min_step_bytes, "--min-step-bytes");
  if (!f.min_survivors.empty())
    r.min_survivors = parse_floor_count(f.min_survivors, "--min-survivors");
  if (!f.min_retained_growth.empty())
    r.min_retained_growth = parse_floor_size(f.min_retained_growth, "--min-retained-growth");
  if (!f.min_pattern_count.empty())
    p.min_pattern_count = parse_floor_count(f.min_pattern_count, "--min-pattern-count");
  if (!f.min_pattern_bytes.empty())
    p.min_pattern_bytes = parse_floor_size(f.min_pattern_bytes, "--min-pattern-bytes");
  if (f.no_patterns) options.patterns = false;
}

report::OutputSet open_outputs(const CommonOptions& options) {
  return report::OutputSet(options.outputs, options.json);
}

ProgressSink* load_progress() {
  static TtyProgress bar;
  return stderr_is_tty() ? &bar : nullptr;
}

ProgressSink* capture_progress() {
  static TtyProgress bar(TtyProgress::Units::kCount);
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

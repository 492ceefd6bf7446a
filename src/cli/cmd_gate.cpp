// heapsnap gate BASELINE CURRENT... [threshold flags] [--config FILE] [-o FORMAT=PATH]...
//
// The memory gate for CI: diff the snapshots (analysis/snapshot_diff.h), judge the result by
// threshold rules (analysis/gate.h), write the verdict in one or more formats
// (report/gate_report.h), exit 0 (pass), 1 (regression) or 2 (bad input or usage).
// Order matters for a CI job: rules are parsed and every output file is opened before the first
// snapshot is loaded, so a typo fails in milliseconds, not after minutes of loading.
#include <algorithm>



#include <memory>

#include "command.h"
#include "heapsnap/analysis/gate.h"
#include "heapsnap/analysis/portable_class_name.h"
#include "heapsnap/analysis/v8_internal.h"
#include "heapsnap/snapshot/snapshot_series.h"
#include "heapsnap/format/gate_files.h"
#include "heapsnap/report/gate_report.h"
#include "heapsnap/util/byte_units.h"
#include "heapsnap/util/error.h"

namespace heapsnap::cli {
namespace {

struct GateOptions {
  std::string baseline;
  std::vector<std::string> current;
  std::string config;
  std::string max_growth;
  std::string max_growth_bytes;
  std::string max_suspect;
  bool no_suspects = false;
  std::vector<std::string> class_growth;
  std::vector<std::string> class_count;
  std::vector<std::string> site_growth;
  std::vector<std::string> allow_suspects;
  bool across_runs = false;
  std::vector<std::string> max_listeners;  // [EVENT=]N
  std::string max_handle_growth;
  std::string max_timer_growth;
  std::string max_collection_growth;
  std::string max_string_waste;
  FloorOptions floors;
  CommonOptions common;
};

// --- Rules -------------------------------------------------------------------------------------

// "NAME=VALUE" split at the last '=' (class keys and sites may hold '=' themselves, values never).
std::pair<std::string, std::string> split_assignment(const std::string& text, const char* flag) {
  const size_t eq = text.rfind('=');
  if (eq == std::string::npos || eq == 0 || eq + 1 == text.size())
    throw Error(std::string(flag) + " '" + text +
                "': expected NAME=VALUE, e.g. RequestContext=1MiB");
  return {text.substr(0, eq), text.substr(eq + 1)};
}

uint64_t parse_count(const std::string& text, const std::string& context) {
  size_t used = 0;
  unsigned long long n = 0;
  try {
    if (!text.empty() && text[0] != '-') n = std::stoull(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != text.size())
    throw Error(context + ": '" + text + "' is not a count of objects (e.g. 100)");
  return n;
}

template <typename F>
auto flag_value(const char* flag, const std::string& text, F parse) {
  try {
    return parse(text);
  } catch (const Error& e) {
    throw Error(std::string(flag) + ": " + e.what());
  }
}

analysis::GroupRule to_rule(const format::GateConfigGroup& g, analysis::GroupKind kind) {
  analysis::GroupRule r;
  r.kind = kind;
  r.pattern = g.name;
  r.measure = g.self_size ? analysis::SizeMeasure::kSelf : analysis::SizeMeasure::kRetained;
  r.max_growth = g.max_growth;
  r.max_count_growth = g.max_count_growth;
  return r;
}

// The config file first, then the flags: a flag overrides the config's value of the same rule,
// group flags add rules.
analysis::GateRules build_rules(const GateOptions& o, const format::GateConfigFile& config) {
  analysis::GateRules rules;
  rules.max_growth_percent = config.max_growth_percent;
  rules.max_growth_bytes = config.max_growth_bytes;
  rules.max_suspect = config.max_suspect;
  rules.no_suspects = config.no_suspects.value_or(false);
  for (const auto& g : config.classes)
    rules.groups.push_back(to_rule(g, analysis::GroupKind::kClass));
  for (const auto& g : config.sites)
    rules.groups.push_back(to_rule(g, analysis::GroupKind::kSite));
  rules.allowed_suspects = config.allow_suspects;

  if (!o.max_growth.empty())
    rules.max_growth_percent = flag_value("--max-growth", o.max_growth, format::parse_percent);
  if (!o.max_growth_bytes.empty())
    rules.max_growth_bytes = flag_value("--max-growth-bytes", o.max_growth_bytes, parse_bytes);
  if (!o.max_suspect.empty())
    rules.max_suspect = flag_value("--max-suspect", o.max_suspect, parse_bytes);
  if (o.no_suspects) rules.no_suspects = true;
  const auto add = [&](const std::vector<std::string>& values, const char* flag,
                       analysis::GroupKind kind, bool count) {
    for (const auto& text : values) {
      const auto [name, value] = split_assignment(text, flag);
      analysis::GroupRule r;
      r.kind = kind;
      r.pattern = name;
      if (count) r.max_count_growth = parse_count(value, std::string(flag) + " " + text);
      else r.max_growth = flag_value(flag, value, parse_bytes);
      rules.groups.push_back(std::move(r));
    }
  };
  add(o.class_growth, "--max-class-growth", analysis::GroupKind::kClass, false);
  add(o.class_count, "--max-class-count", analysis::GroupKind::kClass, true);
  add(o.site_growth, "--max-site-growth", analysis::GroupKind::kSite, false);
  rules.allowed_suspects.insert(rules.allowed_suspects.end(), o.allow_suspects.begin(),
                                o.allow_suspects.end());

  for (const auto& l : config.max_listeners) rules.max_listeners.push_back({l.event, l.max});
  rules.max_handle_growth = config.max_handle_growth;
  rules.max_timer_growth = config.max_timer_growth;
  rules.max_collection_growth = config.max_collection_growth;
  rules.max_string_waste = config.max_string_waste;
  for (const auto& text : o.max_listeners) {
    // "N" (any event) or "EVENT=N".
    const bool named = text.find('=') != std::string::npos;
    const auto [event, value] = named ? split_assignment(text, "--max-listeners")
                                      : std::pair<std::string, std::string>{"*", text};
    const uint64_t max = parse_count(value, "--max-listeners " + text);
    // A flag replaces the config's limit for the same event.
    auto& list = rules.max_listeners;
    list.erase(std::remove_if(list.begin(), list.end(),
                              [&](const analysis::ListenerLimit& l) { return l.event == event; }),
               list.end());
    list.push_back({event, max});
  }
  const auto count_flag = [&](const std::string& text, const char* flag,
                              std::optional<uint64_t>& rule) {
    if (!text.empty()) rule = parse_count(text, flag);
  };
  count_flag(o.max_handle_growth, "--max-handle-growth", rules.max_handle_growth);
  count_flag(o.max_timer_growth, "--max-timer-growth", rules.max_timer_growth);
  count_flag(o.max_collection_growth, "--max-collection-growth", rules.max_collection_growth);
  if (!o.max_string_waste.empty())
    rules.max_string_waste = flag_value("--max-string-waste", o.max_string_waste, parse_bytes);
  return rules;
}

// The config's floors, then the flags' (the same flags as diff's), then the detectors' floors the
// rules need.
analysis::DiffOptions diff_options(const GateOptions& o, const format::GateConfigFile& config,
                                   const analysis::GateRules& rules) {
  analysis::DiffOptions d;
  const auto& c = config.ranking;
  auto& r = d.ranking;
  if (c.max_suspects) r.max_suspects = *c.max_suspects;
  if (c.min_step_count) r.min_step_count = *c.min_step_count;
  if (c.min_step_bytes) r.min_step_bytes = *c.min_step_bytes;
  if (c.min_survivors) r.min_survivors = *c.min_survivors;
  if (c.min_retained_growth) r.min_retained_growth = *c.min_retained_growth;
  if (c.min_pattern_count) d.pattern_floors.min_pattern_count = *c.min_pattern_count;
  if (c.min_pattern_bytes) d.pattern_floors.min_pattern_bytes = *c.min_pattern_bytes;
  apply_floor_options(o.floors, d);
  d.detectors = analysis::detector_floors_for(rules, d.detectors);
  return d;
}

// --- The two pipelines -------------------------------------------------------------------------

// BASELINE and CURRENT... are snapshots of one process: the diff engine's full result.
analysis::GateInput diff_snapshots(const GateOptions& o, const analysis::DiffOptions& options,
                                   PhaseTimer& timer, std::vector<std::string>& notes) {
  std::vector<std::string> files{o.baseline};
  files.insert(files.end(), o.current.begin(), o.current.end());
  analysis::DiffOptions run_options = options;
  run_options.across_runs = o.across_runs;
  const analysis::DiffResult diff =
      snapshot::load_and_diff(files, run_options, series_load_options(timer));
  notes = diff.notes;  // includes why objects could not be matched by id, when they could not
  return analysis::gate_input_from_diff(diff);
}

// BASELINE is a `heapsnap summary --json` document: constructors and the total only.
analysis::GateInput compare_with_summary(const GateOptions& o, PhaseTimer& timer,
                                         std::vector<std::string>& notes) {
  if (o.current.size() != 1)
    throw Error("'" + o.baseline + "' is a summary: compare it with one CURRENT snapshot (got " +
                std::to_string(o.current.size()) + ")");
  const format::SummaryFile summary =
      timer.time("summary", [&] { return format::read_summary_file(o.baseline); });
  auto current = open_snapshot(o.current.front(), timer);
  std::vector<analysis::ClassTotals> now;
  const analysis::ScriptNames scripts(current.graph());
  for (const auto& c : current.classes().classes) {
    if (!c.listed) continue;
    now.push_back({c.key(), c.name, analysis::is_v8_internal_class(current.graph(), c), c.count,
                   c.self_size, c.max_retained, analysis::portable_class_key(c, scripts)});
  }
  std::vector<analysis::ClassTotals> before;
  for (const auto& row : summary.constructors)
    before.push_back({row.key, row.name, analysis::is_v8_internal_class_name(row.name), row.count, row.self_size,
                      row.retained_size, row.portable_key});
  uint32_t by_name = 0;
  analysis::GateInput in = analysis::gate_input_from_summary(
      summary.total_size, before, current.total_size(), now, &by_name);
  notes.push_back("the baseline is a summary: only total and constructor rules apply; "
                  "allocation-site and leak-suspect rules are skipped (they need snapshots)");
  if (by_name > 0)
    notes.push_back(std::to_string(by_name) +
                    " constructors were paired with the baseline's by name: their class keys "
                    "(script, line, column) differ");
  return in;
}

// Would any rule be judged against a summary baseline (not skipped)?
bool applies_to_summary(const analysis::GateRules& rules) {
  if (rules.max_growth_percent || rules.max_growth_bytes) return true;
  return std::any_of(rules.groups.begin(), rules.groups.end(), [](const analysis::GroupRule& r) {
    return r.kind == analysis::GroupKind::kClass;
  });
}

int run_gate(const GateOptions& o) {
  PhaseTimer timer(o.common.timings);
  // 1. Rules and outputs: every usage mistake surfaces here, before any loading.
  const format::GateConfigFile config =
      o.config.empty() ? format::GateConfigFile{} : format::read_gate_config(o.config);
  const analysis::GateRules given = build_rules(o, config);
  const analysis::DiffOptions options = diff_options(o, config, given);
  report::OutputSet outputs = open_outputs(o.common);

  // 2. Load and compare.
  const bool baseline_is_summary = format::is_summary_file(o.baseline);
  if (baseline_is_summary && !applies_to_summary(analysis::with_defaults(given)))
    throw Error("'" + o.baseline + "' is a summary, and no rule given applies to it: leak-suspect "
                "and allocation-site rules need snapshots. Give a total or constructor threshold "
                "(--max-growth, --max-growth-bytes, --max-class-growth, --max-class-count, or "
                "\"classes\" in --config), or a snapshot as BASELINE");
  std::vector<std::string> notes;
  const analysis::GateInput input = baseline_is_summary
                                        ? compare_with_summary(o, timer, notes)
                                        : diff_snapshots(o, options, timer, notes);

  // 3. Judge and report.
  const report::GateReport r =
      report::build_gate_report(o.baseline, o.current, input, given, std::move(notes));
  timer.time("report", [&] { outputs.write(r); });
  return r.verdict.passed ? kExitOk : kExitRegression;
}

}  // namespace

void add_gate_command(CLI::App& app, CommandAction& action) {
  auto o = std::make_shared<GateOptions>();
  CLI::App* command = app.add_subcommand(
      "gate", "Memory gate for CI: fail (exit 1) when the heap grows past thresholds or leaks, "
              "from snapshots taken before and after a load");
  command->add_option("BASELINE", o->baseline,
                      "First snapshot (before the load), or a summary written by "
                      "'heapsnap summary --json' (then only total and constructor rules apply)")
      ->required()->check(existing_file());
  command->add_option("CURRENT", o->current,
                      "Later snapshots of the same process, oldest first (3 snapshots in all "
                      "give the best leak evidence)")
      ->required()->check(existing_file());
  command->add_option("--config", o->config, "JSON file with rules (schema in docs/gate.md)")
      ->check(existing_file());
  command->add_option("--max-growth", o->max_growth,
                      "Fail if the total heap size grows by more than PCT of the baseline's")
      ->type_name("PCT");
  command->add_option("--max-growth-bytes", o->max_growth_bytes,
                      "Fail if the total heap size grows by more than SIZE")
      ->type_name("SIZE");
  command->add_option("--max-suspect", o->max_suspect,
                      "Fail if a leak suspect retains more than SIZE of new objects")
      ->type_name("SIZE");
  command->add_flag("--no-suspects", o->no_suspects,
                    "Fail on any leak suspect (the default when no threshold is given)");
  command->add_option("--max-class-growth", o->class_growth,
                      "Fail if constructor NAME (name, class key or glob) grows by more than SIZE "
                      "of retained size; repeatable")
      ->type_name("NAME=SIZE")->allow_extra_args(false);
  command->add_option("--max-class-count", o->class_count,
                      "Fail if constructor NAME gains more than N objects; repeatable")
      ->type_name("NAME=N")->allow_extra_args(false);
  command->add_option("--max-site-growth", o->site_growth,
                      "Fail if allocation site SITE grows by more than SIZE of retained size; "
                      "repeatable")
      ->type_name("SITE=SIZE")->allow_extra_args(false);
  command->add_option("--max-listeners", o->max_listeners,
                      "Fail if an emitter holds more than N listeners (for EVENT: name or glob); "
                      "repeatable")
      ->type_name("[EVENT=]N")->allow_extra_args(false);
  command->add_option("--max-handle-growth", o->max_handle_growth,
                      "Fail if open handles of one kind and owner (sockets, servers, files...) "
                      "grow by more than N")
      ->type_name("N");
  command->add_option("--max-timer-growth", o->max_timer_growth,
                      "Fail if active timers of one callback grow by more than N")
      ->type_name("N");
  command->add_option("--max-collection-growth", o->max_collection_growth,
                      "Fail if a Map, Set, array or dictionary of 1000+ entries grows by more "
                      "than N entries")
      ->type_name("N");
  command->add_option("--max-string-waste", o->max_string_waste,
                      "Fail if one duplicated string wastes more than SIZE")
      ->type_name("SIZE");
  command->add_option("--allow-suspect", o->allow_suspects,
                      "Never fail on the leak suspect NAME (name, class key or glob); repeatable")
      ->type_name("NAME")->allow_extra_args(false);
  command->add_flag("--across-runs", o->across_runs,
                    "BASELINE and CURRENT come from different runs: compare classes by their "
                    "run-independent names, never objects by id (detected by itself when ids do "
                    "not match; always so with a summary BASELINE)");
  add_floor_options(*command, o->floors);
  add_common_options(*command, o->common);
  command->footer(
      "Without any threshold the gate fails on any leak suspect the diff finds.\n"
      "SIZE: 4096, 512KiB, 5MiB, 1.5G. PCT: 10% or 10. Globs: * and ?; '*' alone picks every\n"
      "constructor or site that is not V8's own.\n"
      "Exit codes: 0 pass, 1 a rule failed (regression), 2 usage or input error.\n"
      "Example: heapsnap gate 1.heapsnapshot 2.heapsnapshot 3.heapsnapshot --max-growth 10% \\\n"
      "           --max-class-growth RequestContext=1MiB -o junit=gate.xml -o markdown=gate.md");
  command->callback([o, &action] { action = [o] { return run_gate(*o); }; });
}

}  // namespace heapsnap::cli

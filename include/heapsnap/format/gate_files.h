// The two small JSON files `heapsnap gate` reads besides snapshots: a gate config (the rules the
// command line has no flag for; schema in docs/gate.md) and a summary baseline written by
// `heapsnap summary --json` (report/summary_report.h). Parsing only: what the values mean is
// analysis/gate.h's business, and the CLI maps one onto the other.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace heapsnap::format {

// --- Gate config ---------------------------------------------------------------------------------

inline constexpr int kGateConfigSchemaVersion = 1;

struct GateConfigGroup {
  std::string name;  // name, class key or glob
  std::optional<uint64_t> max_growth;        // bytes
  std::optional<uint64_t> max_count_growth;  // objects
  bool self_size = false;                    // "measure": "self" (default "retained")
};

// Overrides of the noise floors: the leak ranking's (analysis/leak_ranking.h, RankingOptions) and
// the leak patterns' (analysis/pattern_growth.h, PatternOptions).
struct GateConfigRanking {
  std::optional<uint32_t> max_suspects;
  std::optional<uint32_t> min_step_count;
  std::optional<uint64_t> min_step_bytes;
  std::optional<uint32_t> min_survivors;
  std::optional<uint64_t> min_retained_growth;
  std::optional<uint32_t> min_pattern_count;
  std::optional<uint64_t> min_pattern_bytes;
};

// "max_listeners": 50 (any event) or {"update": 100, "*": 50}: (event glob, limit).
struct GateConfigListeners {
  std::string event;
  uint64_t max = 0;
};

struct GateConfigFile {
  std::optional<double> max_growth_percent;
  std::optional<uint64_t> max_growth_bytes;
  std::optional<uint64_t> max_suspect;
  std::optional<bool> no_suspects;
  std::vector<GateConfigGroup> classes;
  std::vector<GateConfigGroup> sites;
  std::vector<std::string> allow_suspects;
  GateConfigRanking ranking;
  // Leak-pattern rules (analysis/gate.h).
  std::vector<GateConfigListeners> max_listeners;
  std::optional<uint64_t> max_handle_growth;
  std::optional<uint64_t> max_timer_growth;
  std::optional<uint64_t> max_collection_growth;
  std::optional<uint64_t> max_string_waste;
};

// Parses a gate config. Unknown keys are errors (a typo must not silently drop a rule). Sizes are
// numbers (bytes) or strings ("5MiB", parse_bytes()); percentages numbers or strings ("10%").
// Throws heapsnap::Error naming `name` and the offending key.
GateConfigFile parse_gate_config(std::string_view json, const std::string& name);
// Reads and parses the file at `path` (at most 16 MiB).
GateConfigFile read_gate_config(const std::string& path);

// "10%", "10", "2.5 %" -> 10, 10, 2.5. Throws heapsnap::Error on anything else or a negative
// value.
double parse_percent(const std::string& text);

// --- Summary baseline ----------------------------------------------------------------------------

struct SummaryConstructor {
  std::string key;   // DevTools' class key
  std::string portable_key;  // run-independent key; "" in summaries written before it existed
  std::string name;
  uint32_t count = 0;
  uint64_t self_size = 0;
  uint64_t retained_size = 0;
};

struct SummaryFile {
  std::string file;  // the snapshot it was made from, as the summary records it
  uint64_t total_size = 0;
  uint64_t node_count = 0;
  std::vector<SummaryConstructor> constructors;
};

// True if `path` (plain or compressed) holds a summary document rather than a heap snapshot: looks at
// the first few KiB only. Throws heapsnap::Error if the file cannot be read.
bool is_summary_file(const std::string& path);
// Parses a summary document (schema_version 1, "kind": "heapsnap-summary").
SummaryFile parse_summary(std::string_view json, const std::string& name);
// Reads and parses a summary file, plain or compressed (at most 256 MiB).
SummaryFile read_summary_file(const std::string& path);

}  // namespace heapsnap::format

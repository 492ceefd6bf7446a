// `heapsnap summary`: DevTools' Summary view (one row per constructor) and its Statistics view.
// The JSON form lists every constructor and is compact enough to keep as a baseline in place of
// the snapshot itself (issue 5: `heapsnap gate BASELINE ...`).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "heapsnap/analysis/heap_statistics.h"

#include "heapsnap/report/dominators_report.h"
#include "heapsnap/report/report.h"

namespace heapsnap::snapshot {
class AnalyzedSnapshot;
}

namespace heapsnap::report {

inline constexpr int kSummarySchemaVersion = 1;
// The JSON document's "kind": tells a summary apart from a snapshot where either is accepted.
inline constexpr const char* kSummaryKind = "heapsnap-summary";

struct SummaryRow {
  std::string key;   // DevTools' class key (ClassInfo::key()): ",Name" or "script,line,col,Name"
  // The same in a run-independent form (analysis/portable_class_name.h), for comparisons with
  // other runs (`gate` with this summary as its baseline).
  std::string portable_key;
  std::string name;  // the constructor as DevTools shows it
  uint32_t count = 0;
  uint64_t self_size = 0;      // summed shallow sizes
  uint64_t retained_size = 0;  // retained size of the top-most instances (DevTools' maxRet)
  int32_t distance = 0;        // smallest distance of an instance
};

struct SummaryReport final : Report {
  std::string file;
  uint64_t node_count = 0;
  uint64_t edge_count = 0;
  uint64_t total_size = 0;  // DevTools' totalSize
  analysis::HeapStatistics statistics;
  // Every constructor DevTools lists, by retained size descending, then name, then key.
  std::vector<SummaryRow> rows;
  // Rows the text form shows; the rest is folded into one "[N others]" row. JSON has them all.
  uint32_t text_limit = UINT32_MAX;

  std::string_view kind() const override { return "summary"; }
  std::string text() const override;
  std::string json() const override;
  std::string html_json() const override;

  // For the HTML page's treemap: the dominator tree as `dominators --depth 8 --min-size 0.1%`
  // aggregates it (at most 1000 objects a level), when asked for.
  std::optional<DominatorsReport> dominator_tree;
};

std::string render_summary_text(const SummaryReport& report);
std::string render_summary_json(const SummaryReport& report);

// Every listed constructor, sorted; `text_limit` rows in the text form.
// `dominator_tree`: also build SummaryReport::dominator_tree (for the HTML page).
SummaryReport build_summary_report(snapshot::AnalyzedSnapshot& snapshot, uint32_t text_limit,
                                   bool dominator_tree = false);

}  // namespace heapsnap::report

// `heapsnap top`: the biggest objects or constructors of one snapshot.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "heapsnap/report/dominators_report.h"
#include "heapsnap/graph/ids.h"
#include "heapsnap/report/report.h"

namespace heapsnap::snapshot {
class AnalyzedSnapshot;
}

namespace heapsnap::report {

inline constexpr int kTopSchemaVersion = 1;

struct TopRow {
  // Objects: id, name, type. Constructors: name and count (id 0, type empty).
  graph::NodeId id{};
  std::string name;
  std::string type;
  uint32_t count = 1;
  uint64_t self_size = 0;      // DevTools' shallow size
  uint64_t retained_size = 0;  // DevTools' retained size (constructors: top-most instances)
  int32_t distance = 0;
};

struct TopReport final : Report {
  std::string file;
  bool by_constructor = false;
  bool by_retained = true;
  std::vector<TopRow> rows;
  // The folded tail: how many rows and their summed self size (summing retained sizes would
  // count shared parts twice, so the tail has none).
  uint64_t others_count = 0;
  uint64_t others_self_size = 0;
  uint64_t total_size = 0;  // the root's retained size: all that is reachable
  uint64_t node_count = 0;

  std::string_view kind() const override { return "top"; }
  std::string text() const override;
  std::string json() const override;
  std::string html_json() const override;

  // For the HTML page's treemap: the dominator tree as `dominators --depth 8 --min-size 0.1%`
  // aggregates it (at most 1000 objects a level), when asked for.
  std::optional<DominatorsReport> dominator_tree;
};

std::string render_top_text(const TopReport& report);
std::string render_top_json(const TopReport& report);

struct TopOptions {
  bool by_constructor = false;  // rank constructors (DevTools' Summary rows), not single objects
  bool by_retained = true;      // by retained size; false: by self size
  uint32_t limit = 20;          // rows; the rest is folded
  bool dominator_tree = false;  // also build TopReport::dominator_tree (for the HTML page)
};
TopReport build_top_report(snapshot::AnalyzedSnapshot& snapshot, const TopOptions& options);

}  // namespace heapsnap::report

// `heapsnap dominators`: the dominator tree below the root or one object, biggest children first
// (Eclipse MAT's dominator view). An object's children are the objects it alone keeps alive;
// their retained sizes are disjoint, so they add up to the parent's retained size minus its self
// size.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "heapsnap/graph/ids.h"
#include "heapsnap/report/report.h"

namespace heapsnap::snapshot {
class AnalyzedSnapshot;
}

namespace heapsnap::report {

inline constexpr int kDominatorsSchemaVersion = 1;

// One line of the tree, in preorder (each object before its children, children biggest first).
struct DominatorLine {
  uint32_t depth = 0;  // 0: the start object
  // Last line under its parent (a "smaller" line, when there is one, is the last).
  bool last = true;
  // False: an object. True: the children of the parent line that are below the size threshold,
  // folded into one line ("[N smaller]"); count, self_size and retained_size are their sums.
  bool folded = false;
  graph::NodeId id{};
  std::string name, type;
  uint64_t self_size = 0;      // DevTools' shallow size
  uint64_t retained_size = 0;  // DevTools' retained size
  uint32_t count = 0;          // objects: dominator-tree children; folded: objects folded
  bool expanded = false;       // objects: children shown (false at the depth limit)
  // Folded lines: the constructor (Summary view class) with the largest share of the folded
  // retained size, how many of the folded objects have it and their retained size.
  std::string top_class;
  uint32_t top_class_count = 0;
  uint64_t top_class_retained = 0;
};

struct DominatorsReport final : Report {
  std::string file;
  uint64_t total_size = 0;  // DevTools' totalSize, for percentages
  uint64_t node_count = 0;
  uint32_t depth = 0;       // levels shown below the start object
  uint64_t min_size = 0;    // children with a smaller retained size are folded
  std::string min_size_rule;  // how min_size was chosen, e.g. "1% of the start's retained size"
  std::vector<DominatorLine> lines;  // lines[0] is the start object

  std::string_view kind() const override { return "dominators"; }
  std::string text() const override;
  std::string json() const override;
};

std::string render_dominators_text(const DominatorsReport& report);
// Flat: {"objects": [{"id", "parent_id", "depth", ..., "smaller": {...}}, ...]} in preorder.
std::string render_dominators_json(const DominatorsReport& report);

// --min-size: a size ("64KiB") or a percentage of the start object's retained size ("0.5%").
struct MinSize {
  bool percent = false;
  double value = 0;  // percent, or bytes
};
struct DominatorsOptions {
  uint32_t depth = 3;  // levels below the start object
  MinSize min_size{true, 1.0};  // children retaining less are folded
};
// What the HTML page's treemap shows: depth 8, children under 0.1% of the heap folded.
inline DominatorsOptions treemap_options() { return {8, MinSize{true, 0.1}}; }

// The dominator tree below `start` (the root or an object), biggest first.
DominatorsReport build_dominators_report(snapshot::AnalyzedSnapshot& snapshot,
                                         graph::NodeOrdinal start, const DominatorsOptions& options);
// The HTML page's treemap: the tree below the root with treemap_options(), timed as "treemap".
DominatorsReport build_treemap(snapshot::AnalyzedSnapshot& snapshot);

}  // namespace heapsnap::report

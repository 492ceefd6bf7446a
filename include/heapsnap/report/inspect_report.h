// `heapsnap inspect`: one object up close: its fields, what it references and what references it.
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

inline constexpr int kInspectSchemaVersion = 1;

// One edge, seen from the inspected object: for its edges the other end is the target, for its
// retainers the source.
struct InspectReference {
  std::string edge_type;  // property, element, context, internal, hidden, shortcut, weak
  std::string edge_name;  // the name, or "[i]" for element and hidden edges
  graph::NodeId id{};     // the other end
  std::string name, type;
  uint64_t retained_size = 0;
  int32_t distance = 0;
};

// A frame of the allocation stack (1-based line and column; 0 when unknown).
struct AllocationFrame {
  std::string function, script;
  uint32_t line = 0, column = 0;
};

struct InspectReport final : Report {
  std::string file;
  uint64_t total_size = 0;  // DevTools' totalSize, for percentages

  graph::NodeId id{};
  std::string name, type;
  std::string class_name;  // the Summary view's constructor
  std::string class_key;   // its ClassInfo::key()
  uint64_t self_size = 0;      // DevTools' shallow size
  uint64_t raw_self_size = 0;  // the snapshot's self_size
  uint64_t retained_size = 0;
  int32_t distance = 0;
  std::string detachedness;  // "unknown", "attached" or "detached", after DevTools' propagation

  bool has_dominator = false;  // false for the root
  graph::NodeId dominator_id{};
  std::string dominator_name;

  // The `locations` row of the object (its constructor's or function's source position),
  // 1-based line and column.
  bool has_location = false;
  uint32_t script_id = 0, line = 0, column = 0;
  std::string script;  // the script's name, "" when the snapshot does not tell

  uint32_t trace_node_id = 0;                   // 0: not tracked
  std::vector<AllocationFrame> allocation_stack;  // innermost first; empty without traces

  // The first `limit` of each; the totals say how many there are.
  std::vector<InspectReference> edges;      // in snapshot order
  uint64_t edge_total = 0;
  std::vector<InspectReference> retainers;  // closest to a GC root first (by source distance)
  uint64_t retainer_total = 0;

  std::string_view kind() const override { return "inspect"; }
  std::string text() const override;
  std::string json() const override;
};

std::string render_inspect_text(const InspectReport& report);
std::string render_inspect_json(const InspectReport& report);

// Object `n` up close; `limit` edges and retainers each.
InspectReport build_inspect_report(snapshot::AnalyzedSnapshot& snapshot, graph::NodeOrdinal n,
                                   uint32_t limit);

}  // namespace heapsnap::report

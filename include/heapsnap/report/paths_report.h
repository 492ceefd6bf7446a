// `heapsnap paths`: the retainer paths that keep one object alive.
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

inline constexpr int kPathsSchemaVersion = 1;

struct PathStep {  // one edge of a path
  graph::NodeId from_id{};
  std::string from_name;
  std::string edge_type;  // property, element, context, internal, ...
  std::string edge_name;  // as shown: name, or [index]
  graph::NodeId to_id{};
};

struct ReadableStep {  // one hop of a readable path (analysis/readable_path.h)
  std::string text;       // "contextsByRequestId (closure variable of handleRequest)"
  std::string kind;       // start, step, variable, folded, target
  uint32_t first_step = 0;  // the raw steps it covers: [first_step, first_step + steps)
  uint32_t steps = 0;
};

struct PathsReport final : Report {
  std::string file;
  graph::NodeId id{};
  std::string name, type;
  uint64_t self_size = 0, retained_size = 0;
  int32_t distance = 0;
  struct Path {
    std::string text;  // the raw path: "global → requestLogs → [2681] → Object @1234"
    std::vector<PathStep> steps;
    // The readable path from its holder: "requestLogs (global variable) → [2681] in Array →
    // Object @1234", what leads to the holder ("" when nothing), and all readable hops.
    std::string readable, via;
    std::vector<ReadableStep> hops;
    size_t holder = 0;  // index of the holder in hops
  };
  bool show_full = false;  // text: the raw path under each readable one (--full)
  std::vector<Path> paths;

  std::string_view kind() const override { return "paths"; }
  std::string text() const override;
  std::string json() const override;
};

std::string render_paths_text(const PathsReport& report);
std::string render_paths_json(const PathsReport& report);

// Up to `count` retainer paths to `target` (one per direct retainer); `show_full` adds the raw
// path to the text.
PathsReport build_paths_report(snapshot::AnalyzedSnapshot& snapshot, graph::NodeOrdinal target,
                               uint32_t count, bool show_full = false);

}  // namespace heapsnap::report

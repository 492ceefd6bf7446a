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
  uint32_t from_id = 0;
  std::string from_name;
  std::string edge_type;  // property, element, context, internal, ...
  std::string edge_name;  // as shown: name, or [index]
  uint32_t to_id = 0;
};

struct PathsReport final : Report {
  std::string file;
  uint32_t id = 0;
  std::string name, type;
  uint64_t self_size = 0, retained_size = 0;
  int32_t distance = 0;
  struct Path {
    std::string text;  // "global → requestLogs → [2681] → Object @1234"
    std::vector<PathStep> steps;
  };
  std::vector<Path> paths;

  std::string_view kind() const override { return "paths"; }
  std::string text() const override;
  std::string json() const override;
};

std::string render_paths_text(const PathsReport& report);
std::string render_paths_json(const PathsReport& report);

// Up to `count` retainer paths to `target` (one per direct retainer).
PathsReport build_paths_report(snapshot::AnalyzedSnapshot& snapshot, graph::NodeOrdinal target,
                               uint32_t count);

}  // namespace heapsnap::report

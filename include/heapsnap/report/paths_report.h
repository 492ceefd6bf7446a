// `heapsnap paths`: the retainer paths that keep one object alive.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace heapsnap::report {

inline constexpr int kPathsSchemaVersion = 1;

struct PathStep {  // one edge of a path
  uint32_t from_id = 0;
  std::string from_name;
  std::string edge_type;  // property, element, context, internal, ...
  std::string edge_name;  // as shown: name, or [index]
  uint32_t to_id = 0;
};

struct PathsReport {
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
};

std::string render_paths_text(const PathsReport& report);
std::string render_paths_json(const PathsReport& report);

}  // namespace heapsnap::report

#include "heapsnap/report/paths_report.h"

#include <fmt/format.h>

#include "heapsnap/report/json_writer.h"
#include "heapsnap/util/byte_units.h"

namespace heapsnap::report {

std::string render_paths_text(const PathsReport& r) {
  std::string out = fmt::format("{}: {} @{} ({}), self {}, retained {}, distance {}\n", r.file, r.name, r.id,
                                r.type, format_bytes(r.self_size), format_bytes(r.retained_size),
                                r.distance < 0 ? std::string("-") : std::to_string(r.distance));
  if (r.paths.empty()) {
    out += "\nno retainer path from a GC root: the object is unreachable, a root itself, or held "
           "only by weak references\n";
    return out;
  }
  out += fmt::format("\n{} retainer path{} (shortest first, one per direct retainer):\n", r.paths.size(),
                     r.paths.size() == 1 ? "" : "s");
  for (size_t i = 0; i < r.paths.size(); ++i)
    out += fmt::format("{:>3}. {}  [{} steps]\n", i + 1, r.paths[i].text, r.paths[i].steps.size());
  return out;
}

std::string render_paths_json(const PathsReport& r) {
  JsonWriter w;
  w.begin_object().field("schema_version", kPathsSchemaVersion).field("file", r.file);
  w.key("target").begin_object()
      .field("id", r.id).field("name", r.name).field("type", r.type)
      .field("self_size", r.self_size).field("retained_size", r.retained_size)
      .field("distance", r.distance).end_object();
  w.key("paths").begin_array();
  for (const auto& path : r.paths) {
    w.begin_object().field("text", path.text).field("length", static_cast<uint64_t>(path.steps.size()));
    w.key("steps").begin_array();
    for (const auto& s : path.steps) {
      w.begin_object().field("from_id", s.from_id).field("from_name", s.from_name)
          .field("edge_type", s.edge_type).field("edge_name", s.edge_name)
          .field("to_id", s.to_id).end_object();
    }
    w.end_array().end_object();
  }
  w.end_array().end_object();
  return w.str();
}

}  // namespace heapsnap::report

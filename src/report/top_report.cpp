#include "heapsnap/report/top_report.h"

#include <fmt/format.h>

#include "heapsnap/report/json_writer.h"
#include "heapsnap/report/text_table.h"
#include "heapsnap/util/byte_units.h"

namespace heapsnap::report {

std::string render_top_text(const TopReport& r) {
  using Align = TextTable::Align;
  std::vector<TextTable::Column> columns;
  if (r.by_constructor) {
    columns = {{"constructor", Align::kLeft, 60}, {"count"}, {"self size"}, {"retained size"},
               {"% of heap"}, {"distance"}};
  } else {
    columns = {{"id"}, {"object", Align::kLeft, 60}, {"type", Align::kLeft}, {"self size"},
               {"retained size"}, {"% of heap"}, {"distance"}};
  }
  TextTable table(columns);
  const auto distance = [](int32_t d) { return d < 0 ? std::string("-") : std::to_string(d); };
  for (const auto& row : r.rows) {
    const uint64_t share = r.by_retained ? row.retained_size : row.self_size;
    if (r.by_constructor) {
      table.add_row({row.name, std::to_string(row.count), format_bytes(row.self_size),
                     format_bytes(row.retained_size), format_percent(share, r.total_size), distance(row.distance)});
    } else {
      table.add_row({fmt::format("@{}", row.id), row.name, row.type, format_bytes(row.self_size),
                     format_bytes(row.retained_size), format_percent(share, r.total_size), distance(row.distance)});
    }
  }
  if (r.others_count > 0) {
    if (r.by_constructor)
      table.add_row({fmt::format("[{} others]", r.others_count), "", format_bytes(r.others_self_size), "", "", ""});
    else
      table.add_row({"", fmt::format("[{} others]", r.others_count), "", format_bytes(r.others_self_size), "", "", ""});
  }
  return fmt::format("{}: {} by {} size; heap {} in {} objects\n\n", r.file,
                     r.by_constructor ? "constructors" : "objects", r.by_retained ? "retained" : "self",
                     format_bytes(r.total_size), r.node_count) +
         table.render();
}

std::string render_top_json(const TopReport& r) {
  JsonWriter w;
  w.begin_object()
      .field("schema_version", kTopSchemaVersion)
      .field("file", r.file)
      .field("by", r.by_constructor ? "constructor" : "object")
      .field("sort", r.by_retained ? "retained" : "self")
      .field("total_size", r.total_size)
      .field("node_count", r.node_count)
      .key("rows")
      .begin_array();
  for (const auto& row : r.rows) {
    w.begin_object();
    if (!r.by_constructor) w.field("id", row.id);
    w.field("name", row.name);
    if (!r.by_constructor) w.field("type", row.type);
    if (r.by_constructor) w.field("count", row.count);
    w.field("self_size", row.self_size).field("retained_size", row.retained_size).field("distance", row.distance);
    w.end_object();
  }
  w.end_array();
  w.key("others").begin_object().field("count", r.others_count).field("self_size", r.others_self_size).end_object();
  w.end_object();
  return w.str();
}

}  // namespace heapsnap::report

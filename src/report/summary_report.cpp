#include "heapsnap/report/summary_report.h"
#include <algorithm>
#include "heapsnap/analysis/heap_statistics.h"
#include "heapsnap/analysis/portable_class_name.h"
#include "heapsnap/snapshot/analyzed_snapshot.h"

#include <fmt/format.h>

#include "heapsnap/report/json_writer.h"
#include "heapsnap/report/text_table.h"
#include "heapsnap/util/byte_units.h"

namespace heapsnap::report {

namespace {

std::string signed_bytes(int64_t bytes) {
  if (bytes >= 0) return format_bytes(static_cast<uint64_t>(bytes));
  std::string out = "-";
  out += format_bytes(static_cast<uint64_t>(-(bytes + 1)) + 1);
  return out;
}

}  // namespace

std::string render_summary_text(const SummaryReport& r) {
  using Align = TextTable::Align;
  const auto& s = r.statistics;
  std::string out = fmt::format("{}: {} in {} objects, {} constructors\n\n", r.file,
                                format_bytes(r.total_size), r.node_count, r.rows.size());

  TextTable stats({{"statistics", Align::kLeft}, {"size"}, {"% of total"}});
  const auto stat = [&](const char* what, int64_t bytes) {
    stats.add_row({what, signed_bytes(bytes), format_percent(bytes, s.total)});
  };
  stat("Code", static_cast<int64_t>(s.code));
  stat("Strings", static_cast<int64_t>(s.strings));
  stat("JS arrays", static_cast<int64_t>(s.js_arrays));
  stat("Typed arrays", static_cast<int64_t>(s.typed_arrays));
  stat("System objects", static_cast<int64_t>(s.system));
  stat("Other JS objects", s.other_js_objects());
  stat("Other non-JS objects", s.other_non_js_objects());
  stats.add_rule();
  stat("Total", static_cast<int64_t>(s.total));
  out += stats.render() + "\n";

  TextTable table({{"constructor", Align::kLeft, 60}, {"count"}, {"distance"}, {"self size"},
                   {"retained size"}, {"% of heap"}});
  uint64_t others = 0, others_count = 0, others_self = 0;
  for (size_t i = 0; i < r.rows.size(); ++i) {
    const auto& row = r.rows[i];
    if (i < r.text_limit) {
      table.add_row({row.name, std::to_string(row.count), format_distance(row.distance),
                     format_bytes(row.self_size), format_bytes(row.retained_size),
                     format_percent(static_cast<int64_t>(row.retained_size), r.total_size)});
    } else {
      ++others;
      others_count += row.count;
      others_self += row.self_size;
    }
  }
  // Retained sizes of different constructors overlap (an Array inside a Map), so the folded
  // tail shows only what adds up: objects and self sizes.
  if (others > 0)
    table.add_row({fmt::format("[{} others]", others), std::to_string(others_count), "",
                   format_bytes(others_self), "", ""});
  return out + table.render();
}

std::string render_summary_json(const SummaryReport& r) {
  const auto& s = r.statistics;
  JsonWriter w;
  w.begin_object()
      .field("schema_version", kSummarySchemaVersion)
      .field("kind", kSummaryKind)
      .field("file", r.file)
      .field("node_count", r.node_count)
      .field("edge_count", r.edge_count)
      .field("total_size", r.total_size);
  w.key("statistics").begin_object()
      .field("total", s.total)
      .field("code", s.code)
      .field("strings", s.strings)
      .field("js_arrays", s.js_arrays)
      .field("typed_arrays", s.typed_arrays)
      .field("system", s.system)
      .field("other_js_objects", s.other_js_objects())
      .field("other_non_js_objects", s.other_non_js_objects())
      .field("v8heap_total", s.v8heap_total)
      .field("native_total", s.native_total)
      .end_object();
  w.key("constructors").begin_array();
  for (const auto& row : r.rows) {
    w.begin_object()
        .field("key", row.key)
        .field("portable_key", row.portable_key)
        .field("name", row.name)
        .field("count", row.count)
        .field("self_size", row.self_size)
        .field("retained_size", row.retained_size)
        .field("distance", row.distance)
        .end_object();
  }
  w.end_array().end_object();
  return w.str();
}

std::string SummaryReport::text() const { return render_summary_text(*this); }
std::string SummaryReport::json() const { return render_summary_json(*this); }
std::string SummaryReport::html_json() const {
  return dominator_tree ? with_json_member(json(), "dominator_tree", dominator_tree->json()) : json();
}

SummaryReport build_summary_report(snapshot::AnalyzedSnapshot& snapshot, uint32_t text_limit,
                                   bool dominator_tree) {
  const auto& g = snapshot.graph();
  SummaryReport r;
  r.file = snapshot.label();
  r.node_count = g.node_count();
  r.edge_count = g.edge_count();
  r.total_size = snapshot.total_size();
  r.statistics = analysis::compute_heap_statistics(g, snapshot.detachedness(),
                                                   snapshot.shallow_sizes(), r.total_size);
  r.text_limit = text_limit;
  const analysis::ScriptNames scripts(g);
  for (const auto& c : snapshot.classes().classes) {
    if (!c.listed) continue;
    r.rows.push_back({c.key(), analysis::portable_class_key(c, scripts), c.name, c.count,
                      c.self_size, c.max_retained, c.distance});
  }
  std::sort(r.rows.begin(), r.rows.end(), [](const SummaryRow& x, const SummaryRow& y) {
    if (x.retained_size != y.retained_size) return x.retained_size > y.retained_size;
    if (x.name != y.name) return x.name < y.name;
    return x.key < y.key;
  });
  if (dominator_tree)
    r.dominator_tree = build_treemap(snapshot);
  return r;
}

}  // namespace heapsnap::report

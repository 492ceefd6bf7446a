#include "heapsnap/report/top_report.h"
#include "heapsnap/analysis/top_k.h"
#include "heapsnap/snapshot/analyzed_snapshot.h"

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
  for (const auto& row : r.rows) {
    const uint64_t share = r.by_retained ? row.retained_size : row.self_size;
    if (r.by_constructor) {
      table.add_row({row.name, std::to_string(row.count), format_bytes(row.self_size),
                     format_bytes(row.retained_size), format_percent(share, r.total_size), format_distance(row.distance)});
    } else {
      table.add_row({fmt::format("@{}", row.id), row.name, row.type, format_bytes(row.self_size),
                     format_bytes(row.retained_size), format_percent(share, r.total_size), format_distance(row.distance)});
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

std::string TopReport::text() const { return render_top_text(*this); }
std::string TopReport::json() const { return render_top_json(*this); }
std::string TopReport::html_json() const {
  return dominator_tree ? with_json_member(json(), "dominator_tree", dominator_tree->json()) : json();
}

TopReport build_top_report(snapshot::AnalyzedSnapshot& snapshot, const TopOptions& o) {
  const auto& g = snapshot.graph();
  // Single objects need no per-class rows; the treemap names the classes of folded children.
  snapshot::Plan plan;
  plan.classes = o.by_constructor || o.dominator_tree;
  snapshot.plan(plan);
  const auto shallow = snapshot.shallow_sizes();
  const auto retained = snapshot.retained_sizes();
  TopReport r;
  r.file = snapshot.label();
  r.by_constructor = o.by_constructor;
  r.by_retained = o.by_retained;
  r.total_size = snapshot.total_size();
  r.node_count = g.node_count();
  if (r.by_constructor) {
    const auto& classes = snapshot.classes().classes;
    const auto rank = [&](uint32_t c) { return r.by_retained ? classes[c].max_retained : classes[c].self_size; };
    const auto listed = [&](uint32_t c) { return classes[c].listed; };
    const auto all = analysis::top_k(static_cast<uint32_t>(classes.size()), UINT32_MAX, rank, listed);
    for (size_t i = 0; i < all.size(); ++i) {
      const auto& c = classes[all[i]];
      if (i < o.limit) {
        r.rows.push_back(
            {graph::NodeId{}, c.name, "", c.count, c.self_size, c.max_retained, c.distance});
      } else {
        ++r.others_count;
        r.others_self_size += c.self_size;
      }
    }
    if (o.dominator_tree)
      r.dominator_tree = build_treemap(snapshot);
    return r;
  }
  // Objects: everything but the synthetic root and GC-root category nodes.
  const auto distance = snapshot.distances();
  const auto rank = [&](uint32_t n) { return r.by_retained ? retained[n] : shallow[n]; };
  const auto real = [&](uint32_t n) { return g.node_kind(n) != graph::NodeKind::kSynthetic; };
  const auto top = analysis::top_k(g.node_count(), o.limit, rank, real);
  for (const uint32_t n : top)
    r.rows.push_back({g.node_id(n), snapshot.display_name(n), std::string(g.node_type_name(n)), 1,
                      shallow[n], retained[n], distance[n]});
  uint64_t shown_self = 0;
  for (const auto& row : r.rows) shown_self += row.self_size;
  uint64_t real_count = 0, real_self = 0;
  for (uint32_t n = 0; n < g.node_count(); ++n) {
    if (!real(n)) continue;
    ++real_count;
    real_self += shallow[n];
  }
  r.others_count = real_count - r.rows.size();
  r.others_self_size = real_self - shown_self;
  if (o.dominator_tree)
    r.dominator_tree = build_treemap(snapshot);
  return r;
}

}  // namespace heapsnap::report

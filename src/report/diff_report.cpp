#include "heapsnap/report/diff_report.h"

#include <fmt/format.h>

#include "heapsnap/analysis/detectors/finding.h"
#include "heapsnap/report/json_writer.h"
#include "heapsnap/report/pattern_wording.h"
#include "heapsnap/report/text_table.h"
#include "heapsnap/util/byte_units.h"

namespace heapsnap::report {

using analysis::DiffResult;
using analysis::GroupSeries;
using analysis::LeakSuspect;
using analysis::PatternSeries;

namespace {

std::string count_delta(int64_t d) { return d == 0 ? std::string("0") : fmt::format("{:+}", d); }

bool has_change(const GroupSeries& g) {
  for (size_t i = 1; i < g.counts.size(); ++i)
    if (g.counts[i] != g.counts[0] || g.sizes[i] != g.sizes[0] || g.retained[i] != g.retained[0])
      return true;
  for (const auto& step : g.steps)
    if (step.new_count != 0 || step.deleted_count != 0) return true;
  return false;
}

// Rows to show: changed groups by growth, cut at the limit. `cut` counts changed groups past the
// limit, `unchanged` the groups left out for having no change.
std::vector<uint32_t> rows_to_show(const std::vector<GroupSeries>& groups, size_t limit,
                                   size_t& cut, size_t& unchanged) {
  std::vector<uint32_t> rows;
  for (const uint32_t g : analysis::order_by_growth(groups))
    if (has_change(groups[g])) rows.push_back(g);
  unchanged = groups.size() - rows.size();
  cut = 0;
  if (limit != 0 && rows.size() > limit) {
    cut = rows.size() - limit;
    rows.resize(limit);
  }
  return rows;
}

std::string series_text(const std::vector<uint32_t>& counts) {
  std::string out;
  for (size_t i = 0; i < counts.size(); ++i) {
    if (i) out += " \u2192 ";
    out += std::to_string(counts[i]);
  }
  return out;
}

// The pattern lines of a suspect named by a leak pattern.
void render_suspect_pattern_text(std::string& out, const LeakSuspect& s, const DiffResult& d) {
  const PatternSeries& p = d.patterns[static_cast<size_t>(s.pattern)];
  out += fmt::format("    pattern      {} ({}{})\n", pattern_counts_text(p),
                     analysis::detectors::finding_kind_id(p.kind),
                     p.grows_every_step ? ", grows in every step" : "");
  out += fmt::format("    bytes        {} (#1\u2192#{})\n", pattern_bytes_text(p), p.counts.size());
  const std::string where = pattern_location_text(p);
  if (!where.empty()) out += fmt::format("    code         {}\n", where);
  if (!p.holder_name.empty())
    out += fmt::format("    {:<13}{} @{}\n",
                       p.kind == analysis::detectors::FindingKind::kTimers ? "callback" : "held by",
                       p.holder_name, p.holder_id);
  for (size_t i = 0; i < s.related_patterns.size(); ++i) {
    const PatternSeries& r = d.patterns[s.related_patterns[i]];
    out += fmt::format("    {} {}: {} ({})\n", i == 0 ? "same objects" : "            ",
                       one_line(r.subject),
                       pattern_counts_text(r), analysis::detectors::finding_kind_id(r.kind));
  }
}

// The suspect's retainer paths, clustered (leak_ranking.h), when it has any.
void render_suspect_paths_text(std::string& out, const LeakSuspect& s) {
  if (s.paths.empty()) return;
  out += fmt::format("    retained by  ({} sampled objects)\n", s.paths_sampled);
  for (const auto& p : s.paths) {
    out += fmt::format("      {:>3}\u00d7 {}\n", p.objects, one_line(p.signature));
    if (!p.via.empty()) out += fmt::format("           via  {}\n", one_line(p.via));
    out += fmt::format("           e.g. {}\n", one_line(p.example));
  }
}

void render_suspect_text(std::string& out, size_t index, const LeakSuspect& s,
                         const DiffResult& d) {
  const size_t snapshots = d.snapshots.size();
  const bool by_id = d.ids_comparable;
  out += fmt::format("{:>2}. {}\n", index + 1, one_line(s.name));
  if (s.pattern >= 0) render_suspect_pattern_text(out, s, d);
  if (s.group == analysis::kNoGroup) {  // found by its pattern alone: paths of its examples
    render_suspect_paths_text(out, s);
    return;
  }
  // A suspect named by its pattern: the class figures are its class's.
  std::string of_class;  // appended: GCC 12 warns -Wrestrict on " " + std::string&&
  if (s.pattern >= 0) of_class.append(" ").append(one_line(d.classes[s.group].name));
  out += fmt::format("    objects      {}{}{}\n", series_text(s.counts), of_class,
                     s.grows_every_step ? "  (grows in every step)" : "");
  if (s.survivor_count != 0) {
    // Two snapshots: the objects of #2 not in #1. More: those allocated between #1 and #2 that
    // are still alive in the last.
    if (snapshots >= 3)
      out += fmt::format(
          "    survivors    {} ({}) allocated between #1 and #2, still alive in #{}\n",
          s.survivor_count, format_bytes(s.survivor_size), snapshots);
    else
      out += fmt::format("    new objects  {} ({}) in #2 that were not in #1\n", s.survivor_count,
                         format_bytes(s.survivor_size));
  }
  if (by_id) {
    out += fmt::format("    retains      {} of objects allocated since #1\n",
                       format_bytes_delta(static_cast<int64_t>(s.retained_growth)));
  } else {
    out += fmt::format("    retained     {} (#1\u2192#{}, objects not matched by id)\n",
                       format_bytes_delta(static_cast<int64_t>(s.retained_growth)), snapshots);
  }
  if (s.sites.empty()) {
    out += "    allocated at (unknown: no allocation stack or constructor location)\n";
  } else {
    for (size_t i = 0; i < s.sites.size(); ++i)
      out += fmt::format("    {} {} ({} objects)\n", i == 0 ? "allocated at" : "         and",
                         s.sites[i].site, s.sites[i].objects);
  }
  if (!s.related.empty()) {
    std::string related;
    for (size_t i = 0; i < s.related.size(); ++i) related += (i ? ", " : "") + s.related[i];
    out += fmt::format("    grows with   {}\n", related);
  }
  render_suspect_paths_text(out, s);
}

void render_groups_text(std::string& out, const DiffResult& d,
                        const std::vector<GroupSeries>& groups, bool by_site, size_t limit) {
  using Align = TextTable::Align;
  const size_t n = d.snapshots.size();
  const size_t last = n - 1;
  std::vector<TextTable::Column> columns;
  columns.push_back(
      {by_site ? "allocation site" : "constructor", Align::kLeft, by_site ? 90u : 50u});
  for (size_t i = 0; i < n; ++i) columns.push_back({fmt::format("#{}", i + 1)});
  const bool by_id = d.ids_comparable;
  if (by_id) {
    const std::string step = n > 2 ? fmt::format(" #{}\u2192#{}", n - 1, n) : std::string();
    columns.push_back({"new" + step});
    columns.push_back({"deleted"});
    columns.push_back({"allocated"});
    columns.push_back({"freed"});
  }
  columns.push_back({"\u0394 count"});
  columns.push_back({"\u0394 self size"});
  columns.push_back({"\u0394 retained"});
  TextTable table(columns);
  size_t cut = 0, unchanged = 0;
  const auto rows = rows_to_show(groups, limit, cut, unchanged);
  for (const uint32_t r : rows) {
    const GroupSeries& g = groups[r];
    std::vector<std::string> cells;
    cells.push_back(g.name);
    for (size_t i = 0; i < n; ++i) cells.push_back(std::to_string(g.counts[i]));
    if (by_id) {
      const auto& step = g.steps.back();
      cells.push_back(step.new_count ? fmt::format("+{}", step.new_count) : "0");
      cells.push_back(step.deleted_count ? fmt::format("-{}", step.deleted_count) : "0");
      cells.push_back(format_bytes(step.allocated_size));
      cells.push_back(format_bytes(step.freed_size));
    }
    if (g.counts[0] == 0 && g.counts[last] != 0) {
      cells.push_back("[NEW]");
    } else if (g.counts[last] == 0 && g.counts[0] != 0) {
      cells.push_back("[DEL]");
    } else {
      cells.push_back(count_delta(g.count_delta(0, last)));
    }
    cells.push_back(format_bytes_delta(g.size_delta(0, last)));
    cells.push_back(format_bytes_delta(g.retained_delta(0, last)));
    table.add_row(std::move(cells));
  }
  if (cut != 0) table.add_row({fmt::format("[{} others]", cut)});
  out += table.render();
  if (unchanged != 0)
    out += fmt::format("({} {} without change not shown)\n", unchanged,
                       by_site ? "sites" : "constructors");
}

// Growing patterns (suspects first), then a line for the rest.
void render_patterns_text(std::string& out, const DiffResult& d, size_t limit) {
  size_t growing = 0;
  for (const auto& p : d.patterns) growing += p.grows_every_step ? 1 : 0;
  if (growing == 0) {
    out += fmt::format("Leak patterns: none grows in every step ({} found by the detectors)\n",
                       d.patterns.size());
    return;
  }
  out += fmt::format("Leak patterns growing in every step ({} of {} found)\n", growing,
                     d.patterns.size());
  size_t shown = 0;
  for (const auto& p : d.patterns) {
    if (!p.grows_every_step) continue;
    if (limit != 0 && shown == limit) break;
    ++shown;
    out += fmt::format(" - {}: {}{}\n", analysis::detectors::finding_kind_id(p.kind),
                       one_line(pattern_line(p)), p.suspect ? "" : "  (below the pattern floor)");
  }
  if (shown < growing) out += fmt::format("   [{} others]\n", growing - shown);
}

void write_pattern_json(JsonWriter& w, const PatternSeries& p) {
  w.begin_object()
      .field("kind", analysis::detectors::finding_kind_id(p.kind))
      .field("key", p.key)
      .field("subject", p.subject)
      .field("title", p.title)
      .field("holder_name", p.holder_name)
      .field("holder_id", p.holder_id);
  w.key("location")
      .begin_object()
      .field("function", p.location.function)
      .field("script", p.location.script)
      .field("line", p.location.line)
      .field("column", p.location.column)
      .end_object();
  w.key("examples").begin_array();
  for (const auto id : p.examples) w.value(id);
  w.end_array().field("last_present", static_cast<uint64_t>(p.last_present));
  w.key("present").begin_array();
  for (const auto x : p.present) w.value(x != 0);
  w.end_array();
  const auto series = [&](const char* name, const std::vector<uint64_t>& values) {
    w.key(name).begin_array();
    for (const auto v : values) w.value(v);
    w.end_array();
  };
  series("counts", p.counts);
  series("retained", p.retained);
  series("external", p.external);
  series("wasted", p.wasted);
  w.field("bytes_measure", analysis::pattern_bytes_measure(p.kind))
      .field("count_growth", p.count_growth())
      .field("bytes_growth", p.bytes_growth())
      .field("grows_every_step", p.grows_every_step)
      .field("suspect", p.suspect)
      .end_object();
}

void write_group_json(JsonWriter& w, const GroupSeries& g, bool by_class) {
  const size_t last = g.counts.size() - 1;
  w.begin_object().field("key", g.key).field("name", g.name);
  if (by_class) w.field("site", g.site).field("v8_internal", g.v8_internal);
  w.key("counts").begin_array();
  for (const auto c : g.counts) w.value(c);
  w.end_array().key("sizes").begin_array();
  for (const auto s : g.sizes) w.value(s);
  w.end_array().key("retained").begin_array();
  for (const auto s : g.retained) w.value(s);
  w.end_array().key("steps").begin_array();
  for (size_t i = 0; i < g.steps.size(); ++i) {
    const auto& s = g.steps[i];
    w.begin_object()
        .field("count_delta", g.count_delta(i, i + 1))
        .field("size_delta", g.size_delta(i, i + 1))
        .field("new", s.new_count)
        .field("deleted", s.deleted_count)
        .field("allocated_size", s.allocated_size)
        .field("freed_size", s.freed_size)
        .end_object();
  }
  w.end_array();
  w.field("count_delta", g.count_delta(0, last))
      .field("size_delta", g.size_delta(0, last))
      .field("retained_delta", g.retained_delta(0, last))
      .field("grows_every_step", g.grows_every_step());
  w.key("survivors")
      .begin_object()
      .field("count", g.survivor_count)
      .field("size", g.survivor_size)
      .end_object();
  w.end_object();
}

}  // namespace

std::string render_diff_text(const DiffResult& d, const DiffReportOptions& options) {
  std::string out;
  const size_t n = d.snapshots.size();
  out += fmt::format("heapsnap diff of {} snapshots\n", n);
  // "nodes" are all the snapshot's nodes, as `info` counts them; "objects" are those with a
  // non-zero shallow size, the ones every count below is made of (as in DevTools' Comparison).
  for (size_t i = 0; i < n; ++i) {
    const auto& s = d.snapshots[i];
    out += fmt::format("  #{}  {}  heap {} in {} nodes, {} objects (non-zero shallow size)\n",
                       i + 1, s.label, format_bytes(s.total_size), s.node_count, s.objects);
  }
  if (n >= 2) {
    const int64_t growth = static_cast<int64_t>(d.snapshots.back().total_size) -
                           static_cast<int64_t>(d.snapshots.front().total_size);
    out += fmt::format("  heap growth #1\u2192#{}: {}; objects matched by id: {}\n", n,
                       format_bytes_delta(growth), d.ids_comparable ? "yes (one process)" : "no");
  }
  for (const auto& note : d.notes) out += "  note: " + note + "\n";

  out += "\n";
  if (d.suspects.empty()) {
    out += d.has_patterns ? "Leak suspects: none (no group or leak pattern grows in every step "
                            "above the noise floor)\n"
                          : "Leak suspects: none (no group grows in every step above the noise "
                            "floor)\n";
  } else {
    out += fmt::format("Leak suspects ({}), most evidence first\n", d.suspects.size());
    for (size_t i = 0; i < d.suspects.size(); ++i)
      render_suspect_text(out, i, d.suspects[i], d);
  }
  if (d.has_patterns) {
    out += "\n";
    render_patterns_text(out, d, options.limit);
  }
  out += "\n";
  const bool by_site = options.table == DiffTable::kSites;
  out += by_site ? "By allocation site\n" : "By constructor\n";
  render_groups_text(out, d, by_site ? d.sites : d.classes, by_site, options.limit);
  return out;
}

std::string render_diff_json(const DiffResult& d, const DiffReportOptions& options) {
  JsonWriter w;
  w.begin_object().field("schema_version", kDiffSchemaVersion).field("kind", kDiffKind);
  w.key("snapshots").begin_array();
  for (const auto& s : d.snapshots) {
    w.begin_object()
        .field("label", s.label)
        .field("node_count", s.node_count)
        .field("edge_count", s.edge_count)
        .field("total_size", s.total_size)
        .field("objects", s.objects)
        .field("max_js_id", s.max_js_id)
        .field("allocation_stacks", s.allocation_stacks)
        .end_object();
  }
  w.end_array();
  w.field("ids_comparable", d.ids_comparable);
  w.key("identity").begin_array();
  for (size_t i = 0; i < d.identity.size(); ++i) {
    const auto& id = d.identity[i];
    w.begin_object()
        .field("from", static_cast<uint64_t>(i))
        .field("to", static_cast<uint64_t>(i + 1))
        .field("same_process", id.same_process)
        .field("shared_ids", id.shared_ids)
        .field("shared_same_class", id.shared_same_class)
        .field("new_ids", id.new_ids)
        .field("new_js_ids", id.new_js_ids)
        .field("new_ids_below_max", id.new_ids_below_max)
        .field("reason", id.reason)
        .end_object();
  }
  w.end_array();
  w.key("notes").begin_array();
  for (const auto& note : d.notes) w.value(note);
  w.end_array();

  w.key("suspects").begin_array();
  for (const auto& s : d.suspects) {
    w.begin_object().field("name", s.name).field("key", s.key).field("site", s.site);
    w.key("sites").begin_array();
    for (const auto& site : s.sites)
      w.begin_object().field("site", site.site).field("objects", site.objects).end_object();
    w.end_array().key("counts").begin_array();
    for (const auto c : s.counts) w.value(c);
    w.end_array().key("sizes").begin_array();
    for (const auto c : s.sizes) w.value(c);
    w.end_array();
    w.field("grows_every_step", s.grows_every_step);
    w.key("survivors")
        .begin_object()
        .field("count", s.survivor_count)
        .field("size", s.survivor_size)
        .end_object();
    w.field("retained_growth", s.retained_growth);
    w.key("related").begin_array();
    for (const auto& r : s.related) w.value(r);
    w.end_array().key("paths").begin_array();
    for (const auto& p : s.paths)
      w.begin_object()
          .field("signature", p.signature)
          .field("via", p.via)
          .field("example", p.example)
          .field("full", p.full)
          .field("objects", p.objects)
          .end_object();
    w.end_array().field("paths_sampled", s.paths_sampled);
    // The pattern naming the suspect and the other patterns of its objects, by key (the
    // "patterns" array has their series); "class" is false for a suspect found by its pattern
    // alone (no class figures; its paths are those of the pattern's examples).
    w.field("class", s.group != analysis::kNoGroup);
    if (s.pattern >= 0)
      w.field("pattern", d.patterns[static_cast<size_t>(s.pattern)].key);
    else
      w.key("pattern").null();
    w.key("related_patterns").begin_array();
    for (const uint32_t r : s.related_patterns) w.value(d.patterns[r].key);
    w.end_array().end_object();
  }
  w.end_array();
  w.field("has_patterns", d.has_patterns);
  w.key("patterns").begin_array();
  for (const auto& p : d.patterns) write_pattern_json(w, p);
  w.end_array();

  for (const bool by_class : {true, false}) {
    const auto& groups = by_class ? d.classes : d.sites;
    size_t cut = 0, unchanged = 0;
    const auto rows = rows_to_show(groups, options.limit, cut, unchanged);
    w.key(by_class ? "groups" : "sites").begin_array();
    for (const uint32_t r : rows) write_group_json(w, groups[r], by_class);
    w.end_array();
    w.field(by_class ? "groups_omitted" : "sites_omitted", static_cast<uint64_t>(cut + unchanged));
  }
  w.end_object();
  return w.str();
}

}  // namespace heapsnap::report

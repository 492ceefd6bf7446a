#include "heapsnap/report/dominators_report.h"
#include <algorithm>
#include <cmath>
#include "heapsnap/util/byte_units.h"
#include "heapsnap/snapshot/analyzed_snapshot.h"

#include <fmt/format.h>

#include "heapsnap/report/json_writer.h"
#include "heapsnap/report/text_table.h"
#include "heapsnap/util/byte_units.h"

namespace heapsnap::report {

namespace {

constexpr uint32_t kDrawnLevels = 12;

}  // namespace

std::string render_dominators_text(const DominatorsReport& r) {
  using Align = TextTable::Align;
  std::string out;
  if (!r.lines.empty()) {
    const auto& start = r.lines.front();
    std::string fold = "nothing folded";
    if (r.min_size > 0) {
      fold = "children under " + format_bytes(r.min_size);
      if (!r.min_size_rule.empty()) fold += " (" + r.min_size_rule + ")";
      fold += " folded";
    }
    out = fmt::format("{}: dominator tree below {} @{}, {} level{}; {}; heap {}\n\n", r.file,
                      one_line(start.name), start.id, r.depth, r.depth == 1 ? "" : "s", fold,
                      format_bytes(r.total_size));
  }
  TextTable table({{"object", Align::kLeft, 72}, {"retained size"}, {"self size"}, {"% of heap"},
                   {"dominates"}});
  // last_at[d]: the latest line at depth d was its parent's last, so nothing more hangs from
  // the vertical line at that depth.
  std::vector<bool> last_at;
  for (const auto& line : r.lines) {
    // Deep lines (a chain of thousands of objects) would be all tree and no name within the
    // column: below kDrawnLevels only the nearest levels are drawn, after the depth.
    std::string tree;
    uint32_t from = 1;
    if (line.depth > kDrawnLevels) {
      from = line.depth - kDrawnLevels / 2;
      tree = fmt::format("(depth {}) ", line.depth);
    }
    for (uint32_t d = from; d < line.depth; ++d) tree += last_at[d] ? "   " : "\u2502  ";
    if (line.depth > 0) tree += line.last ? "\u2514\u2500 " : "\u251c\u2500 ";
    if (last_at.size() <= line.depth) last_at.resize(line.depth + 1);
    last_at[line.depth] = line.last;
    if (line.folded) {
      // Name the constructor only when it holds most of what is folded.
      const bool mostly = line.top_class_count > 0 && 2 * line.top_class_retained >= line.retained_size;
      const std::string folded =
          mostly ? fmt::format("[{} smaller, mostly {} \u00d7{}]", line.count, one_line(line.top_class),
                               line.top_class_count)
                 : fmt::format("[{} smaller]", line.count);
      table.add_row({tree + folded, format_bytes(line.retained_size),
                     format_bytes(line.self_size), format_percent(line.retained_size, r.total_size), ""});
    } else {
      table.add_row({tree + fmt::format("{} @{}", one_line(line.name), line.id),
                     format_bytes(line.retained_size), format_bytes(line.self_size),
                     format_percent(line.retained_size, r.total_size), std::to_string(line.count)});
    }
  }
  return out + table.render();
}

std::string render_dominators_json(const DominatorsReport& r) {
  JsonWriter w;
  w.begin_object()
      .field("schema_version", kDominatorsSchemaVersion)
      .field("file", r.file)
      .field("total_size", r.total_size)
      .field("node_count", r.node_count)
      .field("depth", r.depth)
      .field("min_size", r.min_size);
  // Flat, in preorder, each object naming its parent: a chain thousands of objects deep stays
  // linear in size and within any JSON parser's nesting limit. A folded line belongs to the
  // latest object one level up; it comes after that object's subtree, so look it up first.
  std::vector<size_t> parent(r.lines.size(), SIZE_MAX);  // line index of the parent object
  std::vector<size_t> smaller(r.lines.size(), SIZE_MAX);  // object line -> its folded line
  std::vector<size_t> object_at;                          // depth -> latest object line
  for (size_t i = 0; i < r.lines.size(); ++i) {
    const auto& line = r.lines[i];
    if (line.depth > 0 && line.depth <= object_at.size()) parent[i] = object_at[line.depth - 1];
    if (line.folded) {
      if (parent[i] != SIZE_MAX) smaller[parent[i]] = i;
      continue;
    }
    object_at.resize(line.depth + 1);
    object_at[line.depth] = i;
  }
  w.key("objects").begin_array();
  for (size_t i = 0; i < r.lines.size(); ++i) {
    const auto& line = r.lines[i];
    if (line.folded) continue;
    w.begin_object().field("id", line.id);
    w.key("parent_id");
    if (parent[i] == SIZE_MAX) w.null();
    else w.value(r.lines[parent[i]].id);
    w.field("depth", line.depth)
        .field("name", line.name)
        .field("type", line.type)
        .field("self_size", line.self_size)
        .field("retained_size", line.retained_size)
        .field("dominated_count", line.count)
        .field("expanded", line.expanded);
    const DominatorLine* s = smaller[i] == SIZE_MAX ? nullptr : &r.lines[smaller[i]];
    w.key("smaller").begin_object()
        .field("count", s ? s->count : 0u)
        .field("self_size", s ? s->self_size : uint64_t{0})
        .field("retained_size", s ? s->retained_size : uint64_t{0});
    w.key("top_class");
    if (s && s->top_class_count > 0) {
      w.begin_object()
          .field("name", s->top_class)
          .field("count", s->top_class_count)
          .field("retained_size", s->top_class_retained)
          .end_object();
    } else {
      w.null();
    }
    w.end_object().end_object();
  }
  w.end_array().end_object();
  return w.str();
}

std::string DominatorsReport::text() const { return render_dominators_text(*this); }
std::string DominatorsReport::json() const { return render_dominators_json(*this); }

DominatorsReport build_treemap(snapshot::AnalyzedSnapshot& snapshot) {
  const auto build = [&] { return build_dominators_report(snapshot, snapshot.graph().root(), treemap_options()); };
  PhaseTimer* timer = snapshot.timer();
  return timer ? timer->time("treemap", build) : build();
}

DominatorsReport build_dominators_report(snapshot::AnalyzedSnapshot& snapshot,
                                         graph::NodeOrdinal start, const DominatorsOptions& o) {
  const MinSize& min = o.min_size;
  const auto& g = snapshot.graph();
  const auto retained = snapshot.retained_sizes();
  const auto shallow = snapshot.shallow_sizes();
  const auto& classes = snapshot.classes();
  DominatorsReport r;
  r.file = snapshot.label();
  r.total_size = snapshot.total_size();
  r.node_count = g.node_count();
  r.depth = o.depth;
  if (min.percent) {
    r.min_size = static_cast<uint64_t>(std::ceil(min.value / 100.0 * static_cast<double>(retained[start])));
    r.min_size_rule = fmt::format("{}% of {}", min.value, format_bytes(retained[start]));
  } else {
    r.min_size = static_cast<uint64_t>(min.value);
  }

  // Only shown nodes are expanded, and every one but the start retains at least min_size.
  const analysis::LargeNodeChildren children(snapshot.dominators().idom, g.root(), retained, r.min_size, start);
  // Explicit-stack preorder walk: a dominator tree can be as deep as the heap is large.
  struct Item {
    graph::NodeOrdinal node;
    uint32_t depth;
    bool last;
    bool folded;
    uint32_t fold_count;
    uint64_t fold_self, fold_retained;
    uint32_t top_class = 0;  // class index
    uint32_t top_class_count = 0;
    uint64_t top_class_retained = 0;
  };
  std::vector<Item> stack{{start, 0, true, false, 0, 0, 0, 0, 0, 0}};
  std::vector<graph::NodeOrdinal> shown;
  // Folded children per class: count and retained bytes, and the classes touched.
  std::vector<std::pair<uint32_t, uint64_t>> tally(classes.classes.size(), {0, 0});
  std::vector<uint32_t> touched;
  while (!stack.empty()) {
    const Item item = stack.back();
    stack.pop_back();
    DominatorLine line;
    line.depth = item.depth;
    line.last = item.last;
    if (item.folded) {
      line.folded = true;
      line.count = item.fold_count;
      line.self_size = item.fold_self;
      line.retained_size = item.fold_retained;
      if (item.top_class_count > 0) {
        line.top_class = classes.classes[item.top_class].name;
        line.top_class_count = item.top_class_count;
        line.top_class_retained = item.top_class_retained;
      }
      r.lines.push_back(std::move(line));
      continue;
    }
    const graph::NodeOrdinal n = item.node;
    line.id = g.node_id(n);
    line.name = snapshot.display_name(n);
    line.type = g.node_type_name(n);
    line.self_size = shallow[n];
    line.retained_size = retained[n];
    line.count = children.count(n);
    line.expanded = item.depth < o.depth && line.count > 0;
    r.lines.push_back(std::move(line));
    if (item.depth >= o.depth) continue;

    shown.clear();
    Item folded{0, item.depth + 1, true, true, 0, 0, 0, 0, 0, 0};
    touched.clear();
    for (const graph::NodeOrdinal c : children.of(n)) {
      if (retained[c] >= r.min_size) {
        shown.push_back(c);
        continue;
      }
      ++folded.fold_count;
      folded.fold_self += shallow[c];
      folded.fold_retained += retained[c];
      const uint32_t cls = classes.node_class[c];  // never kNoClass
      auto& [count, bytes] = tally[cls];
      if (count == 0) touched.push_back(cls);
      ++count;
      bytes += retained[c];
    }
    // Which constructor most of the folded size belongs to (ties: the smaller class index).
    uint32_t best = 0;
    for (const uint32_t cls : touched) {
      auto& [count, bytes] = tally[cls];
      if (folded.top_class_count == 0 || bytes > folded.top_class_retained ||
          (bytes == folded.top_class_retained && cls < best)) {
        best = cls;
        folded.top_class_count = count;
        folded.top_class_retained = bytes;
      }
      count = 0;
      bytes = 0;
    }
    folded.top_class = best;
    std::sort(shown.begin(), shown.end(), [&](graph::NodeOrdinal x, graph::NodeOrdinal y) {
      return retained[x] != retained[y] ? retained[x] > retained[y] : g.node_id(x) < g.node_id(y);
    });
    // Pushed in reverse so that they pop biggest first, with the folded line after them all.
    if (folded.fold_count > 0) stack.push_back(folded);
    for (size_t i = shown.size(); i-- > 0;)
      stack.push_back({shown[i], item.depth + 1, i + 1 == shown.size() && folded.fold_count == 0,
                       false, 0, 0, 0, 0, 0, 0});
  }
  return r;
}

}  // namespace heapsnap::report

#include "heapsnap/report/suspects_report.h"
#include "heapsnap/analysis/detectors/finding.h"
#include "heapsnap/analysis/leak_suspects.h"
#include "heapsnap/analysis/readable_path.h"
#include "heapsnap/snapshot/analyzed_snapshot.h"

#include <fmt/format.h>

#include "heapsnap/report/json_writer.h"
#include "heapsnap/report/text_table.h"
#include "heapsnap/util/byte_units.h"

namespace heapsnap::report {
namespace {

// Names of plain objects list their properties and can run long: cut them for the text.
std::string short_name(const std::string& name) { return short_line(name, 60); }

std::string node_text(const SuspectNode& n) { return fmt::format("{} @{}", short_name(n.name), n.id); }

std::string groups_text(const std::vector<SuspectGroup>& groups) {
  std::string out;
  for (const auto& g : groups) {
    if (!out.empty()) out += ", ";
    out += fmt::format("{} ×{} ({})", short_name(g.class_name), g.count, format_bytes(g.retained_size));
  }
  return out;
}

void write_node(JsonWriter& w, const SuspectNode& n) {
  w.begin_object().field("id", n.id).field("name", n.name).field("type", n.type)
      .field("self_size", n.self_size).field("retained_size", n.retained_size).end_object();
}

void write_group(JsonWriter& w, const SuspectGroup& g) {
  w.begin_object().field("class", g.class_name).field("count", g.count)
      .field("retained_size", g.retained_size).field("example_id", g.example_id).end_object();
}

}  // namespace

namespace {

std::string suspects_text(const SuspectsReport& r);

std::string patterns_text(const SuspectsReport& r) {
  if (r.patterns.empty()) return "";
  std::string out = fmt::format("\nLeak patterns ({})\n", r.patterns.size());
  for (const auto& p : r.patterns) {
    out += fmt::format(" - {}: {}", p.kind, p.title);
    std::vector<std::string> sizes;
    if (p.retained_size) sizes.push_back("retains " + format_bytes(p.retained_size));
    if (p.external_size) sizes.push_back(format_bytes(p.external_size) + " off-heap");
    if (p.wasted_size) sizes.push_back(format_bytes(p.wasted_size) + " wasted");
    if (!sizes.empty()) out += fmt::format(" ({})", fmt::join(sizes, ", "));
    out += "\n";
    if (p.holder_id != graph::NodeId{})
      out += fmt::format("     held by {} @{}\n", p.holder_name, p.holder_id);
    if (!p.location.empty()) out += fmt::format("     at {}\n", p.location);
  }
  return out;
}

}  // namespace

std::string render_suspects_text(const SuspectsReport& r) { return suspects_text(r) + patterns_text(r); }

namespace {

std::string suspects_text(const SuspectsReport& r) {
  std::string out = fmt::format(
      "{}: {} leak suspect{}; heap {} in {} objects; a suspect retains at least {} ({:g}% of the heap, "
      "at least {})\n",
      r.file, r.suspects.empty() ? std::string("no") : std::to_string(r.suspects.size()),
      r.suspects.size() == 1 ? "" : "s", format_bytes(r.total_size), r.node_count, format_bytes(r.threshold),
      r.min_share * 100, format_bytes(r.min_bytes));
  if (r.suspects.empty()) {
    out += fmt::format("\nno object or class retains {} or more of the {} heap", format_bytes(r.threshold),
                       format_bytes(r.total_size));
    std::vector<std::string> biggest;
    if (r.has_biggest_object)
      biggest.push_back(fmt::format("{} {} ({})", node_text(r.biggest_object),
                                    format_bytes(r.biggest_object.retained_size),
                                    format_percent(r.biggest_object.retained_size, r.total_size)));
    if (r.has_biggest_class)
      biggest.push_back(fmt::format("{} ×{} together {} ({})", short_name(r.biggest_class.class_name),
                                    r.biggest_class.count, format_bytes(r.biggest_class.retained_size),
                                    format_percent(r.biggest_class.retained_size, r.total_size)));
    if (!biggest.empty()) out += "; biggest below that: " + fmt::format("{}", fmt::join(biggest, "; class "));
    out += "\n";
    if (r.has_spread)
      out += fmt::format("{} retains {} ({}), but spreads it over {} objects of unlike classes below {} "
                         "(the biggest class, {} ×{}, holds {}): no accumulation point\n",
                         node_text(r.spread_object), format_bytes(r.spread_object.retained_size),
                         format_percent(r.spread_object.retained_size, r.total_size), r.spread_children,
                         node_text(r.spread_accumulation), short_name(r.spread_group.class_name),
                         r.spread_group.count, format_bytes(r.spread_group.retained_size));
    return out;
  }
  for (size_t i = 0; i < r.suspects.size(); ++i) {
    const SuspectRow& s = r.suspects[i];
    out += "\n";
    const std::string share = format_percent(s.retained_size, r.total_size);
    if (s.kind == "class") {
      out += fmt::format("{}. {} instances of {} retain {} ({} of the heap) together; biggest {} retains {}\n",
                         i + 1, s.instances, short_name(s.class_name), format_bytes(s.retained_size), share,
                         node_text(s.object), format_bytes(s.object.retained_size));
    } else {
      out += fmt::format("{}. {} ({}) retains {} ({} of the heap)\n", i + 1, node_text(s.object), s.class_name == s.object.name ? s.object.type : short_name(s.class_name),
                         format_bytes(s.retained_size), share);
    }
    if (s.has_accumulation) {
      if (s.chain_length > 0) {
        out += fmt::format("   accumulation point: {}, head of a chain of {} {} linked by '{}', retaining {}\n",
                           node_text(s.accumulation), s.chain_length, short_name(s.class_name.empty() ? s.accumulation.name : s.accumulated.front().class_name),
                           s.chain_edge, format_bytes(s.accumulation.retained_size));
      } else {
        std::string where = node_text(s.accumulation);
        if (s.collection.id != s.accumulation.id)
          where = fmt::format("{} (its backing store {})", node_text(s.collection), node_text(s.accumulation));
        out += fmt::format("   accumulation point: {}, retaining {} ({}) in {} object{}\n", where,
                           format_bytes(s.accumulation.retained_size),
                           format_percent(s.accumulation.retained_size, r.total_size), s.child_count,
                           s.child_count == 1 ? "" : "s");
      }
      if (s.walk.size() > 1) {
        std::vector<std::string> steps;
        for (const auto& n : s.walk) steps.push_back(node_text(n));
        out += fmt::format("   dominator path: {}\n", fmt::join(steps, " → "));
      }
    }
    if (!s.accumulated.empty()) out += fmt::format("   accumulates: {}\n", groups_text(s.accumulated));
    if (s.has_holder) {
      if (!s.holder_property.empty())
        out += fmt::format("   held by: '{}' of {}\n", s.holder_property, node_text(s.holder_object));
      out += fmt::format("   retainer path: {}\n", s.readable_path);
      if (!s.readable_via.empty()) out += fmt::format("             via  {}\n", s.readable_via);
    }
    if (!s.site.empty()) out += fmt::format("   allocated: {}\n", s.site);
  }
  return out;
}

}  // namespace

std::string render_suspects_json(const SuspectsReport& r) {
  JsonWriter w;
  w.begin_object()
      .field("kind", "heapsnap-suspects")
      .field("schema_version", kSuspectsSchemaVersion)
      .field("file", r.file)
      .field("total_size", r.total_size)
      .field("node_count", r.node_count);
  w.key("threshold").begin_object().field("min_share", r.min_share).field("min_bytes", r.min_bytes)
      .field("bytes", r.threshold).end_object();
  w.key("suspects").begin_array();
  for (const SuspectRow& s : r.suspects) {
    w.begin_object().field("kind", s.kind).field("class", s.class_name).field("instances", s.instances)
        .field("retained_size", s.retained_size);
    w.key("object");
    write_node(w, s.object);
    w.key("dominator_path").begin_array();
    for (const auto& n : s.walk) w.value(n.id);
    w.end_array();
    w.key("accumulation");
    if (s.has_accumulation) {
      w.begin_object().key("node");
      write_node(w, s.accumulation);
      w.key("collection");
      write_node(w, s.collection);
      w.field("children", s.child_count);
      w.key("chain");
      if (s.chain_length > 0)
        w.begin_object().field("length", s.chain_length).field("edge", s.chain_edge).end_object();
      else
        w.null();
      w.end_object();
    } else {
      w.null();
    }
    w.key("accumulated").begin_array();
    for (const auto& g : s.accumulated) write_group(w, g);
    w.end_array();
    w.key("holder");
    if (s.has_holder) {
      w.begin_object()
          .field("path", s.holder_path)
          .field("readable", s.readable_path)
          .field("via", s.readable_via);
      if (!s.holder_property.empty()) {
        w.field("property", s.holder_property).key("object");
        write_node(w, s.holder_object);
      }
      w.end_object();
    } else {
      w.null();
    }
    w.key("site");
    if (s.site.empty()) w.null(); else w.value(s.site);
    w.end_object();
  }
  w.end_array();
  w.key("biggest").begin_object().key("object");
  if (r.has_biggest_object) write_node(w, r.biggest_object); else w.null();
  w.key("class");
  if (r.has_biggest_class) write_group(w, r.biggest_class); else w.null();
  w.key("spread");
  if (r.has_spread) {
    w.begin_object().key("object");
    write_node(w, r.spread_object);
    w.key("accumulation");
    write_node(w, r.spread_accumulation);
    w.field("children", r.spread_children).key("biggest_class");
    write_group(w, r.spread_group);
    w.end_object();
  } else {
    w.null();
  }
  w.end_object();
  w.key("patterns").begin_array();
  for (const auto& p : r.patterns) {
    w.begin_object()
        .field("kind", p.kind)
        .field("key", p.key)
        .field("title", p.title)
        .field("count", p.count)
        .field("retained_size", p.retained_size)
        .field("external_size", p.external_size)
        .field("wasted_size", p.wasted_size)
        .field("holder_id", p.holder_id)
        .field("holder_name", p.holder_name)
        .field("location", p.location)
        .key("examples")
        .begin_array();
    for (const graph::NodeId id : p.examples) w.value(id);
    w.end_array().end_object();
  }
  w.end_array();
  w.end_object();
  return w.str();
}

std::string SuspectsReport::text() const { return render_suspects_text(*this); }
std::string SuspectsReport::json() const { return render_suspects_json(*this); }

SuspectsReport build_suspects_report(snapshot::AnalyzedSnapshot& snapshot, const SuspectsOptions& o) {
  snapshot::Plan plan;
  plan.classes = true;
  plan.distances = true;
  plan.findings = o.patterns;  // the detectors run beside the class aggregates
  snapshot.plan(plan);
  const auto& g = snapshot.graph();
  const auto shallow = snapshot.shallow_sizes();
  const auto retained = snapshot.retained_sizes();
  const auto& classes = snapshot.classes();
  const analysis::HeapSuspectInputs inputs{g, shallow, retained, snapshot.dominators().idom,
                                           snapshot.dominator_children(), classes, snapshot.total_size()};
  analysis::HeapSuspectOptions options;
  options.min_share = o.min_share;
  options.min_bytes = o.min_bytes;
  options.dominant_child_share = o.dominant_child_share;
  options.max_suspects = o.limit;
  const auto find = [&] { return analysis::find_leak_suspects(inputs, options); };
  PhaseTimer* timer = snapshot.timer();
  const analysis::HeapSuspects found = timer ? timer->time("leak suspects", find) : find();

  const auto node = [&](graph::NodeOrdinal n) {
    return SuspectNode{g.node_id(n), snapshot.display_name(n), std::string(g.node_type_name(n)), shallow[n],
                       retained[n]};
  };
  const auto class_name = [&](uint32_t c) {
    return c == analysis::ClassAggregates::kNoClass ? std::string() : classes.classes[c].name;
  };
  const auto group = [&](const analysis::AccumulatedGroup& a) {
    return SuspectGroup{class_name(a.class_index), a.count, a.retained, g.node_id(a.biggest)};
  };

  SuspectsReport r;
  r.file = snapshot.label();
  r.total_size = found.total_size;
  r.node_count = g.node_count();
  r.min_share = o.min_share;
  r.min_bytes = o.min_bytes;
  r.threshold = found.threshold;
  // Sites only of the few examples shown, not of every node (allocation_site_label).
  const analysis::AllocationSiteOptions site_options{.stack_depth = 1};
  const auto& paths = snapshot.nearest_retainers();
  const auto dom_state = snapshot.detachedness();
  for (const analysis::HeapSuspect& s : found.suspects) {
    SuspectRow row;
    row.kind = s.kind == analysis::SuspectKind::kClass ? "class" : "object";
    row.object = node(s.object);
    row.class_name = class_name(s.class_index);
    row.instances = s.instances;
    row.retained_size = s.retained;
    if (s.kind == analysis::SuspectKind::kObject)
      for (const auto n : s.walk) row.walk.push_back(node(n));
    if (s.accumulation != graph::kNoNode) {
      row.has_accumulation = true;
      row.accumulation = node(s.accumulation);
      row.collection = node(s.collection);
      row.child_count = s.child_count;
      row.chain_length = s.chain_length;
      row.chain_edge = s.chain_edge;
    }
    for (const auto& a : s.accumulated) row.accumulated.push_back(group(a));
    // Who holds it: the collection (or, for a class, its biggest instance).
    const graph::NodeOrdinal held = s.collection != graph::kNoNode ? s.collection : s.object;
    const analysis::SuspectHolder holder = analysis::find_holder(g, paths, held);
    analysis::ReadablePathOptions readable_options;
    readable_options.browser = analysis::is_browser_snapshot(g);
    if (!holder.path.edges.empty()) {
      row.has_holder = true;
      row.holder_path = analysis::format_path(g, dom_state, held, holder.path, {});
      const auto readable = analysis::make_readable_path(g, dom_state, held, holder.path, readable_options);
      row.readable_path = readable.text();
      row.readable_via = readable.via();
      if (holder.named_edge != UINT64_MAX) {
        row.holder_property = g.edge_label(holder.named_edge);
        row.holder_object = node(holder.named_edge_source);
      }
    }
    // Where what accumulates comes from: the first group (biggest first) whose example has a site.
    for (const auto& a : s.accumulated) {
      row.site = analysis::allocation_site_label(g, snapshot.script_names(), a.biggest, site_options);
      if (!row.site.empty()) break;
    }
    r.suspects.push_back(std::move(row));
  }
  if (found.biggest_object != graph::kNoNode) {
    r.has_biggest_object = true;
    r.biggest_object = node(found.biggest_object);
  }
  if (found.biggest_class != analysis::ClassAggregates::kNoClass) {
    r.has_biggest_class = true;
    r.biggest_class = SuspectGroup{class_name(found.biggest_class), found.biggest_class_instances,
                                   found.biggest_class_retained, graph::NodeId{}};
  }
  if (found.spread.object != graph::kNoNode && !found.spread.accumulated.empty()) {
    r.has_spread = true;
    r.spread_object = node(found.spread.object);
    r.spread_accumulation = node(found.spread.accumulation);
    r.spread_children = found.spread.child_count;
    r.spread_group = group(found.spread.accumulated.front());
  }
  if (o.patterns) {
    for (const auto& f : snapshot.findings()) {
      PatternRow p;
      p.kind = std::string(analysis::detectors::finding_kind_id(f.kind));
      p.key = f.key;
      p.title = f.title;
      p.count = f.count;
      p.retained_size = f.retained_bytes;
      p.external_size = f.external_bytes;
      p.wasted_size = f.wasted_bytes;
      p.holder_id = f.holder == graph::kNoNode ? graph::NodeId{} : f.holder_id;
      p.holder_name = f.holder_name;
      if (f.location.known()) {
        const std::string function = f.location.function.empty() ? "(anonymous)" : f.location.function;
        p.location = f.location.line > 0 ? fmt::format("{} ({}:{}:{})", function, f.location.script,
                                                       f.location.line, f.location.column)
                                         : fmt::format("{} ({})", function, f.location.script);
      }
      p.examples.assign(f.examples.begin(), f.examples.end());
      r.patterns.push_back(std::move(p));
    }
  }
  return r;
}

}  // namespace heapsnap::report

// The `inspect` model (report/inspect_report.h) on real Node 20 snapshots: its edges are the
// graph's out-edges in snapshot order, its retainers the graph's in-edges (found here by a scan of
// every edge) ordered by their source's distance, its dominator really dominates it, and its
// class, location and allocation stack are those the snapshot records.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "heapsnap/report/inspect_report.h"
#include "heapsnap/report/summary_report.h"
#include "heapsnap/snapshot/analyzed_snapshot.h"
#include "unit/support/catch_ids.h"
#include "unit/support/reachability.h"
#include "unit/support/testdata.h"

using namespace heapsnap;

namespace {

std::string label(const graph::HeapGraph& g, graph::EdgeIndex e) {
  const std::string_view type = g.edge_type_name(e);
  if (type == "element" || type == "hidden") return fmt::format("[{}]", g.edge_name_or_index(e));
  const std::string_view name = g.strings().get(g.edge_name_index(e));
  return name.size() > 60 ? std::string(name.substr(0, 57)) + "..." : std::string(name);
}

void check_inspect(snapshot::AnalyzedSnapshot& s, graph::NodeOrdinal n, uint32_t limit) {
  const auto& g = s.graph();
  const auto distance = s.distances();
  const auto retained = s.retained_sizes();
  const auto r = report::build_inspect_report(s, n, limit);
  INFO("inspect @" << graph::value(g.node_id(n)) << " " << r.name);
  CHECK(r.id == g.node_id(n));
  CHECK(r.type == g.node_type_name(n));
  CHECK(r.self_size == s.shallow_sizes()[n]);
  CHECK(r.raw_self_size == g.self_size(n));
  CHECK(r.retained_size == retained[n]);
  CHECK(r.distance == distance[n]);
  CHECK(r.total_size == s.total_size());

  // Edges: the graph's out-edges, first `limit` in snapshot order.
  CHECK(r.edge_total == g.edge_end(n) - g.first_edge(n));
  REQUIRE(r.edges.size() == std::min<uint64_t>(limit, r.edge_total));
  for (size_t i = 0; i < r.edges.size(); ++i) {
    const graph::EdgeIndex e = g.first_edge(n) + i;
    const graph::NodeOrdinal t = g.edge_target(e);
    const auto& ref = r.edges[i];
    CHECK(ref.id == g.node_id(t));
    CHECK(ref.edge_type == g.edge_type_name(e));
    CHECK(ref.edge_name == label(g, e));
    CHECK(ref.type == g.node_type_name(t));
    CHECK(ref.name == s.display_name(t));
    CHECK(ref.retained_size == retained[t]);
    CHECK(ref.distance == distance[t]);
  }

  // Retainers: every edge of the graph that points at n, by a scan of all edges.
  std::multiset<std::tuple<graph::NodeId, std::string, std::string>> in_edges;  // source id, type, name
  for (graph::NodeOrdinal from = 0; from < g.node_count(); ++from)
    for (graph::EdgeIndex e = g.first_edge(from); e < g.edge_end(from); ++e)
      if (g.edge_target(e) == n)
        in_edges.insert({g.node_id(from), std::string(g.edge_type_name(e)), label(g, e)});
  CHECK(r.retainer_total == in_edges.size());
  REQUIRE(r.retainers.size() == std::min<uint64_t>(limit, in_edges.size()));
  int64_t previous = INT64_MIN;
  for (const auto& ref : r.retainers) {
    INFO("retainer @" << ref.id << " " << ref.edge_type << " " << ref.edge_name);
    const auto found = in_edges.find({ref.id, ref.edge_type, ref.edge_name});
    REQUIRE(found != in_edges.end());
    in_edges.erase(found);  // each edge once
    const graph::NodeOrdinal from = s.resolve_id(std::to_string(graph::value(ref.id)));
    CHECK(ref.distance == distance[from]);
    CHECK(ref.retained_size == retained[from]);
    // Closest to a GC root first, sources without a distance last.
    const int64_t rank = ref.distance < 0 ? INT64_MAX : ref.distance;
    CHECK(rank >= previous);
    previous = rank;
  }

  // The dominator: every path of counting edges from the root passes through it.
  if (n == g.root()) {
    CHECK(!r.has_dominator);
  } else {
    REQUIRE(r.has_dominator);
    const graph::NodeOrdinal d = s.resolve_id(std::to_string(graph::value(r.dominator_id)));
    CHECK(r.dominator_name == s.display_name(d));
    CHECK(test::Reachability(g).dominates(d, n));
    // and it retains at least what n retains, plus its own size
    CHECK(retained[d] >= retained[n] + s.shallow_sizes()[d]);
  }

  // The source location the snapshot records for n, 1-based.
  const auto location = std::find_if(g.locations().begin(), g.locations().end(),
                                     [&](const graph::SourceLocation& l) { return l.node == n; });
  CHECK(r.has_location == (location != g.locations().end()));
  if (r.has_location) {
    CHECK(r.script_id == location->script_id);
    CHECK(r.line == location->line + 1);
    CHECK(r.column == location->column + 1);
  }
  CHECK(r.trace_node_id == g.trace_node_id(n));
}

}  // namespace

TEST_CASE("inspect: edges, retainers and dominator from the graph", "[inspect][report]") {
  auto s = snapshot::AnalyzedSnapshot::open(test::testdata("scenarios/map-cache/3.heapsnapshot.gz"));
  const auto& g = s.graph();
  // The root, the biggest objects, the object with the most retainers (limited), a leaked
  // RequestContext.
  std::vector<graph::NodeOrdinal> targets{g.root()};
  const auto root_children = s.dominator_children().of(g.root());
  for (size_t i = 0; i < root_children.size() && i < 3; ++i) targets.push_back(root_children[i]);
  graph::NodeOrdinal popular = 1;
  for (graph::NodeOrdinal n = 1; n < g.node_count(); ++n)
    if (s.retainers().count(n) > s.retainers().count(popular)) popular = n;
  targets.push_back(popular);
  const auto& classes = s.classes();
  for (graph::NodeOrdinal n = 0; n < g.node_count(); ++n) {
    if (classes.classes[classes.node_class[n]].name == "RequestContext") {
      targets.push_back(n);
      break;
    }
  }
  for (const auto n : targets) check_inspect(s, n, 20);
  CHECK(report::build_inspect_report(s, popular, 20).retainer_total > 20);

  // The class is the Summary view's row of that key.
  const auto summary = report::build_summary_report(s, 0);
  std::map<std::string, std::string> names;
  for (const auto& row : summary.rows) names[row.key] = row.name;
  const auto r = report::build_inspect_report(s, targets.back(), 5);
  CHECK(r.class_name == "RequestContext");
  REQUIRE(names.count(r.class_key) == 1);
  CHECK(names[r.class_key] == r.class_name);
  CHECK(r.has_location);
}

TEST_CASE("inspect: the allocation stack of a tracked object", "[inspect][report]") {
  auto s = snapshot::AnalyzedSnapshot::open(test::testdata("scenarios/map-cache-tracked/3.heapsnapshot.gz"));
  const auto& g = s.graph();
  const auto& classes = s.classes();
  size_t checked = 0;
  for (graph::NodeOrdinal n = 0; n < g.node_count() && checked < 3; ++n) {
    if (classes.classes[classes.node_class[n]].name != "RequestContext" || g.trace_node_id(n) == 0) continue;
    check_inspect(s, n, 10);
    const auto r = report::build_inspect_report(s, n, 10);
    REQUIRE(!r.allocation_stack.empty());
    CHECK(r.allocation_stack.size() <= 10);
    // Allocated by the scenario's request handler (tools/scenarios/map-cache.js).
    const bool in_scenario = std::any_of(r.allocation_stack.begin(), r.allocation_stack.end(), [](const auto& f) {
      return f.function == "handleRequest" && f.script.find("map-cache.js") != std::string::npos && f.line > 0;
    });
    CHECK(in_scenario);
    ++checked;
  }
  CHECK(checked == 3);
}

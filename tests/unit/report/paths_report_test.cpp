// The `paths` model (report/paths_report.h) on a real Node 20 snapshot: every path is a chain of
// real edges of the graph from a root holder to the requested object, shortest first, one per
// direct retainer; the readable hops cover the raw steps in order.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <set>
#include <string>

#include "heapsnap/analysis/distances.h"
#include "heapsnap/report/paths_report.h"
#include "heapsnap/snapshot/analyzed_snapshot.h"
#include "unit/support/catch_ids.h"
#include "unit/support/testdata.h"

using namespace heapsnap;

namespace {

// Is there an edge from -> to of this type, shown with this name?
bool has_edge(const graph::HeapGraph& g, graph::NodeOrdinal from, graph::NodeOrdinal to,
              const std::string& type, const std::string& name) {
  for (graph::EdgeIndex e = g.first_edge(from); e < g.edge_end(from); ++e) {
    if (g.edge_target(e) != to || g.edge_type_name(e) != type) continue;
    const bool indexed = type == "element" || type == "hidden";
    std::string expected;
    if (indexed) {
      expected = "[";  // (appended: GCC 12 warns -Wrestrict on "[" + std::string)
      expected += std::to_string(g.edge_name_or_index(e));
      expected += ']';
    } else {
      expected = g.strings().get(g.edge_name_index(e));
    }
    // Long internal names are shortened to 57 characters and "...".
    if (name == expected || (name.size() == 60 && expected.compare(0, 57, name, 0, 57) == 0)) return true;
  }
  return false;
}

void check_paths(snapshot::AnalyzedSnapshot& s, graph::NodeOrdinal target, uint32_t count) {
  const auto& g = s.graph();
  const auto distance = s.distances();
  const auto r = report::build_paths_report(s, target, count);
  INFO("target @" << graph::value(g.node_id(target)) << " " << r.name);
  CHECK(r.id == g.node_id(target));
  CHECK(r.type == g.node_type_name(target));
  CHECK(r.self_size == s.shallow_sizes()[target]);
  CHECK(r.retained_size == s.retained_sizes()[target]);
  CHECK(r.distance == distance[target]);
  CHECK(r.paths.size() <= count);
  CHECK(r.paths.size() <= s.retainers().count(target));

  std::set<graph::NodeId> last_retainers;
  size_t previous_length = 0;
  for (const auto& path : r.paths) {
    INFO("path " << path.text);
    REQUIRE(!path.steps.empty());
    CHECK(path.steps.back().to_id == r.id);  // ends at the requested object
    CHECK(last_retainers.insert(path.steps.back().from_id).second);  // one per direct retainer
    CHECK(path.steps.size() >= previous_length);                     // shortest first
    previous_length = path.steps.size();
    // Starts at a user root (distance 1) or a GC root category.
    const graph::NodeOrdinal start = s.resolve_id(std::to_string(graph::value(path.steps.front().from_id)));
    CHECK((distance[start] <= 1 || distance[start] == analysis::kBaseSystemDistance + 1));
    for (size_t i = 0; i < path.steps.size(); ++i) {
      const auto& step = path.steps[i];
      INFO("step " << i << ": @" << step.from_id << " -" << step.edge_name << "-> @" << step.to_id);
      if (i > 0) CHECK(step.from_id == path.steps[i - 1].to_id);  // a chain
      const graph::NodeOrdinal from = s.resolve_id(std::to_string(graph::value(step.from_id)));
      const graph::NodeOrdinal to = s.resolve_id(std::to_string(graph::value(step.to_id)));
      CHECK(has_edge(g, from, to, step.edge_type, step.edge_name));  // a real edge
      CHECK(step.edge_type != "weak");
      CHECK(from != g.root());
      CHECK(distance[from] < distance[to]);  // down the distances: toward the roots
      // DevTools' name, empty where display_name() says "(<type>)".
      if (step.from_name.empty())
        CHECK(s.display_name(from) == fmt::format("({})", g.node_type_name(from)));
      else
        CHECK(step.from_name == s.display_name(from));
    }
    // The readable hops cover the steps in order, from the start to the target.
    REQUIRE(path.hops.size() >= 2);
    CHECK(path.hops.front().kind == "start");
    CHECK(path.hops.back().kind == "target");
    CHECK(path.holder < path.hops.size());
    uint32_t covered = 0;
    for (const auto& hop : path.hops) {
      CHECK(hop.first_step == covered);
      covered += hop.steps;
    }
    CHECK(covered == path.steps.size());
  }
}

}  // namespace

TEST_CASE("paths: every path is real edges from a root holder to the object", "[paths][report]") {
  auto s = snapshot::AnalyzedSnapshot::open(test::testdata("scenarios/map-cache/3.heapsnapshot.gz"));
  const auto& g = s.graph();
  const auto& classes = s.classes();
  // The leak (a RequestContext), the biggest objects, and an object with many retainers.
  std::vector<graph::NodeOrdinal> targets;
  for (graph::NodeOrdinal n = 0; n < g.node_count(); ++n) {
    if (classes.classes[classes.node_class[n]].name == "RequestContext") {
      targets.push_back(n);
      break;
    }
  }
  REQUIRE(targets.size() == 1);
  const auto& root_children = s.dominator_children().of(g.root());
  for (size_t i = 0; i < root_children.size() && i < 5; ++i) targets.push_back(root_children[i]);
  graph::NodeOrdinal popular = 0;
  for (graph::NodeOrdinal n = 0; n < g.node_count(); ++n)
    if (s.retainers().count(n) > s.retainers().count(popular) && n != g.root()) popular = n;
  targets.push_back(popular);
  for (const auto target : targets) check_paths(s, target, 5);
  CHECK(report::build_paths_report(s, popular, 5).paths.size() == 5);
}

TEST_CASE("paths: a string in the tiny snapshot", "[paths][report]") {
  auto s = snapshot::AnalyzedSnapshot::open(test::testdata("tiny/basic.heapsnapshot"));
  const auto target = s.resolve_id("@11");
  check_paths(s, target, 3);
  const auto r = report::build_paths_report(s, target, 3);
  REQUIRE(r.paths.size() == 1);
  CHECK(r.paths[0].steps.size() == 2);
  CHECK(r.type == "string");
}

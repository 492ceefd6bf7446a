// The snapshot owner: facts asked for late (not announced in the plan) equal the facts computed
// together in one DevTools pass; indexes and names; handing over.
#include <catch2/catch.hpp>

#include <algorithm>
#include <vector>

#include "heapsnap/analysis/detectors/finding.h"
#include "heapsnap/analysis/devtools_analysis.h"
#include "heapsnap/format/snapshot_loader.h"
#include "heapsnap/snapshot/analyzed_snapshot.h"
#include "heapsnap/util/error.h"
#include "unit/support/testdata.h"

using namespace heapsnap;

namespace {

snapshot::AnalyzedSnapshot open_map_cache() {
  return snapshot::AnalyzedSnapshot::open(test::testdata("scenarios/map-cache/1.heapsnapshot.gz"));
}

template <typename A, typename B>
bool same(const A& a, const B& b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

}  // namespace

TEST_CASE("facts asked for late equal the facts computed together", "[snapshot]") {
  auto together = open_map_cache();  // default plan: classes and distances in the one pass
  auto late = open_map_cache();
  snapshot::Plan nothing;
  nothing.classes = false;
  nothing.distances = false;
  late.plan(nothing);
  // The first request runs the DevTools pass without classes and distances...
  REQUIRE(same(late.retained_sizes(), together.retained_sizes()));
  CHECK(late.total_size() == together.total_size());
  CHECK(same(late.shallow_sizes(), together.shallow_sizes()));
  CHECK(same(late.dominators().idom, together.dominators().idom));
  // ... and these are computed on their own afterwards.
  CHECK(same(late.distances(), together.distances()));
  const auto& a = late.classes();
  const auto& b = together.classes();
  CHECK(same(a.node_class, b.node_class));
  REQUIRE(a.classes.size() == b.classes.size());
  for (size_t c = 0; c < a.classes.size(); ++c) {
    CHECK(a.classes[c].key() == b.classes[c].key());
    CHECK(a.classes[c].count == b.classes[c].count);
    CHECK(a.classes[c].self_size == b.classes[c].self_size);
    CHECK(a.classes[c].max_retained == b.classes[c].max_retained);
    CHECK(a.classes[c].distance == b.classes[c].distance);
  }
}

TEST_CASE("the owner's facts are those of analyze_devtools", "[snapshot]") {
  auto s = open_map_cache();
  const auto expected = analysis::analyze_devtools(s.graph());
  CHECK(same(s.retained_sizes(), expected.retained.retained));
  CHECK(same(s.distances(), expected.distance));
  CHECK(same(s.detachedness(), expected.dom_state));
  CHECK(s.classes().classes.size() == expected.classes.classes.size());
  // Asked twice: the same object (computed once).
  CHECK(&s.classes() == &s.classes());
  CHECK(&s.retainers() == &s.retainers());
  CHECK(s.dominator_children().count(s.graph().root()) > 0);
}

TEST_CASE("ids resolve as DevTools writes them, with clear errors", "[snapshot]") {
  auto s = open_map_cache();
  const auto& g = s.graph();
  const graph::NodeOrdinal some = g.node_count() / 2;
  const std::string id = std::to_string(graph::value(g.node_id(some)));
  CHECK(s.resolve_id(id) == some);
  CHECK(s.resolve_id("@" + id) == some);
  CHECK_THROWS_WITH(s.resolve_id("x12"), Catch::Contains("is not an object id"));
  CHECK_THROWS_WITH(s.resolve_id("@"), Catch::Contains("is not an object id"));
  CHECK_THROWS_WITH(s.resolve_id("2"), Catch::Contains("no object with id @2"));
  CHECK(s.display_name(g.root()) == "(root)");
}

TEST_CASE("release hands over the graph and the facts computed", "[snapshot]") {
  auto s = open_map_cache();
  const uint32_t nodes = s.graph().node_count();
  const uint64_t total = s.total_size();
  s.allocation_sites();
  auto parts = s.release();
  CHECK(parts.graph.node_count() == nodes);
  CHECK(parts.devtools.retained.total_size == total);
  CHECK(parts.sites.node_site.size() == nodes);
  CHECK(s.graph().node_count() == 0);
}

TEST_CASE("the detectors' findings are a fact of the snapshot", "[snapshot]") {
  auto s = snapshot::AnalyzedSnapshot::open(test::testdata("scenarios/map-cache/3.heapsnapshot.gz"));
  const auto& findings = s.findings();
  CHECK(&findings == &s.findings());
  // The scenario's Map of 4300 RequestContexts (tools/scenarios/map-cache.js) is a collection
  // finding, as the detector finds it on analyze_devtools' own result.
  size_t maps = 0;
  for (const auto& f : findings)
    if (f.kind == analysis::detectors::FindingKind::kCollections &&
        f.title.find("contextsByRequestId") != std::string::npos) {
      ++maps;
      CHECK(f.count == 4300);
    }
  CHECK(maps == 1);
}

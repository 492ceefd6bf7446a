// The `top` model (report/top_report.h) on a real Node 20 snapshot, checked against figures
// computed here from the graph and the snapshot's analysis arrays: the rows are the largest
// objects (or constructors) in order, each row's sizes are those of its object (or class), and
// the rows plus the folded tail account for every object.
#include <catch2/catch.hpp>

#include <algorithm>
#include <functional>
#include <map>
#include <vector>

#include "heapsnap/report/top_report.h"
#include "heapsnap/snapshot/analyzed_snapshot.h"
#include "unit/support/catch_ids.h"
#include "unit/support/testdata.h"

using namespace heapsnap;

namespace {

snapshot::AnalyzedSnapshot map_cache() {
  return snapshot::AnalyzedSnapshot::open(test::testdata("scenarios/map-cache/3.heapsnapshot.gz"));
}

bool is_real(const graph::HeapGraph& g, graph::NodeOrdinal n) {
  return g.node_kind(n) != graph::NodeKind::kSynthetic;
}

// Objects: rows are the `limit` largest by `size`, in order, with their own figures; the tail
// holds the rest.
void check_object_rows(snapshot::AnalyzedSnapshot& s, const report::TopReport& r, uint32_t limit,
                       std::span<const uint64_t> size) {
  const auto& g = s.graph();
  const auto shallow = s.shallow_sizes();
  const auto retained = s.retained_sizes();
  const auto distance = s.distances();
  std::vector<uint64_t> sizes;
  uint64_t real_count = 0, real_self = 0;
  for (graph::NodeOrdinal n = 0; n < g.node_count(); ++n) {
    if (!is_real(g, n)) continue;
    sizes.push_back(size[n]);
    ++real_count;
    real_self += shallow[n];
  }
  std::sort(sizes.begin(), sizes.end(), std::greater<>());
  REQUIRE(r.rows.size() == std::min<uint64_t>(limit, real_count));
  uint64_t shown_self = 0;
  for (size_t i = 0; i < r.rows.size(); ++i) {
    const auto& row = r.rows[i];
    INFO("row " << i << " @" << row.id);
    const graph::NodeOrdinal n = s.resolve_id(std::to_string(graph::value(row.id)));
    CHECK(is_real(g, n));
    CHECK(row.self_size == shallow[n]);
    CHECK(row.retained_size == retained[n]);
    CHECK(row.distance == distance[n]);
    CHECK(row.type == g.node_type_name(n));
    CHECK(row.name == s.display_name(n));
    CHECK(row.count == 1);
    // The i-th row has the i-th largest size: sorted, and nothing left out is bigger.
    CHECK(size[n] == sizes[i]);
    shown_self += row.self_size;
  }
  CHECK(r.rows.size() + r.others_count == real_count);
  CHECK(shown_self + r.others_self_size == real_self);
  CHECK(r.total_size == s.total_size());
  CHECK(r.total_size == retained[g.root()] + g.extra_native_bytes());
  CHECK(r.node_count == g.node_count());
}

}  // namespace

TEST_CASE("top: objects by retained size are the largest, with their own figures", "[top][report]") {
  auto s = map_cache();
  const auto r = report::build_top_report(s, {.limit = 25});
  CHECK(!r.by_constructor);
  CHECK(r.by_retained);
  check_object_rows(s, r, 25, s.retained_sizes());
  for (size_t i = 1; i < r.rows.size(); ++i) CHECK(r.rows[i - 1].retained_size >= r.rows[i].retained_size);
}

TEST_CASE("top --self: objects by self size", "[top][report]") {
  auto s = map_cache();
  const auto r = report::build_top_report(s, {.by_retained = false, .limit = 10});
  CHECK(!r.by_retained);
  check_object_rows(s, r, 10, s.shallow_sizes());
  for (size_t i = 1; i < r.rows.size(); ++i) CHECK(r.rows[i - 1].self_size >= r.rows[i].self_size);
}

TEST_CASE("top --by constructor: classes counted and summed from their objects", "[top][report]") {
  auto s = map_cache();
  const uint32_t limit = 15;
  const auto r = report::build_top_report(s, {.by_constructor = true, .limit = limit});
  CHECK(r.by_constructor);
  const auto& g = s.graph();
  const auto shallow = s.shallow_sizes();
  const auto retained = s.retained_sizes();
  const auto distance = s.distances();
  const auto& idom = s.dominators().idom;
  const auto& classes = s.classes();

  // Per class, from the objects: count and self size of those with a size, their smallest
  // distance, and the retained size of the instances with no instance of the class above them in
  // the dominator tree (DevTools' maxRet).
  struct Totals {
    uint32_t count = 0;
    uint64_t self = 0, top_retained = 0;
    int32_t distance = INT32_MAX;
  };
  std::vector<Totals> totals(classes.classes.size());
  for (graph::NodeOrdinal n = 0; n < g.node_count(); ++n) {
    if (shallow[n] == 0) continue;
    const uint32_t c = classes.node_class[n];
    Totals& t = totals[c];
    ++t.count;
    t.self += shallow[n];
    t.distance = std::min(t.distance, distance[n]);
    bool nested = false;
    for (graph::NodeOrdinal a = idom[n]; a != g.root() && !nested; a = idom[a])
      nested = classes.node_class[a] == c && shallow[a] > 0;
    if (!nested) t.top_retained += retained[n];
  }

  uint64_t listed = 0, listed_self = 0;
  std::vector<uint64_t> ranks;
  for (size_t c = 0; c < classes.classes.size(); ++c) {
    if (!classes.classes[c].listed) continue;
    ++listed;
    listed_self += totals[c].self;
    ranks.push_back(totals[c].top_retained);
  }
  std::sort(ranks.begin(), ranks.end(), std::greater<>());

  REQUIRE(r.rows.size() == limit);
  uint64_t shown_self = 0;
  for (size_t i = 0; i < r.rows.size(); ++i) {
    const auto& row = r.rows[i];
    INFO("row " << i << ": " << row.name);
    // Some listed class of that name has exactly these figures.
    bool found = false;
    for (size_t c = 0; c < classes.classes.size() && !found; ++c) {
      const Totals& t = totals[c];
      found = classes.classes[c].listed && classes.classes[c].name == row.name &&
              t.count == row.count && t.self == row.self_size &&
              t.top_retained == row.retained_size && t.distance == row.distance;
    }
    CHECK(found);
    CHECK(row.retained_size == ranks[i]);  // the i-th largest
    shown_self += row.self_size;
  }
  CHECK(r.rows.size() + r.others_count == listed);
  CHECK(shown_self + r.others_self_size == listed_self);
  CHECK(r.total_size == s.total_size());
}

TEST_CASE("top: a limit above the object count shows them all, no tail", "[top][report]") {
  auto s = snapshot::AnalyzedSnapshot::open(test::testdata("tiny/basic.heapsnapshot"));
  const auto r = report::build_top_report(s, {.limit = 1000});
  check_object_rows(s, r, 1000, s.retained_sizes());
  CHECK(r.others_count == 0);
  CHECK(r.others_self_size == 0);
}

// The `summary` model (report/summary_report.h) on a real Node 20 snapshot, checked against
// figures computed here from the graph: the Statistics categories add up to the total and each is
// the sum of its nodes' sizes; the constructor rows count every object with a size once and are
// sorted as documented.
#include <catch2/catch.hpp>

#include <map>
#include <string>

#include "heapsnap/report/summary_report.h"
#include "heapsnap/snapshot/analyzed_snapshot.h"
#include "unit/support/testdata.h"

using namespace heapsnap;

TEST_CASE("summary: statistics categories are the nodes' sizes and add up to the total", "[summary][report]") {
  auto s = snapshot::AnalyzedSnapshot::open(test::testdata("scenarios/map-cache/3.heapsnapshot.gz"));
  const auto r = report::build_summary_report(s, 10);
  const auto& g = s.graph();
  const auto shallow = s.shallow_sizes();

  uint64_t code = 0, strings = 0, system = 0, native = g.extra_native_bytes();
  for (graph::NodeOrdinal n = 0; n < g.node_count(); ++n) {
    const std::string_view type = g.node_type_name(n);
    if (type == "code") code += shallow[n];
    else if (type == "string" || type == "concatenated string" || type == "sliced string") strings += shallow[n];
    else if (type == "hidden") system += shallow[n];
    else if (type == "native") native += shallow[n];
  }
  const auto& st = r.statistics;
  CHECK(st.code == code);
  CHECK(st.strings == strings);
  CHECK(st.system == system);
  CHECK(st.native_total == native);
  CHECK(st.total == r.total_size);
  CHECK(r.total_size == s.retained_sizes()[g.root()] + g.extra_native_bytes());
  // The pie: V8 heap and native add up to the total, the V8 heap's slices to the V8 heap.
  CHECK(st.v8heap_total + st.native_total == st.total);
  CHECK(static_cast<int64_t>(st.code + st.strings + st.js_arrays + st.system) + st.other_js_objects() ==
        static_cast<int64_t>(st.v8heap_total));
  CHECK(static_cast<int64_t>(st.typed_arrays) + st.other_non_js_objects() ==
        static_cast<int64_t>(st.native_total));
  CHECK(st.other_js_objects() > 0);  // a Node heap is mostly JS objects

  CHECK(r.node_count == g.node_count());
  CHECK(r.edge_count == g.edge_count());
  CHECK(r.text_limit == 10);
  CHECK(r.file == test::testdata("scenarios/map-cache/3.heapsnapshot.gz"));
}

TEST_CASE("summary: constructor rows count every object with a size once, sorted", "[summary][report]") {
  auto s = snapshot::AnalyzedSnapshot::open(test::testdata("scenarios/map-cache/3.heapsnapshot.gz"));
  const auto r = report::build_summary_report(s, 10);
  const auto& g = s.graph();
  const auto shallow = s.shallow_sizes();
  const auto distance = s.distances();
  const auto& classes = s.classes();

  // Per class key, from the objects with a size (DevTools' Summary skips size-0 nodes).
  struct Totals {
    uint32_t count = 0;
    uint64_t self = 0;
    int32_t distance = INT32_MAX;
  };
  std::map<std::string, Totals> by_key;
  uint64_t sized = 0, sized_bytes = 0;
  for (graph::NodeOrdinal n = 0; n < g.node_count(); ++n) {
    if (shallow[n] == 0) continue;
    Totals& t = by_key[classes.classes[classes.node_class[n]].key()];
    ++t.count;
    t.self += shallow[n];
    t.distance = std::min(t.distance, distance[n]);
    ++sized;
    sized_bytes += shallow[n];
  }

  // Keys are unique among listed rows (a class whose key is taken by a later one is not listed).
  REQUIRE(r.rows.size() == by_key.size());
  uint64_t counted = 0, counted_bytes = 0;
  for (const auto& row : r.rows) {
    INFO(row.key);
    REQUIRE(by_key.count(row.key) == 1);
    const Totals& t = by_key[row.key];
    CHECK(row.count == t.count);
    CHECK(row.self_size == t.self);
    CHECK(row.distance == t.distance);
    CHECK(row.retained_size <= r.total_size);
    CHECK(row.key.size() > row.name.size());
    CHECK(row.key.compare(row.key.size() - row.name.size(), row.name.size(), row.name) == 0);
    counted += row.count;
    counted_bytes += row.self_size;
  }
  // Every object with a size is in exactly one row.
  CHECK(counted == sized);
  CHECK(counted_bytes == sized_bytes);
  for (size_t i = 1; i < r.rows.size(); ++i) {
    const auto& a = r.rows[i - 1];
    const auto& b = r.rows[i];
    CHECK((a.retained_size > b.retained_size ||
           (a.retained_size == b.retained_size && (a.name < b.name || (a.name == b.name && a.key < b.key)))));
  }
}

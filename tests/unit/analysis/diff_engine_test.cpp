// The diff engine on hand-built snapshots: DevTools' Comparison arithmetic (new, deleted,
// allocated, freed, deltas), the 3-snapshot survivors, the identity check across processes,
// allocation sites, the leak ranking's nesting rules and the report renderers.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "unit/support/tiny_heap.h"
#include "heapsnap/analysis/allocation_sites.h"
#include "heapsnap/analysis/snapshot_diff.h"
#include "heapsnap/snapshot/snapshot_series.h"
#include "heapsnap/report/diff_report.h"
#include "heapsnap/util/error.h"

using namespace heapsnap;
using namespace heapsnap::analysis;
using test::TinyHeap;

namespace {

struct Item {
  uint32_t id;
  uint64_t size = 10;
  std::string cls = "Item";
  uint32_t inner_id = 0;  // non-zero: the item holds an Inner object with this id
};

// root -[1]-> global -cache-> Holder -[i]-> items (each maybe -inner-> Inner).
graph::HeapGraph app_heap(const std::vector<Item>& items) {
  TinyHeap h;
  const auto root = h.node("synthetic", "", 1, 0);
  const auto global = h.node("object", "global", 3, 100);
  const auto holder = h.node("object", "Holder", 5, 50);
  h.edge(root, "element", "1", global);
  h.edge(global, "property", "cache", holder);
  for (size_t i = 0; i < items.size(); ++i) {
    const auto n = h.node("object", items[i].cls, items[i].id, items[i].size);
    h.edge(holder, "element", std::to_string(i), n);
    if (items[i].inner_id != 0) {
      const auto inner = h.node("object", "Inner", items[i].inner_id, 24);
      h.edge(n, "property", "inner", inner);
    }
  }
  return h.build();
}

DiffResult diff_of(std::vector<graph::HeapGraph> heaps, DiffOptions options = {}) {
  snapshot::SnapshotSeries series(heaps.size(), options);
  for (size_t i = 0; i < heaps.size(); ++i) {
    std::string label = "#";  // (not "#" + to_string(): GCC 12 warns -Wrestrict on that)
    label += std::to_string(i + 1);
    series.add(snapshot::AnalyzedSnapshot(std::move(label), {std::move(heaps[i]), {}}));
  }
  return series.finish();
}

const GroupSeries& group(const std::vector<GroupSeries>& groups, const std::string& name) {
  for (const auto& g : groups)
    if (g.name == name) return g;
  FAIL("no group " << name);
  return groups.front();
}

DiffOptions low_floor() {
  DiffOptions o;
  o.ranking.min_step_count = 1;
  o.ranking.min_step_bytes = 1;
  o.ranking.min_survivors = 1;
  o.ranking.min_retained_growth = 1;
  return o;
}

std::vector<Item> items(uint32_t first_id, uint32_t count, bool inner = false) {
  std::vector<Item> v;
  for (uint32_t i = 0; i < count; ++i) {
    const uint32_t id = first_id + 2 * i;
    v.push_back({id, 10, "Item", inner ? id + 100000 : 0});
  }
  return v;
}

std::vector<Item> concat(std::vector<Item> a, const std::vector<Item>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

}  // namespace

TEST_CASE("two snapshots: new, deleted, allocated, freed and deltas by id", "[diff]") {
  // #1: 101 103 105(Item)    #2: 103 105(now Other) 107 109(30 bytes)
  auto a = app_heap({{101}, {103}, {105}});
  auto b = app_heap({{103}, {105, 10, "Other"}, {107}, {109, 30}});
  const DiffResult d = diff_of([&] {
    std::vector<graph::HeapGraph> v;
    v.push_back(std::move(a));
    v.push_back(std::move(b));
    return v;
  }());
  REQUIRE(d.ids_comparable);
  REQUIRE(d.snapshots.size() == 2);
  const GroupSeries& item = group(d.classes, "Item");
  CHECK(item.counts == std::vector<uint32_t>{3, 3});
  CHECK(item.sizes == std::vector<uint64_t>{30, 50});
  REQUIRE(item.steps.size() == 1);
  // 101 freed; 105 changed class: deleted from Item, new in Other (DevTools' per-class id lists).
  CHECK(item.steps[0].deleted_count == 2);
  CHECK(item.steps[0].freed_size == 20);
  CHECK(item.steps[0].new_count == 2);
  CHECK(item.steps[0].allocated_size == 40);
  CHECK(item.count_delta(0, 1) == 0);
  CHECK(item.size_delta(0, 1) == 20);
  CHECK(item.retained_delta(0, 1) == 20);
  // Two snapshots: survivors are the objects new in the second.
  CHECK(item.survivor_count == 2);
  CHECK(item.survivor_size == 40);

  const GroupSeries& other = group(d.classes, "Other");
  CHECK(other.counts == std::vector<uint32_t>{0, 1});
  CHECK(other.steps[0].new_count == 1);
  CHECK(other.steps[0].deleted_count == 0);

  const GroupSeries& holder = group(d.classes, "Holder");
  CHECK(holder.steps[0].new_count == 0);
  CHECK(holder.steps[0].deleted_count == 0);
  CHECK(holder.count_delta(0, 1) == 0);
  // The holder retains the items: 50 + 30 -> 50 + 50 + 10 (Other).
  CHECK(holder.retained == std::vector<uint64_t>{80, 110});

  CHECK(d.identity.size() == 1);
  CHECK(d.identity[0].same_process);
  CHECK(d.identity[0].shared_ids == 4);  // global, holder, 103, 105 (the root has size 0)
  CHECK(d.identity[0].new_ids == 2);
}

namespace {

// The shape of DevTools' own Comparison test (HeapProfilerTestRunner.createHeapSnapshot(n, first)):
// root, (GC roots) and Window get ids 1, 3, 5 from their position; the instances count ids up
// from `first`, a B then the A it holds. With first = 5 the first B shares id 5 with Window.
graph::HeapGraph devtools_comparison_heap(uint32_t instances, uint32_t first_id) {
  TinyHeap h;
  const auto root = h.node("synthetic", "", 1, 0);
  const auto gc_roots = h.node("synthetic", "(GC roots)", 3, 0);
  const auto window = h.node("object", "Window", 5, 20);
  h.edge(root, "element", "0", gc_roots);
  h.edge(root, "shortcut", "1", window);
  h.edge(gc_roots, "element", "0", window);
  uint32_t id = first_id;
  for (uint32_t i = 0; i < instances; ++i) {
    const auto b = h.node("object", "B", id++, 16);
    const auto a = h.node("object", "A", id++, 12);
    h.edge(window, "element", std::to_string(i), b);
    h.edge(b, "property", "a", a);
    h.edge(a, "property", "a", a);
  }
  return h.build();
}

// count in #i+1 = count in #i + new - deleted, for every group and step; and so for sizes
// here, where no object in both snapshots changes its size.
void require_rows_add_up(const std::vector<GroupSeries>& groups) {
  for (const auto& g : groups) {
    for (size_t i = 0; i < g.steps.size(); ++i) {
      INFO(g.name << " step " << i + 1);
      CHECK(int64_t{g.counts[i + 1]} ==
            int64_t{g.counts[i]} + g.steps[i].new_count - g.steps[i].deleted_count);
      CHECK(g.sizes[i + 1] + g.steps[i].freed_size == g.sizes[i] + g.steps[i].allocated_size);
    }
  }
}

}  // namespace

TEST_CASE("objects are matched by id and class: one id on two objects (DevTools' test shape)",
          "[diff]") {
  // #1 (3 instances from id 5): Window@5, B@5 A@6, B@7 A@8, B@9 A@10.
  // #2 (4 instances from id 9): Window@5, B@9 A@10, B@11 A@12, B@13 A@14, B@15 A@16.
  // DevTools compares per class: B: 5 7 9 -> 9 11 13 15 is 2 deleted (5, 7), 3 new; A: 6 8 10 ->
  // 10 12 14 16 is 2 deleted, 3 new; Window@5 is the same object. Matching by id alone would
  // take B@5 for Window@5 and lose one deleted B (3 + 3 - 1 != 4).
  std::vector<graph::HeapGraph> heaps;
  heaps.push_back(devtools_comparison_heap(3, 5));
  heaps.push_back(devtools_comparison_heap(4, 9));
  const DiffResult d = diff_of(std::move(heaps));
  REQUIRE(d.ids_comparable);
  CHECK(d.snapshots[0].objects == 7);  // Window + 3 B + 3 A: the two id-5 objects both count
  CHECK(d.snapshots[1].objects == 9);

  const GroupSeries& b = group(d.classes, "B");
  CHECK(b.counts == std::vector<uint32_t>{3, 4});
  CHECK(b.steps[0].deleted_count == 2);
  CHECK(b.steps[0].freed_size == 32);
  CHECK(b.steps[0].new_count == 3);
  CHECK(b.steps[0].allocated_size == 48);
  CHECK(b.survivor_count == 3);  // two snapshots: survivors are the new objects

  const GroupSeries& a = group(d.classes, "A");
  CHECK(a.counts == std::vector<uint32_t>{3, 4});
  CHECK(a.steps[0].deleted_count == 2);
  CHECK(a.steps[0].new_count == 3);
  CHECK(a.steps[0].allocated_size == 36);

  const GroupSeries& window = group(d.classes, "Window");
  CHECK(window.counts == std::vector<uint32_t>{1, 1});
  CHECK(window.steps[0].new_count == 0);
  CHECK(window.steps[0].deleted_count == 0);
  CHECK(window.survivor_count == 0);
  require_rows_add_up(d.classes);

  // Ids in both: 5 (Window in both; B only in #1), 9, 10; each names a same-class object.
  CHECK(d.identity[0].shared_ids == 3);
  CHECK(d.identity[0].shared_same_class == 3);
  CHECK(d.identity[0].new_ids == 6);     // 11 .. 16
  CHECK(d.identity[0].new_js_ids == 3);  // 11, 13, 15
  CHECK(d.identity[0].new_ids_below_max == 0);

  // The other way round the clash is in the last snapshot: B: 9 11 13 15 -> 5 7 9 is 3 deleted
  // and 2 new (B@5 is new although Window@5 is not), and both are survivors of a 2-step diff.
  std::vector<graph::HeapGraph> reversed;
  reversed.push_back(devtools_comparison_heap(4, 9));
  reversed.push_back(devtools_comparison_heap(3, 5));
  const DiffResult r = diff_of(std::move(reversed));
  const GroupSeries& rb = group(r.classes, "B");
  CHECK(rb.counts == std::vector<uint32_t>{4, 3});
  CHECK(rb.steps[0].deleted_count == 3);
  CHECK(rb.steps[0].new_count == 2);
  CHECK(rb.survivor_count == 2);
  CHECK(rb.survivor_size == 32);
  CHECK(group(r.classes, "Window").survivor_count == 0);
  require_rows_add_up(r.classes);
}

TEST_CASE("objects are matched by id and class: repeated ids of one class match one to one",
          "[diff]") {
  // #1 holds two Items with id 101, #2 one: DevTools' merge of the sorted id lists matches one
  // and deletes the other.
  std::vector<graph::HeapGraph> heaps;
  heaps.push_back(app_heap({{101}, {101}, {103}}));
  heaps.push_back(app_heap({{101}, {103}, {107}}));
  const DiffResult d = diff_of(std::move(heaps));
  const GroupSeries& item = group(d.classes, "Item");
  CHECK(item.counts == std::vector<uint32_t>{3, 3});
  CHECK(item.steps[0].deleted_count == 1);
  CHECK(item.steps[0].new_count == 1);
  CHECK(item.survivor_count == 1);  // 107
  require_rows_add_up(d.classes);
  require_rows_add_up(d.sites);
}

TEST_CASE("three snapshots: survivors are objects allocated between #1 and #2 alive in #3",
          "[diff]") {
  std::vector<graph::HeapGraph> heaps;
  heaps.push_back(app_heap({{101}, {103}}));
  heaps.push_back(app_heap({{101}, {103}, {201}, {203}, {205}}));
  heaps.push_back(app_heap({{101}, {103}, {201}, {203}, {301}, {303}}));
  const DiffResult d = diff_of(std::move(heaps));
  const GroupSeries& item = group(d.classes, "Item");
  CHECK(item.counts == std::vector<uint32_t>{2, 5, 6});
  CHECK(item.grows_every_step());
  REQUIRE(item.steps.size() == 2);
  CHECK(item.steps[0].new_count == 3);
  CHECK(item.steps[0].deleted_count == 0);
  CHECK(item.steps[1].new_count == 2);
  CHECK(item.steps[1].deleted_count == 1);
  CHECK(item.steps[1].freed_size == 10);
  CHECK(item.survivor_count == 2);  // 201 and 203; 205 died, 301/303 came after #2
  CHECK(item.survivor_size == 20);
  CHECK_FALSE(group(d.classes, "Holder").grows_every_step());
}

TEST_CASE("snapshots of different processes are compared by group only", "[diff]") {
  SECTION("shared ids name objects of other classes") {
    std::vector<Item> mine = items(1001, 300);
    std::vector<Item> theirs = items(1001, 300);
    for (auto& it : theirs) it.cls = "Other";
    std::vector<graph::HeapGraph> heaps;
    heaps.push_back(app_heap(mine));
    heaps.push_back(app_heap(theirs));
    const DiffResult d = diff_of(std::move(heaps));
    CHECK_FALSE(d.ids_comparable);
    REQUIRE(d.identity.size() == 1);
    CHECK_FALSE(d.identity[0].same_process);
    CHECK_THAT(d.identity[0].reason, Catch::Contains("same class"));
    REQUIRE_FALSE(d.notes.empty());
    CHECK_THAT(d.notes.front(), Catch::Contains("do not look like one process"));
    const GroupSeries& item = group(d.classes, "Item");
    CHECK(item.counts == std::vector<uint32_t>{300, 0});
    CHECK(item.steps[0].new_count == 0);  // not matched by id
    CHECK(item.steps[0].deleted_count == 0);
    CHECK(item.survivor_count == 0);
  }
  SECTION("new objects with ids below the earlier snapshot's largest id") {
    // #1 has ids 1001..1599 with gaps; #2 has the gaps: all "new", all below #1's largest id.
    std::vector<Item> mine, theirs;
    for (uint32_t i = 0; i < 300; ++i) (i % 2 ? theirs : mine).push_back({1001 + 4 * i});
    for (uint32_t i = 0; i < 300; ++i) theirs.push_back({1003 + 4 * i});
    std::vector<graph::HeapGraph> heaps;
    heaps.push_back(app_heap(mine));
    heaps.push_back(app_heap(theirs));
    const DiffResult d = diff_of(std::move(heaps));
    CHECK_FALSE(d.ids_comparable);
    CHECK_THAT(d.identity[0].reason, Catch::Contains("below"));
  }
  SECTION("one process passes") {
    std::vector<graph::HeapGraph> heaps;
    heaps.push_back(app_heap(items(1001, 300)));
    heaps.push_back(app_heap(concat(items(1001, 300), items(5001, 300))));
    const DiffResult d = diff_of(std::move(heaps));
    CHECK(d.ids_comparable);
    CHECK(d.identity[0].new_ids == 300);
    CHECK(d.identity[0].new_ids_below_max == 0);
  }
}

TEST_CASE("leak ranking: a growing group is a suspect, its nested objects fold into it", "[diff]") {
  std::vector<graph::HeapGraph> heaps;
  heaps.push_back(app_heap(items(101, 5, true)));
  heaps.push_back(app_heap(concat(items(101, 5, true), items(1001, 40, true))));
  heaps.push_back(
      app_heap(concat(concat(items(101, 5, true), items(1001, 40, true)), items(3001, 40, true))));
  const DiffResult d = diff_of(std::move(heaps), low_floor());
  REQUIRE(d.suspects.size() == 1);
  const LeakSuspect& s = d.suspects.front();
  CHECK(s.name == "Item");
  CHECK(s.counts == std::vector<uint32_t>{5, 45, 85});
  CHECK(s.grows_every_step);
  CHECK(s.survivor_count == 40);
  // Items and their Inner objects allocated after #1: 80 * (10 + 24).
  CHECK(s.retained_growth == 80 * 34);
  CHECK(s.related == std::vector<std::string>{"Inner"});
  REQUIRE_FALSE(s.paths.empty());
  CHECK(s.paths.front().signature == "cache (global variable) \u2192 [] in Holder \u2192 Item");
  CHECK(s.paths.front().via.empty());
  CHECK(s.paths.front().objects == s.paths_sampled);
  CHECK_THAT(s.paths.front().example, Catch::StartsWith("cache (global variable) \u2192 ["));
  CHECK_THAT(s.paths.front().full, Catch::StartsWith("global \u2192 cache \u2192 ["));
}

TEST_CASE("leak ranking: churn and the noise floor give no suspect", "[diff]") {
  SECTION("objects replaced, not accumulated") {
    std::vector<graph::HeapGraph> heaps;
    heaps.push_back(app_heap(items(101, 40)));
    heaps.push_back(app_heap(items(1001, 40)));
    heaps.push_back(app_heap(items(3001, 40)));
    CHECK(diff_of(std::move(heaps), low_floor()).suspects.empty());
  }
  SECTION("growth below the default floor") {
    std::vector<graph::HeapGraph> heaps;
    heaps.push_back(app_heap(items(101, 5)));
    heaps.push_back(app_heap(concat(items(101, 5), items(1001, 10))));
    heaps.push_back(app_heap(concat(concat(items(101, 5), items(1001, 10)), items(3001, 10))));
    CHECK(diff_of(std::move(heaps)).suspects.empty());
  }
}

namespace {

// root -[1]-> global -list-> Holder -[i]-> Wrapper -payload-> Payload, where Payload's
// constructor is defined in /app/payload.js (script 7), resolved through the constructor
// closure -> shared -> script_or_debug_info -> name.
graph::HeapGraph wrapped_heap(uint32_t count) {
  TinyHeap h;
  const auto root = h.node("synthetic", "", 1, 0);
  const auto global = h.node("object", "global", 3, 100);
  const auto holder = h.node("object", "Holder", 5, 50);
  const auto ctor = h.node("closure", "Payload", 7, 32);
  const auto shared = h.node("code", "Payload", 9, 40);
  const auto script = h.node("code", "/app/payload.js", 11, 80);
  const auto script_name = h.node("string", "/app/payload.js", 13, 32);
  h.edge(root, "element", "1", global);
  h.edge(global, "property", "list", holder);
  h.edge(global, "property", "Payload", ctor);
  h.edge(ctor, "internal", "shared", shared);
  h.edge(shared, "internal", "script_or_debug_info", script);
  h.edge(script, "internal", "name", script_name);
  h.location(ctor, 7, 2, 0);
  for (uint32_t i = 0; i < count; ++i) {
    const auto w = h.node("object", "Wrapper", 1001 + 4 * i, 16);
    const auto p = h.node("object", "Payload", 1003 + 4 * i, 40);
    h.location(p, 7, 3, 14);
    h.edge(holder, "element", std::to_string(i), w);
    h.edge(w, "property", "payload", p);
  }
  return h.build();
}

}  // namespace

TEST_CASE("leak ranking: a program's class is named over the runtime object carrying it",
          "[diff]") {
  std::vector<graph::HeapGraph> heaps;
  heaps.push_back(wrapped_heap(5));
  heaps.push_back(wrapped_heap(45));
  heaps.push_back(wrapped_heap(85));
  const DiffResult d = diff_of(std::move(heaps), low_floor());
  REQUIRE(d.suspects.size() == 1);
  const LeakSuspect& s = d.suspects.front();
  // Wrapper objects dominate the Payloads, but Payload is the program's own class.
  CHECK(s.name == "Payload");
  CHECK(s.related == std::vector<std::string>{"Wrapper"});
  CHECK(s.site == "Payload (/app/payload.js:4:15)");
  REQUIRE(s.sites.size() == 1);
  CHECK(s.sites.front().objects == s.survivor_count);
  REQUIRE_FALSE(s.paths.empty());
  CHECK(s.paths.front().signature ==
        "list (global variable) \u2192 [] in Holder \u2192 Wrapper.payload \u2192 Payload");
}

TEST_CASE("allocation sites: stacks from the trace tree, else locations", "[diff]") {
  TinyHeap h;
  const auto root = h.node("synthetic", "", 1, 0);
  const auto traced = h.node("object", "Thing", 3, 16, 3);
  const auto located = h.node("object", "Thing", 5, 16, 0);
  const auto unresolved = h.node("object", "Stray", 7, 16, 0);
  const auto plain = h.node("object", "Object", 9, 16, 0);
  const auto ctor = h.node("closure", "Thing", 11, 32);
  const auto shared = h.node("code", "Thing", 13, 40);
  const auto script = h.node("code", "/app/thing.js", 15, 80);
  const auto name = h.node("string", "/app/thing.js", 17, 32);
  for (const auto n : {traced, located, unresolved, plain, ctor})
    h.edge(root, "element", std::to_string(n), n);
  h.edge(ctor, "internal", "shared", shared);
  h.edge(shared, "internal", "script_or_debug_info", script);
  h.edge(script, "internal", "name", name);
  h.location(ctor, 4, 0, 0);
  h.location(traced, 4, 2, 4);
  h.location(located, 4, 2, 4);
  h.location(unresolved, 9, 0, 0);
  const uint32_t f_root = h.trace_function("(root)", "", 0, 0);
  const uint32_t f_main = h.trace_function("main", "/app/main.js", 10, 1);
  const uint32_t f_make = h.trace_function("", "/app/thing.js", 3, 5);
  h.trace_node(1, f_root, UINT32_MAX);
  h.trace_node(2, f_main, 0);
  h.trace_node(3, f_make, 1);
  const graph::HeapGraph g = h.build();

  const ScriptNames scripts(g);
  CHECK(scripts.name(4) == "/app/thing.js");
  CHECK(scripts.name(9).empty());

  const AllocationSites sites = compute_allocation_sites(g);
  const auto label = [&](graph::NodeOrdinal n) {
    const uint32_t s = sites.node_site[n];
    return s == AllocationSites::kNoSite ? std::string("-") : sites.sites[s].label;
  };
  CHECK(label(traced) == "(anonymous) (/app/thing.js:3:5) <- main (/app/main.js:10:1)");
  CHECK(sites.sites[sites.node_site[traced]].kind == SiteKind::kStack);
  CHECK(label(located) == "Thing (/app/thing.js:3:5)");
  CHECK(sites.sites[sites.node_site[located]].kind == SiteKind::kLocation);
  CHECK(label(unresolved) == "Stray (script#9:1:1)");
  CHECK(label(plain) == "-");
  CHECK(label(ctor) == "Thing (/app/thing.js:1:1)");
  CHECK(sites.stack_nodes == 1);
  CHECK(sites.location_nodes == 3);

  AllocationSiteOptions top_frame;
  top_frame.stack_depth = 1;
  const AllocationSites shallow = compute_allocation_sites(g, top_frame);
  CHECK(shallow.sites[shallow.node_site[traced]].label == "(anonymous) (/app/thing.js:3:5)");
  REQUIRE(shallow.sites[shallow.node_site[traced]].frames.size() == 1);
  CHECK(shallow.sites[shallow.node_site[traced]].frames[0].line == 3);
}

TEST_CASE("site groups are matched by text across snapshots", "[diff]") {
  std::vector<graph::HeapGraph> heaps;
  heaps.push_back(wrapped_heap(5));
  heaps.push_back(wrapped_heap(45));
  const DiffResult d = diff_of(std::move(heaps));
  const GroupSeries& site = group(d.sites, "Payload (/app/payload.js:4:15)");
  CHECK(site.counts == std::vector<uint32_t>{5, 45});
  CHECK(site.steps[0].new_count == 40);
  CHECK(site.survivor_count == 40);
  CHECK(group(d.classes, "Payload").site == "Payload (/app/payload.js:4:15)");
}

TEST_CASE("a series checks how many snapshots it gets", "[diff]") {
  CHECK_THROWS_AS(snapshot::SnapshotSeries(1), Error);
  snapshot::SnapshotSeries series(2);
  series.add(snapshot::AnalyzedSnapshot("a", {app_heap({{101}}), {}}));
  CHECK_THROWS_AS(series.finish(), Error);
  series.add(snapshot::AnalyzedSnapshot("b", {app_heap({{101}}), {}}));
  CHECK_THROWS_AS(series.add(snapshot::AnalyzedSnapshot("c", {app_heap({{101}}), {}})), Error);
}

TEST_CASE("diff report: text and JSON", "[diff]") {
  std::vector<graph::HeapGraph> heaps;
  heaps.push_back(app_heap(concat(items(101, 5, true), {{99, 10, "Gone"}})));
  heaps.push_back(app_heap(concat(items(101, 5, true), items(1001, 40, true))));
  heaps.push_back(
      app_heap(concat(concat(items(101, 5, true), items(1001, 40, true)), items(3001, 40, true))));
  const DiffResult d = diff_of(std::move(heaps), low_floor());

  const std::string text = report::render_diff_text(d);
  CHECK_THAT(text, Catch::Contains("heapsnap diff of 3 snapshots"));
  CHECK_THAT(text, Catch::Contains("Leak suspects (1)"));
  CHECK_THAT(text, Catch::Contains(" 1. Item"));
  CHECK_THAT(text, Catch::Contains("5 \u2192 45 \u2192 85  (grows in every step)"));
  CHECK_THAT(text, Catch::Contains("40\u00d7 cache (global variable) \u2192 [] in Holder \u2192 Item"));
  CHECK_THAT(text, Catch::Contains("[DEL]"));
  CHECK_THAT(text, Catch::Contains("+40"));
  CHECK_THAT(text, Catch::Contains("+800 B"));  // Item self size: 50 -> 850
  report::DiffReportOptions one;
  one.limit = 1;
  // Changed: Item, Inner, Gone, and the retained sizes of Holder and global.
  CHECK_THAT(report::render_diff_text(d, one), Catch::Contains("[4 others]"));
  one.table = report::DiffTable::kSites;
  CHECK_THAT(report::render_diff_text(d, one), Catch::Contains("By allocation site"));

  const std::string json = report::render_diff_json(d);
  CHECK_THAT(json, Catch::Contains("\"schema_version\": 1"));
  CHECK_THAT(json, Catch::Contains("\"kind\": \"heapsnap-diff\""));
  CHECK_THAT(json, Catch::Contains("\"suspects\": ["));
  CHECK_THAT(json, Catch::Contains("\"groups\": ["));
  CHECK_THAT(json, Catch::Contains("\"retained_growth\": 2720"));
  CHECK_THAT(json, Catch::Contains("\"signature\": \"cache (global variable) \u2192 [] in Holder \u2192 Item\""));
  const std::string limited =
      report::render_diff_json(d, report::DiffReportOptions{1, report::DiffTable::kConstructors});
  CHECK_THAT(limited, Catch::Contains("\"groups_omitted\": "));
}

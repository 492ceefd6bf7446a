// Chrome DevTools' retained-size rules, one tiny graph per rule, with answers worked out by hand
// (docs/retained-size.md explains each rule). The whole-snapshot comparison against DevTools
// itself is devtools_golden_test.cpp.
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "heapsnap/analysis/class_aggregates.h"
#include "heapsnap/analysis/detachedness.h"
#include "heapsnap/analysis/devtools_analysis.h"
#include "heapsnap/analysis/devtools_edge_rules.h"
#include "heapsnap/analysis/devtools_retained.h"
#include "heapsnap/analysis/distances.h"
#include "heapsnap/analysis/dominator_children.h"
#include "heapsnap/analysis/interface_definitions.h"
#include "heapsnap/analysis/node_names.h"
#include "heapsnap/analysis/shallow_sizes.h"
#include "heapsnap/graph/graph_builder.h"
#include "unit/support/tiny_heap.h"

using namespace heapsnap;
using namespace heapsnap::analysis;
using graph::HeapGraph;
using graph::NodeOrdinal;

namespace {

// A graph described node by node and edge by edge (test::TinyHeap), with the defaults these
// rule tests want: ids 2 * ordinal + 1 unless given, and a detachedness field.
class TinyGraph {
 public:
  TinyGraph() { heap_.detachedness_field = true; }
  NodeOrdinal node(const std::string& type, const std::string& name, uint64_t self_size = 0,
                   uint8_t detachedness = 0, uint32_t id = 0) {
    const auto n = static_cast<uint32_t>(heap_.node_count());
    return heap_.node(type, name, id != 0 ? id : 2 * n + 1, self_size, 0, detachedness);
  }
  // `name` is the edge name, or the index in decimal for element and hidden edges.
  void edge(NodeOrdinal from, const std::string& type, const std::string& name, NodeOrdinal to) {
    heap_.edge(from, type, name, to);
  }
  void location(NodeOrdinal n, uint32_t script, uint32_t line, uint32_t column) {
    heap_.location(n, script, line, column);
  }
  graph::NodeId id(NodeOrdinal n) const { return heap_.id(n); }
  HeapGraph build() const { return heap_.build(); }
  void set_detachedness_field(bool present) { heap_.detachedness_field = present; }

 private:
  test::TinyHeap heap_;
};

std::vector<uint64_t> raw_sizes(const HeapGraph& g) {
  std::vector<uint64_t> s(g.node_count());
  for (NodeOrdinal i = 0; i < g.node_count(); ++i) s[i] = g.self_size(i);
  return s;
}

DevtoolsRetained retained_raw(const HeapGraph& g) { return compute_devtools_retained(g, raw_sizes(g)); }

const ClassInfo* find_class(const ClassAggregates& a, const std::string& name) {
  for (const auto& c : a.classes)
    if (c.name == name && c.count > 0) return &c;
  return nullptr;
}

}  // namespace

TEST_CASE("weak edges never retain", "[devtools]") {
  TinyGraph t;
  const auto root = t.node("synthetic", "");
  const auto a = t.node("object", "A", 10);
  const auto b = t.node("object", "B", 20);
  const auto c = t.node("object", "C", 30);
  t.edge(root, "shortcut", "a", a);
  t.edge(root, "shortcut", "b", b);
  t.edge(a, "property", "c", c);
  t.edge(b, "weak", "c", c);
  const HeapGraph g = t.build();
  const auto r = retained_raw(g);
  CHECK(r.idom[c] == a);
  CHECK(r.retained[a] == 40);
  CHECK(r.retained[b] == 20);
  CHECK(r.retained[root] == 60);
  CHECK(r.total_size == 60);
}

TEST_CASE("shortcut edges count only from the root", "[devtools]") {
  TinyGraph t;
  const auto root = t.node("synthetic", "");
  const auto a = t.node("object", "A", 10);
  const auto b = t.node("object", "B", 20);
  const auto c = t.node("object", "C", 30);
  t.edge(root, "shortcut", "a", a);
  t.edge(root, "shortcut", "b", b);
  t.edge(a, "property", "c", c);
  t.edge(b, "shortcut", "c", c);
  const HeapGraph g = t.build();
  const auto r = retained_raw(g);
  CHECK(r.idom[c] == a);
  CHECK(r.retained[a] == 40);
  CHECK(r.idom[a] == root);  // the root's own shortcut edges do count
}

TEST_CASE("edges from non-page-owned nodes into page-owned nodes are ignored", "[devtools]") {
  TinyGraph t;
  const auto root = t.node("synthetic", "");
  const auto gc = t.node("synthetic", "(GC roots)");
  const auto handle = t.node("object", "Handle", 5);
  const auto global = t.node("object", "Window", 10);
  const auto x = t.node("object", "X", 20);
  t.edge(root, "element", "1", gc);
  t.edge(root, "shortcut", "global", global);
  t.edge(gc, "element", "1", handle);
  t.edge(handle, "property", "x", x);
  t.edge(global, "property", "x", x);
  const HeapGraph g = t.build();

  const auto page = mark_page_owned(g);
  CHECK(page[global] == 1);
  CHECK(page[x] == 1);
  CHECK(page[gc] == 0);
  CHECK(page[handle] == 0);
  CHECK_FALSE(EssentialEdges::compute(g, page, handle, g.first_edge(handle)));
  CHECK(EssentialEdges::compute(g, page, global, g.first_edge(global)));

  const auto r = retained_raw(g);
  CHECK(r.idom[x] == global);  // without the rule the two paths would make it the root
  CHECK(r.retained[global] == 30);
  CHECK(r.retained[handle] == 5);
}

TEST_CASE("the (Document DOM trees) element edge of the root seeds page-owned nodes", "[devtools]") {
  TinyGraph t;
  const auto root = t.node("synthetic", "");
  const auto trees = t.node("synthetic", "(Document DOM trees)");
  const auto other = t.node("synthetic", "(Other)");
  const auto doc = t.node("native", "Document", 10);
  const auto weakly = t.node("native", "Weakly", 10);
  t.edge(root, "element", "1", trees);
  t.edge(root, "element", "2", other);
  t.edge(trees, "element", "1", doc);
  t.edge(other, "element", "1", doc);
  t.edge(doc, "weak", "w", weakly);
  const HeapGraph g = t.build();
  const auto page = mark_page_owned(g);
  CHECK(page[trees] == 1);
  CHECK(page[doc] == 1);
  CHECK(page[other] == 0);
  CHECK(page[weakly] == 0);  // the flood does not cross weak edges
  CHECK(retained_raw(g).idom[doc] == trees);
}

TEST_CASE("a WeakMap value is retained through its key, not its table", "[devtools]") {
  TinyGraph t;
  const auto root = t.node("synthetic", "");
  const auto table = t.node("array", "(object elements)", 10, 0, 21);
  const auto key = t.node("object", "Key", 20, 0, 23);
  const auto value = t.node("object", "Value", 30, 0, 25);
  const auto other = t.node("object", "Other", 1, 0, 27);
  t.edge(root, "shortcut", "table", table);
  t.edge(root, "shortcut", "key", key);
  t.edge(root, "shortcut", "other", other);
  t.edge(table, "internal", "1 / part of key (Key @23) -> value (Value @25) pair in WeakMap (table @21)", value);
  t.edge(key, "internal", "3 / part of key (Key @23) -> value (Value @25) pair in WeakMap (table @21)", value);
  // The same kind of name from a node that is not the table counts like any internal edge.
  t.edge(other, "internal", "5 / part of key (Key @23) -> value (Value @25) pair in WeakMap (table @21)", other);
  const HeapGraph g = t.build();
  const auto page = mark_page_owned(g);
  CHECK_FALSE(EssentialEdges::compute(g, page, table, g.first_edge(table)));
  CHECK(EssentialEdges::compute(g, page, key, g.first_edge(key)));
  const auto r = retained_raw(g);
  CHECK(r.idom[value] == key);
  CHECK(r.retained[key] == 50);
  CHECK(r.retained[table] == 10);
}

TEST_CASE("WeakMap edge names are matched like DevTools' regular expression", "[devtools]") {
  const auto ok = parse_weakmap_edge_name(
      "12 / part of key (Foo @7) -> value (Bar (x) @9) pair in WeakMap (table @1234)");
  REQUIRE(ok.has_value());
  CHECK(ok->table_id == 1234);
  CHECK(ok->pair_part == " / part of key (Foo @7) -> value (Bar (x) @9) pair in WeakMap (table @1234)");
  // Names with " @" and parentheses inside, empty names.
  CHECK(parse_weakmap_edge_name("0 / part of key ( @1) -> value ( @2) pair in WeakMap (table @3)"));
  CHECK(parse_weakmap_edge_name(
      "0 / part of key (a @1) -> value (b @2) -> value (c @3) pair in WeakMap (table @004)")->table_id == 4);
  CHECK_FALSE(parse_weakmap_edge_name("/ part of key (a @1) -> value (b @2) pair in WeakMap (table @3)"));
  CHECK_FALSE(parse_weakmap_edge_name("1 / part of key (a @1) -> value (b @2) pair in WeakMap (table @)"));
  CHECK_FALSE(parse_weakmap_edge_name("1 / part of key (a @x) -> value (b @2) pair in WeakMap (table @3)"));
  CHECK_FALSE(parse_weakmap_edge_name("1 / part of key (a @1) -> value (b @) pair in WeakMap (table @3)"));
  CHECK_FALSE(parse_weakmap_edge_name("1 / part of key (a @1) -> value (b @2) pair in WeakMap (table @3) "));
  // `.` in JavaScript does not match line terminators.
  CHECK_FALSE(parse_weakmap_edge_name("1 / part of key (a\nb @1) -> value (b @2) pair in WeakMap (table @3)"));
  CHECK_FALSE(parse_weakmap_edge_name(
      "1 / part of key (a @1) -> value (b\xE2\x80\xA8 @2) pair in WeakMap (table @3)"));
  CHECK(parse_weakmap_edge_name("1 / part of key (a\t @1) -> value (b @2) pair in WeakMap (table @3)"));
}

TEST_CASE("self edges do not count, so a node held only by itself hangs under the root", "[devtools]") {
  TinyGraph t;
  const auto root = t.node("synthetic", "");
  const auto a = t.node("object", "A", 10);
  const auto s = t.node("object", "Self", 7);
  const auto child = t.node("object", "Child", 20);
  t.edge(root, "shortcut", "a", a);
  t.edge(a, "weak", "s", s);
  t.edge(s, "property", "self", s);
  t.edge(s, "property", "child", child);
  const HeapGraph g = t.build();
  const auto r = retained_raw(g);
  // Were the self edge counted, "Self" would have a retainer and be attached to the root alone,
  // leaving Child to the root as well.
  CHECK(r.orphan_count == 1);
  CHECK(r.unreachable_count == 0);
  CHECK(r.idom[s] == root);
  CHECK(r.idom[child] == s);
  CHECK(r.retained[s] == 27);
}

TEST_CASE("a node with only weak retainers starts its own subtree under the root", "[devtools]") {
  TinyGraph t;
  const auto root = t.node("synthetic", "");
  const auto a = t.node("object", "A", 10);
  const auto orphan = t.node("object", "Orphan", 5);
  const auto shared = t.node("object", "Shared", 20);
  const auto own = t.node("object", "Own", 40);
  // An element edge from the root: no node is page-owned, so that rule stays out of the way.
  t.edge(root, "element", "1", a);
  t.edge(a, "weak", "o", orphan);
  t.edge(a, "property", "p", shared);
  t.edge(orphan, "property", "p", shared);
  t.edge(orphan, "property", "q", own);
  const HeapGraph g = t.build();
  const auto r = retained_raw(g);
  CHECK(r.orphan_count == 1);
  CHECK(r.idom[orphan] == root);
  CHECK(r.idom[own] == orphan);
  CHECK(r.idom[shared] == root);  // reached from A and from the orphan
  CHECK(r.retained[orphan] == 45);
  CHECK(r.retained[a] == 10);
  CHECK(r.retained[root] == 75);
}

TEST_CASE("an only-weakly-held node is not page-owned, so its edges into page objects do not count",
          "[devtools]") {
  TinyGraph t;
  const auto root = t.node("synthetic", "");
  const auto a = t.node("object", "A", 10);
  const auto orphan = t.node("object", "Orphan", 5);
  const auto shared = t.node("object", "Shared", 20);
  t.edge(root, "shortcut", "a", a);  // A and what it reaches over strong edges are page-owned
  t.edge(a, "weak", "o", orphan);
  t.edge(a, "property", "p", shared);
  t.edge(orphan, "property", "p", shared);
  const HeapGraph g = t.build();
  const auto r = retained_raw(g);
  CHECK(r.orphan_count == 1);
  CHECK(r.idom[shared] == a);
  CHECK(r.retained[a] == 30);
  CHECK(r.retained[orphan] == 5);
}

TEST_CASE("a cycle reachable only through ignored edges is hung under the root node by node", "[devtools]") {
  TinyGraph t;
  const auto root = t.node("synthetic", "");
  const auto a = t.node("object", "A", 10);
  const auto c1 = t.node("object", "C1", 1);
  const auto c2 = t.node("object", "C2", 2);
  const auto d = t.node("object", "D", 4);
  const auto e = t.node("object", "E", 8);
  t.edge(root, "element", "1", a);  // nothing page-owned: C2 -> D is not dropped by that rule
  t.edge(a, "weak", "c", c1);
  t.edge(a, "property", "d", d);
  t.edge(c1, "property", "next", c2);
  t.edge(c2, "property", "next", c1);
  t.edge(c2, "property", "d", d);
  t.edge(c2, "property", "e", e);
  const HeapGraph g = t.build();
  const auto r = retained_raw(g);
  CHECK(r.orphan_count == 0);
  CHECK(r.unreachable_count == 3);  // C1, C2 and E, which only they reach
  CHECK(r.idom[c1] == root);
  CHECK(r.idom[c2] == root);
  CHECK(r.idom[e] == root);
  // DevTools' edges from those nodes decide nothing: D stays A's, E dominates nothing of theirs.
  CHECK(r.idom[d] == a);
  CHECK(r.retained[a] == 14);
  CHECK(r.retained[c1] == 1);
  CHECK(r.retained[c2] == 2);
  CHECK(r.retained[root] == 25);
  // Every node comes after its dominator in the preorder.
  REQUIRE(r.preorder.size() == g.node_count());
  std::vector<size_t> position(g.node_count());
  for (size_t i = 0; i < r.preorder.size(); ++i) position[r.preorder[i]] = i;
  for (NodeOrdinal v = 0; v < g.node_count(); ++v)
    if (v != root) CHECK(position[r.idom[v]] < position[v]);
}

TEST_CASE("the flow graph appends root edges to nodes with only ignored retainers", "[devtools]") {
  TinyGraph t;
  const auto root = t.node("synthetic", "");
  const auto a = t.node("object", "A", 1);
  const auto b = t.node("object", "B", 1);
  const auto c = t.node("object", "C", 1);
  t.edge(root, "shortcut", "a", a);
  t.edge(root, "weak", "c", c);
  t.edge(a, "weak", "b", b);
  const HeapGraph g = t.build();
  const auto page = mark_page_owned(g);
  EssentialEdges essential(g, page);
  CHECK(essential.essential_count() == 1);
  const DevtoolsFlowGraph flow(g, std::move(essential));
  CHECK(flow.orphans().size() == 2);
  const FlowGraph view = flow.view();
  std::vector<NodeOrdinal> successors;
  for (uint64_t p = view.offsets[root]; p < view.position_end(root); ++p)
    if (view.successor(root, p) != graph::kNoNode) successors.push_back(view.successor(root, p));
  // The root's own essential edge (the weak one is masked out), then the two orphans.
  CHECK(successors == std::vector<NodeOrdinal>{a, b, c});
}

TEST_CASE("shallow sizes move array and hidden parts to their single owner", "[devtools]") {
  TinyGraph t;
  const auto root = t.node("synthetic", "");
  const auto gc = t.node("synthetic", "(GC roots)");
  const auto owner = t.node("object", "Owner", 10);
  const auto elements = t.node("array", "(object elements)", 30);
  const auto hidden = t.node("hidden", "system / PropertyArray", 5);
  const auto deeper = t.node("hidden", "system / Deeper", 7);
  const auto shared = t.node("array", "(shared)", 11);
  const auto other = t.node("object", "Other", 3);
  const auto system_owned = t.node("hidden", "system / Root stuff", 13);
  const auto weakly = t.node("array", "(weakly held)", 17);
  const auto external = t.node("native", "system / ExternalStringData", 19);
  const auto str = t.node("string", "text", 2);
  t.edge(root, "element", "1", gc);
  t.edge(root, "shortcut", "owner", owner);
  t.edge(root, "shortcut", "other", other);
  t.edge(gc, "element", "1", system_owned);
  t.edge(owner, "internal", "elements", elements);
  t.edge(owner, "internal", "properties", hidden);
  t.edge(hidden, "internal", "x", deeper);
  t.edge(owner, "internal", "s", shared);
  t.edge(other, "internal", "s", shared);
  t.edge(other, "weak", "w", weakly);
  t.edge(other, "property", "str", str);
  t.edge(str, "internal", "data", external);
  const HeapGraph g = t.build();
  REQUIRE(has_user_roots(g));
  const auto s = compute_shallow_sizes(g);
  CHECK(s[owner] == 52);
  CHECK(s[elements] == 0);
  CHECK(s[hidden] == 0);
  CHECK(s[deeper] == 0);
  CHECK(s[shared] == 11);        // two owners
  CHECK(s[other] == 3);
  CHECK(s[system_owned] == 13);  // its owner is synthetic
  CHECK(s[weakly] == 17);        // reached over a weak edge only
  CHECK(s[str] == 21);           // external string data belongs to its string
  CHECK(s[external] == 0);
  uint64_t sum = 0;
  for (const uint64_t v : s) sum += v;
  CHECK(sum == g.total_self_size());
}

TEST_CASE("without user roots the shallow sizes are the raw self sizes", "[devtools]") {
  TinyGraph t;
  const auto root = t.node("synthetic", "");
  const auto gc = t.node("synthetic", "(GC roots)");
  const auto obj = t.node("object", "O", 10);
  const auto arr = t.node("array", "(elements)", 30);
  t.edge(root, "element", "1", gc);
  t.edge(gc, "element", "1", obj);
  t.edge(obj, "internal", "elements", arr);
  const HeapGraph g = t.build();
  CHECK_FALSE(has_user_roots(g));
  const auto s = compute_shallow_sizes(g);
  CHECK(s[obj] == 10);
  CHECK(s[arr] == 30);
  const auto d = compute_distances(g);
  CHECK(d[root] == 0);  // no user roots: the system search starts at 0
  CHECK(d[gc] == 1);
  CHECK(d[obj] == 2);
}

TEST_CASE("distances: user roots, system roots, weak edges and DevTools' filters", "[devtools]") {
  TinyGraph t;
  const auto root = t.node("synthetic", "");
  const auto gc = t.node("synthetic", "(GC roots)");
  const auto user = t.node("object", "Window", 1);
  const auto v = t.node("object", "V", 1);
  const auto weakly = t.node("object", "W", 1);
  const auto context = t.node("hidden", "system / NativeContext", 1);
  const auto sloppy = t.node("object", "SloppyMap", 1);
  const auto descriptors = t.node("array", "(map descriptors)", 1);
  const auto x1 = t.node("object", "X1", 1);
  const auto x4 = t.node("object", "X4", 1);
  const auto x5 = t.node("object", "X5", 1);
  const auto table = t.node("array", "(table)", 1, 0, 101);
  const auto a = t.node("object", "A", 1);
  const auto key = t.node("object", "K", 1, 0, 103);
  const auto value = t.node("object", "Val", 1, 0, 105);
  const auto sys = t.node("object", "Sys", 1);
  t.edge(root, "shortcut", "window", user);
  t.edge(root, "element", "1", gc);
  t.edge(gc, "element", "1", sys);
  t.edge(gc, "element", "2", x4);
  t.edge(gc, "element", "3", sloppy);
  t.edge(user, "property", "v", v);
  t.edge(user, "weak", "w", weakly);
  t.edge(user, "internal", "native_context", context);
  t.edge(user, "internal", "descriptors", descriptors);
  t.edge(user, "property", "table", table);
  t.edge(user, "property", "a", a);
  t.edge(context, "internal", "sloppy_function_map", sloppy);
  t.edge(descriptors, "element", "1", x1);
  t.edge(descriptors, "element", "4", x4);
  t.edge(descriptors, "element", "5", x5);
  t.edge(table, "internal", "1 / part of key (K @103) -> value (Val @105) pair in WeakMap (table @101)", value);
  t.edge(a, "property", "key", key);
  t.edge(key, "internal", "3 / part of key (K @103) -> value (Val @105) pair in WeakMap (table @101)", value);
  const HeapGraph g = t.build();
  const auto d = compute_distances(g);
  CHECK(d[user] == 1);
  CHECK(d[v] == 2);
  CHECK(d[weakly] == kNoDistance);  // only a weak edge leads there
  CHECK(d[context] == 2);
  CHECK(d[sloppy] == kBaseSystemDistance + 2);  // not through sloppy_function_map
  CHECK(d[descriptors] == 2);
  CHECK(d[x1] == 3);
  CHECK(d[x5] == 3);
  CHECK(d[x4] == kBaseSystemDistance + 2);  // descriptor value slot skipped
  CHECK(d[table] == 2);
  CHECK(d[key] == 3);
  CHECK(d[value] == 4);  // max(table, key) + 1, not table + 1
  CHECK(d[root] == kBaseSystemDistance);
  CHECK(d[gc] == kBaseSystemDistance + 1);
  CHECK(d[sys] == kBaseSystemDistance + 2);
}

TEST_CASE("detachedness propagates through native nodes only and renames detached ones", "[devtools]") {
  TinyGraph t;
  const auto root = t.node("synthetic", "");
  const auto attached = t.node("native", "HTMLDocument", 1, 1);
  const auto child = t.node("native", "HTMLBodyElement", 1, 0);
  const auto detached = t.node("native", "<div id=gone>", 1, 2);
  const auto detached_child = t.node("native", "Text", 1, 0);
  const auto hidden_child = t.node("native", "Hidden", 1, 0);
  const auto js = t.node("object", "Wrapper", 1, 0);
  const auto behind_js = t.node("native", "Behind", 1, 0);
  t.edge(root, "element", "1", attached);
  t.edge(root, "element", "2", detached);
  t.edge(attached, "property", "body", child);
  t.edge(detached, "property", "text", detached_child);
  t.edge(detached, "property", "body", child);
  t.edge(detached, "hidden", "1", hidden_child);
  t.edge(detached, "property", "wrapper", js);
  t.edge(js, "property", "behind", behind_js);
  const HeapGraph g = t.build();
  const auto state = propagate_detachedness(g);
  CHECK(state[child] == 1);
  CHECK(state[detached] == 2);
  CHECK(state[detached_child] == 2);
  CHECK(state[hidden_child] == 0);
  CHECK(state[behind_js] == 0);
  CHECK(devtools_raw_name(g, state, detached_child) == "Detached Text");
  CHECK(devtools_raw_name(g, state, child) == "HTMLBodyElement");

  const auto shallow = compute_shallow_sizes(g, state);
  const auto r = compute_devtools_retained(g, shallow);
  const auto dist = compute_distances(g);
  const auto classes = compute_class_aggregates(g, state, shallow, r.retained, r.idom, dist);
  CHECK(find_class(classes, "Detached <div>") != nullptr);
  CHECK(find_class(classes, "Detached Text") != nullptr);
  CHECK(find_class(classes, "HTMLBodyElement") != nullptr);

  SECTION("old snapshots without the field: names decide, nothing propagates or is renamed") {
    TinyGraph old = t;
    old.set_detachedness_field(false);
    const HeapGraph og = old.build();
    TinyGraph t2;
    const auto r2 = t2.node("synthetic", "");
    const auto d2 = t2.node("native", "Detached HTMLDivElement", 1);
    const auto c2 = t2.node("native", "Text", 1);
    t2.edge(r2, "element", "1", d2);
    t2.edge(d2, "property", "t", c2);
    t2.set_detachedness_field(false);
    const HeapGraph g2 = t2.build();
    const auto s2 = propagate_detachedness(g2);
    CHECK(s2[d2] == 2);
    CHECK(s2[c2] == 0);
    CHECK(devtools_raw_name(g2, s2, d2) == "Detached HTMLDivElement");
    CHECK_FALSE(is_renamed_detached(g2, s2, d2));
    CHECK(propagate_detachedness(og)[detached_child] == 0);
  }
}

TEST_CASE("class names by node type, tag names and constructor locations", "[devtools]") {
  TinyGraph t;
  const auto root = t.node("synthetic", "");
  const auto w = t.node("object", "Window", 8);
  const auto h = t.node("hidden", "system / Context", 4);
  const auto code = t.node("code", "foo", 4);
  const auto fn = t.node("closure", "foo", 4);
  const auto re = t.node("regexp", "a+b", 4);
  const auto str = t.node("string", "hello", 4);
  const auto arr = t.node("array", "(object elements)", 4);
  const auto div1 = t.node("native", "<div id=a>", 4);
  const auto div2 = t.node("native", "<div class=b>", 4);
  const auto thing1 = t.node("object", "Thing", 16);
  const auto thing2 = t.node("object", "Thing", 16);
  const auto thing3 = t.node("object", "Thing", 16);
  const auto zero = t.node("object", "Zero", 0);
  for (const auto n : {w, h, code, fn, re, str, arr, div1, div2, thing1, thing2, thing3, zero})
    t.edge(root, "element", "1", n);
  t.location(thing1, 7, 1, 2);
  t.location(thing2, 7, 1, 2);
  t.location(thing3, 7, 10, 0);
  t.location(fn, 7, 5, 5);  // closures are not split by location
  const HeapGraph g = t.build();
  const auto a = analyze_devtools(g);
  const auto& cls = a.classes;
  CHECK(cls.classes[cls.node_class[h]].name == "(system)");
  CHECK(cls.classes[cls.node_class[code]].name == "(compiled code)");
  CHECK(cls.classes[cls.node_class[fn]].name == "Function");
  CHECK(cls.classes[cls.node_class[re]].name == "RegExp");
  CHECK(cls.classes[cls.node_class[str]].name == "(string)");
  CHECK(cls.classes[cls.node_class[arr]].name == "(array)");
  CHECK(cls.node_class[div1] == cls.node_class[div2]);
  CHECK(cls.classes[cls.node_class[div1]].name == "<div>");
  CHECK(cls.classes[cls.node_class[div1]].count == 2);
  CHECK(cls.node_class[thing1] == cls.node_class[thing2]);
  CHECK(cls.node_class[thing1] != cls.node_class[thing3]);
  const ClassInfo& t1 = cls.classes[cls.node_class[thing1]];
  CHECK(t1.count == 2);
  CHECK(t1.self_size == 32);
  CHECK(t1.key() == "7,1,2,Thing");
  CHECK(cls.classes[cls.node_class[thing3]].key() == "7,10,0,Thing");
  CHECK(cls.classes[cls.node_class[fn]].key() == ",Function");
  const ClassInfo& z = cls.classes[cls.node_class[zero]];
  CHECK(z.count == 0);  // zero-size nodes are left out of the rows
  CHECK_FALSE(z.listed);
}

TEST_CASE("class retained size counts only the top-most instance on a dominator path", "[devtools]") {
  TinyGraph t;
  const auto root = t.node("synthetic", "");
  const auto outer = t.node("object", "Node", 10);
  const auto middle = t.node("object", "Other", 5);
  const auto inner = t.node("object", "Node", 20);
  const auto leaf = t.node("object", "Leaf", 1);
  const auto sibling = t.node("object", "Node", 100);
  t.edge(root, "shortcut", "outer", outer);
  t.edge(root, "shortcut", "sibling", sibling);
  t.edge(outer, "property", "m", middle);
  t.edge(middle, "property", "i", inner);
  t.edge(inner, "property", "l", leaf);
  const HeapGraph g = t.build();
  const auto a = analyze_devtools(g);
  const ClassInfo* node_class = find_class(a.classes, "Node");
  REQUIRE(node_class != nullptr);
  CHECK(node_class->count == 3);
  CHECK(node_class->self_size == 130);
  CHECK(node_class->max_retained == 36 + 100);  // inner is inside outer
  CHECK(node_class->distance == 1);
  CHECK(find_class(a.classes, "Other")->max_retained == 26);
  CHECK(find_class(a.classes, "Leaf")->distance == 4);
}

TEST_CASE("plain objects are named after popular property sets", "[devtools]") {
  TinyGraph t;
  const auto root = t.node("synthetic", "");
  std::vector<NodeOrdinal> xy, xyz, lonely;
  for (int i = 0; i < 3; ++i) xy.push_back(t.node("object", "Object", 10));
  for (int i = 0; i < 2; ++i) xyz.push_back(t.node("object", "Object", 10));
  lonely.push_back(t.node("object", "Object", 10));
  const auto empty = t.node("object", "Object", 10);
  const auto quoted1 = t.node("object", "Object", 10);
  const auto quoted2 = t.node("object", "Object", 10);
  const auto proto = t.node("object", "Object", 1);
  for (NodeOrdinal n = 1; n < proto + 1; ++n) t.edge(root, "element", "1", n);
  for (const auto n : xy) {
    t.edge(n, "property", "y", proto);
    t.edge(n, "property", "x", proto);
    t.edge(n, "property", "__proto__", proto);
  }
  for (const auto n : xyz) {
    t.edge(n, "property", "x", proto);
    t.edge(n, "property", "y", proto);
    t.edge(n, "property", "z", proto);
  }
  t.edge(lonely[0], "property", "only", proto);
  t.edge(lonely[0], "property", "x", proto);
  t.edge(lonely[0], "property", "y", proto);
  for (const auto n : {quoted1, quoted2}) t.edge(n, "property", "a,b", proto);
  const HeapGraph g = t.build();

  const auto defs = infer_interface_definitions(g);
  REQUIRE(defs.size() == 3);
  CHECK(defs[0].name == "{y, x}");  // three objects start with y, x
  CHECK(defs[1].name == "{x, y, z}");
  CHECK(defs[2].name == "{\"a,b\"}");

  const auto a = analyze_devtools(g);
  const auto name_of = [&](NodeOrdinal n) { return a.classes.classes[a.classes.node_class[n]].name; };
  CHECK(name_of(xy[0]) == "{y, x}");
  CHECK(name_of(xyz[0]) == "{x, y, z}");   // the definition with more properties wins
  CHECK(name_of(lonely[0]) == "{y, x}");   // has x and y, and "only" matches nothing
  CHECK(name_of(empty) == "Object");
  CHECK(name_of(quoted1) == "{\"a,b\"}");
  CHECK(name_of(proto) == "Object");

  CHECK(devtools_node_name(g, a.dom_state, xy[0]) == "{y, x}");
  CHECK(devtools_node_name(g, a.dom_state, lonely[0]) == "{only, x, y}");
  CHECK(devtools_node_name(g, a.dom_state, empty) == "{}");
}

TEST_CASE("DevTools lists one row per public class key, the last one seen", "[devtools]") {
  TinyGraph t;
  const auto root = t.node("synthetic", "");
  const auto obj = t.node("object", "Function", 10);  // the snapshot's own string "Function"
  const auto fn = t.node("closure", "f", 20);         // DevTools' appended "Function"
  t.edge(root, "shortcut", "o", obj);
  t.edge(root, "shortcut", "f", fn);
  const HeapGraph g = t.build();
  const auto a = analyze_devtools(g);
  const auto& objects = a.classes.classes[a.classes.node_class[obj]];
  const auto& closures = a.classes.classes[a.classes.node_class[fn]];
  CHECK(a.classes.node_class[obj] != a.classes.node_class[fn]);
  CHECK(objects.key() == closures.key());
  CHECK_FALSE(objects.listed);
  CHECK(closures.listed);
}

TEST_CASE("concatenated strings are shown flattened", "[devtools]") {
  TinyGraph t;
  const auto root = t.node("synthetic", "");
  const auto cons = t.node("concatenated string", "", 20);
  const auto left = t.node("concatenated string", "", 20);
  const auto a = t.node("string", "ab", 10);
  const auto b = t.node("string", "cd", 10);
  const auto c = t.node("string", "ef", 10);
  t.edge(root, "element", "1", cons);
  t.edge(cons, "internal", "first", left);
  t.edge(cons, "internal", "second", c);
  t.edge(left, "internal", "first", a);
  t.edge(left, "internal", "second", b);
  const HeapGraph g = t.build();
  CHECK(devtools_node_name(g, {}, cons) == "abcdef");

  // A malformed snapshot with a cons string that contains itself must not hang (DevTools does).
  TinyGraph bad;
  const auto r2 = bad.node("synthetic", "");
  const auto loop = bad.node("concatenated string", "", 20);
  bad.edge(r2, "element", "1", loop);
  bad.edge(loop, "internal", "first", loop);
  bad.edge(loop, "internal", "second", loop);
  const HeapGraph bg = bad.build();
  CHECK(devtools_node_name(bg, {}, loop).empty());
}

TEST_CASE("long chains need no recursion", "[devtools]") {
  TinyGraph t;
  const auto root = t.node("synthetic", "");
  NodeOrdinal prev = root;
  constexpr int kLength = 200000;
  for (int i = 0; i < kLength; ++i) {
    const auto n = t.node("object", "Link", 2);
    t.edge(prev, prev == root ? "shortcut" : "property", "next", n);
    prev = n;
  }
  const HeapGraph g = t.build();
  const auto a = analyze_devtools(g);
  CHECK(a.retained.total_size == 2 * kLength);
  CHECK(a.retained.retained[1] == 2 * kLength);
  CHECK(a.distance[prev] == kLength);
  const ClassInfo* link = find_class(a.classes, "Link");
  REQUIRE(link != nullptr);
  CHECK(link->max_retained == 2 * kLength);
}

TEST_CASE("dominator children: each node's children in ascending order, root and unreachable left out",
          "[devtools]") {
  constexpr NodeOrdinal kNone = graph::kNoNode;
  const std::vector<NodeOrdinal> idom{0, 0, 0, 1, 1, kNone, 3, 0};
  const DominatorChildren children(idom, 0);
  auto list = [&](NodeOrdinal n) {
    const auto kids = children.of(n);
    return std::vector<NodeOrdinal>(kids.begin(), kids.end());
  };
  CHECK(list(0) == std::vector<NodeOrdinal>{1, 2, 7});
  CHECK(list(1) == std::vector<NodeOrdinal>{3, 4});
  CHECK(list(3) == std::vector<NodeOrdinal>{6});
  for (const NodeOrdinal leaf : {2u, 4u, 5u, 6u, 7u}) CHECK(children.count(leaf) == 0);

  // Random trees against the obvious per-parent lists.
  std::mt19937 rng(5);
  for (int round = 0; round < 50; ++round) {
    const uint32_t n = 1 + rng() % 2000;
    std::vector<NodeOrdinal> parent(n);
    std::vector<std::vector<NodeOrdinal>> expected(n);
    for (NodeOrdinal v = 0; v < n; ++v) {
      if (v == 0) {
        parent[v] = 0;
      } else if (rng() % 10 == 0) {
        parent[v] = kNone;
      } else {
        parent[v] = static_cast<NodeOrdinal>(rng() % n);
        expected[parent[v]].push_back(v);
      }
    }
    const DominatorChildren built(parent, 0);
    for (NodeOrdinal v = 0; v < n; ++v) {
      const auto kids = built.of(v);
      REQUIRE(std::vector<NodeOrdinal>(kids.begin(), kids.end()) == expected[v]);
    }
  }
}

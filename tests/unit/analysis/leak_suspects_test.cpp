// Leak suspects (leak_suspects.h) on hand-built heaps whose answers are worked out by hand in the
// comments: a collection behind a backing store, a linked chain, a hub with two caches, a class
// of top-level instances, a spread-out global and a healthy heap.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "heapsnap/analysis/devtools_analysis.h"
#include "heapsnap/analysis/dominator_children.h"
#include "heapsnap/analysis/leak_suspects.h"
#include "heapsnap/graph/retainers.h"
#include "unit/support/tiny_heap.h"

using namespace heapsnap;
using analysis::HeapSuspectOptions;
using analysis::HeapSuspects;
using analysis::SuspectKind;
using graph::NodeOrdinal;

namespace {

// TinyHeap with ids 2 * ordinal + 1.
class Heap : public test::TinyHeap {
 public:
  NodeOrdinal node(const std::string& type, const std::string& name, uint64_t size) {
    return TinyHeap::node(type, name, static_cast<uint32_t>(2 * node_count() + 1), size);
  }
};

struct Analysed {
  graph::HeapGraph graph;
  analysis::DevtoolsAnalysis devtools;
  analysis::DominatorChildren children;
  explicit Analysed(graph::HeapGraph g)
      : graph(std::move(g)),
        devtools(analysis::analyze_devtools(graph)),
        children(devtools.retained.idom, graph.root()) {}
  HeapSuspects suspects(const HeapSuspectOptions& options) const {
    const analysis::HeapSuspectInputs in{graph, devtools.shallow, devtools.retained.retained,
                                         devtools.retained.idom, children, devtools.classes,
                                         devtools.retained.total_size};
    return analysis::find_leak_suspects(in, options);
  }
  std::string class_name(uint32_t c) const { return devtools.classes.classes.at(c).name; }
};

HeapSuspectOptions share(double s) {
  HeapSuspectOptions o;
  o.min_share = s;
  o.min_bytes = 0;
  return o;
}

}  // namespace

TEST_CASE("suspects: a Map's entries accumulate behind its table, and the holder is the property", "[suspects]") {
  // root -> App (10) -cache-> Map (20) -table-> (array) (40) -> 10 x Entry (100 each); root -> Small (30).
  // Total 1100, threshold 10% = 110. App retains 1070: Map holds 1060 of it (99%), the table
  // 1040 of Map's (98%), and no entry more than 100 of the table's 1040: the table is the
  // accumulation point, named by its owner, the Map (held by an internal edge).
  Heap h;
  const auto root = h.node("synthetic", "", 0);
  const auto app = h.node("object", "App", 10);
  const auto small = h.node("object", "Small", 30);
  const auto map = h.node("object", "Map", 20);
  const auto table = h.node("array", "", 40);
  h.edge(root, "element", "1", app);
  h.edge(root, "element", "2", small);
  h.edge(app, "property", "cache", map);
  h.edge(map, "internal", "table", table);
  std::vector<NodeOrdinal> entries;
  for (int i = 0; i < 10; ++i) {
    entries.push_back(h.node("object", "Entry", 100));
    h.edge(table, "element", std::to_string(i), entries.back());
  }
  const Analysed a(h.build());
  const auto& retained = a.devtools.retained.retained;
  REQUIRE(a.devtools.retained.total_size == 1100);
  REQUIRE(retained[app] == 1070);

  const HeapSuspects found = a.suspects(share(0.10));
  CHECK(found.threshold == 110);
  REQUIRE(found.suspects.size() == 1);
  const auto& s = found.suspects[0];
  CHECK(s.kind == SuspectKind::kObject);
  CHECK(s.object == app);
  CHECK(s.retained == 1070);
  CHECK(s.walk == std::vector<NodeOrdinal>{app, map, table});
  CHECK(s.accumulation == table);
  CHECK(s.collection == map);
  CHECK(s.child_count == 10);
  CHECK(s.chain_length == 0);
  REQUIRE(s.accumulated.size() == 1);
  CHECK(a.class_name(s.accumulated[0].class_index) == "Entry");
  CHECK(s.accumulated[0].count == 10);
  CHECK(s.accumulated[0].retained == 1000);
  CHECK(s.accumulated[0].biggest == entries[0]);  // ties: the first child
  CHECK(found.biggest_object == small);            // the biggest top-level object below 110

  // Holder: App is a user root (distance 1), so the path is App -cache-> Map.
  const analysis::NearestRetainers paths(a.graph, a.devtools.distance);
  const auto holder = analysis::find_holder(a.graph, paths, map);
  REQUIRE(holder.path.edges.size() == 1);
  CHECK(holder.path.start == app);
  REQUIRE(holder.named_edge != UINT64_MAX);
  CHECK(a.graph.edge_label(holder.named_edge) == "cache");
  CHECK(holder.named_edge_source == app);
  // The table's path ends in the internal `table` edge; the named reference nearest it is still `cache`.
  const auto table_holder = analysis::find_holder(a.graph, paths, table);
  REQUIRE(table_holder.path.edges.size() == 2);
  CHECK(a.graph.edge_label(table_holder.named_edge) == "cache");

  // A threshold above App's share: no suspect; the biggest top-level object is App.
  const HeapSuspects none = a.suspects(share(0.98));
  CHECK(none.suspects.empty());
  CHECK(none.biggest_object == app);
  // The absolute floor alone: 1071 bytes is one more than App retains.
  HeapSuspectOptions floor = share(0);
  floor.min_bytes = 1071;
  CHECK(a.suspects(floor).suspects.empty());
  floor.min_bytes = 1070;
  CHECK(a.suspects(floor).suspects.size() == 1);
}

TEST_CASE("suspects: a linked chain accumulates at its head", "[suspects]") {
  // root -> Log (10) -latest-> Op1 -previous-> Op2 ... Op20 (50 each). Total 1010. Each Op
  // retains all that follow, so the walk runs down the chain: 20 Ops in a row (>= 16) are a
  // chain whose head, Op1 (1000), is the accumulation point.
  Heap h;
  const auto root = h.node("synthetic", "", 0);
  const auto log = h.node("object", "Log", 10);
  h.edge(root, "element", "1", log);
  std::vector<NodeOrdinal> ops;
  for (int i = 0; i < 20; ++i) {
    ops.push_back(h.node("object", "Op", 50));
    if (i == 0) h.edge(log, "property", "latest", ops.back());
    else h.edge(ops[i - 1], "property", "previous", ops.back());
  }
  const Analysed a(h.build());
  const HeapSuspects found = a.suspects(share(0.10));
  REQUIRE(found.suspects.size() == 1);
  const auto& s = found.suspects[0];
  CHECK(s.object == log);
  CHECK(s.retained == 1010);
  CHECK(s.walk == std::vector<NodeOrdinal>{log, ops[0]});
  CHECK(s.accumulation == ops[0]);
  CHECK(s.collection == ops[0]);
  CHECK(s.chain_length == 20);
  CHECK(s.chain_edge == "previous");
  REQUIRE(s.accumulated.size() == 1);
  CHECK(s.accumulated[0].count == 20);
  CHECK(s.accumulated[0].retained == 1000);

  // With a longer minimum the 20 Ops are no chain, and the walk from Log stops where the next
  // Op holds less than 80%: Op17 retains 200, Op18 150 (75%). But Op18 alone reaches the
  // threshold (101), so Op17 is a hub and Op18 the candidate: its child Op19 holds 100 of 150
  // (67%), so Op18 is its own accumulation point, of one Op. That is why chains are followed.
  HeapSuspectOptions longer = share(0.10);
  longer.min_chain_length = 21;
  const HeapSuspects no_chain = a.suspects(longer);
  REQUIRE(no_chain.suspects.size() == 1);
  const auto& t = no_chain.suspects[0];
  CHECK(t.object == ops[17]);
  CHECK(t.walk == std::vector<NodeOrdinal>{ops[17]});
  CHECK(t.accumulation == ops[17]);
  CHECK(t.chain_length == 0);
  REQUIRE(t.accumulated.size() == 1);
  CHECK(t.accumulated[0].count == 1);
  CHECK(t.accumulated[0].retained == 100);
}

TEST_CASE("suspects: a hub's big children are the suspects, not the hub", "[suspects]") {
  // root -> global (10) -a-> CacheA (10) -> 10 x EntryA (50); -b-> CacheB (10) -> 10 x EntryB (50).
  // Total 1030, threshold 103. global retains 1030 but its biggest child 510 (49.5%): it fans
  // out, into two children above the threshold, so each cache is a candidate: each fans out into
  // 10 alike entries (500 of 510) and is its own accumulation point.
  Heap h;
  const auto root = h.node("synthetic", "", 0);
  const auto global = h.node("object", "global", 10);
  h.edge(root, "element", "1", global);
  NodeOrdinal caches[2];
  for (int c = 0; c < 2; ++c) {
    const std::string letter = c == 0 ? "A" : "B";
    caches[c] = h.node("object", "Cache" + letter, 10);
    h.edge(global, "property", c == 0 ? "a" : "b", caches[c]);
    for (int i = 0; i < 10; ++i) {
      const auto e = h.node("object", "Entry" + letter, 50);
      h.edge(caches[c], "element", std::to_string(i), e);
    }
  }
  const Analysed a(h.build());
  const HeapSuspects found = a.suspects(share(0.10));
  REQUIRE(found.suspects.size() == 2);
  // Equal retained sizes: smaller id first.
  CHECK(found.suspects[0].object == caches[0]);
  CHECK(found.suspects[1].object == caches[1]);
  for (int c = 0; c < 2; ++c) {
    const auto& s = found.suspects[c];
    CHECK(s.retained == 510);
    CHECK(s.accumulation == caches[c]);
    CHECK(s.child_count == 10);
    CHECK(a.class_name(s.accumulated.at(0).class_index) == std::string("Entry") + (c == 0 ? "A" : "B"));
  }
}

TEST_CASE("suspects: many top-level instances of one class, and a heap with none", "[suspects]") {
  // root -> 10 x Session (100 each) and one Other (100), all top-level. Total 1100, threshold
  // 110: no object reaches it, the 10 Sessions do together (1000; the biggest holds 10%).
  Heap h;
  const auto root = h.node("synthetic", "", 0);
  std::vector<NodeOrdinal> sessions;
  for (int i = 0; i < 10; ++i) {
    sessions.push_back(h.node("object", "Session", 100));
    h.edge(root, "element", std::to_string(i + 1), sessions.back());
  }
  const auto other = h.node("object", "Other", 100);
  h.edge(root, "element", "11", other);
  const Analysed a(h.build());
  const HeapSuspects found = a.suspects(share(0.10));
  REQUIRE(found.suspects.size() == 1);
  const auto& s = found.suspects[0];
  CHECK(s.kind == SuspectKind::kClass);
  CHECK(a.class_name(s.class_index) == "Session");
  CHECK(s.instances == 10);
  CHECK(s.retained == 1000);
  CHECK(s.object == sessions[0]);
  CHECK(s.accumulation == graph::kNoNode);

  // Above 1000 bytes nothing is a suspect; the reasons name the biggest object and class.
  const HeapSuspects none = a.suspects(share(0.95));
  CHECK(none.suspects.empty());
  CHECK(none.biggest_object == sessions[0]);
  CHECK(a.class_name(none.biggest_class) == "Session");
  CHECK(none.biggest_class_retained == 1000);
  CHECK(none.biggest_class_instances == 10);
}

TEST_CASE("suspects: a global spread over unlike children is no suspect", "[suspects]") {
  // root -> global (10) -> A, B, C, D, E (100 each, each its own class). Total 510; at 25% the
  // threshold is 128: global (510) reaches it, no child does (not a hub), and the biggest class
  // below it holds 100 of 510 (< 50%): nothing alike accumulates.
  Heap h;
  const auto root = h.node("synthetic", "", 0);
  const auto global = h.node("object", "global", 10);
  h.edge(root, "element", "1", global);
  for (const char* name : {"A", "B", "C", "D", "E"}) h.edge(global, "property", name, h.node("object", name, 100));
  const Analysed a(h.build());
  const HeapSuspects found = a.suspects(share(0.25));
  CHECK(found.threshold == 128);
  CHECK(found.suspects.empty());
  CHECK(found.spread.object == global);
  CHECK(found.spread.accumulation == global);
  CHECK(found.spread.child_count == 5);
}

TEST_CASE("suspects: an empty and a root-only heap have none", "[suspects]") {
  Heap h;
  h.node("synthetic", "", 0);
  const Analysed a(h.build());
  const HeapSuspects found = a.suspects({});
  CHECK(found.suspects.empty());
  CHECK(found.biggest_object == graph::kNoNode);
  CHECK(found.threshold == HeapSuspectOptions{}.min_bytes);
}

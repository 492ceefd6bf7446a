// GraphBuilder, the invariant checker, reverse edges and id lookup on small hand-built graphs.
#include <catch2/catch.hpp>

#include <initializer_list>

#include "heapsnap/graph/graph_builder.h"
#include "heapsnap/graph/graph_invariants.h"
#include "heapsnap/graph/id_index.h"
#include "heapsnap/graph/retainers.h"
#include "heapsnap/util/error.h"

using namespace heapsnap;
using namespace heapsnap::graph;

namespace {

struct NodeRow {
  uint8_t type;
  uint32_t name;  // a StringIndex
  uint32_t id;    // a NodeId
  uint64_t self_size, edge_count;
  uint32_t trace_node_id;
  uint8_t detachedness;
};
struct EdgeRow {
  uint8_t type;
  uint32_t name_or_index;
  NodeOrdinal to;
};

// Adds the rows through the builder's appenders, as the loader does.
void fill(GraphBuilder& b, std::initializer_list<NodeRow> nodes, std::initializer_list<EdgeRow> edges) {
  GraphBuilder::NodeAppender n = b.begin_nodes(nodes.size());
  for (const NodeRow& r : nodes)
    n.add(r.type, StringIndex{r.name}, NodeId{r.id}, r.self_size, r.edge_count, r.trace_node_id,
          r.detachedness);
  b.end_nodes(n);
  GraphBuilder::EdgeAppender e = b.begin_edges(edges.size());
  for (const EdgeRow& r : edges) e.add(r.type, r.name_or_index, r.to);
  b.end_edges(e);
}

// Node types: 0 synthetic, 1 object. Edge types: 0 property, 1 element, 2 weak.
GraphBuilder small_builder() {
  GraphBuilder b;
  b.set_node_types({"synthetic", "object"});
  b.set_edge_types({"property", "element", "weak"});
  b.strings().append("");
  b.strings().append("a");
  b.strings().append("Thing");
  return b;
}

}  // namespace

TEST_CASE("builder produces CSR offsets, kinds and totals", "[graph]") {
  GraphBuilder b = small_builder();
  fill(b, {
           {0, 0, 1, 0, 2, 0, 0},
           {1, 2, 3, 10, 1, 0, 0},
           {1, 2, 5, 20, 0, 0, 0}
       },
       {
           {0, 1, 1},  // root -a-> 1
           {1, 7, 2},  // root [7] -> 2
           {2, 1, 2}  // 1 -weak a-> 2
       });
  const HeapGraph g = b.finish();
  CHECK(g.node_count() == 3);
  CHECK(g.edge_count() == 3);
  CHECK(g.first_edge(1) == 2);
  CHECK(g.edge_end(1) == 3);
  CHECK(g.total_self_size() == 30);
  CHECK(g.edge_kind(1) == EdgeKind::kElement);
  CHECK(g.edge_label(1) == "7");
  CHECK(g.edge_label(0) == "a");
  CHECK(g.edge_kind(2) == EdgeKind::kWeak);
  CHECK(g.node_kind(1) == NodeKind::kObject);
  CHECK_FALSE(check_graph(g).has_value());
}

TEST_CASE("builder rejects broken cross references", "[graph]") {
  SECTION("edge counts do not add up") {
    GraphBuilder b = small_builder();
    fill(b, {
             {0, 0, 1, 0, 2, 0, 0}
         },
         {
             {0, 1, 0}
         });
    CHECK_THROWS_WITH(b.finish(), Catch::Contains("sum to 2"));
  }
  SECTION("edge target out of range") {
    GraphBuilder b = small_builder();
    fill(b, {
             {0, 0, 1, 0, 1, 0, 0}
         },
         {
             {0, 1, 5}
         });
    CHECK_THROWS_WITH(b.finish(), Catch::Contains("node 5 out of range"));
  }
  SECTION("node name not a string") {
    GraphBuilder b = small_builder();
    fill(b, {
             {0, 9, 1, 0, 0, 0, 0}
         },
         {});
    CHECK_THROWS_WITH(b.finish(), Catch::Contains("string index 9 out of range"));
  }
  SECTION("named edge with a bad string, element edge with any index") {
    GraphBuilder b = small_builder();
    fill(b, {
             {0, 0, 1, 0, 2, 0, 0}
         },
         {
             {1, 1000, 0},  // element: 1000 is an index, fine
             {0, 1000, 0}  // property: 1000 must be a string
         });
    CHECK_THROWS_WITH(b.finish(), Catch::Contains("'name_or_index': string index 1000"));
  }
  SECTION("empty graph") {
    GraphBuilder b = small_builder();
    CHECK_THROWS_WITH(b.finish(), Catch::Contains("no nodes"));
  }
}

TEST_CASE("retainers are the exact reverse of the edges, in edge order", "[graph]") {
  GraphBuilder b = small_builder();
  // 0 -> 1, 0 -> 2, 1 -> 2, 2 -> 2 (self), 2 -> 1
  fill(b, {
           {0, 0, 1, 0, 2, 0, 0},
           {1, 2, 3, 1, 1, 0, 0},
           {1, 2, 5, 1, 2, 0, 0}
       },
       {
           {0, 1, 1},
           {0, 1, 2},
           {0, 1, 2},
           {0, 1, 2},
           {0, 1, 1}
       });
  const HeapGraph g = b.finish();
  const Retainers r(g);
  CHECK(r.count(0) == 0);
  REQUIRE(r.count(1) == 2);
  CHECK(r.source(r.first(1)) == 0);
  CHECK(r.edge(r.first(1)) == 0);
  CHECK(r.source(r.first(1) + 1) == 2);
  CHECK(r.edge(r.first(1) + 1) == 4);
  REQUIRE(r.count(2) == 3);
  CHECK(r.source(r.first(2)) == 0);
  CHECK(r.source(r.first(2) + 1) == 1);
  CHECK(r.source(r.first(2) + 2) == 2);
  // Every edge appears exactly once, pointing back at its source.
  uint64_t total = 0;
  for (NodeOrdinal n = 0; n < g.node_count(); ++n) {
    for (uint64_t i = r.first(n); i < r.end(n); ++i) {
      CHECK(g.edge_target(r.edge(i)) == n);
      CHECK(r.edge(i) >= g.first_edge(r.source(i)));
      CHECK(r.edge(i) < g.edge_end(r.source(i)));
      ++total;
    }
  }
  CHECK(total == g.edge_count());
}

TEST_CASE("id index finds every node and nothing else", "[graph]") {
  GraphBuilder b = small_builder();
  // Not sorted, as in real snapshots.
  const NodeId ids[] = {NodeId{1}, NodeId{9}, NodeId{3}, NodeId{7}, NodeId{5}};
  GraphBuilder::NodeAppender nodes = b.begin_nodes(5);
  for (NodeId id : ids) nodes.add(1, StringIndex{2}, id, 0, 0, 0, 0);
  b.end_nodes(nodes);
  const HeapGraph g = b.finish();
  const IdIndex index(g);
  for (NodeOrdinal n = 0; n < 5; ++n) CHECK(index.find(ids[n]) == n);
  CHECK_FALSE(index.find(NodeId{2}).has_value());
  CHECK_FALSE(index.find(NodeId{11}).has_value());
  CHECK_FALSE(index.find(NodeId{0}).has_value());
}

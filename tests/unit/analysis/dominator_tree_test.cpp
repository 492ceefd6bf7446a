// compute_dominators() against idoms worked out by hand, against the naive data-flow solver on
// random graphs, on million-node chains (no recursion), and the retained-size invariants.
#include "heapsnap/analysis/dominator_tree.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "unit/analysis/naive_dominators.h"

namespace {

using heapsnap::analysis::compute_dominators;
using heapsnap::analysis::compute_dominators_with_64bit_offsets;
using heapsnap::analysis::DominatorTree;
using heapsnap::analysis::DominatorPassHooks;
using heapsnap::analysis::FlowGraph;
using heapsnap::analysis::retained_sizes;
using heapsnap::analysis::verify_dominators;
using heapsnap::graph::kNoNode;
using heapsnap::graph::NodeOrdinal;
using heapsnap::test::naive_idoms;
using heapsnap::test::NaiveEdge;

// The results live in BigVector (huge-page allocator); compare them as plain vectors.
template <typename T, typename Alloc>
std::vector<T> as_vector(const std::vector<T, Alloc>& v) {
  return std::vector<T>(v.begin(), v.end());
}

constexpr NodeOrdinal X = kNoNode;  // "unreachable" in expected idom tables

// A graph owning its CSR arrays; edges keep their order within each source.
struct Graph {
  uint32_t node_count = 0;
  NodeOrdinal root = 0;
  std::vector<NaiveEdge> edges;
  std::vector<uint64_t> offsets;
  std::vector<NodeOrdinal> targets;

  FlowGraph flow() const { return FlowGraph{offsets, targets, root, {}, {}}; }
};

Graph make_graph(uint32_t node_count, std::vector<NaiveEdge> edges, NodeOrdinal root) {
  Graph g;
  g.node_count = node_count;
  g.root = root;
  g.edges = std::move(edges);
  g.offsets.assign(node_count + 1, 0);
  for (const auto& [from, to] : g.edges) ++g.offsets[from + 1];
  std::partial_sum(g.offsets.begin(), g.offsets.end(), g.offsets.begin());
  std::vector<uint64_t> cursor(g.offsets.begin(), g.offsets.end() - 1);
  g.targets.resize(g.edges.size());
  for (const auto& [from, to] : g.edges) g.targets[cursor[from]++] = to;
  return g;
}

// Reachable nodes, found without the code under test.
std::vector<bool> reachable_from_root(const Graph& g) {
  std::vector<bool> seen(g.node_count, false);
  std::vector<NodeOrdinal> work{g.root};
  seen[g.root] = true;
  while (!work.empty()) {
    const NodeOrdinal u = work.back();
    work.pop_back();
    for (uint64_t e = g.offsets[u]; e < g.offsets[u + 1]; ++e) {
      if (!seen[g.targets[e]]) {
        seen[g.targets[e]] = true;
        work.push_back(g.targets[e]);
      }
    }
  }
  return seen;
}

// The invariants every tree must satisfy; counts violations so a million-node graph costs a
// handful of assertions, not millions.
void check_invariants(const Graph& g, const DominatorTree& tree, const std::vector<uint64_t>& self) {
  const std::vector<bool> reachable = reachable_from_root(g);
  const std::vector<uint64_t> retained = as_vector(retained_sizes(tree, self));

  uint64_t reachable_self = 0;
  uint64_t reachable_count = 0;
  for (NodeOrdinal n = 0; n < g.node_count; ++n) {
    if (reachable[n]) {
      reachable_self += self[n];
      ++reachable_count;
    }
  }
  CHECK(retained[g.root] == reachable_self);  // the root retains exactly what is reachable

  // The root's dominator children add up (bloaty-style totals).
  uint64_t children_total = self[g.root];
  for (NodeOrdinal n = 0; n < g.node_count; ++n) {
    if (n != g.root && tree.idom[n] == g.root) children_total += retained[n];
  }
  CHECK(children_total == retained[g.root]);

  uint64_t below_self = 0, unreachable_wrong = 0, misplaced = 0, duplicated = 0;
  for (NodeOrdinal n = 0; n < g.node_count; ++n) {
    if (retained[n] < self[n]) ++below_self;
    if (!reachable[n] && (tree.idom[n] != kNoNode || retained[n] != self[n])) ++unreachable_wrong;
  }
  // Every reachable node appears once in preorder, after its idom.
  std::vector<uint32_t> pos_plus1(g.node_count, 0);
  for (uint32_t i = 0; i < tree.preorder.size(); ++i) {
    const NodeOrdinal n = tree.preorder[i];
    if (pos_plus1[n] != 0) ++duplicated;
    pos_plus1[n] = i + 1;
    if (n != g.root && (tree.idom[n] == kNoNode || pos_plus1[tree.idom[n]] == 0)) ++misplaced;
  }
  CHECK(below_self == 0);
  CHECK(unreachable_wrong == 0);
  CHECK(misplaced == 0);
  CHECK(duplicated == 0);
  CHECK(tree.preorder.size() == reachable_count);
  REQUIRE_FALSE(tree.preorder.empty());
  CHECK(tree.preorder.front() == g.root);
  CHECK(verify_dominators(g.flow(), tree) == "");
}

std::vector<uint64_t> sizes_1_to_n(uint32_t n) {
  std::vector<uint64_t> sizes(n);
  std::iota(sizes.begin(), sizes.end(), uint64_t{1});
  return sizes;
}

// Runs the fast and the naive solver, checks both against `expected` and the invariants.
void check_idoms(const Graph& g, const std::vector<NodeOrdinal>& expected) {
  const DominatorTree tree = compute_dominators(g.flow());
  CHECK(as_vector(tree.idom) == expected);
  CHECK(naive_idoms(g.node_count, g.edges, g.root) == expected);
  check_invariants(g, tree, sizes_1_to_n(g.node_count));
}

}  // namespace

TEST_CASE("Lengauer-Tarjan paper example (Fig. 1)", "[dominators]") {
  enum : NodeOrdinal { R, A, B, C, D, E, F, G, H, I, J, K, L, kCount };
  const std::vector<NaiveEdge> edges = {
      {R, A}, {R, B}, {R, C}, {A, D}, {B, A}, {B, D}, {B, E}, {C, F}, {C, G}, {D, L},
      {E, H}, {F, I}, {G, I}, {G, J}, {H, E}, {H, K}, {I, K}, {J, I}, {K, I}, {K, R}, {L, H}};
  //                                       R  A  B  C  D  E  F  G  H  I  J  K  L
  const std::vector<NodeOrdinal> expected = {R, R, R, R, R, R, C, C, R, R, G, R, D};

  SECTION("as numbered in the paper") { check_idoms(make_graph(kCount, edges, R), expected); }

  SECTION("relabelled n -> 12 - n, so the root is the last node") {
    auto flip = [](NodeOrdinal n) { return NodeOrdinal{L} - n; };
    std::vector<NaiveEdge> flipped;
    for (const auto& [from, to] : edges) flipped.emplace_back(flip(from), flip(to));
    std::vector<NodeOrdinal> flipped_expected(kCount);
    for (NodeOrdinal n = 0; n < kCount; ++n) flipped_expected[flip(n)] = flip(expected[n]);
    check_idoms(make_graph(kCount, flipped, flip(R)), flipped_expected);
  }
}

TEST_CASE("diamond", "[dominators]") {
  const Graph g = make_graph(5, {{0, 1}, {0, 2}, {1, 3}, {2, 3}, {3, 4}}, 0);
  check_idoms(g, {0, 0, 0, 0, 3});

  const DominatorTree tree = compute_dominators(g.flow());
  //                                                     self: 1  2  4  8  16
  CHECK(as_vector(retained_sizes(tree, std::vector<uint64_t>{1, 2, 4, 8, 16})) ==
        std::vector<uint64_t>{31, 2, 4, 24, 16});
}

TEST_CASE("nested loops", "[dominators]") {
  // 0 entry; 1 outer header (exit 6); 2 inner header; 3 inner body, reached from 2 directly and
  // via 7; 3 -> 2 inner back edge; 4 and 5 outer latches back to 1.
  const Graph g = make_graph(8,
                             {{0, 1}, {1, 2}, {1, 6}, {2, 3}, {2, 7}, {7, 3}, {3, 2}, {3, 4},
                              {4, 1}, {4, 5}, {5, 1}},
                             0);
  check_idoms(g, {0, 0, 1, 2, 3, 4, 1, 2});
}

TEST_CASE("self loops and edges into the root", "[dominators]") {
  check_idoms(make_graph(3, {{0, 0}, {0, 1}, {1, 1}, {1, 1}, {1, 2}, {2, 2}, {2, 0}}, 0),
              {0, 0, 1});
  // A loop from each node to itself and back to the root changes nothing in a chain.
  check_idoms(make_graph(4, {{3, 3}, {3, 0}, {0, 0}, {0, 3}, {0, 1}, {1, 3}, {1, 2}}, 3),
              {3, 0, 1, 3});
}

TEST_CASE("duplicate edges", "[dominators]") {
  // Duplicates of both join edges: 3 is still a join of 0 and 2.
  check_idoms(make_graph(4,
                         {{0, 1}, {0, 1}, {0, 1}, {1, 2}, {1, 2}, {2, 3}, {2, 3}, {0, 3}, {0, 3}},
                         0),
              {0, 0, 1, 0});
  // Two edges from the same predecessor do not make a join.
  check_idoms(make_graph(4, {{0, 1}, {1, 2}, {1, 2}, {2, 3}, {2, 3}}, 0), {0, 0, 1, 2});
}

TEST_CASE("unreachable predecessors are ignored", "[dominators]") {
  // 4 and 5 form an unreachable cycle that points into 3 and 7; 6 is unreachable and points at
  // the root. Counted as predecessors, they would make 3 and 7 joins dominated by the root.
  const Graph g = make_graph(
      8, {{0, 1}, {0, 2}, {1, 3}, {4, 3}, {5, 4}, {4, 5}, {6, 0}, {2, 7}, {4, 7}}, 0);
  check_idoms(g, {0, 0, 0, 1, X, X, X, 2});

  const DominatorTree tree = compute_dominators(g.flow());
  CHECK(tree.preorder.size() == 5);
  // Unreachable nodes keep their self size and add nothing to the root.
  const std::vector<uint64_t> retained = as_vector(retained_sizes(tree, sizes_1_to_n(8)));
  CHECK(retained[4] == 5);
  CHECK(retained[0] == 1 + 2 + 3 + 4 + 8);
}

TEST_CASE("a single node, and the empty graph", "[dominators]") {
  SECTION("one node, no edges") {
    const Graph g = make_graph(1, {}, 0);
    const DominatorTree tree = compute_dominators(g.flow());
    CHECK(as_vector(tree.idom) == std::vector<NodeOrdinal>{0});
    CHECK(as_vector(tree.preorder) == std::vector<NodeOrdinal>{0});
    CHECK(as_vector(retained_sizes(tree, std::vector<uint64_t>{42})) == std::vector<uint64_t>{42});
    check_invariants(g, tree, {42});
  }
  SECTION("one node with a self loop") { check_idoms(make_graph(1, {{0, 0}, {0, 0}}, 0), {0}); }
  SECTION("no nodes") {
    const Graph g = make_graph(0, {}, 0);  // offsets == {0}
    const DominatorTree tree = compute_dominators(g.flow());
    CHECK(tree.idom.empty());
    CHECK(tree.preorder.empty());
    CHECK(compute_dominators(FlowGraph{}).idom.empty());
    CHECK(retained_sizes(tree, {}).empty());
    CHECK(verify_dominators(g.flow(), tree) == "");
  }
}

TEST_CASE("forest hung under a synthetic root", "[dominators]") {
  // Trees {0: 1, 2; 1: 3}, {4: 5; 5: 6} and {7}, with a cross edge 3 -> 5; synthetic root 8.
  const Graph g = make_graph(
      9, {{8, 0}, {8, 4}, {8, 7}, {0, 1}, {0, 2}, {1, 3}, {4, 5}, {5, 6}, {3, 5}}, 8);
  check_idoms(g, {8, 0, 0, 1, 8, 8, 5, 8, 8});

  const DominatorTree tree = compute_dominators(g.flow());
  const std::vector<uint64_t> retained = as_vector(retained_sizes(tree, sizes_1_to_n(9)));
  CHECK(retained[0] == 1 + 2 + 3 + 4);  // tree 0 keeps its own nodes
  CHECK(retained[4] == 5);              // 5 is shared with tree 0, so 4 keeps only itself
  CHECK(retained[5] == 6 + 7);
  CHECK(retained[8] == 45);
}

TEST_CASE("invalid input is rejected", "[dominators]") {
  const Graph bad_target = make_graph(2, {{0, 1}}, 0);
  std::vector<NodeOrdinal> targets = bad_target.targets;
  targets[0] = 2;
  CHECK_THROWS_AS(compute_dominators(FlowGraph{bad_target.offsets, targets, 0, {}, {}}),
                  std::invalid_argument);
  CHECK_THROWS_AS(compute_dominators(FlowGraph{bad_target.offsets, bad_target.targets, 2, {}, {}}),
                  std::invalid_argument);
  const std::vector<uint64_t> offsets_past_end = {0, 2, 2};  // two out-edges, one target
  CHECK_THROWS_AS(compute_dominators(FlowGraph{offsets_past_end, bad_target.targets, 0, {}, {}}),
                  std::invalid_argument);

  const DominatorTree tree = compute_dominators(bad_target.flow());
  CHECK_THROWS_AS(retained_sizes(tree, std::vector<uint64_t>{1}), std::invalid_argument);
}

TEST_CASE("verify_dominators rejects wrong trees", "[dominators]") {
  const Graph g = make_graph(5, {{0, 1}, {0, 2}, {1, 3}, {2, 3}, {3, 4}}, 0);
  const DominatorTree good = compute_dominators(g.flow());
  REQUIRE(verify_dominators(g.flow(), good) == "");

  DominatorTree wrong = good;
  wrong.idom[3] = 1;  // 1 is not on the path 0 -> 2 -> 3
  CHECK(verify_dominators(g.flow(), wrong) == "edge 2 -> 3 bypasses idom(3) = 1");

  wrong = good;
  std::reverse(wrong.preorder.begin(), wrong.preorder.end());
  CHECK(verify_dominators(g.flow(), wrong) == "preorder does not start at the root");

  wrong = good;
  auto at3 = std::find(wrong.preorder.begin(), wrong.preorder.end(), NodeOrdinal{3});
  auto at4 = std::find(wrong.preorder.begin(), wrong.preorder.end(), NodeOrdinal{4});
  std::iter_swap(at3, at4);  // 4 now comes before its idom 3
  CHECK_FALSE(verify_dominators(g.flow(), wrong).empty());

  wrong = good;
  wrong.preorder.pop_back();
  CHECK_FALSE(verify_dominators(g.flow(), wrong).empty());

  const Graph with_unreachable = make_graph(3, {{0, 1}, {2, 1}}, 0);
  wrong = compute_dominators(with_unreachable.flow());
  REQUIRE(wrong.idom[2] == kNoNode);
  wrong.idom[2] = 0;
  CHECK(verify_dominators(with_unreachable.flow(), wrong) == "unreachable node 2 has an idom");
}

namespace {

// Random graph of one of four shapes; nodes are relabelled at random so DFS numbers and node
// ordinals disagree.
Graph random_graph(std::mt19937& rng) {
  auto uniform = [&rng](uint32_t lo, uint32_t hi) {
    return std::uniform_int_distribution<uint32_t>(lo, hi)(rng);
  };
  const uint32_t size_class = uniform(0, 9);
  const uint32_t n = size_class < 5 ? uniform(1, 12) : size_class < 9 ? uniform(13, 60) : uniform(61, 200);
  const double density = std::vector<double>{0.5, 1.0, 1.5, 2.0, 3.0, 5.0}[uniform(0, 5)];
  const uint32_t extra = static_cast<uint32_t>(density * n);
  std::vector<NaiveEdge> edges;
  switch (uniform(0, 3)) {
    case 0:  // uniform: many nodes unreachable when sparse; self loops and duplicates
      for (uint32_t i = 0; i < extra; ++i) edges.emplace_back(uniform(0, n - 1), uniform(0, n - 1));
      break;
    case 1:  // random tree under node 0, plus random edges: everything reachable
      for (uint32_t i = 1; i < n; ++i) edges.emplace_back(uniform(0, i - 1), i);
      for (uint32_t i = 0; i < extra / 2; ++i) edges.emplace_back(uniform(0, n - 1), uniform(0, n - 1));
      break;
    case 2:  // a chain with a few random (mostly back) edges: deep DFS, long forest paths
      for (uint32_t i = 1; i < n; ++i) edges.emplace_back(i - 1, i);
      for (uint32_t i = 0; i < extra / 4; ++i) edges.emplace_back(uniform(0, n - 1), uniform(0, n - 1));
      break;
    default:  // forward edges only (a DAG from 0), sometimes one back edge
      for (uint32_t i = 0; i < extra && n > 1; ++i) {
        const uint32_t a = uniform(0, n - 2);
        edges.emplace_back(a, uniform(a + 1, n - 1));
      }
      if (uniform(0, 1) == 1) edges.emplace_back(uniform(0, n - 1), uniform(0, n - 1));
      break;
  }
  std::vector<NodeOrdinal> label(n);
  std::iota(label.begin(), label.end(), 0u);
  std::shuffle(label.begin(), label.end(), rng);
  for (auto& [from, to] : edges) {
    from = label[from];
    to = label[to];
  }
  std::shuffle(edges.begin(), edges.end(), rng);
  return make_graph(n, std::move(edges), label[0]);
}

}  // namespace

TEST_CASE("random graphs agree with the naive solver", "[dominators]") {
  constexpr int kGraphs = 1000;
  int reachable_nodes = 0, unreachable_nodes = 0;
  for (uint32_t seed = 1; seed <= kGraphs; ++seed) {
    std::mt19937 rng(seed);
    const Graph g = random_graph(rng);
    INFO("seed " << seed << ", " << g.node_count << " nodes, " << g.edges.size() << " edges");
    const DominatorTree tree = compute_dominators(g.flow());
    const std::vector<NodeOrdinal> naive = naive_idoms(g.node_count, g.edges, g.root);
    REQUIRE(as_vector(tree.idom) == naive);
    std::vector<uint64_t> self(g.node_count);
    for (auto& s : self) s = std::uniform_int_distribution<uint64_t>(0, 1000)(rng);
    check_invariants(g, tree, self);
    for (const NodeOrdinal d : naive) (d == kNoNode ? unreachable_nodes : reachable_nodes)++;
  }
  // The generator must actually produce both kinds of node, or half the check is vacuous.
  CHECK(reachable_nodes > 15000);
  CHECK(unreachable_nodes > 5000);
}

TEST_CASE("the single-threaded hook runs once per pass and changes nothing", "[dominators]") {
  int calls = 0;
  const DominatorPassHooks count_calls{.single_threaded_from_here = [&calls] { ++calls; }};
  for (uint32_t seed = 1; seed <= 20; ++seed) {
    std::mt19937 rng(seed);
    const Graph g = random_graph(rng);
    calls = 0;
    const DominatorTree hooked = compute_dominators(g.flow(), count_calls);
    CHECK(calls == 1);
    const DominatorTree plain = compute_dominators(g.flow());
    CHECK(as_vector(hooked.idom) == as_vector(plain.idom));
    CHECK(as_vector(hooked.preorder) == as_vector(plain.preorder));
  }
  calls = 0;
  const Graph empty = make_graph(0, {}, 0);
  CHECK(compute_dominators(empty.flow(), count_calls).idom.empty());
  CHECK(calls == 0);
}

TEST_CASE("a union of random graphs, big enough for the two-thread predecessor fill, agrees "
          "with the naive solver part by part", "[dominators]") {
  // Random graphs hung under one extra root, nodes relabelled across the whole union so that
  // the fill's two halves (by node ordinal) cut through every part. The naive solver runs per
  // part; a part's root gets the extra root as idom.
  std::mt19937 rng(77);
  std::vector<Graph> parts;
  uint32_t node_count = 1;
  size_t edge_count = 0;
  while (edge_count < 150000) {
    parts.push_back(random_graph(rng));
    node_count += parts.back().node_count;
    edge_count += parts.back().edges.size() + 1;
  }
  std::vector<NodeOrdinal> label(node_count);
  std::iota(label.begin(), label.end(), 0u);
  std::shuffle(label.begin(), label.end(), rng);
  const NodeOrdinal root = label[0];
  std::vector<NaiveEdge> edges;
  std::vector<NodeOrdinal> expected(node_count, kNoNode);
  expected[root] = root;
  uint32_t base = 1;
  for (const Graph& part : parts) {
    edges.emplace_back(root, label[base + part.root]);
    for (const auto& [from, to] : part.edges) edges.emplace_back(label[base + from], label[base + to]);
    const std::vector<NodeOrdinal> naive = naive_idoms(part.node_count, part.edges, part.root);
    for (uint32_t i = 0; i < part.node_count; ++i) {
      if (naive[i] == kNoNode) continue;
      expected[label[base + i]] = i == part.root ? root : label[base + naive[i]];
    }
    base += part.node_count;
  }
  std::shuffle(edges.begin(), edges.end(), rng);
  INFO(parts.size() << " parts, " << node_count << " nodes, " << edges.size() << " edges");
  const Graph g = make_graph(node_count, std::move(edges), root);
  const DominatorTree tree = compute_dominators(g.flow());
  CHECK(as_vector(tree.idom) == expected);
  CHECK(verify_dominators(g.flow(), tree) == "");
  CHECK(as_vector(compute_dominators_with_64bit_offsets(g.flow()).idom) == expected);
}

TEST_CASE("a masked view with extra root targets equals the graph of the edges it keeps",
          "[dominators]") {
  // The DevTools pass hands the heap graph's own CSR with a bit per edge plus root -> orphan
  // edges; the naive solver gets exactly the kept edges as a plain list.
  int masked_out = 0, extras = 0;
  for (uint32_t seed = 1; seed <= 500; ++seed) {
    std::mt19937 rng(seed);
    const Graph g = random_graph(rng);
    std::vector<uint64_t> mask((g.targets.size() + 63) / 64, 0);
    std::vector<NaiveEdge> kept;
    for (NodeOrdinal u = 0; u < g.node_count; ++u) {
      for (uint64_t e = g.offsets[u]; e < g.offsets[u + 1]; ++e) {
        if (std::uniform_int_distribution<int>(0, 3)(rng) == 0) {
          ++masked_out;
          continue;
        }
        mask[e >> 6] |= uint64_t{1} << (e & 63);
        kept.emplace_back(u, g.targets[e]);
      }
    }
    std::vector<NodeOrdinal> extra;
    const int extra_count = std::uniform_int_distribution<int>(0, 3)(rng);
    for (int i = 0; i < extra_count; ++i) {
      extra.push_back(std::uniform_int_distribution<NodeOrdinal>(0, g.node_count - 1)(rng));
      kept.emplace_back(g.root, extra.back());
      ++extras;
    }
    INFO("seed " << seed);
    const FlowGraph view{g.offsets, g.targets, g.root, mask, extra};
    const DominatorTree tree = compute_dominators(view);
    REQUIRE(as_vector(tree.idom) == naive_idoms(g.node_count, kept, g.root));
    CHECK(verify_dominators(view, tree) == "");
    // Graphs of 2^32 edges or more take 64-bit predecessor offsets; same answer.
    const DominatorTree wide = compute_dominators_with_64bit_offsets(view);
    REQUIRE(as_vector(wide.idom) == as_vector(tree.idom));
    REQUIRE(as_vector(wide.preorder) == as_vector(tree.preorder));
  }
  CHECK(masked_out > 1000);
  CHECK(extras > 300);
}

// The fast solver is exercised on graphs whose depth would overflow any recursive DFS or
// COMPRESS: a million-deep recursion needs far more than the usual 8 MiB stack.
TEST_CASE("million-node chain, broom and looped chain: nothing recurses", "[dominators]") {
  constexpr uint32_t kNodes = 1'000'000;
  std::vector<NaiveEdge> chain;
  chain.reserve(kNodes);
  for (uint32_t i = 1; i < kNodes; ++i) chain.emplace_back(i - 1, i);
  std::vector<NodeOrdinal> chain_idom(kNodes);
  chain_idom[0] = 0;
  for (uint32_t i = 1; i < kNodes; ++i) chain_idom[i] = i - 1;
  const std::vector<uint64_t> ones(kNodes, 1);

  SECTION("chain") {
    const Graph g = make_graph(kNodes, chain, 0);
    const DominatorTree tree = compute_dominators(g.flow());
    CHECK(as_vector(tree.idom) == chain_idom);
    CHECK(retained_sizes(tree, ones)[1] == kNodes - 1);
    check_invariants(g, tree, ones);
  }
  SECTION("chain with a back edge from the end to node 1: one COMPRESS walks ~10^6 links") {
    std::vector<NaiveEdge> edges = chain;
    edges.emplace_back(kNodes - 1, 1);
    const Graph g = make_graph(kNodes, std::move(edges), 0);
    const DominatorTree tree = compute_dominators(g.flow());
    CHECK(as_vector(tree.idom) == chain_idom);
    check_invariants(g, tree, ones);
  }
  SECTION("broom: a half-million chain, then a half-million fan-out from its end") {
    constexpr uint32_t kHandle = kNodes / 2;
    std::vector<NaiveEdge> edges(chain.begin(), chain.begin() + (kHandle - 1));
    for (uint32_t i = kHandle; i < kNodes; ++i) edges.emplace_back(kHandle - 1, i);
    const Graph g = make_graph(kNodes, std::move(edges), 0);
    const DominatorTree tree = compute_dominators(g.flow());
    std::vector<NodeOrdinal> expected(chain_idom.begin(), chain_idom.begin() + kHandle);
    expected.resize(kNodes, kHandle - 1);
    CHECK(as_vector(tree.idom) == expected);
    const std::vector<uint64_t> retained = as_vector(retained_sizes(tree, ones));
    CHECK(retained[kHandle - 1] == kNodes - (kHandle - 1));
    check_invariants(g, tree, ones);
  }
}

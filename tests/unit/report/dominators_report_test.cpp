// The `dominators` model (report/dominators_report.h): every child line is dominated by its
// parent line (on a real Node 20 snapshot: without the parent, no path of counting edges from the
// root reaches the child), and is its *immediate* dominator (on hand-built heaps: against the
// textbook solver in tests/unit/analysis/naive_dominators.h); children add up to their parent's
// retained size minus its self size; the folding and ordering follow the options.
#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <map>
#include <vector>

#include "heapsnap/report/dominators_report.h"
#include "heapsnap/snapshot/analyzed_snapshot.h"
#include "unit/analysis/naive_dominators.h"
#include "unit/support/catch_ids.h"
#include "unit/support/reachability.h"
#include "unit/support/testdata.h"
#include "unit/support/tiny_heap.h"

using namespace heapsnap;

namespace {

// Index of each line's parent line (preorder: the nearest earlier line one level up); -1 for the
// first line.
std::vector<int> parents(const report::DominatorsReport& r) {
  std::vector<int> parent(r.lines.size(), -1);
  std::vector<int> last_at_depth;
  for (size_t i = 0; i < r.lines.size(); ++i) {
    const uint32_t depth = r.lines[i].depth;
    if (i > 0) {
      REQUIRE(depth >= 1);
      REQUIRE(depth <= last_at_depth.size());
      parent[i] = last_at_depth[depth - 1];
    }
    last_at_depth.resize(depth + 1);
    last_at_depth[depth] = static_cast<int>(i);
  }
  return parent;
}

// Sizes and structure: each expanded line's children (shown and folded) add up to its retained
// size minus its self size, shown children are the big ones, biggest first.
void check_sizes(snapshot::AnalyzedSnapshot& s, const report::DominatorsReport& r) {
  const auto parent = parents(r);
  std::map<int, std::vector<int>> children;
  for (size_t i = 1; i < r.lines.size(); ++i) children[parent[i]].push_back(static_cast<int>(i));
  for (size_t i = 0; i < r.lines.size(); ++i) {
    const auto& line = r.lines[i];
    INFO("line " << i << ": " << line.name << " @" << line.id);
    if (line.folded) {
      CHECK(line.last);
      CHECK(line.count > 0);
      CHECK(line.retained_size < r.min_size * line.count);  // each is below min_size
      continue;
    }
    const graph::NodeOrdinal n = s.resolve_id(std::to_string(graph::value(line.id)));
    CHECK(line.self_size == s.shallow_sizes()[n]);
    CHECK(line.retained_size == s.retained_sizes()[n]);
    CHECK(line.type == s.graph().node_type_name(n));
    if (!line.expanded) {
      CHECK(children.count(static_cast<int>(i)) == 0);
      continue;
    }
    uint64_t sum = 0;
    uint32_t objects = 0;
    uint64_t previous = UINT64_MAX;
    for (const int c : children[static_cast<int>(i)]) {
      const auto& child = r.lines[c];
      sum += child.retained_size;
      objects += child.folded ? child.count : 1;
      if (!child.folded) {
        CHECK(child.retained_size >= r.min_size);
        CHECK(child.retained_size <= previous);
        previous = child.retained_size;
      }
      CHECK(child.last == (c == children[static_cast<int>(i)].back()));
    }
    CHECK(objects == line.count);
    CHECK(sum == line.retained_size - line.self_size);
  }
}

}  // namespace

TEST_CASE("dominators: each child is dominated by its parent, sizes add up", "[dominators][report]") {
  auto s = snapshot::AnalyzedSnapshot::open(test::testdata("scenarios/map-cache/3.heapsnapshot.gz"));
  const auto& g = s.graph();
  const auto r = report::build_dominators_report(s, g.root(), {.depth = 3, .min_size = {true, 1.0}});
  REQUIRE(r.lines.size() > 5);
  CHECK(r.lines[0].id == g.node_id(g.root()));
  CHECK(r.lines[0].depth == 0);
  CHECK(r.total_size == s.total_size());
  CHECK(r.min_size == (s.retained_sizes()[g.root()] + 99) / 100);
  check_sizes(s, r);

  // Dominance, from the graph: with the parent taken out, a search from the root over the edges
  // that count for DevTools' dominators no longer reaches the child.
  const test::Reachability reach(g);
  const auto parent = parents(r);
  std::map<int, std::vector<bool>> searched;
  size_t checked = 0;
  for (size_t i = 1; i < r.lines.size(); ++i) {
    if (r.lines[i].folded || parent[i] == 0) continue;  // everything is below the root
    const auto& p = r.lines[parent[i]];
    INFO(r.lines[i].name << " @" << r.lines[i].id << " under " << p.name << " @" << p.id);
    auto found = searched.find(parent[i]);
    if (found == searched.end())
      found = searched.emplace(parent[i], reach.reached_without(s.resolve_id(std::to_string(graph::value(p.id))))).first;
    CHECK(!found->second[s.resolve_id(std::to_string(graph::value(r.lines[i].id)))]);
    ++checked;
  }
  CHECK(checked > 3);
}

TEST_CASE("dominators: parents are immediate dominators (hand-built heaps)", "[dominators][report]") {
  // Objects A..H with diamonds (A and B both reach D), a cycle (C -> E -> F -> C) and cross
  // edges (C -> G, B -> H), so that several objects' immediate dominator is not their parent
  // in a search tree.
  test::TinyHeap h;
  const auto root = h.node("synthetic", "", 1, 0);
  std::vector<graph::NodeOrdinal> n;
  for (uint32_t i = 0; i < 8; ++i)
    n.push_back(h.node("object", std::string(1, static_cast<char>('A' + i)), 3 + 2 * i, 10 * (i + 1)));
  const std::vector<std::pair<int, int>> edges{{-1, 0}, {-1, 1}, {0, 2}, {0, 3}, {1, 3}, {2, 4}, {3, 4},
                                               {4, 5}, {5, 2}, {3, 6}, {6, 7}, {1, 7}, {2, 6}};
  std::vector<test::NaiveEdge> naive;
  for (const auto& [from, to] : edges) {
    const graph::NodeOrdinal f = from < 0 ? root : n[from];
    h.edge(f, from < 0 ? "element" : "property", fmt::format("{}{}", from < 0 ? "" : "p", to), n[to]);
    naive.push_back({f, n[to]});
  }
  const auto idom = test::naive_idoms(static_cast<uint32_t>(h.node_count()), naive, root);

  snapshot::AnalyzedSnapshot s("hand-built", {h.build(), {}});
  const auto r = report::build_dominators_report(s, s.graph().root(), {.depth = 10, .min_size = {false, 0}});
  REQUIRE(r.lines.size() == h.node_count());  // every object shown, nothing folded
  const auto parent = parents(r);
  for (size_t i = 1; i < r.lines.size(); ++i) {
    INFO(r.lines[i].name);
    REQUIRE(!r.lines[i].folded);
    const graph::NodeOrdinal child = s.resolve_id(std::to_string(graph::value(r.lines[i].id)));
    CHECK(r.lines[parent[i]].id == h.id(idom[child]));
  }
  check_sizes(s, r);

  // A size threshold folds the small children of the root into one line.
  const auto folded = report::build_dominators_report(s, s.graph().root(), {.depth = 1, .min_size = {false, 25}});
  uint32_t small = 0;
  uint64_t small_retained = 0;
  for (size_t i = 1; i < r.lines.size(); ++i) {
    if (parent[i] != 0 || r.lines[i].retained_size >= 25) continue;
    ++small;
    small_retained += r.lines[i].retained_size;
  }
  REQUIRE(small > 0);
  REQUIRE(folded.lines.back().folded);
  CHECK(folded.lines.back().count == small);
  CHECK(folded.lines.back().retained_size == small_retained);
  check_sizes(s, folded);
}

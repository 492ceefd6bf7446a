// libFuzzer target: the whole loader (compression sniffing and gzip, zstd and xz decompression
// exactly as for files, through io::open_memory_input; JSON scanning, header, sections, graph
// checks) over an in-memory input, then every analysis on what it accepts. Any input must either
// load into a graph that passes every invariant, or be rejected with heapsnap::Error. Anything
// else (a crash, a sanitizer report, another exception type) is a bug. Each input is loaded
// twice, with the integer arrays' block scan on and off (format/integer_blocks.h): the two must
// give the same graph, warnings included, or the same error message, byte offset included.
//
// A graph the loader accepts may still be odd: cycles, parts no root reaches, self edges, huge
// fan-out, ids repeated, sizes near 2^64. On it run DevTools' analysis (dominators, retained
// sizes, classes, distances), retainer paths of a few nodes and a diff of the graph with its
// twin, each checked against what must hold whatever the graph (check_analysis and friends).
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "heapsnap/analysis/devtools_analysis.h"
#include "heapsnap/analysis/node_names.h"
#include "heapsnap/analysis/retainer_paths.h"
#include "heapsnap/analysis/snapshot_diff.h"
#include "heapsnap/format/snapshot_loader.h"
#include "heapsnap/graph/graph_invariants.h"
#include "heapsnap/graph/retainers.h"
#include "heapsnap/snapshot/snapshot_series.h"
#include "heapsnap/util/error.h"

namespace {

using heapsnap::graph::EdgeKind;
using heapsnap::graph::HeapGraph;
using heapsnap::graph::NodeOrdinal;

// Aborts with a message naming the broken invariant (libFuzzer then saves the input).
void require(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "fuzz_loader: invariant broken: %s\n", what);
  std::abort();
}

struct Outcome {
  std::string text;  // "ok", a hash of every field and the warnings; or the error message
  std::optional<HeapGraph> graph;
};

Outcome load(std::string_view input, bool block_scan) {
  auto source = heapsnap::io::open_memory_input(input, "<fuzz>");
  heapsnap::format::LoadOptions options;
  options.block_scan = block_scan;
  try {
    auto loaded = heapsnap::format::load_snapshot(*source, options);
    const auto& g = loaded.graph;
    require(!heapsnap::graph::check_graph(g), "the loaded graph passes check_graph");
    uint64_t hash = 0;
    for (uint32_t n = 0; n < g.node_count(); ++n)
      hash = hash * 1000003 + value(g.node_id(n)) * 977 + g.self_size(n) * 31 +
             value(g.node_name_index(n)) + g.node_type_index(n) + g.trace_node_id(n) * 7 +
             g.detachedness(n) + g.out_degree(n);
    for (uint64_t e = 0; e < g.edge_count(); ++e)
      hash = hash * 1000003 + g.edge_target(e) * 31 + g.edge_name_or_index(e) * 8 +
             g.edge_type_index(e);
    std::string text = "ok " + std::to_string(hash);
    for (const auto& warning : loaded.stats.warnings) {
      require(!warning.empty() && warning.find('\n') == std::string::npos,
              "a warning is one non-empty line");
      text += "; " + warning;
    }
    return {std::move(text), std::move(loaded.graph)};
  } catch (const heapsnap::Error& e) {
    return {e.what(), std::nullopt};  // rejected with a message: the expected outcome for bad input
  }
}

// DevTools' analysis: what holds for any graph.
void check_analysis(const HeapGraph& g, const heapsnap::analysis::DevtoolsAnalysis& a) {
  const uint32_t n = g.node_count();
  const NodeOrdinal root = g.root();
  const auto& r = a.retained;
  require(r.idom.size() == n && r.retained.size() == n && a.shallow.size() == n &&
              a.distance.size() == n && r.preorder.size() == n,
          "one entry per node in every result");
  // Shallow sizes only move self sizes between nodes. Sizes near 2^64 may wrap a sum; the
  // size comparisons below need sums that do not.
  uint64_t shallow_total = 0, self_total = 0;
  bool wraps = false;
  for (NodeOrdinal v = 0; v < n; ++v) {
    wraps |= __builtin_add_overflow(shallow_total, a.shallow[v], &shallow_total);
    wraps |= __builtin_add_overflow(self_total, g.self_size(v), &self_total);
  }
  require(wraps || shallow_total == self_total, "shallow sizes add up to the self sizes");
  // The dominator tree: idom[root] == root, every other node's idom comes before it in preorder.
  require(r.idom[root] == root, "the root is its own dominator");
  std::vector<uint32_t> position(n, UINT32_MAX);
  for (uint32_t i = 0; i < n; ++i) {
    require(r.preorder[i] < n && position[r.preorder[i]] == UINT32_MAX,
            "the preorder is a permutation of the nodes");
    position[r.preorder[i]] = i;
  }
  require(r.preorder[0] == root, "the preorder starts at the root");
  for (NodeOrdinal v = 0; v < n; ++v) {
    if (v == root) continue;
    require(r.idom[v] < n && r.idom[v] != v, "every other node has another node as dominator");
    require(position[r.idom[v]] < position[v], "a node comes after its dominator");
  }
  if (wraps) return;
  // Retained sizes: shallow plus the dominated nodes' retained sizes; the root retains all.
  std::vector<uint64_t> sum(a.shallow.begin(), a.shallow.end());
  for (uint32_t i = n; i-- > 1;) sum[r.idom[r.preorder[i]]] += sum[r.preorder[i]];
  for (NodeOrdinal v = 0; v < n; ++v) {
    require(r.retained[v] == sum[v], "retained = shallow + retained of the dominated nodes");
    require(r.retained[v] >= a.shallow[v], "retained >= shallow");
  }
  require(r.retained[root] == shallow_total, "the root retains every node's shallow size");
  require(r.total_size == r.retained[root] + g.extra_native_bytes(), "total = root + extra native");
  // Classes: every node with a shallow size is in one, and their rows add up.
  uint64_t counted = 0, class_count = 0, class_self = 0;
  for (NodeOrdinal v = 0; v < n; ++v) {
    require(a.classes.node_class[v] < a.classes.classes.size(), "every node has a class");
    counted += a.shallow[v] != 0;
  }
  for (const auto& c : a.classes.classes) {
    class_count += c.count;
    class_self += c.self_size;
    // Its top-most instances head disjoint subtrees of the dominator tree that hold all its
    // instances.
    require(c.max_retained <= shallow_total, "a class retains at most the total");
    require(c.max_retained >= c.self_size, "a class retains at least its own objects");
  }
  require(class_count == counted, "class counts add up to the nodes with a shallow size");
  require(class_self == shallow_total, "class sizes add up to the shallow sizes");
}

// Retainer paths to a few nodes: chains of real edges, no weak edge, each from the path's start
// to the target.
void check_paths(const HeapGraph& g, const heapsnap::analysis::DevtoolsAnalysis& a) {
  const uint32_t n = g.node_count();
  const heapsnap::graph::Retainers retainers(g);
  const heapsnap::analysis::RetainerPathFinder finder(g, retainers, a.distance);
  // The source of every edge, for checking chains.
  std::vector<NodeOrdinal> source(g.edge_count());
  for (NodeOrdinal v = 0; v < n; ++v)
    for (auto e = g.first_edge(v); e < g.edge_end(v); ++e) source[e] = v;
  const uint32_t step = n / 8 + 1;
  for (NodeOrdinal target = 0; target < n; target += step) {
    for (const auto& path : finder.find(target, 3)) {
      require(!path.edges.empty(), "a path has an edge");
      require(path.start == source[path.edges.front()], "a path starts at its first edge's source");
      require(g.edge_target(path.edges.back()) == target, "a path ends at the target");
      for (size_t i = 0; i < path.edges.size(); ++i) {
        require(g.edge_kind(path.edges[i]) != EdgeKind::kWeak, "no weak edge on a path");
        if (i + 1 < path.edges.size())
          require(g.edge_target(path.edges[i]) == source[path.edges[i + 1]], "a path is a chain");
      }
      const std::string text = heapsnap::analysis::format_path(g, a.dom_state, target, path, {});
      require(!text.empty(), "a path prints");
    }
  }
}

// A diff of the graph with its twin: every object matches itself, so nothing is new or deleted
// and every row stays as it was.
void check_self_diff(HeapGraph first, HeapGraph second) {
  heapsnap::analysis::DiffOptions options;
  options.ranking.min_step_count = 1;  // let the ranking look at everything
  options.ranking.min_step_bytes = 1;
  heapsnap::snapshot::SnapshotSeries series(2, options);
  series.add(heapsnap::snapshot::AnalyzedSnapshot("a", {std::move(first), {}}));
  series.add(heapsnap::snapshot::AnalyzedSnapshot("b", {std::move(second), {}}));
  const auto d = series.finish();
  require(d.ids_comparable, "a snapshot and its twin are one process");
  require(d.snapshots[0].objects == d.snapshots[1].objects, "the twins have as many objects");
  for (const auto* groups : {&d.classes, &d.sites}) {
    for (const auto& row : *groups) {
      require(row.counts[0] == row.counts[1] && row.sizes[0] == row.sizes[1],
              "a group is the same in the twins");
      require(row.steps[0].new_count == 0 && row.steps[0].deleted_count == 0,
              "nothing is new or deleted between twins");
      require(row.survivor_count == 0, "no survivor between twins");
    }
  }
  require(d.suspects.empty(), "nothing leaks between twins");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  Outcome blocks = load(input, true);
  Outcome single = load(input, false);
  require(blocks.text == single.text, "the block scan does not change the outcome");
  if (!blocks.graph) return 0;
  {
    const HeapGraph& g = *blocks.graph;
    const auto analysis = heapsnap::analysis::analyze_devtools(g);
    check_analysis(g, analysis);
    check_paths(g, analysis);
  }
  check_self_diff(std::move(*blocks.graph), std::move(*single.graph));
  return 0;
}

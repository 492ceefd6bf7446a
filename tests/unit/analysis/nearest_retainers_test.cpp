// NearestRetainers (one pass, 4 bytes per node) against the reverse-index path finder it stands
// in for in `diff`: the same shortest path for every node of real Node snapshots.
#include "heapsnap/analysis/nearest_retainers.h"

#include <catch2/catch.hpp>

#include <string>

#include "heapsnap/analysis/distances.h"
#include "heapsnap/analysis/retainer_paths.h"
#include "heapsnap/format/snapshot_loader.h"
#include "heapsnap/graph/retainers.h"
#include "unit/support/testdata.h"

namespace heapsnap {
namespace {

TEST_CASE("nearest retainers give RetainerPathFinder's first path for every node", "[paths]") {
  for (const char* file : {"tiny/basic.heapsnapshot", "scenarios/map-cache/3.heapsnapshot.gz",
                           "scenarios/closure-context/2.heapsnapshot.gz",
                           "scenarios/timers-uncleared/3.heapsnapshot.gz",
                           "scenarios/long-chain/3.heapsnapshot.gz"}) {
    INFO(file);
    const auto loaded = format::load_snapshot_file(test::testdata(file));
    const graph::HeapGraph& g = loaded.graph;
    const auto distance = analysis::compute_distances(g);
    const graph::Retainers retainers(g);
    const analysis::RetainerPathFinder finder(g, retainers, distance);
    const analysis::NearestRetainers nearest(g, distance);
    uint32_t with_path = 0, mismatches = 0;
    for (graph::NodeOrdinal n = 0; n < g.node_count(); ++n) {
      const auto expected = finder.find(n, 1);
      const auto got = nearest.shortest_path(n);
      if (expected.empty() != !got.has_value()) {
        ++mismatches;
        continue;
      }
      if (expected.empty()) continue;
      ++with_path;
      mismatches += expected.front().edges != got->edges || expected.front().start != got->start;
    }
    CHECK(mismatches == 0);
    CHECK(with_path > g.node_count() / 3);  // most nodes have a path: the comparison is not vacuous
  }
}

}  // namespace
}  // namespace heapsnap

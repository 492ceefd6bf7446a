// allocation_site_label (one node's site, on demand) against compute_allocation_sites (every
// node's): the same label for every node of real Node snapshots, with allocation stacks
// (map-cache-tracked, written with --track-heap-objects) and with source locations only.
#include <catch2/catch.hpp>

#include <string>

#include "heapsnap/analysis/allocation_sites.h"
#include "heapsnap/format/snapshot_loader.h"
#include "unit/support/testdata.h"

namespace heapsnap {
namespace {

TEST_CASE("allocation_site_label gives compute_allocation_sites' label for every node", "[sites]") {
  for (const char* file : {"scenarios/map-cache-tracked/2.heapsnapshot.gz",
                           "scenarios/request-log/3.heapsnapshot.gz",
                           "scenarios/closure-context/2.heapsnapshot.gz"}) {
    for (const uint32_t depth : {1u, 4u}) {
      INFO(file << ", stack depth " << depth);
      const auto loaded = format::load_snapshot_file(test::testdata(file));
      const graph::HeapGraph& g = loaded.graph;
      const analysis::AllocationSiteOptions options{.stack_depth = depth};
      const auto all = analysis::compute_allocation_sites(g, options);
      const analysis::ScriptNames scripts(g);
      uint32_t with_site = 0, mismatches = 0;
      // Every node with a site and a sample of the rest (each call scans the locations).
      for (graph::NodeOrdinal n = 0; n < g.node_count(); ++n) {
        if (all.node_site[n] == analysis::AllocationSites::kNoSite && n % 97 != 0) continue;
        const uint32_t site = all.node_site[n];
        const std::string expected = site == analysis::AllocationSites::kNoSite ? "" : all.sites[site].label;
        with_site += !expected.empty();
        mismatches += analysis::allocation_site_label(g, scripts, n, options) != expected;
      }
      CHECK(mismatches == 0);
      CHECK(with_site > 0);
    }
  }
}

}  // namespace
}  // namespace heapsnap

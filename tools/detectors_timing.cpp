// detectors-timing SNAPSHOT [--dump] [--series]: loads a snapshot, then times analyze_devtools, building
// the nearest retainers (analysis::NearestRetainers) and each leak detector, and prints the times to stderr;
// with --dump the findings go to stdout, one block each; with --series the detectors run with
// the lowered floors `diff` uses on every snapshot of a series (series_floors()). A measuring aid, not a command; the
// numbers of docs/detectors.md ("Cost") come from it.
#include <chrono>
#include <cstdio>
#include <cstring>
#include <exception>
#include <string>

#include "heapsnap/analysis/detectors/closures.h"
#include "heapsnap/analysis/detectors/collections.h"
#include "heapsnap/analysis/detectors/detached_dom.h"
#include "heapsnap/analysis/detectors/duplicate_strings.h"
#include "heapsnap/analysis/detectors/event_listeners.h"
#include "heapsnap/analysis/detectors/handles.h"
#include "heapsnap/analysis/detectors/off_heap.h"
#include "heapsnap/analysis/detectors/run_detectors.h"
#include "heapsnap/analysis/detectors/timers.h"
#include "heapsnap/format/snapshot_loader.h"

using namespace heapsnap;
using namespace heapsnap::analysis::detectors;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

void dump(const Finding& f) {
  std::printf("[%s] %s\n  key: %s\n  count %llu, retained %llu, external %llu, wasted %llu\n",
              std::string(finding_kind_id(f.kind)).c_str(), f.title.c_str(), f.key.c_str(),
              static_cast<unsigned long long>(f.count),
              static_cast<unsigned long long>(f.retained_bytes),
              static_cast<unsigned long long>(f.external_bytes),
              static_cast<unsigned long long>(f.wasted_bytes));
  std::printf("  holder: %s @%u\n", f.holder_name.c_str(), graph::value(f.holder_id));
  if (f.location.known()) {
    std::printf("  location: %s %s:%u:%u\n", f.location.function.c_str(),
                f.location.script.c_str(), f.location.line, f.location.column);
  }
  std::printf("  examples:");
  for (const auto id : f.examples) std::printf(" @%u", graph::value(id));
  std::printf("\n");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: detectors-timing SNAPSHOT [--dump] [--series]\n");
    return 2;
  }
  bool print = false, series = false;
  for (int i = 2; i < argc; ++i) {
    print = print || std::strcmp(argv[i], "--dump") == 0;
    series = series || std::strcmp(argv[i], "--series") == 0;
  }
  try {
    auto start = Clock::now();
    const auto loaded = format::load_snapshot_file(argv[1]);
    const graph::HeapGraph& g = loaded.graph;
    std::fprintf(stderr, "load            %8.3f s  (%u nodes, %llu edges)\n", seconds_since(start),
                 g.node_count(), static_cast<unsigned long long>(g.edge_count()));
    start = Clock::now();
    {
      // The dominator pass alone (the part of analyze_devtools the detectors are compared to).
      const analysis::DevtoolsRetained dominators = analysis::compute_devtools_dominators(g);
    }
    const double dominator_pass = seconds_since(start);
    std::fprintf(stderr, "dominator pass  %8.3f s  (compute_devtools_dominators alone)\n",
                 dominator_pass);
    start = Clock::now();
    const analysis::DevtoolsAnalysis a = analysis::analyze_devtools(g);
    const double devtools = seconds_since(start);
    std::fprintf(stderr, "analyze_devtools%8.3f s\n", devtools);
    start = Clock::now();
    const analysis::NearestRetainers retainers(g, a.distance);
    std::fprintf(stderr, "nearest retainers %6.3f s\n", seconds_since(start));
    const DetectorInput input{g, a, retainers};
    const DetectorOptions options = series ? series_floors(DetectorOptions{}) : DetectorOptions{};
    struct Named {
      const char* name;
      std::vector<Finding> (*detect)(const DetectorInput&, const DetectorOptions&);
    };
    const Named detectors[] = {
        {"event-listeners", detect_event_listeners}, {"timers", detect_timers},
        {"handles", detect_handles},                 {"collections", detect_collections},
        {"closures", detect_closures},               {"off-heap", detect_off_heap},
        {"duplicate-strings", detect_duplicate_strings}, {"detached-dom", detect_detached_dom},
    };
    double total = 0;
    for (const Named& d : detectors) {
      start = Clock::now();
      const auto found = d.detect(input, options);
      const double t = seconds_since(start);
      total += t;
      std::fprintf(stderr, "  %-18s%8.3f s  %zu findings\n", d.name, t, found.size());
    }
    start = Clock::now();
    const auto findings = run_detectors(input, options);
    const double all = seconds_since(start);
    std::fprintf(stderr,
                 "run_detectors   %8.3f s  (sum of the above %.3f s) = %.1f%% of analyze_devtools, "
                 "%.1f%% of the dominator pass\n",
                 all, total, 100.0 * all / devtools, 100.0 * all / dominator_pass);
    if (print) {
      for (const Finding& f : findings) dump(f);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "detectors-timing: %s\n", e.what());
    return 2;
  }
  return 0;
}

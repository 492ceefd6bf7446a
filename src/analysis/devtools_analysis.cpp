// analyze_devtools: DevTools' passes, two cores at a time; see devtools_analysis.h.
#include "heapsnap/analysis/devtools_analysis.h"

#include <future>
#include <utility>

#include "heapsnap/analysis/detachedness.h"
#include "heapsnap/analysis/distances.h"
#include "heapsnap/analysis/shallow_sizes.h"

namespace heapsnap::analysis {

using graph::HeapGraph;

DevtoolsAnalysis analyze_devtools(const HeapGraph& g, const DevtoolsAnalysisOptions& options) {
  DevtoolsAnalysis a;
  // What needs only the graph runs on a second core meanwhile: detachedness, shallow sizes, node
  // classes and distances. That costs their ~13 to 25 bytes per node (state, shallow size,
  // distance, class) at the dominator pass's memory peak. The shallow sizes go first: their
  // 4-byte owner per node is freed before the peak. The distances (a BFS over every edge) wait
  // until the dominator pass runs on one core only: before that, the second core fills half the
  // predecessor lists and faults in the pass's fresh arrays (see the header).
  struct Side {
    BigVector<int32_t> distance;
    BigVector<uint8_t> dom_state;
    BigVector<uint64_t> shallow;
    ClassAggregates classes;
  };
  std::promise<void> one_core_free;
  auto side_job = std::async(std::launch::async, [&g, &options,
                                                  distances_may_start = one_core_free.get_future()] {
    Side s;
    s.dom_state = propagate_detachedness(g);
    s.shallow = compute_shallow_sizes(g, s.dom_state);
    if (options.classes) s.classes = classify_nodes(g, s.dom_state);
    if (options.distances) {
      distances_may_start.wait();
      s.distance = compute_distances(g);
    }
    return s;
  });
  // Releases the side thread exactly once: from the dominator pass, or, should it return early
  // or throw, before side_job's destructor waits for that thread.
  struct Release {
    std::promise<void>& promise;
    bool done = false;
    void operator()() {
      if (!std::exchange(done, true)) promise.set_value();
    }
    ~Release() { (*this)(); }
  } release{one_core_free};
  // The dominator pass does not depend on sizes or names, so it runs first (see the header).
  a.retained = compute_devtools_dominators(g, {.single_threaded_from_here = [&release] { release(); }});
  release();
  Side side = side_job.get();
  a.distance = std::move(side.distance);
  a.dom_state = std::move(side.dom_state);
  a.shallow = std::move(side.shallow);
  sum_retained_sizes(g, a.shallow, a.retained);
  if (options.classes) {
    a.classes = std::move(side.classes);
    if (options.aggregate_classes)
      aggregate_classes(a.classes, g, a.shallow, a.retained.retained, a.retained.idom, a.distance);
  }
  return a;
}

}  // namespace heapsnap::analysis

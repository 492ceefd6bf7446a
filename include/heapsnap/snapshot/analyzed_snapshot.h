// One analysed snapshot: the loaded graph and every fact derived from it, each computed once, on
// first request, and kept. This is the object every command and report works from; it alone
// decides threads and order (analysis/devtools_analysis.h runs the DevTools passes on two
// threads; allocation sites go on the second thread beside it when they are announced).
//
// Facts that are computed together are cheaper together: call plan() before the first request
// to announce what will be asked for (e.g. `top --retained` never needs classes; `diff` needs
// distances for its last snapshot only). A fact asked for but not announced is still computed,
// on its own, when it is first asked for.
//
// Not thread-safe: one thread asks.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "heapsnap/analysis/allocation_sites.h"
#include "heapsnap/analysis/detectors/detector_input.h"
#include "heapsnap/analysis/detectors/finding.h"
#include "heapsnap/analysis/devtools_analysis.h"
#include "heapsnap/analysis/dominator_children.h"
#include "heapsnap/analysis/node_names.h"
#include "heapsnap/analysis/nearest_retainers.h"
#include "heapsnap/analysis/retainer_paths.h"
#include "heapsnap/format/snapshot_loader.h"
#include "heapsnap/graph/heap_graph.h"
#include "heapsnap/graph/id_index.h"
#include "heapsnap/graph/retainers.h"
#include "heapsnap/util/phase_timer.h"
#include "heapsnap/util/progress.h"

namespace heapsnap::snapshot {

// What a caller will ask for; the DevTools pass computes these in one go.
struct Plan {
  bool classes = true;      // classes(): DevTools' constructor rows and each node's class
  bool distances = true;    // distances(): BFS distance from the GC roots
  bool allocation_sites = false;  // allocation_sites(): with `site_options`
  analysis::AllocationSiteOptions site_options;
  // findings(): with `detector_options`. The detectors then run on the second core while the
  // class aggregates are summed on the first (and the nearest retainers come with them).
  bool findings = false;
  analysis::detectors::DetectorOptions detector_options;
};

struct OpenOptions {
  ProgressSink* progress = nullptr;  // loading progress (null: none)
  PhaseTimer* timer = nullptr;       // receives "parse", "check", "analyze" (null: none)
};

class AnalyzedSnapshot {
 public:
  // Loads `path` (plain, gzip; see format/snapshot_loader.h). The label is the path.
  static AnalyzedSnapshot open(const std::string& path, const OpenOptions& options = {});
  // Takes a loaded snapshot; `label` names it in reports (a file name).
  AnalyzedSnapshot(std::string label, format::LoadedSnapshot loaded, PhaseTimer* timer = nullptr);
  ~AnalyzedSnapshot();
  AnalyzedSnapshot(AnalyzedSnapshot&&) noexcept;
  AnalyzedSnapshot& operator=(AnalyzedSnapshot&&) noexcept;

  const std::string& label() const { return label_; }
  const graph::HeapGraph& graph() const { return loaded_.graph; }
  const format::LoadStats& load_stats() const { return loaded_.stats; }
  // Where phases are recorded (--timings); null when nobody listens.
  PhaseTimer* timer() const { return timer_; }

  // Announces what will be asked for. Only facts not yet computed are affected.
  void plan(const Plan& plan) { plan_ = plan; }

  // --- DevTools' analysis (computed together on first request of any of them) ---
  // Detachedness of every node (0 unknown, 1 attached, 2 detached); may be empty.
  std::span<const uint8_t> detachedness();
  // DevTools' "Shallow Size" of every node.
  std::span<const uint64_t> shallow_sizes();
  // Immediate dominators, retained sizes, preorder, DevTools' total size.
  const analysis::DevtoolsRetained& dominators();
  std::span<const uint64_t> retained_sizes() { return dominators().retained; }
  uint64_t total_size() { return dominators().total_size; }
  std::span<const int32_t> distances();
  const analysis::ClassAggregates& classes();

  // --- Indexes, built on first request ---
  const graph::Retainers& retainers();          // incoming edges: ~8 bytes per edge
  // Each node's retainer nearest to the roots (8 bytes per node): the shortest retainer path of
  // any node, and the holders the detectors name.
  const analysis::NearestRetainers& nearest_retainers();
  const graph::IdIndex& ids();                  // id -> ordinal
  const analysis::DominatorChildren& dominator_children();
  const analysis::RetainerPathFinder& path_finder();
  const analysis::ScriptNames& script_names();
  // With the options of the plan (or the defaults when none were announced).
  const analysis::AllocationSites& allocation_sites();
  // The leak-pattern detectors' findings (analysis/detectors/), largest first per detector.
  // Computed once, with the plan's options when it announced them, else those of the first call.
  const std::vector<analysis::detectors::Finding>& findings(
      const analysis::detectors::DetectorOptions& options = {});

  // --- Names ---
  // DevTools' name of a node; "(root)" for the root, "(<type>)" for nameless nodes.
  std::string display_name(graph::NodeOrdinal n);
  // The node named by `text`: "1234" or "@1234" (as DevTools writes ids). Throws heapsnap::Error
  // when the text is not an id or no node has it.
  graph::NodeOrdinal resolve_id(std::string_view text);

  // --- Handing over ---
  // The graph and the facts computed so far, for consumers that keep them (the diff engine).
  // The snapshot is empty afterwards.
  struct Parts {
    graph::HeapGraph graph;
    analysis::DevtoolsAnalysis devtools;
    analysis::AllocationSites sites;
    std::vector<analysis::detectors::Finding> findings;  // when findings() was asked for
  };
  Parts release();

 private:
  struct Derived;
  void ensure_devtools(bool classes, bool distances);
  void compute_findings(const analysis::detectors::DetectorOptions& options);

  std::string label_;
  format::LoadedSnapshot loaded_;
  PhaseTimer* timer_ = nullptr;
  Plan plan_;
  std::unique_ptr<Derived> derived_;
};

}  // namespace heapsnap::snapshot

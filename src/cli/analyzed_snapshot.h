// A loaded snapshot with DevTools' analysis done, plus indexes built on first use. Shared by the
// commands that need retained sizes, classes, distances or paths.
#pragma once

#include <memory>
#include <string>

#include "command.h"
#include "heapsnap/analysis/devtools_analysis.h"
#include "heapsnap/analysis/retainer_paths.h"
#include "heapsnap/format/snapshot_loader.h"
#include "heapsnap/graph/id_index.h"
#include "heapsnap/graph/retainers.h"

namespace heapsnap::cli {

class AnalyzedSnapshot {
 public:
  // Loads `path` and runs analyze_devtools(); both phases go into `timer`.
  AnalyzedSnapshot(const std::string& path, PhaseTimer& timer,
                   const analysis::DevtoolsAnalysisOptions& options = {});

  const std::string& path() const { return path_; }
  const graph::HeapGraph& graph() const { return loaded_.graph; }
  const format::LoadStats& load_stats() const { return loaded_.stats; }
  const analysis::DevtoolsAnalysis& analysis() const { return analysis_; }
  const graph::Retainers& retainers();
  const graph::IdIndex& ids();
  const analysis::RetainerPathFinder& path_finder();

  // The node named by `text`: "1234" or "@1234" (as DevTools writes ids). Throws heapsnap::Error
  // when the text is not an id or no node has it.
  graph::NodeOrdinal resolve_id(const std::string& text);

 private:
  std::string path_;
  format::LoadedSnapshot loaded_;
  analysis::DevtoolsAnalysis analysis_;
  std::unique_ptr<graph::Retainers> retainers_;
  std::unique_ptr<graph::IdIndex> ids_;
  std::unique_ptr<analysis::RetainerPathFinder> path_finder_;
};

}  // namespace heapsnap::cli

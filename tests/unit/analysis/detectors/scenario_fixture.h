// A scenario snapshot of testdata/scenarios loaded and analysed once per test binary run, with
// the reverse index the detectors need.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "heapsnap/analysis/detectors/detector_input.h"
#include "heapsnap/analysis/detectors/finding.h"
#include "heapsnap/format/snapshot_loader.h"
#include "unit/support/testdata.h"

namespace heapsnap::test {

struct AnalysedScenario {
  explicit AnalysedScenario(const std::string& path)
      : graph(format::load_snapshot_file(path).graph),
        analysis(analysis::analyze_devtools(graph)),
        retainers(graph),
        input{graph, analysis, retainers} {}
  graph::HeapGraph graph;
  analysis::DevtoolsAnalysis analysis;
  graph::Retainers retainers;
  analysis::detectors::DetectorInput input;
};

// "listener-buffers", 3 -> testdata/scenarios/listener-buffers/3.heapsnapshot.gz, cached.
inline const AnalysedScenario& scenario(const std::string& name, int snapshot) {
  static std::map<std::string, std::unique_ptr<AnalysedScenario>> cache;
  const std::string path =
      testdata("scenarios/" + name + "/" + std::to_string(snapshot) + ".heapsnapshot.gz");
  auto& slot = cache[path];
  if (!slot) slot = std::make_unique<AnalysedScenario>(path);
  return *slot;
}

}  // namespace heapsnap::test

// A scenario snapshot of testdata/scenarios loaded and analysed once per test binary run, with
// the nearest retainers the detectors need.
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
        retainers(graph, analysis.distance),
        input{graph, analysis, retainers} {}
  graph::HeapGraph graph;
  analysis::DevtoolsAnalysis analysis;
  analysis::NearestRetainers retainers;
  analysis::detectors::DetectorInput input;
};

// A snapshot under testdata/, loaded and analysed once per run.
inline const AnalysedScenario& analysed_file(const std::string& relative) {
  static std::map<std::string, std::unique_ptr<AnalysedScenario>> cache;
  auto& slot = cache[relative];
  if (!slot) slot = std::make_unique<AnalysedScenario>(testdata(relative));
  return *slot;
}

// "listener-buffers", 3 -> testdata/scenarios/listener-buffers/3.heapsnapshot.gz.
inline const AnalysedScenario& scenario(const std::string& name, int snapshot) {
  return analysed_file("scenarios/" + name + "/" + std::to_string(snapshot) + ".heapsnapshot.gz");
}

}  // namespace heapsnap::test

#include "heapsnap/analysis/detectors/run_detectors.h"

#include "detector_support.h"

#include "heapsnap/analysis/detectors/closures.h"
#include "heapsnap/analysis/detectors/collections.h"
#include "heapsnap/analysis/detectors/detached_dom.h"
#include "heapsnap/analysis/detectors/duplicate_strings.h"
#include "heapsnap/analysis/detectors/event_listeners.h"
#include "heapsnap/analysis/detectors/handles.h"
#include "heapsnap/analysis/detectors/off_heap.h"
#include "heapsnap/analysis/detectors/timers.h"

namespace heapsnap::analysis::detectors {

std::vector<Finding> run_detectors(const DetectorInput& input, const DetectorOptions& options) {
  using Detector = std::vector<Finding> (*)(const DetectorSupport&, const DetectorOptions&);
  static constexpr Detector kDetectors[] = {
      detect_event_listeners, detect_timers,    detect_handles,           detect_collections,
      detect_closures,        detect_off_heap,  detect_duplicate_strings, detect_detached_dom,
  };
  const DetectorSupport support(input);  // names resolved once for all eight
  std::vector<Finding> all;
  for (const Detector detect : kDetectors) {
    std::vector<Finding> found = detect(support, options);
    all.insert(all.end(), std::make_move_iterator(found.begin()),
               std::make_move_iterator(found.end()));
  }
  return all;
}

}  // namespace heapsnap::analysis::detectors

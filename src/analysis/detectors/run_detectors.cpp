#include "heapsnap/analysis/detectors/run_detectors.h"

#include <algorithm>

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

DetectorOptions series_floors(const DetectorOptions& o, uint32_t divisor) {
  const auto lower = [divisor](auto floor) { return std::max<decltype(floor)>(floor / divisor, 1); };
  DetectorOptions s = o;
  s.min_listeners = lower(o.min_listeners);
  s.min_timers = lower(o.min_timers);
  s.min_handles = lower(o.min_handles);
  s.min_collection_entries = lower(o.min_collection_entries);
  s.min_collection_bytes = lower(o.min_collection_bytes);
  s.min_closure_bytes = lower(o.min_closure_bytes);
  s.min_off_heap_bytes = lower(o.min_off_heap_bytes);
  s.min_string_copies = lower(o.min_string_copies);
  s.min_wasted_bytes = lower(o.min_wasted_bytes);
  s.min_detached_nodes = lower(o.min_detached_nodes);
  s.max_findings_per_detector = o.max_findings_per_detector == 0 ? 0 : o.max_findings_per_detector * 10;
  return s;
}

bool reaches_floors(const Finding& f, const DetectorOptions& o) {
  switch (f.kind) {
    case FindingKind::kEventListeners: return f.count >= std::max<uint32_t>(o.min_listeners, 1);
    case FindingKind::kTimers: return f.count >= std::max<uint32_t>(o.min_timers, 1);
    case FindingKind::kHandles: return f.count >= std::max<uint32_t>(o.min_handles, 1);
    case FindingKind::kCollections:
      return f.count >= o.min_collection_entries && f.retained_bytes >= o.min_collection_bytes;
    case FindingKind::kClosures: return f.retained_bytes >= o.min_closure_bytes;
    case FindingKind::kOffHeap: return f.external_bytes >= o.min_off_heap_bytes;
    case FindingKind::kDuplicateStrings:
      return f.count >= std::max<uint32_t>(o.min_string_copies, 2) && f.wasted_bytes >= o.min_wasted_bytes;
    case FindingKind::kDetachedDom: return f.count >= std::max<uint32_t>(o.min_detached_nodes, 1);
  }
  return true;
}

}  // namespace heapsnap::analysis::detectors

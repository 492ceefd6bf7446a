// Taking a heap snapshot over the DevTools protocol: optionally collect garbage
// (HeapProfiler.collectGarbage), then HeapProfiler.takeHeapSnapshot with progress reports, whose
// HeapProfiler.addHeapSnapshotChunk events carry the snapshot text in pieces (100 KiB each from
// Node 20). Each piece goes to the caller as it arrives, so memory stays bounded by one message.
#pragma once

#include <cstdint>
#include <functional>
#include <string_view>

#include "heapsnap/inspector/session.h"
#include "heapsnap/util/progress.h"

namespace heapsnap::inspector {

struct SnapshotOptions {
  bool collect_garbage = true;
  // Phases "snapshot" (objects done of total, while V8 builds it) and "receiving" (bytes, total
  // unknown). Null: no progress.
  ProgressSink* progress = nullptr;
};

struct SnapshotStats {
  uint64_t bytes = 0;   // snapshot text received
  uint64_t chunks = 0;  // addHeapSnapshotChunk events
};

// Takes one snapshot through `session`, handing its text to `write` piece by piece, in order.
// Throws InspectorGone when the process goes away meanwhile, heapsnap::Error on any other failure
// (an exception from `write` passes through).
SnapshotStats take_heap_snapshot(InspectorSession& session, const SnapshotOptions& options,
                                 const std::function<void(std::string_view)>& write);

// Starts recording allocation stacks (HeapProfiler.startTrackingHeapObjects with
// trackAllocations). Snapshots taken later in the same session carry trace_function_infos and
// trace_tree; closing the session stops the tracking.
void start_allocation_tracking(InspectorSession& session);

}  // namespace heapsnap::inspector

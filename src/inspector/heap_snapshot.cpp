#include "heapsnap/inspector/heap_snapshot.h"

namespace heapsnap::inspector {

SnapshotStats take_heap_snapshot(InspectorSession& session, const SnapshotOptions& options,
                                 const std::function<void(std::string_view)>& write) {
  NullProgress no_progress;
  ProgressSink& progress = options.progress ? *options.progress : no_progress;
  session.call("HeapProfiler.enable");
  if (options.collect_garbage) session.call("HeapProfiler.collectGarbage");
  SnapshotStats stats;
  bool building = false;
  bool receiving = false;
  const auto on_event = [&](const ProtocolMessage& event) {
    if (event.method == "HeapProfiler.reportHeapSnapshotProgress") {
      if (!building) {
        progress.begin("snapshot", event.total);
        building = true;
      }
      progress.update(event.done);
    } else if (event.method == "HeapProfiler.addHeapSnapshotChunk") {
      if (!receiving) {
        if (building) progress.end();
        progress.begin("receiving", 0);
        receiving = true;
      }
      write(event.chunk);
      stats.bytes += event.chunk.size();
      ++stats.chunks;
      progress.update(stats.bytes);
    }
  };
  try {
    session.call("HeapProfiler.takeHeapSnapshot", R"({"reportProgress":true})", on_event);
  } catch (...) {
    if (building || receiving) progress.end();
    throw;
  }
  if (building || receiving) progress.end();
  if (stats.chunks == 0)
    throw Error("the inspector answered HeapProfiler.takeHeapSnapshot without sending a snapshot");
  return stats;
}

void start_allocation_tracking(InspectorSession& session) {
  session.call("HeapProfiler.enable");
  session.call("HeapProfiler.startTrackingHeapObjects", R"({"trackAllocations":true})");
}

}  // namespace heapsnap::inspector

#include "heapsnap/inspector/capture.h"

#include <fmt/format.h>

#include "heapsnap/inspector/heap_snapshot.h"
#include "heapsnap/inspector/node_process.h"
#include "heapsnap/util/name_timestamp.h"

namespace heapsnap::inspector {

CaptureResult capture_snapshot(const CaptureOptions& o) {
  CaptureResult result;
  // Node opens its inspector on its own schedule after SIGUSR1 (a busy process later).
  result.endpoint = o.pid ? activate_node_inspector(*o.pid, std::chrono::seconds(15)) : o.endpoint;
  result.path = !o.path.empty() ? o.path
                : o.pid         ? fmt::format("heap-{}-{}.heapsnapshot", *o.pid, timestamp_for_names())
                                : fmt::format("heap-{}-{}.heapsnapshot", result.endpoint.port,
                                              timestamp_for_names());
  auto session = InspectorSession::open(result.endpoint, o.timeouts);
  if (o.track_allocations) start_allocation_tracking(*session);
  if (o.wait.count() > 0) {
    if (o.on_wait) o.on_wait();
    session->wait(o.wait, -1);
  }
  result.file = capture_to_file(*session, result.path, o.collect_garbage, o.progress);
  session->close();
  return result;
}

}  // namespace heapsnap::inspector

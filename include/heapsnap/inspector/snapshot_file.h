// One heap snapshot from an inspector session into a file: the text streams into FILE.partial as
// it arrives (memory stays bounded by one protocol message), compressed by FILE's extension
// (io/byte_sink.h: .gz, .zst, .xz), and only a complete snapshot is renamed to FILE.
#pragma once

#include <cstdint>
#include <string>

#include "heapsnap/inspector/session.h"
#include "heapsnap/util/progress.h"

namespace heapsnap::inspector {

struct CapturedFile {
  uint64_t snapshot_bytes = 0;  // snapshot text received
  uint64_t file_bytes = 0;      // bytes on disk (smaller when compressed)
  double seconds = 0;
};

// Takes a snapshot through `session` into `path` (heap_snapshot.h; garbage collected first when
// `collect_garbage`). On any failure the partial file is deleted and the error rethrown
// (InspectorGone when the process went away). `progress` (null: none) sees the phases of
// take_heap_snapshot: "snapshot" in objects, then "receiving" in bytes.
CapturedFile capture_to_file(InspectorSession& session, const std::string& path,
                             bool collect_garbage, ProgressSink* progress);

}  // namespace heapsnap::inspector

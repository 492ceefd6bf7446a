// What `capture` and `record` share: writing one snapshot from an inspector session to a file
// (FILE.partial first, renamed to FILE when complete; compressed by FILE's extension), the
// progress line, and reading durations ("10s", "500ms", "2m").
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "heapsnap/inspector/session.h"

namespace heapsnap::cli {

struct CapturedFile {
  uint64_t snapshot_bytes = 0;  // snapshot text received
  uint64_t file_bytes = 0;      // bytes on disk (smaller when compressed)
  double seconds = 0;
};

// Takes a snapshot through `session` into `path`. The text streams into `path`.partial as it
// arrives (memory stays bounded by one protocol message); only a complete snapshot is renamed to
// `path`. On any failure the partial file is deleted and the error rethrown. A progress bar is
// drawn on stderr when it is a TTY.
CapturedFile capture_to_file(inspector::InspectorSession& session, const std::string& path,
                             bool collect_garbage);

// "10s", "1.5s", "500ms", "2m", "1h", or a plain number of seconds. Throws heapsnap::Error naming
// `flag`.
std::chrono::milliseconds parse_duration(const std::string& text, const std::string& flag);

// Local time as 20250102-150405, for default file and directory names.
std::string timestamp_for_names();

}  // namespace heapsnap::cli

#include "heapsnap/inspector/snapshot_file.h"

#include <sys/stat.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>

#include "heapsnap/inspector/heap_snapshot.h"
#include "heapsnap/io/byte_sink.h"
#include "heapsnap/util/error.h"

namespace heapsnap::inspector {

CapturedFile capture_to_file(InspectorSession& session, const std::string& path,
                             bool collect_garbage, ProgressSink* progress) {
  const auto start = std::chrono::steady_clock::now();
  const std::string partial = path + ".partial";
  SnapshotOptions options;
  options.collect_garbage = collect_garbage;
  options.progress = progress;
  CapturedFile result;
  try {
    auto sink = io::open_file_sink(partial, io::compression_for_path(path));
    const auto stats = take_heap_snapshot(session, options,
                                          [&](std::string_view chunk) { sink->write(chunk); });
    sink->finish();
    result.snapshot_bytes = stats.bytes;
  } catch (...) {
    if (progress != nullptr) progress->end();  // the bar of a phase that did not finish
    std::remove(partial.c_str());
    throw;
  }
  if (std::rename(partial.c_str(), path.c_str()) != 0) {
    const int error = errno;
    std::remove(partial.c_str());
    throw Error("cannot rename '" + partial + "' to '" + path + "': " + std::strerror(error));
  }
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) result.file_bytes = static_cast<uint64_t>(st.st_size);
  result.seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace heapsnap::inspector

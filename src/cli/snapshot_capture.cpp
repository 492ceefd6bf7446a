#include "snapshot_capture.h"

#include <fmt/format.h>
#include <sys/stat.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <ctime>

#include "heapsnap/inspector/heap_snapshot.h"
#include "heapsnap/io/byte_sink.h"
#include "heapsnap/util/byte_units.h"
#include "heapsnap/util/error.h"
#include "terminal.h"

namespace heapsnap::cli {
namespace {

// "snapshot [#######.......]  45%" while V8 builds the snapshot (objects, not bytes), then
// "receiving 12.3 MiB" while the text streams in; redrawn at most ten times a second.
class CaptureProgress final : public ProgressSink {
 public:
  void begin(std::string_view phase, uint64_t total) override {
    phase_ = phase;
    total_ = total;
    last_draw_ = {};
  }
  void update(uint64_t done) override {
    const auto now = std::chrono::steady_clock::now();
    if (now - last_draw_ < std::chrono::milliseconds(100)) return;
    last_draw_ = now;
    std::string line;
    if (total_ > 0) {
      constexpr int kWidth = 30;
      const double fraction = std::min(1.0, static_cast<double>(done) / static_cast<double>(total_));
      const int filled = static_cast<int>(fraction * kWidth);
      line = fmt::format("\r{} [{}{}] {:3.0f}%", phase_, std::string(filled, '#'),
                         std::string(kWidth - filled, '.'), fraction * 100);
    } else {
      line = fmt::format("\r{} {}", phase_, format_bytes(done));
    }
    std::fputs(line.c_str(), stderr);
    std::fputs("\x1b[K", stderr);
    std::fflush(stderr);
    drawn_ = true;
  }
  void end() override {
    if (!drawn_) return;
    std::fputs("\r\x1b[K", stderr);
    std::fflush(stderr);
    drawn_ = false;
  }

 private:
  std::string phase_;
  uint64_t total_ = 0;
  std::chrono::steady_clock::time_point last_draw_{};
  bool drawn_ = false;
};

}  // namespace

CapturedFile capture_to_file(inspector::InspectorSession& session, const std::string& path,
                             bool collect_garbage) {
  const auto start = std::chrono::steady_clock::now();
  const std::string partial = path + ".partial";
  CaptureProgress progress;
  inspector::SnapshotOptions options;
  options.collect_garbage = collect_garbage;
  if (stderr_is_tty()) options.progress = &progress;
  CapturedFile result;
  try {
    auto sink = io::open_file_sink(partial, io::compression_for_path(path));
    const auto stats = inspector::take_heap_snapshot(
        session, options, [&](std::string_view chunk) { sink->write(chunk); });
    sink->finish();
    result.snapshot_bytes = stats.bytes;
  } catch (...) {
    progress.end();
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

std::chrono::milliseconds parse_duration(const std::string& text, const std::string& flag) {
  size_t used = 0;
  double value = -1;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  const std::string unit = text.substr(used);
  double factor = 0;
  if (unit.empty() || unit == "s") factor = 1000;
  else if (unit == "ms") factor = 1;
  else if (unit == "m" || unit == "min") factor = 60000;
  else if (unit == "h") factor = 3600000;
  if (used == 0 || factor == 0 || !(value >= 0) || !std::isfinite(value) || value * factor > 1e12)
    throw Error(flag + " '" + text + "': expected a duration such as 10s, 500ms, 2m or 1h");
  return std::chrono::milliseconds(static_cast<int64_t>(std::llround(value * factor)));
}

std::string timestamp_for_names() {
  const std::time_t now = std::time(nullptr);
  std::tm local{};
  ::localtime_r(&now, &local);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%d-%H%M%S", &local);
  return text;
}

}  // namespace heapsnap::cli

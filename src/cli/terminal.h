// Terminal facts and the stderr progress bar (drawn only when stderr is a TTY).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "heapsnap/util/progress.h"

namespace heapsnap::cli {

bool stderr_is_tty();
bool stdout_is_tty();

// "loading [#########.........]  45%  760 MiB / 1.7 GiB" redrawn in place on stderr, at most ten
// times a second, erased when the phase ends. A phase of unknown total shows "receiving 12.3 MiB".
class TtyProgress final : public ProgressSink {
 public:
  // What a phase with a total counts: bytes (shown beside the bar) or other things, such as the
  // objects of a snapshot V8 is building (the bar alone).
  enum class Units { kBytes, kCount };
  explicit TtyProgress(Units units = Units::kBytes) : units_(units) {}
  void begin(std::string_view phase, uint64_t total) override;
  void update(uint64_t done) override;
  void end() override;

 private:
  void draw(uint64_t done);
  Units units_;
  std::string phase_;
  uint64_t total_ = 0;
  std::chrono::steady_clock::time_point last_draw_{};
  bool drawn_ = false;
};

}  // namespace heapsnap::cli

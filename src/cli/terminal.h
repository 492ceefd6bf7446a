// Terminal facts and the stderr progress bar (drawn only when stderr is a TTY).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

#include "heapsnap/util/progress.h"

namespace heapsnap::cli {

bool stderr_is_tty();
bool stdout_is_tty();

// "loading [#########.........]  45%  760 MiB/1.7 GiB" redrawn in place on stderr, at most ten
// times a second, erased when the phase ends.
class TtyProgress final : public ProgressSink {
 public:
  void begin(std::string_view phase, uint64_t total) override;
  void update(uint64_t done) override;
  void end() override;

 private:
  void draw(uint64_t done);
  std::string phase_;
  uint64_t total_ = 0;
  std::chrono::steady_clock::time_point last_draw_{};
  bool drawn_ = false;
};

}  // namespace heapsnap::cli

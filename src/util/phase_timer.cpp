#include "heapsnap/util/phase_timer.h"

#include <fmt/format.h>

#include <cstdio>

namespace heapsnap {

PhaseTimer::~PhaseTimer() {
  if (!print_) return;
  for (const auto& [phase, seconds] : phases_)
    std::fputs(fmt::format("timing: {:<12} {:8.3f} s\n", phase, seconds).c_str(), stderr);
  // Wall time since the command started: phases may overlap (diff loads ahead).
  std::fputs(fmt::format("timing: {:<12} {:8.3f} s\n", "total", elapsed(start_)).c_str(), stderr);
}

}  // namespace heapsnap

// Wall time per phase of a command ("parse", "analyze", "report"...), for --timings. Library code
// records into it; whoever owns it decides whether the phases are printed.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace heapsnap {

class PhaseTimer {
 public:
  // `print`: write "timing: phase  1.234 s" lines to stderr on destruction, then the total.
  explicit PhaseTimer(bool print = false) : print_(print), start_(std::chrono::steady_clock::now()) {}
  ~PhaseTimer();
  PhaseTimer(const PhaseTimer&) = delete;
  PhaseTimer& operator=(const PhaseTimer&) = delete;

  // Safe from any thread (phases on a second core overlap others; each is its own wall time).
  void add(const std::string& phase, double seconds) {
    std::lock_guard lock(mutex_);
    phases_.emplace_back(phase, seconds);
  }
  // Times `work` and records it as `phase`.
  template <typename F>
  auto time(const std::string& phase, F&& work) {
    const auto start = std::chrono::steady_clock::now();
    if constexpr (std::is_void_v<decltype(work())>) {
      work();
      add(phase, elapsed(start));
    } else {
      auto result = work();
      add(phase, elapsed(start));
      return result;
    }
  }
  // Read once every thread that records has finished.
  const std::vector<std::pair<std::string, double>>& phases() const { return phases_; }

 private:
  static double elapsed(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  bool print_;
  std::chrono::steady_clock::time_point start_;
  std::mutex mutex_;
  std::vector<std::pair<std::string, double>> phases_;
};

}  // namespace heapsnap

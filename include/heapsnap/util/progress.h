// Progress reporting for long phases. Library code reports into a ProgressSink; the CLI decides
// whether anything is drawn (only on a TTY, on stderr).
#pragma once

#include <cstdint>
#include <string_view>

namespace heapsnap {

class ProgressSink {
 public:
  virtual ~ProgressSink() = default;
  // A new phase starts; `total` is 0 when unknown.
  virtual void begin(std::string_view phase, uint64_t total) = 0;
  // `done` units of the current phase are finished. Called often; implementations throttle.
  virtual void update(uint64_t done) = 0;
  virtual void end() = 0;
};

// Does nothing; the default when no one is watching.
class NullProgress final : public ProgressSink {
 public:
  void begin(std::string_view, uint64_t) override {}
  void update(uint64_t) override {}
  void end() override {}
};

}  // namespace heapsnap

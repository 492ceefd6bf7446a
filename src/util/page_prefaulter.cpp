// One background thread (SCHED_IDLE) that faults in queued ranges from their end backwards, one
// huge page (2 MiB) per step, newest range first. See page_prefaulter.h for why.
#include "heapsnap/util/page_prefaulter.h"

#include "heapsnap/util/env_switch.h"

#include <pthread.h>
#include <sched.h>
#include <sys/mman.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23  // Linux 5.14; older kernels answer EINVAL
#endif

namespace heapsnap {
namespace {

constexpr uintptr_t kPage = 4096;
constexpr uintptr_t kStep = uintptr_t{2} << 20;  // one huge page per madvise call
constexpr size_t kMinBytes = size_t{16} << 20;  // smaller arrays are not worth a hand-over

struct Range {
  uintptr_t begin;
  uintptr_t end;  // moves down as the thread works
  bool overlaps(uintptr_t b, uintptr_t e) const { return begin < e && b < end; }
};

class Prefaulter {
 public:
  // Created on the first hand-over and never destroyed: its detached thread may still be waiting
  // when the process exits.
  static Prefaulter* get_or_create() {
    static Prefaulter* const instance = [] {
      Prefaulter* p = switched_off("HEAPSNAP_NO_PREFAULT") ? nullptr : new Prefaulter;
      created_.store(p, std::memory_order_release);
      return p;
    }();
    return instance;
  }
  static Prefaulter* existing() { return created_.load(std::memory_order_acquire); }

  void add(Range r) {
    {
      std::lock_guard lock(mu_);
      if (unsupported_) return;
      queue_.push_back(r);
    }
    wake_.notify_one();
  }

  void cancel(uintptr_t b, uintptr_t e) {
    std::unique_lock lock(mu_);
    std::erase_if(queue_, [&](const Range& r) { return r.overlaps(b, e); });
    idle_.wait(lock, [&] { return !busy_.overlaps(b, e); });
  }

 private:
  Prefaulter() { std::thread([this] { run(); }).detach(); }

  void run() {
    sched_param param{};
    pthread_setschedparam(pthread_self(), SCHED_IDLE, &param);  // best effort
    std::unique_lock lock(mu_);
    for (;;) {
      wake_.wait(lock, [&] { return !queue_.empty(); });
      const Range r = queue_.back();  // the newest: most likely the one being written now
      const uintptr_t step_begin = std::max(r.begin, (r.end - 1) & ~(kStep - 1));
      busy_ = Range{step_begin, r.end};
      lock.unlock();
      // Where the owner, writing from the front, has got to this step, the rest is done.
      unsigned char resident = 0;
      const bool reached = ::mincore(reinterpret_cast<void*>(step_begin), kPage, &resident) == 0 &&
                           (resident & 1) != 0;
      bool failed = false, unsupported = false;
      if (!reached &&
          ::madvise(reinterpret_cast<void*>(step_begin), r.end - step_begin, MADV_POPULATE_WRITE) != 0) {
        failed = true;
        unsupported = errno == EINVAL;
      }
      lock.lock();
      busy_ = Range{0, 0};
      idle_.notify_all();
      if (unsupported) {
        unsupported_ = true;
        queue_.clear();
        continue;
      }
      // The queue may have changed meanwhile (cancel, add); find this range again.
      const auto it = std::find_if(queue_.begin(), queue_.end(), [&](const Range& q) {
        return q.begin == r.begin && q.end == r.end;
      });
      if (it == queue_.end()) continue;
      if (reached || failed || step_begin == r.begin) {
        queue_.erase(it);
      } else {
        it->end = step_begin;
      }
    }
  }

  static inline std::atomic<Prefaulter*> created_{nullptr};
  std::mutex mu_;
  std::condition_variable wake_;  // queue_ is not empty
  std::condition_variable idle_;  // busy_ changed
  std::vector<Range> queue_;
  Range busy_{0, 0};  // the step being faulted in now, outside the lock
  bool unsupported_ = false;
};

}  // namespace

void prefault_in_background(void* p, size_t bytes) noexcept {
  if (bytes < kMinBytes) return;
  const auto address = reinterpret_cast<uintptr_t>(p);
  const Range r{(address + kPage - 1) & ~(kPage - 1), (address + bytes) & ~(kPage - 1)};
  try {
    if (Prefaulter* prefaulter = Prefaulter::get_or_create()) prefaulter->add(r);
  } catch (...) {
    // No thread or no memory for the queue: the owner faults its pages in itself, as always.
  }
}

void cancel_prefault(void* p, size_t bytes) noexcept {
  Prefaulter* prefaulter = Prefaulter::existing();
  if (prefaulter == nullptr || bytes == 0) return;
  const auto address = reinterpret_cast<uintptr_t>(p);
  prefaulter->cancel(address, address + bytes);
}

}  // namespace heapsnap

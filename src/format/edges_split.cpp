#include "edges_split.h"

#include <algorithm>

namespace heapsnap::format {

namespace {
// While both sides run, a claim takes at most half of the unclaimed gap (and at least one slot).
uint64_t share_of(uint64_t gap) { return std::min(EdgesSplit::kBlock, std::max<uint64_t>(1, gap / 2)); }
}  // namespace

void EdgesSplit::wait_high_stopped(std::unique_lock<std::mutex>& lock) {
  changed_.wait(lock, [this] { return !high_active(); });
}

uint64_t EdgesSplit::claim_low(uint64_t used) {
  std::unique_lock lock(mutex_);
  low_claim_ = std::max(low_claim_, used);
  for (;;) {
    if (!high_active() && high_ != High::kFinished) high_floor_ = capacity_;
    const uint64_t gap = high_floor_ - low_claim_;
    if (gap > 0) {
      low_claim_ += high_active() ? share_of(gap) : std::min(kBlock, gap);
      return low_claim_;
    }
    if (high_floor_ == capacity_) return capacity_;  // every slot is taken: the row limit
    if (high_ == High::kRunning) {
      // The high side holds the rest; it releases what it does not use when it finishes.
      low_waiting_ = true;
      changed_.wait(lock, [this] {
        return !high_active() || high_ == High::kWaiting || high_floor_ > low_claim_;
      });
      low_waiting_ = false;
      continue;
    }
    // The high side is waiting for slots too, or has finished with rows that leave too few for
    // this side: the rows do not fit as split. Drop the high side and go on alone.
    drop_ = true;
    changed_.notify_all();
    wait_high_stopped(lock);
    high_ = High::kFailed;
    high_floor_ = capacity_;
  }
}

EdgesSplit::Meeting EdgesSplit::low_at_split(uint64_t used) {
  std::unique_lock lock(mutex_);
  low_claim_ = used;  // release what this side claimed beyond its rows
  low_at_split_ = true;
  changed_.notify_all();
  wait_high_stopped(lock);
  low_at_split_ = false;
  if (high_ == High::kFinished && high_floor_ == used) return Meeting::kJoined;
  high_ = High::kFailed;
  high_floor_ = capacity_;
  return Meeting::kContinue;
}

void EdgesSplit::drop_high() {
  std::unique_lock lock(mutex_);
  if (high_active()) {
    drop_ = true;
    changed_.notify_all();
    wait_high_stopped(lock);
  }
  if (high_ != High::kNone) high_ = High::kFailed;
  high_floor_ = capacity_;
}

void EdgesSplit::low_finished() {
  drop_high();
  std::lock_guard lock(mutex_);
  low_finished_ = true;
  changed_.notify_all();
}

bool EdgesSplit::start_high() {
  std::lock_guard lock(mutex_);
  if (low_finished_ || high_ != High::kNone) return false;
  high_ = High::kRunning;
  high_floor_ = capacity_;
  return true;
}

uint64_t EdgesSplit::claim_high(uint64_t floor) {
  std::unique_lock lock(mutex_);
  for (;;) {
    if (drop_) throw Stopped{};
    const uint64_t gap = floor - low_claim_;
    if (gap > 0) {
      // Once the low side stands at the split point its claim is exact: take what is left.
      high_floor_ = floor - (low_at_split_ ? std::min(kBlock, gap) : share_of(gap));
      return high_floor_;
    }
    // No slot left: wait for the low side to release its unused claim at the split point,
    // unless it already has, or is waiting itself (then the rows cannot fit).
    if (low_at_split_ || low_waiting_ || low_finished_) throw Stopped{};
    high_ = High::kWaiting;
    changed_.notify_all();
    changed_.wait(lock, [this, floor] {
      return drop_ || low_claim_ < floor || low_at_split_ || low_waiting_ || low_finished_;
    });
    high_ = High::kRunning;
  }
}

void EdgesSplit::high_finished(uint64_t floor) {
  std::lock_guard lock(mutex_);
  high_ = High::kFinished;
  high_floor_ = floor;
  changed_.notify_all();
}

void EdgesSplit::high_failed() {
  std::lock_guard lock(mutex_);
  high_ = High::kFailed;
  high_floor_ = capacity_;
  changed_.notify_all();
}

}  // namespace heapsnap::format

// Two threads filling the edge columns from the two ends of one `edges` array. Internal to the
// format loader.
//
// The look-ahead thread (the "low" side) parses the edges array from its start and writes rows
// 0, 1, 2, ... . Once the main thread has parsed `nodes`, it picks a row start S further on in
// the edges text and parses from S to the array's end (the "high" side). It cannot know how
// many rows lie before S, so it writes its rows from the last slot of the columns down (and
// reverses them when it is done): if the count in the header is right, the rows before S fill
// exactly the slots below.
//
// The high side's work is used only when the low side reaches S exactly at a row boundary, the
// high side reached the array's end without an error, and the two row counts add up to the
// header's edge_count. In every other case (a guess past the array's end, a row start that was
// not one, any malformed row, wrong counts) the high side's rows are dropped and the low side
// parses on through S itself, so the outcome, errors included, is the sequential parser's.
//
// Slots are handed out in blocks, under one mutex, so the two sides never write the same slot:
// the low side claims upwards from 0, the high side downwards from the capacity. While both are
// running, each claim takes at most half of the unclaimed gap, so near the meeting point the
// claims shrink and neither side holds many slots it will not use. A side that finds no slot
// left waits for the other to finish and release what it did not use; when both would wait,
// the rows do not fit (too many for edge_count, or the high side parsed something else) and the
// high side gives up.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace heapsnap::format {

class EdgesSplit {
 public:
  // Rows the low side claims at a time while there is no split.
  static constexpr uint64_t kBlock = 1u << 16;

  explicit EdgesSplit(uint64_t capacity) : capacity_(capacity), high_floor_(capacity) {}

  // --- The low side (the look-ahead thread). ---

  // The low side has written `used` rows (all it had claimed) and needs more: returns the new
  // end of its claim, > used, or capacity when no slot is left to claim (the caller's row limit
  // check then fails as in a sequential parse). May wait for the high side.
  uint64_t claim_low(uint64_t used);
  enum class Meeting {
    kJoined,    // the high side's rows complete the array: stop parsing
    kContinue,  // the high side's rows are dropped: parse on through the split point
  };
  // The low side stands exactly at the split point with `used` rows written. Waits for the high
  // side's outcome.
  Meeting low_at_split(uint64_t used);
  // The low side went past the split point without standing on it, ended the array before it,
  // or failed: the high side is stopped (waited for) and its rows dropped. Harmless without a
  // split.
  void drop_high();
  // The low side has finished the array (no split can start any more).
  void low_finished();

  // --- The high side (the main thread). ---

  // Starts the high side; false if the low side has already finished.
  bool start_high();
  // The high side has written everything down to `floor` (all it had claimed) and needs more:
  // returns the new bottom of its claim, < floor. Throws Stopped when the high side must give up
  // (the low side dropped it, or the rows do not fit).
  struct Stopped {};
  uint64_t claim_high(uint64_t floor);
  // The high side reached the array's end; its rows are slots [floor, capacity), in order.
  void high_finished(uint64_t floor);
  // The high side stopped early (an error, or Stopped); its rows are not used.
  void high_failed();

 private:
  enum class High { kNone, kRunning, kWaiting, kFinished, kFailed };
  bool high_active() const { return high_ == High::kRunning || high_ == High::kWaiting; }
  // Waits (lock held) until the high side is neither running nor waiting.
  void wait_high_stopped(std::unique_lock<std::mutex>& lock);

  const uint64_t capacity_;
  std::mutex mutex_;
  std::condition_variable changed_;
  uint64_t low_claim_ = 0;  // slots [0, low_claim_) are the low side's
  uint64_t high_floor_;     // slots [high_floor_, capacity_) are the high side's
  High high_ = High::kNone;
  bool low_waiting_ = false;
  bool low_at_split_ = false;  // low_claim_ is then exactly the low side's row count
  bool low_finished_ = false;
  bool drop_ = false;          // the low side wants the high side to stop
};

}  // namespace heapsnap::format

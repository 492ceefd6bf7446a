// EdgesSplit: the slot hand-out between the two threads of a split edges parse.
#include "../../../src/format/edges_split.h"

#include <catch2/catch.hpp>

#include <atomic>
#include <memory>
#include <random>
#include <thread>
#include <vector>

using heapsnap::format::EdgesSplit;

namespace {

// One split parse in miniature, as the loader runs it: the low side has `low_rows` rows before
// the split point and writes some of them before the high side starts; the high side has
// `high_rows` rows after it and writes them from the top slot down. Records which side wrote
// each slot, and flags a slot written by both while both could write.
struct Outcome {
  bool joined = false;
  bool high_finished = false;
  uint64_t low_written = 0;  // rows the low side wrote in all
  bool overlap = false;
};

Outcome run_split(uint64_t capacity, uint64_t low_rows, uint64_t high_rows, unsigned seed) {
  EdgesSplit split(capacity);
  auto owner = std::make_unique<std::atomic<int>[]>(capacity);
  for (uint64_t i = 0; i < capacity; ++i) owner[i] = 0;
  std::atomic<bool> overlap{false}, high_done{false};
  auto write = [&](uint64_t slot, int who) {
    const int before = owner[slot].exchange(who);
    // The high side never takes a low slot; the low side takes high slots only once the high
    // side has stopped (its rows were dropped).
    if ((who == 2 && before == 1) || (who == 1 && before == 2 && !high_done)) overlap = true;
  };
  std::mt19937 rng(seed);
  uint64_t e = 0, claimed = 0;
  auto low_row = [&] {
    if (e == capacity) return false;  // the loader's row limit: an error there
    if (e == claimed) claimed = split.claim_low(e);
    REQUIRE(claimed > e);
    write(e++, 1);
    if (rng() % 64 == 0) std::this_thread::yield();
    return true;
  };
  bool at_limit = false;
  const uint64_t before_start = low_rows == 0 ? 0 : rng() % (low_rows + 1);
  for (uint64_t r = 0; r < before_start && !at_limit; ++r) at_limit = !low_row();

  Outcome out;
  REQUIRE(split.start_high());
  std::thread high([&] {
    std::mt19937 high_rng(seed * 7 + 1);
    uint64_t floor = capacity, high_claimed = capacity;
    try {
      for (uint64_t r = 0; r < high_rows; ++r) {
        if (floor == high_claimed) high_claimed = split.claim_high(floor);
        write(--floor, 2);
        if (high_rng() % 64 == 0) std::this_thread::yield();
      }
      high_done = true;
      out.high_finished = true;
      split.high_finished(floor);
    } catch (const EdgesSplit::Stopped&) {
      high_done = true;
      split.high_failed();
    }
  });
  for (uint64_t r = before_start; r < low_rows && !at_limit; ++r) at_limit = !low_row();
  if (!at_limit && split.low_at_split(e) == EdgesSplit::Meeting::kJoined) {
    out.joined = true;
  } else {
    // Parse on through the high side's rows alone, as the loader does.
    for (uint64_t r = 0; r < high_rows && !at_limit; ++r) at_limit = !low_row();
    split.low_finished();
  }
  high.join();
  out.low_written = e;
  out.overlap = overlap;
  if (out.joined) {
    for (uint64_t i = 0; i < capacity; ++i)
      if (owner[i] != (i < low_rows ? 1 : 2)) out.overlap = true;
  }
  return out;
}

}  // namespace

TEST_CASE("edges split: rows that fit exactly are joined, others never are", "[loader][split]") {
  std::mt19937 rng(2024);
  int joined = 0, dropped = 0;
  for (int round = 0; round < 400; ++round) {
    const uint64_t capacity = 1 + rng() % (round % 4 == 0 ? 300000 : 3000);
    const uint64_t low = rng() % (capacity + 1);
    // Exactly the rest, or off by a few either way (wrong counts in the header).
    const int64_t skew = round % 3 == 0 ? static_cast<int64_t>(rng() % 7) - 3 : 0;
    const int64_t high_signed = static_cast<int64_t>(capacity - low) + skew;
    const uint64_t high = high_signed < 0 ? 0 : static_cast<uint64_t>(high_signed);
    INFO("round " << round << ": capacity " << capacity << ", low " << low << ", high " << high);
    const Outcome out = run_split(capacity, low, high, static_cast<unsigned>(round));
    CHECK_FALSE(out.overlap);
    if (low + high == capacity) {
      CHECK(out.joined);
      CHECK(out.high_finished);
    } else {
      CHECK_FALSE(out.joined);
      // Alone, the low side writes every row up to the limit, like a sequential parse.
      CHECK(out.low_written == std::min(low + high, capacity));
    }
    (out.joined ? joined : dropped)++;
  }
  CHECK(joined > 100);
  CHECK(dropped > 50);
}

TEST_CASE("edges split: the high side cannot start once the low side has finished", "[loader][split]") {
  EdgesSplit split(10);
  CHECK(split.claim_low(0) == 10);
  split.low_finished();
  CHECK_FALSE(split.start_high());
}

TEST_CASE("edges split: a dropped high side stops at its next claim", "[loader][split]") {
  EdgesSplit split(1000000);
  REQUIRE(split.start_high());
  const uint64_t floor = split.claim_high(1000000);
  CHECK(floor < 1000000);
  std::thread low([&] { split.drop_high(); });  // waits until the high side has stopped
  // Claims go on until the drop is seen (at the latest once the slots run out: the high side
  // then waits, and the drop wakes it).
  bool stopped = false;
  for (uint64_t f = floor; !stopped;) {
    try {
      f = split.claim_high(f);
    } catch (const EdgesSplit::Stopped&) {
      stopped = true;
    }
  }
  split.high_failed();
  low.join();
  // The low side now has every slot.
  uint64_t claimed = 0;
  while (claimed < 1000000) claimed = split.claim_low(claimed);
  CHECK(claimed == 1000000);
}

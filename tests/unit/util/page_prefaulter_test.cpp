#include "heapsnap/util/page_prefaulter.h"

#include <catch2/catch.hpp>
#include <sys/mman.h>

#include <chrono>
#include <cstdint>
#include <numeric>
#include <thread>

#include "heapsnap/util/env_switch.h"
#include "heapsnap/util/huge_page_allocator.h"

using namespace heapsnap;

namespace {

constexpr size_t kBig = size_t{64} << 20;  // above the prefaulter's 16 MiB minimum

bool resident(const void* p) {
  unsigned char vec = 0;
  return ::mincore(const_cast<void*>(p), 4096, &vec) == 0 && (vec & 1) != 0;
}

// Whether this kernel can fault pages in on request (MADV_POPULATE_WRITE, Linux 5.14).
bool kernel_can_populate() {
  void* p = ::mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  const bool ok = ::madvise(p, 4096, 23 /* MADV_POPULATE_WRITE */) == 0;
  ::munmap(p, 4096);
  return ok;
}

}  // namespace

TEST_CASE("prefaulted arrays hold what was written, whoever faulted the pages in", "[util]") {
  BigVector<uint32_t> filled = prefaulted_vector<uint32_t>(kBig / 4, 7u);
  REQUIRE(filled.size() == kBig / 4);
  CHECK(std::accumulate(filled.begin(), filled.end(), uint64_t{0}) == uint64_t{7} * (kBig / 4));
  // Written front to back while the background thread works from the back.
  BigVector<uint64_t> ramp = prefaulted_vector<uint64_t>(kBig / 8);
  for (size_t i = 0; i < ramp.size(); ++i) ramp[i] = i;
  CHECK(std::accumulate(ramp.begin(), ramp.end(), uint64_t{0}) ==
        uint64_t{ramp.size()} * (ramp.size() - 1) / 2);
}

TEST_CASE("an array freed while it is being prefaulted leaves nothing behind", "[util]") {
  // big_pages_free() cancels the hand-over and waits out a step in flight before unmapping; the
  // next mapping (often at the same address) must read as fresh zeros.
  for (int round = 0; round < 20; ++round) {
    {
      BigVector<char> doomed;
      doomed.reserve(kBig);
      prefault_capacity(doomed);
      if (round % 2 == 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    BigVector<char> fresh(kBig, '\0');
    prefault_capacity(fresh);
    CHECK(fresh[0] == 0);
    CHECK(fresh[kBig - 1] == 0);
  }
}

TEST_CASE("the background thread faults in the far end of an array the owner has not reached",
          "[util]") {
  if (!kernel_can_populate() || switched_off("HEAPSNAP_NO_PREFAULT")) return;
  BigVector<char> untouched;
  untouched.reserve(kBig);
  const char* last_page = untouched.data() + kBig - 4096;
  REQUIRE_FALSE(resident(last_page));
  prefault_capacity(untouched);
  // This thread sleeps, so a core is idle and the SCHED_IDLE thread gets to run.
  bool done = false;
  for (int i = 0; i < 500 && !done; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    done = resident(last_page);
  }
  CHECK(done);
}

// top_k against the obvious version: sort everything kept, take the first k.
#include "heapsnap/analysis/top_k.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

using heapsnap::analysis::top_k;

TEST_CASE("top_k equals a full sort cut to k, ties going to the smaller index", "[top_k]") {
  std::mt19937 rng(11);
  int heap_path = 0, sort_path = 0;
  for (int round = 0; round < 2000; ++round) {
    const uint32_t n = rng() % (round % 10 == 0 ? 20000 : 300);
    // Few distinct sizes make many ties; some rounds use wide sizes.
    const uint64_t distinct = round % 3 == 0 ? 4 : 1000000;
    std::vector<uint64_t> sizes(n);
    std::vector<bool> kept(n);
    for (uint32_t i = 0; i < n; ++i) {
      sizes[i] = rng() % distinct;
      kept[i] = rng() % 4 != 0;
    }
    const uint32_t k = round % 7 == 0 ? n + 3 : rng() % (n / 8 + 2);
    const auto size = [&](uint32_t i) { return sizes[i]; };
    const auto keep = [&](uint32_t i) { return static_cast<bool>(kept[i]); };

    std::vector<uint32_t> expected;
    for (uint32_t i = 0; i < n; ++i)
      if (kept[i]) expected.push_back(i);
    std::stable_sort(expected.begin(), expected.end(),
                     [&](uint32_t a, uint32_t b) { return sizes[a] > sizes[b]; });
    if (expected.size() > k) expected.resize(k);

    INFO("round " << round << ": n " << n << ", k " << k);
    REQUIRE(top_k(n, k, size, keep) == expected);
    (k < n / 16 ? heap_path : sort_path)++;
  }
  CHECK(heap_path > 200);  // both ways of selecting were exercised
  CHECK(sort_path > 200);
}

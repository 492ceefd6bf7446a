// The k largest items by a size, without sorting everything: nth_element then a sort of the k
// winners. Ties are broken by the smaller index, so results are deterministic.
#pragma once

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <vector>

namespace heapsnap::analysis {

// Indices i in [0, n) with keep(i), the k with the largest size(i), largest first.
template <typename Size, typename Keep>
std::vector<uint32_t> top_k(uint32_t n, uint32_t k, Size size, Keep keep) {
  std::vector<uint32_t> items;
  items.reserve(n);
  for (uint32_t i = 0; i < n; ++i)
    if (keep(i)) items.push_back(i);
  const auto larger = [&](uint32_t a, uint32_t b) {
    const auto sa = size(a), sb = size(b);
    return sa != sb ? sa > sb : a < b;
  };
  if (items.size() > k) {
    std::nth_element(items.begin(), items.begin() + k, items.end(), larger);
    items.resize(k);
  }
  std::sort(items.begin(), items.end(), larger);
  return items;
}

}  // namespace heapsnap::analysis

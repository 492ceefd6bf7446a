// The k largest items by a size, without sorting everything. Ties are broken by the smaller
// index, so results are deterministic.
//  - Few winners (k below n / 16, e.g. `top -n 20` over millions of nodes): one pass that keeps
//    the k best so far in a heap whose top is the worst of them; nearly every item costs one
//    comparison with that top, and nothing of size n is allocated.
//  - Otherwise: nth_element over the kept indices, then a sort of the k winners.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

namespace heapsnap::analysis {

// Indices i in [0, n) with keep(i), the k with the largest size(i), largest first.
template <typename Size, typename Keep>
std::vector<uint32_t> top_k(uint32_t n, uint32_t k, Size size, Keep keep) {
  const auto larger = [&](uint32_t a, uint32_t b) {
    const auto sa = size(a), sb = size(b);
    return sa != sb ? sa > sb : a < b;
  };
  std::vector<uint32_t> items;
  if (k < n / 16) {
    items.reserve(k);
    for (uint32_t i = 0; i < n && k > 0; ++i) {
      if (items.size() == k && !larger(i, items.front())) continue;
      if (!keep(i)) continue;
      if (items.size() == k) {
        std::pop_heap(items.begin(), items.end(), larger);
        items.back() = i;
      } else {
        items.push_back(i);
      }
      std::push_heap(items.begin(), items.end(), larger);
    }
  } else {
    items.reserve(n);
    for (uint32_t i = 0; i < n; ++i)
      if (keep(i)) items.push_back(i);
    if (items.size() > k) {
      std::nth_element(items.begin(), items.begin() + k, items.end(), larger);
      items.resize(k);
    }
  }
  std::sort(items.begin(), items.end(), larger);
  return items;
}

}  // namespace heapsnap::analysis

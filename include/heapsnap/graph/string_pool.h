// The snapshot's `strings` array as one contiguous byte buffer plus offsets: no std::string per
// string, 8 bytes of overhead each.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "heapsnap/graph/ids.h"
#include "heapsnap/util/huge_page_allocator.h"

namespace heapsnap::graph {

class StringPool {
 public:
  StringPool() : offsets_{0} {}

  uint32_t size() const { return static_cast<uint32_t>(offsets_.size() - 1); }
  std::string_view get(StringIndex s) const {
    const uint32_t i = value(s);
    return {bytes_.data() + offsets_[i], static_cast<size_t>(offsets_[i + 1] - offsets_[i])};
  }
  // Total bytes of string text.
  uint64_t byte_size() const { return bytes_.size(); }

  // Building (used by the loader). `expected_bytes` reserves address space only; pages that are
  // never written are never resident.
  void reserve(uint64_t expected_bytes, uint64_t expected_count) {
    bytes_.reserve(expected_bytes);
    offsets_.reserve(expected_count + 1);
  }
  StringIndex append(std::string_view s) {
    bytes_.insert(bytes_.end(), s.begin(), s.end());
    offsets_.push_back(bytes_.size());
    return StringIndex{size() - 1};
  }

 private:
  BigVector<char> bytes_;
  BigVector<uint64_t> offsets_;  // size() + 1 entries
};

}  // namespace heapsnap::graph

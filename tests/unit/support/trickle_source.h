// A ByteSource for tests that hands out its bytes in small pieces of random length, so every
// "value continues in the next chunk" path of the loader is exercised. Its size is unknown to the
// reader, like a gzip stream's.
#pragma once

#include <algorithm>
#include <cstring>
#include <random>
#include <string>

#include "heapsnap/io/byte_source.h"

namespace heapsnap::test {

class TrickleSource final : public io::ByteSource {
 public:
  TrickleSource(std::string bytes, size_t max_piece, uint32_t seed)
      : bytes_(std::move(bytes)), max_piece_(max_piece), rng_(seed) {}
  size_t read(char* buffer, size_t capacity) override {
    const size_t piece = 1 + rng_() % max_piece_;
    const size_t n = std::min({capacity, piece, bytes_.size() - position_});
    std::memcpy(buffer, bytes_.data() + position_, n);
    position_ += n;
    return n;
  }
  std::optional<uint64_t> size() const override { return std::nullopt; }
  uint64_t stored_position() const override { return position_; }
  uint64_t stored_size() const override { return bytes_.size(); }
  const std::string& name() const override { return name_; }

 private:
  std::string bytes_;
  size_t max_piece_;
  std::mt19937 rng_;
  size_t position_ = 0;
  std::string name_ = "<trickle>";
};

}  // namespace heapsnap::test

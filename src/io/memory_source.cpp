#include <algorithm>
#include <cstring>

#include "heapsnap/io/byte_source.h"

namespace heapsnap::io {
namespace {

class MemorySource final : public ByteSource {
 public:
  MemorySource(std::string_view bytes, std::string name) : bytes_(bytes), name_(std::move(name)) {}
  size_t read(char* buffer, size_t capacity) override {
    const size_t n = std::min(capacity, bytes_.size() - position_);
    std::memcpy(buffer, bytes_.data() + position_, n);
    position_ += n;
    return n;
  }
  std::optional<uint64_t> size() const override { return bytes_.size(); }
  uint64_t stored_position() const override { return position_; }
  uint64_t stored_size() const override { return bytes_.size(); }
  const std::string& name() const override { return name_; }
  std::unique_ptr<ByteSource> open_at(uint64_t offset) const override {
    auto source = std::make_unique<MemorySource>(bytes_, name_);
    source->position_ = std::min<uint64_t>(offset, bytes_.size());
    return source;
  }

 private:
  std::string_view bytes_;
  size_t position_ = 0;
  std::string name_;
};

}  // namespace

std::unique_ptr<ByteSource> memory_source(std::string_view bytes, std::string name) {
  return std::make_unique<MemorySource>(bytes, std::move(name));
}

}  // namespace heapsnap::io

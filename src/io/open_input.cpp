// Opening an input: the first bytes say whether it is compressed, and how.
#include <algorithm>
#include <cstring>

#include "heapsnap/io/byte_source.h"

namespace heapsnap::io {
namespace {

// The sniffed bytes put back in front of the rest of the stream.
class PrefixedSource final : public ByteSource {
 public:
  PrefixedSource(std::string prefix, std::unique_ptr<ByteSource> rest)
      : prefix_(std::move(prefix)), rest_(std::move(rest)) {}
  size_t read(char* buffer, size_t capacity) override {
    size_t n = 0;
    if (offset_ < prefix_.size()) {
      n = std::min(capacity, prefix_.size() - offset_);
      std::memcpy(buffer, prefix_.data() + offset_, n);
      offset_ += n;
    }
    return n + (n < capacity ? rest_->read(buffer + n, capacity - n) : 0);
  }
  std::optional<uint64_t> size() const override { return rest_->size(); }
  uint64_t stored_position() const override { return rest_->stored_position(); }
  uint64_t stored_size() const override { return rest_->stored_size(); }
  const std::string& name() const override { return rest_->name(); }
  // The prefix was read from rest_, which still knows the whole file.
  std::unique_ptr<ByteSource> open_at(uint64_t offset) const override { return rest_->open_at(offset); }

 private:
  std::string prefix_;
  size_t offset_ = 0;
  std::unique_ptr<ByteSource> rest_;
};

std::unique_ptr<ByteSource> decompressed(std::unique_ptr<ByteSource> source) {
  char magic[kMagicBytes];
  size_t n = 0;
  while (n < kMagicBytes) {
    const size_t got = source->read(magic + n, kMagicBytes - n);
    if (got == 0) break;
    n += got;
  }
  auto restored = std::make_unique<PrefixedSource>(std::string(magic, n), std::move(source));
  switch (sniff_compression(std::string_view(magic, n))) {
    case Compression::kNone: return restored;
    case Compression::kGzip: return gzip_source(std::move(restored));
    case Compression::kZstd: return zstd_source(std::move(restored));
    case Compression::kXz: return xz_source(std::move(restored));
  }
  return restored;
}

}  // namespace

Compression sniff_compression(std::string_view bytes) {
  auto starts_with = [&](std::initializer_list<unsigned char> magic) {
    return bytes.size() >= magic.size() &&
           std::equal(magic.begin(), magic.end(), bytes.begin(),
                      [](unsigned char m, char b) { return m == static_cast<unsigned char>(b); });
  };
  if (starts_with({0x1f, 0x8b})) return Compression::kGzip;
  if (starts_with({0x28, 0xb5, 0x2f, 0xfd})) return Compression::kZstd;
  // A skippable frame (magic 0x184D2A50..5F, little-endian) may come first in a zstd stream.
  if (bytes.size() >= 4 && (static_cast<unsigned char>(bytes[0]) & 0xf0) == 0x50 &&
      bytes.substr(1, 3) == "\x2a\x4d\x18")
    return Compression::kZstd;
  if (starts_with({0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00})) return Compression::kXz;
  return Compression::kNone;
}

std::unique_ptr<ByteSource> open_input(const std::string& path) { return decompressed(file_source(path)); }

std::unique_ptr<ByteSource> open_memory_input(std::string_view bytes, std::string name) {
  return decompressed(memory_source(bytes, std::move(name)));
}

}  // namespace heapsnap::io

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <random>

#include "heapsnap/io/byte_sink.h"
#include "heapsnap/io/byte_source.h"
#include "heapsnap/util/env_switch.h"
#include "heapsnap/util/error.h"
#include "heapsnap/util/huge_page_allocator.h"
#include "unit/support/testdata.h"

using namespace heapsnap;

namespace {

std::string read_all(io::ByteSource& source, size_t step) {
  std::string out, buffer(step, '\0');
  while (size_t n = source.read(buffer.data(), step)) out.append(buffer.data(), n);
  return out;
}

std::string gzip(const std::string& text) {
  z_stream z{};
  deflateInit2(&z, 9, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, text.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

}  // namespace

TEST_CASE("plain input passes through unchanged, in any read size", "[io]") {
  const std::string text = "{\"snapshot\":1}";
  for (size_t step : {1, 2, 3, 100}) {
    auto source = io::open_memory_input(text);
    CHECK(read_all(*source, step) == text);
    CHECK(source->size() == text.size());
  }
  auto one = io::open_memory_input("x");
  CHECK(read_all(*one, 4) == "x");
  auto none = io::open_memory_input("");
  CHECK(read_all(*none, 4).empty());
}

TEST_CASE("gzip is recognised by magic and inflated, also concatenated members", "[io][gzip]") {
  std::string text(300000, 'a');
  for (size_t i = 0; i < text.size(); i += 7) text[i] = static_cast<char>('0' + i % 10);
  const std::string packed = gzip(text);  // the source only views it
  auto source = io::open_memory_input(packed);
  CHECK_FALSE(source->size().has_value());
  CHECK(read_all(*source, 4096) == text);
  const std::string two = gzip("first,") + gzip("second");
  auto concatenated = io::open_memory_input(two);
  CHECK(read_all(*concatenated, 3) == "first,second");
}

TEST_CASE("broken gzip is an error", "[io][gzip]") {
  // Varied text: in a run of one letter, a corrupted back-reference still decodes to that
  // letter and the CRC agrees.
  std::string text;
  for (int i = 0; i < 20000; ++i) text += std::to_string(i * 7919 % 10007) + ",";
  std::string packed = gzip(text);
  const std::string half = packed.substr(0, packed.size() / 2);  // the source only views it
  auto truncated = io::open_memory_input(half);
  CHECK_THROWS_WITH(read_all(*truncated, 4096), Catch::Contains("truncated"));
  packed[packed.size() / 2] ^= 0x55;
  packed[packed.size() / 2 + 1] ^= 0x55;
  auto corrupt = io::open_memory_input(packed);
  CHECK_THROWS_AS(read_all(*corrupt, 4096), Error);
}

TEST_CASE("missing files and directories give a clear error", "[io]") {
  CHECK_THROWS_WITH(io::open_input("/nonexistent/x.heapsnapshot"), Catch::Contains("cannot open"));
  CHECK_THROWS_WITH(io::open_input(test::testdata("tiny")), Catch::Contains("is a directory"));
}

namespace {

// Writes `text` to a fresh file and drops it from the page cache, so that reads meet the disk.
std::string write_uncached(const std::string& text) {
  const auto path = std::filesystem::temp_directory_path() /
                    ("heapsnap-direct-" + std::to_string(::getpid()) + ".bin");
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  REQUIRE(fd >= 0);
  REQUIRE(::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()));
  ::fdatasync(fd);
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
  ::close(fd);
  return path.string();
}

void drop_from_cache(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  ::posix_fadvise(fd, 0, 0, POSIX_FADV_DONTNEED);
  ::close(fd);
}

// Pages of the file in the page cache (cachestat(2), Linux 6.5), or -1 when the kernel can't say.
long long cached_pages(const std::string& path) {
  struct { uint64_t off, len; } range{0, 0};  // len 0: to the end of the file
  uint64_t stat[5] = {};
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  const long rc = ::syscall(451, fd, &range, stat, 0);
  ::close(fd);
  return rc == 0 ? static_cast<long long>(stat[0]) : -1;
}

bool direct_io_possible(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_DIRECT);
  if (fd >= 0) ::close(fd);
  return fd >= 0;
}

// Reads like the JsonTextReader does: into a page-aligned 8 MiB buffer.
std::string read_all_aligned(io::ByteSource& source) {
  constexpr size_t kChunk = 8u << 20;
  BigVector<char> buffer(kChunk);
  std::string out;
  while (size_t n = source.read(buffer.data(), kChunk)) out.append(buffer.data(), n);
  return out;
}

}  // namespace

TEST_CASE("a file that is not cached reads the same with direct I/O from any offset", "[io]") {
  std::mt19937_64 random(7);
  std::string text(20 * (1u << 20) + 1234, '\0');
  for (char& c : text) c = static_cast<char>('a' + random() % 26);
  text[0] = '{';  // not the gzip magic
  const std::string path = write_uncached(text);

  {
    auto source = io::open_input(path);  // starts with the two sniffed bytes: unaligned
    CHECK(read_all_aligned(*source) == text);
  }
  // Direct reads leave the page cache alone; reads through the cache would fill it.
  const long long cached = cached_pages(path);
  const long long file_pages = static_cast<long long>((text.size() + 4095) / 4096);
  if (cached >= 0 && direct_io_possible(path) && !switched_off("HEAPSNAP_NO_DIRECT_IO"))
    CHECK(cached < file_pages / 2);

  for (const uint64_t offset : {uint64_t{0}, uint64_t{4096}, uint64_t{12345}, uint64_t{(9u << 20) + 1}}) {
    drop_from_cache(path);
    auto source = io::file_source(path)->open_at(offset);
    CHECK(read_all_aligned(*source) == text.substr(offset));
  }
  // Odd buffer sizes and alignments go through the cache and read the same bytes.
  drop_from_cache(path);
  auto source = io::file_source(path);
  CHECK(read_all(*source, 1000003) == text);
  std::remove(path.c_str());
}

namespace {

// `text` compressed by io::open_file_sink, as bytes in memory.
std::string compressed(const std::string& text, io::Compression compression) {
  const auto path = (std::filesystem::temp_directory_path() /
                     ("heapsnap-packed-" + std::to_string(::getpid()) + ".bin"))
                        .string();
  auto sink = io::open_file_sink(path, compression);
  sink->write(text);
  sink->finish();
  std::string bytes = test::read_file(path);
  std::remove(path.c_str());
  return bytes;
}

std::string varied_text() {
  std::string text;
  for (int i = 0; i < 40000; ++i) text += std::to_string(i * 7919 % 10007) + ",";
  return text;
}

}  // namespace

TEST_CASE("the magic bytes tell the compressions apart", "[io]") {
  using io::Compression;
  CHECK(io::sniff_compression("\x1f\x8b\x08") == Compression::kGzip);
  CHECK(io::sniff_compression("\x28\xb5\x2f\xfd\x04") == Compression::kZstd);
  CHECK(io::sniff_compression("\x5e\x2a\x4d\x18") == Compression::kZstd);  // skippable frame
  CHECK(io::sniff_compression(std::string_view("\xfd" "7zXZ\x00", 6)) == Compression::kXz);
  CHECK(io::sniff_compression("\xfd" "7zXZ") == Compression::kNone);  // too short
  CHECK(io::sniff_compression("\x28\xb5\x2f") == Compression::kNone);
  CHECK(io::sniff_compression("{\"snapshot\"") == Compression::kNone);
  CHECK(io::sniff_compression("") == Compression::kNone);
}

TEST_CASE("zstd and xz are recognised by magic and decompressed also when concatenated", "[io]") {
  const std::string text = varied_text();
  for (const auto compression : {io::Compression::kZstd, io::Compression::kXz}) {
    INFO(io::compression_name(compression));
    const std::string packed = compressed(text, compression);
    for (size_t step : {size_t{1}, size_t{4096}, size_t{8u << 20}}) {
      auto source = io::open_memory_input(packed);
      CHECK(source->compression() == compression);
      CHECK_FALSE(source->size().has_value());
      CHECK(read_all(*source, step) == text);
      CHECK(source->stored_position() == packed.size());
    }
    // Frames or streams one after the other read as one, as `cat a.zst b.zst` makes them.
    const std::string two = compressed("first,", compression) + compressed("", compression) +
                            compressed("second", compression);
    auto concatenated = io::open_memory_input(two);
    CHECK(read_all(*concatenated, 3) == "first,second");
  }
  // A zstd stream may begin with a skippable frame (magic 0x184D2A5?, 4-byte length, content).
  const std::string skippable = std::string("\x50\x2a\x4d\x18\x03\x00\x00\x00" "abc", 11) +
                                compressed("after", io::Compression::kZstd);
  auto source = io::open_memory_input(skippable);
  CHECK(read_all(*source, 7) == "after");
}

TEST_CASE("broken zstd and xz are errors that name the input and the offset and the reason", "[io]") {
  const std::string text = varied_text();
  SECTION("zstd") {
    const std::string packed = compressed(text, io::Compression::kZstd);
    const std::string half = packed.substr(0, packed.size() / 2);
    auto truncated = io::open_memory_input(half, "half.zst");
    CHECK_THROWS_WITH(read_all(*truncated, 4096),
                      Catch::StartsWith("'half.zst': zstd stream is truncated (ends inside a frame"));
    std::string flipped = packed;
    for (size_t i = packed.size() / 2; i < packed.size() / 2 + 4; ++i) flipped[i] ^= 0x55;
    auto corrupt = io::open_memory_input(flipped, "bad.zst");
    CHECK_THROWS_WITH(read_all(*corrupt, 4096),
                      Catch::StartsWith("'bad.zst': corrupt zstd data near compressed byte "));
    // Garbage after a complete frame is not a frame.
    const std::string with_garbage = packed + "garbage!";  // the source only views it
    auto trailing = io::open_memory_input(with_garbage, "tail.zst");
    CHECK_THROWS_WITH(read_all(*trailing, 4096),
                      Catch::Contains("near compressed byte " + std::to_string(packed.size())));
  }
  SECTION("xz") {
    const std::string packed = compressed(text, io::Compression::kXz);
    const std::string half = packed.substr(0, packed.size() / 2);
    auto truncated = io::open_memory_input(half, "half.xz");
    CHECK_THROWS_WITH(read_all(*truncated, 4096),
                      Catch::StartsWith("'half.xz': xz stream is truncated (ends inside a stream"));
    std::string flipped = packed;
    for (size_t i = packed.size() / 2; i < packed.size() / 2 + 4; ++i) flipped[i] ^= 0x55;
    auto corrupt = io::open_memory_input(flipped, "bad.xz");
    CHECK_THROWS_WITH(read_all(*corrupt, 4096),
                      Catch::StartsWith("'bad.xz': corrupt xz data near compressed byte "));
    // After a stream, xz expects padding or the 12-byte header of the next one: shorter garbage
    // reads as a truncated header, longer as a corrupt one.
    const std::string with_garbage = packed + "garbage!";  // the source only views it
    auto trailing = io::open_memory_input(with_garbage, "tail.xz");
    CHECK_THROWS_WITH(read_all(*trailing, 4096), Catch::StartsWith("'tail.xz': xz stream is truncated"));
    const std::string with_more_garbage = packed + "garbage after the end";
    auto longer = io::open_memory_input(with_more_garbage, "tail.xz");
    std::string message;
    try {
      read_all(*longer, 4096);
    } catch (const Error& e) {
      message = e.what();
    }
    const std::string prefix = "'tail.xz': corrupt xz data near compressed byte ";
    REQUIRE(message.starts_with(prefix));
    // The decoder reads the whole would-be header before it rejects it.
    const uint64_t offset = std::stoull(message.substr(prefix.size()));
    CHECK(offset >= packed.size());
    CHECK(offset <= packed.size() + 12);
  }
}

TEST_CASE("a compressed input may not expand beyond max_decompressed_size", "[io]") {
  // 64 MiB of one letter compresses to a few KiB: far beyond 1100:1, which no snapshot reaches.
  const std::string text(64u << 20, 'a');
  for (const auto compression : {io::Compression::kZstd, io::Compression::kXz}) {
    INFO(io::compression_name(compression));
    const std::string packed = compressed(text, compression);
    REQUIRE(io::max_decompressed_size(packed.size()) < text.size());
    auto source = io::open_memory_input(packed, "bomb");
    CHECK_THROWS_WITH(read_all(*source, 1u << 20), Catch::Contains("(over 1100:1"));
  }
}

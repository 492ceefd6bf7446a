#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <random>

#include "heapsnap/io/byte_sink.h"
#include "heapsnap/io/byte_source.h"
#include "heapsnap/util/error.h"
#include "unit/support/testdata.h"

using namespace heapsnap;

namespace {

std::string temp_path(const std::string& suffix) {
  return (std::filesystem::temp_directory_path() /
          ("heapsnap-sink-" + std::to_string(::getpid()) + suffix))
      .string();
}

std::string read_all(io::ByteSource& source) {
  std::string out, buffer(65536, '\0');
  while (size_t n = source.read(buffer.data(), buffer.size())) out.append(buffer.data(), n);
  return out;
}

// Text that compresses, but not to nothing: numbers, as in a snapshot's arrays.
std::string sample_text(size_t size) {
  std::mt19937 random(11);
  std::string text;
  while (text.size() < size) text += std::to_string(random() % 100000) + ",";
  text.resize(size);
  return text;
}

}  // namespace

TEST_CASE("compression is chosen by the file name's extension", "[io][sink]") {
  CHECK(io::compression_for_path("a.heapsnapshot") == io::Compression::kNone);
  CHECK(io::compression_for_path("a.heapsnapshot.gz") == io::Compression::kGzip);
  CHECK(io::compression_for_path("dir.gz/a.zst") == io::Compression::kZstd);
  CHECK(io::compression_for_path("a.xz") == io::Compression::kXz);
  CHECK(io::compression_for_path("a.gzip") == io::Compression::kNone);
  CHECK(io::compression_for_path("xz") == io::Compression::kNone);
  CHECK(io::compression_name(io::Compression::kZstd) == "zstd");
}

TEST_CASE("every sink writes what it is given, in pieces of any size", "[io][sink]") {
  const std::string text = sample_text(3 * (1u << 20) + 17);  // more than one output buffer
  for (const char* suffix : {".heapsnapshot", ".heapsnapshot.gz", ".heapsnapshot.zst", ".heapsnapshot.xz"}) {
    SECTION(suffix) {
      const std::string path = temp_path(suffix);
      auto sink = io::open_file_sink(path, io::compression_for_path(path));
      // Pieces of 0, 1, 2, ... bytes, then one large piece with the rest.
      size_t at = 0;
      for (size_t piece = 0; at + piece < text.size() / 2; ++piece) {
        sink->write(std::string_view(text).substr(at, piece));
        at += piece;
      }
      sink->write(std::string_view(text).substr(at));
      CHECK(sink->bytes_in() == text.size());
      sink->finish();
      CHECK_THROWS(sink->finish());
      const auto stored = std::filesystem::file_size(path);
      if (io::compression_for_path(path) != io::Compression::kNone) CHECK(stored < text.size() / 2);
      auto source = io::open_input(path);
      CHECK(read_all(*source) == text);
      std::remove(path.c_str());
    }
  }
}

TEST_CASE("an empty sink makes a file that reads back empty", "[io][sink]") {
  for (const char* suffix : {".bin", ".gz", ".zst", ".xz"}) {
    const std::string path = temp_path(suffix);
    auto sink = io::open_file_sink(path, io::compression_for_path(path));
    sink->finish();
    auto source = io::open_input(path);
    CHECK(read_all(*source).empty());
    std::remove(path.c_str());
  }
}

TEST_CASE("a sink that cannot create its file names the path and the reason", "[io][sink]") {
  CHECK_THROWS_WITH(io::open_file_sink("/nonexistent/dir/x.zst", io::Compression::kZstd),
                    Catch::Contains("'/nonexistent/dir/x.zst': cannot create: No such file"));
}

TEST_CASE("a sink on a full disk reports the write error", "[io][sink]") {
  if (!std::filesystem::exists("/dev/full")) return;
  auto sink = io::open_file_sink("/dev/full", io::Compression::kNone);
  CHECK_THROWS_WITH(
      [&] {
        sink->write(std::string(2u << 20, 'x'));
        sink->finish();
      }(),
      Catch::Contains("'/dev/full': write failed: No space left on device"));
}

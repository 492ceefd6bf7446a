#include <catch2/catch.hpp>

#include <zlib.h>

#include "heapsnap/io/byte_source.h"
#include "heapsnap/util/error.h"
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

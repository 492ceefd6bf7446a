#include <catch2/catch.hpp>

#include "heapsnap/util/byte_units.h"
#include "heapsnap/util/error.h"

using namespace heapsnap;

TEST_CASE("sizes in human units", "[util]") {
  CHECK(format_bytes(0) == "0 B");
  CHECK(format_bytes(1023) == "1023 B");
  CHECK(format_bytes(1024) == "1.0 KiB");
  CHECK(format_bytes(1536) == "1.5 KiB");
  CHECK(format_bytes(10 * 1024 * 1024 + 300 * 1024) == "10.3 MiB");
  CHECK(format_bytes(5ull << 30) == "5.0 GiB");
  CHECK(format_bytes_delta(0) == "0 B");
  CHECK(format_bytes_delta(2048) == "+2.0 KiB");
  CHECK(format_bytes_delta(-100) == "-100 B");
  CHECK(format_bytes_delta(INT64_MIN).rfind("-", 0) == 0);
}

TEST_CASE("sizes parsed from flags", "[util]") {
  CHECK(parse_bytes("4096") == 4096);
  CHECK(parse_bytes("1k") == 1024);
  CHECK(parse_bytes("10MB") == 10u << 20);
  CHECK(parse_bytes("10 MiB") == 10u << 20);
  CHECK(parse_bytes("1.5G") == 3ull << 29);
  CHECK_THROWS_AS(parse_bytes("ten"), Error);
  CHECK_THROWS_AS(parse_bytes("10 parsecs"), Error);
  CHECK_THROWS_AS(parse_bytes("-5"), Error);
}

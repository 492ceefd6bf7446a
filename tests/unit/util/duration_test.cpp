#include <catch2/catch.hpp>

#include <string>

#include "heapsnap/util/duration.h"
#include "heapsnap/util/error.h"

using namespace heapsnap;
using std::chrono::milliseconds;

TEST_CASE("durations in every unit", "[util]") {
  CHECK(parse_duration("10s", "--interval") == milliseconds(10000));
  CHECK(parse_duration("10", "--interval") == milliseconds(10000));  // plain seconds
  CHECK(parse_duration("1.5s", "--interval") == milliseconds(1500));
  CHECK(parse_duration("500ms", "--interval") == milliseconds(500));
  CHECK(parse_duration("2m", "--interval") == milliseconds(120000));
  CHECK(parse_duration("2min", "--interval") == milliseconds(120000));
  CHECK(parse_duration("1h", "--interval") == milliseconds(3600000));
  CHECK(parse_duration("0", "--wait") == milliseconds(0));
  CHECK(parse_duration("0.0004s", "--wait") == milliseconds(0));  // rounded to whole ms
  CHECK(parse_duration("0.0006s", "--wait") == milliseconds(1));
}

TEST_CASE("durations that are not", "[util]") {
  for (const std::string bad : {"", "s", "ten", "10 s", "10sec", "10d", "-1s", "nan", "inf", "1e13"})
    CHECK_THROWS_AS(parse_duration(bad, "--grace"), Error);
  CHECK(parse_duration("1e9", "--grace") == milliseconds(1000000000000));  // the 10^12 ms limit
  try {
    parse_duration("x5", "--timeout");
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(std::string(e.what()) == "--timeout 'x5': expected a duration such as 10s, 500ms, 2m or 1h");
  }
}

// The text helpers every command's text output shares (report/text_table.h): names on one line,
// cut to a width by code points, distances as DevTools shows them, tables that hold whatever a
// heap string holds.
#include <catch2/catch.hpp>

#include <string>

#include "heapsnap/analysis/distances.h"
#include "heapsnap/report/text_table.h"

using namespace heapsnap;
using namespace heapsnap::report;

TEST_CASE("one_line escapes line breaks and control characters", "[report][text]") {
  CHECK(one_line("a\nb\r\tc") == "a\\nb\\r\\tc");
  CHECK(one_line(std::string("x\x01y\x7f", 4)) == "x?y?");
  CHECK(one_line("é 😀") == "é 😀");
  CHECK(one_line(one_line("a\nb")) == one_line("a\nb"));  // escaping twice changes nothing
}

TEST_CASE("short_line cuts by code points and says so", "[report][text]") {
  CHECK(short_line("short") == "short");
  const std::string sixty(60, 'x');
  CHECK(short_line(sixty) == sixty);
  CHECK(short_line(sixty + "y") == std::string(57, 'x') + "...");
  // Multi-byte characters count once and are never split.
  std::string wide;
  for (int i = 0; i < 70; ++i) wide += "é";
  const std::string cut = short_line(wide, 10);
  CHECK(display_width(cut) == 10);
  CHECK(cut == "ééééééé...");
  CHECK(short_line("a\nb", 60) == "a\\nb");
}

TEST_CASE("distances as DevTools shows them", "[report][text]") {
  const int32_t system = analysis::kBaseSystemDistance;
  CHECK(format_distance(0) == "0");
  CHECK(format_distance(14) == "14");
  CHECK(format_distance(system + 3) == "-");
  CHECK(format_distance(analysis::kNoDistance) == "-");
  CHECK(describe_distance(14) == "14");
  CHECK(describe_distance(system + 3) == "system 3");
  CHECK(describe_distance(analysis::kNoDistance) == "unreachable");
}

TEST_CASE("a table row stays one row whatever its cells hold", "[report][text]") {
  TextTable table({{"name", TextTable::Align::kLeft, 12}, {"size"}});
  table.add_row({"hello\n\"q\"", "16 B"});
  table.add_row({"a very long name indeed", "1 B"});
  const std::string out = table.render();
  CHECK(out ==
        "name          size\n"
        "hello\\n\"q\"    16 B\n"
        "a very lo...   1 B\n");
}

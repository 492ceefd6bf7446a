// Escaping for the markup formats (report/markup.h): XML text and attributes, Markdown text and
// code spans, on heap strings that may hold markup, control characters and invalid UTF-8.
#include <catch2/catch.hpp>

#include <string>

#include "heapsnap/report/markup.h"

using namespace heapsnap::report;

namespace {
const std::string kBad("a\xff" "b", 3);          // a byte that starts no UTF-8 sequence
const std::string kCut("\xe2\x82", 2);             // a 3-byte sequence cut short
const std::string kReplacement = "\xEF\xBF\xBD";  // U+FFFD
}  // namespace

TEST_CASE("xml_escape: markup, line breaks, characters XML cannot hold", "[report][markup]") {
  CHECK(xml_escape("a<b>&\"c\"", false) == "a&lt;b&gt;&amp;\"c\"");
  CHECK(xml_escape("a<b>&\"c\"", true) == "a&lt;b&gt;&amp;&quot;c&quot;");
  CHECK(xml_escape("1\n2\t3\r4", false) == "1\n2\t3&#13;4");
  CHECK(xml_escape("1\n2\t3\r4", true) == "1&#10;2&#9;3&#13;4");
  CHECK(xml_escape(std::string("x\x01y", 3), false) == "x" + kReplacement + "y");
  CHECK(xml_escape("\xEF\xBF\xBE", false) == kReplacement);  // U+FFFE is not an XML character
  CHECK(xml_escape("é 😀", false) == "é 😀");
  CHECK(xml_escape(kBad, false) == "a" + kReplacement + "b");
  CHECK(xml_escape(kCut, false) == kReplacement + kReplacement);  // one per byte
}

TEST_CASE("md_text: punctuation escaped, line breaks as <br>", "[report][markup]") {
  CHECK(md_text("a*b_c`d|e") == "a\\*b\\_c\\`d\\|e");
  CHECK(md_text("[x](y) <z> #1 ~ & \\") == "\\[x\\](y) \\<z\\> \\#1 \\~ \\& \\\\");
  CHECK(md_text("1\n2\t3") == "1<br>2 3");
  CHECK(md_text("é 😀") == "é 😀");
  CHECK(md_text(kBad) == "a" + kReplacement + "b");
}

TEST_CASE("md_code: a code span that holds backticks and table bars", "[report][markup]") {
  CHECK(md_code("a → b") == "`a → b`");
  CHECK(md_code("a|b") == "`a\\|b`");
  CHECK(md_code("a`b") == "`` a`b ``");
  CHECK(md_code("a\nb") == "`a b`");
  CHECK(md_code(kBad) == "`a" + kReplacement + "b`");
}

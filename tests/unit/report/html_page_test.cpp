#include <catch2/catch.hpp>

#include <string>

#include "heapsnap/report/html_page.h"
#include "heapsnap/report/json_writer.h"

using heapsnap::report::escape_json_for_script;
using heapsnap::report::JsonWriter;
using heapsnap::report::render_html_page;

TEST_CASE("json for a script element: no markup can end it, whitespace between tokens dropped",
          "[report][html]") {
  CHECK(escape_json_for_script("{\n  \"a\": [1, 2],\n  \"b\": \"x y\"\n}\n") ==
        "{\"a\":[1,2],\"b\":\"x y\"}");
  CHECK(escape_json_for_script("[\"</script><!-- & >\"]") ==
        "[\"\\u003c/script\\u003e\\u003c!-- \\u0026 \\u003e\"]");
  // U+2028 and U+2029 (E2 80 A8/A9) are escaped; other characters that start with E2 are kept.
  CHECK(escape_json_for_script("[\"a\xE2\x80\xA8" "b\xE2\x80\xA9" "c\xE2\x86\x92\"]") ==
        "[\"a\\u2028b\\u2029c\xE2\x86\x92\"]");
  // Escapes inside strings stay as they are: \" does not end the string, so the space after
  // it is kept and the < after it is still escaped.
  CHECK(escape_json_for_script("[\"q\\\" <x> \\\\\", 1]") == "[\"q\\\" \\u003cx\\u003e \\\\\",1]");
}

TEST_CASE("the JSON writer's strings survive the escaping", "[report][html]") {
  // Heap strings may hold anything; the writer's output, escaped, must still hold no "</".
  JsonWriter w;
  w.begin_object()
      .field("name", "</script><script>alert(1)</script>")
      .field("sep", "\xE2\x80\xA8\xE2\x80\xA9")
      .field("bad", "\xff<")
      .end_object();
  const std::string escaped = escape_json_for_script(w.str());
  CHECK(escaped.find('<') == std::string::npos);
  CHECK(escaped.find('>') == std::string::npos);
  CHECK(escaped.find("\xE2\x80\xA8") == std::string::npos);
  CHECK(escaped.find("\xE2\x80\xA9") == std::string::npos);
}

TEST_CASE("a page holds its data once, its kind, and nothing it would fetch", "[report][html]") {
  const std::string page = render_html_page("summary", "{\"file\": \"</script>x\"}");
  CHECK(page.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(page.find("<body data-kind=\"summary\">") != std::string::npos);
  CHECK(page.find("<script type=\"application/json\" id=\"heapsnap-data\">"
                  "{\"file\":\"\\u003c/script\\u003ex\"}</script>") != std::string::npos);
  // The embedded scripts and style are there, and the page loads nothing from anywhere.
  CHECK(page.find("HeapsnapLib") != std::string::npos);
  CHECK(page.find("heapsnap-ready") != std::string::npos);
  CHECK(page.find("default-src 'none'") != std::string::npos);
  CHECK(page.find(" src=") == std::string::npos);
  CHECK(page.find("<link") == std::string::npos);
  CHECK(page.find("https://") == std::string::npos);
  for (size_t at = page.find("http://"); at != std::string::npos; at = page.find("http://", at + 1))
    CHECK(page.compare(at, 26, "http://www.w3.org/2000/svg") == 0);  // the SVG namespace only
  // Three scripts (data, library, page) and one style sheet, each closed once.
  size_t ends = 0;
  for (size_t at = page.find("</script>"); at != std::string::npos; at = page.find("</script>", at + 1)) ++ends;
  CHECK(ends == 3);
  CHECK(page.find("</style>") == page.rfind("</style>"));
}

TEST_CASE("the kind is escaped in the page", "[report][html]") {
  const std::string page = render_html_page("x\"><b>", "{}");
  CHECK(page.find("<b>") == std::string::npos);
  CHECK(page.find("data-kind=\"x&quot;&gt;&lt;b&gt;\"") != std::string::npos);
}

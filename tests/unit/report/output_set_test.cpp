// Output formats and destinations: every format renders any report; destinations are checked when
// the set is built (before any loading), files receive their format.
#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <string>

#include "heapsnap/report/output.h"
#include "heapsnap/report/output_set.h"
#include "heapsnap/util/error.h"
#include "unit/support/testdata.h"

using namespace heapsnap;

namespace {

// A report with text that needs escaping in every markup format.
struct FakeReport final : report::Report {
  std::string_view kind() const override { return "fake"; }
  std::string text() const override { return "a <b> & ``c``\n"; }
  std::string json() const override { return "{\"kind\": \"fake\"}\n"; }
};

std::filesystem::path temp_dir() {
  auto dir = std::filesystem::temp_directory_path() / "heapsnap-output-test";
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace

TEST_CASE("formats by name", "[output]") {
  using report::OutputFormat;
  CHECK(report::parse_output_format("text") == OutputFormat::kText);
  CHECK(report::parse_output_format("json") == OutputFormat::kJson);
  CHECK(report::parse_output_format("md") == OutputFormat::kMarkdown);
  CHECK(report::parse_output_format("xml") == OutputFormat::kJunit);
  CHECK(report::parse_output_format("html") == OutputFormat::kHtml);
  CHECK_FALSE(report::parse_output_format("yaml").has_value());
  CHECK(std::string(report::output_format_name(OutputFormat::kJunit)) == "junit");
}

TEST_CASE("each format renders a report through the Report interface", "[output]") {
  const FakeReport r;
  using report::OutputFormat;
  CHECK(report::make_output(OutputFormat::kText)->render(r) == r.text());
  CHECK(report::make_output(OutputFormat::kJson)->render(r) == r.json());
  const std::string md = report::make_output(OutputFormat::kMarkdown)->render(r);
  CHECK(md == "### heapsnap fake\n\n```text\na <b> & ``c``\n```\n");
  const std::string xml = report::make_output(OutputFormat::kJunit)->render(r);
  CHECK(xml.find("<testsuites name=\"heapsnap fake\" tests=\"1\" failures=\"0\">") != std::string::npos);
  CHECK(xml.find("<system-out>a &lt;b&gt; &amp; ``c``\n</system-out>") != std::string::npos);
  const std::string html = report::make_output(OutputFormat::kHtml)->render(r);
  CHECK(html.find("<!DOCTYPE html>") != std::string::npos);
  CHECK(html.find("\"kind\":\"fake\"") != std::string::npos);
}

TEST_CASE("destinations are checked when the set is built", "[output]") {
  CHECK_THROWS_WITH(report::OutputSet({"yaml=-"}, false),
                    "--output 'yaml=-': unknown format 'yaml' (expected text, json, markdown, "
                    "junit or html, as FORMAT=PATH)");
  CHECK_THROWS_WITH(report::OutputSet({"json="}, false),
                    "--output 'json=': no path after '=' (use - for stdout)");
  CHECK_THROWS_WITH(report::OutputSet({"text=-", "json=-"}, false),
                    Catch::Contains("stdout already receives a report"));
  CHECK_THROWS_WITH(report::OutputSet({"json=-"}, true),
                    Catch::Contains("stdout already receives a report"));
  CHECK_THROWS_WITH(report::OutputSet({"json=/nonexistent-dir/x.json"}, false),
                    Catch::Contains("cannot open '/nonexistent-dir/x.json' for writing"));
  const auto file = (temp_dir() / "twice.txt").string();
  CHECK_THROWS_WITH(report::OutputSet({"text=" + file, "json=" + file}, false),
                    Catch::Contains("is given twice"));
}

TEST_CASE("several formats at once, each to its file", "[output]") {
  const auto dir = temp_dir();
  const auto json = (dir / "r.json").string();
  const auto md = (dir / "r.md").string();
  const auto xml = (dir / "r.xml").string();
  const FakeReport r;
  {
    report::OutputSet set({"json=" + json, "markdown=" + md, "junit=" + xml}, false);
    CHECK_FALSE(set.writes_to_stdout());
    set.write(r);
  }
  CHECK(test::read_file(json) == r.json());
  CHECK(test::read_file(md).starts_with("### heapsnap fake"));
  CHECK(test::read_file(xml).starts_with("<?xml"));
  std::filesystem::remove_all(dir);
}

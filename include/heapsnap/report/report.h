// One command's result, ready for every output format (report/output.h). Each command has one
// report model (top_report.h, diff_report.h, ...): plain data built from the library's objects,
// which implements this interface. A new output format uses only this interface; a new command
// implements it once.
#pragma once

#include <string>
#include <string_view>

namespace heapsnap::report {

class Report {
 public:
  virtual ~Report() = default;
  // The command: "info", "top", "diff", ... (names the HTML view and the JUnit suite).
  virtual std::string_view kind() const = 0;
  // For people at a terminal.
  virtual std::string text() const = 0;
  // For machines: one JSON document with "schema_version" (docs/commands.md).
  virtual std::string json() const = 0;
  // For a pull-request comment. By default: a heading and the text in a code block.
  virtual std::string markdown() const;
  // JUnit XML for CI test reports. By default: one suite with one passing testcase whose
  // system-out is the text; reports with checks (gate) have one testcase per check.
  virtual std::string junit() const;
  // The document the HTML page (html_page.h) draws: json(), plus sections only the page needs
  // (summary and top add the aggregated dominator tree for the treemap when it was built).
  virtual std::string html_json() const { return json(); }
};

// `document` (a JSON object, as json() writes it) with `"key": value` added as its last member.
std::string with_json_member(const std::string& document, std::string_view key,
                             const std::string& value);

}  // namespace heapsnap::report

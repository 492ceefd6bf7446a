// Output formats: one implementation of Output per format, each turning any Report into bytes.
//   text      report.text()
//   json      report.json()
//   markdown  report.markdown()
//   junit     report.junit()
//   html      a self-contained page drawn from report.json() (report/html_page.h)
// A new format is one more implementation here and one line in make_output().
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "heapsnap/report/report.h"

namespace heapsnap::report {

enum class OutputFormat : uint8_t { kText, kJson, kMarkdown, kJunit, kHtml };

class Output {
 public:
  virtual ~Output() = default;
  virtual OutputFormat format() const = 0;
  virtual std::string render(const Report& report) const = 0;
};

// "text", "json", "markdown" (or "md"), "junit" (or "xml"), "html"; nullopt for anything else.
std::optional<OutputFormat> parse_output_format(std::string_view name);
const char* output_format_name(OutputFormat format);
// The formats this build can write, as "text, json, ..." for messages and --help.
std::string output_format_names();
// The Output for `format`; throws heapsnap::Error for a format this build cannot write.
std::unique_ptr<Output> make_output(OutputFormat format);

}  // namespace heapsnap::report

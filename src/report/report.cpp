#include "heapsnap/report/report.h"

#include <fmt/format.h>

#include "heapsnap/report/markup.h"

namespace heapsnap::report {

std::string Report::markdown() const {
  const std::string body = text();
  // A fence longer than any run of backticks in the body.
  size_t longest = 0, run = 0;
  for (const char c : body) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(std::max<size_t>(3, longest + 1), '`');
  return fmt::format("### heapsnap {}\n\n{}text\n{}{}{}\n", kind(), fence, body,
                     body.ends_with('\n') ? "" : "\n", fence);
}

std::string Report::junit() const {
  const std::string name = fmt::format("heapsnap {}", kind());
  return fmt::format(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<testsuites name=\"{0}\" tests=\"1\" failures=\"0\">\n"
      "  <testsuite name=\"{0}\" tests=\"1\" failures=\"0\" skipped=\"0\">\n"
      "    <testcase classname=\"heapsnap.{2}\" name=\"{0}\">\n"
      "      <system-out>{1}</system-out>\n"
      "    </testcase>\n"
      "  </testsuite>\n"
      "</testsuites>\n",
      xml_escape(name, true), xml_escape(text(), false), xml_escape(kind(), true));
}

std::string with_json_member(const std::string& document, std::string_view key,
                             const std::string& value) {
  const size_t close = document.rfind('}');
  if (close == std::string::npos) return document;
  std::string out = document.substr(0, close);
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  const bool empty = !out.empty() && out.back() == '{';
  std::string member = value;
  while (!member.empty() && member.back() == '\n') member.pop_back();
  return out + (empty ? "" : ",") + "\n  \"" + std::string(key) + "\": " + member + "\n}\n";
}

}  // namespace heapsnap::report

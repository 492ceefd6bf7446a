// Escaping for the markup output formats (JUnit XML, Markdown). Heap strings may hold anything:
// bytes that are not valid UTF-8 become U+FFFD.
#pragma once

#include <string>
#include <string_view>

namespace heapsnap::report {

// XML 1.0 text (`attribute` false) or attribute value: markup escaped, characters XML cannot
// hold replaced.
std::string xml_escape(std::string_view s, bool attribute);
// Markdown inline text (a table cell or a list item): punctuation that would start markup is
// backslash-escaped, line breaks become <br>.
std::string md_text(std::string_view s);
// A Markdown code span for file names and retainer paths; '|' stays escaped so tables hold.
std::string md_code(std::string_view s);

}  // namespace heapsnap::report

#include "heapsnap/report/markup.h"

#include "heapsnap/util/utf8.h"

namespace heapsnap::report {
// XML 1.0 text or attribute value: markup escaped, characters XML cannot hold replaced.
std::string xml_escape(std::string_view s, bool attribute) {
  std::string out;
  out.reserve(s.size());
  for_each_code_point(s, [&](uint32_t cp, std::string_view bytes) {
    switch (cp) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += attribute ? "&quot;" : "\""; break;
      case '\n': out += attribute ? "&#10;" : "\n"; break;
      case '\t': out += attribute ? "&#9;" : "\t"; break;
      case '\r': out += "&#13;"; break;
      default:
        if (cp < 0x20 || cp == 0xFFFE || cp == 0xFFFF) out += kReplacementUtf8;
        else out += bytes;
    }
  });
  return out;
}

// Markdown inline text (a table cell or a list item): punctuation that would start markup is
// backslash-escaped, line breaks become <br>, invalid UTF-8 becomes U+FFFD.
std::string md_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for_each_code_point(s, [&](uint32_t cp, std::string_view bytes) {
    if (cp == '\n') {
      out += "<br>";
    } else if (cp < 0x20) {
      out += ' ';
    } else if (cp < 0x80 && std::string_view("\\`*_[]<>|#~&").find(static_cast<char>(cp)) !=
                                std::string_view::npos) {
      out += '\\';
      out += static_cast<char>(cp);
    } else {
      out += bytes;
    }
  });
  return out;
}

// A code span for file names and retainer paths; '|' stays escaped so tables hold.
std::string md_code(std::string_view s) {
  std::string body;
  for_each_code_point(s, [&](uint32_t cp, std::string_view bytes) {
    if (cp == '|') body += "\\|";
    else if (cp < 0x20) body += ' ';
    else body += bytes;
  });
  const std::string fence = body.find('`') == std::string::npos ? "`" : "`` ";
  const std::string close = fence == "`" ? "`" : " ``";
  return fence + body + close;
}

}  // namespace heapsnap::report

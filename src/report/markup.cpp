#include "heapsnap/report/markup.h"

#include <cstdint>
#include <utility>

namespace heapsnap::report {
namespace {


// Code point of the valid UTF-8 sequence at s[i] and its length; length 0 if invalid.
std::pair<uint32_t, size_t> decode_utf8(std::string_view s, size_t i) {
  const auto b = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = b(i);
  if (c < 0x80) return {c, 1};
  size_t n = 0;
  uint32_t min = 0;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
    min = 0x80;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    min = 0x800;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    min = 0x10000;
  } else {
    return {0, 0};
  }
  if (i + n > s.size()) return {0, 0};
  uint32_t cp = c & (0x7F >> n);
  for (size_t k = 1; k < n; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) return {0, 0};
    cp = (cp << 6) | (b(i + k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {0, 0};
  return {cp, n};
}

constexpr const char* kReplacement = "\xEF\xBF\xBD";  // U+FFFD

}  // namespace

// XML 1.0 text or attribute value: markup escaped, characters XML cannot hold replaced.
std::string xml_escape(std::string_view s, bool attribute) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const auto [cp, n] = decode_utf8(s, i);
    if (n == 0) {
      out += kReplacement;
      ++i;
      continue;
    }
    switch (cp) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += attribute ? "&quot;" : "\""; break;
      case '\n': out += attribute ? "&#10;" : "\n"; break;
      case '\t': out += attribute ? "&#9;" : "\t"; break;
      case '\r': out += "&#13;"; break;
      default:
        if (cp < 0x20 || cp == 0xFFFE || cp == 0xFFFF) out += kReplacement;
        else out.append(s.substr(i, n));
    }
    i += n;
  }
  return out;
}

// Markdown inline text (a table cell or a list item): punctuation that would start markup is
// backslash-escaped, line breaks become <br>, invalid UTF-8 becomes U+FFFD.
std::string md_text(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    const auto [cp, n] = decode_utf8(s, i);
    if (n == 0) {
      out += kReplacement;
      ++i;
      continue;
    }
    if (cp == '\n') {
      out += "<br>";
    } else if (cp < 0x20) {
      out += ' ';
    } else if (cp < 0x80 && std::string_view("\\`*_[]<>|#~&").find(static_cast<char>(cp)) !=
                                std::string_view::npos) {
      out += '\\';
      out += static_cast<char>(cp);
    } else {
      out.append(s.substr(i, n));
    }
    i += n;
  }
  return out;
}

// A code span for file names and retainer paths; '|' stays escaped so tables hold.
std::string md_code(std::string_view s) {
  std::string body;
  for (size_t i = 0; i < s.size();) {
    const auto [cp, n] = decode_utf8(s, i);
    if (n == 0) {
      body += kReplacement;
      ++i;
      continue;
    }
    if (cp == '|') body += "\\|";
    else if (cp < 0x20) body += ' ';
    else body.append(s.substr(i, n));
    i += n;
  }
  const std::string fence = body.find('`') == std::string::npos ? "`" : "`` ";
  const std::string close = fence == "`" ? "`" : " ``";
  return fence + body + close;
}

}  // namespace heapsnap::report

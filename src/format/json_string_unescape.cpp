#include "json_string_unescape.h"

#include <cstdint>

#include "heapsnap/util/utf8.h"

namespace heapsnap::format {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

bool read_hex4(std::string_view raw, size_t at, uint32_t* unit) {
  if (at + 4 > raw.size()) return false;
  uint32_t v = 0;
  for (size_t i = 0; i < 4; ++i) {
    const int h = hex_value(raw[at + i]);
    if (h < 0) return false;
    v = v * 16 + static_cast<uint32_t>(h);
  }
  *unit = v;
  return true;
}

// Lenient decoder: like JSON, but an unpaired surrogate becomes U+FFFD instead of an error.
bool unescape_lenient(std::string_view raw, std::string& out) {
  for (size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    if (c != '\\') {
      out.push_back(c);
      continue;
    }
    if (++i >= raw.size()) return false;
    switch (raw[i]) {
      case '"': out.push_back('"'); break;
      case '\\': out.push_back('\\'); break;
      case '/': out.push_back('/'); break;
      case 'b': out.push_back('\b'); break;
      case 'f': out.push_back('\f'); break;
      case 'n': out.push_back('\n'); break;
      case 'r': out.push_back('\r'); break;
      case 't': out.push_back('\t'); break;
      case 'u': {
        uint32_t unit = 0;
        if (!read_hex4(raw, i + 1, &unit)) return false;
        i += 4;
        if (unit >= 0xD800 && unit <= 0xDBFF) {
          uint32_t low = 0;
          if (i + 2 < raw.size() && raw[i + 1] == '\\' && raw[i + 2] == 'u' &&
              read_hex4(raw, i + 3, &low) && low >= 0xDC00 && low <= 0xDFFF) {
            append_utf8(out, 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00));
            i += 6;
          } else {
            append_utf8(out, kReplacementCodePoint);
          }
        } else if (unit >= 0xDC00 && unit <= 0xDFFF) {
          append_utf8(out, kReplacementCodePoint);
        } else {
          append_utf8(out, unit);
        }
        break;
      }
      default: return false;
    }
  }
  return true;
}

}  // namespace

bool JsonStringUnescaper::unescape(std::string_view raw, std::string& out) {
  padded_.clear();
  padded_.reserve(raw.size() + 2 + simdjson::SIMDJSON_PADDING);
  padded_.push_back('"');
  padded_.append(raw);
  padded_.push_back('"');
  const size_t length = padded_.size();
  padded_.append(simdjson::SIMDJSON_PADDING, '\0');
  simdjson::dom::element element;
  std::string_view decoded;
  if (!parser_.parse(padded_.data(), length, false).get(element) &&
      !element.get_string().get(decoded)) {
    out.append(decoded);
    return true;
  }
  return unescape_lenient(raw, out);
}

}  // namespace heapsnap::format

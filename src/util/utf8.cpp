#include "heapsnap/util/utf8.h"

#include <algorithm>

namespace heapsnap {

void append_utf8(std::string& out, uint32_t code_point) {
  const uint32_t cp = code_point;
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

Utf8Sequence decode_utf8(std::string_view text, size_t at) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(at);
  if (lead < 0x80) return {lead, 1};
  // Lead bytes C0, C1 and F5..FF never start a well-formed sequence; the rest of the overlong,
  // surrogate and out-of-range cases are caught on the decoded value.
  size_t length = 0;
  uint32_t smallest = 0;
  if (lead >= 0xC2 && lead <= 0xDF) {
    length = 2;
    smallest = 0x80;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    length = 3;
    smallest = 0x800;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    length = 4;
    smallest = 0x10000;
  } else {
    return {};
  }
  if (at + length > text.size()) return {};
  uint32_t cp = lead & (0x7F >> length);
  for (size_t k = 1; k < length; ++k) {
    if (!is_utf8_continuation(byte(at + k))) return {};
    cp = (cp << 6) | (byte(at + k) & 0x3F);
  }
  if (cp < smallest || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {};
  return {cp, length};
}

bool is_valid_utf8(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const size_t length = decode_utf8(text, i).length;
    if (length == 0) return false;
    i += length;
  }
  return true;
}

size_t utf16_length(std::string_view text) {
  size_t n = 0;
  for (const char ch : text) {
    const auto c = static_cast<unsigned char>(ch);
    if (!is_utf8_continuation(c)) n += c >= 0xF0 ? 2 : 1;
  }
  return n;
}

uint32_t decode_code_point_lenient(std::string_view text, size_t at) {
  const auto byte = [&](size_t k) {
    return k < text.size() ? static_cast<unsigned char>(text[k]) : 0u;
  };
  const uint32_t c = byte(at);
  if (c < 0x80) return c;
  if (c >= 0xF0) {
    return ((c & 0x07) << 18) | ((byte(at + 1) & 0x3F) << 12) | ((byte(at + 2) & 0x3F) << 6) |
           (byte(at + 3) & 0x3F);
  }
  if (c >= 0xE0) return ((c & 0x0F) << 12) | ((byte(at + 1) & 0x3F) << 6) | (byte(at + 2) & 0x3F);
  if (c >= 0xC0) return ((c & 0x1F) << 6) | (byte(at + 1) & 0x3F);
  return c;  // stray continuation byte: compare it as itself
}

int compare_utf16(std::string_view a, std::string_view b) {
  const size_t common = std::min(a.size(), b.size());
  size_t i = 0;
  while (i < common && a[i] == b[i]) ++i;
  if (i == common) return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
  const auto ca = static_cast<unsigned char>(a[i]);
  const auto cb = static_cast<unsigned char>(b[i]);
  if (ca < 0x80 && cb < 0x80) return ca < cb ? -1 : 1;
  // The texts differ inside a character: compare the characters' UTF-16 units.
  size_t start = i;
  while (start > 0 && is_utf8_continuation(static_cast<unsigned char>(a[start]))) --start;
  const uint32_t pa = decode_code_point_lenient(a, start);
  const uint32_t pb = decode_code_point_lenient(b, start);
  const auto first_unit = [](uint32_t p) {
    return p < 0x10000 ? p : 0xD800 + ((p - 0x10000) >> 10);
  };
  const auto second_unit = [](uint32_t p) {
    return p < 0x10000 ? 0u : 0xDC00 + ((p - 0x10000) & 0x3FF);
  };
  if (first_unit(pa) != first_unit(pb)) return first_unit(pa) < first_unit(pb) ? -1 : 1;
  if (second_unit(pa) != second_unit(pb)) return second_unit(pa) < second_unit(pb) ? -1 : 1;
  return pa < pb ? -1 : (pa > pb ? 1 : 0);
}

}  // namespace heapsnap

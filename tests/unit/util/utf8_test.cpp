// util/utf8.h: the encoder against the decoder over every code point, the strict decoder against
// an independent reading of Unicode's Table 3-7 (well-formed byte sequences) on random bytes,
// and the lenient UTF-16 views against std::u16string built from the code points.
#include <catch2/catch.hpp>

#include <random>
#include <string>
#include <vector>

#include "heapsnap/util/utf8.h"

using namespace heapsnap;

namespace {

std::string encode(uint32_t cp) {
  std::string out;
  append_utf8(out, cp);
  return out;
}

// Table 3-7 of the Unicode Standard, read independently of decode_utf8: the length of the
// well-formed sequence at s[i], or 0.
size_t table_3_7_length(const std::string& s, size_t i) {
  const auto at = [&](size_t k) { return k < s.size() ? static_cast<unsigned char>(s[k]) : -1; };
  const auto in = [](int b, int lo, int hi) { return b >= lo && b <= hi; };
  const int b0 = at(i), b1 = at(i + 1), b2 = at(i + 2), b3 = at(i + 3);
  if (in(b0, 0x00, 0x7F)) return 1;
  if (in(b0, 0xC2, 0xDF)) return in(b1, 0x80, 0xBF) ? 2 : 0;
  if (b0 == 0xE0) return in(b1, 0xA0, 0xBF) && in(b2, 0x80, 0xBF) ? 3 : 0;
  if (in(b0, 0xE1, 0xEC) || in(b0, 0xEE, 0xEF))
    return in(b1, 0x80, 0xBF) && in(b2, 0x80, 0xBF) ? 3 : 0;
  if (b0 == 0xED) return in(b1, 0x80, 0x9F) && in(b2, 0x80, 0xBF) ? 3 : 0;
  if (b0 == 0xF0) return in(b1, 0x90, 0xBF) && in(b2, 0x80, 0xBF) && in(b3, 0x80, 0xBF) ? 4 : 0;
  if (in(b0, 0xF1, 0xF3))
    return in(b1, 0x80, 0xBF) && in(b2, 0x80, 0xBF) && in(b3, 0x80, 0xBF) ? 4 : 0;
  if (b0 == 0xF4) return in(b1, 0x80, 0x8F) && in(b2, 0x80, 0xBF) && in(b3, 0x80, 0xBF) ? 4 : 0;
  return 0;
}

std::u16string to_utf16(const std::vector<uint32_t>& code_points) {
  std::u16string out;
  for (const uint32_t cp : code_points) {
    if (cp < 0x10000) {
      out.push_back(static_cast<char16_t>(cp));
    } else {
      out.push_back(static_cast<char16_t>(0xD800 + ((cp - 0x10000) >> 10)));
      out.push_back(static_cast<char16_t>(0xDC00 + ((cp - 0x10000) & 0x3FF)));
    }
  }
  return out;
}

bool is_surrogate(uint32_t cp) { return cp >= 0xD800 && cp <= 0xDFFF; }

}  // namespace

TEST_CASE("utf8: every code point round-trips through encode and decode", "[util]") {
  for (uint32_t cp = 0; cp <= 0x10FFFF; ++cp) {
    if (is_surrogate(cp)) continue;
    const std::string bytes = encode(cp);
    const size_t expected_length = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    const Utf8Sequence decoded = decode_utf8(bytes, 0);
    if (bytes.size() != expected_length || decoded.length != expected_length ||
        decoded.code_point != cp || table_3_7_length(bytes, 0) != expected_length ||
        utf16_length(bytes) != (cp < 0x10000 ? 1u : 2u) ||
        decode_code_point_lenient(bytes, 0) != cp) {
      FAIL("code point " << cp);
    }
  }
  CHECK(encode(0x24) == "$");
  CHECK(encode(0xE9) == "\xC3\xA9");
  CHECK(encode(0x20AC) == "\xE2\x82\xAC");
  CHECK(encode(0x1F600) == "\xF0\x9F\x98\x80");
  CHECK(encode(kReplacementCodePoint) == kReplacementUtf8);
}

TEST_CASE("utf8: surrogates encode as three bytes that do not decode", "[util]") {
  for (const uint32_t cp : {0xD800u, 0xDBFFu, 0xDC00u, 0xDFFFu}) {
    const std::string bytes = encode(cp);
    CHECK(bytes.size() == 3);
    CHECK(decode_utf8(bytes, 0).length == 0);
    CHECK_FALSE(is_valid_utf8(bytes));
  }
  CHECK(encode(0xD83D) == "\xED\xA0\xBD");
}

TEST_CASE("utf8: ill-formed sequences are rejected", "[util]") {
  const std::vector<std::string> invalid = {
      "\x80",              // stray continuation
      "\xBF",              //
      "\xC0\x80",          // overlong NUL
      "\xC1\xBF",          // overlong
      "\xE0\x80\x80",      // overlong 3-byte
      "\xE0\x9F\xBF",      // overlong U+07FF
      "\xF0\x80\x80\x80",  // overlong 4-byte
      "\xF0\x8F\xBF\xBF",  // overlong U+FFFF
      "\xED\xA0\x80",      // U+D800
      "\xED\xBF\xBF",      // U+DFFF
      "\xF4\x90\x80\x80",  // U+110000
      "\xF5\x80\x80\x80",  // lead byte past F4
      "\xFF",              //
      "\xC3",              // truncated at the end
      "\xE2\x82",          //
      "\xF0\x9F\x98",      //
      "\xC3\x41",          // continuation missing
      "\xE2\x41\xAC",      //
  };
  for (const std::string& s : invalid) {
    INFO("bytes " << Catch::Detail::stringify(s));
    CHECK(decode_utf8(s, 0).length == 0);
    CHECK(table_3_7_length(s, 0) == 0);
    CHECK_FALSE(is_valid_utf8(s));
  }
  CHECK(is_valid_utf8(""));
  CHECK(is_valid_utf8("caf\xC3\xA9 \xF0\x9F\x98\x80 \xEF\xBF\xBF"));
  // A sequence cut off by the end of the view, not of the underlying bytes.
  const std::string_view euro = "\xE2\x82\xAC";
  CHECK(decode_utf8(euro.substr(0, 2), 0).length == 0);
  CHECK(decode_utf8(euro, 0).code_point == 0x20AC);
}

TEST_CASE("utf8: the strict decoder agrees with Table 3-7 on random bytes", "[util]") {
  std::mt19937 rng(20261206);
  // Bytes drawn mostly from the interesting ranges: ASCII, continuation bytes, lead bytes.
  const std::vector<unsigned char> alphabet = {0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0,
                                               0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1, 0xEC,
                                               0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5,
                                               0xFE, 0xFF};
  std::uniform_int_distribution<size_t> pick(0, alphabet.size() - 1), length(0, 12);
  for (int round = 0; round < 200000; ++round) {
    std::string s(length(rng), '\0');
    for (char& c : s) c = static_cast<char>(alphabet[pick(rng)]);
    bool valid = true;
    for (size_t i = 0; i < s.size(); ++i) {
      const Utf8Sequence d = decode_utf8(s, i);
      const size_t expected = table_3_7_length(s, i);
      if (d.length != expected) FAIL("at " << i << " of " << Catch::Detail::stringify(s));
      if (d.length > 0 && encode(d.code_point) != s.substr(i, d.length))
        FAIL("re-encoding at " << i << " of " << Catch::Detail::stringify(s));
    }
    for (size_t i = 0; i < s.size() && valid;) {
      const size_t n = table_3_7_length(s, i);
      valid = n > 0;
      i += n;
    }
    if (is_valid_utf8(s) != valid) FAIL(Catch::Detail::stringify(s));
  }
}

TEST_CASE("utf8: UTF-16 length and order match JavaScript's on valid text", "[util]") {
  std::mt19937 rng(7);
  // Code points from every UTF-8 length and both sides of the surrogate range, where UTF-8 byte
  // order and UTF-16 unit order disagree (U+E000..U+FFFF against U+10000 and up).
  const std::vector<uint32_t> pool = {0x00,   0x41,   0x7A,   0x7F,    0x80,     0xE9,
                                      0x7FF,  0x800,  0x20AC, 0xD7FF,  0xE000,   0xFF5E,
                                      0xFFFD, 0xFFFF, 0x10000, 0x1F600, 0x10FFFF};
  std::uniform_int_distribution<size_t> pick(0, pool.size() - 1), length(0, 5);
  auto random_text = [&](std::vector<uint32_t>& cps) {
    cps.resize(length(rng));
    std::string s;
    for (uint32_t& cp : cps) {
      cp = pool[pick(rng)];
      append_utf8(s, cp);
    }
    return s;
  };
  std::vector<uint32_t> ca, cb;
  for (int round = 0; round < 100000; ++round) {
    const std::string a = random_text(ca), b = random_text(cb);
    const std::u16string ua = to_utf16(ca), ub = to_utf16(cb);
    const int expected = ua < ub ? -1 : (ua == ub ? 0 : 1);
    const int got = compare_utf16(a, b);
    if ((got < 0 ? -1 : got > 0 ? 1 : 0) != expected || less_utf16(a, b) != (expected < 0) ||
        utf16_length(a) != ua.size())
      FAIL(Catch::Detail::stringify(a) << " vs " << Catch::Detail::stringify(b));
  }
  CHECK(compare_utf16("\xEF\xBF\xBD", "\xF0\x9F\x98\x80") > 0);  // U+FFFD after U+1F600 in UTF-16
  CHECK(std::string_view("\xEF\xBF\xBD") < std::string_view("\xF0\x9F\x98\x80"));  // not in bytes
}

TEST_CASE("utf8: the lenient readers take invalid text without failing", "[util]") {
  // Each non-continuation byte counts one unit, lead bytes F0 and up two.
  CHECK(utf16_length("\x80\x80") == 0);
  CHECK(utf16_length("\xC3") == 1);
  CHECK(utf16_length("\xFF") == 2);
  // Missing continuation bytes read as zero bits; a stray continuation byte reads as itself.
  CHECK(decode_code_point_lenient("\xC3", 0) == 0xC0);
  CHECK(decode_code_point_lenient("\x80", 0) == 0x80);
  CHECK(decode_code_point_lenient("a\xE2\x82", 1) == 0x2080);
  // Comparison stays a consistent order: antisymmetric on a few invalid pairs.
  const std::vector<std::string> texts = {"\x80", "\xC3", "\xC3\xA9", "\xFF", "\xF0\x9F", "a", ""};
  for (const auto& a : texts)
    for (const auto& b : texts) CHECK(compare_utf16(a, b) == -compare_utf16(b, a));
}

TEST_CASE("utf8: for_each_code_point visits characters, invalid bytes as U+FFFD", "[util]") {
  std::vector<uint32_t> points;
  std::string text;
  heapsnap::for_each_code_point(std::string_view("a\xc3\xa9\xff\xf0\x9f\x98\x80", 8),
                                [&](uint32_t cp, std::string_view bytes) {
                                  points.push_back(cp);
                                  text += bytes;
                                });
  CHECK(points == std::vector<uint32_t>{'a', 0xE9, 0xFFFD, 0x1F600});
  CHECK(text == "a\xc3\xa9\xEF\xBF\xBD\xf0\x9f\x98\x80");
}

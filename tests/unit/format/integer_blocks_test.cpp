// The integer-array block scanner against a byte-at-a-time reference, on random texts: whatever
// it takes must be exactly what the reference reads, it must stop at a number's first digit, and
// on well-formed text it must run to the last block.
#include "../../../src/format/integer_blocks.h"

#include <catch2/catch.hpp>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace {

namespace blocks = heapsnap::format::integer_blocks;

struct Number {
  uint64_t value;
  size_t digits_at;   // offset of its first digit
  size_t next;        // offset just past the comma after it (0 if no comma follows)
};

bool is_space(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// The strict reading of "ws* digits ws* , ws* digits ..." from the start of `text`, up to the
// first thing that does not fit. A number without its comma ends the list (its `next` is 0).
std::vector<Number> reference(const std::string& text, size_t end) {
  std::vector<Number> out;
  size_t i = 0;
  for (;;) {
    while (i < end && is_space(text[i])) ++i;
    const size_t first = i;
    uint64_t value = 0;
    while (i < end && text[i] >= '0' && text[i] <= '9' && i - first < 19)
      value = value * 10 + static_cast<uint64_t>(text[i++] - '0');
    if (i == first) return out;
    while (i < end && is_space(text[i])) ++i;
    if (i < end && text[i] == ',') {
      out.push_back({value, first, ++i});
    } else {
      out.push_back({value, first, 0});
      return out;
    }
  }
}

std::string random_number(std::mt19937& rng, bool long_ones) {
  const int max_digits = long_ones && rng() % 50 == 0 ? 19 : 15;
  int digits = 1 + static_cast<int>(rng() % 10 < 7 ? rng() % 9 : rng() % max_digits);
  std::string s;
  for (int d = 0; d < digits; ++d) s += static_cast<char>('0' + rng() % 10);
  return s;
}

std::string random_separator(std::mt19937& rng, bool spaced) {
  static const char* const kPlain[] = {",", ",", ",", "\n,"};
  static const char* const kSpaced[] = {",", " , ", ",\n", "\r\n,\t", "  ,", "\n,"};
  return spaced ? kSpaced[rng() % 6] : kPlain[rng() % 4];
}

}  // namespace

TEST_CASE("block scan takes exactly what a byte-at-a-time reading takes", "[loader][blocks]") {
  std::mt19937 rng(424242);
  int runs_to_the_end = 0, stopped_early = 0;
  for (int round = 0; round < 4000; ++round) {
    const bool spaced = round % 3 == 1, long_ones = round % 5 == 2, corrupt = round % 4 == 3;
    std::string text = round % 7 == 0 ? " \n" : "";
    const int count = 1 + static_cast<int>(rng() % 120);
    for (int k = 0; k < count; ++k) {
      if (k) text += random_separator(rng, spaced);
      text += random_number(rng, long_ones);
    }
    if (rng() % 2) text += "]";
    if (corrupt) {
      for (int edits = 1 + static_cast<int>(rng() % 3); edits > 0; --edits) {
        const size_t at = rng() % text.size();
        text[at] = "0123456789,, \n]-.eEx\"\0"[rng() % 22];
      }
    }
    const size_t end = text.size();
    text.append(blocks::kOverread, '\0');  // the readable padding the scan may touch

    std::vector<Number> got;
    const char* const base = text.data();
    const char* const stop = blocks::scan(base, base + end, [&](uint64_t value, const char* next) {
      got.push_back({value, 0, static_cast<size_t>(next - base)});
    });
    const std::vector<Number> want = reference(text, end);
    INFO("round " << round << ": " << text.substr(0, end));
    REQUIRE(got.size() <= want.size());
    for (size_t i = 0; i < got.size(); ++i) {
      CHECK(got[i].value == want[i].value);
      CHECK(got[i].next == want[i].next);
      CHECK(want[i].next != 0);  // a number is taken only with its comma
    }
    const size_t stopped = static_cast<size_t>(stop - base);
    if (got.empty()) {
      CHECK(stopped == 0);
    } else {
      // It stops at the first digit of the number after the last one taken.
      REQUIRE(got.size() < want.size());
      CHECK(stopped == want[got.size()].digits_at);
    }
    if (!corrupt && !long_ones) {
      // Well-formed short numbers: every block is taken, up to the last block that fits.
      CHECK(end - stopped < blocks::kBlock + 40);
      runs_to_the_end += end >= 2 * blocks::kBlock;
    } else {
      stopped_early += stopped + 2 * blocks::kBlock < end;
    }
  }
  CHECK(runs_to_the_end > 1000);  // the generator makes long texts...
  CHECK(stopped_early > 100);     // ...and texts the scan must refuse part of
}

TEST_CASE("block scan masks classify every byte value", "[loader][blocks]") {
  std::string block(blocks::kBlock + blocks::kOverread, '\0');
  for (int c = 0; c < 256; ++c) {
    for (size_t i = 0; i < blocks::kBlock; ++i) block[i] = static_cast<char>((c + i) & 0xFF);
    const blocks::Masks m = blocks::classify(block.data());
    for (size_t i = 0; i < blocks::kBlock; ++i) {
      const unsigned char b = static_cast<unsigned char>(block[i]);
      INFO("byte " << static_cast<int>(b));
      CHECK(((m.digit >> i) & 1) == (b >= '0' && b <= '9'));
      CHECK(((m.comma >> i) & 1) == (b == ','));
      CHECK(((m.space >> i) & 1) == (b == ' ' || b == '\n' || b == '\r' || b == '\t'));
    }
  }
}

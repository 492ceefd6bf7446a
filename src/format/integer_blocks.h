// The integer-array scanner's fast path: JSON text of comma-separated non-negative integers,
// parsed 64 bytes at a time. Internal to the format loader (json_text_reader.h calls it).
//
// Why: nodes and edges are ~95% of a snapshot's text, and parsing them one number at a time is a
// chain of dependent steps (load at pos, find where the digits end, move pos, look at the
// separator, load again) whose latency, more than the work, sets the pace. Here one pass over a
// block finds every number in it from bit masks, and the numbers are then converted
// independently of one another, so the CPU overlaps them.
//
// How a block is taken: bit masks of its digits, commas and whitespace (SSE2 compares where
// available). A number starts at a digit not preceded by a digit. The block is taken only if,
// up to its last number start, it holds nothing but those bytes, numbers and commas alternate
// (number, comma, number, ..., comma; whitespace anywhere between), and no number has 16 digits
// or more. Then every number that starts in it except the last is converted, and the next block
// begins at that last start (whose number may run past the block). Anything else stops the scan
// at a number start: the array's closing ']', a malformed byte, a long number, the end of the
// reader's chunk. The caller's one-number-at-a-time scanner takes over from there, so what the
// loader accepts, and every error message and byte offset it reports, is exactly what it would
// be without this path.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace heapsnap::format {

namespace swar {
// Bit 4 of byte i (the lowest set bit) marks a non-digit. A byte is a digit iff its high nibble
// is 3 and adding 6 keeps it 3 ('0'..'9' = 0x30..0x39); a carry out of a non-digit byte only
// disturbs bytes after it, which are not used.
inline uint64_t non_digits(uint64_t x) {
  constexpr uint64_t kHigh = 0xF0F0F0F0F0F0F0F0ull, kThrees = 0x3030303030303030ull;
  return ((x & kHigh) ^ kThrees) | (((x + 0x0606060606060606ull) & kHigh) ^ kThrees);
}
// The value of the first `length` (1..8) digit bytes of x, the first digit in the lowest byte.
inline uint64_t digits_value(uint64_t x, int length) {
  // Right-align the digits and combine pairs, quads, octets.
  uint64_t d = (x & 0x0F0F0F0F0F0F0F0Full) << (8 * (8 - length));
  d = (d * 10 + (d >> 8)) & 0x00FF00FF00FF00FFull;
  d = (d * 100 + (d >> 16)) & 0x0000FFFF0000FFFFull;
  return (d * 10000 + (d >> 32)) & 0xFFFFFFFFull;
}
}  // namespace swar

namespace integer_blocks {

constexpr size_t kBlock = 64;
// The scan reads up to this many bytes past the end of a block (the second 8-byte load of a
// number that starts near it): the text must have that much readable padding after its end.
constexpr size_t kOverread = 16;

// One bit per byte of a block, byte i in bit i.
struct Masks {
  uint64_t digit;
  uint64_t comma;
  uint64_t space;  // JSON whitespace: ' ', '\n', '\r', '\t'
};

[[gnu::always_inline]] inline Masks classify(const char* p) {
  Masks m{0, 0, 0};
#if defined(__SSE2__)
  const __m128i zero = _mm_set1_epi8('0'), nine = _mm_set1_epi8(9), comma = _mm_set1_epi8(','),
                space = _mm_set1_epi8(' '), newline = _mm_set1_epi8('\n'),
                carriage = _mm_set1_epi8('\r'), tab = _mm_set1_epi8('\t');
  for (int k = 0; k < 4; ++k) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
    const __m128i d = _mm_sub_epi8(v, zero);
    const __m128i is_digit = _mm_cmpeq_epi8(_mm_min_epu8(d, nine), d);  // d <= 9, unsigned
    const __m128i is_space =
        _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, space), _mm_cmpeq_epi8(v, newline)),
                     _mm_or_si128(_mm_cmpeq_epi8(v, carriage), _mm_cmpeq_epi8(v, tab)));
    const int shift = 16 * k;
    m.digit |= static_cast<uint64_t>(static_cast<uint16_t>(_mm_movemask_epi8(is_digit))) << shift;
    m.comma |= static_cast<uint64_t>(
                   static_cast<uint16_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, comma))))
               << shift;
    m.space |= static_cast<uint64_t>(static_cast<uint16_t>(_mm_movemask_epi8(is_space))) << shift;
  }
#else
  for (size_t i = 0; i < kBlock; ++i) {
    const unsigned char c = static_cast<unsigned char>(p[i]);
    const uint64_t bit = uint64_t{1} << i;
    if (c - '0' < 10u) m.digit |= bit;
    if (c == ',') m.comma |= bit;
    if (c == ' ' || c == '\n' || c == '\r' || c == '\t') m.space |= bit;
  }
#endif
  return m;
}

// Bit i: whether an odd number of x's bits 0..i are set.
inline uint64_t prefix_parity(uint64_t x) {
  x ^= x << 1;
  x ^= x << 2;
  x ^= x << 4;
  x ^= x << 8;
  x ^= x << 16;
  x ^= x << 32;
  return x;
}

// The value of the `length` (1..15) digits at p; reads p[0..16). (A version without the branch
// on the length, converting both halves always, was slower on the benchmark snapshot.)
inline uint64_t digits_at(const char* p, int length) {
  static constexpr uint64_t kPow10[8] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000};
  uint64_t x;
  std::memcpy(&x, p, 8);
  if (length <= 8) return swar::digits_value(x, length);
  uint64_t y;
  std::memcpy(&y, p + 8, 8);
  return swar::digits_value(x, 8) * kPow10[length - 8] + swar::digits_value(y, length - 8);
}

// Scans from p, where the text expects a number (whitespace may come first), while whole blocks
// of kBlock bytes fit before `end` (kOverread readable bytes must follow `end`). For each number
// taken, in order, calls emit(value, next), where `next` points just past the comma that
// follows the number. Returns where the scan stopped: p itself, or the first digit of the next
// number, which the caller parses.
template <typename Emit>
const char* scan(const char* p, const char* end, Emit&& emit) {
  while (static_cast<size_t>(end - p) >= kBlock) {
    const Masks m = classify(p);
    const uint64_t starts = m.digit & ~(m.digit << 1);
    if (starts == 0) break;
    const int last = 63 - __builtin_clzll(starts);
    const uint64_t before = (uint64_t{1} << last) - 1;  // the bytes before the last start
    const uint64_t take = starts & before;
    if (take == 0) break;
    // Nothing but digits, commas and whitespace.
    if ((~(m.digit | m.comma | m.space) & before) != 0) break;
    // Number, comma, number, comma ...: starts are the odd events in order, commas the even
    // ones, and the last start (not counted) makes an odd one, so the count before it is even.
    const uint64_t events = (starts | m.comma) & before;
    const uint64_t odd = prefix_parity(events);
    if (((take & ~odd) | (m.comma & before & odd) | (odd >> 63)) != 0) break;
    // No number of 16 digits or more (bit i of run: digits at i..i+15).
    uint64_t run = m.digit & (m.digit >> 1);
    run &= run >> 2;
    run &= run >> 4;
    run &= run >> 8;
    if ((run & before) != 0) break;

    uint64_t todo = take;
    do {
      const int s = __builtin_ctzll(todo);
      todo &= todo - 1;
      const int length = __builtin_ctzll(~m.digit >> s);
      // The comma after the number: the next comma bit, below `last`.
      const int comma_at = __builtin_ctzll(m.comma >> (s + length)) + s + length;
      emit(digits_at(p + s, length), p + comma_at + 1);
    } while (todo != 0);
    p += last;
  }
  return p;
}

}  // namespace integer_blocks
}  // namespace heapsnap::format

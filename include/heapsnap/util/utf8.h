// UTF-8 text: encoding a code point, decoding (and so validating) a sequence, and UTF-16 views of
// UTF-8 text. Heap strings may hold anything, so two kinds of reader are offered:
//   - strict (decode_utf8, is_valid_utf8): RFC 3629 / Unicode Table 3-7 well-formed sequences
//     only: no overlong forms, no surrogates (U+D800..U+DFFF), nothing above U+10FFFF, no
//     sequence cut off by the end of the text. Writers use it to replace what is not valid.
//   - lenient (utf16_length, decode_code_point_lenient, compare_utf16): never fail, and agree
//     with JavaScript's UTF-16 view whenever the text is valid UTF-8. DevTools' naming rules
//     (lengths and sort order of names) use them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace heapsnap {

inline constexpr uint32_t kReplacementCodePoint = 0xFFFD;
inline constexpr std::string_view kReplacementUtf8 = "\xEF\xBF\xBD";  // U+FFFD

// Bytes 10xxxxxx: the second to fourth bytes of a sequence.
inline bool is_utf8_continuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

// Appends the UTF-8 form of `code_point` (at most 0x10FFFF) to `out`: 1 to 4 bytes. A surrogate
// is encoded like any other value (3 bytes, not valid UTF-8); callers that must write valid text
// replace lone surrogates with kReplacementCodePoint first.
void append_utf8(std::string& out, uint32_t code_point);

// --- Strict decoding -------------------------------------------------------------------------

struct Utf8Sequence {
  uint32_t code_point = 0;
  size_t length = 0;  // bytes; 0: no valid sequence starts here
};

// The well-formed sequence starting at text[at] (at < text.size()), or length 0.
Utf8Sequence decode_utf8(std::string_view text, size_t at);

// True if all of `text` is well-formed UTF-8.
bool is_valid_utf8(std::string_view text);

// Calls visit(code_point, bytes) for each character of `text` in order, `bytes` being its UTF-8
// text; a byte that starts no well-formed sequence is passed on alone as U+FFFD
// (kReplacementCodePoint, kReplacementUtf8). What writers of valid text loop over.
template <typename Visit>
void for_each_code_point(std::string_view text, Visit&& visit) {
  for (size_t i = 0; i < text.size();) {
    const Utf8Sequence sequence = decode_utf8(text, i);
    if (sequence.length == 0) {
      visit(kReplacementCodePoint, kReplacementUtf8);
      ++i;
    } else {
      visit(sequence.code_point, text.substr(i, sequence.length));
      i += sequence.length;
    }
  }
}

// --- UTF-16 views of UTF-8 text (lenient) ----------------------------------------------------

// Length in UTF-16 code units: each byte that is not a continuation byte counts 1, or 2 if it
// starts a 4-byte sequence (lead byte >= 0xF0).
size_t utf16_length(std::string_view text);

// The code point of the sequence whose lead byte is text[at], read without checks: continuation
// bits are taken as they come (missing bytes past the end read as 0), and a stray continuation
// byte reads as its own value.
uint32_t decode_code_point_lenient(std::string_view text, size_t at);

// JavaScript's string comparison (UTF-16 code units, lexicographic) on UTF-8 text: < 0, 0 or > 0.
// It differs from UTF-8 byte order only between characters above U+FFFF and characters
// U+E000..U+FFFF.
int compare_utf16(std::string_view a, std::string_view b);
inline bool less_utf16(std::string_view a, std::string_view b) { return compare_utf16(a, b) < 0; }

}  // namespace heapsnap

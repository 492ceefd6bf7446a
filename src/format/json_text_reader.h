// A forward-only reader over snapshot JSON text pulled from a ByteSource in fixed-size chunks.
// It holds one chunk (kChunkSize) at a time, so memory stays bounded whatever the file size.
// Internal to the format loader.
//
// Performance notes: the integer-array scanner is the loader's hot loop (nodes and edges are
// ~95% of a snapshot). Every chunk ends in a NUL sentinel, so the digit and whitespace loops need
// no bounds check per byte; only when they stop *at* the sentinel do we refill and continue.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "heapsnap/io/byte_source.h"
#include "heapsnap/util/error.h"
#include "heapsnap/util/progress.h"

namespace heapsnap::format {

class JsonTextReader {
 public:
  static constexpr size_t kChunkSize = 8u << 20;

  JsonTextReader(io::ByteSource& source, ProgressSink& progress)
      : source_(source), progress_(progress), buffer_(kChunkSize + 64) {
    pos_ = end_ = buffer_.data();
    *end_ = '\0';
  }

  // Byte offset of the next unread byte in the text.
  uint64_t offset() const { return offset_of(pos_); }
  uint64_t offset_of(const char* p) const {
    return chunk_start_ + static_cast<uint64_t>(p - buffer_.data());
  }
  const std::string& name() const { return source_.name(); }

  // The next non-whitespace byte without consuming it; -1 at the end of input.
  int peek_non_ws() {
    for (;;) {
      while (is_ws(*pos_)) ++pos_;
      if (pos_ != end_) return static_cast<unsigned char>(*pos_);
      if (!refill()) return -1;
    }
  }
  // Consumes the next non-whitespace byte, which must be `c`; `context` goes in the error.
  void expect(char c, const char* context) {
    const int got = peek_non_ws();
    if (got != c) fail_expected(std::string("'") + c + "'", context);
    ++pos_;
  }
  [[noreturn]] void fail_expected(const std::string& expected, const std::string& context) {
    const int got = peek_non_ws();
    std::string found = got < 0 ? "end of input" : describe_byte(got);
    throw FormatError(context + ": expected " + expected + ", found " + found, offset());
  }
  [[noreturn]] void fail(const std::string& message) { throw FormatError(message, offset()); }

  // Reads a JSON string token and returns its raw text between the quotes, escapes untouched.
  // Sets *has_escape when the text contains a backslash.
  void read_raw_string(std::string& out, bool* has_escape, const char* context);

  // Skips one JSON value of any kind (used for unknown sections). If `capture` is non-null the
  // value's text is appended to it, up to `capture_limit` bytes (then: error).
  void skip_value(const char* context, std::string* capture = nullptr, size_t capture_limit = 0);

  // Parses the elements of an array of non-negative integers; the '[' has been consumed and the
  // closing ']' is consumed too. Calls sink(value) for each element in order. `context` names the
  // section for errors. Returns the element count.
  template <typename Sink>
  uint64_t parse_uint_array(Sink&& sink, const char* context);

  // For nested integer arrays (trace_tree): the next token, after whitespace.
  enum class Token { kNumber, kOpen, kClose, kComma };
  Token next_token(uint64_t* number, const char* context);

 private:
  static bool is_ws(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }
  static std::string describe_byte(int c);

  // Loads the next chunk when every byte of this one has been consumed. false at the end.
  bool refill() {
    chunk_start_ += static_cast<uint64_t>(end_ - buffer_.data());
    const size_t n = source_.read(buffer_.data(), kChunkSize);
    pos_ = buffer_.data();
    end_ = pos_ + n;
    *end_ = '\0';
    progress_.update(source_.stored_position());
    return n != 0;
  }
  // Parses a number whose digits start at pos_ (which may be the sentinel at a chunk end).
  uint64_t parse_uint(const char* context);

  io::ByteSource& source_;
  ProgressSink& progress_;
  std::vector<char> buffer_;
  char* pos_;
  char* end_;  // *end_ == '\0'
  uint64_t chunk_start_ = 0;
};

inline uint64_t JsonTextReader::parse_uint(const char* context) {
  uint64_t value = 0;
  int digits = 0;
  for (;;) {
    const unsigned d = static_cast<unsigned char>(*pos_) - '0';
    if (d < 10) {
      value = value * 10 + d;
      ++pos_;
      if (++digits > 19) fail(std::string(context) + ": integer with more than 19 digits");
      continue;
    }
    if (pos_ == end_ && refill()) continue;  // the number goes on in the next chunk
    break;
  }
  if (digits == 0) {
    const int c = peek_non_ws();
    fail_expected(c == '-' ? "a non-negative integer" : "an integer", context);
  }
  if (*pos_ == '.' || *pos_ == 'e' || *pos_ == 'E') fail_expected("an integer", context);
  return value;
}

template <typename Sink>
uint64_t JsonTextReader::parse_uint_array(Sink&& sink, const char* context) {
  uint64_t count = 0;
  if (peek_non_ws() == ']') {
    ++pos_;
    return 0;
  }
  for (;;) {
    // Fast path: V8 writes "9,1,1,0,5,0,0\n,9,2,...": digits, then a comma or a newline+comma.
    if (static_cast<unsigned>(static_cast<unsigned char>(*pos_) - '0') >= 10) peek_non_ws();
    sink(parse_uint(context));
    ++count;
    char c = *pos_;
    if (c != ',') c = static_cast<char>(peek_non_ws());
    if (c == ',') {
      ++pos_;
      continue;
    }
    if (c == ']') {
      ++pos_;
      return count;
    }
    fail_expected("',' or ']'", context);
  }
}

}  // namespace heapsnap::format

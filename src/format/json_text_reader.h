// A forward-only reader over snapshot JSON text pulled from a ByteSource in fixed-size chunks.
// It holds one chunk (kChunkSize) at a time, so memory stays bounded whatever the file size.
// Internal to the format loader.
//
// Performance notes: the integer-array scanner is the loader's hot loop (nodes and edges are
// ~95% of a snapshot).
//  - Every chunk ends in a NUL sentinel, so the digit and whitespace loops need no bounds check
//    per byte; only when they stop *at* the sentinel do we refill and continue.
//  - Where the chunk has whole 64-byte blocks of plain numbers, commas and whitespace left, the
//    block scanner (integer_blocks.h) finds every number in a block from bit masks and converts
//    them independently of one another. Elsewhere (the array's end, chunk ends, long numbers,
//    errors) numbers are parsed one at a time; numbers of up to 15 digits inside a chunk are
//    converted 8 bytes at a time (SWAR).
//  - The next chunk is read on a second thread while this one is parsed (double buffering).
#pragma once

#include <cstdint>
#include <cstring>
#include <future>
#include <string>
#include <vector>

#include "heapsnap/io/byte_source.h"
#include "heapsnap/util/error.h"
#include "heapsnap/util/huge_page_allocator.h"
#include "heapsnap/util/progress.h"
#include "integer_blocks.h"

namespace heapsnap::format {

class JsonTextReader {
 public:
  static constexpr size_t kChunkSize = 8u << 20;

  // `start_offset`: where in the text `source` begins (for a source from ByteSource::open_at).
  // `block_scan`: whether integer arrays go through the block scanner (integer_blocks.h); off,
  // every number is parsed on its own (tests compare the two).
  JsonTextReader(io::ByteSource& source, ProgressSink& progress, uint64_t start_offset = 0,
                 bool block_scan = true)
      : source_(source), progress_(progress), block_scan_(block_scan),
        chunk_size_(chunk_size_for(source)),
        buffer_(chunk_size_ + kPadding, '\0'), spare_(chunk_size_ + kPadding, '\0'),
        chunk_start_(start_offset) {
    pos_ = end_ = buffer_.data();
    *end_ = '\0';
    start_read_ahead();
  }
  ~JsonTextReader() {
    if (pending_.valid()) pending_.wait();
  }
  JsonTextReader(const JsonTextReader&) = delete;
  JsonTextReader& operator=(const JsonTextReader&) = delete;

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

  // Parses an array of non-negative integers as rows of `width` (1..64) values; the '[' has been
  // consumed and the closing ']' is consumed too. Calls sink(const uint64_t* row) for each
  // complete row. Returns the number of values in a trailing incomplete row (0 if none), which
  // the caller reports. Widths of 3, 4, 6 and 7 (edges, locations, nodes) get unrolled loops.
  template <typename Sink>
  int parse_uint_rows(int width, Sink&& sink, const char* context);

  // Scans forward, skipping everything that is not a string, to the string `"key"` followed by
  // ':' and '['; consumes up to the '[' (which is left for the array parser). Sets *key_offset to the offset of the key's opening quote.
  // Returns false at the end of input. Used to find a section ahead of the main parse; the
  // caller must confirm the find (a string value could look like a key).
  bool skip_to_array_key(std::string_view key, uint64_t* key_offset);

  // Moves to the first digit that follows "\n," (the row break V8 writes in its integer arrays)
  // within the next `max_bytes` bytes. Returns false, somewhere in between, when there is none.
  bool skip_to_row_start(uint64_t max_bytes);

  // For nested integer arrays (trace_tree): the next token, after whitespace.
  enum class Token { kNumber, kOpen, kClose, kComma };
  Token next_token(uint64_t* number, const char* context);

 private:
  static bool is_ws(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }
  static std::string describe_byte(int c);

  // Bytes after the sentinel that may be read (never used): the SWAR path loads 8 at a time, the
  // block scanner up to integer_blocks::kOverread past the chunk's end.
  static constexpr size_t kPadding = 64;
  static_assert(kPadding >= integer_blocks::kOverread);

  // Small inputs of known size (tests, the fuzzer) get a buffer of their size, not 2 × 8 MiB.
  static size_t chunk_size_for(const io::ByteSource& source) {
    const auto size = source.size();
    return size && *size < kChunkSize ? static_cast<size_t>(*size) + 1 : kChunkSize;
  }
  void start_read_ahead() {
    char* target = spare_.data();
    pending_ = std::async(std::launch::async, [this, target] { return source_.read(target, chunk_size_); });
  }
  // Loads the next chunk when every byte of this one has been consumed. false at the end.
  bool refill() {
    if (!pending_.valid()) return false;  // the end was reached before
    chunk_start_ += static_cast<uint64_t>(end_ - buffer_.data());
    const size_t n = pending_.get();  // rethrows a read error
    buffer_.swap(spare_);
    pos_ = buffer_.data();
    end_ = pos_ + n;
    *end_ = '\0';
    progress_.update(source_.stored_position());
    if (n != 0) start_read_ahead();
    return n != 0;
  }
  template <int kWidth, typename Sink>
  int parse_rows_of(int width, Sink& sink, const char* context);
  // The next value of an integer array, whitespace before it skipped.
  uint64_t next_uint(const char* context) {
    uint64_t value;
    if (parse_short_uint(&value)) [[likely]] return value;
    if (static_cast<unsigned>(static_cast<unsigned char>(*pos_) - '0') >= 10) peek_non_ws();
    return parse_uint(context);
  }
  // Parses a number whose digits start at pos_ (which may be the sentinel at a chunk end).
  uint64_t parse_uint(const char* context);
  // The common case: 1 to 15 digits that end inside the chunk. Returns false to ask for
  // parse_uint (16+ digits, a number that may continue in the next chunk, or no digit at all).
  bool parse_short_uint(uint64_t* value);

  io::ByteSource& source_;
  ProgressSink& progress_;
  bool block_scan_;
  size_t chunk_size_;
  // Page-aligned when they are big (BigVector maps them), which lets a file source read into
  // them with direct I/O (io/file_source.cpp).
  BigVector<char> buffer_;
  BigVector<char> spare_;  // being filled by pending_
  std::future<size_t> pending_;
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

inline bool JsonTextReader::parse_short_uint(uint64_t* value) {
  static constexpr uint64_t kPow10[8] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000};
  uint64_t x;
  std::memcpy(&x, pos_, 8);  // may read into the padding after the sentinel; never past it
  const uint64_t not_digit = swar::non_digits(x);
  if (not_digit != 0) [[likely]] {
    const int length = __builtin_ctzll(not_digit) >> 3;
    if (length == 0 || pos_ + length == end_) return false;
    *value = swar::digits_value(x, length);
    pos_ += length;
    return true;
  }
  // Eight digits: the sentinel is not among them, so the next 8 bytes are within the padding.
  uint64_t y;
  std::memcpy(&y, pos_ + 8, 8);
  const uint64_t not_digit2 = swar::non_digits(y);
  if (not_digit2 == 0) return false;  // 16 or more digits
  const int length2 = __builtin_ctzll(not_digit2) >> 3;
  if (pos_ + 8 + length2 == end_) return false;
  const uint64_t high = swar::digits_value(x, 8);
  *value = length2 == 0 ? high : high * kPow10[length2] + swar::digits_value(y, length2);
  pos_ += 8 + length2;
  return true;
}

template <int kWidth, typename Sink>
int JsonTextReader::parse_rows_of(int width, Sink& sink, const char* context) {
  const int w = kWidth > 0 ? kWidth : width;
  uint64_t row[64] = {};
  if (peek_non_ws() == ']') {
    ++pos_;
    return 0;
  }
  int f = 0;             // the field of the row that the next value fills
  int scalar_only = 0;   // values to parse one at a time before the block scan is tried again
  for (;;) {
    if (block_scan_ && scalar_only == 0) {
      // Whole blocks of the chunk go through integer_blocks.h. A row is handed to the sink with
      // pos_ just past its separator, as below, so offsets read from the sink are the same.
      const char* const from = pos_;
      const char* const stop = integer_blocks::scan(from, end_, [&](uint64_t value, const char* next) {
        row[f] = value;
        if (++f == w) {
          f = 0;
          pos_ += next - pos_;
          sink(static_cast<const uint64_t*>(row));
        }
      });
      pos_ += stop - pos_;
      // Where no block could be taken (the array's end, whitespace-heavy text, long numbers),
      // parse a few values on their own before trying again.
      if (pos_ == from) scalar_only = 16;
    } else if (scalar_only > 0) {
      --scalar_only;
    }
    row[f] = next_uint(context);
    // V8 writes "9,1,1,0,5,0,0\n,9,2,...": a comma, or a newline and a comma after each row.
    // pos_[1] is readable: at worst it is the sentinel after the chunk.
    const char c = *pos_;
    if (c == ',') [[likely]] {
      ++pos_;
    } else if (c == '\n' && pos_[1] == ',') {
      pos_ += 2;
    } else {
      const int d = peek_non_ws();
      if (d == ',') {
        ++pos_;
      } else if (d == ']') {
        ++pos_;
        if (f + 1 < w) return f + 1;
        sink(static_cast<const uint64_t*>(row));
        return 0;
      } else {
        fail_expected(d == '.' || d == 'e' || d == 'E' ? "an integer" : "',' or ']'", context);
      }
    }
    if (++f == w) {
      f = 0;
      sink(static_cast<const uint64_t*>(row));
    }
  }
}

template <typename Sink>
int JsonTextReader::parse_uint_rows(int width, Sink&& sink, const char* context) {
  switch (width) {
    case 3: return parse_rows_of<3>(width, sink, context);   // edges
    case 4: return parse_rows_of<4>(width, sink, context);   // locations
    case 6: return parse_rows_of<6>(width, sink, context);   // nodes (older V8), trace functions
    case 7: return parse_rows_of<7>(width, sink, context);   // nodes
    default: return parse_rows_of<0>(width, sink, context);
  }
}

}  // namespace heapsnap::format

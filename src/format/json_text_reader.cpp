#include "json_text_reader.h"

#include <fmt/format.h>

namespace heapsnap::format {

std::string JsonTextReader::describe_byte(int c) {
  if (c >= 0x20 && c < 0x7f) return fmt::format("'{}'", static_cast<char>(c));
  return fmt::format("byte 0x{:02x}", c);
}

void JsonTextReader::read_raw_string(std::string& out, bool* has_escape, const char* context) {
  expect('"', context);
  out.clear();
  *has_escape = false;
  for (;;) {
    // Copy the run up to the next quote or backslash in one go.
    char* p = pos_;
    while (*p != '"' && *p != '\\' && p != end_) ++p;
    out.append(pos_, static_cast<size_t>(p - pos_));
    pos_ = p;
    if (p == end_) {
      // End of this chunk (a NUL byte before the end is string data, copied as is).
      if (!refill()) fail(std::string(context) + ": input ends inside a string");
      continue;
    }
    if (*p == '"') {
      ++pos_;
      return;
    }
    // Backslash: keep it and the escaped character (which may be in the next chunk).
    *has_escape = true;
    out.push_back('\\');
    ++pos_;
    if (pos_ == end_ && !refill()) fail(std::string(context) + ": input ends inside a string");
    out.push_back(*pos_);
    ++pos_;
  }
}

void JsonTextReader::skip_value(const char* context, std::string* capture, size_t capture_limit) {
  // Iterative: depth counts open brackets/braces, so deeply nested garbage cannot overflow.
  uint64_t depth = 0;
  std::string scratch;
  auto keep = [&](const char* from, const char* to) {
    if (!capture) return;
    capture->append(from, static_cast<size_t>(to - from));
    if (capture->size() > capture_limit)
      fail(fmt::format("{}: longer than {} bytes", context, capture_limit));
  };
  do {
    const int c = peek_non_ws();
    if (c < 0) fail(std::string(context) + ": input ends inside a value");
    if (c == '"') {
      bool escaped = false;
      read_raw_string(scratch, &escaped, context);
      if (capture) {
        capture->push_back('"');
        capture->append(scratch);
        capture->push_back('"');
        keep(pos_, pos_);  // checks the limit
      }
      continue;
    }
    if (c == '{' || c == '[') {
      ++depth;
      keep(pos_, pos_ + 1);
      ++pos_;
      continue;
    }
    if (c == '}' || c == ']') {
      if (depth == 0) fail_expected("a value", context);
      --depth;
      keep(pos_, pos_ + 1);
      ++pos_;
      continue;
    }
    if (c == ',' || c == ':') {
      if (depth == 0) fail_expected("a value", context);
      keep(pos_, pos_ + 1);
      ++pos_;
      continue;
    }
    // A bare literal: number, true, false, null.
    const char* start = pos_;
    bool any = false;
    for (;;) {
      while (*pos_ && !is_ws(*pos_) && *pos_ != ',' && *pos_ != ']' && *pos_ != '}' &&
             *pos_ != ':' && *pos_ != '"' && *pos_ != '[' && *pos_ != '{') {
        any = true;
        ++pos_;
      }
      keep(start, pos_);
      if (pos_ == end_ && refill()) {
        start = pos_;
        continue;
      }
      break;
    }
    if (!any) fail_expected("a value", context);
  } while (depth > 0);
}

bool JsonTextReader::skip_to_array_key(std::string_view key, uint64_t* key_offset) {
  std::string text;
  bool escaped = false;
  for (;;) {
    // Integer arrays hold no quotes: memchr runs through them at memory speed.
    const void* quote = std::memchr(pos_, '"', static_cast<size_t>(end_ - pos_));
    if (!quote) {
      pos_ = end_;
      if (!refill()) return false;
      continue;
    }
    pos_ = static_cast<char*>(const_cast<void*>(quote));
    const uint64_t at = offset();
    read_raw_string(text, &escaped, "looking ahead");
    if (text != key || peek_non_ws() != ':') continue;
    ++pos_;
    if (peek_non_ws() != '[') continue;  // left unconsumed: the caller parses the array
    *key_offset = at;
    return true;
  }
}

bool JsonTextReader::skip_to_row_start(uint64_t max_bytes) {
  const uint64_t limit = offset() + max_bytes;
  bool after_newline = false, after_break = false;
  for (;;) {
    if (pos_ == end_ && !refill()) return false;
    if (offset() >= limit) return false;
    const char c = *pos_;
    if (after_break && c >= '0' && c <= '9') return true;
    after_break = after_newline && c == ',';
    after_newline = c == '\n';
    ++pos_;
  }
}

JsonTextReader::Token JsonTextReader::next_token(uint64_t* number, const char* context) {
  const int c = peek_non_ws();
  switch (c) {
    case '[': ++pos_; return Token::kOpen;
    case ']': ++pos_; return Token::kClose;
    case ',': ++pos_; return Token::kComma;
    default:
      if (c >= '0' && c <= '9') {
        *number = parse_uint(context);
        return Token::kNumber;
      }
      fail_expected("a number, '[', ']' or ','", context);
  }
}

}  // namespace heapsnap::format

// Errors that reach the user. Library code throws heapsnap::Error (or a subclass); each command
// catches it once at the CLI boundary, prints `heapsnap: error: <what>` and exits with code 2.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace heapsnap {

// A user-facing failure: bad input, bad usage, an unreadable file. The message is one line and
// says what was wrong, where, and what was expected.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

// Input that is not a valid heap snapshot. `offset` is the byte offset in the (decompressed)
// snapshot text where the problem was seen, or kNoOffset when it concerns a whole field.
class FormatError : public Error {
 public:
  static constexpr uint64_t kNoOffset = UINT64_MAX;
  FormatError(const std::string& message, uint64_t offset)
      : Error(offset == kNoOffset ? message
                                  : message + " (at byte " + std::to_string(offset) + ")"),
        offset_(offset) {}
  uint64_t offset() const { return offset_; }
  // The same error with `prefix` (e.g. "'file': ") in front of the message; offset kept.
  FormatError prefixed(const std::string& prefix) const {
    return FormatError(prefix + what(), offset_, 0);
  }

 private:
  FormatError(const std::string& full_message, uint64_t offset, int /*already_formatted*/)
      : Error(full_message), offset_(offset) {}
  uint64_t offset_;
};

}  // namespace heapsnap

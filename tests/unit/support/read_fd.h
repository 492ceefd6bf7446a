// Test helper: everything a file descriptor (a pipe) gives until its end.
#pragma once

#include <unistd.h>

#include <string>

namespace heapsnap::test {

inline std::string read_until_end(int fd) {
  std::string text;
  char buffer[4096];
  for (ssize_t n; (n = ::read(fd, buffer, sizeof buffer)) > 0;) text.append(buffer, static_cast<size_t>(n));
  return text;
}

}  // namespace heapsnap::test

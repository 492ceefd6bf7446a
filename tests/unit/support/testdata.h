// Test helpers: paths into testdata/ and whole-file reads.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

namespace heapsnap::test {

inline std::string testdata(const std::string& relative) {
  return std::string(HEAPSNAP_TESTDATA) + "/" + relative;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace heapsnap::test

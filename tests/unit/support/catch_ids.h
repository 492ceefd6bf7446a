// Catch2 prints graph::NodeId and graph::StringIndex as their numbers in failure messages
// (INFO, CHECK(a == b)); test code only: the library keeps ids out of iostreams. Include it in tests that compare or print ids.
#pragma once

#include <ostream>
#include <string>

#include <catch2/catch.hpp>

#include "heapsnap/graph/ids.h"

// INFO("... @" << id) streams the number (found by argument-dependent lookup).
namespace heapsnap::graph {
inline std::ostream& operator<<(std::ostream& os, NodeId id) { return os << value(id); }
inline std::ostream& operator<<(std::ostream& os, StringIndex s) { return os << value(s); }
}  // namespace heapsnap::graph

namespace Catch {
template <>
struct StringMaker<heapsnap::graph::NodeId> {
  static std::string convert(heapsnap::graph::NodeId id) {
    std::string text = "@";  // appended: GCC 12 warns -Wrestrict on "@" + std::string&&
    text += std::to_string(heapsnap::graph::value(id));
    return text;
  }
};
template <>
struct StringMaker<heapsnap::graph::StringIndex> {
  static std::string convert(heapsnap::graph::StringIndex s) {
    std::string text = "string #";
    text += std::to_string(heapsnap::graph::value(s));
    return text;
  }
};
}  // namespace Catch

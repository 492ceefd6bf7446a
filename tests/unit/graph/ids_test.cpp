// The id types of graph/ids.h: NodeId and StringIndex are distinct from each other, from node
// ordinals and from plain integers (the compiler catches a mix-up), and still print, compare and
// hash as the numbers they hold.
#include <catch2/catch.hpp>

#include <fmt/format.h>
#include <tsl/robin_map.h>

#include <cstdint>
#include <functional>
#include <string>
#include <type_traits>
#include <unordered_set>

#include "heapsnap/graph/ids.h"
#include "heapsnap/report/json_writer.h"

using namespace heapsnap;
using graph::NodeId;
using graph::NodeOrdinal;
using graph::StringIndex;

// No implicit conversion in either direction between the three, nor from or to integers.
static_assert(!std::is_convertible_v<NodeId, StringIndex>);
static_assert(!std::is_convertible_v<StringIndex, NodeId>);
static_assert(!std::is_convertible_v<NodeId, NodeOrdinal>);
static_assert(!std::is_convertible_v<NodeOrdinal, NodeId>);
static_assert(!std::is_convertible_v<StringIndex, NodeOrdinal>);
static_assert(!std::is_convertible_v<NodeOrdinal, StringIndex>);
static_assert(!std::is_convertible_v<int, NodeId>);
static_assert(!std::is_convertible_v<uint64_t, NodeId>);
static_assert(!std::is_convertible_v<NodeId, uint64_t>);
static_assert(!std::is_convertible_v<NodeId, bool>);
static_assert(!std::is_convertible_v<int, StringIndex>);
static_assert(!std::is_convertible_v<StringIndex, uint64_t>);
// Not even by assignment.
static_assert(!std::is_assignable_v<NodeId&, uint32_t>);
static_assert(!std::is_assignable_v<NodeId&, StringIndex>);
static_assert(!std::is_assignable_v<StringIndex&, NodeId>);
static_assert(!std::is_assignable_v<uint32_t&, NodeId>);
// No comparison across the types.
template <typename A, typename B>
concept EqualityComparable = requires(A a, B b) { a == b; };
static_assert(EqualityComparable<NodeId, NodeId>);
static_assert(!EqualityComparable<NodeId, uint32_t>);
static_assert(!EqualityComparable<NodeId, StringIndex>);
static_assert(!EqualityComparable<StringIndex, NodeOrdinal>);
// Explicit construction, and the number back out, cost nothing: a plain 32-bit value.
static_assert(requires(uint32_t n) { NodeId{n}; });
static_assert(sizeof(NodeId) == sizeof(uint32_t) && sizeof(StringIndex) == sizeof(uint32_t));
static_assert(std::is_trivially_copyable_v<NodeId> && std::is_trivially_copyable_v<StringIndex>);
static_assert(graph::value(NodeId{123}) == 123u && graph::value(StringIndex{7}) == 7u);
static_assert(NodeId{3} < NodeId{5} && NodeId{5} == NodeId{5});
static_assert((NodeId{3} <=> NodeId{5}) < 0);

TEST_CASE("ids print as their numbers", "[graph]") {
  CHECK(fmt::format("@{}", NodeId{123}) == "@123");
  CHECK(fmt::format("{}", NodeId{UINT32_MAX}) == "4294967295");
  CHECK(fmt::format("{:>5}", StringIndex{42}) == "   42");
  report::JsonWriter w(false);
  w.begin_object().field("id", NodeId{77}).end_object();
  CHECK(w.str() == "{\"id\":77}\n");
}

TEST_CASE("ids hash as their numbers and key hash maps", "[graph]") {
  CHECK(std::hash<NodeId>{}(NodeId{99}) == std::hash<uint32_t>{}(99u));
  CHECK(std::hash<StringIndex>{}(StringIndex{5}) == std::hash<uint32_t>{}(5u));
  tsl::robin_map<NodeId, int> by_id;
  for (uint32_t i = 1; i <= 1000; i += 2) by_id[NodeId{i}] = static_cast<int>(i);
  CHECK(by_id.size() == 500);
  CHECK(by_id.at(NodeId{501}) == 501);
  CHECK(by_id.count(NodeId{2}) == 0);
  std::unordered_set<StringIndex> strings{StringIndex{1}, StringIndex{1}, StringIndex{2}};
  CHECK(strings.size() == 2);
}

// Index spaces of the heap graph. Nodes are numbered by ordinal (0..node_count-1, in snapshot
// order), never by V8's flat field offsets; edges by their position in the edge arrays.
#pragma once

#include <cstdint>
#include <limits>

namespace heapsnap::graph {

// NodeOrdinal and EdgeIndex are plain integers: they index every per-node and per-edge array
// (hundreds of `retained[n]`), and a wrapper would put a conversion on each of those reads for
// no gain, since the ids a node ordinal could be mixed up with are distinct types (below).
using NodeOrdinal = uint32_t;  // position of a node in the snapshot (V8 offset / node field count)
using EdgeIndex = uint64_t;    // position of an edge; 64-bit: edge counts may pass 2^32

// V8's stable object id (SnapshotObjectId, 32-bit in V8), and a position in the snapshot's
// `strings` array. Distinct types, so the compiler rejects a mix-up with each other, with a node
// ordinal or with any integer: construct one explicitly where it is read from the snapshot or
// parsed from the user (`NodeId{n}`), and take the number out with value(). Plain uint32_t
// underneath (same size, same code); ==, < and <=> compare the numbers, std::hash hashes them,
// fmt prints the number (format_as below).
enum class NodeId : uint32_t {};
enum class StringIndex : uint32_t {};

constexpr uint32_t value(NodeId id) { return static_cast<uint32_t>(id); }
constexpr uint32_t value(StringIndex s) { return static_cast<uint32_t>(s); }
// Found by fmt through argument-dependent lookup: `fmt::format("@{}", id)` prints "@123".
constexpr uint32_t format_as(NodeId id) { return value(id); }
constexpr uint32_t format_as(StringIndex s) { return value(s); }

inline constexpr NodeOrdinal kNoNode = std::numeric_limits<NodeOrdinal>::max();

// Node kinds with a meaning of their own. A snapshot's `node_types` list is mapped onto these by
// name at load time, so a reordered or extended list still works; unknown names become kOther.
enum class NodeKind : uint8_t {
  kHidden, kArray, kString, kObject, kCode, kClosure, kRegexp, kNumber, kNative, kSynthetic,
  kConsString, kSlicedString, kSymbol, kBigint, kObjectShape, kWasmObject, kOther
};

enum class EdgeKind : uint8_t {
  kContext, kElement, kProperty, kInternal, kHidden, kShortcut, kWeak, kOther
};

// True for edge kinds whose name_or_index is a number (element and hidden); the others name a
// string.
inline constexpr bool edge_name_is_index(EdgeKind kind) {
  return kind == EdgeKind::kElement || kind == EdgeKind::kHidden;
}

}  // namespace heapsnap::graph

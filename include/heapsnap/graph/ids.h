// Index spaces of the heap graph. Nodes are numbered by ordinal (0..node_count-1, in snapshot
// order), never by V8's flat field offsets; edges by their position in the edge arrays.
#pragma once

#include <cstdint>
#include <limits>

namespace heapsnap::graph {

using NodeOrdinal = uint32_t;  // position of a node in the snapshot (V8 offset / node field count)
using EdgeIndex = uint64_t;    // position of an edge; 64-bit: edge counts may pass 2^32
using StringIndex = uint32_t;  // position in the snapshot's `strings` array
using NodeId = uint32_t;       // V8's stable object id (SnapshotObjectId, 32-bit in V8)

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

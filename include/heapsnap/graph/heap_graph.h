// The heap graph of one snapshot: nodes and edges in compressed-sparse-row form, held as
// struct-of-arrays with node ordinals (not V8 field offsets). Immutable once built; built only by
// GraphBuilder. Memory per node is about 22 bytes, per edge 9 bytes, plus the string text.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "heapsnap/graph/ids.h"
#include "heapsnap/graph/string_pool.h"
#include "heapsnap/util/huge_page_allocator.h"

namespace heapsnap::graph {

// One row of `trace_function_infos`: a function that allocated (line/column 1-based, 0 unknown).
struct TraceFunctionInfo {
  uint32_t function_id;
  StringIndex name;
  StringIndex script_name;
  uint32_t script_id;
  uint32_t line;
  uint32_t column;
};

// One node of the flattened `trace_tree` (allocation call tree). parent is an index into
// HeapGraph::trace_nodes(), kNoTraceParent for the root.
struct TraceNode {
  static constexpr uint32_t kNoTraceParent = UINT32_MAX;
  uint32_t id;
  uint32_t function_info_index;
  uint32_t count;
  uint64_t size;
  uint32_t parent;
};

// One row of `locations`: where the constructor or function of an object or closure is defined.
struct SourceLocation {
  NodeOrdinal node;
  uint32_t script_id;
  uint32_t line;    // as V8 writes it (0-based)
  uint32_t column;  // as V8 writes it (0-based)
};

// One row of `samples` (heap-object tracking timeline).
struct Sample {
  uint64_t timestamp_us;
  uint32_t last_assigned_id;
};

// Which optional pieces of a snapshot were present.
struct SnapshotFeatures {
  bool trace_node_id_field = false;  // node_fields has trace_node_id
  bool detachedness_field = false;   // node_fields has detachedness
  bool allocation_traces = false;    // trace_function_infos and trace_tree are non-empty
  bool locations = false;
  bool samples = false;
};

class HeapGraph {
 public:
  HeapGraph() = default;
  HeapGraph(HeapGraph&&) = default;
  HeapGraph& operator=(HeapGraph&&) = default;
  HeapGraph(const HeapGraph&) = delete;
  HeapGraph& operator=(const HeapGraph&) = delete;

  // --- Nodes -------------------------------------------------------------------------------
  uint32_t node_count() const { return static_cast<uint32_t>(node_name_.size()); }
  NodeOrdinal root() const { return root_; }

  NodeKind node_kind(NodeOrdinal n) const { return node_type_kind_[node_type_[n]]; }
  // The type's name as the snapshot's meta spells it ("object", "closure", ...).
  std::string_view node_type_name(NodeOrdinal n) const { return node_type_names_[node_type_[n]]; }
  uint8_t node_type_index(NodeOrdinal n) const { return node_type_[n]; }
  StringIndex node_name_index(NodeOrdinal n) const { return node_name_[n]; }
  std::string_view node_name(NodeOrdinal n) const { return strings_.get(node_name_[n]); }
  NodeId node_id(NodeOrdinal n) const { return node_id_[n]; }
  uint64_t self_size(NodeOrdinal n) const {
    const uint32_t small = node_self_size_[n];
    return small != kSelfSizeOverflow ? small : self_size_overflow(n);
  }
  // 0 when the snapshot has no trace_node_id field.
  uint32_t trace_node_id(NodeOrdinal n) const {
    return node_trace_id_.empty() ? 0 : node_trace_id_[n];
  }
  // 0 unknown, 1 attached, 2 detached; 0 when the snapshot has no detachedness field.
  uint8_t detachedness(NodeOrdinal n) const {
    return node_detachedness_.empty() ? 0 : node_detachedness_[n];
  }

  // --- Edges (out-edges of node n are first_edge(n) .. first_edge(n + 1)) -------------------
  uint64_t edge_count() const { return edge_target_.size(); }
  EdgeIndex first_edge(NodeOrdinal n) const { return first_edge_[n]; }
  EdgeIndex edge_end(NodeOrdinal n) const { return first_edge_[n + 1]; }
  uint32_t out_degree(NodeOrdinal n) const {
    return static_cast<uint32_t>(first_edge_[n + 1] - first_edge_[n]);
  }
  EdgeKind edge_kind(EdgeIndex e) const { return edge_type_kind_[edge_type_[e]]; }
  EdgeKind edge_type_kind(uint8_t type) const { return edge_type_kind_[type]; }
  std::string_view edge_type_name(EdgeIndex e) const { return edge_type_names_[edge_type_[e]]; }
  uint8_t edge_type_index(EdgeIndex e) const { return edge_type_[e]; }
  // A string index for named edges, a number for element and hidden edges.
  uint32_t edge_name_or_index(EdgeIndex e) const { return edge_name_[e]; }
  // The name's string index, for an edge whose kind names a string (!edge_name_is_index).
  StringIndex edge_name_index(EdgeIndex e) const { return StringIndex{edge_name_[e]}; }
  // The edge's name, or its index as decimal text for element and hidden edges.
  std::string edge_label(EdgeIndex e) const;
  NodeOrdinal edge_target(EdgeIndex e) const { return edge_target_[e]; }
  // The whole first-edge offset array (node_count + 1 entries), for algorithms that walk CSR.
  std::span<const EdgeIndex> first_edges() const { return first_edge_; }
  std::span<const NodeOrdinal> edge_targets() const { return edge_target_; }
  // The edge and node type columns (indexes into edge_type_names() / node_type_names()).
  std::span<const uint8_t> edge_type_indices() const { return edge_type_; }
  std::span<const uint8_t> node_type_indices() const { return node_type_; }

  // --- Strings and meta ---------------------------------------------------------------------
  const StringPool& strings() const { return strings_; }
  const std::vector<std::string>& node_type_names() const { return node_type_names_; }
  const std::vector<std::string>& edge_type_names() const { return edge_type_names_; }
  const std::vector<std::string>& node_fields() const { return node_fields_; }
  const std::vector<std::string>& edge_fields() const { return edge_fields_; }
  const SnapshotFeatures& features() const { return features_; }
  // `snapshot.extra_native_bytes` when present, else 0.
  uint64_t extra_native_bytes() const { return extra_native_bytes_; }

  // --- Allocation data ----------------------------------------------------------------------
  const std::vector<TraceFunctionInfo>& trace_function_infos() const { return trace_functions_; }
  const std::vector<TraceNode>& trace_nodes() const { return trace_nodes_; }
  const std::vector<SourceLocation>& locations() const { return locations_; }
  const std::vector<Sample>& samples() const { return samples_; }

  // Sum of self sizes of all nodes.
  uint64_t total_self_size() const { return total_self_size_; }

 private:
  friend class GraphBuilder;
  static constexpr uint32_t kSelfSizeOverflow = UINT32_MAX;
  uint64_t self_size_overflow(NodeOrdinal n) const;

  NodeOrdinal root_ = 0;
  BigVector<uint8_t> node_type_;
  BigVector<StringIndex> node_name_;
  BigVector<NodeId> node_id_;
  BigVector<uint32_t> node_self_size_;
  // Self sizes >= 2^32 - 1, sorted by node ordinal (rare: huge array buffers).
  std::vector<std::pair<NodeOrdinal, uint64_t>> big_self_sizes_;
  BigVector<uint32_t> node_trace_id_;     // empty when absent or all 0
  BigVector<uint8_t> node_detachedness_;  // empty when absent or all 0
  BigVector<EdgeIndex> first_edge_;       // node_count + 1

  BigVector<uint8_t> edge_type_;
  BigVector<uint32_t> edge_name_;
  BigVector<NodeOrdinal> edge_target_;

  StringPool strings_;
  std::vector<std::string> node_type_names_, edge_type_names_, node_fields_, edge_fields_;
  std::vector<NodeKind> node_type_kind_;
  std::vector<EdgeKind> edge_type_kind_;
  SnapshotFeatures features_;
  uint64_t extra_native_bytes_ = 0;
  uint64_t total_self_size_ = 0;

  std::vector<TraceFunctionInfo> trace_functions_;
  std::vector<TraceNode> trace_nodes_;
  std::vector<SourceLocation> locations_;
  std::vector<Sample> samples_;
};

}  // namespace heapsnap::graph

// Fills a HeapGraph. The format loader adds nodes and edges through appenders in snapshot
// order; finish() checks every cross-reference (see graph_invariants.h) and hands over the
// immutable graph.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "heapsnap/graph/graph_invariants.h"
#include "heapsnap/graph/heap_graph.h"

namespace heapsnap::graph {

class GraphBuilder {
 public:
  // Meta: type names in the snapshot's order; kinds are derived from the names.
  void set_node_types(std::vector<std::string> names);
  void set_edge_types(std::vector<std::string> names);
  void set_fields(std::vector<std::string> node_fields, std::vector<std::string> edge_fields);
  void set_optional_fields(bool has_trace_node_id, bool has_detachedness);
  void set_root(NodeOrdinal root) { g_.root_ = root; }
  void set_extra_native_bytes(uint64_t bytes) { g_.extra_native_bytes_ = bytes; }
  size_t node_type_count() const { return g_.node_type_names_.size(); }
  size_t edge_type_count() const { return g_.edge_type_names_.size(); }
  EdgeKind edge_kind_of_type(uint8_t type) const { return g_.edge_type_kind_[type]; }

  // Nodes and edges are added through appenders, in snapshot order: the columns are sized once
  // to `capacity` (address space only, see BigVector) and written through raw pointers, with no
  // capacity check per value. end_*() trims the columns to what was added.
  class NodeAppender {
   public:
    // The caller has checked `type` < node_type_count() and count() < capacity.
    void add(uint8_t type, StringIndex name, NodeId id, uint64_t self_size, uint64_t edge_count,
             uint32_t trace_node_id, uint8_t detachedness) {
      type_[n_] = type;
      name_[n_] = name;
      id_[n_] = id;
      if (self_size < HeapGraph::kSelfSizeOverflow) [[likely]] {
        self_size_[n_] = static_cast<uint32_t>(self_size);
      } else {
        big_self_sizes_->emplace_back(static_cast<NodeOrdinal>(n_), self_size);
        self_size_[n_] = HeapGraph::kSelfSizeOverflow;
      }
      total_self_size_ += self_size;
      // The optional columns are mostly zeros (no allocation tracking, no DOM): each gets its
      // memory only when the first non-zero value comes.
      if (trace_id_) {
        trace_id_[n_] = trace_node_id;
      } else if (trace_node_id != 0 && has_trace_id_) [[unlikely]] {
        trace_id_ = builder_->materialize_trace_ids(capacity_, n_);
        trace_id_[n_] = trace_node_id;
      }
      if (detachedness_) {
        detachedness_[n_] = detachedness;
      } else if (detachedness != 0 && has_detachedness_) [[unlikely]] {
        detachedness_ = builder_->materialize_detachedness(capacity_, n_);
        detachedness_[n_] = detachedness;
      }
      // Saturating: a sum past 2^64 cannot match any edge count, and must not wrap into one.
      if (__builtin_add_overflow(edges_, edge_count, &edges_)) edges_ = UINT64_MAX;
      first_edge_[++n_] = edges_;
    }
    uint64_t count() const { return n_; }
    uint64_t edges_announced() const { return edges_; }

   private:
    friend class GraphBuilder;
    uint8_t* type_;
    StringIndex* name_;
    NodeId* id_;
    uint32_t* self_size_;
    uint32_t* trace_id_ = nullptr;     // null while every value so far was 0
    uint8_t* detachedness_ = nullptr;  // null while every value so far was 0
    EdgeIndex* first_edge_;
    std::vector<std::pair<NodeOrdinal, uint64_t>>* big_self_sizes_;
    GraphBuilder* builder_;
    bool has_trace_id_, has_detachedness_;
    uint64_t capacity_, n_ = 0, edges_ = 0, total_self_size_ = 0;
  };
  class EdgeAppender {
   public:
    // The caller has checked `type` < edge_type_count() and count() < capacity.
    void add(uint8_t type, uint32_t name_or_index, NodeOrdinal to) {
      type_[n_] = type;
      name_[n_] = name_or_index;
      target_[n_] = to;
      ++n_;
    }
    uint64_t count() const { return n_; }

    // For a second writer that fills the columns from the other end (the loader's split edges
    // parse): `slot` < the capacity given to begin_edges; the caller keeps the two writers'
    // slots apart. reverse() turns rows [begin, end) end for end; set_count() declares the
    // first `n` rows written.
    void put(uint64_t slot, uint8_t type, uint32_t name_or_index, NodeOrdinal to) {
      type_[slot] = type;
      name_[slot] = name_or_index;
      target_[slot] = to;
    }
    void reverse(uint64_t begin, uint64_t end);
    void set_count(uint64_t n) { n_ = n; }

   private:
    friend class GraphBuilder;
    uint8_t* type_;
    uint32_t* name_;
    NodeOrdinal* target_;
    uint64_t n_ = 0;
  };
  // Nodes must not have been added before. begin_edges may start over (a discarded look-ahead):
  // the new appender overwrites from the first edge.
  NodeAppender begin_nodes(uint64_t capacity);
  void end_nodes(const NodeAppender& a);
  EdgeAppender begin_edges(uint64_t capacity);
  void end_edges(const EdgeAppender& a);

  StringPool& strings() { return g_.strings_; }
  // The edge rows added so far, for a loader that can check some names only once the strings
  // are read (they come after the edges) and renames what it tolerates.
  std::span<const uint8_t> edge_types() const { return g_.edge_type_; }
  std::span<uint32_t> edge_names() { return g_.edge_name_; }
  void add_trace_function(const TraceFunctionInfo& f) { g_.trace_functions_.push_back(f); }
  std::vector<TraceNode>& trace_nodes() { return g_.trace_nodes_; }
  void add_location(const SourceLocation& l) { g_.locations_.push_back(l); }
  // An upper bound on the locations to come: one allocation instead of a copy per doubling.
  void reserve_locations(uint64_t n) { g_.locations_.reserve(n); }
  void add_sample(const Sample& s) { g_.samples_.push_back(s); }

  // What the caller has checked of the rows it added (see graph_invariants.h), so that finish()
  // need not go over the columns again. Only for a caller that checks every row it adds.
  void set_checked_fields(const CheckedFields& checked) { checked_ = checked; }

  // Checks the graph (string indices, edge targets, edge counts, root) and returns it. Throws
  // heapsnap::FormatError naming the first problem found. The builder is empty afterwards.
  HeapGraph finish();

 private:
  HeapGraph g_ = [] {
    HeapGraph g;
    g.first_edge_.push_back(0);
    return g;
  }();
  // Columns of `capacity` entries whose first `filled` are 0 (NodeAppender's first non-zero).
  uint32_t* materialize_trace_ids(uint64_t capacity, uint64_t filled);
  uint8_t* materialize_detachedness(uint64_t capacity, uint64_t filled);

  bool has_trace_id_ = false;
  bool has_detachedness_ = false;
  std::optional<CheckedFields> checked_;
};

}  // namespace heapsnap::graph

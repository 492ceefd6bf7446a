#include "heapsnap/graph/graph_builder.h"

#include <algorithm>
#include <array>
#include <string_view>
#include <utility>

#include "heapsnap/graph/graph_invariants.h"
#include "heapsnap/util/error.h"
#include "heapsnap/util/page_prefaulter.h"

namespace heapsnap::graph {
namespace {

NodeKind node_kind_from_name(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, NodeKind>, 16> kNames{{
      {"hidden", NodeKind::kHidden}, {"array", NodeKind::kArray}, {"string", NodeKind::kString},
      {"object", NodeKind::kObject}, {"code", NodeKind::kCode}, {"closure", NodeKind::kClosure},
      {"regexp", NodeKind::kRegexp}, {"number", NodeKind::kNumber}, {"native", NodeKind::kNative},
      {"synthetic", NodeKind::kSynthetic}, {"concatenated string", NodeKind::kConsString},
      {"sliced string", NodeKind::kSlicedString}, {"symbol", NodeKind::kSymbol},
      {"bigint", NodeKind::kBigint}, {"object shape", NodeKind::kObjectShape},
      {"wasm object", NodeKind::kWasmObject},
  }};
  for (const auto& [text, kind] : kNames)
    if (text == name) return kind;
  return NodeKind::kOther;
}

EdgeKind edge_kind_from_name(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, EdgeKind>, 7> kNames{{
      {"context", EdgeKind::kContext}, {"element", EdgeKind::kElement},
      {"property", EdgeKind::kProperty}, {"internal", EdgeKind::kInternal},
      {"hidden", EdgeKind::kHidden}, {"shortcut", EdgeKind::kShortcut}, {"weak", EdgeKind::kWeak},
  }};
  for (const auto& [text, kind] : kNames)
    if (text == name) return kind;
  return EdgeKind::kOther;
}

}  // namespace

void GraphBuilder::set_node_types(std::vector<std::string> names) {
  g_.node_type_kind_.clear();
  for (const auto& name : names) g_.node_type_kind_.push_back(node_kind_from_name(name));
  g_.node_type_names_ = std::move(names);
}

void GraphBuilder::set_edge_types(std::vector<std::string> names) {
  g_.edge_type_kind_.clear();
  for (const auto& name : names) g_.edge_type_kind_.push_back(edge_kind_from_name(name));
  g_.edge_type_names_ = std::move(names);
}

void GraphBuilder::set_fields(std::vector<std::string> node_fields,
                              std::vector<std::string> edge_fields) {
  g_.node_fields_ = std::move(node_fields);
  g_.edge_fields_ = std::move(edge_fields);
}

void GraphBuilder::set_optional_fields(bool has_trace_node_id, bool has_detachedness) {
  has_trace_id_ = has_trace_node_id;
  has_detachedness_ = has_detachedness;
  g_.features_.trace_node_id_field = has_trace_node_id;
  g_.features_.detachedness_field = has_detachedness;
}

GraphBuilder::NodeAppender GraphBuilder::begin_nodes(uint64_t capacity) {
  const auto n = static_cast<size_t>(capacity);
  g_.node_type_.resize(n);
  g_.node_name_.resize(n);
  g_.node_id_.resize(n);
  g_.node_self_size_.resize(n);
  g_.node_trace_id_.clear();
  g_.node_detachedness_.clear();
  g_.first_edge_.resize(n + 1);
  g_.first_edge_[0] = 0;
  prefault_capacity(g_.node_type_);
  prefault_capacity(g_.node_name_);
  prefault_capacity(g_.node_id_);
  prefault_capacity(g_.node_self_size_);
  prefault_capacity(g_.first_edge_);
  NodeAppender a;
  a.type_ = g_.node_type_.data();
  a.name_ = g_.node_name_.data();
  a.id_ = g_.node_id_.data();
  a.self_size_ = g_.node_self_size_.data();
  a.first_edge_ = g_.first_edge_.data();
  a.big_self_sizes_ = &g_.big_self_sizes_;
  a.builder_ = this;
  a.has_trace_id_ = has_trace_id_;
  a.has_detachedness_ = has_detachedness_;
  a.capacity_ = capacity;
  return a;
}

uint32_t* GraphBuilder::materialize_trace_ids(uint64_t capacity, uint64_t filled) {
  g_.node_trace_id_.reserve(static_cast<size_t>(capacity));
  g_.node_trace_id_.assign(static_cast<size_t>(filled), 0);
  g_.node_trace_id_.resize(static_cast<size_t>(capacity));
  return g_.node_trace_id_.data();
}

uint8_t* GraphBuilder::materialize_detachedness(uint64_t capacity, uint64_t filled) {
  g_.node_detachedness_.reserve(static_cast<size_t>(capacity));
  g_.node_detachedness_.assign(static_cast<size_t>(filled), 0);
  g_.node_detachedness_.resize(static_cast<size_t>(capacity));
  return g_.node_detachedness_.data();
}

void GraphBuilder::end_nodes(const NodeAppender& a) {
  const auto n = static_cast<size_t>(a.n_);
  g_.node_type_.resize(n);
  g_.node_name_.resize(n);
  g_.node_id_.resize(n);
  g_.node_self_size_.resize(n);
  if (a.trace_id_) g_.node_trace_id_.resize(n);
  if (a.detachedness_) g_.node_detachedness_.resize(n);
  g_.first_edge_.resize(n + 1);
  g_.total_self_size_ += a.total_self_size_;
}

GraphBuilder::EdgeAppender GraphBuilder::begin_edges(uint64_t capacity) {
  const auto n = static_cast<size_t>(capacity);
  g_.edge_type_.resize(n);
  g_.edge_name_.resize(n);
  g_.edge_target_.resize(n);
  prefault_capacity(g_.edge_type_);
  prefault_capacity(g_.edge_name_);
  prefault_capacity(g_.edge_target_);
  EdgeAppender a;
  a.type_ = g_.edge_type_.data();
  a.name_ = g_.edge_name_.data();
  a.target_ = g_.edge_target_.data();
  return a;
}

void GraphBuilder::EdgeAppender::reverse(uint64_t begin, uint64_t end) {
  std::reverse(type_ + begin, type_ + end);
  std::reverse(name_ + begin, name_ + end);
  std::reverse(target_ + begin, target_ + end);
}

void GraphBuilder::end_edges(const EdgeAppender& a) {
  const auto n = static_cast<size_t>(a.n_);
  g_.edge_type_.resize(n);
  g_.edge_name_.resize(n);
  g_.edge_target_.resize(n);
}

HeapGraph GraphBuilder::finish() {
  g_.features_.allocation_traces = !g_.trace_functions_.empty() && !g_.trace_nodes_.empty();
  g_.features_.locations = !g_.locations_.empty();
  g_.features_.samples = !g_.samples_.empty();
  if (auto problem = check_graph(g_, checked_ ? &*checked_ : nullptr))
    throw FormatError(*problem, FormatError::kNoOffset);
  checked_.reset();
  HeapGraph out = std::move(g_);
  g_ = HeapGraph();
  g_.first_edge_.push_back(0);
  return out;
}

}  // namespace heapsnap::graph

#include "heapsnap/analysis/v8_internal.h"

namespace heapsnap::analysis {

bool is_v8_internal_class(const graph::HeapGraph& graph, const ClassInfo& c) {
  if (c.name.starts_with("system / ")) return true;
  if (c.first_node == graph::kNoNode) return false;
  using graph::NodeKind;
  switch (graph.node_kind(c.first_node)) {
    case NodeKind::kCode:
    case NodeKind::kHidden:
    case NodeKind::kObjectShape:
    case NodeKind::kSynthetic:
      return true;
    default:
      return false;
  }
}

bool is_v8_internal_class_name(std::string_view name) {
  return name == "(system)" || name == "(compiled code)" || name == "(object shape)" ||
         name.starts_with("system / ");
}

}  // namespace heapsnap::analysis

// Which classes are V8's own — compiled code, hidden objects, object shapes, synthetic roots and
// "system / ..." objects — as opposed to the program's. A glob in a gate rule never picks them,
// and the leak ranking does not count their churn as a leak (leak_ranking.h, "Kinds").
#pragma once

#include <string_view>

#include "heapsnap/analysis/class_aggregates.h"
#include "heapsnap/graph/heap_graph.h"

namespace heapsnap::analysis {

// By the kind of the class's first node and its name.
bool is_v8_internal_class(const graph::HeapGraph& graph, const ClassInfo& c);
// By the name alone, for a class whose nodes are gone (a summary baseline's rows).
bool is_v8_internal_class_name(std::string_view name);

}  // namespace heapsnap::analysis

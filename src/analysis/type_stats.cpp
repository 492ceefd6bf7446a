#include "heapsnap/analysis/type_stats.h"

namespace heapsnap::analysis {

std::vector<TypeStat> node_type_stats(const graph::HeapGraph& g) {
  std::vector<TypeStat> stats(g.node_type_names().size());
  for (size_t t = 0; t < stats.size(); ++t) stats[t].type = g.node_type_names()[t];
  for (uint32_t n = 0, count = g.node_count(); n < count; ++n) {
    TypeStat& s = stats[g.node_type_index(n)];
    ++s.count;
    s.self_size += g.self_size(n);
  }
  return stats;
}

}  // namespace heapsnap::analysis

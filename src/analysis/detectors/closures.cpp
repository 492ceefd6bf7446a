#include "heapsnap/analysis/detectors/closures.h"

#include <unordered_map>

#include "detector_support.h"

namespace heapsnap::analysis::detectors {

using graph::EdgeIndex;
using graph::EdgeKind;
using graph::kNoNode;
using graph::NodeKind;
using graph::NodeOrdinal;
using graph::StringIndex;

namespace {

struct Group {
  uint64_t contexts = 0;
  uint64_t bytes = 0;
  NodeOrdinal first_context = kNoNode;
  std::vector<NodeOrdinal> values;  // dominated values, for examples and off-heap bytes (<= 64)
  std::vector<graph::NodeId> examples;
};

}  // namespace

std::vector<Finding> detect_closures(const DetectorSupport& s, const DetectorOptions& options) {
  const DetectorInput& input = s.input();
  const graph::HeapGraph& g = input.graph;
  const auto& idom = input.analysis.retained.idom;
  const auto& retained = input.analysis.retained.retained;
  // (scope_info node, variable name) -> what the contexts of that scope hold through it.
  // Unordered (per context edge a lookup); findings are sorted at the end.
  std::unordered_map<uint64_t, Group> groups;
  for (NodeOrdinal n = 0; n < g.node_count(); ++n) {
    if (s.node_tag(n) != Name::kSystemContext) continue;
    NodeOrdinal scope = kNoNode;
    for (EdgeIndex e = g.first_edge(n), end = g.edge_end(n); e < end; ++e) {
      if (s.edge_tag(e) == Name::kScopeInfo) {
        scope = g.edge_target(e);
        break;
      }
    }
    for (EdgeIndex e = g.first_edge(n), end = g.edge_end(n); e < end; ++e) {
      if (g.edge_kind(e) != EdgeKind::kContext) continue;
      const NodeOrdinal value = g.edge_target(e);
      const uint64_t bytes = idom[value] == n ? retained[value] : 0;
      if (bytes == 0) continue;
      Group& group = groups[uint64_t{scope} << 32 | g.edge_name_or_index(e)];
      ++group.contexts;
      group.bytes += bytes;
      if (group.first_context == kNoNode) group.first_context = n;
      if (group.values.size() < 64) group.values.push_back(value);
    }
  }

  std::vector<NodeOrdinal> roots;
  for (const auto& [key, group] : groups) {
    if (group.bytes >= options.min_closure_bytes) {
      roots.insert(roots.end(), group.values.begin(), group.values.end());
    }
  }
  // Off-heap bytes are sampled through the first 64 values only; scaled up below.
  const auto external = s.external_bytes_below(roots);
  std::vector<Finding> findings;
  for (const auto& [key, group] : groups) {
    if (group.bytes < options.min_closure_bytes || group.bytes == 0) continue;
    Finding f;
    f.kind = FindingKind::kClosures;
    f.count = group.contexts;
    f.retained_bytes = group.bytes;
    uint64_t sampled = 0;
    for (const NodeOrdinal v : group.values) sampled += external.at(v);
    f.external_bytes = group.values.size() == group.contexts
                           ? sampled
                           : sampled * group.contexts / group.values.size();
    s.set_holder(f, group.first_context);
    add_examples(f, g, group.values);
    const std::string variable(g.strings().get(static_cast<StringIndex>(key)));
    const std::string scope = s.scope_name(group.first_context);
    const NodeOrdinal sfi = s.scope_function(group.first_context);
    // The owning function's definition: a closure of it carries the location.
    if (sfi != kNoNode) {
      for (const DetectorSupport::Retainer& r : s.retainers_via(sfi, Name::kShared)) {
        if (g.node_kind(r.source) == NodeKind::kClosure) {
          f.location = s.function_position(r.source);
          break;
        }
      }
    }
    if (f.location.script.empty()) f.location.script = s.scope_script(group.first_context);
    const std::string fn = sfi != kNoNode ? std::string(g.node_name(sfi)) : std::string("module");
    f.title = scope + ": " + variable + " " + bytes_text(f.retained_bytes);
    if (group.contexts > 1) f.title += " in " + std::to_string(group.contexts) + " contexts";
    f.subject = "contexts of " + scope + " capturing " + variable;
    f.key = "closures|" + f.location.script + "|" + fn + "|" + variable;
    findings.push_back(std::move(f));
  }
  keep_largest(findings, options.max_findings_per_detector,
               [](const Finding& f) { return f.retained_bytes; });
  return findings;
}

std::vector<Finding> detect_closures(const DetectorInput& input, const DetectorOptions& options) {
  return detect_closures(DetectorSupport(input), options);
}

}  // namespace heapsnap::analysis::detectors

#include "heapsnap/analysis/detectors/off_heap.h"

#include <unordered_map>

#include "detector_support.h"

namespace heapsnap::analysis::detectors {

using graph::EdgeIndex;
using graph::EdgeKind;
using graph::kNoNode;
using graph::NodeKind;
using graph::NodeOrdinal;

namespace {

struct Group {
  bool strings = false;
  NodeOrdinal holder = kNoNode;    // the first holder
  graph::EdgeIndex edge = 0;       // its edge
  std::vector<NodeOrdinal> holders;  // distinct per buffer (for retained_once)
  uint64_t count = 0;
  uint64_t bytes = 0;
  std::vector<graph::NodeId> examples;
};

}  // namespace

std::vector<Finding> detect_off_heap(const DetectorSupport& s, const DetectorOptions& options) {
  const DetectorInput& input = s.input();
  const graph::HeapGraph& g = input.graph;
  // Group key: holder's scope (contexts) or name, and the edge name; plus a bit for strings.
  std::unordered_map<uint64_t, Group> groups;
  const auto add = [&](bool strings, NodeOrdinal object, uint64_t bytes) {
    const DetectorSupport::Retainer r = s.best_retainer(object);
    if (r.source == kNoNode) return;
    const bool context = s.node_tag(r.source) == Name::kSystemContext;
    const uint32_t who = context ? s.edge_to(r.source, Name::kScopeInfo)
                                 : value(g.node_name_index(r.source));
    const uint32_t edge = graph::edge_name_is_index(g.edge_kind(r.edge))
                              ? UINT32_MAX - static_cast<uint32_t>(g.edge_kind(r.edge))
                              : g.edge_name_or_index(r.edge);
    const uint64_t key = (uint64_t{who} << 32 | edge) * 2 + (strings ? 1 : 0) +
                         (context ? uint64_t{1} << 63 : 0);
    Group& group = groups[key];
    if (group.holder == kNoNode) {
      group.strings = strings;
      group.holder = r.source;
      group.edge = r.edge;
    }
    if (group.holders.empty() || group.holders.back() != r.source) group.holders.push_back(r.source);
    ++group.count;
    group.bytes += bytes;
    if (group.examples.size() < kMaxExamples) group.examples.push_back(g.node_id(object));
  };

  for (NodeOrdinal n = 0; n < g.node_count(); ++n) {
    const Name tag = s.node_tag(n);
    if (tag == Name::kArrayBufferData) {
      // backing store <- ArrayBuffer <- view (Buffer, Uint8Array, ...) <- holder
      const DetectorSupport::Retainer ab = s.best_retainer(n);
      if (ab.source == kNoNode) continue;
      NodeOrdinal object = ab.source;
      if (const auto views = s.retainers_via(object, Name::kBuffer); !views.empty())
        object = views.front().source;
      add(false, object, g.self_size(n));
    } else if (tag == Name::kExternalStrings) {
      for (EdgeIndex e = g.first_edge(n), end = g.edge_end(n); e < end; ++e) {
        const NodeOrdinal str = g.edge_target(e);
        if (g.node_kind(str) != NodeKind::kString) continue;
        if (!s.retainers_via(str, Name::kSource).empty()) continue;  // a script's source
        const uint64_t bytes = std::max<uint64_t>(g.strings().get(g.node_name_index(str)).size(),
                                                  g.self_size(str));
        add(true, str, bytes);
      }
    }
  }

  std::vector<Finding> findings;
  for (auto& [key, group] : groups) {
    if (group.bytes < options.min_off_heap_bytes || group.bytes == 0) continue;
    Finding f;
    f.kind = FindingKind::kOffHeap;
    f.count = group.count;
    f.external_bytes = group.bytes;
    f.retained_bytes = s.retained_once(group.holders);
    s.set_holder(f, group.holder);
    f.examples = group.examples;
    const std::string edge = s.edge_text(group.edge);
    const bool context = s.node_tag(group.holder) == Name::kSystemContext;
    const std::string holder = context ? s.scope_name(group.holder) : f.holder_name;
    if (context) {
      f.location.script = s.scope_script(group.holder);
      f.location.function = s.scope_function(group.holder) == kNoNode
                                ? std::string()
                                : std::string(g.node_name(s.scope_function(group.holder)));
    } else {
      f.location = s.object_position(group.holder);
    }
    const char* what = group.strings ? " external strings" : " array buffers";
    f.title = bytes_text(f.external_bytes) + " off-heap in " + std::to_string(f.count) + what +
              " held by " + (context ? "variable " : "") + edge + " of " + holder;
    f.subject = std::string(what + 1) + " held by " + (context ? "variable " : "") + edge + " of " +
                holder;
    const std::string edge_key =
        graph::edge_name_is_index(g.edge_kind(group.edge)) ? "[]" : edge;
    f.key = std::string("off-heap|") + (group.strings ? "external strings" : "buffers") + "|" +
            (context ? f.location.script + "|" + holder : holder) + "|" + edge_key;
    findings.push_back(std::move(f));
  }
  keep_largest(findings, options.max_findings_per_detector,
               [](const Finding& f) { return f.external_bytes; });
  return findings;
}

std::vector<Finding> detect_off_heap(const DetectorInput& input, const DetectorOptions& options) {
  return detect_off_heap(DetectorSupport(input), options);
}

}  // namespace heapsnap::analysis::detectors

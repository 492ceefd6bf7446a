#include "heapsnap/analysis/detectors/timers.h"

#include <algorithm>
#include <map>

#include "detector_support.h"

namespace heapsnap::analysis::detectors {

using graph::EdgeIndex;
using graph::kNoNode;
using graph::NodeKind;
using graph::NodeOrdinal;

namespace {

enum class TimerKind : uint8_t { kTimeout, kInterval, kImmediate };

const char* kind_text(TimerKind k) {
  switch (k) {
    case TimerKind::kTimeout: return "timeout";
    case TimerKind::kInterval: return "interval";
    case TimerKind::kImmediate: return "immediate";
  }
  return "";
}

const char* kind_title(TimerKind k) {
  switch (k) {
    case TimerKind::kTimeout: return "setTimeout timers";
    case TimerKind::kInterval: return "setInterval timers";
    case TimerKind::kImmediate: return "setImmediate callbacks";
  }
  return "";
}

struct Group {
  NodeOrdinal callback = kNoNode;  // the first timer's resolved callback
  std::vector<NodeOrdinal> timers;
};

}  // namespace

std::vector<Finding> detect_timers(const DetectorSupport& s, const DetectorOptions& options) {
  const DetectorInput& input = s.input();
  const graph::HeapGraph& g = input.graph;
  // (kind, callback SharedFunctionInfo or closure) -> timers; ordered for determinism.
  std::map<std::pair<TimerKind, NodeOrdinal>, Group> groups;

  for (NodeOrdinal n = 0; n < g.node_count(); ++n) {
    if (g.node_kind(n) != NodeKind::kObject) continue;
    const Name tag = s.node_tag(n);
    if (tag != Name::kTimeout && tag != Name::kImmediate) continue;
    NodeOrdinal callback = kNoNode;
    bool destroyed = false, repeat_edge = false, repeat_null = false;
    for (EdgeIndex e = g.first_edge(n), end = g.edge_end(n); e < end; ++e) {
      const Name name = s.edge_tag(e);
      const NodeOrdinal t = g.edge_target(e);
      if (name == (tag == Name::kTimeout ? Name::kOnTimeout : Name::kOnImmediate)) {
        if (g.node_kind(t) == NodeKind::kClosure) callback = t;
      } else if (name == Name::kDestroyed) {
        destroyed = s.oddball_value(t) == Name::kTrue;
      } else if (name == Name::kRepeat) {
        repeat_edge = true;
        repeat_null = s.oddball_value(t) == Name::kNull;
      }
    }
    if (destroyed || callback == kNoNode) continue;
    TimerKind kind = TimerKind::kImmediate;
    if (tag == Name::kTimeout) {
      kind = repeat_edge && repeat_null ? TimerKind::kTimeout : TimerKind::kInterval;
      // A Timeout object without a _repeat property at all is not Node's Timeout.
      if (!repeat_edge && s.edge_to(n, Name::kIdleNext) == kNoNode) continue;
    }
    const NodeOrdinal fn = s.resolve_function(callback);
    const NodeOrdinal sfi = s.edge_to(fn, Name::kShared);
    Group& group = groups[{kind, sfi == kNoNode ? fn : sfi}];
    if (group.callback == kNoNode) group.callback = fn;
    group.timers.push_back(n);
  }

  const uint32_t floor = std::max<uint32_t>(options.min_timers, 1);
  std::vector<NodeOrdinal> roots;
  for (const auto& [k, group] : groups) {
    if (group.timers.size() >= floor) roots.insert(roots.end(), group.timers.begin(), group.timers.end());
  }
  const auto external = s.external_bytes_below(roots);  // one pass for all groups
  std::vector<Finding> findings;
  for (const auto& [k, group] : groups) {
    if (group.timers.size() < floor) continue;
    Finding f;
    f.kind = FindingKind::kTimers;
    f.count = group.timers.size();
    f.retained_bytes = s.retained_once(group.timers);
    for (const NodeOrdinal t : group.timers) f.external_bytes += external.at(t);
    f.location = s.function_position(group.callback);
    s.set_holder(f, group.callback);
    add_examples(f, g, group.timers);
    const std::string where = position_text(f.location);
    f.title = std::to_string(f.count) + " active " + kind_title(k.first) + " calling " +
              f.location.function + (where.empty() ? "" : " at " + where);
    f.subject = std::string("active ") + kind_title(k.first) + " calling " + f.location.function;
    f.key = std::string("timers|") + kind_text(k.first) + "|" + f.location.function + "@" +
            f.location.script + ":" + std::to_string(f.location.line) + ":" +
            std::to_string(f.location.column);
    findings.push_back(std::move(f));
  }
  keep_largest(findings, options.max_findings_per_detector,
               [](const Finding& f) { return f.count; });
  return findings;
}

std::vector<Finding> detect_timers(const DetectorInput& input, const DetectorOptions& options) {
  return detect_timers(DetectorSupport(input), options);
}

}  // namespace heapsnap::analysis::detectors

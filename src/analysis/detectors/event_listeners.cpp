#include "heapsnap/analysis/detectors/event_listeners.h"

#include <algorithm>
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
  NodeOrdinal emitter = kNoNode;  // the EventEmitter, DOM node or window
  std::string event;              // event name ("" for Chrome listeners)
  std::vector<NodeOrdinal> listeners;
  std::vector<NodeOrdinal> counted;  // what the listeners' retained size is taken from
};

// The listener function behind a listener value: a once-wrapper's `listener`, else itself.
NodeOrdinal unwrap_listener(const DetectorSupport& s, NodeOrdinal v) {
  if (s.node_tag(v) == Name::kNativeBind) {
    const NodeOrdinal state = s.edge_to(v, Name::kBoundThis);
    if (state != kNoNode) {
      const NodeOrdinal inner = s.edge_to(state, Name::kListener);
      if (inner != kNoNode && s.graph().node_kind(inner) == NodeKind::kClosure) return inner;
    }
  }
  return v;
}

Finding make_finding(const DetectorSupport& s, const Group& group,
                     const std::unordered_map<NodeOrdinal, uint64_t>& external) {
  const graph::HeapGraph& g = s.graph();
  Finding f;
  f.kind = FindingKind::kEventListeners;
  f.count = group.listeners.size();
  f.retained_bytes = s.retained_once(group.counted);
  for (const NodeOrdinal c : group.counted) {
    if (const auto it = external.find(c); it != external.end()) f.external_bytes += it->second;
  }
  s.set_holder(f, group.emitter);
  // The most common listener function (by SharedFunctionInfo) names the location.
  std::unordered_map<NodeOrdinal, uint32_t> by_function;
  NodeOrdinal top = group.listeners.front();
  uint32_t top_count = 0;
  for (const NodeOrdinal l : group.listeners) {
    const NodeOrdinal fn = s.resolve_function(l);
    const NodeOrdinal sfi = s.edge_to(fn, Name::kShared);
    const uint32_t c = ++by_function[sfi == kNoNode ? fn : sfi];
    if (c > top_count) top_count = c, top = fn;
  }
  f.location = s.function_position(top);
  add_examples(f, g, group.listeners);
  const std::string emitter_class = s.readable_name(group.emitter);
  const std::string where = position_text(f.location);
  if (group.event.empty()) {
    f.title = std::to_string(f.count) + " event listeners on " + emitter_class;
  } else {
    f.title = std::to_string(f.count) + " listeners for '" + group.event + "' on " + emitter_class;
  }
  f.subject = f.title.substr(f.title.find(' ') + 1);  // the title without its count
  if (!where.empty()) f.title += " (" + f.location.function + " at " + where + ")";
  f.key = "event-listeners|" + emitter_class + "|" + group.event + "|" + f.location.function +
          "@" + f.location.script + ":" + std::to_string(f.location.line) + ":" +
          std::to_string(f.location.column);
  return f;
}

}  // namespace

std::vector<Finding> detect_event_listeners(const DetectorSupport& s, const DetectorOptions& options) {
  const DetectorInput& input = s.input();
  const graph::HeapGraph& g = input.graph;
  std::vector<Group> groups;

  // Node: emitter --_events--> events object --<event name>--> closure | Array of closures.
  // Performance note: one compare of the edge's name index per edge (the `_events` string is
  // written once), the edge kind only on a match.
  const graph::StringIndex events_name = s.index_of(Name::kEvents);
  const bool by_index = events_name != DetectorSupport::kNoString;
  for (NodeOrdinal n = 0; n < g.node_count(); ++n) {
    const NodeKind kind = g.node_kind(n);
    if (kind == NodeKind::kObject) {
      for (EdgeIndex e = g.first_edge(n), end = g.edge_end(n); e < end; ++e) {
        if (by_index && g.edge_name_index(e) != events_name) continue;
        if (g.edge_kind(e) != EdgeKind::kProperty || s.edge_tag(e) != Name::kEvents) continue;
        const NodeOrdinal events = g.edge_target(e);
        if (g.node_kind(events) != NodeKind::kObject) break;
        for (EdgeIndex p = g.first_edge(events), pend = g.edge_end(events); p < pend; ++p) {
          if (g.edge_kind(p) != EdgeKind::kProperty || s.edge_tag(p) == Name::kProto) continue;
          const NodeOrdinal value = g.edge_target(p);
          Group group;
          group.emitter = n;
          if (g.node_kind(value) == NodeKind::kClosure) {
            group.listeners.push_back(unwrap_listener(s, value));
            group.counted.push_back(value);
          } else if (g.node_kind(value) == NodeKind::kObject && s.node_tag(value) == Name::kArray) {
            for (EdgeIndex x = g.first_edge(value), xend = g.edge_end(value); x < xend; ++x) {
              if (g.edge_kind(x) != EdgeKind::kElement) continue;
              const NodeOrdinal l = g.edge_target(x);
              if (g.node_kind(l) != NodeKind::kClosure) continue;
              group.listeners.push_back(unwrap_listener(s, l));
            }
            group.counted.push_back(value);
          }
          if (group.listeners.size() < std::max<uint32_t>(options.min_listeners, 1)) continue;
          group.event = g.edge_label(p);
          groups.push_back(std::move(group));
        }
        break;
      }
    }
  }

  // Chrome: V8EventListener nodes by the DOM node or window that holds them. Chrome 156 writes
  //   <button id="save"> -> blink::EventTargetData -> blink::BasicHeapVector ->
  //   blink::HeapVectorBacking -> blink::RegisteredEventListener -> EventListener ->
  //   V8EventListener -> the listener function
  // so the holder is the first retainer up that chain that is neither an EventListener nor a
  // blink:: internal structure.
  std::unordered_map<NodeOrdinal, size_t> chrome_group;
  for (NodeOrdinal n = 0; n < g.node_count(); ++n) {
    if (s.node_tag(n) != Name::kV8EventListener) continue;
    NodeOrdinal holder = n;
    for (int step = 0; step < 8 && holder != kNoNode; ++step) {
      holder = s.best_retainer(holder).source;
      if (holder == kNoNode) break;
      const std::string_view name = g.node_name(holder);
      if (name != "EventListener" && name.substr(0, 7) != "blink::" &&
          s.node_tag(holder) != Name::kV8EventListener) {
        break;
      }
    }
    if (holder == kNoNode) continue;
    // The listener's JS function: the first closure it points at.
    NodeOrdinal fn = n;
    for (EdgeIndex e = g.first_edge(n), end = g.edge_end(n); e < end; ++e) {
      if (g.node_kind(g.edge_target(e)) == NodeKind::kClosure) {
        fn = g.edge_target(e);
        break;
      }
    }
    auto [it, inserted] = chrome_group.emplace(holder, groups.size());
    if (inserted) {
      Group group;
      group.emitter = holder;
      groups.push_back(std::move(group));
    }
    groups[it->second].listeners.push_back(fn);
    groups[it->second].counted.push_back(n);
  }

  std::vector<NodeOrdinal> roots;
  for (const Group& group : groups) {
    if (group.listeners.size() >= options.min_listeners && !group.listeners.empty()) {
      roots.insert(roots.end(), group.counted.begin(), group.counted.end());
    }
  }
  const auto external = s.external_bytes_below(roots);
  std::vector<Finding> findings;
  for (const Group& group : groups) {
    if (group.listeners.size() < options.min_listeners || group.listeners.empty()) continue;
    findings.push_back(make_finding(s, group, external));
  }
  keep_largest(findings, options.max_findings_per_detector,
               [](const Finding& f) { return f.count; });
  return findings;
}

std::vector<Finding> detect_event_listeners(const DetectorInput& input, const DetectorOptions& options) {
  return detect_event_listeners(DetectorSupport(input), options);
}

}  // namespace heapsnap::analysis::detectors

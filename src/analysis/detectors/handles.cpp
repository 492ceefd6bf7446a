#include "heapsnap/analysis/detectors/handles.h"

#include <algorithm>
#include <map>

#include "detector_support.h"

namespace heapsnap::analysis::detectors {

using graph::kNoNode;
using graph::NodeKind;
using graph::NodeOrdinal;
using graph::StringIndex;

std::vector<Finding> detect_handles(const DetectorSupport& s, const DetectorOptions& options) {
  const DetectorInput& input = s.input();
  const graph::HeapGraph& g = input.graph;
  struct Group {
    std::vector<NodeOrdinal> wraps, owners;
  };
  // (wrap name, owner name) as string indices -> handles; ordered for determinism.
  std::map<std::pair<StringIndex, StringIndex>, Group> groups;
  for (NodeOrdinal n = 0; n < g.node_count(); ++n) {
    const NodeKind kind = g.node_kind(n);
    if (kind != NodeKind::kNative && kind != NodeKind::kSynthetic) continue;
    if (!s.is_handle_name(g.node_name_index(n))) continue;
    NodeOrdinal owner = s.edge_to(n, Name::kNativeToJs);
    if (owner != kNoNode) {
      const NodeOrdinal js_owner = s.edge_to(owner, Name::kOwnerSymbol);
      if (js_owner != kNoNode && g.node_kind(js_owner) == NodeKind::kObject) owner = js_owner;
    }
    const StringIndex owner_name = owner == kNoNode ? g.node_name_index(n) : g.node_name_index(owner);
    Group& group = groups[{g.node_name_index(n), owner_name}];
    group.wraps.push_back(n);
    group.owners.push_back(owner == kNoNode ? n : owner);
  }
  std::vector<Finding> findings;
  for (const auto& [key, group] : groups) {
    if (group.wraps.size() < std::max<uint32_t>(options.min_handles, 1)) continue;
    Finding f;
    f.kind = FindingKind::kHandles;
    f.count = group.wraps.size();
    f.retained_bytes = s.retained_once(group.owners);
    std::string_view wrap = g.strings().get(key.first);
    if (wrap.substr(0, 7) == "Node / ") wrap.remove_prefix(7);
    const std::string owner_class(g.strings().get(key.second));
    s.set_holder(f, group.owners.front());
    f.location = s.object_position(group.owners.front());
    add_examples(f, g, group.owners);
    f.title = std::to_string(f.count) + " open " + std::string(wrap) + " handles owned by " +
              owner_class;
    f.subject = f.title.substr(f.title.find(' ') + 1);  // the title without its count
    f.key = "handles|" + std::string(wrap) + "|" + owner_class;
    findings.push_back(std::move(f));
  }
  keep_largest(findings, options.max_findings_per_detector,
               [](const Finding& f) { return f.count; });
  return findings;
}

std::vector<Finding> detect_handles(const DetectorInput& input, const DetectorOptions& options) {
  return detect_handles(DetectorSupport(input), options);
}

}  // namespace heapsnap::analysis::detectors

#include "heapsnap/analysis/detectors/detached_dom.h"

#include <algorithm>
#include <unordered_map>

#include "detector_support.h"
#include "heapsnap/analysis/class_aggregates.h"

namespace heapsnap::analysis::detectors {

using graph::EdgeIndex;
using graph::EdgeKind;
using graph::kNoNode;
using graph::NodeKind;
using graph::NodeOrdinal;

std::vector<Finding> detect_detached_dom(const DetectorSupport& s, const DetectorOptions& options) {
  const DetectorInput& input = s.input();
  const graph::HeapGraph& g = input.graph;
  constexpr uint8_t kDetached = static_cast<uint8_t>(DomState::kDetached);
  const auto detached = [&](NodeOrdinal n) {
    if (g.node_kind(n) != NodeKind::kNative) return false;
    const std::string_view name = g.node_name(n);
    // Node's embedder objects ("Node / BindingData", ...) are written as detached, but they are
    // not DOM: leave them out.
    if (name.substr(0, 7) == "Node / ") return false;
    // The snapshot's own marks: Blink sets them on DOM nodes. DevTools' propagated state also
    // marks the nodes' internal structures (element data, styles), shared between trees, which
    // would join unrelated trees into one.
    if (g.features().detachedness_field) return g.detachedness(n) == kDetached;
    return name.substr(0, 9) == "Detached ";
  };
  // Members get a dense index; union-find over those only (Node snapshots have none).
  std::unordered_map<NodeOrdinal, uint32_t> index;
  std::vector<NodeOrdinal> members;
  for (NodeOrdinal n = 0; n < g.node_count(); ++n) {
    if (detached(n)) {
      index.emplace(n, static_cast<uint32_t>(members.size()));
      members.push_back(n);
    }
  }
  if (members.empty()) return {};
  std::vector<uint32_t> parent(members.size());
  for (uint32_t i = 0; i < parent.size(); ++i) parent[i] = i;
  const auto find = [&](uint32_t i) {
    while (parent[i] != i) i = parent[i] = parent[parent[i]];  // path halving
    return i;
  };
  for (uint32_t i = 0; i < members.size(); ++i) {
    const NodeOrdinal n = members[i];
    for (EdgeIndex e = g.first_edge(n), end = g.edge_end(n); e < end; ++e) {
      if (g.edge_kind(e) == EdgeKind::kWeak) continue;
      const auto it = index.find(g.edge_target(e));
      if (it == index.end()) continue;
      const uint32_t a = find(i), b = find(it->second);
      if (a != b) parent[std::max(a, b)] = std::min(a, b);
    }
  }
  std::unordered_map<uint32_t, std::vector<NodeOrdinal>> trees;
  for (uint32_t i = 0; i < members.size(); ++i) trees[find(i)].push_back(members[i]);

  const auto& idom = input.analysis.retained.idom;
  const auto& retained = input.analysis.retained.retained;
  struct Title {
    std::string root_name, by;
    uint32_t trees;
  };
  std::vector<Finding> findings;
  std::vector<Title> titles;  // per finding
  std::unordered_map<std::string, size_t> by_finding;
  // Each tree's root: its biggest member not dominated by another member.
  struct Tree {
    uint32_t id;
    const std::vector<NodeOrdinal>* nodes;
    NodeOrdinal root;
  };
  std::vector<Tree> rooted;
  std::vector<NodeOrdinal> roots;
  for (const auto& [tree, nodes] : trees) {
    if (nodes.size() < std::max<uint32_t>(options.min_detached_nodes, 1)) continue;
    NodeOrdinal root = kNoNode;
    for (const NodeOrdinal n : nodes) {
      const auto it = index.find(idom[n]);
      const bool dominated = it != index.end() && find(it->second) == tree;
      if (!dominated && (root == kNoNode || retained[n] > retained[root])) root = n;
    }
    if (root == kNoNode) root = nodes.front();
    rooted.push_back({tree, &nodes, root});
    roots.push_back(root);
  }
  const auto retainers = s.retainers_of(roots);  // one pass over the edges for all trees
  for (const auto& [tree, nodes_of_tree, root] : rooted) {
    const std::vector<NodeOrdinal>& nodes = *nodes_of_tree;
    // What keeps the tree alive: the root's closest retainer outside the tree.
    NodeOrdinal by = kNoNode;
    EdgeIndex by_edge = 0;
    int64_t best = INT64_MAX;
    for (const auto& [src, e] : retainers.at(root)) {
      if (g.edge_kind(e) == EdgeKind::kWeak) continue;
      if (const auto it = index.find(src); it != index.end() && find(it->second) == tree) continue;
      const int64_t d = input.analysis.distance.empty() ? 0 : input.analysis.distance[src];
      if (d < best) best = d, by = src, by_edge = e;
    }
    std::string by_text, by_key = "|";
    if (by != kNoNode) {
      const std::string edge = s.edge_text(by_edge);
      const std::string who = s.readable_name(by);
      by_text = ", held by " + edge + " of " + who;
      by_key = who + "|" + (g.edge_kind(by_edge) == EdgeKind::kElement ? "[]" : edge);
    }
    const std::string root_name = s.readable_name(root);
    // Trees alike (same root class, held the same way: rows kept in one array) are one finding.
    const std::string key = "detached-dom|" + root_name + "|" + by_key;
    auto [it, inserted] = by_finding.emplace(key, findings.size());
    if (inserted) {
      Finding f;
      f.kind = FindingKind::kDetachedDom;
      f.key = key;
      s.set_holder(f, root);
      if (by != kNoNode && g.node_kind(by) == NodeKind::kClosure) f.location = s.function_position(by);
      findings.push_back(std::move(f));
      titles.push_back({root_name, by_text, 0});
    }
    Finding& f = findings[it->second];
    Title& t = titles[it->second];
    ++t.trees;
    f.count += nodes.size();
    f.retained_bytes += s.retained_once(nodes);
    if (retained[root] > retained[f.holder]) s.set_holder(f, root);
    if (f.examples.size() < kMaxExamples) f.examples.push_back(g.node_id(root));
  }
  for (size_t i = 0; i < findings.size(); ++i) {
    Finding& f = findings[i];
    const Title& t = titles[i];
    const std::string nodes = std::to_string(f.count) + " node" + (f.count == 1 ? "" : "s");
    f.title = t.trees == 1
                  ? t.root_name + " tree of " + nodes
                  : std::to_string(t.trees) + " " + t.root_name + " trees of " + nodes + " in all";
    f.title += " (" + bytes_text(f.retained_bytes) + ")" + t.by;
    f.subject = "nodes of detached " + t.root_name + " trees" + t.by;
  }
  keep_largest(findings, options.max_findings_per_detector,
               [](const Finding& f) { return f.retained_bytes; });
  return findings;
}

std::vector<Finding> detect_detached_dom(const DetectorInput& input, const DetectorOptions& options) {
  return detect_detached_dom(DetectorSupport(input), options);
}

}  // namespace heapsnap::analysis::detectors

// Allocation sites from allocation stacks or source locations; the rules are in
// allocation_sites.h.
#include "heapsnap/analysis/allocation_sites.h"

#include <tsl/robin_map.h>

#include <algorithm>
#include <string>
#include <utility>

namespace heapsnap::analysis {

using graph::EdgeIndex;
using graph::EdgeKind;
using graph::HeapGraph;
using graph::kNoNode;
using graph::NodeKind;
using graph::NodeOrdinal;
using graph::StringIndex;

namespace {

// Script ids are small and dense in practice; anything above this is treated as unresolvable
// rather than sizing a vector after it.
constexpr uint32_t kMaxScriptId = 1u << 22;

// The target of n's first edge named `name` (any edge kind with a string name), or kNoNode.
NodeOrdinal named_target(const HeapGraph& g, NodeOrdinal n, std::string_view name) {
  for (EdgeIndex e = g.first_edge(n); e < g.edge_end(n); ++e) {
    if (graph::edge_name_is_index(g.edge_kind(e))) continue;
    if (g.strings().get(g.edge_name_index(e)) == name) return g.edge_target(e);
  }
  return kNoNode;
}

// The name of the Script a closure's SharedFunctionInfo points at, or "".
std::string_view script_name_of_closure(const HeapGraph& g, NodeOrdinal closure) {
  const NodeOrdinal shared = named_target(g, closure, "shared");
  if (shared == kNoNode) return {};
  NodeOrdinal script = named_target(g, shared, "script_or_debug_info");
  if (script == kNoNode) script = named_target(g, shared, "script");
  if (script == kNoNode) return {};
  if (g.node_name(script) == "system / DebugInfo") {
    script = named_target(g, script, "script");
    if (script == kNoNode) return {};
  }
  const NodeOrdinal name = named_target(g, script, "name");
  if (name != kNoNode && g.node_kind(name) == NodeKind::kString) return g.node_name(name);
  // Without a string `name` edge the Script node is still named after its script.
  const std::string_view own = g.node_name(script);
  if (own.starts_with("system /")) return {};
  return own;
}

std::string function_label(std::string_view name) {
  return name.empty() ? std::string("(anonymous)") : std::string(name);
}

struct LocationKey {
  StringIndex name;
  uint32_t script_id;
  uint32_t line;
  uint32_t column;
  bool operator==(const LocationKey&) const = default;
};

struct LocationKeyHash {
  size_t operator()(const LocationKey& k) const {
    uint64_t h = value(k.name) * 0x9E3779B97F4A7C15ull;
    h ^= (static_cast<uint64_t>(k.script_id) << 32 | k.line) + 0x632BE59BD9B4E019ull + (h << 6) +
         (h >> 2);
    h ^= k.column * 0xC2B2AE3D27D4EB4Full + (h << 6) + (h >> 2);
    return static_cast<size_t>(h);
  }
};

// Sites deduplicated by label.
class SiteTable {
 public:
  explicit SiteTable(std::vector<AllocationSite>& sites) : sites_(sites) {}
  uint32_t add(AllocationSite site) {
    auto it = by_label_.find(site.label);
    if (it != by_label_.end()) return it->second;
    const auto index = static_cast<uint32_t>(sites_.size());
    by_label_.emplace(site.label, index);
    sites_.push_back(std::move(site));
    return index;
  }

 private:
  std::vector<AllocationSite>& sites_;
  tsl::robin_map<std::string, uint32_t> by_label_;
};

}  // namespace

// --- ScriptNames -----------------------------------------------------------------------------

ScriptNames::ScriptNames(const HeapGraph& g) {
  for (const auto& loc : g.locations()) {
    if (loc.script_id >= kMaxScriptId || loc.node >= g.node_count()) continue;
    if (g.node_kind(loc.node) != NodeKind::kClosure) continue;
    if (loc.script_id < names_.size() && !names_[loc.script_id].empty()) continue;  // known
    const std::string_view name = script_name_of_closure(g, loc.node);
    if (name.empty()) continue;
    if (loc.script_id >= names_.size()) names_.resize(loc.script_id + 1);
    names_[loc.script_id] = std::string(name);
    ++resolved_;
  }
}

std::string_view ScriptNames::name(uint32_t script_id) const {
  return script_id < names_.size() ? std::string_view(names_[script_id]) : std::string_view();
}

// --- Sites -----------------------------------------------------------------------------------

std::string format_frame(const SiteFrame& frame) {
  std::string out = frame.function;
  if (frame.script.empty() && frame.line == 0) return out;
  out += " (";
  out += frame.script;
  if (frame.line != 0) {
    out += ':';
    out += std::to_string(frame.line);
    out += ':';
    out += std::to_string(frame.column);
  }
  out += ')';
  return out;
}

namespace {

std::string script_text(const ScriptNames& scripts, std::string_view name, uint32_t script_id) {
  if (!name.empty()) return std::string(name);
  const std::string_view resolved = scripts.name(script_id);
  if (!resolved.empty()) return std::string(resolved);
  return script_id != 0 ? "script#" + std::to_string(script_id) : std::string();
}

// The site of a location row's node (an object or a closure).
AllocationSite location_site(const HeapGraph& g, const ScriptNames& scripts, const graph::SourceLocation& loc) {
  AllocationSite site;
  site.kind = SiteKind::kLocation;
  site.frames.push_back(SiteFrame{function_label(g.node_name(loc.node)), script_text(scripts, {}, loc.script_id),
                                  loc.line + 1, loc.column + 1});
  site.label = format_frame(site.frames.front());
  return site;
}

// The site of trace node `t` (an index into trace_nodes()); no frames when it has none.
AllocationSite stack_site(const HeapGraph& g, const ScriptNames& scripts, uint32_t t, uint32_t depth) {
  const auto& trace = g.trace_nodes();
  const auto& functions = g.trace_function_infos();
  AllocationSite site;
  site.kind = SiteKind::kStack;
  // Walk up to (not including) the tree's root, "(root)".
  for (; t < trace.size() && trace[t].parent != graph::TraceNode::kNoTraceParent && site.frames.size() < depth;
       t = trace[t].parent) {
    const uint32_t fi = trace[t].function_info_index;
    if (fi >= functions.size()) break;
    const auto& f = functions[fi];
    site.frames.push_back(SiteFrame{function_label(g.strings().get(f.name)),
                                    script_text(scripts, g.strings().get(f.script_name), f.script_id), f.line,
                                    f.column});
  }
  for (size_t k = 0; k < site.frames.size(); ++k) {
    if (k != 0) site.label += " <- ";
    site.label += format_frame(site.frames[k]);
  }
  return site;
}

}  // namespace

std::string allocation_site_label(const HeapGraph& g, const ScriptNames& scripts, NodeOrdinal v,
                                  const AllocationSiteOptions& options) {
  // 1. The allocation stack, as compute_allocation_sites: a trace node id that names a node of
  // the trace tree with at least one frame.
  const auto& trace = g.trace_nodes();
  if (g.features().trace_node_id_field && !trace.empty()) {
    if (const uint32_t tid = g.trace_node_id(v); tid != 0) {
      // The first trace node with that id (trace ids are unique in V8's output).
      for (uint32_t i = 0; i < trace.size(); ++i) {
        if (trace[i].id != tid) continue;
        AllocationSite site = stack_site(g, scripts, i, std::max<uint32_t>(1, options.stack_depth));
        if (!site.frames.empty()) return site.label;
        break;
      }
    }
  }
  // 2. The node's source location: its last row, for objects and closures.
  const NodeKind kind = g.node_kind(v);
  if (kind != NodeKind::kObject && kind != NodeKind::kClosure) return {};
  const auto& locs = g.locations();
  for (size_t i = locs.size(); i-- > 0;)
    if (locs[i].node == v) return location_site(g, scripts, locs[i]).label;
  return {};
}

AllocationSites compute_allocation_sites(const HeapGraph& g, const AllocationSiteOptions& options) {
  AllocationSites result;
  const uint32_t n = g.node_count();
  result.node_site.assign(n, AllocationSites::kNoSite);
  SiteTable table(result.sites);
  const ScriptNames scripts(g);

  // 2. Source locations first; allocation stacks override them below.
  tsl::robin_map<LocationKey, uint32_t, LocationKeyHash> by_location;
  for (const auto& loc : g.locations()) {
    if (loc.node >= n) continue;
    const NodeKind kind = g.node_kind(loc.node);
    if (kind != NodeKind::kObject && kind != NodeKind::kClosure) continue;
    const LocationKey key{g.node_name_index(loc.node), loc.script_id, loc.line, loc.column};
    auto it = by_location.find(key);
    if (it == by_location.end()) it = by_location.emplace(key, table.add(location_site(g, scripts, loc))).first;
    result.node_site[loc.node] = it->second;
  }

  // 1. Allocation stacks.
  const auto& trace = g.trace_nodes();
  if (g.features().trace_node_id_field && !trace.empty()) {
    tsl::robin_map<uint32_t, uint32_t> trace_index;  // trace node id -> index in trace
    trace_index.reserve(trace.size());
    for (uint32_t i = 0; i < trace.size(); ++i) trace_index.emplace(trace[i].id, i);
    // Site of each trace node, computed on first use.
    constexpr uint32_t kUnset = UINT32_MAX - 1;
    std::vector<uint32_t> trace_site(trace.size(), kUnset);
    const uint32_t depth = std::max<uint32_t>(1, options.stack_depth);
    for (NodeOrdinal v = 0; v < n; ++v) {
      const uint32_t tid = g.trace_node_id(v);
      if (tid == 0) continue;
      const auto it = trace_index.find(tid);
      if (it == trace_index.end()) continue;
      uint32_t& site_of = trace_site[it->second];
      if (site_of == kUnset) {
        AllocationSite site = stack_site(g, scripts, it->second, depth);
        site_of = site.frames.empty() ? AllocationSites::kNoSite : table.add(std::move(site));
      }
      if (site_of != AllocationSites::kNoSite) result.node_site[v] = site_of;
    }
  }

  for (NodeOrdinal v = 0; v < n; ++v) {
    const uint32_t s = result.node_site[v];
    if (s == AllocationSites::kNoSite) continue;
    if (result.sites[s].kind == SiteKind::kStack) {
      ++result.stack_nodes;
    } else {
      ++result.location_nodes;
    }
  }
  return result;
}

}  // namespace heapsnap::analysis

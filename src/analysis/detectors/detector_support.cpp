#include "detector_support.h"

#include <algorithm>
#include <array>
#include <unordered_set>

#include "heapsnap/analysis/class_aggregates.h"
#include "heapsnap/util/byte_units.h"

namespace heapsnap::analysis::detectors {

using graph::EdgeIndex;
using graph::EdgeKind;
using graph::kNoNode;
using graph::NodeKind;
using graph::NodeOrdinal;
using graph::StringIndex;

std::string_view finding_kind_id(FindingKind kind) {
  switch (kind) {
    case FindingKind::kEventListeners: return "event-listeners";
    case FindingKind::kTimers: return "timers";
    case FindingKind::kHandles: return "handles";
    case FindingKind::kCollections: return "collections";
    case FindingKind::kClosures: return "closures";
    case FindingKind::kOffHeap: return "off-heap";
    case FindingKind::kDuplicateStrings: return "duplicate-strings";
    case FindingKind::kDetachedDom: return "detached-dom";
  }
  return "unknown";
}

namespace {

// Spelling of every Name but kNone/kCount, in enum order.
constexpr std::array<std::string_view, static_cast<size_t>(Name::kCount) - 1> kSpellings = {
    "_events", "__proto__", "Array", "Map", "Set", "table", "elements", "properties",
    "(object properties)",
    "Timeout", "Immediate", "_onTimeout", "_onImmediate", "_repeat", "_destroyed", "_idleNext",
    "shared", "context", "bound_function", "bound_this", "listener", "native_bind",
    "system / Context", "system / NativeContext", "scope_info", "name_or_scope_info",
    "script_or_debug_info", "script",
    "previous", "system / JSArrayBufferData", "backing_store", "buffer", "native_to_javascript",
    "<symbol owner_symbol>",
    "(External strings)", "source", "system / Oddball", "true", "false", "null",
    "V8EventListener",
};

// Node's handle and request wraps, as "Node / <name>" embedder nodes name them (MemoryInfoName
// of HandleWrap / ReqWrap subclasses, node 20). Anything else "Node / ...Wrap" counts too.
constexpr std::array<std::string_view, 8> kHandleNames = {
    "FSReqCallback", "FSReqPromise", "FileHandle", "StatWatcher",
    "FileHandleReadWrap", "FSEventWrap", "JSStream", "Zlib",
};

bool handle_wrap_name(std::string_view s) {
  constexpr std::string_view prefix = "Node / ";
  if (s.size() <= prefix.size() || s.substr(0, prefix.size()) != prefix) return false;
  const std::string_view kind = s.substr(prefix.size());
  // Bookkeeping objects of the environment, one each, are not handles.
  if (kind == "ChannelWrap") return false;
  if (kind.size() > 4 && kind.substr(kind.size() - 4) == "Wrap") return true;
  return std::find(kHandleNames.begin(), kHandleNames.end(), kind) != kHandleNames.end();
}

}  // namespace

DetectorSupport::DetectorSupport(const DetectorInput& input)
    : input_(input), g_(input.graph), a_(input.analysis), nearest_(input.nearest),
      scripts_(input.graph) {
  const graph::StringPool& pool = g_.strings();
  tags_.assign(pool.size(), 0);
  handle_.assign(pool.size(), 0);
  index_.assign(static_cast<size_t>(Name::kCount), kNoString);
  std::vector<uint8_t> seen(static_cast<size_t>(Name::kCount), 0);
  // Performance note: one pass over the string table, a length check first; no hashing.
  std::array<uint64_t, 2> lengths{};  // bit per length up to 127
  for (const std::string_view s : kSpellings) lengths[s.size() / 64] |= uint64_t{1} << (s.size() % 64);
  for (uint32_t i = 0; i < pool.size(); ++i) {
    const std::string_view s = pool.get(StringIndex{i});
    if (s.size() < 128 && (lengths[s.size() / 64] >> (s.size() % 64) & 1)) {
      for (size_t k = 0; k < kSpellings.size(); ++k) {
        if (kSpellings[k] == s) {
          tags_[i] = static_cast<uint8_t>(k + 1);
          index_[k + 1] = seen[k + 1]++ == 0 ? StringIndex{i} : kNoString;
          break;
        }
      }
    }
    if (s.size() > 7 && s[0] == 'N' && s[4] == ' ' && handle_wrap_name(s)) handle_[i] = 1;
  }
  const auto& locs = g_.locations();
  for (size_t i = 1; i < locs.size() && locations_sorted_; ++i) {
    locations_sorted_ = locs[i - 1].node < locs[i].node;
  }
  index_named_retainers();
}

void DetectorSupport::index_named_retainers() {
  // One pass over the edges, sources and their edges in order, so every target's retainers are
  // collected in retainer order; a stable sort groups them by (name, target).
  const auto indexed = [](Name name) {
    return name == Name::kShared || name == Name::kContext || name == Name::kNameOrScopeInfo ||
           name == Name::kBuffer || name == Name::kSource;
  };
  std::vector<std::pair<uint64_t, Retainer>> found;
  const auto targets = g_.edge_targets();
  for (NodeOrdinal n = 0; n < g_.node_count(); ++n) {
    for (EdgeIndex e = g_.first_edge(n), end = g_.edge_end(n); e < end; ++e) {
      const Name name = edge_tag(e);
      if (name == Name::kNone || !indexed(name)) continue;
      found.push_back({uint64_t{static_cast<uint8_t>(name)} << 32 | targets[e], Retainer{n, e}});
    }
  }
  std::stable_sort(found.begin(), found.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  via_keys_.reserve(found.size());
  via_retainers_.reserve(found.size());
  for (const auto& [key, retainer] : found) {
    via_keys_.push_back(key);
    via_retainers_.push_back(retainer);
  }
}

NodeOrdinal DetectorSupport::edge_to(NodeOrdinal n, Name name) const {
  for (EdgeIndex e = g_.first_edge(n), end = g_.edge_end(n); e < end; ++e) {
    if (edge_tag(e) == name) return g_.edge_target(e);
  }
  return kNoNode;
}

Name DetectorSupport::oddball_value(NodeOrdinal n) const {
  if (n == kNoNode || node_tag(n) != Name::kOddball) return Name::kNone;
  for (EdgeIndex e = g_.first_edge(n), end = g_.edge_end(n); e < end; ++e) {
    const NodeOrdinal t = g_.edge_target(e);
    if (g_.node_kind(t) != NodeKind::kString) continue;
    const Name v = node_tag(t);
    if (v == Name::kTrue || v == Name::kFalse || v == Name::kNull) return v;
  }
  return Name::kNone;
}

NodeOrdinal DetectorSupport::resolve_function(NodeOrdinal closure) const {
  // Bound functions nest (bind of a bind): follow a few levels.
  for (int depth = 0; depth < 4 && closure != kNoNode && node_tag(closure) == Name::kNativeBind;
       ++depth) {
    const NodeOrdinal target = edge_to(closure, Name::kBoundFunction);
    if (target == kNoNode) break;
    closure = target;
  }
  return closure;
}

namespace {
const graph::SourceLocation* find_location(const graph::HeapGraph& g, bool sorted, NodeOrdinal n) {
  const auto& locs = g.locations();
  if (sorted) {
    const auto it = std::lower_bound(locs.begin(), locs.end(), n,
                                     [](const graph::SourceLocation& l, NodeOrdinal v) { return l.node < v; });
    return it != locs.end() && it->node == n ? &*it : nullptr;
  }
  for (const auto& l : locs) {
    if (l.node == n) return &l;
  }
  return nullptr;
}
}  // namespace

std::string_view DetectorSupport::sfi_script(NodeOrdinal sfi) const {
  if (sfi == kNoNode) return {};
  NodeOrdinal script = edge_to(sfi, Name::kScriptOrDebugInfo);
  if (script == kNoNode) script = edge_to(sfi, Name::kScript);
  if (script == kNoNode) return {};
  // A DebugInfo in between has a `script` edge of its own.
  const NodeOrdinal inner = edge_to(script, Name::kScript);
  if (inner != kNoNode) script = inner;
  return g_.node_name(script);
}

SourcePosition DetectorSupport::function_position(NodeOrdinal closure) const {
  SourcePosition p;
  if (closure == kNoNode) return p;
  const std::string_view name = g_.node_name(closure);
  p.function = name.empty() ? "(anonymous)" : std::string(name);
  if (const graph::SourceLocation* l = find_location(g_, locations_sorted_, closure)) {
    p.script_id = l->script_id;
    p.line = l->line + 1;
    p.column = l->column + 1;
    p.script = std::string(scripts_.name(l->script_id));
  }
  if (p.script.empty()) p.script = std::string(sfi_script(edge_to(closure, Name::kShared)));
  // Chrome names Script nodes "system / Script / <url>" (the url empty for evaluated code).
  constexpr std::string_view kChromeScript = "system / Script / ";
  if (p.script.compare(0, kChromeScript.size(), kChromeScript) == 0) {
    p.script.erase(0, kChromeScript.size());
  }
  return p;
}

SourcePosition DetectorSupport::object_position(NodeOrdinal object) const {
  SourcePosition p;
  if (const graph::SourceLocation* l = find_location(g_, locations_sorted_, object)) {
    p.script_id = l->script_id;
    p.line = l->line + 1;
    p.column = l->column + 1;
    p.script = std::string(scripts_.name(l->script_id));
  }
  return p;
}

DetectorSupport::Retainer DetectorSupport::best_retainer(NodeOrdinal n) const {
  const auto hop = nearest_.nearest(n);
  if (!hop || hop->source == n) return {};
  return {hop->source, hop->edge};
}

std::span<const DetectorSupport::Retainer> DetectorSupport::retainers_via(NodeOrdinal n, Name name) const {
  const uint64_t key = uint64_t{static_cast<uint8_t>(name)} << 32 | n;
  const auto [first, last] = std::equal_range(via_keys_.begin(), via_keys_.end(), key);
  return {via_retainers_.data() + (first - via_keys_.begin()), static_cast<size_t>(last - first)};
}

std::unordered_map<NodeOrdinal, std::vector<DetectorSupport::Retainer>> DetectorSupport::retainers_of(
    std::span<const NodeOrdinal> nodes) const {
  std::unordered_map<NodeOrdinal, std::vector<Retainer>> result;
  if (nodes.empty()) return result;
  std::vector<bool> wanted(g_.node_count(), false);
  for (const NodeOrdinal n : nodes) {
    wanted[n] = true;
    result[n];
  }
  const auto targets = g_.edge_targets();
  for (NodeOrdinal n = 0; n < g_.node_count(); ++n) {
    for (EdgeIndex e = g_.first_edge(n), end = g_.edge_end(n); e < end; ++e) {
      if (wanted[targets[e]]) result[targets[e]].push_back({n, e});
    }
  }
  return result;
}

std::string DetectorSupport::edge_text(EdgeIndex e) const {
  const EdgeKind kind = g_.edge_kind(e);
  if (kind == EdgeKind::kElement) {
    // Appended, not "[" + ...: GCC 12 warns (-Wrestrict) on that form, a known false positive.
    std::string out = "[";
    out += std::to_string(g_.edge_name_or_index(e));
    out += ']';
    return out;
  }
  return g_.edge_label(e);
}

NodeOrdinal DetectorSupport::scope_function(NodeOrdinal context) const {
  const NodeOrdinal scope = edge_to(context, Name::kScopeInfo);
  if (scope == kNoNode) return kNoNode;
  // The function whose scope it is names the ScopeInfo as its name_or_scope_info.
  const auto functions = retainers_via(scope, Name::kNameOrScopeInfo);
  return functions.empty() ? kNoNode : functions.front().source;
}

std::string DetectorSupport::scope_script(NodeOrdinal context) const {
  const NodeOrdinal sfi = scope_function(context);
  if (std::string_view s = sfi_script(sfi); !s.empty()) return std::string(s);
  // Else any closure created in this scope: its function lives in the same script.
  for (const Retainer& r : retainers_via(context, Name::kContext)) {
    if (g_.node_kind(r.source) != NodeKind::kClosure) continue;
    if (std::string_view name = sfi_script(edge_to(r.source, Name::kShared)); !name.empty()) {
      return std::string(name);
    }
  }
  return {};
}

std::string DetectorSupport::scope_name(NodeOrdinal context) const {
  const NodeOrdinal sfi = scope_function(context);
  const std::string script = scope_script(context);
  const std::string where = script.empty() ? std::string("an unknown script")
                                           : std::string(base_name(script));
  if (sfi != kNoNode) {
    const std::string_view fn = g_.node_name(sfi);
    if (!fn.empty() && fn != "(shared function info)") return std::string(fn) + "() in " + where;
  }
  const NodeOrdinal previous = edge_to(context, Name::kPrevious);
  if (previous != kNoNode && node_tag(previous) == Name::kNativeContext) {
    return "module scope of " + where;
  }
  return "a function scope in " + where;
}

std::string DetectorSupport::readable_name(NodeOrdinal n) const {
  if (n == kNoNode) return {};
  if (node_tag(n) == Name::kSystemContext) return "context of " + scope_name(n);
  if (g_.node_kind(n) == NodeKind::kClosure) {
    const std::string_view name = g_.node_name(n);
    return name.empty() ? std::string("(anonymous)") : std::string(name);
  }
  return devtools_node_name(g_, a_.dom_state, n);
}

uint64_t DetectorSupport::retained_once(std::span<const NodeOrdinal> nodes) const {
  if (nodes.empty()) return 0;
  const std::unordered_set<NodeOrdinal> members(nodes.begin(), nodes.end());
  const auto& idom = a_.retained.idom;
  const NodeOrdinal root = g_.root();
  uint64_t sum = 0;
  for (const NodeOrdinal n : members) {
    bool nested = false;
    // A bounded walk: members of one pattern sit close together in the dominator tree.
    NodeOrdinal d = idom[n];
    for (int step = 0; step < 64 && d != root; ++step, d = idom[d]) {
      if (members.count(d) != 0) {
        nested = true;
        break;
      }
    }
    if (!nested) sum += a_.retained.retained[n];
  }
  return sum;
}

std::unordered_map<NodeOrdinal, uint64_t> DetectorSupport::external_bytes_below(
    std::span<const NodeOrdinal> roots) const {
  std::unordered_map<NodeOrdinal, uint64_t> result;
  for (const NodeOrdinal r : roots) result.emplace(r, 0);
  if (roots.empty()) return result;
  const auto& idom = a_.retained.idom;
  const NodeOrdinal root = g_.root();
  for (NodeOrdinal n = 0; n < g_.node_count(); ++n) {
    if (node_tag(n) != Name::kArrayBufferData) continue;
    // Up the dominator tree to the nearest root; chains deeper than this are left out.
    NodeOrdinal d = n;
    for (int step = 0; step < 4096 && d != root; ++step, d = idom[d]) {
      const auto it = result.find(d);
      if (it != result.end()) {
        it->second += g_.self_size(n);
        break;
      }
    }
  }
  return result;
}

void DetectorSupport::set_holder(Finding& f, NodeOrdinal holder) const {
  f.holder = holder;
  if (holder == kNoNode) return;
  f.holder_id = g_.node_id(holder);
  f.holder_name = readable_name(holder);
}

void add_examples(Finding& f, const graph::HeapGraph& g, std::span<const graph::NodeOrdinal> nodes) {
  for (size_t i = 0; i < nodes.size() && f.examples.size() < kMaxExamples; ++i)
    f.examples.push_back(g.node_id(nodes[i]));
}

void keep_largest(std::vector<Finding>& findings, uint32_t limit,
                  uint64_t (*value)(const Finding&)) {
  std::sort(findings.begin(), findings.end(), [&](const Finding& a, const Finding& b) {
    const uint64_t va = value(a), vb = value(b);
    return va != vb ? va > vb : a.key < b.key;
  });
  if (limit != 0 && findings.size() > limit) findings.resize(limit);
}

std::string bytes_text(uint64_t bytes) { return format_bytes(bytes); }

std::string_view base_name(std::string_view script) {
  const size_t slash = script.find_last_of('/');
  return slash == std::string_view::npos ? script : script.substr(slash + 1);
}

std::string position_text(const SourcePosition& p) {
  if (!p.known()) return {};
  std::string out;
  if (p.script.empty()) {
    out = "script#";
    out += std::to_string(p.script_id);
  } else {
    out = base_name(p.script);
  }
  if (p.line != 0) {
    out += ':';
    out += std::to_string(p.line);
    out += ':';
    out += std::to_string(p.column);
  }
  return out;
}

}  // namespace heapsnap::analysis::detectors

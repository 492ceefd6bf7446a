// Readable retainer paths; the rules are listed in readable_path.h and docs/readable-paths.md.
//
// The raw path is scanned root side first; at each edge the folding rules are tried in order and
// the first that matches makes one hop of one or more edges; an edge no rule takes becomes one
// named step. Runs of equal steps ("EditOperation.previous" 3948 times) then become one hop, and
// the holder is picked last.
#include "heapsnap/analysis/readable_path.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <optional>
#include <string_view>

#include "heapsnap/analysis/class_aggregates.h"
#include "heapsnap/analysis/node_names.h"

namespace heapsnap::analysis {

using graph::EdgeIndex;
using graph::EdgeKind;
using graph::HeapGraph;
using graph::NodeKind;
using graph::NodeOrdinal;

namespace {

constexpr std::string_view kArrow = " \u2192 ";

bool is_number(std::string_view s) {
  return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

bool starts_with(std::string_view s, std::string_view prefix) { return s.substr(0, prefix.size()) == prefix; }

std::string shorten(std::string s, size_t max) {
  if (s.size() > max) s = s.substr(0, max - 3) + "...";
  return s;
}

template <size_t N>
bool one_of(std::string_view s, const std::array<std::string_view, N>& names) {
  return std::find(names.begin(), names.end(), s) != names.end();
}

// Node's timer bookkeeping (lib/internal/timers.js, lib/timers.js): the context variables that
// hold the lists, and the links and containers inside them.
constexpr std::array<std::string_view, 5> kTimerListVariables = {
    "timerListMap", "timerListQueue", "immediateQueue", "outstandingQueue", "immediateInfo"};
constexpr std::array<std::string_view, 5> kTimerListLinks = {"_idleNext", "_idlePrev", "_heap", "head",
                                                             "tail"};
// Edges from functions to their compiled code, feedback and source (V8's heap snapshot
// generator, ExtractJSFunctionReferences / ExtractSharedFunctionInfoReferences and friends).
constexpr std::array<std::string_view, 24> kCodeEdges = {
    "code", "shared", "feedback_cell", "feedback_vector", "script", "scope_info",
    "function_data", "raw_outer_scope_info_or_feedback_metadata", "outer_scope_info",
    "interpreter_data", "name_or_scope_info", "source_position_table", "deoptimization_data",
    "relocation_info", "constant_pool", "handler_table", "bytecode", "feedback_metadata",
    "code_data_container", "dependent_code", "script_or_debug_info", "line_ends",
    "initial_map", "allocation_site"};
// Edges into object shapes (V8 "maps") and their descriptors and transitions.
constexpr std::array<std::string_view, 7> kShapeEdges = {
    "map", "descriptors", "transitions", "back_pointer", "prototype_info", "raw_transitions",
    "prototype_validity_cell"};

struct Walk {
  const HeapGraph& g;
  std::span<const uint8_t> dom;
  const RetainerPath& path;
  std::vector<NodeOrdinal> nodes;  // nodes[i]: source of edge i; nodes.back(): the target
  bool browser;

  size_t size() const { return path.edges.size(); }
  EdgeIndex edge(size_t i) const { return path.edges[i]; }
  NodeOrdinal from(size_t i) const { return nodes[i]; }
  NodeOrdinal to(size_t i) const { return nodes[i + 1]; }
  EdgeKind kind(size_t i) const { return g.edge_kind(edge(i)); }
  // The edge's name; "" for element and hidden edges.
  std::string_view name(size_t i) const {
    if (graph::edge_name_is_index(kind(i))) return {};
    return g.strings().get(g.edge_name_index(edge(i)));
  }
  bool index_like(size_t i) const { return graph::edge_name_is_index(kind(i)) || is_number(name(i)); }
  std::string index(size_t i) const {
    return graph::edge_name_is_index(kind(i)) ? std::to_string(g.edge_name_or_index(edge(i)))
                                              : std::string(name(i));
  }
  std::string node_name(NodeOrdinal n) const {
    std::string s = devtools_node_name(g, dom, n);
    if (s.empty()) return fmt::format("({})", g.node_type_name(n));
    return shorten(std::move(s), 40);
  }
  std::string_view raw_name(NodeOrdinal n) const { return g.node_name(n); }
  // A name to put before ".property": class-like names only (not plain objects, V8's own
  // "system / ..." objects or the anonymous).
  std::string owner(NodeOrdinal n) const {
    const NodeKind k = g.node_kind(n);
    if (k != NodeKind::kObject && k != NodeKind::kNative) return {};
    const std::string_view raw = raw_name(n);
    if (raw.empty() || raw == "Object" || raw.front() == '{' || raw.front() == '(' ||
        starts_with(raw, "system /"))
      return {};
    return shorten(std::string(raw), 40);
  }
  std::string function_name(NodeOrdinal closure) const {
    const std::string_view raw = raw_name(closure);
    return raw.empty() ? std::string("an anonymous function") : shorten(std::string(raw), 40);
  }
};

ReadableHop hop(std::string text, std::string generalized, size_t first, size_t count, HopKind kind,
                bool runtime = false) {
  return ReadableHop{std::move(text), std::move(generalized), static_cast<uint32_t>(first),
                     static_cast<uint32_t>(count), kind, runtime};
}
ReadableHop hop(std::string text, size_t first, size_t count, HopKind kind, bool runtime = false) {
  std::string generalized = text;
  return hop(std::move(text), std::move(generalized), first, count, kind, runtime);
}

bool is_user_root_name(std::string_view name) {
  return name == "global" || starts_with(name, "global /") || starts_with(name, "Window");
}

bool is_dom_node(const Walk& w, NodeOrdinal n) {
  if (w.g.node_kind(n) != NodeKind::kNative) return false;
  const std::string_view raw = w.raw_name(n);
  return starts_with(raw, "HTML") || starts_with(raw, "SVG") || starts_with(raw, "Detached ") ||
         starts_with(raw, "<") || raw == "Text" || raw == "Comment" || starts_with(raw, "Document") ||
         raw == "ShadowRoot";
}

// --- Folding rules: each returns a hop for edges [i, i + hop.edge_count), or nothing ----------

// Node's timer lists: [global → setTimeout → context →] timerListMap → [30000] → _idleNext ×N,
// up to the Timeout. Which global function led into lib/timers.js and which link of the doubly
// linked list was taken do not matter to the reader.
std::optional<ReadableHop> fold_timer_list(const Walk& w, size_t i) {
  if (w.browser) return std::nullopt;
  size_t k = i;
  if (w.kind(k) != EdgeKind::kContext) {  // lead-in: a function of lib/timers.js, its context
    if (w.g.node_kind(w.to(k)) != NodeKind::kClosure) return std::nullopt;
    if (++k >= w.size() || w.name(k) != "context") return std::nullopt;
    ++k;
    while (k < w.size() && w.name(k) == "previous") ++k;
  }
  if (k >= w.size() || w.kind(k) != EdgeKind::kContext || !one_of(w.name(k), kTimerListVariables))
    return std::nullopt;
  for (++k; k < w.size(); ++k) {
    const std::string_view name = w.name(k);
    if (!w.index_like(k) && !one_of(name, kTimerListLinks)) break;
  }
  return hop("(Node timer list)", i, k - i, HopKind::kFolded, true);
}

// A closure's scope: closure → context [→ previous ×N] → variable is the one hop
// "variable (closure variable of f)". A context reached any other way: "variable (context
// variable)". A `context` edge not followed by a variable: "(scope of f)".
std::optional<ReadableHop> fold_scope(const Walk& w, size_t i) {
  size_t k = i;
  std::string function;
  if (w.kind(k) != EdgeKind::kContext) {
    if (w.name(k) != "context" || w.g.node_kind(w.from(k)) != NodeKind::kClosure) return std::nullopt;
    function = w.function_name(w.from(k));
    ++k;
    while (k < w.size() && w.name(k) == "previous") ++k;
  }
  if (k < w.size() && w.kind(k) == EdgeKind::kContext) {
    const std::string variable(w.name(k));
    std::string text = function.empty() ? fmt::format("{} (context variable)", variable)
                                        : fmt::format("{} (closure variable of {})", variable, function);
    return hop(std::move(text), i, k + 1 - i, HopKind::kVariable);
  }
  return hop(fmt::format("(scope of {})", function), i, k - i, HopKind::kFolded, true);
}

// Code, feedback and source of functions, and object shapes: one hop for the whole run.
std::optional<ReadableHop> fold_code(const Walk& w, size_t i) {
  const bool code = one_of(w.name(i), kCodeEdges);
  const bool shape = one_of(w.name(i), kShapeEdges);
  if (!code && !shape) return std::nullopt;
  size_t k = i + 1;
  while (k < w.size()) {
    const NodeKind from = w.g.node_kind(w.from(k));
    const std::string_view raw = w.raw_name(w.from(k));
    const bool internal_source = from == NodeKind::kCode || from == NodeKind::kObjectShape ||
                                 from == NodeKind::kHidden ||
                                 (starts_with(raw, "system / ") && raw != "system / Context");
    if (!internal_source && !one_of(w.name(k), kCodeEdges) && !one_of(w.name(k), kShapeEdges)) break;
    ++k;
  }
  const std::string of = w.node_name(w.from(i));
  return hop(code ? fmt::format("(compiled code and feedback of {})", of)
                  : fmt::format("(object shape of {})", of),
             i, k - i, HopKind::kFolded, true);
}

// The text of a Map key: strings quoted, numbers as they are, objects by name and id.
std::string key_text(const Walk& w, NodeOrdinal key) {
  const NodeKind k = w.g.node_kind(key);
  if (k == NodeKind::kString || k == NodeKind::kConsString || k == NodeKind::kSlicedString)
    return fmt::format("\"{}\"", shorten(devtools_node_name(w.g, w.dom, key), 40));
  if (k == NodeKind::kNumber) return std::string(w.raw_name(key));
  return fmt::format("{} @{}", w.node_name(key), w.g.node_id(key));
}

// The target of the table's internal edge named `slot`, if any.
std::optional<NodeOrdinal> table_slot(const Walk& w, NodeOrdinal table, uint64_t slot) {
  const std::string name = std::to_string(slot);
  for (EdgeIndex e = w.g.first_edge(table), end = w.g.first_edge(table + 1); e < end; ++e) {
    if (w.g.edge_kind(e) != EdgeKind::kInternal) continue;
    if (w.g.strings().get(w.g.edge_name_index(e)) == name) return w.g.edge_target(e);
  }
  return std::nullopt;
}

// A Map, Set, WeakMap or WeakSet entry: collection → table → slot is one hop. V8's ordered hash
// tables keep an entry as [key, value, chain] (Map) or [key, chain] (Set) and the chain is a small
// integer, never an edge: so for a Map slot v, an edge at v + 1 means v is a key, an edge at v - 1
// is v's key. Small-integer keys are not heap objects and have no edge.
std::optional<ReadableHop> fold_collection(const Walk& w, size_t i) {
  if (w.name(i) != "table" || w.kind(i) != EdgeKind::kInternal) return std::nullopt;
  const std::string collection(w.raw_name(w.from(i)));
  if (collection != "Map" && collection != "Set" && collection != "WeakMap" && collection != "WeakSet")
    return std::nullopt;
  if (i + 1 >= w.size()) return hop(fmt::format("({} table)", collection), i, 1, HopKind::kFolded);
  const bool weak = collection == "WeakMap" || collection == "WeakSet";
  if (collection == "Set" || collection == "WeakSet")
    return hop(fmt::format("{} member", collection), i, 2, HopKind::kStep);
  if (weak || !is_number(w.name(i + 1))) return hop("WeakMap value", i, 2, HopKind::kStep);
  const uint64_t slot = std::stoull(std::string(w.name(i + 1)));
  const NodeOrdinal table = w.to(i);
  if (table_slot(w, table, slot + 1)) return hop("Map key", i, 2, HopKind::kStep);
  if (slot > 0) {
    if (const auto key = table_slot(w, table, slot - 1))
      return hop(fmt::format("Map.get({})", key_text(w, *key)), "Map value", i, 2, HopKind::kStep);
  }
  return hop("Map value", i, 2, HopKind::kStep);
}

// EventEmitter listeners: emitter → _events → name [→ [i]] is "Server._events.request" or
// "_events.configChanged[498]".
std::optional<ReadableHop> fold_listeners(const Walk& w, size_t i) {
  if (w.name(i) != "_events" || w.kind(i) != EdgeKind::kProperty || i + 1 >= w.size() ||
      w.kind(i + 1) != EdgeKind::kProperty)
    return std::nullopt;
  const std::string owner = w.owner(w.from(i));
  std::string text = fmt::format("{}{}_events.{}", owner, owner.empty() ? "" : ".", w.name(i + 1));
  std::string generalized = text;
  size_t count = 2;
  if (i + 2 < w.size() && w.g.node_kind(w.to(i + 1)) == NodeKind::kArray && w.index_like(i + 2)) {
    text += fmt::format("[{}]", w.index(i + 2));
    generalized += "[]";
    count = 3;
  }
  return hop(std::move(text), std::move(generalized), i, count, HopKind::kStep);
}

// Node's CommonJS module objects: a run through Module objects (mainModule, children, parent)
// is one hop; when it ends in `exports` it is "module.exports of file.js", a program variable.
std::optional<ReadableHop> fold_module(const Walk& w, size_t i) {
  if (w.browser || w.raw_name(w.to(i)) != "Module") return std::nullopt;
  NodeOrdinal module = w.to(i);
  size_t k = i + 1;
  bool exports = false;
  while (k < w.size()) {
    const std::string_view from = w.raw_name(w.from(k));
    if (from == "Module") {
      module = w.from(k);
      if (w.name(k) == "exports") {
        exports = true;
        ++k;
        break;
      }
      if (w.name(k) != "children" && w.name(k) != "parent") break;
    } else if (!(k > 0 && w.name(k - 1) == "children" && w.index_like(k))) {
      break;
    }
    ++k;
  }
  std::string file = "a module";
  for (EdgeIndex e = w.g.first_edge(module), end = w.g.first_edge(module + 1); e < end; ++e) {
    if (w.g.edge_kind(e) != EdgeKind::kProperty) continue;
    if (w.g.strings().get(w.g.edge_name_index(e)) != "filename") continue;
    std::string path = devtools_node_name(w.g, w.dom, w.g.edge_target(e));
    const size_t slash = path.find_last_of('/');
    file = slash == std::string::npos ? path : path.substr(slash + 1);
  }
  if (exports) return hop(fmt::format("module.exports of {}", file), i, k - i, HopKind::kVariable);
  return hop(fmt::format("(Node module {})", file), i, k - i, HopKind::kFolded, true);
}

// Backing stores: object → elements/properties → (internal array) → [j] is "[j] in object".
std::optional<ReadableHop> fold_backing_store(const Walk& w, size_t i) {
  const NodeOrdinal store = w.to(i);
  if (w.g.node_kind(store) != NodeKind::kArray || w.kind(i) == EdgeKind::kElement) return std::nullopt;
  const std::string of = w.node_name(w.from(i));
  if (i + 1 >= w.size())
    return hop(fmt::format("({} of {})", w.name(i).empty() ? "internal array" : w.name(i), of), i, 1,
               HopKind::kFolded);
  const std::string where = w.name(i) == "elements" ? of : fmt::format("{}'s {}", of, w.name(i));
  if (w.index_like(i + 1))
    return hop(fmt::format("[{}] in {}", w.index(i + 1), where), fmt::format("[] in {}", where), i, 2,
               HopKind::kStep);
  return hop(fmt::format("{} in {}", w.name(i + 1), where), i, 2, HopKind::kStep);
}

// The parts of a concatenated string: first/second ×N is one hop.
std::optional<ReadableHop> fold_cons_string(const Walk& w, size_t i) {
  size_t k = i;
  while (k < w.size() && w.g.node_kind(w.from(k)) == NodeKind::kConsString &&
         (w.name(k) == "first" || w.name(k) == "second"))
    ++k;
  if (k == i) return std::nullopt;
  return hop("(part of a concatenated string)", i, k - i, HopKind::kFolded);
}

// Blink: a run of two or more references between DOM nodes (siblings, parents, children) is
// one hop through the DOM tree.
std::optional<ReadableHop> fold_dom_chain(const Walk& w, size_t i) {
  if (!w.browser) return std::nullopt;
  size_t k = i;
  while (k < w.size() && is_dom_node(w, w.from(k)) && is_dom_node(w, w.to(k))) ++k;
  if (k - i < 2) return std::nullopt;
  return hop(fmt::format("(DOM tree: {} hops from {} to {})", k - i, w.node_name(w.from(i)),
                         w.node_name(w.to(k - 1))),
             fmt::format("(DOM tree: {} to {})", w.node_name(w.from(i)), w.node_name(w.to(k - 1))), i,
             k - i, HopKind::kFolded);
}

// One edge, named: "[8] in Detached <li>", "Server._events", "recentRequests (global variable)".
ReadableHop step(const Walk& w, size_t i) {
  const NodeOrdinal from = w.from(i);
  if (w.index_like(i)) {
    const std::string in = w.node_name(from);
    return hop(fmt::format("[{}] in {}", w.index(i), in), fmt::format("[] in {}", in), i, 1,
               HopKind::kStep);
  }
  std::string name = shorten(std::string(w.name(i)), 60);
  if (w.kind(i) == EdgeKind::kProperty && is_user_root_name(w.raw_name(from)) && i == 0) {
    return hop(w.browser ? fmt::format("window.{}", name) : fmt::format("{} (global variable)", name), i,
               1, HopKind::kVariable);
  }
  if (w.kind(i) == EdgeKind::kProperty || w.kind(i) == EdgeKind::kShortcut) {
    const std::string owner = w.owner(from);
    if (!owner.empty()) name = fmt::format("{}.{}", owner, name);
  }
  return hop(std::move(name), i, 1, HopKind::kStep);
}

// The start node and the GC root category edges at the start: "(GC roots) → [7] (Stack roots)
// → 39" is "(Stack roots)".
ReadableHop start_hop(const Walk& w) {
  NodeOrdinal start = w.path.start;
  size_t k = 0;
  if (start != graph::kNoNode && w.g.node_kind(start) == NodeKind::kSynthetic) {
    while (k < w.size() && w.g.node_kind(w.to(k)) == NodeKind::kSynthetic && w.to(k) != w.nodes.back())
      start = w.to(k++);
    if (k > 0 && k < w.size() && w.index_like(k) && w.to(k) != w.nodes.back()) ++k;  // the root slot
  }
  std::string text = start == graph::kNoNode ? std::string("(no start)") : w.node_name(start);
  return hop(std::move(text), 0, k, HopKind::kStart, k > 0);
}

// The target: its name, type and id; generalized, objects keep their name (the class) and values
// (strings, numbers, arrays...) become their type, so "Map key → (string)" signs every key.
std::string target_text(const Walk& w, NodeOrdinal target, bool with_id) {
  const NodeKind k = w.g.node_kind(target);
  if (!with_id && k != NodeKind::kObject && k != NodeKind::kNative && k != NodeKind::kClosure) {
    const bool string = k == NodeKind::kString || k == NodeKind::kConsString || k == NodeKind::kSlicedString;
    return string ? std::string("(string)") : fmt::format("({})", w.g.node_type_name(target));
  }
  std::string name = devtools_node_name(w.g, w.dom, target);
  name = shorten(std::move(name), 80);
  const NodeKind kind = w.g.node_kind(target);
  if (kind != NodeKind::kObject && kind != NodeKind::kNative && !name.empty())
    name = fmt::format("{} ({})", name, w.g.node_type_name(target));
  if (name.empty()) name = fmt::format("({})", w.g.node_type_name(target));
  if (with_id) name += fmt::format(" @{}", w.g.node_id(target));
  return name;
}

// Runs of equal steps ("EditOperation.previous" ×3948) become one hop.
void collapse_repeats(std::vector<ReadableHop>& hops) {
  std::vector<ReadableHop> out;
  for (size_t i = 0; i < hops.size();) {
    size_t run = 1;
    if (hops[i].kind == HopKind::kStep) {
      while (i + run < hops.size() && hops[i + run].kind == HopKind::kStep &&
             hops[i + run].generalized == hops[i].generalized)
        ++run;
    }
    if (run == 1) {
      out.push_back(std::move(hops[i]));
    } else {
      ReadableHop merged = hops[i];
      merged.text = fmt::format("{} \u00d7{}", hops[i].generalized, run);
      merged.generalized = hops[i].generalized + " \u00d7N";
      merged.edge_count = hops[i + run - 1].first_edge + hops[i + run - 1].edge_count - hops[i].first_edge;
      out.push_back(std::move(merged));
    }
    i += run;
  }
  hops = std::move(out);
}

// The holder: the first program variable after the last runtime internals, passing over a
// variable that only leads to the next one: directly (a global function through whose scope the
// path goes on, `process` on the way to module.exports) or through one method whose scope holds
// the next (`module.exports of service.js → startService → contextsByRequestId (closure
// variable of startService)`). A listener registration is not passed over: removing it is a fix.
size_t pick_holder(const std::vector<ReadableHop>& hops, const Walk& w) {
  auto closure_variable = [&](const ReadableHop& h) {
    return h.kind == HopKind::kVariable && h.first_edge < w.size() && w.name(h.first_edge) == "context" &&
           w.g.node_kind(w.from(h.first_edge)) == NodeKind::kClosure;
  };
  auto method = [&](const ReadableHop& h) {
    return h.kind == HopKind::kStep && h.edge_count == 1 && w.kind(h.first_edge) == EdgeKind::kProperty &&
           w.g.node_kind(w.to(h.first_edge)) == NodeKind::kClosure;
  };
  size_t after = 0;  // first hop after the last runtime fold
  for (size_t i = 0; i + 1 < hops.size(); ++i)
    if (hops[i].runtime) after = i + 1;
  for (size_t i = after; i + 1 < hops.size(); ++i) {
    if (hops[i].kind != HopKind::kVariable || hops[i + 1].kind == HopKind::kVariable) continue;
    if (i + 2 < hops.size() && method(hops[i + 1]) && closure_variable(hops[i + 2])) continue;
    return i;
  }
  if (after + 1 < hops.size()) return after;  // no variable: the first hop past the internals
  return after > 0 ? after - 1 : 0;           // the internals hold the object directly
}

std::string join(const std::vector<ReadableHop>& hops, size_t from, size_t to, bool generalized) {
  std::string out;
  for (size_t i = from; i < to; ++i) {
    if (i > from) out += kArrow;
    out += generalized ? hops[i].generalized : hops[i].text;
  }
  return out;
}

}  // namespace

std::string ReadablePath::text() const { return join(hops, holder, hops.size(), false); }
std::string ReadablePath::via() const { return via_shown ? join(hops, 0, holder, false) : std::string(); }
std::string ReadablePath::generalized_text() const { return join(hops, holder, hops.size(), true); }
std::string ReadablePath::generalized_via() const {
  return via_shown ? join(hops, 0, holder, true) : std::string();
}

ReadablePath make_readable_path(const HeapGraph& graph, std::span<const uint8_t> dom_state,
                                NodeOrdinal target, const RetainerPath& path,
                                const ReadablePathOptions& options) {
  Walk w{graph, dom_state, path, {}, options.browser};
  w.nodes.reserve(path.edges.size() + 1);
  w.nodes.push_back(path.start);
  for (const EdgeIndex e : path.edges) w.nodes.push_back(graph.edge_target(e));

  ReadablePath out;
  out.hops.push_back(start_hop(w));
  using Rule = std::optional<ReadableHop> (*)(const Walk&, size_t);
  static constexpr std::array<Rule, 9> kRules = {fold_timer_list, fold_scope,        fold_code,
                                                 fold_collection, fold_listeners,    fold_module,
                                                 fold_backing_store, fold_cons_string, fold_dom_chain};
  for (size_t i = out.hops.front().edge_count; i < w.size();) {
    std::optional<ReadableHop> h;
    for (const Rule rule : kRules) {
      h = rule(w, i);
      if (h && h->edge_count > 0) break;
      h.reset();
    }
    if (!h) h = step(w, i);
    i += h->edge_count;
    out.hops.push_back(std::move(*h));
  }
  collapse_repeats(out.hops);
  out.hops.push_back(ReadableHop{target_text(w, target, true), target_text(w, target, false),
                                 static_cast<uint32_t>(w.size()), 0, HopKind::kTarget, false});
  out.holder = pick_holder(out.hops, w);
  // "recentRequests (global variable)" and "window.backStack" say where they are: "via global"
  // would add nothing.
  out.via_shown = !(out.holder == 1 && out.hops[0].edge_count == 0 &&
                    out.hops[1].kind == HopKind::kVariable && path.start != graph::kNoNode &&
                    is_user_root_name(graph.node_name(path.start)));
  return out;
}

bool is_browser_snapshot(const HeapGraph& graph) {
  const NodeOrdinal root = graph.root();
  if (root == graph::kNoNode) return false;
  for (EdgeIndex e = graph.first_edge(root), end = graph.first_edge(root + 1); e < end; ++e) {
    const std::string_view name = graph.node_name(graph.edge_target(e));
    if (starts_with(name, "Window") || name == "(Document DOM trees)") return true;
  }
  return false;
}

}  // namespace heapsnap::analysis

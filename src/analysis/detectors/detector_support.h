// Shared machinery of the detectors (not public): the names they look for, resolved once to
// string indices; source positions of closures; readable names of holders and scopes; the
// retainer DevTools would show first; retained sums that count nested objects once; off-heap
// bytes below given objects in the dominator tree.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "heapsnap/analysis/allocation_sites.h"
#include "heapsnap/analysis/detectors/detector_input.h"
#include "heapsnap/analysis/detectors/finding.h"

namespace heapsnap::analysis::detectors {

// Names the detectors compare against (node names, edge names, oddball values).
enum class Name : uint8_t {
  kNone,
  kEvents, kProto, kArray, kMap, kSet, kTable, kElements, kProperties, kObjectProperties,
  kTimeout, kImmediate, kOnTimeout, kOnImmediate, kRepeat, kDestroyed, kIdleNext,
  kShared, kContext, kBoundFunction, kBoundThis, kListener, kNativeBind,
  kSystemContext, kNativeContext, kScopeInfo, kNameOrScopeInfo, kScriptOrDebugInfo, kScript,
  kPrevious, kArrayBufferData, kBackingStore, kBuffer, kNativeToJs, kOwnerSymbol,
  kExternalStrings, kSource, kOddball, kTrue, kFalse, kNull, kV8EventListener,
  kCount
};

class DetectorSupport {
 public:
  explicit DetectorSupport(const DetectorInput& input);

  const DetectorInput& input() const { return input_; }
  const graph::HeapGraph& graph() const { return g_; }
  const DevtoolsAnalysis& analysis() const { return a_; }

  // The string index of a name, or kNoString when the snapshot lacks it or holds it twice
  // (V8 writes each string once; then compare tags instead).
  static constexpr graph::StringIndex kNoString{UINT32_MAX};
  graph::StringIndex index_of(Name name) const { return index_[static_cast<size_t>(name)]; }

  Name tag(graph::StringIndex s) const {
    return value(s) < tags_.size() ? Name(tags_[value(s)]) : Name::kNone;
  }
  Name node_tag(graph::NodeOrdinal n) const { return tag(g_.node_name_index(n)); }
  // The tag of a named edge; kNone for element and hidden edges.
  Name edge_tag(graph::EdgeIndex e) const {
    return graph::edge_name_is_index(g_.edge_kind(e)) ? Name::kNone : tag(g_.edge_name_index(e));
  }
  // "Node / <kind>" names of Node's handle and request wraps ("Node / TCPSocketWrap", ...).
  bool is_handle_name(graph::StringIndex s) const {
    return value(s) < tags_.size() && handle_[value(s)];
  }

  // Target of n's first named edge with this name, or kNoNode.
  graph::NodeOrdinal edge_to(graph::NodeOrdinal n, Name name) const;
  // The oddball value a node stands for (kTrue, kFalse, kNull, kNone for anything else).
  Name oddball_value(graph::NodeOrdinal n) const;

  // A closure's own function: native_bind (bound) functions resolve to their bound_function.
  graph::NodeOrdinal resolve_function(graph::NodeOrdinal closure) const;
  // Name and definition of a closure's function (1-based line/column, script resolved).
  SourcePosition function_position(graph::NodeOrdinal closure) const;
  // The constructor location of an object (empty function name), when the snapshot has one.
  SourcePosition object_position(graph::NodeOrdinal object) const;
  // Script name of a SharedFunctionInfo ("" when unknown).
  std::string_view sfi_script(graph::NodeOrdinal sfi) const;

  // The retainer DevTools shows first, which retainer paths take (nearest_retainers.h): the
  // non-weak retaining edge whose source has the smallest distance (retainer order when
  // distances are absent), never from the root node. kNoNode/0 when there is none.
  struct Retainer {
    graph::NodeOrdinal source = graph::kNoNode;
    graph::EdgeIndex edge = 0;
  };
  Retainer best_retainer(graph::NodeOrdinal n) const;
  // n's retainers through edges called `name` (kShared, kContext, kNameOrScopeInfo, kBuffer or
  // kSource: the names indexed), in retainer order (source ordinal, then edge index).
  std::span<const Retainer> retainers_via(graph::NodeOrdinal n, Name name) const;
  // Every retainer of each of `nodes`, any edge kind, in retainer order: one pass over the
  // edges, for detectors that look at all retainers of a few nodes.
  std::unordered_map<graph::NodeOrdinal, std::vector<Retainer>> retainers_of(
      std::span<const graph::NodeOrdinal> nodes) const;
  // "name" of the edge: a property name, "[12]" for elements, a context variable name.
  std::string edge_text(graph::EdgeIndex e) const;
  // Readable name of a node: DevTools' name, "(anonymous)" for unnamed closures, a scope name
  // for contexts.
  std::string readable_name(graph::NodeOrdinal n) const;
  // "handleRequest() in app.js" / "module scope of app.js" / "a scope in app.js".
  std::string scope_name(graph::NodeOrdinal context) const;
  // The SharedFunctionInfo whose scope a context is, or kNoNode (module scopes often have none).
  graph::NodeOrdinal scope_function(graph::NodeOrdinal context) const;
  // The script a context belongs to ("" when unknown).
  std::string scope_script(graph::NodeOrdinal context) const;

  // Sum of retained sizes of `nodes`, leaving out those dominated (within a few steps up the
  // dominator tree) by another member, so nested members count once.
  uint64_t retained_once(std::span<const graph::NodeOrdinal> nodes) const;
  // Off-heap bytes (ArrayBuffer backing stores) dominated by each of `roots`: for every
  // backing store, its nearest dominator among the roots gets its size. Map root -> bytes.
  std::unordered_map<graph::NodeOrdinal, uint64_t> external_bytes_below(
      std::span<const graph::NodeOrdinal> roots) const;

  // Fills holder, holder_id and holder_name.
  void set_holder(Finding& f, graph::NodeOrdinal holder) const;

 private:
  DetectorInput input_;
  const graph::HeapGraph& g_;
  const DevtoolsAnalysis& a_;
  void index_named_retainers();

  const NearestRetainers& nearest_;
  // Retainers through the edges retainers_via() answers for, sorted by (name, target) as keys
  // name << 32 | target; each target's in retainer order.
  std::vector<uint64_t> via_keys_;
  std::vector<Retainer> via_retainers_;  // same order as via_keys_
  std::vector<uint8_t> tags_;    // per string index: Name
  std::vector<uint8_t> handle_;  // per string index: a handle wrap name
  std::vector<graph::StringIndex> index_;  // per Name
  ScriptNames scripts_;
  bool locations_sorted_ = true;
};

// The detectors on a support built once (run_detectors shares one among all eight).
std::vector<Finding> detect_event_listeners(const DetectorSupport& s, const DetectorOptions& o);
std::vector<Finding> detect_timers(const DetectorSupport& s, const DetectorOptions& o);
std::vector<Finding> detect_handles(const DetectorSupport& s, const DetectorOptions& o);
std::vector<Finding> detect_collections(const DetectorSupport& s, const DetectorOptions& o);
std::vector<Finding> detect_closures(const DetectorSupport& s, const DetectorOptions& o);
std::vector<Finding> detect_off_heap(const DetectorSupport& s, const DetectorOptions& o);
std::vector<Finding> detect_duplicate_strings(const DetectorSupport& s, const DetectorOptions& o);
std::vector<Finding> detect_detached_dom(const DetectorSupport& s, const DetectorOptions& o);

// Finding::examples holds the ids of at most this many objects.
inline constexpr size_t kMaxExamples = 5;
// Appends the ids of the first of `nodes` to f.examples, up to kMaxExamples in all.
void add_examples(Finding& f, const graph::HeapGraph& g, std::span<const graph::NodeOrdinal> nodes);

// Keeps the `limit` largest findings by `value` (0: all), largest first, ties by key.
void keep_largest(std::vector<Finding>& findings, uint32_t limit,
                  uint64_t (*value)(const Finding&));

// "1.2 MiB"-style sizes for titles.
std::string bytes_text(uint64_t bytes);
// "app.js:19:15" (script base name) or "" without a location.
std::string position_text(const SourcePosition& p);
// The last path component of a script name ("/srv/app.js" -> "app.js").
std::string_view base_name(std::string_view script);

}  // namespace heapsnap::analysis::detectors

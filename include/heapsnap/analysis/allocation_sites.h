// Allocation sites: where each object of a snapshot was allocated, as far as the snapshot tells.
//
// Two sources, best first:
//   1. Allocation stacks (snapshots taken with --track-heap-objects or DevTools' "allocation
//      instrumentation"): a node's trace_node_id names a node of the trace tree; walking its
//      parent links gives the stack, each frame a row of trace_function_infos. The site is the
//      top `stack_depth` frames, e.g.
//        "handleRequest (/srv/app.js:22:23) <- emit (node:events:471:44)".
//      Line and column there are 1-based (V8 adds 1 when it serializes them).
//   2. Source locations (every Node 20 snapshot): the `locations` section gives, for objects, the
//      location of their constructor and, for closures, of the function itself. The site is
//      "RequestContext (/srv/app.js:9:14)": the node's name and the location, made 1-based.
//      Nodes of other kinds (strings, arrays, hidden, code, ...) have no site.
// A node with a trace_node_id of 0 (not sampled by the tracker) falls back to its location.
//
// Script names. trace_function_infos carry the script name; `locations` carry only V8's script
// id. What a Node 20 (V8 11.3) snapshot holds to resolve it, checked on the scenario snapshots
// in testdata/scenarios:
//   - a closure has an internal edge `shared` to its SharedFunctionInfo (a `code` node named
//     after the function);
//   - the SharedFunctionInfo has an internal edge `script_or_debug_info` (older V8: `script`) to
//     the Script, a `code` node whose name is the script's name ("/srv/app.js",
//     "node:internal/timers"); the Script has internal edges `source` and `name` to strings (and
//     `line_ends`, `context_data`, ...). While a debugger is attached the edge may lead to a
//     DebugInfo, which has a `script` edge of its own.
//   - the Script node itself carries no script id; the id is known only from `locations` rows of
//     closures. So ScriptNames maps the script id of each closure's location row to the name
//     reached through shared -> script_or_debug_info -> name. Objects' constructors are closures
//     with a location row of their own, so in practice every script id of `locations` resolves
//     (all 119 of the map-cache series do). An id that does not resolve prints as "script#<id>".
// Sites are matched across snapshots by their text, never by index.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "heapsnap/graph/heap_graph.h"

namespace heapsnap::analysis {

struct AllocationSiteOptions {
  // Frames of an allocation stack kept in a site (top frame first). At least 1.
  uint32_t stack_depth = 4;
};

// One frame: a function and where it is defined (line/column 1-based, 0 when unknown).
struct SiteFrame {
  std::string function;  // "(anonymous)" for functions without a name
  std::string script;    // script name, or "script#<id>" when it could not be resolved
  uint32_t line = 0;
  uint32_t column = 0;
};

enum class SiteKind : uint8_t {
  kStack,     // from the allocation tracker: frames[0] is the allocating function
  kLocation,  // from `locations`: frames[0] is the constructor (objects) or the function (closures)
};

struct AllocationSite {
  SiteKind kind = SiteKind::kLocation;
  std::vector<SiteFrame> frames;  // top frame first; one frame for kLocation
  std::string label;              // the site as text: its identity across snapshots
};

// script id -> script name, recovered from the graph as described above.
class ScriptNames {
 public:
  explicit ScriptNames(const graph::HeapGraph& graph);
  // The script's name, or "" when unknown.
  std::string_view name(uint32_t script_id) const;
  // Number of script ids resolved.
  size_t size() const { return resolved_; }

 private:
  std::vector<std::string> names_;  // by script id (script ids are small, dense integers)
  size_t resolved_ = 0;
};

struct AllocationSites {
  static constexpr uint32_t kNoSite = UINT32_MAX;
  std::vector<AllocationSite> sites;  // distinct by label
  std::vector<uint32_t> node_site;    // per node: index into sites, or kNoSite
  uint32_t stack_nodes = 0;           // nodes whose site is an allocation stack
  uint32_t location_nodes = 0;        // nodes whose site is a source location
};

// The site of every node. Work is per distinct (trace node) or (name, location), not per node.
AllocationSites compute_allocation_sites(const graph::HeapGraph& graph,
                                         const AllocationSiteOptions& options = {});

// The label of one node's site, as compute_allocation_sites would give it ("" when it has none),
// without computing every node's: for a handful of nodes (suspects' examples). Linear in the
// trace tree and the locations.
std::string allocation_site_label(const graph::HeapGraph& graph, const ScriptNames& scripts,
                                  graph::NodeOrdinal node, const AllocationSiteOptions& options = {});

// "fn (script:line:col)"; "fn (script)" when the line is unknown; just "fn" without a script.
std::string format_frame(const SiteFrame& frame);

}  // namespace heapsnap::analysis

// Readable retainer paths: a retainer path (retainer_paths.h) as a reader acts on it.
//
// A raw path names every edge from a GC root to the object, runtime machinery included: in a
// Node snapshot a leaked Map entry is reached through `global → clearTimeout → context →
// timerListMap → [30000] → _idleNext → _onTimeout → bound_this → _events → request → context →
// contextsByRequestId → table → 15317`. The readable form
//   - names every hop by what it is in the program: a closure's `context` and the context
//     variable become one hop "contextsByRequestId (closure variable of handleRequest)", a Map's
//     `table` and slot become "Map.get(\"key\")" (or "Map value" when the key is a small integer,
//     which a snapshot does not hold), an element names its array ("[8] in Detached <li>");
//   - folds runtime internals into ONE labelled hop each: Node's timer lists, module wrappers,
//     code and feedback edges, object shapes, the GC root category at the start, backing stores
//     ("(internal array)"), the parts of concatenated strings and, in browser snapshots, chains
//     through the DOM tree;
//   - starts at the holder, the reference a reader changes to free the object: the first program
//     variable (closure variable, global variable, module.exports) after the last runtime
//     internals on the way; what leads to the holder is kept as `via`.
// Every rule and its reason: docs/readable-paths.md. The raw path stays what it is; each hop
// records which of its edges it covers.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "heapsnap/analysis/retainer_paths.h"
#include "heapsnap/graph/heap_graph.h"

namespace heapsnap::analysis {

enum class HopKind : uint8_t {
  kStart,     // the path's start node (with the GC root category edges it absorbs)
  kStep,      // one reference, named
  kVariable,  // a program variable: closure or global variable, module.exports
  kFolded,    // runtime internals folded into one hop
  kTarget,    // the object itself (covers no edge)
};

struct ReadableHop {
  std::string text;         // "contextsByRequestId (closure variable of handleRequest)"
  std::string generalized;  // the same without indices, keys and ids: for signatures
  uint32_t first_edge = 0;  // the hop covers the raw path's edges [first_edge, first_edge + edge_count)
  uint32_t edge_count = 0;
  HopKind kind = HopKind::kStep;
  bool runtime = false;  // folded runtime internals: the holder comes after the last of them
};

struct ReadablePath {
  std::vector<ReadableHop> hops;  // root side first; the last is the target
  size_t holder = 0;              // index of the holder in hops
  // False when what leads to the holder says nothing the holder does not: the `global` or
  // `Window` of a global variable.
  bool via_shown = true;

  // "contextsByRequestId (closure variable of handleRequest) → Map value → RequestContext @1"
  std::string text() const;
  // What leads to the holder: "global → (Node timer list) → Timeout._onTimeout → …"; "" when the
  // holder is the start or a global variable.
  std::string via() const;
  // text() and via() without indices, keys and ids.
  std::string generalized_text() const;
  std::string generalized_via() const;
};

struct ReadablePathOptions {
  bool browser = false;  // Chrome wording and rules (DOM chains) instead of Node's
};

ReadablePath make_readable_path(const graph::HeapGraph& graph, std::span<const uint8_t> dom_state,
                                graph::NodeOrdinal target, const RetainerPath& path,
                                const ReadablePathOptions& options);

// A browser (Chrome) snapshot: the root holds a Window or "(Document DOM trees)".
bool is_browser_snapshot(const graph::HeapGraph& graph);

}  // namespace heapsnap::analysis

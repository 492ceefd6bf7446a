// One named leak pattern found in a snapshot ("42 listeners for 'update' on ConfigBus"): what a
// detector (analysis/detectors/*.h) reports, and what `suspects`, `diff` and `gate` consume.
//
// Across the snapshots of a series a finding is matched by `key` (kind + what identifies the
// pattern, never a node ordinal or id); docs/detectors.md gives each detector's key. Growth is
// then the difference of `count` and the byte figures between matched findings.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "heapsnap/graph/ids.h"

namespace heapsnap::analysis::detectors {

enum class FindingKind : uint8_t {
  kEventListeners,
  kTimers,
  kHandles,
  kCollections,
  kClosures,
  kOffHeap,
  kDuplicateStrings,
  kDetachedDom,
};
inline constexpr int kFindingKindCount = 8;

// Stable text id of a kind: "event-listeners", "timers", "handles", "collections", "closures",
// "off-heap", "duplicate-strings", "detached-dom".
std::string_view finding_kind_id(FindingKind kind);

// Where the code behind a finding is defined (the listener or callback function, the function
// whose scope a context is, the constructor of an owner). line and column are 1-based, 0 when
// unknown; script is the script's name ("/srv/app.js", "node:net") or "" when only the id is
// known.
struct SourcePosition {
  std::string function;  // "(anonymous)" for functions without a name; may be empty
  std::string script;
  uint32_t script_id = 0;
  uint32_t line = 0;
  uint32_t column = 0;
  bool known() const { return line != 0 || !script.empty(); }
};

struct Finding {
  FindingKind kind = FindingKind::kEventListeners;
  // Identity across snapshots: "<kind id>|..." built from names and source positions only.
  std::string key;
  // One line a Node engineer recognises: "252 listeners for 'update' on ConfigBus".
  std::string title;
  // The pattern without its figures, naming what `count` counts, for a series of counts after
  // it (diff): "listeners for 'update' on ConfigBus", "entries of Map held by cache in …".
  std::string subject;
  // What the pattern counts: listeners, timers, handles, entries, contexts, buffers, copies,
  // detached nodes (docs/detectors.md).
  uint64_t count = 0;
  // DevTools retained size of what the pattern holds, counting each object once.
  uint64_t retained_bytes = 0;
  // Bytes outside the V8 heap (ArrayBuffer backing stores, external strings) held by it; part
  // of retained_bytes when the snapshot counts them as node sizes (Node 20 does).
  uint64_t external_bytes = 0;
  // Duplicate strings: the bytes that all copies but one take.
  uint64_t wasted_bytes = 0;
  // The object that holds the pattern (the emitter, the Map, the context, the owner of a handle,
  // the holder of a buffer): node ordinal, V8 id and a readable name. kNoNode when there is none.
  graph::NodeOrdinal holder = graph::kNoNode;
  graph::NodeId holder_id{};
  std::string holder_name;
  SourcePosition location;  // location.known() false when the snapshot has none
  std::vector<graph::NodeId> examples;  // ids of a few objects of the pattern (at most 5)
  // Found only under a series' lowered floors (series_floors() in run_detectors.h): it measures
  // the pattern in this snapshot but would not be a finding of this snapshot alone.
  bool below_floor = false;
};

}  // namespace heapsnap::analysis::detectors

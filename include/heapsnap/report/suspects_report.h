// `heapsnap suspects`: leak suspects of one snapshot (analysis/leak_suspects.h): what holds a big
// share of the heap, where it accumulates, what accumulates there, who holds it and where it was
// allocated.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "heapsnap/graph/ids.h"
#include "heapsnap/report/report.h"

namespace heapsnap::snapshot {
class AnalyzedSnapshot;
}

namespace heapsnap::report {

inline constexpr int kSuspectsSchemaVersion = 1;

struct SuspectNode {
  graph::NodeId id{};
  std::string name;
  std::string type;
  uint64_t self_size = 0;
  uint64_t retained_size = 0;
};

struct SuspectGroup {  // one class among what accumulates
  std::string class_name;
  uint32_t count = 0;
  uint64_t retained_size = 0;
  graph::NodeId example_id{};  // the instance that retains most
};

struct SuspectRow {
  std::string kind;  // "object" or "class"
  SuspectNode object;  // object: the suspect; class: its biggest instance
  std::string class_name;
  uint32_t instances = 1;
  uint64_t retained_size = 0;
  std::vector<SuspectNode> walk;  // suspect .. accumulation point (object suspects)
  bool has_accumulation = false;
  SuspectNode accumulation;
  SuspectNode collection;  // the accumulation point as the program holds it
  uint32_t child_count = 0;
  uint32_t chain_length = 0;  // > 0: a linked chain
  std::string chain_edge;
  std::vector<SuspectGroup> accumulated;
  // Holder: the named reference nearest the collection on a shortest path from the roots.
  bool has_holder = false;
  std::string holder_path;      // the whole path as `heapsnap paths --full` writes it
  std::string readable_path;    // from the holder, runtime internals folded (readable_path.h)
  std::string readable_via;     // what leads to the holder ("" when nothing worth saying)
  std::string holder_property;  // the edge to cut or clear ("contextsByRequestId")
  SuspectNode holder_object;    // the object the property belongs to
  std::string site;             // where what accumulates was allocated or defined ("" unknown)
};

// A leak pattern a detector recognised (analysis/detectors/): listeners, timers, handles,
// collections, closures, off-heap memory, duplicate strings, detached DOM.
struct PatternRow {
  std::string kind;   // "event-listeners", "timers", ...
  std::string key;    // stable across snapshots (docs/detectors.md)
  std::string title;  // "252 listeners for 'update' on ConfigBus"
  uint64_t count = 0;
  uint64_t retained_size = 0;
  uint64_t external_size = 0;  // off-heap bytes (backing stores, external strings)
  uint64_t wasted_size = 0;    // duplicate strings: bytes of all copies but one
  graph::NodeId holder_id{};
  std::string holder_name;
  std::string location;  // "fn (script:line:column)" or ""
  std::vector<graph::NodeId> examples;
};

struct SuspectsReport final : Report {
  std::string file;
  uint64_t total_size = 0;
  uint64_t node_count = 0;
  double min_share = 0;
  uint64_t min_bytes = 0;
  uint64_t threshold = 0;
  std::vector<SuspectRow> suspects;
  // When there is no suspect: the biggest top-level object and class, for saying why.
  bool has_biggest_object = false;
  SuspectNode biggest_object;
  bool has_biggest_class = false;
  SuspectGroup biggest_class;
  // The biggest object that reached the threshold but spreads it over unlike things: its
  // accumulation point, that point's child count and its biggest class.
  bool has_spread = false;
  SuspectNode spread_object;
  SuspectNode spread_accumulation;
  uint32_t spread_children = 0;
  SuspectGroup spread_group;
  // What the detectors recognised, largest first per detector (empty with --no-patterns).
  std::vector<PatternRow> patterns;

  std::string_view kind() const override { return "suspects"; }
  std::string text() const override;
  std::string json() const override;
};

std::string render_suspects_text(const SuspectsReport& report);
std::string render_suspects_json(const SuspectsReport& report);

struct SuspectsOptions {
  double min_share = 0.10;          // a suspect retains at least this share of the heap
  uint64_t min_bytes = 256 * 1024;  // and at least this many bytes
  double dominant_child_share = 0.80;
  uint32_t limit = 10;              // suspects shown
  bool patterns = true;             // run the leak-pattern detectors too
};
SuspectsReport build_suspects_report(snapshot::AnalyzedSnapshot& snapshot, const SuspectsOptions& options);

}  // namespace heapsnap::report

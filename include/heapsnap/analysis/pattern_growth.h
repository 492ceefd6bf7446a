// Leak patterns across a series of snapshots: the leak-pattern detectors' findings
// (analysis/detectors/) of each snapshot, matched by key, as one series of counts and bytes per
// pattern; the patterns that keep growing are leak suspects (pattern_suspects.h).
//
// Matching. Findings of different snapshots are one pattern when their keys are equal (keys are
// built from names and source positions only: docs/detectors.md). Findings of one snapshot with
// equal keys (two emitters of one class, with the same event and listener function) are added
// together. A snapshot without a finding of the key shows the pattern as absent: its figures are
// 0 — the detector did not see it above its floor (DetectorOptions), so the true figure lies
// between 0 and that floor.
//
// Growth and the floors. A pattern's count is what its detector counts (listeners, timers,
// handles, entries, contexts, buffers, copies, detached nodes); its bytes are the detector's
// measure of what it costs: the wasted bytes of duplicate strings, the off-heap bytes of off-heap
// memory, the retained bytes of every other kind. A pattern is a suspect when
//   - its count grows from every snapshot to the next (an absent pattern counts 0), and
//   - from the first snapshot to the last it gains at least min_pattern_count items and
//     min_pattern_bytes bytes.
// Patterns are ranked suspects first, then by bytes gained, then by items gained, then by key.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "heapsnap/analysis/detectors/finding.h"

namespace heapsnap::analysis {

struct PatternOptions {
  uint32_t min_pattern_count = 10;         // items gained, first to last snapshot
  uint64_t min_pattern_bytes = 64 * 1024;  // bytes gained, first to last snapshot
};

// One pattern (one finding key) across the snapshots of a series.
struct PatternSeries {
  detectors::FindingKind kind = detectors::FindingKind::kEventListeners;
  std::string key;
  // Of the last snapshot that has the pattern: subject (the pattern without figures), title,
  // holder, location and example ids (ids are V8's, so they name the objects in that snapshot).
  std::string subject;
  std::string title;
  std::string holder_name;
  graph::NodeId holder_id{};
  detectors::SourcePosition location;
  std::vector<graph::NodeId> examples;
  size_t last_present = 0;  // the snapshot those come from
  // Per snapshot (0 where absent).
  std::vector<uint8_t> present;
  std::vector<uint64_t> counts;
  std::vector<uint64_t> retained;
  std::vector<uint64_t> external;
  std::vector<uint64_t> wasted;
  bool grows_every_step = false;  // count grows from every snapshot to the next
  bool suspect = false;           // grows in every step and passes the floors

  // The bytes that measure this kind of pattern (above), per snapshot.
  uint64_t bytes_at(size_t snapshot) const;
  int64_t count_growth() const;  // last - first
  int64_t bytes_growth() const;  // last - first
};

// findings[i] are the findings of snapshot i (oldest first; at least one snapshot). Returns every
// key found in any snapshot, ranked as described above.
std::vector<PatternSeries> pattern_growth(
    const std::vector<std::vector<detectors::Finding>>& findings, const PatternOptions& options);

// Is `p` a suspect under `options` (growth in every step, floors)? pattern_growth() sets
// PatternSeries::suspect with it.
bool passes_pattern_floor(const PatternSeries& p, const PatternOptions& options);

// Which bytes measure a kind: "wasted" (duplicate strings), "off-heap" (off-heap memory) or
// "retained".
const char* pattern_bytes_measure(detectors::FindingKind kind);

}  // namespace heapsnap::analysis

// A series of snapshots of one process, oldest first, compared by the diff engine
// (analysis/snapshot_diff.h). `diff` and `gate` both run their snapshots through it.
//
// Each snapshot is an AnalyzedSnapshot asked for what the diff needs (classes, allocation sites,
// the leak-pattern detectors' findings, and distances — for the last one only when the detectors
// are off: only the retainer paths need them then), then handed to the engine, which keeps a
// compact summary of it and its findings (and the whole of the last one). The reverse edge index
// the detectors need is freed with the snapshot.
//
// load_and_diff() loads snapshot i + 1 on other threads while snapshot i is analyzed: the
// analysis leaves the second core idle part of the time (19.2 s vs 19.6 s for loading after it,
// bench/README.md). That load shows no progress bar; its "parse"/"check" phases overlap
// "analyze" in the timer.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "heapsnap/analysis/snapshot_diff.h"
#include "heapsnap/snapshot/analyzed_snapshot.h"

namespace heapsnap::snapshot {

class SnapshotSeries {
 public:
  // `snapshot_count`: how many snapshots add() will receive (at least 2).
  SnapshotSeries(size_t snapshot_count, analysis::DiffOptions options = {});
  ~SnapshotSeries();
  SnapshotSeries(const SnapshotSeries&) = delete;
  SnapshotSeries& operator=(const SnapshotSeries&) = delete;

  // Analyzes the next snapshot as the diff needs it and hands it to the engine.
  void add(AnalyzedSnapshot snapshot);
  size_t added() const;
  // Matches objects across the snapshots, fills the group series, ranks leak suspects.
  analysis::DiffResult finish();

 private:
  analysis::DiffOptions options_;
  size_t expected_;
  std::unique_ptr<analysis::DiffEngine> engine_;
};

struct SeriesLoadOptions {
  ProgressSink* progress = nullptr;  // the first load's progress (later ones load in the background)
  PhaseTimer* timer = nullptr;       // "parse", "check", "analyze", "diff"
  // Called once per snapshot when it is loaded, in order (e.g. to print load warnings).
  std::function<void(const AnalyzedSnapshot&)> on_loaded;
};

// Loads `paths` (oldest first) and diffs them, loading ahead as described above.
analysis::DiffResult load_and_diff(const std::vector<std::string>& paths,
                                   const analysis::DiffOptions& options,
                                   const SeriesLoadOptions& load = {});

}  // namespace heapsnap::snapshot

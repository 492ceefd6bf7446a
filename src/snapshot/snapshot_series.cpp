#include "heapsnap/snapshot/snapshot_series.h"

#include <future>

#include "heapsnap/analysis/detectors/run_detectors.h"
#include "heapsnap/util/error.h"

namespace heapsnap::snapshot {

SnapshotSeries::SnapshotSeries(size_t snapshot_count, analysis::DiffOptions options)
    : options_(std::move(options)),
      expected_(snapshot_count),
      engine_(std::make_unique<analysis::DiffEngine>(snapshot_count, options_)) {}

SnapshotSeries::~SnapshotSeries() = default;

size_t SnapshotSeries::added() const { return engine_->added(); }

void SnapshotSeries::add(AnalyzedSnapshot snapshot) {
  const bool is_last = engine_->added() + 1 == expected_;
  Plan plan;
  plan.classes = true;
  // The detectors take retainers closest to a GC root first: distances for every snapshot then.
  plan.distances = is_last || options_.patterns;
  plan.allocation_sites = true;
  plan.site_options = options_.sites;
  snapshot.plan(plan);
  snapshot.classes();           // the DevTools passes, with the sites beside them
  snapshot.allocation_sites();  // (already there)
  // Lowered floors: a pattern's figures also where it is still small (run_detectors.h).
  if (options_.patterns) snapshot.findings(analysis::detectors::series_floors(options_.detectors));
  std::string label = snapshot.label();
  AnalyzedSnapshot::Parts parts = snapshot.release();
  for (auto& f : parts.findings) f.below_floor = !analysis::detectors::reaches_floors(f, options_.detectors);
  engine_->add(std::move(label), std::move(parts.graph), std::move(parts.devtools),
               std::move(parts.sites), std::move(parts.findings));
}

analysis::DiffResult SnapshotSeries::finish() { return engine_->finish(); }

analysis::DiffResult load_and_diff(const std::vector<std::string>& paths,
                                   const analysis::DiffOptions& options,
                                   const SeriesLoadOptions& load) {
  SnapshotSeries series(paths.size(), options);
  PhaseTimer* timer = load.timer;
  std::future<format::LoadedSnapshot> next;
  for (size_t i = 0; i < paths.size(); ++i) {
    format::LoadedSnapshot loaded;
    if (i == 0) {
      format::LoadOptions first;
      first.progress = load.progress;
      loaded = format::load_snapshot_file(paths[i], first);
    } else {
      loaded = next.get();
    }
    if (timer) {
      timer->add("parse", loaded.stats.parse_seconds);
      timer->add("check", loaded.stats.check_seconds);
    }
    if (i + 1 < paths.size()) {
      next = std::async(std::launch::async, [path = paths[i + 1]] {
        return format::load_snapshot_file(path, format::LoadOptions{});
      });
    }
    AnalyzedSnapshot snapshot(paths[i], std::move(loaded), timer);
    if (load.on_loaded) load.on_loaded(snapshot);
    series.add(std::move(snapshot));
  }
  if (timer) return timer->time("diff", [&] { return series.finish(); });
  return series.finish();
}

}  // namespace heapsnap::snapshot

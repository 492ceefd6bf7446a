// `heapsnap diff`: the result of a snapshot diff (analysis/snapshot_diff.h) as text for people or
// JSON for machines.
//
// Text: the snapshots, notes (e.g. "not one process"), the leak suspects with their counts per
// snapshot, allocation site and clustered retainer paths, then the group table (by constructor or
// by allocation site): counts per snapshot, the last step's new / deleted objects and allocated /
// freed bytes (DevTools' Comparison), and first-to-last deltas of count, self size and retained
// size. Groups absent from the first snapshot show [NEW], absent from the last [DEL]. Groups with
// no change are left out; rows past the limit are folded into "[N others]".
//
// JSON ("kind": "heapsnap-diff", "schema_version"): snapshots, identity checks, notes,
// suspects (name, key, site, sites, counts, sizes, survivors, retained_growth, related, paths,
// paths_sampled), groups (by constructor) and sites (by allocation site), each group with its
// per-snapshot series (counts, sizes, retained), per-step deltas (count_delta, size_delta, new,
// deleted, allocated_size, freed_size), first-to-last deltas, grows_every_step and survivors;
// "groups_omitted" / "sites_omitted" count the rows cut by the limit or left out for having no
// change.
#pragma once

#include <cstddef>
#include <string>

#include "heapsnap/analysis/snapshot_diff.h"
#include "heapsnap/report/report.h"

namespace heapsnap::report {

inline constexpr int kDiffSchemaVersion = 1;
inline constexpr const char* kDiffKind = "heapsnap-diff";

enum class DiffTable : uint8_t { kConstructors, kSites };

struct DiffReportOptions {
  size_t limit = 20;                           // rows per group table (-n); 0: all
  DiffTable table = DiffTable::kConstructors;  // the text report's group table
};

std::string render_diff_text(const analysis::DiffResult& diff,
                             const DiffReportOptions& options = {});
std::string render_diff_json(const analysis::DiffResult& diff,
                             const DiffReportOptions& options = {});

struct DiffReport final : Report {
  analysis::DiffResult diff;
  DiffReportOptions options;

  std::string_view kind() const override { return "diff"; }
  std::string text() const override { return render_diff_text(diff, options); }
  std::string json() const override { return render_diff_json(diff, options); }
};

}  // namespace heapsnap::report

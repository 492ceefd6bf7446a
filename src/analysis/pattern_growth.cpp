// Leak patterns across a series; matching, growth and floors are described in pattern_growth.h.
#include "heapsnap/analysis/pattern_growth.h"

#include <algorithm>
#include <unordered_map>

namespace heapsnap::analysis {

using detectors::Finding;
using detectors::FindingKind;

uint64_t PatternSeries::bytes_at(size_t snapshot) const {
  switch (kind) {
    case FindingKind::kDuplicateStrings: return wasted[snapshot];
    case FindingKind::kOffHeap: return external[snapshot];
    default: return retained[snapshot];
  }
}

int64_t PatternSeries::count_growth() const {
  if (counts.empty()) return 0;
  return static_cast<int64_t>(counts.back()) - static_cast<int64_t>(counts.front());
}

int64_t PatternSeries::bytes_growth() const {
  if (counts.empty()) return 0;
  return static_cast<int64_t>(bytes_at(counts.size() - 1)) - static_cast<int64_t>(bytes_at(0));
}

const char* pattern_bytes_measure(FindingKind kind) {
  switch (kind) {
    case FindingKind::kDuplicateStrings: return "wasted";
    case FindingKind::kOffHeap: return "off-heap";
    default: return "retained";
  }
}

bool passes_pattern_floor(const PatternSeries& p, const PatternOptions& options) {
  return p.grows_every_step &&
         p.count_growth() >= static_cast<int64_t>(options.min_pattern_count) &&
         p.bytes_growth() >= static_cast<int64_t>(options.min_pattern_bytes);
}

std::vector<PatternSeries> pattern_growth(const std::vector<std::vector<Finding>>& findings,
                                          const PatternOptions& options) {
  const size_t n = findings.size();
  std::vector<PatternSeries> patterns;
  std::unordered_map<std::string, size_t> by_key;
  std::vector<uint64_t> naming_count;  // per pattern: count of the finding that names it
  for (size_t s = 0; s < n; ++s) {
    for (const Finding& f : findings[s]) {
      auto [it, inserted] = by_key.emplace(f.key, patterns.size());
      if (inserted) {
        PatternSeries p;
        p.kind = f.kind;
        p.key = f.key;
        p.present.assign(n, 0);
        p.counts.assign(n, 0);
        p.retained.assign(n, 0);
        p.external.assign(n, 0);
        p.wasted.assign(n, 0);
        patterns.push_back(std::move(p));
        naming_count.push_back(0);
      }
      PatternSeries& p = patterns[it->second];
      if (!p.present[s] || f.count > naming_count[it->second]) {
        // The largest finding of the key in the latest snapshot names the pattern.
        p.subject = f.subject;
        p.title = f.title;
        p.holder_name = f.holder_name;
        p.holder_id = f.holder_id;
        p.location = f.location;
        p.examples = f.examples;
        p.last_present = s;
        naming_count[it->second] = f.count;
      }
      p.present[s] = 1;
      p.counts[s] += f.count;
      p.retained[s] += f.retained_bytes;
      p.external[s] += f.external_bytes;
      p.wasted[s] += f.wasted_bytes;
    }
  }
  // Keys found only under the series' lowered floors (Finding::below_floor) in every snapshot are
  // no pattern: their figures only fill in the snapshots where a pattern is still small.
  std::unordered_map<std::string, bool> reaches;
  for (const auto& snapshot : findings)
    for (const Finding& f : snapshot)
      if (!f.below_floor) reaches[f.key] = true;
  std::erase_if(patterns, [&](const PatternSeries& p) { return !reaches.contains(p.key); });
  for (PatternSeries& p : patterns) {
    p.grows_every_step = n >= 2;
    for (size_t s = 0; s + 1 < n; ++s)
      if (p.counts[s + 1] <= p.counts[s]) p.grows_every_step = false;
    p.suspect = passes_pattern_floor(p, options);
  }
  std::sort(patterns.begin(), patterns.end(), [](const PatternSeries& x, const PatternSeries& y) {
    if (x.suspect != y.suspect) return x.suspect;
    if (x.bytes_growth() != y.bytes_growth()) return x.bytes_growth() > y.bytes_growth();
    if (x.count_growth() != y.count_growth()) return x.count_growth() > y.count_growth();
    return x.key < y.key;
  });
  return patterns;
}

}  // namespace heapsnap::analysis

#include "heapsnap/report/pattern_wording.h"

#include <fmt/format.h>

#include "heapsnap/util/byte_units.h"

namespace heapsnap::report {

using analysis::PatternSeries;
using analysis::detectors::FindingKind;

std::string pattern_counts_text(const PatternSeries& p) {
  std::string out;
  for (size_t i = 0; i < p.counts.size(); ++i) {
    if (i) out += " \u2192 ";
    out += p.present[i] ? std::to_string(p.counts[i]) : std::string("0");
  }
  return out;
}

std::string pattern_bytes_text(const PatternSeries& p) {
  if (p.counts.empty()) return {};
  const size_t last = p.counts.size() - 1;
  const auto delta = [](uint64_t from, uint64_t to) {
    return format_bytes_delta(static_cast<int64_t>(to) - static_cast<int64_t>(from));
  };
  if (p.kind == FindingKind::kDuplicateStrings)
    return delta(p.wasted[0], p.wasted[last]) + " wasted";
  std::string out = delta(p.retained[0], p.retained[last]) + " retained";
  if (p.external[last] != 0 || p.external[0] != 0)
    out += ", " + delta(p.external[0], p.external[last]) + " off-heap";
  return out;
}

std::string pattern_location_text(const PatternSeries& p) {
  const auto& l = p.location;
  if (!l.known()) return {};
  std::string where = l.script;
  const size_t slash = where.find_last_of('/');
  if (slash != std::string::npos) where.erase(0, slash + 1);
  if (where.empty()) where = fmt::format("script#{}", l.script_id);
  if (l.line != 0) where += fmt::format(":{}:{}", l.line, l.column);
  return l.function.empty() ? where : fmt::format("{} at {}", l.function, where);
}

std::string pattern_line(const PatternSeries& p) {
  std::string out = fmt::format("{}: {} ({})", p.subject, pattern_counts_text(p),
                                pattern_bytes_text(p));
  const std::string where = pattern_location_text(p);
  if (!where.empty()) out += ", " + where;
  if (!p.holder_name.empty() && p.kind != FindingKind::kTimers) out += fmt::format(", held by {} @{}", p.holder_name, p.holder_id);
  return out;
}

}  // namespace heapsnap::report

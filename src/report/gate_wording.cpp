#include "heapsnap/report/gate_wording.h"

#include <cstdio>

#include "heapsnap/util/byte_units.h"

namespace heapsnap::report {

using analysis::GroupKind;
using analysis::RuleKind;
using analysis::RuleOutcome;
using analysis::RuleStatus;
using analysis::SizeMeasure;

namespace {

std::string percent_text(double value, bool sign) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, sign ? "%+.1f%%" : "%.1f%%", value);
  return buffer;
}

// A limit as the user wrote it: 10 -> "10%", 2.5 -> "2.5%".
std::string limit_percent_text(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%g%%", value);
  return buffer;
}

std::string count_delta_text(int64_t delta) {
  // Appending, not "+" + to_string(...): GCC 12 warns (-Wrestrict) on the latter at -O3.
  std::string out;
  if (delta > 0) out.push_back('+');
  out += std::to_string(delta);
  return out;
}

const char* group_noun(GroupKind kind, bool plural) {
  if (kind == GroupKind::kClass) return plural ? "constructors" : "constructor";
  return plural ? "allocation sites" : "allocation site";
}

const char* measure_noun(SizeMeasure measure) {
  return measure == SizeMeasure::kRetained ? "retained size" : "self size";
}

bool has_wildcard(const std::string& pattern) {
  return pattern.find_first_of("*?") != std::string::npos;
}

std::string group_subject(const RuleOutcome& o) {
  if (o.pattern == "*")
    return std::string("every ") + group_noun(o.group_kind, false) + " (not V8's own)";
  if (has_wildcard(o.pattern))
    return std::string("every ") + group_noun(o.group_kind, false) + " matching '" + o.pattern + "'";
  return std::string(group_noun(o.group_kind, false)) + " " + o.pattern;
}

// The limit in the rule's unit: "10%", "1.0 MiB", "5000 objects".
std::string limit_text(const RuleOutcome& o) {
  switch (o.kind) {
    case RuleKind::kTotalGrowthPercent: return limit_percent_text(o.limit);
    case RuleKind::kGroupCountGrowth:
      return std::to_string(static_cast<uint64_t>(o.limit)) + " objects";
    case RuleKind::kNoSuspects: return "";
    case RuleKind::kListeners:
      return std::to_string(static_cast<uint64_t>(o.limit)) + " listeners";
    case RuleKind::kHandleGrowth:
      return std::to_string(static_cast<uint64_t>(o.limit)) + " open handles";
    case RuleKind::kTimerGrowth:
      return std::to_string(static_cast<uint64_t>(o.limit)) + " active timers";
    case RuleKind::kCollectionGrowth:
      return std::to_string(static_cast<uint64_t>(o.limit)) + " entries";
    default: return format_bytes(static_cast<uint64_t>(o.limit));
  }
}

std::string suspect_line(const RuleOutcome& o, const std::vector<analysis::GateSuspect>& suspects) {
  if (o.suspect < 0 || static_cast<size_t>(o.suspect) >= suspects.size()) return "";
  return "\ntop suspect " + describe_suspect(suspects[static_cast<size_t>(o.suspect)]);
}

std::string total_message(const RuleOutcome& o, const std::vector<analysis::GateSuspect>& suspects) {
  const auto base = static_cast<uint64_t>(o.baseline);
  std::string out = "total heap size " + format_bytes(base) + " → " +
                    format_bytes(static_cast<uint64_t>(o.current)) + ": " +
                    format_bytes_delta(o.growth) +
                    (base ? " (" + percent_text(o.growth_percent, true) + ")" : "") + ", limit " +
                    limit_text(o);
  if (o.status != RuleStatus::kFail) return out;
  if (o.grower)
    out += "; grew most in self size: " + o.grower->name + " (" +
           format_bytes_delta(o.grower->self_growth) + ", " +
           count_delta_text(o.grower->count_growth) + " objects)";
  return out + suspect_line(o, suspects);
}

std::string group_message(const RuleOutcome& o, const std::vector<analysis::GateSuspect>& suspects) {
  switch (o.note) {
    case RuleOutcome::Note::kSummaryHasNoSites:
      return "skipped: the baseline is a summary, which has no allocation sites";
    case RuleOutcome::Note::kNoSites: return "skipped: no allocation sites were computed";
    case RuleOutcome::Note::kNoMatch:
      return std::string("no ") + group_noun(o.group_kind, false) + " matches '" + o.pattern +
             "' in the baseline or the current snapshot";
    default: break;
  }
  std::string out;
  if (o.kind == RuleKind::kGroupCountGrowth) {
    out = o.group + ": " + std::to_string(o.baseline) + " → " + std::to_string(o.current) +
          " objects (" + count_delta_text(o.growth) + "), limit +" + limit_text(o);
  } else {
    out = o.group + ": " + measure_noun(o.measure) + " " +
          format_bytes(static_cast<uint64_t>(o.baseline)) + " → " +
          format_bytes(static_cast<uint64_t>(o.current)) + " (" + format_bytes_delta(o.growth) +
          "), limit +" + limit_text(o);
  }
  if (o.matched > 1)
    out += "; " + std::to_string(o.offenders) + " of " + std::to_string(o.matched) + " " +
           group_noun(o.group_kind, true) + " over the limit";
  switch (o.suspect_link) {
    case RuleOutcome::SuspectLink::kOwn: out += suspect_line(o, suspects); break;
    case RuleOutcome::SuspectLink::kTopOverall:
      if (o.suspect >= 0 && static_cast<size_t>(o.suspect) < suspects.size())
        out += "\nno leak suspect of its own; top suspect overall " +
               describe_suspect(suspects[static_cast<size_t>(o.suspect)]);
      break;
    case RuleOutcome::SuspectLink::kNoneFound:
      out += "\nno leak suspects: no group keeps new objects alive from snapshot to snapshot "
             "above the noise floor (a cache filling up, or churn?)";
      break;
    case RuleOutcome::SuspectLink::kNone: break;
  }
  return out;
}

std::string suspect_message(const RuleOutcome& o,
                            const std::vector<analysis::GateSuspect>& suspects) {
  if (o.note == RuleOutcome::Note::kSummaryHasNoSuspects)
    return "skipped: the baseline is a summary; leak suspects need objects matched across "
           "snapshots of one process";
  const bool any = o.kind == RuleKind::kNoSuspects;
  std::string allowed_text;
  if (!o.allowed.empty()) {
    allowed_text = " (" + std::to_string(o.allowed.size()) + " allowed:";
    for (size_t i = 0; i < o.allowed.size(); ++i) allowed_text += (i ? ", " : " ") + o.allowed[i];
    allowed_text += ")";
  }
  if (o.suspect < 0) return "no leak suspects" + allowed_text;
  const std::string noun = o.matched == 1 ? " leak suspect" : " leak suspects";
  if (o.offenders == 0)
    return std::to_string(o.matched) + noun + ", the largest " + o.group +
           " with retained growth " + format_bytes_delta(o.growth) + ", limit +" + limit_text(o) +
           allowed_text;
  std::string out = any ? std::to_string(o.offenders) + noun + allowed_text
                        : std::to_string(o.offenders) + " of " + std::to_string(o.matched) + noun +
                              " over +" + limit_text(o) + allowed_text;
  return out + suspect_line(o, suspects);
}

// The leak-pattern rules: "listeners for 'update' on ConfigBus: 12 → 252 listeners, limit 100".
std::string pattern_message(const RuleOutcome& o,
                            const std::vector<analysis::GateSuspect>& suspects) {
  switch (o.note) {
    case RuleOutcome::Note::kSummaryHasNoPatterns:
      return "skipped: the baseline is a summary; leak patterns need snapshots";
    case RuleOutcome::Note::kNoPatterns:
      return "skipped: the leak-pattern detectors did not run (--no-patterns)";
    default: break;
  }
  if (o.matched == 0) {
    switch (o.kind) {
      case RuleKind::kListeners:
        return o.pattern == "*" ? "no emitter with piled-up listeners"
                                : "no emitter with piled-up listeners for '" + o.pattern + "'";
      case RuleKind::kHandleGrowth: return "no group of open handles";
      case RuleKind::kTimerGrowth: return "no group of active timers";
      case RuleKind::kCollectionGrowth: return "no large collection";
      default: return "no duplicated string";
    }
  }
  std::string out = o.group + ": ";
  switch (o.kind) {
    case RuleKind::kListeners:
      out += std::to_string(o.current) + " listeners, limit " +
             std::to_string(static_cast<uint64_t>(o.limit));
      break;
    case RuleKind::kStringWaste:
      out += format_bytes(static_cast<uint64_t>(o.current)) + " wasted, limit " + limit_text(o);
      break;
    default:
      out += std::to_string(o.baseline) + " → " + std::to_string(o.current) + " (" +
             count_delta_text(o.growth) + "), limit +" + limit_text(o);
      break;
  }
  if (o.matched > 1)
    out += "; " + std::to_string(o.offenders) + " of " + std::to_string(o.matched) +
           " patterns over the limit";
  if (o.suspect_link == RuleOutcome::SuspectLink::kOwn) out += suspect_line(o, suspects);
  return out;
}

}  // namespace

std::string describe_suspect(const analysis::GateSuspect& s) {
  if (s.pattern_only) {
    // A leak pattern's items (listeners, timers, buffers...), no class figures or paths.
    std::string out = s.name + ": " + std::to_string(s.base_count) + " → " +
                      std::to_string(s.count) + " (" +
                      count_delta_text(static_cast<int64_t>(s.count) - s.base_count) +
                      "), growth " + format_bytes_delta(static_cast<int64_t>(s.retained_growth));
    if (!s.site.empty()) out += "\nat " + s.site;
    if (!s.held_by.empty()) out += "\nheld by " + s.held_by;
    for (size_t i = 1; i < s.related.size() + 1 && i <= 3; ++i)
      out += (i == 1 ? "\nsame objects: " : "; ") + s.related[i - 1];
    return out;
  }
  const std::string objects = s.class_name.empty() ? " objects (" : " " + s.class_name + " objects (";
  std::string out = s.name + ": " + std::to_string(s.base_count) + " → " +
                    std::to_string(s.count) + objects +
                    count_delta_text(static_cast<int64_t>(s.count) - s.base_count) + "), " +
                    std::to_string(s.survivor_count) + " survivors, retained growth " +
                    format_bytes_delta(static_cast<int64_t>(s.retained_growth));
  if (!s.related.empty()) {
    out += ", with";
    for (size_t i = 0; i < s.related.size() && i < 3; ++i) out += (i ? ", " : " ") + s.related[i];
    if (s.related.size() > 3) out += " and " + std::to_string(s.related.size() - 3) + " more";
  }
  if (!s.site.empty()) out += "\nallocated at " + s.site;
  if (!s.path.empty()) {
    out += "\nretained by " + s.path + " (" + std::to_string(s.path_objects) + " of " +
           std::to_string(s.paths_sampled) + " sampled objects)";
  } else {
    out += "\nno retainer path found";
  }
  return out;
}

std::string rule_description(const RuleOutcome& o) {
  switch (o.kind) {
    case RuleKind::kTotalGrowthPercent:
    case RuleKind::kTotalGrowthBytes: return "total heap size grows by at most " + limit_text(o);
    case RuleKind::kGroupCountGrowth: return group_subject(o) + " gains at most " + limit_text(o);
    case RuleKind::kGroupGrowth:
      return group_subject(o) + " grows by at most " + limit_text(o) + " (" +
             measure_noun(o.measure) + ")";
    case RuleKind::kSuspectSize:
      return "no leak suspect retains more than " + limit_text(o) + " of new objects";
    case RuleKind::kNoSuspects: return "no leak suspects";
    case RuleKind::kListeners:
      return "no emitter holds more than " + limit_text(o) +
             (o.pattern == "*" ? std::string() : " for '" + o.pattern + "'");
    case RuleKind::kHandleGrowth:
      return "open handles of one kind and owner class grow by at most " +
             std::to_string(static_cast<uint64_t>(o.limit));
    case RuleKind::kTimerGrowth:
      return "active timers of one callback grow by at most " +
             std::to_string(static_cast<uint64_t>(o.limit));
    case RuleKind::kCollectionGrowth:
      return "no Map, Set, array or dictionary gains more than " + limit_text(o);
    case RuleKind::kStringWaste:
      return "no duplicated string wastes more than " + limit_text(o);
  }
  return "";
}

std::string rule_message(const RuleOutcome& o, const std::vector<analysis::GateSuspect>& suspects) {
  switch (o.kind) {
    case RuleKind::kTotalGrowthPercent:
    case RuleKind::kTotalGrowthBytes: return total_message(o, suspects);
    case RuleKind::kGroupGrowth:
    case RuleKind::kGroupCountGrowth: return group_message(o, suspects);
    case RuleKind::kSuspectSize:
    case RuleKind::kNoSuspects: return suspect_message(o, suspects);
    case RuleKind::kListeners:
    case RuleKind::kHandleGrowth:
    case RuleKind::kTimerGrowth:
    case RuleKind::kCollectionGrowth:
    case RuleKind::kStringWaste: return pattern_message(o, suspects);
  }
  return "";
}

}  // namespace heapsnap::report

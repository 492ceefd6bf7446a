#include "heapsnap/analysis/gate.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <set>

#include "heapsnap/analysis/snapshot_diff.h"
#include "heapsnap/util/byte_units.h"

namespace heapsnap::analysis {

namespace {

int64_t signed_diff(uint64_t current, uint64_t baseline) {
  return static_cast<int64_t>(current) - static_cast<int64_t>(baseline);
}

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

bool has_wildcard(std::string_view pattern) {
  return pattern.find_first_of("*?") != std::string_view::npos;
}

bool group_matches(const GateGroup& g, const std::string& pattern) {
  // A glob picks the program's groups; V8's own (compiled code, shapes...) only by exact name.
  if (has_wildcard(pattern) && g.v8_internal) return false;
  return glob_match(pattern, g.name) || glob_match(pattern, g.key);
}

bool suspect_allowed(const GateSuspect& s, const std::vector<std::string>& allowed) {
  return std::any_of(allowed.begin(), allowed.end(), [&](const std::string& pattern) {
    return glob_match(pattern, s.name) || glob_match(pattern, s.key);
  });
}

// The suspect that explains a group: the suspect of that class (or the one it is folded into),
// or the suspect whose survivors were allocated at that site. -1 when none.
int32_t suspect_for_group(const GateInput& in, const GateGroup& g) {
  const auto find = [&](auto pred) -> int32_t {
    for (size_t i = 0; i < in.suspects.size(); ++i)
      if (pred(in.suspects[i])) return static_cast<int32_t>(i);
    return -1;
  };
  if (g.kind == GroupKind::kClass) {
    int32_t s = find([&](const GateSuspect& x) { return x.key == g.key; });
    if (s < 0) s = find([&](const GateSuspect& x) { return x.name == g.name; });
    if (s < 0)
      s = find([&](const GateSuspect& x) {
        return std::find(x.related.begin(), x.related.end(), g.name) != x.related.end();
      });
    return s;
  }
  int32_t s = find([&](const GateSuspect& x) { return x.site == g.key; });
  if (s < 0)
    s = find([&](const GateSuspect& x) {
      return std::find(x.sites.begin(), x.sites.end(), g.key) != x.sites.end();
    });
  return s;
}

// "RequestContext: 300 → 4300 objects (+4000), 4000 survivors, retained growth +1.2 MiB
//  allocated at RequestContext (/srv/app.js:9:14)
//  retained by global → contextsByRequestId → ... (48 of 48 sampled objects)"
std::string describe_suspect(const GateSuspect& s) {
  std::string out = s.name + ": " + std::to_string(s.base_count) + " → " +
                    std::to_string(s.count) + " objects (" +
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

// The lines of a failure after the figures: who to look at.
std::string suspect_line(const GateInput& in, int32_t suspect) {
  if (suspect < 0) return "";
  return "\ntop suspect " + describe_suspect(in.suspects[static_cast<size_t>(suspect)]);
}

// Makes rule ids unique: a repeated id gets "#2", "#3", ...
void unique_ids(std::vector<RuleOutcome>& outcomes) {
  std::set<std::string> seen;
  for (auto& o : outcomes) {
    std::string id = o.id;
    for (int n = 2; !seen.insert(id).second; ++n) id = o.id + "#" + std::to_string(n);
    o.id = std::move(id);
  }
}

// --- Total growth ------------------------------------------------------------------------------

// The class that grew most in self size (not V8's own), for the message of a total rule. Self
// sizes, not retained: retained sizes of classes overlap (a module's closures retain its Maps),
// self sizes add up to the total.
const GateGroup* biggest_grower(const GateInput& in) {
  const GateGroup* best = nullptr;
  int64_t best_growth = 0;
  for (const auto& g : in.groups) {
    if (g.kind != GroupKind::kClass || g.v8_internal) continue;
    const int64_t growth = signed_diff(g.self, g.base_self);
    if (growth > best_growth) {
      best = &g;
      best_growth = growth;
    }
  }
  return best;
}

RuleOutcome total_rule(const GateInput& in, RuleKind kind, double limit) {
  RuleOutcome o;
  o.kind = kind;
  o.baseline = static_cast<int64_t>(in.base_total);
  o.current = static_cast<int64_t>(in.total);
  o.growth = signed_diff(in.total, in.base_total);
  o.growth_percent = in.base_total ? 100.0 * static_cast<double>(o.growth) /
                                         static_cast<double>(in.base_total)
                                   : 0.0;
  o.limit = limit;
  o.matched = 1;
  bool over = false;
  std::string limit_text;
  if (kind == RuleKind::kTotalGrowthPercent) {
    o.id = "total-growth-percent";
    o.description = "total heap size grows by at most " + limit_percent_text(limit);
    // Growth from nothing is infinite growth.
    over = in.base_total ? o.growth_percent > limit : o.growth > 0;
    limit_text = limit_percent_text(limit);
  } else {
    o.id = "total-growth-bytes";
    limit_text = format_bytes(static_cast<uint64_t>(limit));
    o.description = "total heap size grows by at most " + limit_text;
    over = o.growth > 0 && static_cast<double>(o.growth) > limit;
  }
  o.message = "total heap size " + format_bytes(in.base_total) + " → " + format_bytes(in.total) +
              ": " + format_bytes_delta(o.growth) +
              (in.base_total ? " (" + percent_text(o.growth_percent, true) + ")" : "") +
              ", limit " + limit_text;
  if (over) {
    o.status = RuleStatus::kFail;
    o.offenders = 1;
    // Names the top suspect when there is one (the likeliest cause), else the biggest grower.
    const GateGroup* g = biggest_grower(in);
    if (g) {
      o.group = g->name;
      o.message += "; grew most in self size: " + g->name + " (" +
                   format_bytes_delta(signed_diff(g->self, g->base_self)) + ", " +
                   count_delta_text(static_cast<int64_t>(g->count) - g->base_count) + " objects)";
    }
    if (!in.suspects.empty()) {
      o.suspect = 0;
      o.group = in.suspects.front().name;
    }
    o.message += suspect_line(in, o.suspect);
  }
  return o;
}

// --- Group rules -------------------------------------------------------------------------------

std::string group_subject(const GroupRule& r) {
  if (r.pattern == "*")
    return std::string("every ") + group_noun(r.kind, false) + " (not V8's own)";
  if (has_wildcard(r.pattern))
    return std::string("every ") + group_noun(r.kind, false) + " matching '" + r.pattern + "'";
  return std::string(group_noun(r.kind, false)) + " " + r.pattern;
}

RuleOutcome group_rule(const GateInput& in, const GroupRule& r, bool by_count) {
  RuleOutcome o;
  o.kind = by_count ? RuleKind::kGroupCountGrowth : RuleKind::kGroupGrowth;
  o.group_kind = r.kind;
  o.measure = r.measure;
  o.pattern = r.pattern;
  const char* prefix = r.kind == GroupKind::kClass ? "class" : "site";
  std::string limit_text;
  if (by_count) {
    o.limit = static_cast<double>(*r.max_count_growth);
    o.id = std::string(prefix) + "-count:" + r.pattern;
    limit_text = std::to_string(*r.max_count_growth) + " objects";
    o.description = group_subject(r) + " gains at most " + limit_text;
  } else {
    o.limit = static_cast<double>(*r.max_growth);
    o.id = std::string(prefix) + (r.measure == SizeMeasure::kSelf ? "-self-growth:" : "-growth:") +
           r.pattern;
    limit_text = format_bytes(*r.max_growth);
    o.description = group_subject(r) + " grows by at most " + limit_text + " (" +
                    measure_noun(r.measure) + ")";
  }
  if (r.kind == GroupKind::kSite && (in.baseline_is_summary || !in.has_sites)) {
    o.status = RuleStatus::kSkipped;
    o.message = in.baseline_is_summary
                    ? "skipped: the baseline is a summary, which has no allocation sites"
                    : "skipped: no allocation sites were computed";
    return o;
  }

  const GateGroup* worst = nullptr;
  int64_t worst_growth = std::numeric_limits<int64_t>::min();
  const auto figures = [&](const GateGroup& g, int64_t& base, int64_t& cur) {
    if (by_count) {
      base = g.base_count;
      cur = g.count;
    } else if (r.measure == SizeMeasure::kRetained) {
      base = static_cast<int64_t>(g.base_retained);
      cur = static_cast<int64_t>(g.retained);
    } else {
      base = static_cast<int64_t>(g.base_self);
      cur = static_cast<int64_t>(g.self);
    }
  };
  for (const auto& g : in.groups) {
    if (g.kind != r.kind || !group_matches(g, r.pattern)) continue;
    ++o.matched;
    int64_t base = 0, cur = 0;
    figures(g, base, cur);
    const int64_t growth = cur - base;
    if (growth > 0 && static_cast<double>(growth) > o.limit) ++o.offenders;
    if (growth > worst_growth) {
      worst = &g;
      worst_growth = growth;
    }
  }
  if (!worst) {
    o.message = std::string("no ") + group_noun(r.kind, false) + " matches '" + r.pattern +
                "' in the baseline or the current snapshot";
    return o;
  }
  figures(*worst, o.baseline, o.current);
  o.growth = worst_growth;
  o.group = worst->name;
  if (by_count) {
    o.message = worst->name + ": " + std::to_string(o.baseline) + " → " +
                std::to_string(o.current) + " objects (" + count_delta_text(o.growth) +
                "), limit +" + limit_text;
  } else {
    o.message = worst->name + ": " + measure_noun(r.measure) + " " +
                format_bytes(static_cast<uint64_t>(o.baseline)) + " → " +
                format_bytes(static_cast<uint64_t>(o.current)) + " (" +
                format_bytes_delta(o.growth) + "), limit +" + limit_text;
  }
  if (o.matched > 1) {
    o.message += "; " + std::to_string(o.offenders) + " of " + std::to_string(o.matched) + " " +
                 group_noun(r.kind, true) + " over the limit";
  }
  if (o.offenders > 0) {
    o.status = RuleStatus::kFail;
    if (!in.baseline_is_summary) {
      o.suspect = suspect_for_group(in, *worst);
      if (o.suspect >= 0) {
        o.message += suspect_line(in, o.suspect);
      } else if (!in.suspects.empty()) {
        // Retained sizes overlap: a closure's growth may be the Map its context holds. The top
        // suspect is the best lead.
        o.suspect = 0;
        o.message += "\nno leak suspect of its own; top suspect overall " +
                     describe_suspect(in.suspects.front());
      } else {
        o.message += "\nno leak suspects: no group keeps new objects alive from snapshot to "
                     "snapshot above the noise floor (a cache filling up, or churn?)";
      }
    }
  }
  return o;
}

// --- Suspect rules -----------------------------------------------------------------------------

RuleOutcome suspect_rule(const GateInput& in, const GateRules& rules, bool any) {
  RuleOutcome o;
  o.kind = any ? RuleKind::kNoSuspects : RuleKind::kSuspectSize;
  o.id = any ? "no-suspects" : "suspect-size";
  o.limit = any ? 0.0 : static_cast<double>(*rules.max_suspect);
  const std::string limit_text = any ? "" : format_bytes(*rules.max_suspect);
  o.description = any ? "no leak suspects"
                      : "no leak suspect retains more than " + limit_text + " of new objects";
  if (in.baseline_is_summary) {
    o.status = RuleStatus::kSkipped;
    o.message = "skipped: the baseline is a summary; leak suspects need objects matched across "
                "snapshots of one process";
    return o;
  }
  std::vector<std::string> allowed;
  int32_t worst = -1;
  for (size_t i = 0; i < in.suspects.size(); ++i) {
    const auto& s = in.suspects[i];
    if (suspect_allowed(s, rules.allowed_suspects)) {
      allowed.push_back(s.name);
      continue;
    }
    ++o.matched;
    const bool over = any || s.retained_growth > *rules.max_suspect;
    if (over) ++o.offenders;
    // Any suspect: the first (most evidence); by size: the largest retained growth.
    if (worst < 0 ||
        (!any && s.retained_growth > in.suspects[static_cast<size_t>(worst)].retained_growth))
      worst = static_cast<int32_t>(i);
  }
  std::string allowed_text;
  if (!allowed.empty()) {
    allowed_text = " (" + std::to_string(allowed.size()) + " allowed:";
    for (size_t i = 0; i < allowed.size(); ++i) allowed_text += (i ? ", " : " ") + allowed[i];
    allowed_text += ")";
  }
  if (worst < 0) {
    o.message = "no leak suspects" + allowed_text;
    return o;
  }
  const GateSuspect& s = in.suspects[static_cast<size_t>(worst)];
  o.group = s.name;
  o.baseline = s.base_count;
  o.current = s.count;
  o.growth = static_cast<int64_t>(s.retained_growth);
  o.suspect = worst;
  const std::string noun = o.matched == 1 ? " leak suspect" : " leak suspects";
  if (o.offenders == 0) {
    o.message = std::to_string(o.matched) + noun + ", the largest " + s.name +
                " with retained growth " + format_bytes_delta(o.growth) + ", limit +" +
                limit_text + allowed_text;
    return o;
  }
  o.status = RuleStatus::kFail;
  if (any) {
    o.message = std::to_string(o.offenders) + noun + allowed_text;
  } else {
    o.message = std::to_string(o.offenders) + " of " + std::to_string(o.matched) + noun +
                " over +" + limit_text + allowed_text;
  }
  o.message += suspect_line(in, worst);
  return o;
}

}  // namespace

bool glob_match(std::string_view pattern, std::string_view text) {
  // Iterative matcher with one backtrack point (the last '*'): linear in practice.
  size_t p = 0, t = 0;
  size_t star = std::string_view::npos, star_t = 0;
  while (t < text.size()) {
    if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
      ++p;
      ++t;
    } else if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      star_t = t;
    } else if (star != std::string_view::npos) {
      p = star + 1;
      t = ++star_t;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

bool GateRules::empty() const {
  if (max_growth_percent || max_growth_bytes || max_suspect || no_suspects) return false;
  return std::none_of(groups.begin(), groups.end(), [](const GroupRule& r) {
    return r.max_growth.has_value() || r.max_count_growth.has_value();
  });
}

GateRules with_defaults(GateRules rules) {
  if (rules.empty()) rules.no_suspects = true;
  return rules;
}

GateInput gate_input_from_diff(const DiffResult& diff) {
  GateInput in;
  if (!diff.snapshots.empty()) {
    in.base_total = diff.snapshots.front().total_size;
    in.total = diff.snapshots.back().total_size;
  }
  const auto add_groups = [&](const std::vector<GroupSeries>& series, GroupKind kind) {
    for (const auto& g : series) {
      if (g.counts.empty()) continue;
      GateGroup out;
      out.kind = kind;
      out.key = g.key;
      out.name = g.name;
      out.v8_internal = g.v8_internal;
      out.base_count = g.counts.front();
      out.count = g.counts.back();
      out.base_self = g.sizes.front();
      out.self = g.sizes.back();
      out.base_retained = g.retained.front();
      out.retained = g.retained.back();
      in.groups.push_back(std::move(out));
    }
  };
  add_groups(diff.classes, GroupKind::kClass);
  add_groups(diff.sites, GroupKind::kSite);
  for (const auto& s : diff.suspects) {
    GateSuspect out;
    out.name = s.name;
    out.key = s.key;
    out.site = s.site;
    for (const auto& share : s.sites) out.sites.push_back(share.site);
    out.related = s.related;
    if (!s.counts.empty()) {
      out.base_count = s.counts.front();
      out.count = s.counts.back();
    }
    out.survivor_count = s.survivor_count;
    out.survivor_size = s.survivor_size;
    out.retained_growth = s.retained_growth;
    if (!s.paths.empty()) {
      out.path = s.paths.front().signature;
      out.path_objects = s.paths.front().objects;
    }
    out.paths_sampled = s.paths_sampled;
    in.suspects.push_back(std::move(out));
  }
  return in;
}

GateInput gate_input_from_summary(uint64_t base_total, const std::vector<ClassTotals>& baseline,
                                  uint64_t total, const std::vector<ClassTotals>& current,
                                  uint32_t* paired_by_name) {
  GateInput in;
  in.baseline_is_summary = true;
  in.has_sites = false;
  in.base_total = base_total;
  in.total = total;
  std::map<std::string, size_t> by_key;  // current class key -> group
  for (const auto& c : current) {
    if (!by_key.emplace(c.key, in.groups.size()).second) continue;  // keys are unique; be safe
    GateGroup g;
    g.key = c.key;
    g.name = c.name;
    g.v8_internal = c.v8_internal;
    g.count = c.count;
    g.self = c.self;
    g.retained = c.retained;
    in.groups.push_back(std::move(g));
  }
  const auto set_base = [](GateGroup& g, const ClassTotals& b) {
    g.base_count = b.count;
    g.base_self = b.self;
    g.base_retained = b.retained;
  };
  std::vector<bool> paired(in.groups.size(), false);
  std::vector<const ClassTotals*> unpaired;
  for (const auto& b : baseline) {
    const auto it = by_key.find(b.key);
    if (it != by_key.end() && !paired[it->second]) {
      paired[it->second] = true;
      set_base(in.groups[it->second], b);
    } else {
      unpaired.push_back(&b);
    }
  }
  // Second pass: names unique among the unpaired of each side.
  std::map<std::string, std::pair<uint32_t, size_t>> current_names;  // name -> (count, group)
  for (size_t i = 0; i < paired.size(); ++i) {
    if (paired[i]) continue;
    auto& entry = current_names[in.groups[i].name];
    ++entry.first;
    entry.second = i;
  }
  std::map<std::string, uint32_t> baseline_names;
  for (const ClassTotals* b : unpaired) ++baseline_names[b->name];
  uint32_t by_name = 0;
  for (const ClassTotals* b : unpaired) {
    const auto it = current_names.find(b->name);
    if (baseline_names[b->name] == 1 && it != current_names.end() && it->second.first == 1) {
      set_base(in.groups[it->second.second], *b);
      ++by_name;
      continue;
    }
    GateGroup g;  // gone from the current snapshot
    g.key = b->key;
    g.name = b->name;
    g.v8_internal = b->v8_internal;
    set_base(g, *b);
    in.groups.push_back(std::move(g));
  }
  if (paired_by_name) *paired_by_name = by_name;
  return in;
}

GateVerdict evaluate_gate(const GateInput& in, const GateRules& rules) {
  GateVerdict v;
  if (rules.max_growth_percent)
    v.outcomes.push_back(total_rule(in, RuleKind::kTotalGrowthPercent, *rules.max_growth_percent));
  if (rules.max_growth_bytes)
    v.outcomes.push_back(
        total_rule(in, RuleKind::kTotalGrowthBytes, static_cast<double>(*rules.max_growth_bytes)));
  for (const auto& r : rules.groups) {
    if (r.max_growth) v.outcomes.push_back(group_rule(in, r, false));
    if (r.max_count_growth) v.outcomes.push_back(group_rule(in, r, true));
  }
  if (rules.max_suspect) v.outcomes.push_back(suspect_rule(in, rules, false));
  if (rules.no_suspects) v.outcomes.push_back(suspect_rule(in, rules, true));
  unique_ids(v.outcomes);
  for (const auto& o : v.outcomes) {
    if (o.status == RuleStatus::kFail) ++v.failed;
    if (o.status == RuleStatus::kSkipped) ++v.skipped;
  }
  v.passed = v.failed == 0;
  return v;
}

}  // namespace heapsnap::analysis

#include "heapsnap/analysis/gate.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "heapsnap/analysis/portable_class_name.h"
#include "heapsnap/analysis/snapshot_diff.h"

namespace heapsnap::analysis {

namespace {

int64_t signed_diff(uint64_t current, uint64_t baseline) {
  return static_cast<int64_t>(current) - static_cast<int64_t>(baseline);
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
    return glob_match(pattern, s.name) || glob_match(pattern, s.key) ||
           (!s.class_name.empty() && glob_match(pattern, s.class_name));
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
    if (s < 0)
      s = find([&](const GateSuspect& x) { return x.name == g.name || x.class_name == g.name; });
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

// Rows summed by run-independent key, in order of first appearance; key and name become the
// portable ones.
std::vector<ClassTotals> by_portable_key(const std::vector<ClassTotals>& rows) {
  std::map<std::string, size_t> index;
  std::vector<ClassTotals> out;
  for (const auto& row : rows) {
    std::string key = row.portable_key.empty() ? portable_class_key_from_key(row.key)
                                               : row.portable_key;
    const auto [it, inserted] = index.emplace(key, out.size());
    if (inserted) {
      ClassTotals t = row;
      t.key = std::move(key);
      t.portable_key = t.key;
      t.name = portable_class_name(row.name);
      out.push_back(std::move(t));
      continue;
    }
    ClassTotals& t = out[it->second];
    t.v8_internal = t.v8_internal && row.v8_internal;
    t.count += row.count;
    t.self += row.self;
    t.retained += row.retained;  // may count a nested instance twice; self sizes add up exactly
  }
  return out;
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
  if (kind == RuleKind::kTotalGrowthPercent) {
    o.id = "total-growth-percent";
    // Growth from nothing is infinite growth.
    over = in.base_total ? o.growth_percent > limit : o.growth > 0;
  } else {
    o.id = "total-growth-bytes";
    over = o.growth > 0 && static_cast<double>(o.growth) > limit;
  }
  if (over) {
    o.status = RuleStatus::kFail;
    o.offenders = 1;
    // Names the top suspect when there is one (the likeliest cause), else the biggest grower.
    const GateGroup* g = biggest_grower(in);
    if (g) {
      o.group = g->name;
      o.grower = RuleOutcome::Grower{g->name, signed_diff(g->self, g->base_self),
                                     static_cast<int64_t>(g->count) - g->base_count};
    }
    if (!in.suspects.empty()) {
      o.suspect = 0;
      o.suspect_link = RuleOutcome::SuspectLink::kOwn;
      o.group = in.suspects.front().name;
    }
  }
  return o;
}

// --- Group rules -------------------------------------------------------------------------------

RuleOutcome group_rule(const GateInput& in, const GroupRule& r, bool by_count) {
  RuleOutcome o;
  o.kind = by_count ? RuleKind::kGroupCountGrowth : RuleKind::kGroupGrowth;
  o.group_kind = r.kind;
  o.measure = r.measure;
  o.pattern = r.pattern;
  const char* prefix = r.kind == GroupKind::kClass ? "class" : "site";
  if (by_count) {
    o.limit = static_cast<double>(*r.max_count_growth);
    o.id = std::string(prefix) + "-count:" + r.pattern;
  } else {
    o.limit = static_cast<double>(*r.max_growth);
    o.id = std::string(prefix) + (r.measure == SizeMeasure::kSelf ? "-self-growth:" : "-growth:") +
           r.pattern;
  }
  if (r.kind == GroupKind::kSite && (in.baseline_is_summary || !in.has_sites)) {
    o.status = RuleStatus::kSkipped;
    o.note = in.baseline_is_summary ? RuleOutcome::Note::kSummaryHasNoSites
                                    : RuleOutcome::Note::kNoSites;
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
    o.note = RuleOutcome::Note::kNoMatch;
    return o;
  }
  figures(*worst, o.baseline, o.current);
  o.growth = worst_growth;
  o.group = worst->name;
  if (o.offenders > 0) {
    o.status = RuleStatus::kFail;
    if (!in.baseline_is_summary) {
      o.suspect = suspect_for_group(in, *worst);
      if (o.suspect >= 0) {
        o.suspect_link = RuleOutcome::SuspectLink::kOwn;
      } else if (!in.suspects.empty()) {
        // Retained sizes overlap: a closure's growth may be the Map its context holds. The top
        // suspect is the best lead.
        o.suspect = 0;
        o.suspect_link = RuleOutcome::SuspectLink::kTopOverall;
      } else {
        o.suspect_link = RuleOutcome::SuspectLink::kNoneFound;
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
  if (in.baseline_is_summary) {
    o.status = RuleStatus::kSkipped;
    o.note = RuleOutcome::Note::kSummaryHasNoSuspects;
    return o;
  }
  int32_t worst = -1;
  for (size_t i = 0; i < in.suspects.size(); ++i) {
    const auto& s = in.suspects[i];
    if (suspect_allowed(s, rules.allowed_suspects)) {
      o.allowed.push_back(s.name);
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
  if (worst < 0) return o;
  const GateSuspect& s = in.suspects[static_cast<size_t>(worst)];
  o.group = s.name;
  o.baseline = s.base_count;
  o.current = s.count;
  o.growth = static_cast<int64_t>(s.retained_growth);
  o.suspect = worst;
  if (o.offenders > 0) {
    o.status = RuleStatus::kFail;
    o.suspect_link = RuleOutcome::SuspectLink::kOwn;
  }
  return o;
}

// --- Leak-pattern rules ------------------------------------------------------------------------

struct PatternRuleSpec {
  RuleKind kind;
  detectors::FindingKind finding;
  const char* id;
};

PatternRuleSpec pattern_spec(RuleKind kind) {
  using detectors::FindingKind;
  switch (kind) {
    case RuleKind::kHandleGrowth: return {kind, FindingKind::kHandles, "handle-growth"};
    case RuleKind::kTimerGrowth: return {kind, FindingKind::kTimers, "timer-growth"};
    case RuleKind::kCollectionGrowth:
      return {kind, FindingKind::kCollections, "collection-growth"};
    case RuleKind::kStringWaste: return {kind, FindingKind::kDuplicateStrings, "string-waste"};
    default: return {RuleKind::kListeners, FindingKind::kEventListeners, "listeners"};
  }
}

// The figure a rule judges: listeners and wasted bytes in the current snapshot, growth for the
// others. baseline/current are counts (wasted bytes for string waste).
RuleOutcome pattern_rule(const GateInput& in, RuleKind kind, uint64_t limit,
                         const std::string& event) {
  const PatternRuleSpec spec = pattern_spec(kind);
  RuleOutcome o;
  o.kind = kind;
  o.limit = static_cast<double>(limit);
  o.id = spec.id;
  if (kind == RuleKind::kListeners) {
    o.pattern = event;
    if (event != "*") o.id += ":" + event;
  }
  if (in.baseline_is_summary || !in.has_patterns) {
    o.status = RuleStatus::kSkipped;
    o.note = in.baseline_is_summary ? RuleOutcome::Note::kSummaryHasNoPatterns
                                    : RuleOutcome::Note::kNoPatterns;
    return o;
  }
  const GatePattern* worst = nullptr;
  int64_t worst_figure = std::numeric_limits<int64_t>::min();
  const auto figure = [&](const GatePattern& p) -> int64_t {
    switch (kind) {
      case RuleKind::kListeners: return static_cast<int64_t>(p.count);
      case RuleKind::kStringWaste: return static_cast<int64_t>(p.wasted);
      default: return static_cast<int64_t>(p.count) - static_cast<int64_t>(p.base_count);
    }
  };
  for (const auto& p : in.patterns) {
    if (p.kind != spec.finding) continue;
    if (kind == RuleKind::kListeners && !glob_match(event, p.event)) continue;
    ++o.matched;
    const int64_t f = figure(p);
    if (f > 0 && static_cast<uint64_t>(f) > limit) ++o.offenders;
    if (f > worst_figure) {
      worst = &p;
      worst_figure = f;
    }
  }
  if (!worst) return o;  // nothing of the kind: passes
  o.group = worst->subject;
  o.baseline = static_cast<int64_t>(kind == RuleKind::kStringWaste ? 0 : worst->base_count);
  o.current = static_cast<int64_t>(kind == RuleKind::kStringWaste ? worst->wasted : worst->count);
  o.growth = worst_figure;
  if (o.offenders > 0) {
    o.status = RuleStatus::kFail;
    for (size_t i = 0; i < in.suspects.size(); ++i)
      if (in.suspects[i].pattern == worst->key) {
        o.suspect = static_cast<int32_t>(i);
        o.suspect_link = RuleOutcome::SuspectLink::kOwn;
        break;
      }
  }
  return o;
}

}  // namespace

detectors::DetectorOptions detector_floors_for(const GateRules& rules,
                                               detectors::DetectorOptions options) {
  for (const auto& l : rules.max_listeners)
    options.min_listeners = static_cast<uint32_t>(
        std::min<uint64_t>(options.min_listeners, std::max<uint64_t>(l.max, 1) + 1));
  if (rules.max_handle_growth) options.min_handles = 1;
  if (rules.max_timer_growth) options.min_timers = 1;
  if (rules.max_string_waste) {
    options.min_string_copies = 2;
    options.min_wasted_bytes = std::min(options.min_wasted_bytes, *rules.max_string_waste);
  }
  return options;
}

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
  if (!max_listeners.empty() || max_handle_growth || max_timer_growth || max_collection_growth ||
      max_string_waste)
    return false;
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
    if (s.pattern >= 0) {
      const PatternSeries& p = diff.patterns[static_cast<size_t>(s.pattern)];
      out.pattern = p.key;
      out.pattern_only = s.group == kNoGroup;
      if (!p.holder_name.empty() && p.kind != detectors::FindingKind::kTimers)
        out.held_by = p.holder_name + " @" + std::to_string(graph::value(p.holder_id));
      // Named by its pattern: its class is still what group rules look it up by.
      if (s.group != kNoGroup && s.group < diff.classes.size())
        out.class_name = diff.classes[s.group].name;
      for (const uint32_t r : s.related_patterns) out.related.push_back(diff.patterns[r].subject);
    }
    in.suspects.push_back(std::move(out));
  }
  in.has_patterns = diff.has_patterns;
  for (const auto& p : diff.patterns) {
    GatePattern out;
    out.kind = p.kind;
    out.key = p.key;
    out.subject = p.subject;
    if (p.kind == detectors::FindingKind::kEventListeners) {
      // Key: "event-listeners|<emitter class>|<event>|<function>@<position>".
      const size_t a = p.key.find('|');
      const size_t b = a == std::string::npos ? a : p.key.find('|', a + 1);
      const size_t c = b == std::string::npos ? b : p.key.find('|', b + 1);
      if (c != std::string::npos) out.event = p.key.substr(b + 1, c - b - 1);
    }
    out.base_count = p.counts.front();
    out.count = p.counts.back();
    out.wasted = p.wasted.back();
    in.patterns.push_back(std::move(out));
  }
  return in;
}

GateInput gate_input_from_summary(uint64_t base_total,
                                  const std::vector<ClassTotals>& baseline_rows, uint64_t total,
                                  const std::vector<ClassTotals>& current_rows,
                                  uint32_t* paired_by_name) {
  const std::vector<ClassTotals> baseline = by_portable_key(baseline_rows);
  const std::vector<ClassTotals> current = by_portable_key(current_rows);
  GateInput in;
  in.baseline_is_summary = true;
  in.has_sites = false;
  in.base_total = base_total;
  in.total = total;
  std::map<std::string, size_t> by_key;  // current class key -> group
  for (const auto& c : current) {
    if (!by_key.emplace(c.key, in.groups.size()).second) continue;  // unique after merging
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
  for (const auto& l : rules.max_listeners)
    v.outcomes.push_back(pattern_rule(in, RuleKind::kListeners, l.max, l.event));
  const std::pair<const std::optional<uint64_t>*, RuleKind> growth_rules[] = {
      {&rules.max_handle_growth, RuleKind::kHandleGrowth},
      {&rules.max_timer_growth, RuleKind::kTimerGrowth},
      {&rules.max_collection_growth, RuleKind::kCollectionGrowth},
      {&rules.max_string_waste, RuleKind::kStringWaste}};
  for (const auto& [limit, kind] : growth_rules)
    if (*limit) v.outcomes.push_back(pattern_rule(in, kind, **limit, "*"));
  unique_ids(v.outcomes);
  for (const auto& o : v.outcomes) {
    if (o.status == RuleStatus::kFail) ++v.failed;
    if (o.status == RuleStatus::kSkipped) ++v.skipped;
  }
  v.passed = v.failed == 0;
  return v;
}

}  // namespace heapsnap::analysis

// The memory gate: threshold rules over a snapshot diff, and the verdict (issue 5, `heapsnap
// gate`). Plain data in, plain data out: the caller maps its diff (gate_input_from_diff) or a
// summary baseline onto GateInput, and renders the GateVerdict (report/gate_report.h).
//
// What the rules look at: the first snapshot (the baseline) and the last one (the current);
// intermediate snapshots only feed the diff engine's leak ranking.
//   - total growth: DevTools' total size (the root's retained size), in bytes and in percent of
//     the baseline's;
//   - per group, a constructor (DevTools class) or an allocation site, picked by name, class key
//     or a glob (`*`, `?`; `*` alone picks every group that is not V8's own): its growth in bytes
//     (retained size of its top-most instances by default, or summed self sizes) and in objects;
//   - leak suspects (leak_ranking.h, pattern_suspects.h): none whose retained growth is over a
//     size, or none at all;
//   - leak patterns (pattern_growth.h), per pattern: listeners per emitter and event in the current
//     snapshot; growth of open handles, of active timers, of a collection's entries from the
//     baseline to the current snapshot; bytes wasted by one duplicated string in the current
//     snapshot. A pattern the detectors did not report in the baseline counts 0 there
//     (detector_floors_for() lowers the handle, timer, listener and string floors so the rules see
//     small patterns too; a collection below 1000 entries still counts 0).
// With no threshold given, the gate fails on any leak suspect (with_defaults()).
//
// A summary baseline (`heapsnap summary --json`) has per-constructor figures and the total only:
// no objects to match by id, no allocation sites. Then total and constructor rules apply; site and
// suspect rules are reported as skipped, with the reason.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "heapsnap/analysis/detectors/detector_input.h"
#include "heapsnap/analysis/detectors/finding.h"

namespace heapsnap::analysis {

struct DiffResult;

enum class GroupKind : uint8_t { kClass, kSite };
// Which bytes of a group a growth limit counts.
enum class SizeMeasure : uint8_t {
  kRetained,  // retained size of the group's top-most instances (what freeing them would free)
  kSelf,      // summed shallow sizes of the group's objects
};

// --- What the gate judges ----------------------------------------------------------------------

// One group in the baseline and the current snapshot (zeros where it has no objects).
struct GateGroup {
  GroupKind kind = GroupKind::kClass;
  std::string key;   // identity: DevTools' class key, or the site's text
  std::string name;  // class name, or the site's text
  bool v8_internal = false;  // compiled code, (system), shapes...: never picked by a glob
  uint32_t base_count = 0;
  uint32_t count = 0;
  uint64_t base_self = 0;
  uint64_t self = 0;
  uint64_t base_retained = 0;
  uint64_t retained = 0;
};

// A leak suspect of the diff engine, reduced to what the gate reports.
struct GateSuspect {
  std::string name;
  std::string key;
  std::string site;                  // commonest allocation site of its survivors, or ""
  std::vector<std::string> sites;    // every site of its survivors, commonest first
  std::vector<std::string> related;  // other groups folded into it, by name
  uint32_t base_count = 0;  // objects in the baseline
  uint32_t count = 0;       // objects in the current snapshot
  uint32_t survivor_count = 0;
  uint64_t survivor_size = 0;
  uint64_t retained_growth = 0;
  std::string path;            // signature of its commonest retainer path ("" when none)
  uint32_t path_objects = 0;   // sampled objects with that path
  uint32_t paths_sampled = 0;  // objects that got a path
  std::string pattern;         // key of the leak pattern naming it, or ""
  bool pattern_only = false;   // found by its pattern alone: counts are the pattern's items
  std::string class_name;      // its class when a pattern names it ("RequestContext"), or ""
  std::string held_by;         // the pattern's holder ("ConfigBus @78003"), or ""
};

// A leak pattern (pattern_growth.h) in the baseline and the current snapshot (0 where absent).
struct GatePattern {
  detectors::FindingKind kind = detectors::FindingKind::kEventListeners;
  std::string key;
  std::string subject;  // "listeners for 'update' on ConfigBus"
  std::string event;    // event listeners: the event name ("" when the snapshot has none)
  uint64_t base_count = 0;
  uint64_t count = 0;
  uint64_t wasted = 0;  // duplicate strings, current snapshot
};

struct GateInput {
  bool baseline_is_summary = false;  // only total and constructor rules apply
  bool has_sites = true;             // site groups were computed
  uint64_t base_total = 0;           // DevTools' total size of the baseline
  uint64_t total = 0;                // ... of the current snapshot
  std::vector<GateGroup> groups;     // classes and sites
  std::vector<GateSuspect> suspects;  // most evidence first
  bool has_patterns = false;          // the detectors ran on the snapshots
  std::vector<GatePattern> patterns;
};

// The diff's first and last snapshot, every class and site group, and every suspect.
GateInput gate_input_from_diff(const DiffResult& diff);

// One constructor of a summary baseline or of the current snapshot.
struct ClassTotals {
  std::string key;   // DevTools' class key
  std::string name;
  bool v8_internal = false;
  uint32_t count = 0;
  uint64_t self = 0;
  uint64_t retained = 0;
  // Run-independent key (portable_class_name.h); "" for rows of summaries written before
  // summaries carried it: then derived from `key` (portable_class_key_from_key).
  std::string portable_key = {};
};

// A summary baseline against the current snapshot's constructors. A summary baseline comes from
// another run, so constructors are compared in their run-independent form
// (portable_class_name.h): each side's rows are summed by portable key (several DevTools classes
// can share one, e.g. the contexts of different scopes), and the groups take the portable key
// and name. Groups are paired by portable key; a key holds the position of the constructor,
// which changes when the code above it is edited (and, in old baselines, the run-dependent
// script id), so groups left unpaired are then paired by portable name where the name is unique
// among the unpaired on both sides. `paired_by_name` (optional) receives how many were.
GateInput gate_input_from_summary(uint64_t base_total, const std::vector<ClassTotals>& baseline,
                                  uint64_t total, const std::vector<ClassTotals>& current,
                                  uint32_t* paired_by_name = nullptr);

// --- The rules ---------------------------------------------------------------------------------

struct GroupRule {
  GroupKind kind = GroupKind::kClass;
  std::string pattern;  // name, key or glob
  SizeMeasure measure = SizeMeasure::kRetained;
  std::optional<uint64_t> max_growth;        // bytes
  std::optional<uint64_t> max_count_growth;  // objects
};

// At most `max` listeners on one emitter for events matching `event` (a name or glob; "*" any).
struct ListenerLimit {
  std::string event = "*";
  uint64_t max = 0;
};

struct GateRules {
  std::optional<double> max_growth_percent;  // total size, percent of the baseline's
  std::optional<uint64_t> max_growth_bytes;  // total size
  std::optional<uint64_t> max_suspect;       // retained growth of any one suspect
  bool no_suspects = false;                  // any suspect fails
  std::vector<GroupRule> groups;
  // Suspects never judged: names, keys or globs (a known, accepted growth).
  std::vector<std::string> allowed_suspects;
  // Leak-pattern rules (above).
  std::vector<ListenerLimit> max_listeners;
  std::optional<uint64_t> max_handle_growth;      // open handles of one kind and owner
  std::optional<uint64_t> max_timer_growth;       // active timers of one callback
  std::optional<uint64_t> max_collection_growth;  // entries of one collection
  std::optional<uint64_t> max_string_waste;       // bytes wasted by one duplicated string

  // True when no threshold at all is set.
  bool empty() const;
};

// `rules`, or "no leak suspects" when it sets no threshold.
GateRules with_defaults(GateRules rules);

// The detectors' floors `rules` need: the listener, timer, handle and duplicate-string floors
// lowered so that each rule sees patterns at its limit, not only above the defaults.
detectors::DetectorOptions detector_floors_for(const GateRules& rules,
                                               detectors::DetectorOptions options);

// Does `text` match `pattern` (`*` any run of characters, `?` one character, else literal)?
bool glob_match(std::string_view pattern, std::string_view text);

// --- The verdict -------------------------------------------------------------------------------

enum class RuleKind : uint8_t {
  kTotalGrowthPercent,
  kTotalGrowthBytes,
  kGroupGrowth,       // GroupRule::max_growth
  kGroupCountGrowth,  // GroupRule::max_count_growth
  kSuspectSize,       // max_suspect
  kNoSuspects,        // no_suspects
  kListeners,         // max_listeners
  kHandleGrowth,      // max_handle_growth
  kTimerGrowth,       // max_timer_growth
  kCollectionGrowth,  // max_collection_growth
  kStringWaste,       // max_string_waste
};
enum class RuleStatus : uint8_t { kPass, kFail, kSkipped };

struct RuleOutcome {
  RuleKind kind = RuleKind::kNoSuspects;
  GroupKind group_kind = GroupKind::kClass;    // group rules
  SizeMeasure measure = SizeMeasure::kRetained;  // kGroupGrowth
  std::string pattern;                         // group rules; listener rules: the event glob
  std::string id;  // stable and unique: "total-growth-percent", "class-growth:Foo", ...
  RuleStatus status = RuleStatus::kPass;
  // Why a rule was skipped, or that nothing matched it (the report words it).
  enum class Note : uint8_t {
    kNone,
    kSummaryHasNoSites,      // site rule, summary baseline
    kNoSites,                // site rule, no sites computed
    kSummaryHasNoSuspects,   // suspect rule, summary baseline
    kNoMatch,                // group rule: no group matches the pattern
    kSummaryHasNoPatterns,   // leak-pattern rule, summary baseline
    kNoPatterns,             // leak-pattern rule, the detectors did not run
  };
  Note note = Note::kNone;

  // Figures of the group (or suspect, or total) the rule is about: the worst offender when the
  // rule fails, else the one closest to the limit. Units: bytes, objects or (percent rules)
  // bytes for baseline/current and percent for growth_percent and limit.
  std::string group;  // "" for total rules, when nothing matched
  int64_t baseline = 0;
  int64_t current = 0;
  int64_t growth = 0;
  double growth_percent = 0;  // growth / baseline * 100 (total rules; 0 when baseline is 0)
  double limit = 0;           // percent, bytes or objects
  uint32_t matched = 0;    // groups (or suspects) the rule looked at
  uint32_t offenders = 0;  // ... of which over the limit

  // Failing total rules: the class (not V8's own) that grew most in self size, if any.
  struct Grower {
    std::string name;
    int64_t self_growth = 0;
    int64_t count_growth = 0;
  };
  std::optional<Grower> grower;
  // The suspect the rule points at: index into GateInput::suspects, or -1; and how it relates.
  int32_t suspect = -1;
  enum class SuspectLink : uint8_t {
    kNone,        // the rule names no suspect
    kOwn,         // the suspect of the failing group, or the suspect the rule is about
    kTopOverall,  // the failing group has no suspect of its own: the top suspect overall
    kNoneFound,   // a failing group rule, and the diff found no suspect at all
  };
  SuspectLink suspect_link = SuspectLink::kNone;
  // Suspect rules: suspects present but allowed (--allow-suspect), by name.
  std::vector<std::string> allowed;
};

struct GateVerdict {
  bool passed = true;
  uint32_t failed = 0;
  uint32_t skipped = 0;
  std::vector<RuleOutcome> outcomes;  // in rule order: totals, groups, suspects
};

// Judges `input` by `rules` (use with_defaults() for the out-of-the-box behaviour).
GateVerdict evaluate_gate(const GateInput& input, const GateRules& rules);

}  // namespace heapsnap::analysis

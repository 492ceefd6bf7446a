// Leak patterns across a series (analysis/pattern_growth.h): matching by key, growth, floors and
// ranking, on hand-built findings, and against a slow obvious version on random series. The
// gate's leak-pattern rules (analysis/gate.h) and their config (format/gate_files.h) on hand-built
// inputs; the whole pipeline on the scenarios is in diff_scenarios_test.cpp and tests/golden.
#include "heapsnap/analysis/pattern_growth.h"

#include <catch2/catch.hpp>

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "heapsnap/analysis/gate.h"
#include "heapsnap/format/gate_files.h"
#include "heapsnap/report/gate_wording.h"
#include "heapsnap/util/error.h"

using namespace heapsnap;
using namespace heapsnap::analysis;
using detectors::Finding;
using detectors::FindingKind;

namespace {

Finding finding(FindingKind kind, std::string key, uint64_t count, uint64_t retained,
                uint64_t external = 0, uint64_t wasted = 0) {
  Finding f;
  f.kind = kind;
  f.key = std::move(key);
  f.subject = "subject of " + f.key;
  f.title = std::to_string(count) + " " + f.subject;
  f.count = count;
  f.retained_bytes = retained;
  f.external_bytes = external;
  f.wasted_bytes = wasted;
  return f;
}

// The slow obvious version: for each key, each snapshot's findings of that key summed.
struct Obvious {
  std::vector<uint64_t> counts, bytes;
  bool grows = false, suspect = false;
};
std::map<std::string, Obvious> obvious(const std::vector<std::vector<Finding>>& series,
                                       const PatternOptions& o) {
  std::map<std::string, Obvious> out;
  for (const auto& snapshot : series)
    for (const auto& f : snapshot) out[f.key];
  for (auto& [key, p] : out) {
    for (const auto& snapshot : series) {
      uint64_t count = 0, bytes = 0;
      for (const auto& f : snapshot) {
        if (f.key != key) continue;
        count += f.count;
        bytes += f.kind == FindingKind::kDuplicateStrings ? f.wasted_bytes
                 : f.kind == FindingKind::kOffHeap        ? f.external_bytes
                                                          : f.retained_bytes;
      }
      p.counts.push_back(count);
      p.bytes.push_back(bytes);
    }
    p.grows = series.size() >= 2;
    for (size_t i = 1; i < series.size(); ++i) p.grows = p.grows && p.counts[i] > p.counts[i - 1];
    const int64_t dc = static_cast<int64_t>(p.counts.back()) - static_cast<int64_t>(p.counts[0]);
    const int64_t db = static_cast<int64_t>(p.bytes.back()) - static_cast<int64_t>(p.bytes[0]);
    p.suspect = p.grows && dc >= static_cast<int64_t>(o.min_pattern_count) &&
                db >= static_cast<int64_t>(o.min_pattern_bytes);
  }
  return out;
}

}  // namespace

TEST_CASE("pattern growth: findings matched by key, absent counts 0", "[patterns]") {
  const std::string listeners = "event-listeners|ConfigBus|update|onConfigUpdate@/a.js:17:49";
  const std::string buffers = "off-heap|buffers|/a.js|subscribe()|lastSeen";
  const std::string strings = "duplicate-strings|abc|40";
  std::vector<std::vector<Finding>> series(3);
  series[0] = {finding(FindingKind::kEventListeners, listeners, 12, 130'000, 120'000),
               finding(FindingKind::kDuplicateStrings, strings, 500, 40'000, 0, 20'000)};
  series[1] = {finding(FindingKind::kEventListeners, listeners, 132, 1'400'000, 1'300'000),
               finding(FindingKind::kOffHeap, buffers, 132, 1'400'000, 1'350'000),
               finding(FindingKind::kDuplicateStrings, strings, 400, 32'000, 0, 16'000)};
  series[2] = {finding(FindingKind::kEventListeners, listeners, 252, 2'600'000, 2'500'000),
               finding(FindingKind::kOffHeap, buffers, 252, 2'600'000, 2'580'000),
               finding(FindingKind::kDuplicateStrings, strings, 600, 48'000, 0, 24'000)};
  const auto patterns = pattern_growth(series, PatternOptions{});
  REQUIRE(patterns.size() == 3);
  // Suspects first, most bytes gained first: off-heap (+2.58 MB off-heap) before the listeners
  // (+2.47 MB retained); the strings do not grow in every step.
  CHECK(patterns[0].key == buffers);
  CHECK(patterns[1].key == listeners);
  CHECK(patterns[2].key == strings);
  const PatternSeries& b = patterns[0];
  CHECK(b.present == std::vector<uint8_t>{0, 1, 1});
  CHECK(b.counts == std::vector<uint64_t>{0, 132, 252});
  CHECK(b.bytes_growth() == 2'580'000);
  CHECK(b.grows_every_step);
  CHECK(b.suspect);
  const PatternSeries& l = patterns[1];
  CHECK(l.counts == std::vector<uint64_t>{12, 132, 252});
  CHECK(l.count_growth() == 240);
  CHECK(l.bytes_growth() == 2'470'000);
  CHECK(l.external == std::vector<uint64_t>{120'000, 1'300'000, 2'500'000});
  CHECK(l.title == "252 subject of " + listeners);  // named by the latest finding
  CHECK(l.last_present == 2);
  const PatternSeries& s = patterns[2];
  CHECK_FALSE(s.grows_every_step);
  CHECK_FALSE(s.suspect);
  CHECK(s.bytes_at(2) == 24'000);  // duplicate strings: wasted bytes
  CHECK(std::string(pattern_bytes_measure(FindingKind::kDuplicateStrings)) == "wasted");
}

TEST_CASE("pattern growth: the floors", "[patterns]") {
  const std::string key = "timers|interval|poll@/a.js:3:1";
  std::vector<std::vector<Finding>> series = {
      {finding(FindingKind::kTimers, key, 10, 10'000)},
      {finding(FindingKind::kTimers, key, 15, 15'000)},
      {finding(FindingKind::kTimers, key, 19, 80'000)}};
  PatternOptions o;
  o.min_pattern_count = 10;
  o.min_pattern_bytes = 64 * 1024;
  CHECK_FALSE(pattern_growth(series, o).front().suspect);  // +9 items: below 10
  o.min_pattern_count = 9;
  CHECK(pattern_growth(series, o).front().suspect);  // +9 items, +70000 bytes
  o.min_pattern_bytes = 70'001;
  CHECK_FALSE(pattern_growth(series, o).front().suspect);
  // A step without growth: never a suspect, whatever the floors.
  series[1][0].count = 10;
  o = PatternOptions{0, 0};
  CHECK_FALSE(pattern_growth(series, o).front().suspect);
  // Two findings of one key in one snapshot are one pattern, named by the larger.
  series[1][0].count = 15;
  series[2].push_back(finding(FindingKind::kTimers, key, 5, 1));
  const auto p = pattern_growth(series, o).front();
  CHECK(p.counts == std::vector<uint64_t>{10, 15, 24});
  CHECK(p.title == "19 subject of " + key);
  CHECK(p.suspect);
}

TEST_CASE("pattern growth: agrees with the slow obvious version on random series",
          "[patterns]") {
  std::mt19937 rng(15);
  const FindingKind kinds[] = {FindingKind::kEventListeners, FindingKind::kOffHeap,
                               FindingKind::kDuplicateStrings, FindingKind::kCollections};
  for (int round = 0; round < 200; ++round) {
    const size_t snapshots = 2 + rng() % 4;
    std::vector<std::vector<Finding>> series(snapshots);
    for (auto& snapshot : series) {
      const size_t n = rng() % 8;
      for (size_t i = 0; i < n; ++i) {
        const uint32_t k = static_cast<uint32_t>(rng() % 5);
        // The kind follows the key, as with the detectors' keys.
        snapshot.push_back(finding(kinds[k % 4], "key" + std::to_string(k), rng() % 50,
                                   rng() % 200'000, rng() % 200'000, rng() % 200'000));
      }
    }
    PatternOptions o{static_cast<uint32_t>(rng() % 20), rng() % 100'000};
    const auto patterns = pattern_growth(series, o);
    const auto expected = obvious(series, o);
    REQUIRE(patterns.size() == expected.size());
    for (size_t i = 0; i < patterns.size(); ++i) {
      const PatternSeries& p = patterns[i];
      const Obvious& e = expected.at(p.key);
      CHECK(p.counts == e.counts);
      for (size_t s = 0; s < snapshots; ++s) CHECK(p.bytes_at(s) == e.bytes[s]);
      CHECK(p.grows_every_step == e.grows);
      CHECK(p.suspect == e.suspect);
      if (i > 0) {
        const PatternSeries& q = patterns[i - 1];
        CHECK((q.suspect > p.suspect ||
               (q.suspect == p.suspect && q.bytes_growth() >= p.bytes_growth())));
      }
    }
  }
}

// --- The gate's leak-pattern rules ---------------------------------------------------------------

namespace {

GatePattern gate_pattern(FindingKind kind, std::string subject, std::string event,
                         uint64_t base, uint64_t count, uint64_t wasted = 0) {
  GatePattern p;
  p.kind = kind;
  p.key = std::string(detectors::finding_kind_id(kind)) + "|" + subject;
  p.subject = std::move(subject);
  p.event = std::move(event);
  p.base_count = base;
  p.count = count;
  p.wasted = wasted;
  return p;
}

GateInput pattern_input() {
  GateInput in;
  in.has_patterns = true;
  in.patterns = {
      gate_pattern(FindingKind::kEventListeners, "listeners for 'update' on ConfigBus", "update",
                   12, 252),
      gate_pattern(FindingKind::kEventListeners, "listeners for 'close' on Socket", "close", 20,
                   30),
      gate_pattern(FindingKind::kHandles, "open TCPSocketWrap handles owned by Socket", "", 40,
                   840),
      gate_pattern(FindingKind::kTimers, "active setInterval timers calling poll", "", 300, 305),
      gate_pattern(FindingKind::kDuplicateStrings, "copies of 'x'", "", 100, 4300, 500'000)};
  GateSuspect s;
  s.name = "listeners for 'update' on ConfigBus";
  s.key = in.patterns[0].key;
  s.pattern = in.patterns[0].key;
  s.pattern_only = true;
  s.held_by = "ConfigBus @78003";
  s.base_count = 12;
  s.count = 252;
  in.suspects.push_back(s);
  return in;
}

// The one outcome of a verdict (a copy: the verdict is often a temporary).
RuleOutcome only(const GateVerdict& v) {
  REQUIRE(v.outcomes.size() == 1);
  return v.outcomes.front();
}

}  // namespace

TEST_CASE("gate: leak-pattern rules", "[gate][patterns]") {
  const GateInput in = pattern_input();
  SECTION("listeners per emitter, any event") {
    GateRules r;
    r.max_listeners.push_back({"*", 100});
    CHECK_FALSE(r.empty());
    const auto v = evaluate_gate(in, r);
    const RuleOutcome o = only(v);
    CHECK(o.status == RuleStatus::kFail);
    CHECK(o.id == "listeners");
    CHECK(o.group == "listeners for 'update' on ConfigBus");
    CHECK(o.current == 252);
    CHECK(o.matched == 2);
    CHECK(o.offenders == 1);
    CHECK(o.suspect == 0);  // the suspect named by that pattern
    const std::string message = report::rule_message(o, in.suspects);
    CHECK_THAT(message, Catch::Contains("252 listeners, limit 100"));
    CHECK_THAT(message, Catch::Contains("held by ConfigBus @78003"));
  }
  SECTION("listeners for one event (a glob)") {
    GateRules r;
    r.max_listeners.push_back({"clo*", 25});
    const RuleOutcome o = only(evaluate_gate(in, r));
    CHECK(o.status == RuleStatus::kFail);
    CHECK(o.id == "listeners:clo*");
    CHECK(o.matched == 1);
    CHECK(o.current == 30);
    r.max_listeners[0].max = 30;
    CHECK(only(evaluate_gate(in, r)).status == RuleStatus::kPass);
  }
  SECTION("growth of handles and timers, from the baseline") {
    GateRules r;
    r.max_handle_growth = 799;
    r.max_timer_growth = 5;
    const auto v = evaluate_gate(in, r);
    REQUIRE(v.outcomes.size() == 2);
    CHECK(v.outcomes[0].id == "handle-growth");
    CHECK(v.outcomes[0].status == RuleStatus::kFail);
    CHECK(v.outcomes[0].growth == 800);
    CHECK(v.outcomes[1].id == "timer-growth");
    CHECK(v.outcomes[1].status == RuleStatus::kPass);  // +5 is not more than 5
    CHECK(v.outcomes[1].growth == 5);
    CHECK_THAT(report::rule_message(v.outcomes[0], in.suspects),
               Catch::Contains("40 → 840 (+800), limit +799 open handles"));
  }
  SECTION("collection growth with no collection passes") {
    GateRules r;
    r.max_collection_growth = 10;
    const RuleOutcome o = only(evaluate_gate(in, r));
    CHECK(o.status == RuleStatus::kPass);
    CHECK(o.matched == 0);
    CHECK(report::rule_message(o, in.suspects) == "no large collection");
  }
  SECTION("duplicate-string waste in the current snapshot") {
    GateRules r;
    r.max_string_waste = 400'000;
    const RuleOutcome o = only(evaluate_gate(in, r));
    CHECK(o.status == RuleStatus::kFail);
    CHECK(o.current == 500'000);
  }
  SECTION("skipped without patterns: a summary baseline, or --no-patterns") {
    GateRules r;
    r.max_handle_growth = 1;
    GateInput summary = in;
    summary.baseline_is_summary = true;
    CHECK(only(evaluate_gate(summary, r)).status == RuleStatus::kSkipped);
    GateInput none = in;
    none.has_patterns = false;
    const auto v = evaluate_gate(none, r);
    CHECK(only(v).note == RuleOutcome::Note::kNoPatterns);
    CHECK(v.passed);
  }
  SECTION("the detectors' floors follow the rules") {
    GateRules r;
    detectors::DetectorOptions d = detector_floors_for(r, {});
    CHECK(d.min_listeners == detectors::DetectorOptions{}.min_listeners);
    r.max_listeners.push_back({"*", 4});
    r.max_handle_growth = 3;
    r.max_timer_growth = 3;
    r.max_string_waste = 1000;
    d = detector_floors_for(r, {});
    CHECK(d.min_listeners == 5);
    CHECK(d.min_handles == 1);
    CHECK(d.min_timers == 1);
    CHECK(d.min_string_copies == 2);
    CHECK(d.min_wasted_bytes == 1000);
  }
}

TEST_CASE("gate config: leak-pattern rules and floors", "[gate][patterns]") {
  const auto c = format::parse_gate_config(
      R"({"max_listeners": {"update": 100, "*": 50}, "max_handle_growth": 10,
          "max_timer_growth": 20, "max_collection_growth": 500, "max_string_waste": "1MiB",
          "ranking": {"min_pattern_count": 5, "min_pattern_bytes": "16KiB"}})",
      "c.json");
  REQUIRE(c.max_listeners.size() == 2);
  CHECK(c.max_listeners[0].event == "update");
  CHECK(c.max_listeners[0].max == 100);
  CHECK(c.max_listeners[1].event == "*");
  CHECK(c.max_handle_growth == 10u);
  CHECK(c.max_timer_growth == 20u);
  CHECK(c.max_collection_growth == 500u);
  CHECK(c.max_string_waste == 1024u * 1024u);
  CHECK(c.ranking.min_pattern_count == 5u);
  CHECK(c.ranking.min_pattern_bytes == 16u * 1024u);
  const auto one = format::parse_gate_config(R"({"max_listeners": 30})", "c.json");
  REQUIRE(one.max_listeners.size() == 1);
  CHECK(one.max_listeners[0].event == "*");
  CHECK_THROWS_WITH(format::parse_gate_config(R"({"max_listeners": {"update": -1}})", "c.json"),
                    Catch::Contains("max_listeners.update"));
  CHECK_THROWS_WITH(format::parse_gate_config(R"({"max_timers": 3})", "c.json"),
                    Catch::Contains("max_timer_growth"));
}

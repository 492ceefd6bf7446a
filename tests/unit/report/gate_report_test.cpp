// The `gate` model (report/gate_report.h, build_gate_report) on the map-cache scenario's Node 20
// snapshots: each rule's figures are the snapshots' (totals from each snapshot loaded on its own,
// group figures from the diff's rows), each status follows from its figures and limit, and the
// verdict from the statuses.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "heapsnap/analysis/gate.h"
#include "heapsnap/report/gate_report.h"
#include "heapsnap/snapshot/analyzed_snapshot.h"
#include "heapsnap/snapshot/snapshot_series.h"
#include "unit/support/catch_ids.h"
#include "unit/support/testdata.h"

using namespace heapsnap;
using analysis::RuleKind;
using analysis::RuleStatus;

namespace {

std::vector<std::string> series(const char* name) {
  std::vector<std::string> files;
  for (int i = 1; i <= 3; ++i)
    files.push_back(test::testdata(std::string("scenarios/") + name + "/" + std::to_string(i) + ".heapsnapshot.gz"));
  return files;
}

report::GateReport gate(const std::vector<std::string>& files, const analysis::GateRules& rules,
                        analysis::DiffResult* diff_out = nullptr) {
  analysis::DiffResult diff = snapshot::load_and_diff(files, {});
  const auto input = analysis::gate_input_from_diff(diff);
  auto r = report::build_gate_report(files.front(), {files.begin() + 1, files.end()}, input, rules,
                                     diff.notes);
  if (diff_out) *diff_out = std::move(diff);
  return r;
}

uint64_t total_of(const std::string& path) { return snapshot::AnalyzedSnapshot::open(path).total_size(); }

// The verdict follows from the outcomes.
void check_verdict(const report::GateReport& r) {
  uint32_t failed = 0, skipped = 0;
  for (const auto& o : r.verdict.outcomes) {
    failed += o.status == RuleStatus::kFail;
    skipped += o.status == RuleStatus::kSkipped;
    CHECK(o.offenders <= o.matched);
    if (o.status == RuleStatus::kFail) CHECK(o.offenders > 0);
  }
  CHECK(r.verdict.failed == failed);
  CHECK(r.verdict.skipped == skipped);
  CHECK(r.verdict.passed == (failed == 0));
}

}  // namespace

TEST_CASE("gate: rule figures are the snapshots', statuses follow from them", "[gate][report]") {
  const auto files = series("map-cache");
  analysis::GateRules rules;
  rules.max_growth_percent = 5.0;
  rules.max_growth_bytes = uint64_t{1} << 30;  // 1 GiB: passes
  analysis::GroupRule count_rule;
  count_rule.pattern = "RequestContext";
  count_rule.max_count_growth = 100;
  rules.groups.push_back(count_rule);
  analysis::GroupRule loose;
  loose.pattern = "RequestContext";
  loose.max_count_growth = 1000000;
  rules.groups.push_back(loose);
  analysis::GroupRule none;
  none.pattern = "NoSuchClass";
  none.max_growth = 1;
  rules.groups.push_back(none);

  analysis::DiffResult diff;
  const auto r = gate(files, rules, &diff);
  CHECK(r.baseline == files[0]);
  CHECK(r.current == std::vector<std::string>{files[1], files[2]});
  CHECK(!r.default_rules);
  CHECK(!r.baseline_is_summary);
  const uint64_t before = total_of(files.front());
  const uint64_t after = total_of(files.back());
  CHECK(r.baseline_total == before);
  CHECK(r.current_total == after);
  REQUIRE(r.verdict.outcomes.size() == 5);
  check_verdict(r);

  const int64_t growth = static_cast<int64_t>(after) - static_cast<int64_t>(before);
  const double percent = 100.0 * static_cast<double>(growth) / static_cast<double>(before);
  for (const auto& o : r.verdict.outcomes) {
    INFO(o.id);
    switch (o.kind) {
      case RuleKind::kTotalGrowthPercent:
        CHECK(o.baseline == static_cast<int64_t>(before));
        CHECK(o.current == static_cast<int64_t>(after));
        CHECK(o.growth == growth);
        CHECK(o.growth_percent == Approx(percent));
        CHECK(o.limit == 5.0);
        CHECK((o.status == RuleStatus::kFail) == (percent > 5.0));
        break;
      case RuleKind::kTotalGrowthBytes:
        CHECK(o.growth == growth);
        CHECK(o.status == RuleStatus::kPass);
        break;
      case RuleKind::kGroupCountGrowth: {
        // The figures are RequestContext's row of the diff.
        const analysis::GroupSeries* row = nullptr;
        for (const auto& g : diff.classes)
          if (g.name == "RequestContext") row = &g;
        REQUIRE(row != nullptr);
        CHECK(o.group == "RequestContext");
        CHECK(o.matched == 1);
        CHECK(o.baseline == row->counts.front());
        CHECK(o.current == row->counts.back());
        CHECK(o.growth == o.current - o.baseline);
        CHECK((o.status == RuleStatus::kFail) == (static_cast<double>(o.growth) > o.limit));
        if (o.status == RuleStatus::kFail) {
          // It points at the suspect of that group.
          REQUIRE(o.suspect >= 0);
          // (named by the Map that holds its objects, a leak pattern)
          CHECK(r.suspects[static_cast<size_t>(o.suspect)].class_name == "RequestContext");
        }
        break;
      }
      case RuleKind::kGroupGrowth:
        CHECK(o.matched == 0);
        CHECK(o.note == analysis::RuleOutcome::Note::kNoMatch);
        CHECK(o.status == RuleStatus::kPass);
        break;
      default:
        FAIL("unexpected rule " << o.id);
    }
  }
  CHECK(r.verdict.failed >= 1);  // RequestContext gains 4000 objects
  CHECK(!r.verdict.passed);
  // The suspects are the diff's, in its order.
  REQUIRE(r.suspects.size() == diff.suspects.size());
  for (size_t i = 0; i < r.suspects.size(); ++i) {
    CHECK(r.suspects[i].name == diff.suspects[i].name);
    CHECK(r.suspects[i].retained_growth == diff.suspects[i].retained_growth);
  }
  CHECK(r.notes == diff.notes);
}

TEST_CASE("gate: without thresholds, any leak suspect fails", "[gate][report]") {
  for (const char* name : {"map-cache", "map-cache-fixed"}) {
    INFO(name);
    analysis::DiffResult diff;
    const auto r = gate(series(name), {}, &diff);
    CHECK(r.default_rules);
    REQUIRE(r.verdict.outcomes.size() == 1);
    const auto& o = r.verdict.outcomes[0];
    CHECK(o.kind == RuleKind::kNoSuspects);
    CHECK(o.matched == diff.suspects.size());
    CHECK((o.status == RuleStatus::kFail) == !diff.suspects.empty());
    CHECK(r.verdict.passed == diff.suspects.empty());
    check_verdict(r);
    CHECK(r.verdict.passed == (std::string(name) == "map-cache-fixed"));  // the leak, the control
  }
}

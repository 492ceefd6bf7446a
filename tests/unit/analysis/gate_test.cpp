// The memory gate's rules (analysis/gate.h), its config and summary readers (format/gate_files.h)
// and its reports (report/gate_report.h), on small hand-built inputs.
#include "heapsnap/analysis/gate.h"

#include <catch2/catch.hpp>

#include "heapsnap/analysis/snapshot_diff.h"
#include "heapsnap/format/gate_files.h"
#include "heapsnap/report/gate_report.h"
#include "heapsnap/report/gate_wording.h"
#include "heapsnap/util/error.h"

using namespace heapsnap;
using namespace heapsnap::analysis;

namespace {

constexpr uint64_t kKiB = 1024;
constexpr uint64_t kMiB = 1024 * 1024;

GateGroup make_class(std::string name, uint32_t base_count, uint32_t count, uint64_t base_retained,
                     uint64_t retained) {
  GateGroup g;
  g.kind = GroupKind::kClass;
  g.key = "," + name;
  g.name = std::move(name);
  g.base_count = base_count;
  g.count = count;
  g.base_self = base_count * 40ull;
  g.self = count * 40ull;
  g.base_retained = base_retained;
  g.retained = retained;
  return g;
}

GateSuspect request_context_suspect() {
  GateSuspect s;
  s.name = "RequestContext";
  s.key = "/srv/app.js,8,2,RequestContext";
  s.site = "RequestContext (/srv/app.js:9:14)";
  s.sites = {s.site};
  s.related = {"{name, roles}"};
  s.base_count = 300;
  s.count = 4300;
  s.survivor_count = 2000;
  s.survivor_size = 2000 * 56;
  s.retained_growth = 1200 * kKiB;
  s.path = "(GC roots) → contextsByRequestId → table → [] → RequestContext";
  s.path_objects = 48;
  s.paths_sampled = 48;
  return s;
}

// A leaking service: RequestContext grows, a churny Buffer class does not, V8 code grows.
GateInput leaking_input() {
  GateInput in;
  in.base_total = 10 * kMiB;
  in.total = 12 * kMiB;
  in.groups.push_back(make_class("RequestContext", 300, 4300, 40 * kKiB, 1300 * kKiB));
  in.groups.push_back(make_class("Buffer", 100, 102, 200 * kKiB, 204 * kKiB));
  GateGroup code = make_class("(compiled code)", 5000, 6000, 2 * kMiB, 3 * kMiB);
  code.v8_internal = true;
  in.groups.push_back(code);
  GateGroup site;
  site.kind = GroupKind::kSite;
  site.key = site.name = "RequestContext (/srv/app.js:9:14)";
  site.base_count = 300;
  site.count = 4300;
  site.base_retained = 40 * kKiB;
  site.retained = 1300 * kKiB;
  in.groups.push_back(site);
  in.suspects.push_back(request_context_suspect());
  return in;
}

// The rule's message as every report words it, with the leaking input's suspects (rules that
// name no suspect do not look at them).
std::string message(const RuleOutcome& o) {
  return report::rule_message(o, leaking_input().suspects);
}

const RuleOutcome& only(const GateVerdict& v) {
  REQUIRE(v.outcomes.size() == 1);
  return v.outcomes.front();
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("glob_match: literal, * and ?", "[gate]") {
  CHECK(glob_match("RequestContext", "RequestContext"));
  CHECK_FALSE(glob_match("RequestContext", "RequestContextX"));
  CHECK(glob_match("*", ""));
  CHECK(glob_match("*", "anything"));
  CHECK(glob_match("Request*", "RequestContext"));
  CHECK(glob_match("*Context", "RequestContext"));
  CHECK(glob_match("*Con*xt", "RequestContext"));
  CHECK(glob_match("Re?uest*", "RequestContext"));
  CHECK_FALSE(glob_match("Re?uest", "Reuest"));
  CHECK_FALSE(glob_match("*Foo", "RequestContext"));
  CHECK(glob_match("a*b*c", "aXbYbZc"));
  CHECK_FALSE(glob_match("a*b*c", "aXbYbZ"));
}

TEST_CASE("no threshold: the gate fails on any leak suspect", "[gate]") {
  const GateRules none;
  CHECK(none.empty());
  const GateRules rules = with_defaults(none);
  CHECK(rules.no_suspects);

  const GateVerdict leak = evaluate_gate(leaking_input(), rules);
  CHECK_FALSE(leak.passed);
  const RuleOutcome& o = only(leak);
  CHECK(o.kind == RuleKind::kNoSuspects);
  CHECK(o.id == "no-suspects");
  CHECK(o.status == RuleStatus::kFail);
  CHECK(o.group == "RequestContext");
  CHECK(o.suspect == 0);
  // The failure names the group, its figures and the retainer path of the suspect.
  CHECK(contains(message(o), "1 leak suspect"));
  CHECK(contains(message(o), "RequestContext: 300 → 4300 objects (+4000)"));
  CHECK(contains(message(o), "retained growth +1.2 MiB"));
  CHECK(contains(message(o), "contextsByRequestId"));
  CHECK(contains(message(o), "(48 of 48 sampled objects)"));
  CHECK(contains(message(o), "allocated at RequestContext (/srv/app.js:9:14)"));

  GateInput fixed = leaking_input();
  fixed.suspects.clear();
  const GateVerdict pass = evaluate_gate(fixed, rules);
  CHECK(pass.passed);
  CHECK(message(only(pass)) == "no leak suspects");
}

TEST_CASE("a threshold replaces the default rule", "[gate]") {
  GateRules rules;
  rules.max_growth_percent = 50;
  const GateRules r = with_defaults(rules);
  CHECK_FALSE(r.no_suspects);
  const GateVerdict v = evaluate_gate(leaking_input(), r);
  CHECK(v.passed);  // 10 -> 12 MiB is +20%
  CHECK(only(v).kind == RuleKind::kTotalGrowthPercent);
}

TEST_CASE("total growth in percent and bytes", "[gate]") {
  GateRules rules;
  rules.max_growth_percent = 10;
  rules.max_growth_bytes = 3 * kMiB;
  const GateVerdict v = evaluate_gate(leaking_input(), rules);
  REQUIRE(v.outcomes.size() == 2);
  const RuleOutcome& pct = v.outcomes[0];
  CHECK(pct.id == "total-growth-percent");
  CHECK(pct.status == RuleStatus::kFail);
  CHECK(pct.growth == static_cast<int64_t>(2 * kMiB));
  CHECK(pct.growth_percent == Approx(20.0));
  CHECK(pct.limit == 10);
  CHECK(contains(message(pct), "total heap size 10.0 MiB → 12.0 MiB: +2.0 MiB (+20.0%), limit 10%"));
  // Names the class that grew most in self size (not V8's code) and the top suspect.
  CHECK(pct.group == "RequestContext");
  CHECK(pct.suspect == 0);
  CHECK(contains(message(pct), "grew most in self size: RequestContext (+"));
  CHECK(contains(message(pct), "top suspect RequestContext"));

  const RuleOutcome& bytes = v.outcomes[1];
  CHECK(bytes.id == "total-growth-bytes");
  CHECK(bytes.status == RuleStatus::kPass);
  CHECK(bytes.suspect == -1);
  CHECK_FALSE(v.passed);
  CHECK(v.failed == 1);
}

TEST_CASE("total growth: exactly at the limit passes, a shrinking heap passes", "[gate]") {
  GateInput in;
  in.base_total = 1000;
  in.total = 1100;
  GateRules rules;
  rules.max_growth_percent = 10;
  rules.max_growth_bytes = 100;
  CHECK(evaluate_gate(in, rules).passed);
  in.total = 1101;
  CHECK(evaluate_gate(in, rules).failed == 2);
  in.total = 500;
  const GateVerdict shrink = evaluate_gate(in, rules);
  CHECK(shrink.passed);
  CHECK(shrink.outcomes[0].growth == -500);
}

TEST_CASE("per-constructor growth in bytes and objects", "[gate]") {
  GateRules rules;
  GroupRule r;
  r.pattern = "RequestContext";
  r.max_growth = 1 * kMiB;
  r.max_count_growth = 5000;
  rules.groups.push_back(r);
  const GateVerdict v = evaluate_gate(leaking_input(), rules);
  REQUIRE(v.outcomes.size() == 2);
  const RuleOutcome& bytes = v.outcomes[0];
  CHECK(bytes.id == "class-growth:RequestContext");
  CHECK(bytes.status == RuleStatus::kFail);
  CHECK(bytes.baseline == static_cast<int64_t>(40 * kKiB));
  CHECK(bytes.current == static_cast<int64_t>(1300 * kKiB));
  CHECK(bytes.growth == static_cast<int64_t>(1260 * kKiB));
  CHECK(contains(message(bytes),
                 "RequestContext: retained size 40.0 KiB → 1.3 MiB (+1.2 MiB), limit +1.0 MiB"));
  CHECK(contains(message(bytes), "top suspect RequestContext"));
  CHECK(contains(report::rule_description(bytes), "constructor RequestContext grows by at most 1.0 MiB"));

  const RuleOutcome& count = v.outcomes[1];
  CHECK(count.id == "class-count:RequestContext");
  CHECK(count.status == RuleStatus::kPass);
  CHECK(count.growth == 4000);
  CHECK(contains(message(count), "300 → 4300 objects (+4000), limit +5000 objects"));
}

TEST_CASE("self-size measure and class keys", "[gate]") {
  GateRules rules;
  GroupRule r;
  r.pattern = ",Buffer";  // a class key picks the group as well as its name
  r.measure = SizeMeasure::kSelf;
  r.max_growth = 79;
  rules.groups.push_back(r);
  const RuleOutcome o = only(evaluate_gate(leaking_input(), rules));
  CHECK(o.id == "class-self-growth:,Buffer");
  CHECK(o.growth == 80);  // 2 objects of 40 bytes
  CHECK(o.status == RuleStatus::kFail);
  // Buffer has no suspect of its own: the top suspect overall is the lead.
  CHECK(o.suspect == 0);
  CHECK(contains(message(o), "no leak suspect of its own; top suspect overall RequestContext"));
  GateInput quiet = leaking_input();
  quiet.suspects.clear();
  const RuleOutcome q = only(evaluate_gate(quiet, rules));
  CHECK(q.suspect == -1);
  CHECK(contains(message(q), "no leak suspects: no group keeps new objects alive"));
}

TEST_CASE("a glob picks every matching group but V8's own", "[gate]") {
  GateRules rules;
  GroupRule r;
  r.pattern = "*";
  r.max_growth = 100 * kKiB;
  rules.groups.push_back(r);
  const RuleOutcome o = only(evaluate_gate(leaking_input(), rules));
  CHECK(o.matched == 2);  // RequestContext and Buffer; not (compiled code)
  CHECK(o.offenders == 1);
  CHECK(o.group == "RequestContext");
  CHECK(o.status == RuleStatus::kFail);
  CHECK(contains(message(o), "1 of 2 constructors over the limit"));
  CHECK(contains(report::rule_description(o), "every constructor (not V8's own)"));

  // By exact name, V8's own groups can be gated too.
  rules.groups[0].pattern = "(compiled code)";
  const RuleOutcome code = only(evaluate_gate(leaking_input(), rules));
  CHECK(code.matched == 1);
  CHECK(code.status == RuleStatus::kFail);
}

TEST_CASE("a rule naming no group passes and says so", "[gate]") {
  GateRules rules;
  GroupRule r;
  r.pattern = "NoSuchClass";
  r.max_count_growth = 0;
  rules.groups.push_back(r);
  const RuleOutcome o = only(evaluate_gate(leaking_input(), rules));
  CHECK(o.status == RuleStatus::kPass);
  CHECK(o.matched == 0);
  CHECK(contains(message(o), "no constructor matches 'NoSuchClass'"));
}

TEST_CASE("allocation-site rules", "[gate]") {
  GateRules rules;
  GroupRule r;
  r.kind = GroupKind::kSite;
  r.pattern = "*app.js:9:*";
  r.max_growth = 1 * kMiB;
  rules.groups.push_back(r);
  const RuleOutcome o = only(evaluate_gate(leaking_input(), rules));
  CHECK(o.id == "site-growth:*app.js:9:*");
  CHECK(o.status == RuleStatus::kFail);
  CHECK(o.suspect == 0);  // the suspect allocated there
  CHECK(contains(message(o), "contextsByRequestId"));
}

TEST_CASE("suspect size limit and allowed suspects", "[gate]") {
  GateRules rules;
  rules.max_suspect = 2 * kMiB;
  CHECK(only(evaluate_gate(leaking_input(), rules)).status == RuleStatus::kPass);
  rules.max_suspect = 1 * kMiB;
  const RuleOutcome o = only(evaluate_gate(leaking_input(), rules));
  CHECK(o.id == "suspect-size");
  CHECK(o.status == RuleStatus::kFail);
  CHECK(contains(message(o), "1 of 1 leak suspect over +1.0 MiB"));

  rules.allowed_suspects = {"Request*"};
  const RuleOutcome allowed = only(evaluate_gate(leaking_input(), rules));
  CHECK(allowed.status == RuleStatus::kPass);
  CHECK(contains(message(allowed), "1 allowed: RequestContext"));
}

TEST_CASE("summary baseline: suspect and site rules are skipped", "[gate]") {
  GateInput in = leaking_input();
  in.baseline_is_summary = true;
  in.has_sites = false;
  in.suspects.clear();
  GateRules rules;
  rules.no_suspects = true;
  GroupRule site;
  site.kind = GroupKind::kSite;
  site.pattern = "*";
  site.max_growth = 0;
  rules.groups.push_back(site);
  GroupRule cls;
  cls.pattern = "RequestContext";
  cls.max_count_growth = 100;
  rules.groups.push_back(cls);
  const GateVerdict v = evaluate_gate(in, rules);
  REQUIRE(v.outcomes.size() == 3);
  CHECK(v.outcomes[0].status == RuleStatus::kSkipped);  // site
  CHECK(contains(message(v.outcomes[0]), "summary"));
  CHECK(v.outcomes[1].status == RuleStatus::kFail);  // class count still applies
  CHECK(v.outcomes[2].status == RuleStatus::kSkipped);  // suspects
  CHECK(v.skipped == 2);
  CHECK(v.failed == 1);
  CHECK_FALSE(v.passed);
}

TEST_CASE("repeated rules get unique ids", "[gate]") {
  GateRules rules;
  GroupRule r;
  r.pattern = "Buffer";
  r.max_growth = 1;
  rules.groups.push_back(r);
  rules.groups.push_back(r);
  const GateVerdict v = evaluate_gate(leaking_input(), rules);
  REQUIRE(v.outcomes.size() == 2);
  CHECK(v.outcomes[0].id == "class-growth:Buffer");
  CHECK(v.outcomes[1].id == "class-growth:Buffer#2");
}

TEST_CASE("gate_input_from_diff maps the first and last snapshot", "[gate]") {
  DiffResult d;
  d.snapshots.resize(3);
  d.snapshots[0].total_size = 100;
  d.snapshots[2].total_size = 300;
  GroupSeries g;
  g.key = ",Foo";
  g.name = "Foo";
  g.counts = {1, 5, 9};
  g.sizes = {10, 50, 90};
  g.retained = {20, 100, 180};
  d.classes.push_back(g);
  g.key = g.name = "Foo (/a.js:1:1)";
  d.sites.push_back(g);
  LeakSuspect s;
  s.name = "Foo";
  s.key = ",Foo";
  s.counts = {1, 5, 9};
  s.retained_growth = 160;
  s.sites = {{"Foo (/a.js:1:1)", 8}};
  s.site = "Foo (/a.js:1:1)";
  s.paths = {{"foos (global variable) → [] in Array → Foo", "global",
              "foos (global variable) → [3] in Array → Foo @5", "global → foos → [3] → Foo @5", 7}};
  s.paths_sampled = 8;
  d.suspects.push_back(s);

  const GateInput in = gate_input_from_diff(d);
  CHECK(in.base_total == 100);
  CHECK(in.total == 300);
  REQUIRE(in.groups.size() == 2);
  CHECK(in.groups[0].kind == GroupKind::kClass);
  CHECK(in.groups[0].base_count == 1);
  CHECK(in.groups[0].count == 9);
  CHECK(in.groups[0].base_retained == 20);
  CHECK(in.groups[0].retained == 180);
  CHECK(in.groups[1].kind == GroupKind::kSite);
  REQUIRE(in.suspects.size() == 1);
  CHECK(in.suspects[0].path == "foos (global variable) → [] in Array → Foo");
  CHECK(in.suspects[0].path_objects == 7);
  CHECK(in.suspects[0].paths_sampled == 8);
  CHECK(in.suspects[0].count == 9);
  CHECK(in.suspects[0].sites == std::vector<std::string>{"Foo (/a.js:1:1)"});
}

TEST_CASE("gate_input_from_summary pairs by key, then by unique name", "[gate]") {
  const std::vector<ClassTotals> before = {
      {",Buffer", "Buffer", false, 10, 400, 1000},
      {"12,8,2,RequestContext", "RequestContext", false, 300, 12000, 40000},  // key moved
      {"12,30,2,Job", "Job", false, 5, 100, 200},  // two Jobs: ambiguous by name
      {"12,40,2,Job", "Job", false, 6, 120, 240},
      {",Gone", "Gone", false, 1, 8, 8},
      {",(system)", "(system)", true, 100, 8000, 8000},
  };
  const std::vector<ClassTotals> now = {
      {",Buffer", "Buffer", false, 12, 480, 1200},
      {"13,9,2,RequestContext", "RequestContext", false, 4300, 172000, 1000000},
      {"13,31,2,Job", "Job", false, 7, 140, 280},
      {",(system)", "(system)", true, 120, 9000, 9000},
  };
  uint32_t by_name = 0;
  const GateInput in = gate_input_from_summary(1000, before, 2000, now, &by_name);
  CHECK(in.baseline_is_summary);
  CHECK_FALSE(in.has_sites);
  CHECK(in.base_total == 1000);
  CHECK(in.total == 2000);
  CHECK(by_name == 1);
  const auto find = [&](const std::string& key) -> const GateGroup& {
    for (const auto& g : in.groups)
      if (g.key == key) return g;
    FAIL("no group " << key);
    return in.groups.front();
  };
  CHECK(find(",Buffer").base_count == 10);
  CHECK(find(",Buffer").count == 12);
  // Without portable keys in the rows, script ids stay (as "script#<id>"): paired by name.
  const GateGroup& rc = find("script#13,9,2,RequestContext");
  CHECK(rc.base_count == 300);
  CHECK(rc.count == 4300);
  CHECK(rc.base_retained == 40000);
  // The two baseline Jobs stay apart from the current one: zero on the other side.
  CHECK(find("script#13,31,2,Job").base_count == 0);
  CHECK(find("script#12,30,2,Job").count == 0);
  CHECK(find("script#12,40,2,Job").base_count == 6);
  CHECK(find(",Gone").count == 0);
  CHECK(find(",(system)").v8_internal);
  CHECK(in.groups.size() == 7);
}

TEST_CASE("gate_input_from_summary compares run-independent keys", "[gate][portable]") {
  // Two runs of one page: ports, scope ids, script ids and property order differ.
  const std::vector<ClassTotals> before = {
      {",Window / http://127.0.0.1:46569", "Window / http://127.0.0.1:46569", false, 1, 40, 400,
       ",Window / http://127.0.0.1:*"},
      {",system / Context / scope @43879", "system / Context / scope @43879", true, 200, 8000,
       9000, ",system / Context / scope"},
      {",system / Context / scope @46249", "system / Context / scope @46249", true, 40, 1600,
       1700, ",system / Context / scope"},
      {"3,10,15,Widget", "Widget", false, 200, 6400, 20000, "page.js,10,15,Widget"},
      // An old baseline row (no portable key): the name part is made portable here.
      {",{when, what, who}", "{when, what, who}", false, 40, 1280, 1280},
  };
  const std::vector<ClassTotals> now = {
      {",Window / http://127.0.0.1:41331", "Window / http://127.0.0.1:41331", false, 1, 40, 400,
       ",Window / http://127.0.0.1:*"},
      {",system / Context / scope @35599", "system / Context / scope @35599", true, 240, 9600,
       10700, ",system / Context / scope"},
      {"5,10,15,Widget", "Widget", false, 200, 6400, 20000, "page.js,10,15,Widget"},
      {",{who, when, what}", "{who, when, what}", false, 40, 1280, 1280, ",{what, when, who}"},
  };
  uint32_t by_name = 0;
  const GateInput in = gate_input_from_summary(1000, before, 1000, now, &by_name);
  CHECK(by_name == 0);
  REQUIRE(in.groups.size() == 4);
  for (const auto& g : in.groups) {
    INFO(g.key);
    CHECK(g.base_count == g.count);
    CHECK(g.base_self == g.self);
  }
  CHECK(in.groups[0].key == ",Window / http://127.0.0.1:*");
  CHECK(in.groups[0].name == "Window / http://127.0.0.1:*");
  // Both baseline scopes are one group, as the one current scope.
  CHECK(in.groups[1].name == "system / Context / scope");
  CHECK(in.groups[1].v8_internal);
  CHECK(in.groups[1].base_retained == 10700);
  CHECK(in.groups[2].key == "page.js,10,15,Widget");
  CHECK(in.groups[3].name == "{what, when, who}");

  // A leak across the two runs still shows: 200 -> 1000 Widgets.
  std::vector<ClassTotals> leaking = now;
  leaking[2].count = 1000;
  leaking[2].self = 32000;
  const GateInput leak = gate_input_from_summary(1000, before, 1000, leaking);
  GateRules rules;
  rules.groups.push_back(GroupRule{GroupKind::kClass, "Widget", SizeMeasure::kSelf, {}, 100});
  const GateVerdict v = evaluate_gate(leak, rules);
  CHECK_FALSE(v.passed);
  REQUIRE(v.outcomes.size() == 1);
  CHECK(v.outcomes[0].baseline == 200);
  CHECK(v.outcomes[0].current == 1000);
  CHECK(evaluate_gate(in, rules).passed);
}

TEST_CASE("summary files: portable_key is optional", "[gate][portable]") {
  const auto old_file = format::parse_summary(
      R"({"schema_version": 1, "kind": "heapsnap-summary", "total_size": 10, "constructors": [
          {"key": ",A", "name": "A", "count": 1, "self_size": 2, "retained_size": 3}]})",
      "old.json");
  REQUIRE(old_file.constructors.size() == 1);
  CHECK(old_file.constructors[0].portable_key.empty());
  const auto new_file = format::parse_summary(
      R"({"schema_version": 1, "kind": "heapsnap-summary", "total_size": 10, "constructors": [
          {"key": "7,1,2,A", "portable_key": "a.js,1,2,A", "name": "A", "count": 1,
           "self_size": 2, "retained_size": 3}]})",
      "new.json");
  CHECK(new_file.constructors[0].portable_key == "a.js,1,2,A");
  CHECK_THROWS_WITH(
      format::parse_summary(
          R"({"schema_version": 1, "kind": "heapsnap-summary", "total_size": 10, "constructors": [
          {"key": ",A", "portable_key": 5, "name": "A", "count": 1, "self_size": 2,
           "retained_size": 3}]})",
          "bad.json"),
      Catch::Contains("constructors[0].portable_key") && Catch::Contains("expected a string"));
}

// --- Config and summary files ------------------------------------------------------------------

TEST_CASE("gate config: every key", "[gate]") {
  const auto c = format::parse_gate_config(R"({
    "schema_version": 1,
    "comment": "free text",
    "max_growth": "10%",
    "max_growth_bytes": "5MiB",
    "max_suspect": 1048576,
    "no_suspects": true,
    "classes": [{"name": "RequestContext", "max_growth": "1MiB", "max_count_growth": 100},
                {"name": "*", "max_growth": "2MiB", "measure": "self"}],
    "sites": [{"name": "*app.js*", "max_count_growth": 10}],
    "allow_suspects": ["Timeout"],
    "ranking": {"min_survivors": 5, "min_retained_growth": "8KiB", "max_suspects": 3}
  })", "gate.json");
  CHECK(c.max_growth_percent == 10.0);
  CHECK(c.max_growth_bytes == 5 * kMiB);
  CHECK(c.max_suspect == kMiB);
  CHECK(c.no_suspects == true);
  REQUIRE(c.classes.size() == 2);
  CHECK(c.classes[0].name == "RequestContext");
  CHECK(c.classes[0].max_growth == kMiB);
  CHECK(c.classes[0].max_count_growth == 100u);
  CHECK_FALSE(c.classes[0].self_size);
  CHECK(c.classes[1].self_size);
  REQUIRE(c.sites.size() == 1);
  CHECK(c.sites[0].max_count_growth == 10u);
  CHECK_FALSE(c.sites[0].max_growth.has_value());
  CHECK(c.allow_suspects == std::vector<std::string>{"Timeout"});
  CHECK(c.ranking.min_survivors == 5u);
  CHECK(c.ranking.min_retained_growth == 8 * kKiB);
  CHECK(c.ranking.max_suspects == 3u);
  CHECK_FALSE(c.ranking.min_step_count.has_value());

  CHECK(format::parse_gate_config("{\"max_growth\": 2.5}", "g").max_growth_percent == 2.5);
  CHECK(format::parse_gate_config("{}", "g").classes.empty());
}

TEST_CASE("gate config: mistakes name the file and the key", "[gate]") {
  const auto error_of = [](const char* json) {
    try {
      format::parse_gate_config(json, "gate.json");
    } catch (const Error& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  CHECK(contains(error_of("{\"max_grwoth\": 5}"), "'gate.json': max_grwoth: unknown key"));
  // A key or value with a line break still gives one line (tests/fuzz checks it for any input).
  CHECK(contains(error_of("{\"a\\nb\": 5}"), "'gate.json': a\\x0ab: unknown key"));
  CHECK(contains(error_of("{\"max_growth\": \"1\\r0\"}"), "max_growth: '1\\x0d0' is not"));
  CHECK(contains(error_of("{\"max_growth_bytes\": \"5 parsecs\"}"),
                 "'gate.json': max_growth_bytes: '5 parsecs' has an unknown size unit"));
  CHECK(contains(error_of("{\"max_growth\": \"ten\"}"), "max_growth: 'ten' is not a percentage"));
  CHECK(contains(error_of("{\"classes\": [{\"name\": \"A\"}]}"),
                 "classes[0]: needs \"max_growth\" or \"max_count_growth\""));
  CHECK(contains(error_of("{\"classes\": [{\"max_growth\": 1}]}"), "classes[0]: needs a \"name\""));
  CHECK(contains(error_of("{\"classes\": [{\"name\": \"A\", \"max_count_growth\": -1}]}"),
                 "classes[0].max_count_growth: expected a non-negative integer"));
  CHECK(contains(
      error_of("{\"classes\": [{\"name\": \"A\", \"max_growth\": 1, \"measure\": \"x\"}]}"),
                 "classes[0].measure: expected \"retained\" or \"self\""));
  CHECK(contains(error_of("{\"schema_version\": 2}"), "schema_version: is 2"));
  CHECK(contains(error_of("[1]"), "the config: expected an object"));
  CHECK(contains(error_of("{"), "not valid JSON"));
}

TEST_CASE("parse_percent", "[gate]") {
  CHECK(format::parse_percent("10%") == 10.0);
  CHECK(format::parse_percent("10") == 10.0);
  CHECK(format::parse_percent("2.5 %") == 2.5);
  CHECK_THROWS_AS(format::parse_percent("-1%"), Error);
  CHECK_THROWS_AS(format::parse_percent("10%%"), Error);
  CHECK_THROWS_AS(format::parse_percent("%"), Error);
  CHECK_THROWS_AS(format::parse_percent("10 MiB"), Error);
}

TEST_CASE("summary baseline document", "[gate]") {
  const auto s = format::parse_summary(R"({"schema_version": 1, "kind": "heapsnap-summary",
    "file": "a.heapsnapshot", "node_count": 7, "edge_count": 9, "total_size": 1234,
    "statistics": {"total": 1234},
    "constructors": [{"key": ",Foo", "name": "Foo", "count": 3, "self_size": 120,
                      "retained_size": 400, "distance": 2}]})", "base.json");
  CHECK(s.file == "a.heapsnapshot");
  CHECK(s.total_size == 1234);
  CHECK(s.node_count == 7);
  REQUIRE(s.constructors.size() == 1);
  CHECK(s.constructors[0].key == ",Foo");
  CHECK(s.constructors[0].count == 3);
  CHECK(s.constructors[0].retained_size == 400);
  CHECK_THROWS_WITH(format::parse_summary("{\"schema_version\": 1, \"kind\": \"x\"}", "b.json"),
                    Catch::Contains("'b.json': kind: expected \"heapsnap-summary\""));
  CHECK_THROWS_WITH(format::parse_summary(
                        "{\"schema_version\": 1, \"kind\": \"heapsnap-summary\", \"total_size\": 1,"
                        " \"constructors\": [{\"key\": \",A\"}]}",
                        "b.json"),
                    Catch::Contains("constructors[0]: missing \"name\""));
}

// --- Reports -------------------------------------------------------------------------------------

TEST_CASE("gate reports: every format carries the verdict and the failing message", "[gate]") {
  report::GateReport r;
  r.baseline = "/tmp/1.heapsnapshot";
  r.current = {"/tmp/2.heapsnapshot", "/tmp/3.heapsnapshot"};
  GateInput in = leaking_input();
  // Heap strings may hold anything: markup, pipes, invalid UTF-8, control characters.
  in.suspects[0].name = "<Req|Ctx> & \"x\"\x01\xff";
  r.baseline_total = in.base_total;
  r.current_total = in.total;
  r.default_rules = true;
  r.suspects = in.suspects;
  r.verdict = evaluate_gate(in, with_defaults({}));
  r.notes = {"a note"};

  const std::string text = r.text();
  CHECK(contains(text, "heapsnap gate: FAIL (1 of 1 rule failed)"));
  CHECK(contains(text, "FAIL    no leak suspects"));
  CHECK(contains(text, "contextsByRequestId"));
  CHECK(contains(text, "note: a note"));

  const std::string json = r.json();
  CHECK(contains(json, "\"schema_version\": 1"));
  CHECK(contains(json, "\"kind\": \"heapsnap-gate\""));
  CHECK(contains(json, "\"verdict\": \"fail\""));
  CHECK(contains(json, "\"id\": \"no-suspects\""));
  CHECK(contains(json, "\\u0001\\ufffd"));

  const std::string md = r.markdown();
  CHECK(contains(md, "### heapsnap gate: ❌ FAIL"));
  CHECK(contains(md, "| ❌ | no leak suspects |"));
  CHECK(contains(md, "\\<Req\\|Ctx\\> \\& \"x\" \xEF\xBF\xBD"));  // escaped, sanitized
  CHECK(contains(md, "`(GC roots) → contextsByRequestId → table → [] → RequestContext`"));

  const std::string xml = r.junit();
  CHECK(contains(xml, "<testsuites name=\"heapsnap gate\" tests=\"1\" failures=\"1\""));
  CHECK(contains(
      xml, "<testcase classname=\"heapsnap.gate\" name=\"no-suspects: no leak suspects\">"));
  CHECK(contains(xml, "<failure type=\"memory-regression\" "
                      "message=\"1 leak suspect; top suspect &lt;Req|Ctx&gt;"));
  CHECK(contains(xml, "&lt;Req|Ctx&gt; &amp; \"x\"\xEF\xBF\xBD\xEF\xBF\xBD"));
  CHECK_FALSE(contains(xml, "\x01"));
}

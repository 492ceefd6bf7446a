// The diff engine on the real Node 20 scenario snapshots (testdata/scenarios, made by
// tools/scenarios/*.js): for each leaking scenario the first suspect is its leak, with a retainer
// path through the manifest's property names and the right allocation site; the controls give no
// suspect.
//
// The expectations are written out below, one row per scenario, and checked against
// testdata/scenarios/manifest.json by plain text search (no JSON parser in the tests): every
// scenario of the manifest must have a row, and a row's class and path names must appear in its
// manifest entry. Where the site cannot be the manifest's alloc_site, the row says why.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "heapsnap/analysis/snapshot_diff.h"
#include "heapsnap/snapshot/snapshot_series.h"
#include "heapsnap/format/snapshot_loader.h"
#include "heapsnap/report/diff_report.h"
#include "unit/support/testdata.h"

using namespace heapsnap;
using namespace heapsnap::analysis;

namespace {

struct Expectation {
  const char* name;
  bool leaks;
  // The first suspect's class (DevTools' class name); "" for a leak whose objects are below
  // leak_ranking's noise floor, which the leak-pattern detectors find alone.
  const char* suspect;
  const char* manifest_class;     // leak_class / devtools_class as the manifest spells it
  std::vector<std::string> path;  // named edges, in order, on the top path in full
  // The top readable path starts here: the reference to fix (readable_path.h).
  const char* holder;
  // Substrings of the first suspect's site; empty: no site is expected.
  std::vector<std::string> site;
  uint32_t per_phase = 0;  // leaked objects of the class per load phase (manifest)
  // The leak pattern that names the first suspect (analysis/pattern_suspects.h); "" when it is
  // named by its class. `suspect` is then the class of its figures ("" for a pattern alone).
  const char* pattern = "";
};

// Sites: without allocation stacks a site is the constructor's location, so the manifest's
// alloc_site (the `new` statement) is matched by script only. Plain objects and strings have no
// constructor location; Socket's constructor is in node:net (the scenario calls net.connect).
const std::vector<Expectation>& expectations() {
  // clang-format off
  static const std::vector<Expectation> rows = {
      {"global-array-http", true, "RequestRecord", "RequestRecord", {"recentRequests"}, "recentRequests (global variable)",
       {"RequestRecord (", "scenarios/global-array-http.js:"}, 2000,
       "entries of Array held by recentRequests in global"},
      {"request-log", true, "{time, level, requestId, message}",
       "{time, level, requestId, message}", {"logger", "entries"}, "logger (closure variable of handleRequest)", {}, 2000,
       "entries of Array held by entries in Logger"},
      {"listener-per-request", true, "ClientSession", "ClientSession",
       {"configBus", "_events", "configChanged", "session"}, "configBus (closure variable of handleRequest)",
       {"scenarios/listener-per-request.js:"}, 2000,
       "listeners for 'configChanged' on EventEmitter"},
      {"timers-uncleared", true, "StatusPoller", "StatusPoller",
       {"timerListMap", "_onTimeout", "poller"}, "poller (closure variable of ", {"scenarios/timers-uncleared.js:"}, 2000,
       "active setInterval timers calling (anonymous)"},
      {"closure-context", true, "RowBatch", "RowBatch", {"formatters", "batch"}, "formatters (closure variable of work)",
       {"scenarios/closure-context.js:"}, 2000,
       "entries of Array held by formatters in context of module scope of closure-context.js"},
      {"map-cache", true, "RequestContext", "RequestContext", {"contextsByRequestId"}, "contextsByRequestId (closure variable of handleRequest)",
       {"scenarios/map-cache.js:"}, 2000,
       "entries of Map held by contextsByRequestId in context of module scope of map-cache.js"},
      {"sockets-unclosed", true, "Socket", "Socket", {"<symbol owner_symbol>"}, "Node / TCPSocketWrap",
       {"Socket (node:net:"}, 400,
       "open TCPSocketWrap handles owned by Socket"},
      {"long-chain", true, "EditOperation", "EditOperation", {"latestEdit", "previous"}, "latestEdit (closure variable of work)",
       {"scenarios/long-chain.js:"}, 2000},
      {"string-cache", true, "(string)", "(string)", {"renderedByKey"}, "renderedByKey (closure variable of work)", {}, 4000,
       "entries of Map held by renderedByKey in context of module scope of string-cache.js"},
      {"churn-slow-leak", true, "LatencySample", "LatencySample", {"latencyHistory"}, "latencyHistory (closure variable of handleRequest)",
       {"scenarios/churn-slow-leak.js:"}, 2000,
       "entries of Array held by latencyHistory in context of module scope of churn-slow-leak.js"},
      {"churn-only", false, "", "", {}, "", {}, 0},
      {"weak-cache", false, "", "", {}, "", {}, 0},
      {"map-cache-fixed", false, "", "", {}, "", {}, 0},
      // Allocation stacks: the top frame is the function containing the `new`.
      {"map-cache-tracked", true, "RequestContext", "RequestContext", {"contextsByRequestId"}, "contextsByRequestId (closure variable of handleRequest)",
       {"handleRequest (", "scenarios/map-cache.js:22:"}, 2000,
       "entries of Map held by contextsByRequestId in context of module scope of map-cache.js"},
      // The detector scenarios (tests/unit/analysis/detectors). 120 Buffers per step are below
      // the noise floor of diff's ranking: no class suspect; the growing listener pattern is the
      // suspect. The duplicated strings hang from Sessions kept in an array on purpose; diff
      // names the array by its pattern, with the Sessions' figures.
      {"listener-buffers", true, "", "Buffer", {"configBus", "_events", "update", "lastSeen"},
       "", {}, 120,
       "listeners for 'update' on ConfigBus"},
      {"listener-buffers-fixed", false, "", "", {}, "", {}, 0},
      {"duplicate-strings", true, "Session", "(string)", {"sessions"},
       "sessions (closure variable of work)", {"Session (", "scenarios/duplicate-strings.js:"}, 2000,
       "entries of Array held by sessions in context of module scope of duplicate-strings.js"},
      {"healthy-service", false, "", "", {}, "", {}, 0},
  };
  // clang-format on
  return rows;
}

const std::string& manifest() {
  static const std::string text = test::read_file(test::testdata("scenarios/manifest.json"));
  return text;
}

// The manifest text of one scenario: from its "name" to the next scenario's.
std::string manifest_entry(const std::string& name) {
  const std::string& m = manifest();
  const size_t at = m.find("\"name\": \"" + name + "\"");
  if (at == std::string::npos) return {};
  const size_t next = m.find("\"name\": \"", at + 1);
  return m.substr(at, next == std::string::npos ? std::string::npos : next - at);
}

// Edge labels of a path signature, with " ×N" (collapsed runs) dropped.
std::vector<std::string> signature_labels(const std::string& signature) {
  static const std::string kArrow = " \u2192 ";
  std::vector<std::string> labels;
  size_t start = 0;
  while (true) {
    const size_t end = signature.find(kArrow, start);
    std::string label =
        signature.substr(start, end == std::string::npos ? std::string::npos : end - start);
    const size_t times = label.find(" \u00d7");
    if (times != std::string::npos) label.resize(times);
    labels.push_back(label);
    if (end == std::string::npos) break;
    start = end + kArrow.size();
  }
  return labels;
}

bool has_in_order(const std::vector<std::string>& labels, const std::vector<std::string>& wanted) {
  size_t k = 0;
  for (const auto& label : labels)
    if (k < wanted.size() && label == wanted[k]) ++k;
  return k == wanted.size();
}

DiffResult diff_scenario(const std::string& name) {
  snapshot::SnapshotSeries series(3);
  for (int i = 1; i <= 3; ++i) {
    const std::string file =
        test::testdata("scenarios/" + name + "/" + std::to_string(i) + ".heapsnapshot.gz");
    series.add(snapshot::AnalyzedSnapshot(file, format::load_snapshot_file(file)));
  }
  return series.finish();
}

}  // namespace

TEST_CASE("scenario expectations cover the manifest", "[diff][scenarios]") {
  const std::string& m = manifest();
  size_t scenarios = 0;
  for (size_t at = m.find("\"name\": \""); at != std::string::npos;
       at = m.find("\"name\": \"", at + 1))
    ++scenarios;
  CHECK(scenarios == expectations().size());
  for (const auto& e : expectations()) {
    INFO("scenario " << e.name);
    const std::string entry = manifest_entry(e.name);
    REQUIRE_FALSE(entry.empty());
    CHECK_THAT(entry, Catch::Contains(e.leaks ? "\"leaks\": true" : "\"leaks\": false"));
    if (!e.leaks) continue;
    const bool named = entry.find("\"leak_class\": \"" + std::string(e.manifest_class) + "\"") !=
                           std::string::npos ||
                       entry.find("\"devtools_class\": \"" + std::string(e.manifest_class) +
                                  "\"") != std::string::npos;
    CHECK(named);
    for (const auto& p : e.path) CHECK_THAT(entry, Catch::Contains("\"" + p + "\""));
    CHECK_THAT(entry, Catch::Contains("\"leaked_per_phase\": " + std::to_string(e.per_phase)));
  }
}

// (No ';' in test names: ctest registers the name up to it, and then runs nothing.)
TEST_CASE("scenarios: the first suspect is the leak, controls have none", "[diff][scenarios]") {
  for (const auto& e : expectations()) {
    DYNAMIC_SECTION(e.name) {
      const DiffResult d = diff_scenario(e.name);
      CHECK(d.ids_comparable);
      // Every row adds up: count in #i+1 = count in #i + new - deleted. (Sizes need not: an
      // object in both snapshots may have grown, as in DevTools' Comparison.)
      for (const auto* groups : {&d.classes, &d.sites}) {
        for (const auto& g : *groups) {
          for (size_t i = 0; i < g.steps.size(); ++i) {
            INFO(g.name << " step " << i + 1);
            REQUIRE(int64_t{g.counts[i + 1]} ==
                    int64_t{g.counts[i]} + g.steps[i].new_count - g.steps[i].deleted_count);
          }
        }
      }
      if (!e.leaks) {
        std::string names;
        for (const auto& s : d.suspects) names += s.name + "; ";
        CHECK(names == "");
        // Healthy: no pattern grows in every step either.
        for (const auto& p : d.patterns) CHECK_FALSE(p.suspect);
        continue;
      }
      REQUIRE_FALSE(d.suspects.empty());
      const LeakSuspect& s = d.suspects.front();
      if (*e.pattern != '\0') {
        CHECK(s.name == e.pattern);
        REQUIRE(s.pattern >= 0);
        CHECK(d.patterns[static_cast<size_t>(s.pattern)].suspect);
      } else {
        CHECK(s.pattern < 0);
      }
      if (*e.suspect == '\0') {
        // Found by its pattern alone: the pattern's items, growing by the leak per phase.
        CHECK(s.group == kNoGroup);
        REQUIRE(s.counts.size() == 3);
        CHECK(s.counts[1] >= s.counts[0] + e.per_phase / 2);
        CHECK(s.counts[2] >= s.counts[1] + e.per_phase / 2);
        continue;
      }
      REQUIRE(s.group != kNoGroup);
      CHECK(d.classes[s.group].name == e.suspect);
      CHECK(s.grows_every_step);
      REQUIRE(s.counts.size() == 3);
      // At least half the leaked objects per phase show up, in both steps.
      CHECK(s.counts[1] >= s.counts[0] + e.per_phase / 2);
      CHECK(s.counts[2] >= s.counts[1] + e.per_phase / 2);
      CHECK(s.survivor_count >= e.per_phase / 2);
      // Paths: the commonest one, in full, passes through the manifest's names, in order, and
      // reads from the holder: the variable to fix, runtime internals before it folded away.
      REQUIRE_FALSE(s.paths.empty());
      INFO("top path: " << s.paths.front().signature << "\nvia: " << s.paths.front().via
                        << "\nfull: " << s.paths.front().full);
      CHECK(has_in_order(signature_labels(s.paths.front().full), e.path));
      CHECK_THAT(s.paths.front().signature, Catch::StartsWith(e.holder));
      CHECK_THAT(s.paths.front().via, !Catch::Contains("timerListMap"));
      CHECK(2 * s.paths.front().objects > s.paths_sampled);
      if (e.site.empty()) {
        CHECK(s.site.empty());
      } else {
        INFO("site: " << s.site);
        for (const auto& part : e.site) CHECK_THAT(s.site, Catch::Contains(part));
      }
    }
  }
}

TEST_CASE("scenarios: what memlab misses", "[diff][scenarios]") {
  SECTION("a leak behind a chain thousands of references long") {
    const DiffResult d = diff_scenario("long-chain");
    REQUIRE_FALSE(d.suspects.empty());
    // The sampled paths walk the whole 'previous' chain: the longest is over 3000 edges.
    uint32_t longest = 0;
    for (const auto& p : d.suspects.front().paths) {
      const size_t at = p.example.find("previous \u00d7");
      if (at != std::string::npos)
        longest = std::max(longest, static_cast<uint32_t>(std::stoul(p.example.substr(at + 11))));
    }
    CHECK(longest >= 3000);
  }
  SECTION("a cache of strings") {
    const DiffResult d = diff_scenario("string-cache");
    REQUIRE_FALSE(d.suspects.empty());
    const LeakSuspect& s = d.suspects.front();
    bool greeting = false;
    for (const auto& p : s.paths)
      greeting = greeting || p.example.find("<p class=\"greeting\">") != std::string::npos;
    CHECK(greeting);
    // The keys (concatenated strings) hang from the same Map: one suspect, not two.
    CHECK(d.suspects.size() == 1);
  }
  SECTION("different processes: compared by group only") {
    snapshot::SnapshotSeries series(2);
    for (const char* file :
         {"scenarios/map-cache/1.heapsnapshot.gz", "scenarios/map-cache-fixed/2.heapsnapshot.gz"})
      series.add(snapshot::AnalyzedSnapshot(file, format::load_snapshot_file(test::testdata(file))));
    const DiffResult d = series.finish();
    CHECK_FALSE(d.ids_comparable);
    for (const auto& g : d.classes) {
      for (const auto& step : g.steps) CHECK(step.new_count + step.deleted_count == 0);
      CHECK(g.survivor_count == 0);
    }
    const std::string text = report::render_diff_text(d);
    CHECK_THAT(text, Catch::Contains("do not look like one process"));
  }
}

// Every detector on the real Node 20 scenario snapshots (testdata/scenarios, made by
// tools/scenarios/*.js): it names its scenario's leak with the count, holder and location worked
// out from the scenario program, and stays silent on the healthy twins.
//
// Counts: the harness runs a warm-up and two load phases (tools/scenarios/_harness.js); snapshot
// 3 follows warm-up + 2 x load units of work: 300 + 2000 + 2000 = 4300 by default,
// 12 + 120 + 120 = 252 for listener-buffers, 20 + 200 + 200 = 420 jobs for sockets-unclosed.
// Locations: V8 gives a function's position as its parameter list's opening parenthesis; the
// line and 1-based column below are those of the scenario source.
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>
#include <vector>

#include "heapsnap/analysis/detectors/closures.h"
#include "heapsnap/analysis/detectors/collections.h"
#include "heapsnap/analysis/detectors/detached_dom.h"
#include "heapsnap/analysis/detectors/duplicate_strings.h"
#include "heapsnap/analysis/detectors/event_listeners.h"
#include "heapsnap/analysis/detectors/handles.h"
#include "heapsnap/analysis/detectors/off_heap.h"
#include "heapsnap/analysis/detectors/run_detectors.h"
#include "heapsnap/analysis/detectors/timers.h"
#include "unit/analysis/detectors/scenario_fixture.h"

using namespace heapsnap;
using namespace heapsnap::analysis::detectors;
using heapsnap::test::scenario;

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}
bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// The one finding whose title contains `part`; fails unless there is exactly one.
const Finding& only(const std::vector<Finding>& findings, const std::string& part) {
  const Finding* found = nullptr;
  int matches = 0;
  for (const Finding& f : findings) {
    if (contains(f.title, part)) found = &f, ++matches;
  }
  INFO("findings whose title contains \"" << part << "\"");
  REQUIRE(matches == 1);
  return *found;
}

std::string titles(const std::vector<Finding>& findings) {
  std::string out;
  for (const Finding& f : findings) out += "\n  " + f.title;
  return out;
}

std::vector<Finding> run(const char* name, int snapshot,
                               std::vector<Finding> (*detect)(const DetectorInput&,
                                                              const DetectorOptions&)) {
  return detect(scenario(name, snapshot).input, DetectorOptions{});
}

}  // namespace

TEST_CASE("event listeners: 120 'update' listeners per phase, each holding a 10 KiB Buffer",
          "[detectors][scenarios]") {
  const auto late = run("listener-buffers", 3, detect_event_listeners);
  INFO(titles(late));
  const Finding& f = only(late, "'update'");
  CHECK(f.kind == FindingKind::kEventListeners);
  CHECK(f.count == 252);
  CHECK(f.holder_name == "ConfigBus");
  CHECK(contains(f.title, "252 listeners for 'update' on ConfigBus"));
  CHECK(f.location.function == "onConfigUpdate");
  CHECK(ends_with(f.location.script, "scenarios/listener-buffers.js"));
  CHECK(f.location.line == 17);
  CHECK(f.location.column == 49);  // "(config)" of `function onConfigUpdate(config) {`
  // Each listener's closure retains its own Buffer.alloc(10 * 1024) backing store.
  CHECK(f.external_bytes == 252u * 10240u);
  CHECK(f.retained_bytes > f.external_bytes);
  CHECK(f.examples.size() == 5);

  // The same pattern one phase earlier: same key, 120 fewer listeners.
  const auto early = run("listener-buffers", 2, detect_event_listeners);
  const Finding& e = only(early, "'update'");
  CHECK(e.count == 132);
  CHECK(e.key == f.key);
  CHECK(e.external_bytes == 132u * 10240u);
}

TEST_CASE("event listeners: one 'configChanged' arrow function per request",
          "[detectors][scenarios]") {
  const auto findings = run("listener-per-request", 3, detect_event_listeners);
  INFO(titles(findings));
  const Finding& f = only(findings, "'configChanged'");
  CHECK(f.count == 4300);
  CHECK(f.holder_name == "EventEmitter");
  CHECK(f.location.function == "(anonymous)");
  CHECK(ends_with(f.location.script, "scenarios/listener-per-request.js"));
  CHECK(f.location.line == 25);
  CHECK(f.location.column == 33);  // "(config) =>"
  CHECK(f.external_bytes == 0);
}

TEST_CASE("timers: an uncleared setInterval per request", "[detectors][scenarios]") {
  const auto findings = run("timers-uncleared", 3, detect_timers);
  INFO(titles(findings));
  const Finding& f = only(findings, "setInterval");
  CHECK(f.count == 4300);
  CHECK(contains(f.title, "4300 active setInterval timers calling (anonymous) at timers-uncleared.js:24:15"));
  CHECK(ends_with(f.location.script, "scenarios/timers-uncleared.js"));
  CHECK(f.location.line == 24);
  CHECK(f.location.column == 15);  // "() =>" of `setInterval(() => {`
  CHECK(contains(f.key, "timers|interval|(anonymous)@"));
  // Each timer retains its StatusPoller (four fields) through the callback's context.
  CHECK(f.retained_bytes >= 4300u * (120 + 56));
  CHECK(only(run("timers-uncleared", 2, detect_timers), "setInterval").count == 2300);
}

TEST_CASE("handles: two unclosed TCP sockets per job", "[detectors][scenarios]") {
  const auto findings = run("sockets-unclosed", 3, detect_handles);
  INFO(titles(findings));
  const Finding& f = only(findings, "TCPSocketWrap");
  CHECK(f.count == 2 * 420);
  CHECK(f.title == "840 open TCPSocketWrap handles owned by Socket");
  CHECK(f.key == "handles|TCPSocketWrap|Socket");
  CHECK(f.holder_name == "Socket");
  CHECK(ends_with(f.location.script, "net"));  // Socket's constructor is in node:net
  CHECK(only(run("sockets-unclosed", 2, detect_handles), "TCPSocketWrap").count == 2 * 220);
}

TEST_CASE("collections: a Map keeping a RequestContext per request", "[detectors][scenarios]") {
  const auto findings = run("map-cache", 3, detect_collections);
  INFO(titles(findings));
  const Finding& f = only(findings, "contextsByRequestId");
  CHECK(f.count == 4300);
  CHECK(contains(f.title, "Map with 4300 entries"));
  CHECK(contains(f.title, "module scope of map-cache.js"));
  CHECK(f.holder_name == "Map");
  CHECK(f.key == only(run("map-cache", 2, detect_collections), "contextsByRequestId").key);
  // RequestContext (72 bytes) and its user object per entry, at least.
  CHECK(f.retained_bytes >= 4300u * 72u);
}

TEST_CASE("closures: every formatter's context keeps its report's RowBatch", "[detectors][scenarios]") {
  const auto findings = run("closure-context", 3, detect_closures);
  INFO(titles(findings));
  const Finding& f = only(findings, ": batch ");
  CHECK(f.count == 4300);
  CHECK(contains(f.title, "buildReport() in closure-context.js: batch"));
  CHECK(f.location.function == "buildReport");
  CHECK(ends_with(f.location.script, "scenarios/closure-context.js"));
  CHECK(f.location.line == 20);
  CHECK(f.location.column == 21);  // "(reportId)" of `function buildReport(reportId) {`
  // A RowBatch holds 256 doubles: at least 2 KiB each.
  CHECK(f.retained_bytes >= 4300u * 2048u);
  CHECK(f.key == "closures|" + f.location.script + "|buildReport|batch");
}

TEST_CASE("closures: the module-scope Map of map-cache", "[detectors][scenarios]") {
  const auto findings = run("map-cache", 3, detect_closures);
  INFO(titles(findings));
  const Finding& f = only(findings, "contextsByRequestId");
  CHECK(contains(f.title, "module scope of map-cache.js: contextsByRequestId"));
  CHECK(f.count == 1);
  CHECK(contains(f.key, "|module|contextsByRequestId"));
}

TEST_CASE("off-heap: 10 KiB Buffers captured by listener closures", "[detectors][scenarios]") {
  const auto findings = run("listener-buffers", 3, detect_off_heap);
  INFO(titles(findings));
  const Finding& f = only(findings, "lastSeen");
  CHECK(f.count == 252);
  CHECK(f.external_bytes == 252u * 10240u);
  CHECK(contains(f.title, "held by variable lastSeen of subscribe() in listener-buffers.js"));
  CHECK(f.location.function == "subscribe");
  CHECK(f.key == only(run("listener-buffers", 2, detect_off_heap), "lastSeen").key);
}

TEST_CASE("duplicate strings: a fresh copy of one permissions text per Session",
          "[detectors][scenarios]") {
  const auto findings = run("duplicate-strings", 3, detect_duplicate_strings);
  INFO(titles(findings));
  const std::string text =
      "orders:read,orders:write,invoices:read,invoices:write,customers:read,reports:export,"
      "settings:read";
  REQUIRE(text.size() == 97);
  const Finding& f = only(findings, "copies of 'orders:read,");
  CHECK(f.count == 4300);
  // A sequential one-byte string of 97 characters: 16 bytes of header + 97, aligned to 8 = 120.
  CHECK(f.wasted_bytes == 4299u * 120u);
  CHECK(f.holder_name == "Session");
  CHECK(contains(f.title, "4300 held by Session.permissions"));
  CHECK(f.key == "duplicate-strings|" + text.substr(0, 80) + "|120");
}

TEST_CASE("healthy twins: no detector reports anything", "[detectors][scenarios]") {
  for (const char* name : {"healthy-service", "listener-buffers-fixed", "map-cache-fixed"}) {
    for (const int snapshot : {2, 3}) {
      const auto findings = run_detectors(scenario(name, snapshot).input);
      INFO(name << " snapshot " << snapshot << titles(findings));
      CHECK(findings.empty());
    }
  }
}

TEST_CASE("run_detectors: each leaking scenario's leak among all findings", "[detectors][scenarios]") {
  struct Row {
    const char* name;
    FindingKind kind;
    const char* title_part;
  };
  const Row rows[] = {
      {"listener-buffers", FindingKind::kEventListeners, "252 listeners for 'update'"},
      {"listener-buffers", FindingKind::kOffHeap, "252 array buffers"},
      {"listener-buffers", FindingKind::kClosures, "subscribe() in listener-buffers.js: lastSeen"},
      {"timers-uncleared", FindingKind::kTimers, "4300 active setInterval"},
      {"sockets-unclosed", FindingKind::kHandles, "840 open TCPSocketWrap"},
      {"map-cache", FindingKind::kCollections, "Map with 4300 entries"},
      {"closure-context", FindingKind::kClosures, "buildReport() in closure-context.js: batch"},
      {"duplicate-strings", FindingKind::kDuplicateStrings, "4300 copies of"},
  };
  for (const Row& row : rows) {
    const auto findings = run_detectors(scenario(row.name, 3).input);
    INFO(row.name << titles(findings));
    CHECK(std::any_of(findings.begin(), findings.end(), [&](const Finding& f) {
      return f.kind == row.kind && contains(f.title, row.title_part) &&
             f.key.rfind(std::string(finding_kind_id(row.kind)) + "|", 0) == 0;
    }));
  }
}

// A real Chromium snapshot: tools/chrome/take-snapshot.js tools/chrome/detached-dom.js (headless
// Chromium 156): 5 <div class="row"> with 3 <span> each, removed from the document and kept in
// window.removedRows; 15 'click' listeners (function onSaveClick) on <button id="save">.
TEST_CASE("Chrome: detached rows kept in an array, listeners piled on a button",
          "[detectors][chrome]") {
  const auto& chrome = heapsnap::test::analysed_file("chrome/detached-dom.heapsnapshot.gz");
  const auto detached = detect_detached_dom(chrome.input, DetectorOptions{});
  INFO(titles(detached));
  REQUIRE(detached.size() == 1);
  const Finding& d = detached[0];
  CHECK(d.count == 5 * 4);
  CHECK(d.title.rfind("5 Detached <div class=\"row\"> trees of 20 nodes in all (", 0) == 0);
  CHECK(contains(d.title, ", held by ["));
  CHECK(ends_with(d.title, "] of Array"));  // window.removedRows
  CHECK(d.key == "detached-dom|Detached <div class=\"row\">|Array|[]");
  CHECK(d.examples.size() == 5);

  const auto listeners = detect_event_listeners(chrome.input, DetectorOptions{});
  INFO(titles(listeners));
  REQUIRE(listeners.size() == 1);
  const Finding& l = listeners[0];
  CHECK(l.count == 15);
  CHECK(l.holder_name == "<button id=\"save\">");
  CHECK(l.location.function == "onSaveClick");
  CHECK(l.location.line == 22);
  CHECK(l.location.column == 58);  // "()" of `function onSaveClick() {`
  CHECK(l.title == "15 event listeners on <button id=\"save\"> (onSaveClick at script#" +
                       std::to_string(l.location.script_id) + ":22:58)");

  // The attached <ul> with its 20 <li> is no finding; nothing else is either.
  CHECK(run_detectors(chrome.input).size() == 2);
}

// request-log keeps one entry per request whose message is the template literal
// `${req.method} ${req.url} 200 user-agent=${req.headers['user-agent']}`: every message is a
// concatenation holding its own copy of the harness's user agent, 'scenario-client/1.0'.
TEST_CASE("duplicate strings: a header value copied into every log message", "[detectors][scenarios]") {
  const auto findings = run("request-log", 3, detect_duplicate_strings);
  INFO(titles(findings));
  const Finding& f = only(findings, "copies of 'scenario-client/1.0'");
  CHECK(f.count >= 4300);
  // Seen through the concatenated message: the holder is the log entry's `message`.
  CHECK(f.holder_name == "{time, level, requestId, message}");
  CHECK(contains(f.title, "4300 held by {time, level, requestId, message}.message"));
}

// diff runs the detectors with lowered floors and keeps what reaches the real ones
// (series_floors, reaches_floors): that must be exactly what the real floors find, on every
// scenario snapshot, with the same figures. The lowered run must also find more somewhere, or
// the comparison says nothing.
TEST_CASE("series floors: what reaches the floors is what the floors find", "[detectors][scenarios]") {
  const DetectorOptions floors;
  const DetectorOptions lowered = series_floors(floors);
  CHECK(lowered.min_listeners == 1);
  CHECK(lowered.min_collection_entries == 125);
  CHECK(lowered.min_collection_bytes == 32 * 1024);
  CHECK(lowered.max_findings_per_detector == 200);
  size_t below_somewhere = 0;
  for (const char* name : {"listener-buffers", "listener-per-request", "timers-uncleared", "sockets-unclosed",
                           "map-cache", "closure-context", "duplicate-strings", "churn-slow-leak",
                           "healthy-service", "string-cache"}) {
    for (int snapshot = 1; snapshot <= 3; ++snapshot) {
      INFO(name << " snapshot " << snapshot);
      const auto& input = scenario(name, snapshot).input;
      const std::vector<Finding> expected = run_detectors(input, floors);
      std::vector<Finding> kept;
      for (Finding& f : run_detectors(input, lowered)) {
        if (reaches_floors(f, floors)) kept.push_back(std::move(f));
        else ++below_somewhere;
      }
      const auto summary = [](const std::vector<Finding>& fs) {
        std::vector<std::string> out;
        for (const Finding& f : fs)
          out.push_back(f.key + " " + std::to_string(f.count) + " " + std::to_string(f.retained_bytes) + " " +
                        std::to_string(f.external_bytes) + " " + std::to_string(f.wasted_bytes));
        std::sort(out.begin(), out.end());
        return out;
      };
      CHECK(summary(kept) == summary(expected));
    }
  }
  CHECK(below_somewhere > 0);
}

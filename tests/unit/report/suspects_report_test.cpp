// `heapsnap suspects` on real Node 20 snapshots: the map-cache scenario's last snapshot names the
// Map held by `contextsByRequestId` and RequestContext; healthy controls get no suspect and say
// why; the snapshot Node wrote at OOM names the Map `sessionsById` and Session.
#include <catch2/catch.hpp>

#include <string>

#include "heapsnap/report/suspects_report.h"
#include "heapsnap/snapshot/analyzed_snapshot.h"
#include "unit/support/testdata.h"

using namespace heapsnap;

namespace {

report::SuspectsReport suspects_of(const std::string& relative) {
  auto snapshot = snapshot::AnalyzedSnapshot::open(test::testdata(relative));
  return report::build_suspects_report(snapshot, {});
}

}  // namespace

TEST_CASE("suspects: map-cache names the Map contextsByRequestId and RequestContext", "[suspects][scenarios]") {
  const auto r = suspects_of("scenarios/map-cache/3.heapsnapshot.gz");
  REQUIRE(r.suspects.size() == 1);
  const auto& s = r.suspects[0];
  CHECK(s.kind == "object");
  CHECK(s.object.name == "Server");
  REQUIRE(s.has_accumulation);
  CHECK(s.collection.name == "Map");
  CHECK(s.accumulation.type == "array");  // the Map's table
  REQUIRE(!s.accumulated.empty());
  CHECK(s.accumulated[0].class_name == "RequestContext");
  CHECK(s.accumulated[0].count == 4300);  // manifest: 300 + 2000 + 2000
  REQUIRE(s.has_holder);
  CHECK(s.holder_property == "contextsByRequestId");
  CHECK(s.site.find("map-cache.js:9:") != std::string::npos);  // class RequestContext
  CHECK(r.json().find("\"kind\": \"heapsnap-suspects\"") != std::string::npos);
}

TEST_CASE("suspects: healthy controls have none and say why", "[suspects][scenarios]") {
  for (const char* name : {"churn-only", "map-cache-fixed", "weak-cache"}) {
    INFO(name);
    const auto r = suspects_of(std::string("scenarios/") + name + "/3.heapsnapshot.gz");
    CHECK(r.suspects.empty());
    CHECK(r.has_biggest_object);
    CHECK(r.biggest_object.retained_size < r.threshold);
    CHECK(r.text().find("no object or class retains") != std::string::npos);
  }
}

TEST_CASE("suspects: other leaking scenarios name their container and property", "[suspects][scenarios]") {
  struct Case {
    const char* scenario;
    const char* property;
    const char* accumulated;
  };
  for (const Case& c : {Case{"global-array-http", "recentRequests", "RequestRecord"},
                        Case{"request-log", "entries", "{time, level, requestId, message}"},
                        Case{"closure-context", "formatters", "Function"},
                        Case{"long-chain", "latestEdit", "EditOperation"}}) {
    INFO(c.scenario);
    const auto r = suspects_of(std::string("scenarios/") + c.scenario + "/3.heapsnapshot.gz");
    REQUIRE(!r.suspects.empty());
    CHECK(r.suspects[0].holder_property == c.property);
    REQUIRE(!r.suspects[0].accumulated.empty());
    CHECK(r.suspects[0].accumulated[0].class_name == c.accumulated);
  }
}

TEST_CASE("suspects: the snapshot written at OOM names the Map sessionsById", "[suspects][scenarios]") {
  const auto r = suspects_of("oom/session-store.heapsnapshot.gz");
  REQUIRE(r.suspects.size() == 1);
  const auto& s = r.suspects[0];
  CHECK(s.collection.name == "Map");
  CHECK(s.holder_property == "sessionsById");
  CHECK(s.holder_object.name == "SessionStore");
  REQUIRE(!s.accumulated.empty());
  CHECK(s.accumulated[0].class_name == "Session");
  CHECK(s.accumulated[0].count == 32000);
  CHECK(s.retained_size * 2 > r.total_size);  // the leak is most of the heap
  CHECK(s.site.find("oom-session-store.js:10:") != std::string::npos);
}

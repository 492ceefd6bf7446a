// Run-independent class names (analysis/portable_class_name.h), on the names seen in the run
// pairs of testdata/runs and on hand-made edge cases.
#include "heapsnap/analysis/portable_class_name.h"

#include <catch2/catch.hpp>

using namespace heapsnap::analysis;

TEST_CASE("portable_class_name: origins lose their port", "[portable]") {
  // Chromium 156, the same page served on two ports.
  CHECK(portable_class_name("Window / http://127.0.0.1:46569") == "Window / http://127.0.0.1:*");
  CHECK(portable_class_name("Window / http://127.0.0.1:41331") == "Window / http://127.0.0.1:*");
  CHECK(portable_class_name("Object (prototype) / http://127.0.0.1:46569") ==
        "Object (prototype) / http://127.0.0.1:*");
  CHECK(portable_class_name("system / NativeContext / https://example.com:8443/app") ==
        "system / NativeContext / https://example.com:*/app");
  CHECK(portable_class_name("x http://[::1]:9229/y") == "x http://[::1]:*/y");
  // Two origins in one name, and origins without a port, stay otherwise as they are.
  CHECK(portable_class_name("a http://h:1 b ws://g:22") == "a http://h:* b ws://g:*");
  CHECK(portable_class_name("Window / https://example.com") == "Window / https://example.com");
  CHECK(portable_class_name("Window / ://") == "Window / ://");
  CHECK(portable_class_name("x http://h:/y") == "x http://h:/y");
  CHECK(portable_class_name("file:///srv/app:12") == "file:///srv/app:12");
}

TEST_CASE("portable_class_name: @id suffixes are dropped", "[portable]") {
  CHECK(portable_class_name("system / Context / scope @43879") == "system / Context / scope");
  CHECK(portable_class_name("system / Context / scope @457") == "system / Context / scope");
  CHECK(portable_class_name("<closure> @12 / x") == "<closure> / x");
  // Not an id: no space before the '@', letters after the digits, or no digits.
  CHECK(portable_class_name("user@123") == "user@123");
  CHECK(portable_class_name("scope @12ab") == "scope @12ab");
  CHECK(portable_class_name("scope @") == "scope @");
  CHECK(portable_class_name("Detached <div>") == "Detached <div>");
}

TEST_CASE("portable_class_name: inferred interfaces list their properties sorted", "[portable]") {
  // Node 20, one program run twice: the same dictionary-mode objects, in hash-table order.
  CHECK(portable_class_name("{encoding, method, headers, _agentKey, keepAlive, path, host, "
                            "noDelay, agent, servername}") ==
        portable_class_name("{path, agent, keepAlive, method, servername, host, noDelay, "
                            "_agentKey, encoding, headers}"));
  CHECK(portable_class_name("{next, <symbol Symbol.iterator>, constructor}") ==
        "{<symbol Symbol.iterator>, constructor, next}");
  CHECK(portable_class_name("{when, what, who}") == "{what, when, who}");
  CHECK(portable_class_name("{x}") == "{x}");
  // Quoted property names (they hold , ' " { or }) are one property each.
  CHECK(portable_class_name(R"({z, "a, b", "c\"}"})") == R"({"a, b", "c\"}", z})");
  // Not a property list: unchanged.
  CHECK(portable_class_name("{}") == "{}");
  CHECK(portable_class_name(R"({"open})") == R"({"open})");
  CHECK(portable_class_name("RequestContext") == "RequestContext");
  CHECK(portable_class_name("") == "");
}

TEST_CASE("portable_script_name", "[portable]") {
  CHECK(portable_script_name("/work/wt/a/tools/scenarios/map-cache.js") == "map-cache.js");
  CHECK(portable_script_name("/home/ci/build-17/tools/scenarios/map-cache.js") == "map-cache.js");
  CHECK(portable_script_name("C:\\build\\app.js") == "app.js");
  CHECK(portable_script_name("http://127.0.0.1:41331/page.js") == "page.js");
  CHECK(portable_script_name("http://127.0.0.1:41331/js/app.js?v=3#x") == "app.js");
  CHECK(portable_script_name("http://127.0.0.1:41331/") == "http://127.0.0.1:*/");
  CHECK(portable_script_name("node:internal/timers") == "node:internal/timers");
  CHECK(portable_script_name("script#12") == "script#?");
  CHECK(portable_script_name("evalmachine.<anonymous>") == "evalmachine.<anonymous>");
  CHECK(portable_script_name("") == "");
}

TEST_CASE("portable_class_key_from_key", "[portable]") {
  CHECK(portable_class_key_from_key(",Window / http://127.0.0.1:41331") ==
        ",Window / http://127.0.0.1:*");
  CHECK(portable_class_key_from_key(",{b, a}") == ",{a, b}");
  CHECK(portable_class_key_from_key("82,8,13,RequestContext") == "script#82,8,13,RequestContext");
  CHECK(portable_class_key_from_key("3,10,15,A, B") == "script#3,10,15,A, B");
  CHECK(portable_class_key_from_key("nonsense") == "nonsense");
}

TEST_CASE("portable_site_label", "[portable]") {
  AllocationSite location;
  location.kind = SiteKind::kLocation;
  location.frames.push_back(SiteFrame{"RequestContext", "/work/wt/a/map-cache.js", 9, 14});
  location.label = format_frame(location.frames.front());
  CHECK(location.label == "RequestContext (/work/wt/a/map-cache.js:9:14)");
  CHECK(portable_site_label(location) == "RequestContext (map-cache.js:9:14)");

  AllocationSite stack;
  stack.kind = SiteKind::kStack;
  stack.frames.push_back(SiteFrame{"handle", "http://127.0.0.1:5000/app.js", 22, 23});
  stack.frames.push_back(SiteFrame{"emit", "node:events", 471, 44});
  stack.frames.push_back(SiteFrame{"(anonymous)", "", 0, 0});
  CHECK(portable_site_label(stack) == "handle (app.js:22:23) <- emit (node:events:471:44) <- "
                                      "(anonymous)");
}

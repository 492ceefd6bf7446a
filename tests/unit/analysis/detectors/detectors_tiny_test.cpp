// The detectors on hand-built heap graphs (tests/unit/support/tiny_heap.h) for what the Node
// scenarios do not show: Chrome's detached DOM trees and V8EventListener nodes, `once`
// listeners, cleared and destroyed timers, Map entries whose key and value are both objects.
// Every expected number is worked out from the graph drawn in the test.
#include <catch2/catch.hpp>

#include <string>

#include "heapsnap/analysis/detectors/collections.h"
#include "heapsnap/analysis/detectors/detached_dom.h"
#include "heapsnap/analysis/detectors/event_listeners.h"
#include "heapsnap/analysis/detectors/run_detectors.h"
#include "heapsnap/analysis/detectors/timers.h"
#include "unit/support/tiny_heap.h"

using namespace heapsnap;
using namespace heapsnap::analysis::detectors;
using heapsnap::test::TinyHeap;

namespace {

struct Analysed {
  explicit Analysed(const TinyHeap& heap)
      : graph(heap.build()), analysis(analysis::analyze_devtools(graph)),
        retainers(graph, analysis.distance) {}
  graph::HeapGraph graph;
  analysis::DevtoolsAnalysis analysis;
  analysis::NearestRetainers retainers;
  DetectorInput input() const { return {graph, analysis, retainers}; }
};

}  // namespace

TEST_CASE("detached DOM: one detached tree, held by a JS array", "[detectors]") {
  TinyHeap h;
  h.detachedness_field = true;
  const auto root = h.node("synthetic", "", 1, 0);
  const auto window = h.node("object", "Window", 3, 100);
  const auto leaked = h.node("object", "Array", 5, 32);
  const auto div = h.node("native", "HTMLDivElement", 7, 200, 0, /*detached*/ 2);
  // Blink marks every detached DOM node itself.
  const auto span1 = h.node("native", "HTMLSpanElement", 9, 150, 0, 2);
  const auto span2 = h.node("native", "HTMLSpanElement", 11, 150, 0, 2);
  const auto document = h.node("native", "HTMLDocument", 13, 400, 0, /*attached*/ 1);
  const auto body = h.node("native", "HTMLBodyElement", 15, 120, 0, 1);
  // Element data the div points at; DevTools' propagation marks it detached, but it is no DOM
  // node (and Blink does not mark it): not a member of the tree.
  const auto data = h.node("native", "blink::UniqueElementData", 17, 64);
  h.edge(root, "shortcut", "window", window);
  h.edge(root, "element", "1", document);
  h.edge(window, "property", "leakedNodes", leaked);
  h.edge(window, "property", "document", document);
  h.edge(document, "element", "1", body);
  h.edge(leaked, "element", "0", div);
  h.edge(div, "element", "1", span1);
  h.edge(div, "element", "2", span2);
  h.edge(span1, "internal", "parentNode", div);
  h.edge(span2, "internal", "parentNode", div);
  h.edge(div, "element", "3", data);
  const Analysed a(h);

  const auto findings = detect_detached_dom(a.input(), DetectorOptions{});
  REQUIRE(findings.size() == 1);
  const Finding& f = findings[0];
  CHECK(f.kind == FindingKind::kDetachedDom);
  CHECK(f.count == 3);                      // div and its two spans
  CHECK(f.retained_bytes == 200 + 150 + 150 + 64);  // the div dominates its element data
  CHECK(f.holder == div);
  CHECK(f.holder_name == "Detached HTMLDivElement");
  CHECK(f.title == "Detached HTMLDivElement tree of 3 nodes (564 B), held by [0] of Array");
  CHECK(f.key == "detached-dom|Detached HTMLDivElement|Array|[]");
}

TEST_CASE("detached DOM: nothing detached, nothing found", "[detectors]") {
  TinyHeap h;
  h.detachedness_field = true;
  const auto root = h.node("synthetic", "", 1, 0);
  const auto document = h.node("native", "HTMLDocument", 3, 400, 0, 1);
  const auto body = h.node("native", "HTMLBodyElement", 5, 120);
  h.edge(root, "element", "1", document);
  h.edge(document, "element", "1", body);
  const Analysed a(h);
  CHECK(run_detectors(a.input()).empty());
}

TEST_CASE("event listeners: Chrome V8EventListener nodes on one element", "[detectors]") {
  // As Chrome 156 writes them: element -> EventTargetData -> vector -> backing ->
  // RegisteredEventListener -> EventListener -> V8EventListener -> function.
  TinyHeap h;
  const auto root = h.node("synthetic", "", 1, 0);
  const auto button = h.node("native", "HTMLButtonElement", 3, 300);
  const auto data = h.node("native", "blink::EventTargetData", 5, 56);
  const auto vector = h.node("native", "blink::BasicHeapVector<...>", 7, 32);
  const auto backing = h.node("native", "blink::HeapVectorBacking<...>", 9, 72);
  h.edge(root, "element", "1", button);
  h.edge(button, "element", "1", data);
  h.edge(data, "element", "1", vector);
  h.edge(vector, "element", "1", backing);
  for (uint32_t i = 0; i < 12; ++i) {
    const auto registered = h.node("native", "blink::RegisteredEventListener", 300 + 2 * i, 16);
    const auto wrapper = h.node("native", "EventListener", 400 + 2 * i, 24);
    const auto listener = h.node("native", "V8EventListener", 100 + 2 * i, 32);
    const auto handler = h.node("closure", "onClick", 200 + 2 * i, 64);
    h.location(handler, 7, 41, 9);
    h.edge(backing, "element", std::to_string(i + 1), registered);
    h.edge(registered, "element", "1", wrapper);
    h.edge(wrapper, "element", "1", listener);
    h.edge(listener, "element", "1", handler);
  }
  const Analysed a(h);
  const auto findings = detect_event_listeners(a.input(), DetectorOptions{});
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].count == 12);
  CHECK(findings[0].holder == button);
  CHECK(findings[0].location.function == "onClick");
  CHECK(findings[0].location.line == 42);    // 0-based 41
  CHECK(findings[0].location.column == 10);  // 0-based 9
  CHECK(findings[0].retained_bytes == 12 * (32 + 64));
  CHECK(findings[0].title.rfind("12 event listeners on HTMLButtonElement", 0) == 0);

  // Below the floor: no finding.
  DetectorOptions strict;
  strict.min_listeners = 13;
  CHECK(detect_event_listeners(a.input(), strict).empty());
}

TEST_CASE("event listeners: once() wrappers resolve to the listener they wrap", "[detectors]") {
  TinyHeap h;
  const auto root = h.node("synthetic", "", 1, 0);
  const auto emitter = h.node("object", "Downloader", 3, 80);
  const auto events = h.node("object", "Object", 5, 24);
  const auto list = h.node("object", "Array", 7, 32);
  h.edge(root, "shortcut", "downloader", emitter);
  h.edge(emitter, "property", "_events", events);
  h.edge(events, "property", "data", list);
  const auto on_data = h.node("closure", "onData", 9, 64);
  h.location(on_data, 3, 9, 30);
  for (uint32_t i = 0; i < 15; ++i) {
    const auto wrapper = h.node("closure", "native_bind", 100 + 2 * i, 48);
    const auto state = h.node("object", "Object", 200 + 2 * i, 56);
    h.edge(list, "element", std::to_string(i), wrapper);
    h.edge(wrapper, "internal", "bound_this", state);
    h.edge(state, "property", "listener", on_data);
  }
  const Analysed a(h);
  const auto findings = detect_event_listeners(a.input(), DetectorOptions{});
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].count == 15);
  CHECK(findings[0].title == "15 listeners for 'data' on Downloader (onData at script#3:10:31)");
  CHECK(findings[0].key == "event-listeners|Downloader|data|onData@:10:31");
  CHECK(findings[0].holder == emitter);
}

TEST_CASE("timers: destroyed and cleared timers do not count, and timeouts and intervals apart",
          "[detectors]") {
  TinyHeap h;
  const auto root = h.node("synthetic", "", 1, 0);
  const auto list = h.node("object", "TimersList", 3, 72);
  h.edge(root, "shortcut", "timers", list);
  const auto oddball = [&](const char* value, uint32_t id) {
    const auto o = h.node("hidden", "system / Oddball", id, 48);
    h.edge(o, "hidden", "0", h.node("string", value, id + 1000, 16));
    return o;
  };
  const auto yes = oddball("true", 5), no = oddball("false", 7), null = oddball("null", 9);
  const auto tick = h.node("closure", "tick", 11, 64);
  h.location(tick, 2, 4, 14);
  uint32_t id = 1001;
  const auto timer = [&](graph::NodeOrdinal destroyed, graph::NodeOrdinal callback,
                         graph::NodeOrdinal repeat) {
    const auto t = h.node("object", "Timeout", id += 2, 120);
    h.edge(list, "element", std::to_string(id), t);
    h.edge(t, "property", "_idleNext", list);
    h.edge(t, "property", "_onTimeout", callback);
    if (repeat != graph::kNoNode) h.edge(t, "property", "_repeat", repeat);
    h.edge(t, "property", "_destroyed", destroyed);
  };
  for (int i = 0; i < 10; ++i) timer(no, tick, null);           // setTimeout
  for (int i = 0; i < 12; ++i) timer(no, tick, graph::kNoNode);  // setInterval (Smi _repeat)
  for (int i = 0; i < 30; ++i) timer(yes, tick, null);          // fired or cleared: destroyed
  for (int i = 0; i < 30; ++i) timer(no, null, null);           // clearTimeout: _onTimeout null
  const Analysed a(h);
  const auto findings = detect_timers(a.input(), DetectorOptions{});
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].count == 12);
  CHECK(findings[0].title == "12 active setInterval timers calling tick at script#2:5:15");
  CHECK(findings[1].count == 10);
  CHECK(findings[1].key == "timers|timeout|tick@:5:15");
  CHECK(findings[0].holder == tick);
}

TEST_CASE("collections: Map entries with object keys and values count once", "[detectors]") {
  TinyHeap h;
  const auto root = h.node("synthetic", "", 1, 0);
  const auto cache = h.node("object", "Cache", 2, 24);
  const auto map = h.node("object", "Map", 3, 32);
  // capacity 4: 16-byte header + 8 * (3 header slots + 2 buckets + 4 entries * 3 slots)
  const auto table = h.node("array", "", 5, 16 + 8 * (3 + 2 + 12));
  h.edge(root, "element", "1", cache);
  h.edge(cache, "property", "sessions", map);
  h.edge(map, "internal", "table", table);
  for (uint32_t i = 0; i < 3; ++i) {  // entries 0..2: key slot 5 + 3i, value slot 6 + 3i
    h.edge(table, "internal", std::to_string(5 + 3 * i), h.node("object", "Key", 10 + 2 * i, 40));
    h.edge(table, "internal", std::to_string(6 + 3 * i), h.node("object", "Value", 20 + 2 * i, 50));
  }
  const Analysed a(h);
  DetectorOptions options;
  options.min_collection_entries = 3;
  options.min_collection_bytes = 0;
  const auto findings = detect_collections(a.input(), options);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].count == 3);
  CHECK(findings[0].retained_bytes == 32 + 152 + 3 * (40 + 50));  // 454
  CHECK(findings[0].title == "Map with 3 entries (454 B) held by sessions in Cache");
  options.min_collection_entries = 4;
  CHECK(detect_collections(a.input(), options).empty());
}

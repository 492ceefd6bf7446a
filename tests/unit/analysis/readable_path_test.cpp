// Readable retainer paths: each folding rule on a hand-built graph, with the text worked out by
// hand from the rules in readable_path.h, and the holder of every leaking scenario's suspect path
// on the real Node snapshots (the names tools/scenarios' manifest lists, in order).
#include "heapsnap/analysis/readable_path.h"

#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "unit/support/tiny_heap.h"

namespace heapsnap {
namespace {

using graph::NodeOrdinal;

// A path written as (from, edge name) pairs; the edge is found among from's out-edges by name
// (element and hidden edges by their index in decimal).
struct PathBuilder {
  const graph::HeapGraph& g;
  analysis::RetainerPath path;

  PathBuilder(const graph::HeapGraph& graph, NodeOrdinal start) : g(graph) { path.start = start; }
  PathBuilder& via(NodeOrdinal from, const std::string& name) {
    for (graph::EdgeIndex e = g.first_edge(from); e < g.first_edge(from + 1); ++e) {
      const bool index = graph::edge_name_is_index(g.edge_kind(e));
      const std::string label = index ? std::to_string(g.edge_name_or_index(e))
                                      : std::string(g.strings().get(g.edge_name_index(e)));
      if (label == name) {
        path.edges.push_back(e);
        return *this;
      }
    }
    FAIL("no edge " << name << " from node " << from);
    return *this;
  }
};

analysis::ReadablePath readable(const graph::HeapGraph& g, NodeOrdinal target,
                                const analysis::RetainerPath& path, bool browser = false) {
  return analysis::make_readable_path(g, {}, target, path, analysis::ReadablePathOptions{browser});
}

// The map-cache scenario's path as Node 20 writes it: a global timer function leads into Node's
// timer list, a Timeout's bound callback to the http.Server, its 'request' listener to the
// module scope and the Map.
struct MapCacheHeap {
  test::TinyHeap h;
  NodeOrdinal root, global, set_timeout, clear_timeout, timers_context, timer_map, list, timeout1,
      timeout2, bound, server, events, handler, module_context, map, table, context_object;

  MapCacheHeap() {
    root = h.node("synthetic", "", 1, 0);
    global = h.node("object", "global", 3, 40);
    set_timeout = h.node("closure", "setTimeout", 5, 32);
    clear_timeout = h.node("closure", "clearTimeout", 7, 32);
    timers_context = h.node("object", "system / Context", 9, 64);
    timer_map = h.node("object", "Object", 11, 24);
    list = h.node("object", "TimersList", 13, 48);
    timeout1 = h.node("object", "Timeout", 15, 80);
    timeout2 = h.node("object", "Timeout", 17, 80);
    bound = h.node("closure", "native_bind", 19, 32);
    server = h.node("object", "Server", 21, 200);
    events = h.node("object", "Object", 23, 40);
    handler = h.node("closure", "handleRequest", 25, 32);
    module_context = h.node("object", "system / Context", 27, 64);
    map = h.node("object", "Map", 29, 32);
    table = h.node("array", "", 31, 400);
    context_object = h.node("object", "RequestContext", 33, 72);
    h.edge(root, "element", "1", global);
    h.edge(global, "property", "setTimeout", set_timeout);
    h.edge(global, "property", "clearTimeout", clear_timeout);
    h.edge(set_timeout, "internal", "context", timers_context);
    h.edge(clear_timeout, "internal", "context", timers_context);
    h.edge(timers_context, "context", "timerListMap", timer_map);
    h.edge(timer_map, "element", "30000", list);
    h.edge(list, "property", "_idleNext", timeout1);
    h.edge(list, "property", "_idlePrev", timeout2);
    h.edge(timeout2, "property", "_idlePrev", timeout1);
    h.edge(timeout1, "property", "_onTimeout", bound);
    h.edge(bound, "internal", "bound_this", server);
    h.edge(server, "property", "_events", events);
    h.edge(events, "property", "request", handler);
    h.edge(handler, "internal", "context", module_context);
    h.edge(module_context, "context", "contextsByRequestId", map);
    h.edge(map, "internal", "table", table);
    h.edge(table, "internal", "15317", context_object);
  }
  // From `timer_function` (clearTimeout or setTimeout), by `_idleNext` or by `_idlePrev` twice.
  analysis::RetainerPath path(const graph::HeapGraph& g, NodeOrdinal timer_function, bool prev) const {
    PathBuilder p(g, global);
    p.via(global, timer_function == set_timeout ? "setTimeout" : "clearTimeout")
        .via(timer_function, "context")
        .via(timers_context, "timerListMap")
        .via(timer_map, "30000");
    if (prev) {
      p.via(list, "_idlePrev").via(timeout2, "_idlePrev");
    } else {
      p.via(list, "_idleNext");
    }
    p.via(timeout1, "_onTimeout").via(bound, "bound_this").via(server, "_events").via(events, "request")
        .via(handler, "context").via(module_context, "contextsByRequestId").via(map, "table")
        .via(table, "15317");
    return p.path;
  }
};

TEST_CASE("readable path: a Node timer list, a listener and a module variable fold to the holder",
          "[readable]") {
  MapCacheHeap m;
  const auto g = m.h.build();
  const auto path = m.path(g, m.clear_timeout, false);
  const auto r = readable(g, m.context_object, path);
  // The Map's table slot 15317 has no neighbour at 15316 or 15318: the key is a small integer.
  CHECK(r.text() == "contextsByRequestId (closure variable of handleRequest) → Map value → "
                    "RequestContext @33");
  CHECK(r.via() == "global → (Node timer list) → Timeout._onTimeout → bound_this → "
                   "Server._events.request");
  CHECK(r.generalized_text() ==
        "contextsByRequestId (closure variable of handleRequest) → Map value → RequestContext");
  // Every raw edge is covered once, in order.
  uint32_t next = 0;
  for (const auto& hop : r.hops) {
    CHECK(hop.first_edge == next);
    next += hop.edge_count;
  }
  CHECK(next == path.edges.size());
  // The timer fold: clearTimeout → context → timerListMap → [30000] → _idleNext (5 edges).
  REQUIRE(r.hops.size() == 8);
  CHECK(r.hops[1].kind == analysis::HopKind::kFolded);
  CHECK(r.hops[1].edge_count == 5);
  CHECK(r.hops[r.holder].kind == analysis::HopKind::kVariable);
}

TEST_CASE("readable path: paths that differ only inside Node's timer list read the same",
          "[readable]") {
  MapCacheHeap m;
  const auto g = m.h.build();
  const auto a = readable(g, m.context_object, m.path(g, m.clear_timeout, false));
  const auto b = readable(g, m.context_object, m.path(g, m.set_timeout, true));
  CHECK(a.generalized_text() == b.generalized_text());
  CHECK(a.generalized_via() == b.generalized_via());
  CHECK(a.text() == b.text());
}

TEST_CASE("readable path: a Map entry shows its key when the snapshot holds it", "[readable]") {
  test::TinyHeap h;
  const NodeOrdinal root = h.node("synthetic", "", 1, 0);
  const NodeOrdinal global = h.node("object", "global", 3, 40);
  const NodeOrdinal map = h.node("object", "Map", 5, 32);
  const NodeOrdinal table = h.node("array", "", 7, 400);
  const NodeOrdinal key = h.node("string", "notify:100479:welcome", 9, 40);
  const NodeOrdinal value = h.node("string", "<p>Hello</p>", 11, 40);
  const NodeOrdinal key2 = h.node("object", "Session", 13, 40);
  const NodeOrdinal value2 = h.node("string", "<p>Bye</p>", 15, 40);
  h.edge(root, "element", "1", global);
  h.edge(global, "property", "renderedByKey", map);
  h.edge(map, "internal", "table", table);
  h.edge(table, "internal", "5536", key);
  h.edge(table, "internal", "5537", value);
  h.edge(table, "internal", "5539", key2);
  h.edge(table, "internal", "5540", value2);
  const auto g = h.build();
  const auto to_value = PathBuilder(g, global).via(global, "renderedByKey").via(map, "table").via(table, "5537").path;
  const auto r = readable(g, value, to_value);
  CHECK(r.text() == "renderedByKey (global variable) → Map.get(\"notify:100479:welcome\") → "
                    "<p>Hello</p> (string) @11");
  CHECK(r.generalized_text() == "renderedByKey (global variable) → Map value → (string)");
  CHECK(r.via().empty());  // a global variable: "global" would add nothing
  // An object key is named with its id; a slot followed by another is a key itself.
  const auto to_value2 = PathBuilder(g, global).via(global, "renderedByKey").via(map, "table").via(table, "5540").path;
  CHECK(readable(g, value2, to_value2).text() ==
        "renderedByKey (global variable) → Map.get(Session @13) → <p>Bye</p> (string) @15");
  const auto to_key = PathBuilder(g, global).via(global, "renderedByKey").via(map, "table").via(table, "5536").path;
  CHECK(readable(g, key, to_key).text() ==
        "renderedByKey (global variable) → Map key → notify:100479:welcome (string) @9");
}

TEST_CASE("readable path: GC root categories, outer scopes and repeated links", "[readable]") {
  test::TinyHeap h;
  const NodeOrdinal root = h.node("synthetic", "", 1, 0);
  const NodeOrdinal gc_roots = h.node("synthetic", "(GC roots)", 3, 0);
  const NodeOrdinal stack = h.node("synthetic", "(Stack roots)", 5, 0);
  const NodeOrdinal harness = h.node("object", "Object", 7, 24);
  const NodeOrdinal work = h.node("closure", "work", 9, 32);
  const NodeOrdinal inner = h.node("object", "system / Context", 11, 40);
  const NodeOrdinal outer = h.node("object", "system / Context", 13, 40);
  const NodeOrdinal e1 = h.node("object", "EditOperation", 15, 64);
  const NodeOrdinal e2 = h.node("object", "EditOperation", 17, 64);
  const NodeOrdinal e3 = h.node("object", "EditOperation", 19, 64);
  h.edge(root, "element", "1", gc_roots);
  h.edge(gc_roots, "element", "7", stack);
  h.edge(stack, "internal", "39", harness);
  h.edge(harness, "property", "work", work);
  h.edge(work, "internal", "context", inner);
  h.edge(inner, "internal", "previous", outer);
  h.edge(outer, "context", "latestEdit", e1);
  h.edge(e1, "property", "previous", e2);
  h.edge(e2, "property", "previous", e3);
  const auto g = h.build();
  const auto path = PathBuilder(g, gc_roots).via(gc_roots, "7").via(stack, "39").via(harness, "work")
                        .via(work, "context").via(inner, "previous").via(outer, "latestEdit")
                        .via(e1, "previous").via(e2, "previous").path;
  const auto r = readable(g, e3, path);
  CHECK(r.text() == "latestEdit (closure variable of work) → EditOperation.previous ×2 → EditOperation @19");
  CHECK(r.via() == "(Stack roots) → work");
  CHECK(r.generalized_text() ==
        "latestEdit (closure variable of work) → EditOperation.previous ×N → EditOperation");
}

TEST_CASE("readable path: code and feedback edges are one hop", "[readable]") {
  test::TinyHeap h;
  const NodeOrdinal root = h.node("synthetic", "", 1, 0);
  const NodeOrdinal global = h.node("object", "global", 3, 40);
  const NodeOrdinal f = h.node("closure", "render", 5, 32);
  const NodeOrdinal cell = h.node("hidden", "system / FeedbackCell", 7, 16);
  const NodeOrdinal vector = h.node("hidden", "system / FeedbackVector", 9, 80);
  const NodeOrdinal site = h.node("object", "Template", 11, 48);
  h.edge(root, "element", "1", global);
  h.edge(global, "property", "render", f);
  h.edge(f, "internal", "feedback_cell", cell);
  h.edge(cell, "internal", "value", vector);
  h.edge(vector, "internal", "3", site);
  const auto g = h.build();
  const auto path = PathBuilder(g, global).via(global, "render").via(f, "feedback_cell").via(cell, "value")
                        .via(vector, "3").path;
  const auto r = readable(g, site, path);
  // Nothing but runtime internals after the variable: they hold the object, and name the holder.
  CHECK(r.text() == "(compiled code and feedback of render) → Template @11");
  CHECK(r.via() == "global → render (global variable)");
  REQUIRE(r.hops.size() == 4);
  CHECK(r.hops[2].edge_count == 3);
}

TEST_CASE("readable path: module.exports, backing stores and concatenated strings", "[readable]") {
  test::TinyHeap h;
  const NodeOrdinal root = h.node("synthetic", "", 1, 0);
  const NodeOrdinal global = h.node("object", "global", 3, 40);
  const NodeOrdinal process = h.node("object", "process", 5, 40);
  const NodeOrdinal module = h.node("object", "Module", 7, 40);
  const NodeOrdinal filename = h.node("string", "/srv/app/server.js", 9, 40);
  const NodeOrdinal exports = h.node("object", "Cache", 11, 40);
  const NodeOrdinal store = h.node("array", "(object elements)", 13, 400);
  const NodeOrdinal cons = h.node("concatenated string", "ab", 15, 32);
  const NodeOrdinal part = h.node("concatenated string", "b", 17, 32);
  const NodeOrdinal leaf = h.node("string", "bb", 19, 32);
  h.edge(root, "element", "1", global);
  h.edge(global, "property", "process", process);
  h.edge(process, "property", "mainModule", module);
  h.edge(module, "property", "filename", filename);
  h.edge(module, "property", "exports", exports);
  h.edge(exports, "internal", "elements", store);
  h.edge(store, "hidden", "4", cons);
  h.edge(cons, "internal", "second", part);
  h.edge(part, "internal", "first", leaf);
  const auto g = h.build();
  const auto path = PathBuilder(g, global).via(global, "process").via(process, "mainModule")
                        .via(module, "exports").via(exports, "elements").via(store, "4")
                        .via(cons, "second").via(part, "first").path;
  const auto r = readable(g, leaf, path);
  CHECK(r.text() == "module.exports of server.js → [4] in Cache → (part of a concatenated string) → "
                    "bb (string) @19");
  CHECK(r.via() == "global → process (global variable)");
}

TEST_CASE("readable path: a variable that only leads to a method's scope is passed over",
          "[readable]") {
  // docs/ci.md's service: module.exports.startService's scope holds the Map.
  test::TinyHeap h;
  const NodeOrdinal root = h.node("synthetic", "", 1, 0);
  const NodeOrdinal global = h.node("object", "global", 3, 40);
  const NodeOrdinal module = h.node("object", "Module", 5, 40);
  const NodeOrdinal filename = h.node("string", "/srv/app/service.js", 7, 40);
  const NodeOrdinal exports = h.node("object", "Object", 9, 40);
  const NodeOrdinal start = h.node("closure", "startService", 11, 32);
  const NodeOrdinal scope = h.node("object", "system / Context", 13, 40);
  const NodeOrdinal map = h.node("object", "Map", 15, 32);
  const NodeOrdinal table = h.node("array", "", 17, 400);
  const NodeOrdinal item = h.node("object", "RequestContext", 19, 72);
  h.edge(root, "element", "1", global);
  h.edge(global, "property", "mainModule", module);
  h.edge(module, "property", "filename", filename);
  h.edge(module, "property", "exports", exports);
  h.edge(exports, "property", "startService", start);
  h.edge(start, "internal", "context", scope);
  h.edge(scope, "context", "contextsByRequestId", map);
  h.edge(map, "internal", "table", table);
  h.edge(table, "internal", "40", item);
  const auto g = h.build();
  const auto path = PathBuilder(g, global).via(global, "mainModule").via(module, "exports")
                        .via(exports, "startService").via(start, "context")
                        .via(scope, "contextsByRequestId").via(map, "table").via(table, "40").path;
  const auto r = readable(g, item, path);
  CHECK(r.text() == "contextsByRequestId (closure variable of startService) → Map value → RequestContext @19");
  CHECK(r.via() == "global → module.exports of service.js → startService");
}

TEST_CASE("readable path: browser snapshots name DOM hops and fold DOM chains", "[readable]") {
  test::TinyHeap h;
  const NodeOrdinal root = h.node("synthetic", "", 1, 0);
  const NodeOrdinal window = h.node("object", "Window / https://app.example", 3, 40);
  const NodeOrdinal stack = h.node("object", "Array", 5, 32);
  const NodeOrdinal ul = h.node("native", "Detached <ul>", 7, 100);
  const NodeOrdinal li1 = h.node("native", "Detached <li>", 9, 100);
  const NodeOrdinal li2 = h.node("native", "Detached <li>", 11, 100);
  const NodeOrdinal text = h.node("native", "Detached Text", 13, 100);
  h.edge(root, "element", "1", window);
  h.edge(window, "property", "backStack", stack);
  h.edge(stack, "element", "5", ul);
  h.edge(ul, "element", "4", li1);
  h.edge(li1, "element", "6", li2);
  h.edge(li2, "element", "8", text);
  const auto g = h.build();
  CHECK(analysis::is_browser_snapshot(g));
  const auto chain = PathBuilder(g, window).via(window, "backStack").via(stack, "5").via(ul, "4")
                         .via(li1, "6").via(li2, "8").path;
  const auto r = readable(g, text, chain, true);
  CHECK(r.text() == "window.backStack → [5] in Array → (DOM tree: 3 hops from Detached <ul> to "
                    "Detached Text) → Detached Text @13");
  CHECK(r.via().empty());  // a window property: the Window would add nothing
  // One DOM hop is named by the node it leaves.
  const auto one = PathBuilder(g, window).via(window, "backStack").via(stack, "5").via(ul, "4").path;
  CHECK(readable(g, li1, one, true).text() ==
        "window.backStack → [5] in Array → [4] in Detached <ul> → Detached <li> @9");
  // Node wording and rules are not applied to a browser snapshot, nor browser rules to Node's.
  CHECK(readable(g, text, chain, false).text() ==
        "backStack (global variable) → [5] in Array → [4] in Detached <ul> → [] in Detached <li> ×2 → "
        "Detached Text @13");
}

}  // namespace
}  // namespace heapsnap

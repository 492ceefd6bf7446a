// Run-independent forms of class names, class keys and allocation sites: what stays the same
// when the same program runs twice (two processes, two browsers, two CI jobs), so that groups of
// different runs can be compared without false "new" or "gone" rows.
//
// Within one process heapsnap compares DevTools' own class keys (class_aggregates.h). Across runs
// some of their parts change although the code is the same. Observed on real snapshots (the run
// pairs in testdata/runs, testdata/README.md):
//   - a page's origin with its port: Chromium names a page's objects after it, e.g.
//     "Window / http://127.0.0.1:41331", "Object (prototype) / http://127.0.0.1:41331"; the
//     port of a test server differs from run to run. Portable: "http://127.0.0.1:*".
//   - "@<id>" suffixes: Chromium (V8 13+) names a context after the snapshot id of its
//     ScopeInfo, "system / Context / scope @43879"; ids depend on everything allocated before.
//     Portable: the suffix is dropped, "system / Context / scope" (so the contexts of all scopes
//     are one class across runs).
//   - the order of properties in an inferred interface name ("{path, agent, method}"): DevTools
//     lists a plain object's properties in edge order, and objects in dictionary mode list them
//     in hash-table order, which depends on the process's random hash seed. Portable: the
//     properties sorted, "{agent, method, path}".
//   - script ids: a class split by constructor location has the key "<script id>,<line>,
//     <column>,<name>", and script ids are handed out in compilation order, which differs between
//     runs (and between a page served from two origins). Portable: the script's file name in
//     place of the id.
//   - script paths: Node names a script by its absolute path, which holds the checkout's
//     directory ("/home/ci/build-17/src/app.js"); a page's scripts are URLs with the port.
//     Portable: the file name alone ("app.js"), without a URL's query or fragment; "node:..."
//     names stay whole.
// Nothing else is changed: names without these parts are their own portable form, so a
// within-process comparison never sees a difference. Not observed, so not normalised: numbered
// internals and temporary paths in class names (Node 20 and Chromium 156 name none).
// Known limit: DevTools infers an interface only for property lists that enough objects share in
// edge order, so a few dictionary-mode objects can be "{…}" in one run and "Object" in the other;
// names cannot fix that (it would take inferring interfaces on sorted lists).
#pragma once

#include <string>
#include <string_view>

#include "heapsnap/analysis/allocation_sites.h"
#include "heapsnap/analysis/class_aggregates.h"

namespace heapsnap::analysis {

// "Window / http://127.0.0.1:41331" -> "Window / http://127.0.0.1:*";
// "system / Context / scope @43879" -> "system / Context / scope";
// "{path, agent, method}" -> "{agent, method, path}"; anything else unchanged.
std::string portable_class_name(std::string_view name);

// "/home/ci/build-17/src/app.js" -> "app.js"; "http://127.0.0.1:41331/js/app.js?v=3" -> "app.js";
// "http://127.0.0.1:41331/" -> "http://127.0.0.1:*/"; "node:internal/timers" unchanged;
// "script#12" (an id heapsnap could not resolve) -> "script#?".
std::string portable_script_name(std::string_view script);

// The run-independent class key: "," + portable name, or, for a class split by constructor
// location, "<portable script name>,<line>,<column>,<portable name>" ("?" for a script id that
// does not resolve).
std::string portable_class_key(const ClassInfo& c, const ScriptNames& scripts);

// The same from a DevTools class key alone (a summary baseline written before summaries carried
// portable keys): the name part made portable; a script id cannot be resolved without its
// snapshot, so it stays, as "script#<id>", and such a key pairs with nothing (callers then pair
// by name).
std::string portable_class_key_from_key(std::string_view key);

// An allocation site's label with portable script names (same shape as AllocationSite::label).
std::string portable_site_label(const AllocationSite& site);

}  // namespace heapsnap::analysis

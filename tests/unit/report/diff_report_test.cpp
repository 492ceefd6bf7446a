// The `diff` model (report/diff_report.h: the diff engine's DiffResult) on the map-cache
// scenario's three Node 20 snapshots, checked against each snapshot loaded on its own: group
// counts and sizes per snapshot are the Summary's, every row adds up (before + new - deleted =
// after), and the first step's new and deleted objects are those found here by matching ids.
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "heapsnap/report/diff_report.h"
#include "heapsnap/snapshot/analyzed_snapshot.h"
#include "heapsnap/snapshot/snapshot_series.h"
#include "unit/support/catch_ids.h"
#include "unit/support/testdata.h"

using namespace heapsnap;

namespace {

std::string scenario(int i) {
  return test::testdata("scenarios/map-cache/" + std::to_string(i) + ".heapsnapshot.gz");
}

// One snapshot loaded on its own: per object with a size its class key and size.
struct Objects {
  std::unordered_map<graph::NodeId, std::pair<std::string, uint64_t>> by_id;  // id -> key, size
  std::map<std::string, std::pair<uint32_t, uint64_t>> by_key;           // key -> count, size
  uint64_t total_size = 0;
  uint32_t node_count = 0;
};

Objects objects_of(const std::string& path) {
  auto s = snapshot::AnalyzedSnapshot::open(path);
  const auto& g = s.graph();
  const auto shallow = s.shallow_sizes();
  const auto& classes = s.classes();
  Objects o;
  o.total_size = s.total_size();
  o.node_count = g.node_count();
  for (graph::NodeOrdinal n = 0; n < g.node_count(); ++n) {
    if (shallow[n] == 0) continue;
    const std::string key = classes.classes[classes.node_class[n]].key();
    o.by_id[g.node_id(n)] = {key, shallow[n]};
    auto& [count, size] = o.by_key[key];
    ++count;
    size += shallow[n];
  }
  return o;
}

}  // namespace

TEST_CASE("diff: every row adds up, and matches the snapshots loaded alone", "[diff][report]") {
  report::DiffReport r;
  r.diff = snapshot::load_and_diff({scenario(1), scenario(2), scenario(3)}, {});
  const auto& d = r.diff;
  REQUIRE(d.snapshots.size() == 3);
  REQUIRE(d.identity.size() == 2);
  CHECK(d.ids_comparable);

  // Rows add up at every step.
  for (const auto* groups : {&d.classes, &d.sites}) {
    for (const auto& g : *groups) {
      INFO(g.name << " (" << g.key << ")");
      REQUIRE(g.counts.size() == 3);
      REQUIRE(g.steps.size() == 2);
      for (size_t i = 0; i < 2; ++i) {
        const auto& step = g.steps[i];
        // (Sizes need not add up this way: an object alive in both can change size, e.g. a
        // Map's table.)
        CHECK(int64_t{g.counts[i]} + step.new_count - step.deleted_count == int64_t{g.counts[i + 1]});
      }
    }
  }

  // Each snapshot's groups are its Summary: counts and sizes per class key, and all its objects.
  std::vector<Objects> alone;
  for (int i = 1; i <= 3; ++i) alone.push_back(objects_of(scenario(i)));
  for (size_t i = 0; i < 3; ++i) {
    INFO("snapshot " << i + 1);
    CHECK(d.snapshots[i].node_count == alone[i].node_count);
    CHECK(d.snapshots[i].total_size == alone[i].total_size);
    CHECK(d.snapshots[i].objects == alone[i].by_id.size());
    uint64_t counted = 0;
    std::map<std::string, std::pair<uint32_t, uint64_t>> seen;
    for (const auto& g : d.classes) {
      counted += g.counts[i];
      if (g.counts[i] > 0) seen[g.key] = {g.counts[i], g.sizes[i]};
    }
    CHECK(counted == alone[i].by_id.size());
    CHECK(seen == alone[i].by_key);
  }

  // The first step, matched by id: an object is new in a group when its id is absent from the
  // first snapshot or had another class there; deleted likewise.
  std::map<std::string, std::pair<uint32_t, uint64_t>> added, removed;  // key -> count, size
  for (const auto& [id, object] : alone[1].by_id) {
    const auto before = alone[0].by_id.find(id);
    if (before != alone[0].by_id.end() && before->second.first == object.first) continue;
    ++added[object.first].first;
    added[object.first].second += object.second;
  }
  for (const auto& [id, object] : alone[0].by_id) {
    const auto after = alone[1].by_id.find(id);
    if (after != alone[1].by_id.end() && after->second.first == object.first) continue;
    ++removed[object.first].first;
    removed[object.first].second += object.second;
  }
  size_t changed = 0;
  for (const auto& g : d.classes) {
    INFO(g.key);
    CHECK(g.steps[0].new_count == added[g.key].first);
    CHECK(g.steps[0].allocated_size == added[g.key].second);
    CHECK(g.steps[0].deleted_count == removed[g.key].first);
    CHECK(g.steps[0].freed_size == removed[g.key].second);
    changed += g.steps[0].new_count > 0 || g.steps[0].deleted_count > 0;
  }
  CHECK(changed > 10);

  // The leak leads the suspects: RequestContext, from 300 to 4300 objects (the manifest), named
  // by the Map that holds them (the collections detector's pattern).
  REQUIRE(!d.suspects.empty());
  CHECK(d.suspects[0].name ==
        "entries of Map held by contextsByRequestId in context of module scope of map-cache.js");
  REQUIRE(d.suspects[0].group != analysis::kNoGroup);
  CHECK(d.classes[d.suspects[0].group].name == "RequestContext");
  for (const auto& g : d.classes) {
    if (g.name != "RequestContext") continue;
    CHECK(g.counts.front() == 300);
    CHECK(g.counts.back() == 4300);
    CHECK(g.grows_every_step());
  }
}

// The `info` model (report/info_report.h): counts and sizes are the graph's (recounted here node
// by node), the per-type rows add up to the node count and the total self size, and the file
// figures are the file's: its size on disk, and for a gzip file the size of the plain twin.
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>

#include "heapsnap/report/info_report.h"
#include "heapsnap/snapshot/analyzed_snapshot.h"
#include "unit/support/testdata.h"

using namespace heapsnap;

namespace {

report::InfoReport info_of(const std::string& path) {
  const auto s = snapshot::AnalyzedSnapshot::open(path);
  return report::make_info_report(path, s.graph(), s.load_stats());
}

void check_against_graph(const std::string& path) {
  INFO(path);
  const auto s = snapshot::AnalyzedSnapshot::open(path);
  const auto& g = s.graph();
  const auto r = report::make_info_report(path, g, s.load_stats());
  CHECK(r.file == path);
  CHECK(r.node_count == g.node_count());
  CHECK(r.edge_count == g.edge_count());
  CHECK(r.string_count == g.strings().size());
  CHECK(r.load.stored_bytes == std::filesystem::file_size(path));

  std::map<std::string, std::pair<uint64_t, uint64_t>> by_type;  // count, self size
  uint64_t self = 0, detached = 0;
  for (graph::NodeOrdinal n = 0; n < g.node_count(); ++n) {
    auto& [count, bytes] = by_type[std::string(g.node_type_name(n))];
    ++count;
    bytes += g.self_size(n);
    self += g.self_size(n);
    if (g.features().detachedness_field && g.detachedness(n) == 2) ++detached;
  }
  CHECK(r.total_self_size == self);
  CHECK(r.detached_count == detached);
  // One row per type of meta.node_types, in that order, empty ones included.
  REQUIRE(r.types.size() == r.node_types.size());
  uint64_t counted = 0, counted_bytes = 0;
  for (size_t i = 0; i < r.types.size(); ++i) {
    const auto& t = r.types[i];
    INFO(t.type);
    CHECK(t.type == r.node_types[i]);
    const auto found = by_type.find(t.type);
    CHECK(t.count == (found == by_type.end() ? 0 : found->second.first));
    CHECK(t.self_size == (found == by_type.end() ? 0 : found->second.second));
    counted += t.count;
    counted_bytes += t.self_size;
  }
  CHECK(counted == r.node_count);
  CHECK(counted_bytes == r.total_self_size);
  CHECK(r.trace_node_count == g.trace_nodes().size());
  CHECK(r.location_count == g.locations().size());
  CHECK(r.features.allocation_traces == (r.trace_node_count > 0));
}

}  // namespace

TEST_CASE("info: counts and sizes are the graph's, type rows add up", "[info][report]") {
  check_against_graph(test::testdata("tiny/basic.heapsnapshot"));
  check_against_graph(test::testdata("scenarios/map-cache/1.heapsnapshot.gz"));
  check_against_graph(test::testdata("scenarios/map-cache-tracked/1.heapsnapshot.gz"));
}

TEST_CASE("info: the tiny snapshot as written by hand", "[info][report]") {
  const auto r = info_of(test::testdata("tiny/basic.heapsnapshot"));
  // "node_count":6,"edge_count":8 in its header; 7 node fields with detachedness.
  CHECK(r.node_count == 6);
  CHECK(r.edge_count == 8);
  CHECK(r.node_fields.size() == 7);
  CHECK(r.node_fields.back() == "detachedness");
  CHECK(r.node_types.size() == 15);
  CHECK(r.edge_types.size() == 7);
  CHECK(r.features.detachedness_field);
  CHECK(!r.features.allocation_traces);
  CHECK(r.load.compression == io::Compression::kNone);
  CHECK(r.load.text_bytes == r.load.stored_bytes);
}

TEST_CASE("info: a gzip file reads as its plain twin", "[info][report]") {
  const auto plain = info_of(test::testdata("tiny/basic.heapsnapshot"));
  const auto gz = info_of(test::testdata("tiny/basic.heapsnapshot.gz"));
  CHECK(gz.load.compression == io::Compression::kGzip);
  CHECK(gz.load.text_bytes == plain.load.stored_bytes);
  CHECK(gz.load.stored_bytes < plain.load.stored_bytes);
  CHECK(gz.node_count == plain.node_count);
  CHECK(gz.total_self_size == plain.total_self_size);
}

// The loader on the hand-written tiny snapshot (every value checked against the file by hand),
// on gzip, zstd and xz input, and on every kind of bad input: the malformed corpus, every truncation, random
// corruption. Bad input must end in heapsnap::Error, never a crash or a silent partial graph.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "heapsnap/format/snapshot_loader.h"
#include "heapsnap/graph/graph_invariants.h"
#include "heapsnap/io/byte_sink.h"
#include "heapsnap/util/error.h"
#include "unit/support/testdata.h"
#include "unit/support/trickle_source.h"

using namespace heapsnap;
using graph::EdgeKind;
using graph::NodeKind;

namespace {

format::LoadedSnapshot load_text(const std::string& text) {
  auto source = io::open_memory_input(text);
  return format::load_snapshot(*source);
}

}  // namespace

TEST_CASE("tiny snapshot loads with every field as written", "[loader]") {
  const auto snapshot = format::load_snapshot_file(test::testdata("tiny/basic.heapsnapshot"));
  const auto& g = snapshot.graph;
  REQUIRE(g.node_count() == 6);
  REQUIRE(g.edge_count() == 8);
  REQUIRE(g.strings().size() == 13);
  CHECK(g.total_self_size() == 186);
  CHECK(g.root() == 0);
  CHECK_FALSE(graph::check_graph(g).has_value());

  CHECK(g.node_kind(0) == NodeKind::kSynthetic);
  CHECK(g.node_name(1) == "(GC roots)");
  CHECK(g.node_name(2) == "Window");
  CHECK(g.node_id(2) == graph::NodeId{5});
  CHECK(g.self_size(3) == 100);
  CHECK(g.node_kind(5) == NodeKind::kString);
  CHECK(g.node_type_name(5) == "string");
  // Escapes: \n, \", \u00e9 and a surrogate pair; a lone surrogate becomes U+FFFD.
  CHECK(g.node_name(5) == "hello\n\"q\" \xc3\xa9 \xf0\x9f\x98\x80");
  CHECK(g.strings().get(graph::StringIndex{12}) == "lone \xef\xbf\xbd surrogate");

  // Root: element 1 -> (GC roots), shortcut "global" -> Window.
  REQUIRE(g.out_degree(0) == 2);
  CHECK(g.edge_kind(0) == EdgeKind::kElement);
  CHECK(g.edge_name_or_index(0) == 1);
  CHECK(g.edge_target(0) == 1);
  CHECK(g.edge_kind(1) == EdgeKind::kShortcut);
  CHECK(g.edge_label(1) == "global");
  CHECK(g.edge_target(1) == 2);
  // Window: property cache -> Cache, property a -> Item, weak w -> string.
  REQUIRE(g.out_degree(2) == 3);
  CHECK(g.first_edge(2) == 3);
  CHECK(g.edge_label(3) == "cache");
  CHECK(g.edge_target(3) == 3);
  CHECK(g.edge_kind(5) == EdgeKind::kWeak);
  CHECK(g.edge_target(5) == 5);
  CHECK(g.out_degree(4) == 0);
  CHECK(g.out_degree(5) == 0);

  REQUIRE(g.locations().size() == 1);
  CHECK(g.locations()[0].node == 3);
  CHECK(g.locations()[0].script_id == 3);
  CHECK(g.locations()[0].line == 10);
  CHECK(g.features().locations);
  CHECK_FALSE(g.features().allocation_traces);
  CHECK(g.features().trace_node_id_field);
  CHECK(g.features().detachedness_field);
  CHECK(snapshot.stats.text_bytes == test::read_file(test::testdata("tiny/basic.heapsnapshot")).size());
}

TEST_CASE("gzip input gives the same graph as the plain file", "[loader][gzip]") {
  const auto plain = format::load_snapshot_file(test::testdata("tiny/basic.heapsnapshot"));
  const auto gz = format::load_snapshot_file(test::testdata("tiny/basic.heapsnapshot.gz"));
  CHECK(gz.stats.compression == io::Compression::kGzip);
  CHECK(plain.stats.compression == io::Compression::kNone);
  REQUIRE(gz.graph.node_count() == plain.graph.node_count());
  REQUIRE(gz.graph.edge_count() == plain.graph.edge_count());
  for (uint32_t n = 0; n < plain.graph.node_count(); ++n) {
    CHECK(gz.graph.node_id(n) == plain.graph.node_id(n));
    CHECK(gz.graph.node_name(n) == plain.graph.node_name(n));
  }
  CHECK(gz.stats.text_bytes == plain.stats.text_bytes);
}

TEST_CASE("a Node snapshot written through every sink loads as the same graph", "[loader][sink]") {
  // A real snapshot (Node 20, ~7 MB of text): decompressed once, then written plain, gzip, zstd
  // and xz by io::open_file_sink in uneven pieces, and each file loaded from disk.
  auto source = io::open_input(test::testdata("scenarios/long-chain/1.heapsnapshot.gz"));
  std::string text, buffer(1 << 16, '\0');
  while (size_t n = source->read(buffer.data(), buffer.size())) text.append(buffer.data(), n);
  const auto reference = load_text(text);
  const auto dir = std::filesystem::temp_directory_path();
  for (const auto compression :
       {io::Compression::kNone, io::Compression::kGzip, io::Compression::kZstd, io::Compression::kXz}) {
    const std::string name(io::compression_name(compression));
    INFO(name);
    const std::string path = (dir / ("heapsnap-loader-" + std::to_string(::getpid()) + "." + name)).string();
    auto sink = io::open_file_sink(path, compression);
    for (size_t at = 0, piece = 1; at < text.size(); at += piece, piece = piece * 3 % 100003 + 1)
      sink->write(std::string_view(text).substr(at, piece));
    sink->finish();
    const auto loaded = format::load_snapshot_file(path);
    std::remove(path.c_str());
    CHECK(loaded.stats.compression == compression);
    CHECK(loaded.stats.text_bytes == text.size());
    REQUIRE(loaded.graph.node_count() == reference.graph.node_count());
    REQUIRE(loaded.graph.edge_count() == reference.graph.edge_count());
    CHECK(loaded.graph.strings().size() == reference.graph.strings().size());
    CHECK(loaded.graph.total_self_size() == reference.graph.total_self_size());
    uint64_t differing = 0;
    for (uint64_t e = 0; e < reference.graph.edge_count(); ++e)
      differing += loaded.graph.edge_target(e) != reference.graph.edge_target(e);
    CHECK(differing == 0);
  }
}

TEST_CASE("field positions come from meta: reordered fields, no optional fields, extras",
          "[loader]") {
  // node_fields reordered, without trace_node_id/detachedness, with an unknown extra field;
  // an unknown top-level section ("scopes") with nested values; whitespace everywhere.
  const std::string text = R"json( {
    "snapshot" : { "meta" : {
      "node_fields" : ["id", "extra", "name", "type", "edge_count", "self_size"],
      "node_types" : ["number", "number", "string", ["object", "synthetic"], "number", "number"],
      "edge_fields" : ["to_node", "type", "name_or_index"],
      "edge_types" : ["node", ["property", "weak"], "string_or_number"] },
      "node_count" : 2, "edge_count" : 1 },
    "scopes" : [ {"a": [1, 2, {"b": "x]\"y"}]}, null, true, -1.5e3 ],
    "nodes" : [ 1, 77, 1, 1, 1, 0 ,
                3, 0, 2, 0, 0, 24 ],
    "edges" : [ 6, 0, 3 ],
    "strings" : [ "", "(root)", "Thing", "next" ] }
  )json";
  const auto loaded = load_text(text);
  const auto& g = loaded.graph;
  REQUIRE(g.node_count() == 2);
  CHECK(g.node_id(1) == graph::NodeId{3});
  CHECK(g.node_name(0) == "(root)");
  CHECK(g.node_kind(0) == NodeKind::kSynthetic);
  CHECK(g.node_kind(1) == NodeKind::kObject);
  CHECK(g.self_size(1) == 24);
  CHECK(g.edge_target(0) == 1);
  CHECK(g.edge_label(0) == "next");
  CHECK_FALSE(g.features().trace_node_id_field);
  CHECK(g.trace_node_id(1) == 0);
  CHECK(g.detachedness(1) == 0);
}

TEST_CASE("optional columns: zeros until the first non-zero value, or no column at all", "[loader]") {
  // The trace_node_id and detachedness columns get memory at their first non-zero value; the
  // values before it must read as 0, and a column that never gets one reads as all 0.
  auto snapshot = [](const std::string& nodes) {
    return R"json({"snapshot":{"meta":{
      "node_fields":["type","name","id","self_size","edge_count","trace_node_id","detachedness"],
      "node_types":[["synthetic","object"],"string","number","number","number","number","number"],
      "edge_fields":["type","name_or_index","to_node"],
      "edge_types":[["element"],"string_or_number","node"]},
      "node_count":4,"edge_count":0},"nodes":[)json" + nodes + R"json(],"edges":[],"strings":["a"]})json";
  };
  const auto late = load_text(snapshot("0,0,1,0,0,0,0, 1,0,3,0,0,0,0, 1,0,5,0,0,7,2, 1,0,7,0,0,0,1"));
  const auto& g = late.graph;
  CHECK(g.trace_node_id(0) == 0);
  CHECK(g.trace_node_id(1) == 0);
  CHECK(g.trace_node_id(2) == 7);
  CHECK(g.trace_node_id(3) == 0);
  CHECK(g.detachedness(1) == 0);
  CHECK(g.detachedness(2) == 2);
  CHECK(g.detachedness(3) == 1);
  const auto none = load_text(snapshot("0,0,1,0,0,0,0, 1,0,3,0,0,0,0, 1,0,5,0,0,0,0, 1,0,7,0,0,0,0"));
  CHECK(none.graph.features().trace_node_id_field);
  CHECK(none.graph.features().detachedness_field);
  for (graph::NodeOrdinal n = 0; n < 4; ++n) {
    CHECK(none.graph.trace_node_id(n) == 0);
    CHECK(none.graph.detachedness(n) == 0);
  }
}

TEST_CASE("allocation traces, samples and a huge self size are read", "[loader]") {
  const std::string text = R"json({"snapshot":{"meta":{
      "node_fields":["type","name","id","self_size","edge_count","trace_node_id"],
      "node_types":[["synthetic","object"],"string","number","number","number","number"],
      "edge_fields":["type","name_or_index","to_node"],
      "edge_types":[["element"],"string_or_number","node"],
      "trace_function_info_fields":["function_id","name","script_name","script_id","line","column"],
      "trace_node_fields":["id","function_info_index","count","size","children"],
      "sample_fields":["timestamp_us","last_assigned_id"]},
    "node_count":2,"edge_count":1,"trace_function_count":2},
    "nodes":[0,0,1,0,1,0, 1,1,3,8589934592,0,3],
    "edges":[0,0,6],
    "trace_function_infos":[1,0,0,0,0,0, 2,1,2,5,10,3],
    "trace_tree":[1,0,0,0,[2,1,3,96,[3,1,1,32,[]],4,1,0,0,[]]],
    "samples":[0,1,1000,3],
    "strings":["(root)","alloc","app.js"]})json";
  const auto loaded = load_text(text);
  const auto& g = loaded.graph;
  CHECK(g.self_size(1) == 8589934592ull);
  CHECK(g.total_self_size() == 8589934592ull);
  CHECK(g.trace_node_id(1) == 3);
  REQUIRE(g.trace_function_infos().size() == 2);
  CHECK(g.trace_function_infos()[1].line == 10);
  CHECK(g.strings().get(g.trace_function_infos()[1].script_name) == "app.js");
  REQUIRE(g.trace_nodes().size() == 4);
  CHECK(g.trace_nodes()[0].parent == graph::TraceNode::kNoTraceParent);
  CHECK(g.trace_nodes()[1].parent == 0);
  CHECK(g.trace_nodes()[1].size == 96);
  CHECK(g.trace_nodes()[2].id == 3);
  CHECK(g.trace_nodes()[2].parent == 1);
  CHECK(g.trace_nodes()[3].id == 4);
  CHECK(g.trace_nodes()[3].parent == 0);  // id 4 is a sibling of id 2
  REQUIRE(g.samples().size() == 2);
  CHECK(g.samples()[1].timestamp_us == 1000);
  CHECK(g.samples()[1].last_assigned_id == 3);
  CHECK(g.features().allocation_traces);
  CHECK(g.features().samples);
}

TEST_CASE("input delivered a few bytes at a time loads identically", "[loader]") {
  const std::string text = test::read_file(test::testdata("tiny/basic.heapsnapshot"));
  const auto whole = load_text(text);
  for (uint32_t seed = 1; seed <= 50; ++seed) {
    test::TrickleSource source(text, 1 + seed % 7, seed);
    const auto pieces = format::load_snapshot(source);
    REQUIRE(pieces.graph.node_count() == whole.graph.node_count());
    REQUIRE(pieces.graph.edge_count() == whole.graph.edge_count());
    for (uint32_t n = 0; n < whole.graph.node_count(); ++n) {
      CHECK(pieces.graph.node_name(n) == whole.graph.node_name(n));
      CHECK(pieces.graph.self_size(n) == whole.graph.self_size(n));
    }
    for (uint64_t e = 0; e < whole.graph.edge_count(); ++e)
      CHECK(pieces.graph.edge_target(e) == whole.graph.edge_target(e));
  }
}

TEST_CASE("every malformed file fails with its expected one-line message, or loads with its one "
          "warning", "[loader][malformed]") {
  std::ifstream manifest(test::testdata("malformed/expected.tsv"));
  REQUIRE(manifest.good());
  std::string line;
  int errors = 0, warnings = 0;
  while (std::getline(manifest, line)) {
    if (line.empty() || line[0] == '#') continue;
    const auto tab = line.find('\t');
    const auto tab2 = line.find('\t', tab + 1);
    REQUIRE(tab2 != std::string::npos);
    const std::string file = line.substr(0, tab), outcome = line.substr(tab + 1, tab2 - tab - 1),
                      expected = line.substr(tab2 + 1);
    INFO(file);
    REQUIRE((outcome == "error" || outcome == "warning"));
    std::string message;
    std::vector<std::string> load_warnings;
    try {
      const auto path = test::testdata("malformed/" + file);
      load_warnings = format::load_snapshot_file(path).stats.warnings;
    } catch (const Error& e) {
      message = e.what();
    }
    if (outcome == "error") {
      CHECK_THAT(message, Catch::Contains(expected));
      CHECK_THAT(message, Catch::Contains(file));  // names the file
      CHECK(message.find('\n') == std::string::npos);
      ++errors;
    } else {
      CHECK(message == "");
      REQUIRE(load_warnings.size() == 1);
      CHECK_THAT(load_warnings[0], Catch::Contains(expected));
      CHECK(load_warnings[0].find('\n') == std::string::npos);
      ++warnings;
    }
  }
  CHECK(errors >= 30);
  CHECK(warnings >= 4);
}

TEST_CASE("what a tolerated problem leaves in the graph", "[loader][malformed]") {
  const auto malformed = [](const std::string& file) {
    return format::load_snapshot_file(test::testdata("malformed/" + file)).graph;
  };
  const auto basic = format::load_snapshot_file(test::testdata("tiny/basic.heapsnapshot")).graph;
  SECTION("a location that names no node's start is left out; the valid rows stay") {
    CHECK(malformed("location-not-a-node.heapsnapshot").locations().empty());
    const auto g = malformed("location-past-the-nodes.heapsnapshot");
    REQUIRE(g.locations().size() == 2);
    CHECK(g.locations()[0].node == 3);  // object_index 21 / 7 fields
    CHECK(g.locations()[1].node == 2);  // 14 / 7
    CHECK(g.locations()[1].line == 12);
  }
  SECTION("without node_count the nodes array gives the count; the graph is the same") {
    const auto g = malformed("header-without-node-count.heapsnapshot");
    REQUIRE(g.node_count() == basic.node_count());
    REQUIRE(g.edge_count() == basic.edge_count());
    for (uint32_t n = 0; n < g.node_count(); ++n) CHECK(g.node_name(n) == basic.node_name(n));
    for (uint64_t e = 0; e < g.edge_count(); ++e) CHECK(g.edge_target(e) == basic.edge_target(e));
  }
  SECTION("a weak edge named past the strings is renamed; every other edge keeps its name") {
    const auto g = malformed("weak-edge-name-out-of-range.heapsnapshot");
    REQUIRE(g.edge_count() == basic.edge_count());
    for (uint64_t e = 0; e < g.edge_count(); ++e) {
      INFO("edge " << e);
      CHECK(g.edge_label(e) == (e == 5 ? std::string("(name missing)") : basic.edge_label(e)));
    }
    CHECK(basic.edge_label(5) == "w");
  }
}

TEST_CASE("every truncation of a valid snapshot is an error, never a crash", "[loader][malformed]") {
  const std::string text = test::read_file(test::testdata("tiny/basic.heapsnapshot"));
  // The snapshot's closing brace is followed by a newline: the last valid prefix keeps the '}'.
  const size_t complete = text.rfind('}') + 1;
  for (size_t length = 0; length < complete; ++length) {
    INFO("prefix length " << length);
    CHECK_THROWS_AS(load_text(text.substr(0, length)), FormatError);
  }
  CHECK_NOTHROW(load_text(text.substr(0, complete)));
}

TEST_CASE("random corruption never crashes the loader", "[loader][malformed]") {
  const std::string text = test::read_file(test::testdata("tiny/basic.heapsnapshot"));
  std::mt19937 rng(20261122);
  int rejected = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string mutated = text;
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < edits; ++k) {
      const size_t at = rng() % mutated.size();
      switch (rng() % 3) {
        case 0: mutated[at] = static_cast<char>(rng() % 256); break;
        case 1: mutated.erase(at, 1 + rng() % 8); break;
        default: mutated.insert(at, 1, "0123456789,[]{}\"\\"[rng() % 17]);
      }
    }
    try {
      const auto loaded = load_text(mutated);
      // Whatever loads must satisfy every graph invariant.
      CHECK_FALSE(graph::check_graph(loaded.graph).has_value());
    } catch (const Error&) {
      ++rejected;
    }
  }
  CHECK(rejected > 2000);
}

TEST_CASE("a header announcing billions of nodes does not allocate them", "[loader][malformed]") {
  std::string text = test::read_file(test::testdata("tiny/basic.heapsnapshot"));
  text.replace(text.find("\"node_count\":6"), 14, "\"node_count\":4000000000");
  CHECK_THROWS_WITH(load_text(text), Catch::Contains("array holds 6 nodes"));
}

TEST_CASE("empty strings array and strings split across chunk boundaries", "[loader]") {
  // A string longer than the reader's chunk forces every refill path in the string scanner.
  std::string long_name(9u << 20, 'x');
  long_name[5u << 20] = '\\';
  long_name.insert((5u << 20) + 1, "n");
  const std::string text =
      R"({"snapshot":{"meta":{"node_fields":["type","name","id","self_size","edge_count"],)"
      R"("node_types":[["synthetic"]],"edge_fields":["type","name_or_index","to_node"],)"
      R"("edge_types":[["element"]]},"node_count":1,"edge_count":0},"nodes":[0,1,1,0,0],)"
      R"("edges":[],"strings":["",")" + long_name + R"("]})";
  const auto loaded = load_text(text);
  CHECK(loaded.graph.node_name(0).size() == long_name.size() - 1);
  CHECK(loaded.graph.node_name(0)[5u << 20] == '\n');
}

TEST_CASE("numbers of every length survive the fast path and chunk boundaries", "[loader]") {
  // > 8 MiB of nodes, so values straddle the reader's chunk boundary; ids and self sizes cycle
  // through 1..19 digits and through separators with and without whitespace.
  const uint32_t count = 450000;
  std::string text =
      R"({"snapshot":{"meta":{"node_fields":["type","name","id","self_size","edge_count"],)"
      R"("node_types":[["synthetic"]],"edge_fields":["type","name_or_index","to_node"],)"
      R"("edge_types":[["element"]]},"node_count":)" + std::to_string(count) +
      R"(,"edge_count":0},"nodes":[)";
  std::vector<uint64_t> sizes(count);
  uint64_t pow10[20] = {1};
  for (int i = 1; i < 20; ++i) pow10[i] = pow10[i - 1] * 10;
  for (uint32_t n = 0; n < count; ++n) {
    const int digits = 1 + static_cast<int>(n % 19);
    sizes[n] = pow10[digits - 1] + (n * 2654435761ull) % (pow10[digits - 1] * 9);
    text += (n ? (n % 3 == 0 ? "\n," : (n % 3 == 1 ? " , " : ",")) : "");
    text += "0,0," + std::to_string(n * 2 + 1) + "," + std::to_string(sizes[n]) + ",0";
  }
  text += R"(],"edges":[],"strings":[""]})";
  REQUIRE(text.size() > (9u << 20));
  test::TrickleSource source(text, 4096, 7);
  const auto loaded = format::load_snapshot(source);
  REQUIRE(loaded.graph.node_count() == count);
  uint32_t wrong = 0;
  for (uint32_t n = 0; n < count; ++n)
    wrong += loaded.graph.self_size(n) != sizes[n] ||
             loaded.graph.node_id(n) != graph::NodeId{n * 2 + 1};
  CHECK(wrong == 0);
}

namespace {

// Loads `text` and returns the outcome as text: "ok <nodes> <edges> <hash of every edge>
// <text bytes>" or the error message. `parallel_min_bytes` 0 forces the edges look-ahead on;
// `split_at` (with it) makes the main thread parse the edges from the first row start at or
// after that offset; `*tail_edges` gets how many it did.
std::string load_outcome(const std::string& text, uint64_t parallel_min_bytes,
                         uint64_t split_at = 0, uint64_t* tail_edges = nullptr,
                         bool block_scan = true) {
  auto source = io::open_memory_input(text);
  format::LoadOptions options;
  options.parallel_min_bytes = parallel_min_bytes;
  options.edges_split_at = split_at;
  options.block_scan = block_scan;
  try {
    const auto loaded = format::load_snapshot(*source, options);
    const auto& g = loaded.graph;
    uint64_t hash = 0;
    for (uint32_t n = 0; n < g.node_count(); ++n)
      hash = hash * 1000003 + value(g.node_id(n)) * 977 + g.self_size(n) * 31 +
             value(g.node_name_index(n)) + g.node_type_index(n) + g.trace_node_id(n) * 7 +
             g.detachedness(n);
    for (uint64_t e = 0; e < g.edge_count(); ++e)
      hash = hash * 1000003 + (g.edge_target(e) * 31 + g.edge_name_or_index(e)) * 8 +
             static_cast<uint64_t>(g.edge_kind(e));
    if (tail_edges) *tail_edges = loaded.stats.tail_edges;
    std::string outcome = "ok " + std::to_string(g.node_count()) + " " +
                          std::to_string(g.edge_count()) + " " + std::to_string(hash) + " " +
                          std::to_string(loaded.stats.text_bytes);
    for (const auto& warning : loaded.stats.warnings) outcome += "; warning: " + warning;
    return outcome;
  } catch (const Error& e) {
    return e.what();
  }
}

// Loads `text` sequentially and with the edges look-ahead thread forced on.
std::pair<std::string, std::string> load_both_ways(const std::string& text) {
  return {load_outcome(text, UINT64_MAX), load_outcome(text, 0)};
}

}  // namespace

TEST_CASE("parsing edges on a second thread gives exactly the sequential outcome", "[loader][parallel]") {
  const std::string text = test::read_file(test::testdata("tiny/basic.heapsnapshot"));
  SECTION("valid snapshots") {
    const auto [sequential, parallel] = load_both_ways(text);
    CHECK(sequential.rfind("ok 6 8 ", 0) == 0);
    CHECK(parallel == sequential);
    const std::string real = test::read_file(test::testdata("malformed/../tiny/basic.heapsnapshot"));
    CHECK(load_both_ways(real).second == load_both_ways(real).first);
  }
  SECTION("every malformed file") {
    std::ifstream manifest(test::testdata("malformed/expected.tsv"));
    std::string line;
    while (std::getline(manifest, line)) {
      if (line.empty() || line[0] == '#') continue;
      const std::string file = line.substr(0, line.find('\t'));
      INFO(file);
      const auto [sequential, parallel] = load_both_ways(test::read_file(test::testdata("malformed/" + file)));
      CHECK(parallel == sequential);
    }
  }
  SECTION("every truncation") {
    for (size_t length = 0; length <= text.size(); ++length) {
      INFO("prefix length " << length);
      const auto [sequential, parallel] = load_both_ways(text.substr(0, length));
      CHECK(parallel == sequential);
    }
  }
  SECTION("random corruption, and a decoy \"edges\" string before the real section") {
    std::mt19937 rng(99);
    for (int round = 0; round < 1500; ++round) {
      std::string mutated = text;
      if (round % 10 == 0) {
        // An unknown section holding the string "edges":[ ... ] before the nodes.
        mutated.insert(mutated.find("\"nodes\""), "\"decoy\":[\"edges\",\"x\",{\"edges\":[1,2,3]}],\n");
      }
      for (int k = 0; k < 1 + static_cast<int>(rng() % 3); ++k) {
        const size_t at = rng() % mutated.size();
        mutated[at] = "0123456789,[]{}\" \n"[rng() % 18];
      }
      INFO("round " << round);
      const auto [sequential, parallel] = load_both_ways(mutated);
      CHECK(parallel == sequential);
    }
  }
}

TEST_CASE("the main thread's part of a split edges parse changes nothing, wherever it starts",
          "[loader][parallel][split]") {
  SECTION("every start offset in a small snapshot, whole, truncated and corrupted") {
    const std::string text = test::read_file(test::testdata("tiny/basic.heapsnapshot"));
    const std::string sequential = load_outcome(text, UINT64_MAX);
    REQUIRE(sequential.rfind("ok 6 8 ", 0) == 0);
    int split = 0;
    for (uint64_t at = 1; at <= text.size() + 2; ++at) {
      INFO("split at " << at);
      uint64_t tail = 0;
      CHECK(load_outcome(text, 0, at, &tail) == sequential);
      split += tail > 0;
      // The same start offsets on broken variants: cut inside the edges, or a bad value in them.
      const size_t edges = text.find("\"edges\"");
      for (const size_t cut : {edges + 14, edges + 40, edges + 58}) {
        const std::string truncated = text.substr(0, cut);
        CHECK(load_outcome(truncated, 0, at) == load_outcome(truncated, UINT64_MAX));
      }
      for (const char bad : {'9', ']', 'x', ','}) {
        std::string mutated = text;
        mutated[edges + 10 + at % 50] = bad;
        CHECK(load_outcome(mutated, 0, at) == load_outcome(mutated, UINT64_MAX));
      }
    }
    CHECK(split > 0);  // some start offsets did split the parse
  }
  SECTION("a string index out of range on either side of the split") {
    // The loader keeps the largest string index each part names, so that the final check need
    // not go over the edges again (graph::CheckedFields); both parts' bounds must count.
    const std::string text = test::read_file(test::testdata("tiny/basic.heapsnapshot"));
    const size_t edges = text.find("\"edges\"");
    for (const std::string row : {",2,5,21", ",2,9,28"}) {  // the first and last property edge
      std::string mutated = text;
      const size_t at_row = mutated.find(row, edges);
      REQUIRE(at_row != std::string::npos);
      mutated.replace(at_row, row.size(), row.substr(0, 3) + "13" + row.substr(4));  // 13 strings
      const std::string sequential = load_outcome(mutated, UINT64_MAX);
      INFO(row);
      CHECK_THAT(sequential, Catch::Matchers::Contains("field 'name_or_index': string index 13 out of range"));
      for (uint64_t at = edges; at <= text.size(); ++at) {
        INFO("split at " << at);
        CHECK(load_outcome(mutated, 0, at) == sequential);
      }
    }
  }
  SECTION("a real Node snapshot, split in many places") {
    auto source = io::open_input(test::testdata("scenarios/map-cache/2.heapsnapshot.gz"));
    std::string text(static_cast<size_t>(64) << 20, '\0');
    text.resize(source->read(text.data(), text.size()));
    const std::string sequential = load_outcome(text, UINT64_MAX);
    REQUIRE(sequential.rfind("ok ", 0) == 0);
    const size_t edges = text.find("\"edges\":[");
    const size_t after = text.find("\"trace_function_infos\"");
    REQUIRE(edges < after);
    std::mt19937 rng(5);
    int split = 0;
    for (int round = 0; round < 60; ++round) {
      // Mostly inside the edges, some before them (in the nodes) and some after.
      const uint64_t at = round % 10 == 8 ? 1 + rng() % edges
                        : round % 10 == 9 ? after + rng() % (text.size() - after)
                                          : edges + rng() % (after - edges);
      INFO("split at " << at);
      uint64_t tail = 0;
      CHECK(load_outcome(text, 0, at, &tail) == sequential);
      split += tail > 0;
      if (round % 4 == 0) {
        // One wrong value somewhere in the edges: the error must be the sequential one.
        std::string mutated = text;
        mutated[edges + 10 + rng() % (after - edges - 20)] = "0123456789,x]"[rng() % 13];
        CHECK(load_outcome(mutated, 0, at) == load_outcome(mutated, UINT64_MAX));
      }
    }
    CHECK(split > 30);
  }
}

TEST_CASE("the block scan of integer arrays changes nothing: values, errors, offsets",
          "[loader][blocks]") {
  // Outcomes (graph hash or error message with its byte offset) with the block scan on and off.
  const auto both = [](const std::string& text) {
    return std::pair{load_outcome(text, UINT64_MAX, 0, nullptr, true),
                     load_outcome(text, UINT64_MAX, 0, nullptr, false)};
  };
  auto source = io::open_input(test::testdata("scenarios/map-cache/2.heapsnapshot.gz"));
  std::string text(static_cast<size_t>(64) << 20, '\0');
  text.resize(source->read(text.data(), text.size()));
  const size_t nodes = text.find("\"nodes\":[");
  const size_t after = text.find("\"strings\"");
  REQUIRE(nodes < after);
  SECTION("a real Node snapshot, as written and respaced") {
    const auto [blocks, single] = both(text);
    CHECK(blocks.rfind("ok ", 0) == 0);
    CHECK(blocks == single);
    // JSON allows any whitespace around the commas; V8 writes none but "\n,".
    std::string spaced = text.substr(0, nodes);
    std::mt19937 rng(11);
    for (size_t i = nodes; i < after; ++i) {
      if (text[i] == ',' && rng() % 3 == 0) {
        spaced += rng() % 2 ? " , " : "\r\n,\t";
      } else {
        spaced += text[i];
      }
    }
    spaced += text.substr(after);
    const auto [spaced_blocks, spaced_single] = both(spaced);
    CHECK(spaced_blocks == spaced_single);
    // The same graph; only the text's length (the outcome's last word) differs.
    const auto graph_part = [](const std::string& outcome) {
      return outcome.substr(0, outcome.rfind(' '));
    };
    CHECK(graph_part(spaced_blocks) == graph_part(blocks));
  }
  SECTION("one to three bad bytes in the nodes or edges") {
    std::mt19937 rng(2026);
    int errors = 0;
    for (int round = 0; round < 400; ++round) {
      std::string mutated = text;
      for (int k = 0; k < 1 + static_cast<int>(rng() % 3); ++k) {
        const size_t at = nodes + 9 + rng() % (after - nodes - 20);
        mutated[at] = "0123456789, \n]-.ex\""[rng() % 20];
      }
      if (round % 10 == 0) {
        // A number of 16 to 20 digits, which the block scan leaves to the number-at-a-time path.
        const size_t at = mutated.find(',', nodes + 9 + rng() % (after - nodes - 20));
        mutated.insert(at, std::string(16 + rng() % 5, '9'));
      }
      INFO("round " << round);
      const auto [blocks, single] = both(mutated);
      CHECK(blocks == single);
      errors += blocks.rfind("ok ", 0) != 0;
    }
    CHECK(errors > 200);
  }
}

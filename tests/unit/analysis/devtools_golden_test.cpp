// heapsnap's DevTools mode against Chrome DevTools itself: every golden under testdata/golden/
// (made by tools/make-goldens.sh from DevTools' own worker code) is loaded next to its snapshot
// and compared exactly: total size, retained and shallow size and distance of every node the
// golden lists, and every class row (name, count, shallow size, retained size, distance).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <iterator>
#include <sstream>
#include <string>
#include <tuple>
#include <vector>

#include "heapsnap/analysis/devtools_analysis.h"
#include "heapsnap/format/snapshot_loader.h"
#include "heapsnap/graph/id_index.h"
#include "heapsnap/io/byte_source.h"
#include "heapsnap/util/utf8.h"

using namespace heapsnap;

namespace {

struct GoldenNode {
  uint32_t id;
  uint64_t retained, shallow;
  int64_t distance;
};
using ClassRow = std::tuple<std::string, uint64_t, uint64_t, uint64_t, int64_t>;

struct Golden {
  std::string snapshot;  // relative to testdata/
  uint64_t node_count = 0, edge_count = 0, total_size = 0;
  bool sampled = true;
  std::vector<GoldenNode> nodes;
  std::vector<ClassRow> classes;
};

std::string read_all(const std::string& path) {
  auto in = io::open_input(path);  // inflates .gz
  std::string text;
  std::vector<char> buffer(1 << 16);
  while (const size_t got = in->read(buffer.data(), buffer.size())) text.append(buffer.data(), got);
  return text;
}

// A JSON string starting at text[pos] == '"'; pos ends after the closing quote.
std::string parse_json_string(const std::string& text, size_t& pos) {
  std::string out;
  ++pos;
  auto hex4 = [&](size_t at) { return static_cast<uint32_t>(std::stoul(text.substr(at, 4), nullptr, 16)); };
  while (pos < text.size() && text[pos] != '"') {
    if (text[pos] != '\\') {
      out += text[pos++];
      continue;
    }
    const char esc = text[pos + 1];
    pos += 2;
    switch (esc) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'u': {
        uint32_t cp = hex4(pos);
        pos += 4;
        if (cp >= 0xD800 && cp < 0xDC00 && text.compare(pos, 2, "\\u") == 0) {
          const uint32_t low = hex4(pos + 2);
          if (low >= 0xDC00 && low < 0xE000) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            pos += 6;
          }
        }
        append_utf8(out, cp);
        break;
      }
      default: out += esc;
    }
  }
  ++pos;
  return out;
}

uint64_t header_number(const std::string& text, const std::string& key) {
  const size_t at = text.find("\"" + key + "\":");
  REQUIRE(at != std::string::npos);
  return std::stoull(text.substr(at + key.size() + 3));
}

// The golden format is one row per line (see tools/make-goldens.sh); this reads exactly that.
Golden parse_golden(const std::string& path) {
  const std::string text = read_all(path);
  Golden g;
  size_t pos = text.find("\"snapshot\":");
  REQUIRE(pos != std::string::npos);
  pos += 11;
  g.snapshot = parse_json_string(text, pos);
  g.node_count = header_number(text, "node_count");
  g.edge_count = header_number(text, "edge_count");
  g.total_size = header_number(text, "total_size");
  g.sampled = text.find("\"nodes_sampled\":false") == std::string::npos;
  const size_t classes_at = text.find("\"classes\":[");
  REQUIRE(classes_at != std::string::npos);

  std::istringstream lines(text.substr(0, classes_at));
  std::string line;
  while (std::getline(lines, line)) {
    if (line.size() < 2 || line[0] != '[' || line[1] < '0' || line[1] > '9') continue;
    GoldenNode n{};
    char c1, c2, c3;
    std::istringstream row(line.substr(1));
    row >> n.id >> c1 >> n.retained >> c2 >> n.shallow >> c3 >> n.distance;
    REQUIRE((c1 == ',' && c2 == ',' && c3 == ','));
    g.nodes.push_back(n);
  }
  std::istringstream class_lines(text.substr(classes_at));
  while (std::getline(class_lines, line)) {
    if (line.size() < 2 || line[0] != '[' || line[1] != '"') continue;
    size_t p = 1;
    std::string name = parse_json_string(line, p);
    uint64_t count, shallow, retained;
    int64_t distance;
    char c0, c1, c2, c3;
    std::istringstream row(line.substr(p));
    row >> c0 >> count >> c1 >> shallow >> c2 >> retained >> c3 >> distance;
    g.classes.emplace_back(std::move(name), count, shallow, retained, distance);
  }
  return g;
}

std::vector<std::string> golden_files() {
  std::vector<std::string> files;
  const std::filesystem::path dir = std::filesystem::path(HEAPSNAP_TESTDATA) / "golden";
  if (!std::filesystem::exists(dir)) return files;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir)) {
    const std::string p = entry.path().string();
    if (entry.is_regular_file() &&
        (p.ends_with(".devtools.json") || p.ends_with(".devtools.json.gz")))
      files.push_back(p);
  }
  std::sort(files.begin(), files.end());
  return files;
}

}  // namespace

TEST_CASE("DevTools goldens: retained sizes, shallow sizes, distances and classes match exactly",
          "[devtools][golden]") {
  const std::vector<std::string> files = golden_files();
  REQUIRE_FALSE(files.empty());
  for (const std::string& file : files) {
    DYNAMIC_SECTION(file.substr(file.find("/golden/") + 8)) {
      const Golden golden = parse_golden(file);
      REQUIRE(golden.nodes.size() > 0);
      REQUIRE(golden.classes.size() > 0);
      const auto loaded = format::load_snapshot_file(std::string(HEAPSNAP_TESTDATA) + "/" + golden.snapshot);
      const graph::HeapGraph& g = loaded.graph;
      CHECK(g.node_count() == golden.node_count);
      CHECK(g.edge_count() == golden.edge_count);
      if (!golden.sampled) CHECK(golden.nodes.size() == golden.node_count);

      const analysis::DevtoolsAnalysis a = analysis::analyze_devtools(g);
      CHECK(a.retained.total_size == golden.total_size);

      const graph::IdIndex ids(g);
      size_t node_mismatches = 0;
      for (const GoldenNode& expected : golden.nodes) {
        const auto n = ids.find(graph::NodeId{expected.id});
        REQUIRE(n.has_value());
        const bool same = a.retained.retained[*n] == expected.retained &&
                          a.shallow[*n] == expected.shallow && a.distance[*n] == expected.distance;
        if (!same && ++node_mismatches <= 10) {
          FAIL_CHECK("node @" << expected.id << ": retained " << a.retained.retained[*n] << " (DevTools "
                              << expected.retained << "), shallow " << a.shallow[*n] << " ("
                              << expected.shallow << "), distance " << a.distance[*n] << " ("
                              << expected.distance << ")");
        }
      }
      CHECK(node_mismatches == 0);

      // Without the per-class rows (top --by object), everything else is the same.
      const analysis::DevtoolsAnalysis objects_only = analysis::analyze_devtools(g, {.classes = false});
      CHECK(objects_only.classes.classes.empty());
      CHECK(objects_only.classes.node_class.empty());
      CHECK(objects_only.retained.total_size == a.retained.total_size);
      CHECK(std::equal(objects_only.retained.retained.begin(), objects_only.retained.retained.end(),
                       a.retained.retained.begin(), a.retained.retained.end()));
      CHECK(std::equal(objects_only.shallow.begin(), objects_only.shallow.end(), a.shallow.begin(),
                       a.shallow.end()));
      CHECK(std::equal(objects_only.distance.begin(), objects_only.distance.end(),
                       a.distance.begin(), a.distance.end()));
      CHECK(std::equal(objects_only.dom_state.begin(), objects_only.dom_state.end(),
                       a.dom_state.begin(), a.dom_state.end()));

      // Without distances (diff's snapshots before the last): the same but for the distances,
      // which are left out, and the class rows' distance, which is 0.
      const analysis::DevtoolsAnalysis no_distances = analysis::analyze_devtools(g, {.distances = false});
      CHECK(no_distances.distance.empty());
      CHECK(std::equal(no_distances.retained.retained.begin(), no_distances.retained.retained.end(),
                       a.retained.retained.begin(), a.retained.retained.end()));
      REQUIRE(no_distances.classes.classes.size() == a.classes.classes.size());
      for (size_t c = 0; c < a.classes.classes.size(); ++c) {
        const auto& with = a.classes.classes[c];
        const auto& without = no_distances.classes.classes[c];
        REQUIRE(without.distance == 0);
        REQUIRE(std::tie(without.name, without.count, without.self_size, without.max_retained, without.listed) ==
                std::tie(with.name, with.count, with.self_size, with.max_retained, with.listed));
      }

      std::vector<ClassRow> mine;
      for (const auto& c : a.classes.classes)
        if (c.listed) mine.emplace_back(c.name, c.count, c.self_size, c.max_retained, c.distance);
      std::sort(mine.begin(), mine.end());
      std::vector<ClassRow> expected = golden.classes;
      std::sort(expected.begin(), expected.end());
      std::vector<ClassRow> missing, extra;
      std::set_difference(expected.begin(), expected.end(), mine.begin(), mine.end(), std::back_inserter(missing));
      std::set_difference(mine.begin(), mine.end(), expected.begin(), expected.end(), std::back_inserter(extra));
      for (size_t i = 0; i < missing.size() && i < 5; ++i)
        FAIL_CHECK("DevTools class row not produced: " << std::get<0>(missing[i]) << " count " << std::get<1>(missing[i])
                   << " shallow " << std::get<2>(missing[i]) << " retained " << std::get<3>(missing[i])
                   << " distance " << std::get<4>(missing[i]));
      for (size_t i = 0; i < extra.size() && i < 5; ++i)
        FAIL_CHECK("class row DevTools does not have: " << std::get<0>(extra[i]) << " count " << std::get<1>(extra[i])
                   << " shallow " << std::get<2>(extra[i]) << " retained " << std::get<3>(extra[i])
                   << " distance " << std::get<4>(extra[i]));
      CHECK(missing.empty());
      CHECK(extra.empty());
    }
  }
}

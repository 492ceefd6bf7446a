#include "heapsnap/format/gate_files.h"

#include <simdjson.h>

#include <cctype>
#include <cmath>
#include <cstdlib>

#include "heapsnap/io/byte_source.h"
#include "heapsnap/util/byte_units.h"
#include "heapsnap/util/error.h"

namespace heapsnap::format {

namespace {

using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::element_type;
using simdjson::dom::object;

class Reader {
 public:
  explicit Reader(const std::string& name) : name_(name) {}

  // The message is one line even when a key or value of the file holds a line break (control
  // characters are written as \xNN).
  [[noreturn]] void fail(const std::string& where, const std::string& what) const {
    const std::string message = "'" + name_ + "': " + (where.empty() ? what : where + ": " + what);
    std::string line;
    for (const char ch : message) {
      const auto byte = static_cast<unsigned char>(ch);
      if (byte < 0x20 || byte == 0x7f) {
        static constexpr char kHex[] = "0123456789abcdef";
        line += "\\x";
        line += kHex[byte >> 4];
        line += kHex[byte & 15];
      } else {
        line += ch;
      }
    }
    throw Error(line);
  }

  element parse(simdjson::dom::parser& parser, std::string_view json) const {
    simdjson::padded_string padded(json);
    element root;
    if (auto error = parser.parse(padded).get(root))
      fail("", std::string("not valid JSON: ") + simdjson::error_message(error));
    return root;
  }

  object as_object(element e, const std::string& where) const {
    object o;
    if (e.get_object().get(o)) fail(where, "expected an object");
    return o;
  }
  array as_array(element e, const std::string& where) const {
    array a;
    if (e.get_array().get(a)) fail(where, "expected an array");
    return a;
  }
  std::string as_string(element e, const std::string& where) const {
    std::string_view s;
    if (e.get_string().get(s)) fail(where, "expected a string");
    return std::string(s);
  }
  bool as_bool(element e, const std::string& where) const {
    bool b = false;
    if (e.get_bool().get(b)) fail(where, "expected true or false");
    return b;
  }
  uint64_t as_count(element e, const std::string& where) const {
    uint64_t n = 0;
    if (e.get_uint64().get(n)) fail(where, "expected a non-negative integer");
    return n;
  }
  uint32_t as_count32(element e, const std::string& where) const {
    const uint64_t n = as_count(e, where);
    if (n > UINT32_MAX) fail(where, "too large");
    return static_cast<uint32_t>(n);
  }
  // A number of bytes or a size string ("5MiB").
  uint64_t as_size(element e, const std::string& where) const {
    const element_type type = e.type();
    if (type == element_type::STRING) {
      try {
        return parse_bytes(as_string(e, where));
      } catch (const Error& error) {
        fail(where, error.what());
      }
    }
    if (type == element_type::INT64 || type == element_type::UINT64) return as_count(e, where);
    double d = 0;
    if (type == element_type::DOUBLE && !e.get_double().get(d) && d >= 0 && std::isfinite(d))
      return static_cast<uint64_t>(std::llround(d));
    fail(where, "expected a size: a number of bytes or a string such as \"5MiB\"");
  }
  // A number (percent) or a string such as "10%".
  double as_percent(element e, const std::string& where) const {
    if (e.type() == element_type::STRING) {
      try {
        return parse_percent(as_string(e, where));
      } catch (const Error& error) {
        fail(where, error.what());
      }
    }
    double d = 0;
    if (e.get_double().get(d) || d < 0 || !std::isfinite(d))
      fail(where, "expected a percentage: a number or a string such as \"10%\"");
    return d;
  }

 private:
  const std::string& name_;
};

std::string read_capped(const std::string& path, uint64_t cap, const char* what) {
  auto source = io::open_input(path);
  std::string text;
  char buffer[64 * 1024];
  for (;;) {
    const size_t n = source->read(buffer, sizeof buffer);
    if (n == 0) break;
    text.append(buffer, n);
    if (text.size() > cap)
      throw Error("'" + path + "': too large for " + what + " (over " + format_bytes(cap) + ")");
  }
  return text;
}

GateConfigGroup read_group(const Reader& rd, element e, const std::string& where) {
  GateConfigGroup g;
  bool named = false;
  for (auto [key, value] : rd.as_object(e, where)) {
    const std::string at = where + "." + std::string(key);
    if (key == "name") {
      g.name = rd.as_string(value, at);
      named = true;
    } else if (key == "max_growth") {
      g.max_growth = rd.as_size(value, at);
    } else if (key == "max_count_growth") {
      g.max_count_growth = rd.as_count(value, at);
    } else if (key == "measure") {
      const std::string m = rd.as_string(value, at);
      if (m != "retained" && m != "self") rd.fail(at, "expected \"retained\" or \"self\"");
      g.self_size = m == "self";
    } else {
      rd.fail(at, "unknown key (expected name, max_growth, max_count_growth, measure)");
    }
  }
  if (!named || g.name.empty()) rd.fail(where, "needs a \"name\" (a name, class key or glob)");
  if (!g.max_growth && !g.max_count_growth)
    rd.fail(where, "needs \"max_growth\" or \"max_count_growth\"");
  return g;
}

void read_groups(const Reader& rd, element e, const std::string& where,
                 std::vector<GateConfigGroup>& out) {
  size_t i = 0;
  for (element item : rd.as_array(e, where))
    out.push_back(read_group(rd, item, where + "[" + std::to_string(i++) + "]"));
}

void read_ranking(const Reader& rd, element e, GateConfigRanking& r) {
  for (auto [key, value] : rd.as_object(e, "ranking")) {
    const std::string at = "ranking." + std::string(key);
    if (key == "max_suspects") r.max_suspects = rd.as_count32(value, at);
    else if (key == "min_step_count") r.min_step_count = rd.as_count32(value, at);
    else if (key == "min_step_bytes") r.min_step_bytes = rd.as_size(value, at);
    else if (key == "min_survivors") r.min_survivors = rd.as_count32(value, at);
    else if (key == "min_retained_growth") r.min_retained_growth = rd.as_size(value, at);
    else if (key == "min_pattern_count") r.min_pattern_count = rd.as_count32(value, at);
    else if (key == "min_pattern_bytes") r.min_pattern_bytes = rd.as_size(value, at);
    else
      rd.fail(at, "unknown key (expected max_suspects, min_step_count, min_step_bytes, "
                  "min_survivors, min_retained_growth, min_pattern_count, min_pattern_bytes)");
  }
}

}  // namespace

double parse_percent(const std::string& text) {
  const char* begin = text.c_str();
  char* end = nullptr;
  const double value = std::strtod(begin, &end);
  bool ok = end != begin && std::isfinite(value) && value >= 0;
  bool percent_sign = false;
  for (const char* p = end; ok && *p; ++p) {
    if (std::isspace(static_cast<unsigned char>(*p))) continue;
    if (*p == '%' && !percent_sign) percent_sign = true;
    else ok = false;
  }
  if (!ok) throw Error("'" + text + "' is not a percentage (examples: 10%, 2.5%)");
  return value;
}

GateConfigFile parse_gate_config(std::string_view json, const std::string& name) {
  const Reader rd(name);
  simdjson::dom::parser parser;
  const element root = rd.parse(parser, json);
  GateConfigFile c;
  for (auto [key, value] : rd.as_object(root, "the config")) {
    const std::string at(key);
    if (key == "schema_version") {
      const uint64_t v = rd.as_count(value, at);
      if (v != kGateConfigSchemaVersion)
        rd.fail(at, "is " + std::to_string(v) + "; this heapsnap reads version " +
                        std::to_string(kGateConfigSchemaVersion));
    } else if (key == "max_growth") {
      c.max_growth_percent = rd.as_percent(value, at);
    } else if (key == "max_growth_bytes") {
      c.max_growth_bytes = rd.as_size(value, at);
    } else if (key == "max_suspect") {
      c.max_suspect = rd.as_size(value, at);
    } else if (key == "no_suspects") {
      c.no_suspects = rd.as_bool(value, at);
    } else if (key == "classes") {
      read_groups(rd, value, at, c.classes);
    } else if (key == "sites") {
      read_groups(rd, value, at, c.sites);
    } else if (key == "allow_suspects") {
      size_t i = 0;
      for (element item : rd.as_array(value, at))
        c.allow_suspects.push_back(rd.as_string(item, at + "[" + std::to_string(i++) + "]"));
    } else if (key == "ranking") {
      read_ranking(rd, value, c.ranking);
    } else if (key == "max_listeners") {
      if (value.type() == simdjson::dom::element_type::OBJECT) {
        for (auto [event, limit] : rd.as_object(value, at))
          c.max_listeners.push_back(
              {std::string(event), rd.as_count(limit, at + "." + std::string(event))});
      } else {
        c.max_listeners.push_back({"*", rd.as_count(value, at)});
      }
    } else if (key == "max_handle_growth") {
      c.max_handle_growth = rd.as_count(value, at);
    } else if (key == "max_timer_growth") {
      c.max_timer_growth = rd.as_count(value, at);
    } else if (key == "max_collection_growth") {
      c.max_collection_growth = rd.as_count(value, at);
    } else if (key == "max_string_waste") {
      c.max_string_waste = rd.as_size(value, at);
    } else if (key == "$schema" || key == "comment") {
      // Editors' schema links and free-text comments are allowed and ignored.
    } else {
      rd.fail(at, "unknown key (expected schema_version, max_growth, max_growth_bytes, "
                  "max_suspect, no_suspects, classes, sites, allow_suspects, ranking, "
                  "max_listeners, max_handle_growth, max_timer_growth, max_collection_growth, "
                  "max_string_waste, comment)");
    }
  }
  return c;
}

GateConfigFile read_gate_config(const std::string& path) {
  return parse_gate_config(read_capped(path, 16u << 20, "a gate config"), path);
}

bool is_summary_file(const std::string& path) {
  auto source = io::open_input(path);
  std::string head(4096, '\0');
  size_t filled = 0;
  while (filled < head.size()) {
    const size_t n = source->read(head.data() + filled, head.size() - filled);
    if (n == 0) break;
    filled += n;
  }
  head.resize(filled);
  // A summary names its kind near the top; a snapshot starts with its "snapshot" header, whose
  // meta never holds that string.
  const size_t brace = head.find_first_not_of(" \t\r\n");
  return brace != std::string::npos && head[brace] == '{' &&
         head.find("\"heapsnap-summary\"") != std::string::npos &&
         head.find("\"snapshot\"") == std::string::npos;
}

SummaryFile parse_summary(std::string_view json, const std::string& name) {
  const Reader rd(name);
  simdjson::dom::parser parser;
  const object root = rd.as_object(rd.parse(parser, json), "the summary");
  element e;
  if (root["kind"].get(e) || rd.as_string(e, "kind") != "heapsnap-summary")
    rd.fail("kind", "expected \"heapsnap-summary\" (a file written by heapsnap summary --json)");
  if (root["schema_version"].get(e)) rd.fail("schema_version", "missing");
  if (const uint64_t v = rd.as_count(e, "schema_version"); v != 1)
    rd.fail("schema_version", "is " + std::to_string(v) + "; this heapsnap reads version 1");
  SummaryFile s;
  if (!root["file"].get(e)) s.file = rd.as_string(e, "file");
  if (root["total_size"].get(e)) rd.fail("total_size", "missing");
  s.total_size = rd.as_count(e, "total_size");
  if (!root["node_count"].get(e)) s.node_count = rd.as_count(e, "node_count");
  if (root["constructors"].get(e)) rd.fail("constructors", "missing");
  size_t i = 0;
  for (element item : rd.as_array(e, "constructors")) {
    const std::string at = "constructors[" + std::to_string(i++) + "]";
    const object row = rd.as_object(item, at);
    const auto need = [&](const char* key) {
      element v;
      if (row[key].get(v)) rd.fail(at, std::string("missing \"") + key + "\"");
      return v;
    };
    SummaryConstructor c;
    c.key = rd.as_string(need("key"), at + ".key");
    // Optional: summaries written before it existed have no portable key.
    if (element v; !row["portable_key"].get(v))
      c.portable_key = rd.as_string(v, at + ".portable_key");
    c.name = rd.as_string(need("name"), at + ".name");
    c.count = rd.as_count32(need("count"), at + ".count");
    c.self_size = rd.as_count(need("self_size"), at + ".self_size");
    c.retained_size = rd.as_count(need("retained_size"), at + ".retained_size");
    s.constructors.push_back(std::move(c));
  }
  return s;
}

SummaryFile read_summary_file(const std::string& path) {
  return parse_summary(read_capped(path, 256u << 20, "a summary"), path);
}

}  // namespace heapsnap::format

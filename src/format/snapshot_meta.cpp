#include "heapsnap/format/snapshot_meta.h"

#include <simdjson.h>

#include <algorithm>

#include "heapsnap/util/error.h"

namespace heapsnap::format {
namespace {

[[noreturn]] void fail(const std::string& what, uint64_t offset) {
  throw FormatError("snapshot header: " + what, offset);
}

std::vector<std::string> string_list(simdjson::dom::element e, const char* field, uint64_t offset) {
  simdjson::dom::array array;
  if (e.get_array().get(array)) fail(std::string("'") + field + "' is not an array of strings", offset);
  std::vector<std::string> out;
  for (simdjson::dom::element item : array) {
    std::string_view s;
    if (item.get_string().get(s)) fail(std::string("'") + field + "' has a non-string entry", offset);
    out.emplace_back(s);
  }
  return out;
}

int position_of(const std::vector<std::string>& fields, std::string_view name) {
  const auto it = std::find(fields.begin(), fields.end(), name);
  return it == fields.end() ? -1 : static_cast<int>(it - fields.begin());
}

int required(const std::vector<std::string>& fields, std::string_view name, const char* list,
             uint64_t offset) {
  const int pos = position_of(fields, name);
  if (pos < 0) fail(std::string("meta.") + list + " lacks '" + std::string(name) + "'", offset);
  return pos;
}

uint64_t optional_count(simdjson::dom::object snapshot, const char* key, uint64_t fallback,
                        uint64_t offset) {
  simdjson::dom::element e;
  if (snapshot[key].get(e)) return fallback;
  uint64_t value = 0;
  if (e.get_uint64().get(value))
    fail(std::string("'") + key + "' is not a non-negative integer", offset);
  return value;
}

// Layout of an optional small section from meta.<key>, when present; `assign` stores positions.
template <typename Assign>
void read_layout(simdjson::dom::object meta, const char* key, uint64_t offset, Assign assign) {
  simdjson::dom::element e;
  if (meta[key].get(e)) return;  // absent: keep V8's standard layout
  assign(string_list(e, key, offset));
}

}  // namespace

SnapshotMeta parse_snapshot_header(std::string_view json, uint64_t offset) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(json);
  simdjson::dom::element root;
  if (auto error = parser.parse(padded).get(root))
    fail(std::string("not valid JSON: ") + simdjson::error_message(error), offset);
  simdjson::dom::object snapshot;
  if (root.get_object().get(snapshot)) fail("'snapshot' is not an object", offset);
  simdjson::dom::object meta;
  if (snapshot["meta"].get_object().get(meta)) fail("'meta' is missing or not an object", offset);

  SnapshotMeta m;
  simdjson::dom::element e;
  if (meta["node_fields"].get(e)) fail("meta.node_fields is missing", offset);
  m.node_fields = string_list(e, "node_fields", offset);
  if (meta["edge_fields"].get(e)) fail("meta.edge_fields is missing", offset);
  m.edge_fields = string_list(e, "edge_fields", offset);

  // node_types[0] and edge_types[0] list the names of the `type` field's values.
  auto type_names = [&](const char* key, const std::vector<std::string>& fields) {
    simdjson::dom::array types;
    if (meta[key].get_array().get(types)) fail(std::string("meta.") + key + " is missing", offset);
    const int type_pos = position_of(fields, "type");
    simdjson::dom::element first;
    if (type_pos < 0 || types.at(static_cast<size_t>(type_pos)).get(first))
      fail(std::string("meta.") + key + " has no entry for the 'type' field", offset);
    auto names = string_list(first, key, offset);
    if (names.empty() || names.size() > 255)
      fail(std::string("meta.") + key + " lists " + std::to_string(names.size()) +
               " types (expected 1 to 255)", offset);
    return names;
  };
  m.node_types = type_names("node_types", m.node_fields);
  m.edge_types = type_names("edge_types", m.edge_fields);

  m.node.count = static_cast<int>(m.node_fields.size());
  m.node.type = required(m.node_fields, "type", "node_fields", offset);
  m.node.name = required(m.node_fields, "name", "node_fields", offset);
  m.node.id = required(m.node_fields, "id", "node_fields", offset);
  m.node.self_size = required(m.node_fields, "self_size", "node_fields", offset);
  m.node.edge_count = required(m.node_fields, "edge_count", "node_fields", offset);
  m.node.trace_node_id = position_of(m.node_fields, "trace_node_id");
  m.node.detachedness = position_of(m.node_fields, "detachedness");
  m.edge.count = static_cast<int>(m.edge_fields.size());
  m.edge.type = required(m.edge_fields, "type", "edge_fields", offset);
  m.edge.name_or_index = required(m.edge_fields, "name_or_index", "edge_fields", offset);
  m.edge.to_node = required(m.edge_fields, "to_node", "edge_fields", offset);

  read_layout(meta, "trace_function_info_fields", offset, [&](const std::vector<std::string>& f) {
    auto& l = m.trace_function;
    l.function_id = position_of(f, "function_id");
    l.name = position_of(f, "name");
    l.script_name = position_of(f, "script_name");
    l.script_id = position_of(f, "script_id");
    l.line = position_of(f, "line");
    l.column = position_of(f, "column");
    l.count = static_cast<int>(f.size());
  });
  read_layout(meta, "trace_node_fields", offset, [&](const std::vector<std::string>& f) {
    auto& l = m.trace_node;
    l.id = position_of(f, "id");
    l.function_info_index = position_of(f, "function_info_index");
    l.count = position_of(f, "count");
    l.size = position_of(f, "size");
    l.children = position_of(f, "children");
    l.field_count = static_cast<int>(f.size());
    // The children array must be the last field: the tree is parsed as rows of numbers, each
    // row closed by its children array.
    if (l.children != l.field_count - 1)
      fail("meta.trace_node_fields: 'children' must be the last field", offset);
  });
  read_layout(meta, "sample_fields", offset, [&](const std::vector<std::string>& f) {
    m.sample.timestamp_us = position_of(f, "timestamp_us");
    m.sample.last_assigned_id = position_of(f, "last_assigned_id");
    m.sample.count = static_cast<int>(f.size());
  });
  read_layout(meta, "location_fields", offset, [&](const std::vector<std::string>& f) {
    m.location.object_index = position_of(f, "object_index");
    m.location.script_id = position_of(f, "script_id");
    m.location.line = position_of(f, "line");
    m.location.column = position_of(f, "column");
    m.location.count = static_cast<int>(f.size());
  });
  if (m.trace_function.count == 0 || m.sample.count == 0 || m.location.count == 0)
    fail("an empty *_fields list in meta", offset);

  simdjson::dom::element count;
  // DevTools sizes nothing by node_count (it counts the nodes array): a missing one is taken
  // from the array; a malformed one is still an error.
  if (snapshot["node_count"].get(count)) {
    m.node_count_given = false;
  } else if (count.get_uint64().get(m.node_count)) {
    fail("'node_count' is not a non-negative integer", offset);
  }
  if (snapshot["edge_count"].get(count) || count.get_uint64().get(m.edge_count))
    fail("'edge_count' is missing or not a non-negative integer", offset);
  m.trace_function_count = optional_count(snapshot, "trace_function_count", 0, offset);
  m.root_index = optional_count(snapshot, "root_index", 0, offset);
  m.extra_native_bytes = optional_count(snapshot, "extra_native_bytes", 0, offset);
  if (m.root_index % static_cast<uint64_t>(m.node.count) != 0)
    fail("'root_index' " + std::to_string(m.root_index) + " is not a multiple of the " +
             std::to_string(m.node.count) + " node fields", offset);
  return m;
}

}  // namespace heapsnap::format

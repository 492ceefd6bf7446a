// The `snapshot` header of a heap snapshot: counts and `meta` (field and type names). Field
// positions are looked up by name, so older/newer V8 layouts (with or without trace_node_id or
// detachedness, extra fields) all work.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace heapsnap::format {

// Position of each known field in a row, or kAbsent.
struct NodeFieldLayout {
  static constexpr int kAbsent = -1;
  int type = kAbsent, name = kAbsent, id = kAbsent, self_size = kAbsent, edge_count = kAbsent,
      trace_node_id = kAbsent, detachedness = kAbsent;
  int count = 0;  // values per node
};
struct EdgeFieldLayout {
  int type = -1, name_or_index = -1, to_node = -1;
  int count = 0;
};
// Row layouts of the small sections; each member is a field position, or -1 when absent.
struct TraceFunctionLayout {
  int function_id = 0, name = 1, script_name = 2, script_id = 3, line = 4, column = 5;
  int count = 6;
};
struct TraceNodeLayout {
  int id = 0, function_info_index = 1, count = 2, size = 3, children = 4;
  int field_count = 5;
};
struct SampleLayout {
  int timestamp_us = 0, last_assigned_id = 1;
  int count = 2;
};
struct LocationLayout {
  int object_index = 0, script_id = 1, line = 2, column = 3;
  int count = 4;
};

struct SnapshotMeta {
  std::vector<std::string> node_fields, edge_fields;
  std::vector<std::string> node_types, edge_types;  // names of the `type` field's values
  NodeFieldLayout node;
  EdgeFieldLayout edge;
  TraceFunctionLayout trace_function;
  TraceNodeLayout trace_node;
  SampleLayout sample;
  LocationLayout location;
  uint64_t node_count = 0;
  bool node_count_given = true;  // false: the header has no node_count (the nodes array tells)
  uint64_t edge_count = 0;
  uint64_t trace_function_count = 0;
  uint64_t root_index = 0;  // node offset (ordinal × node field count), default 0
  uint64_t extra_native_bytes = 0;
};

// Parses the JSON text of the `snapshot` object. `offset` is where that text starts in the file,
// for error messages. Throws FormatError naming the missing or malformed field.
SnapshotMeta parse_snapshot_header(std::string_view json, uint64_t offset);

}  // namespace heapsnap::format

// `heapsnap info`: what a snapshot file holds. Plain data built by the command, rendered as text
// for people or JSON for machines.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "heapsnap/analysis/type_stats.h"
#include "heapsnap/format/snapshot_loader.h"
#include "heapsnap/report/report.h"
#include "heapsnap/graph/heap_graph.h"

namespace heapsnap::report {

inline constexpr int kInfoSchemaVersion = 1;

struct InfoReport {
  std::string file;
  format::LoadStats load;
  uint32_t node_count = 0;
  uint64_t edge_count = 0;
  uint32_t string_count = 0;
  uint64_t string_bytes = 0;
  uint64_t total_self_size = 0;
  uint64_t extra_native_bytes = 0;
  std::vector<std::string> node_fields, edge_fields, node_types, edge_types;
  std::vector<analysis::TypeStat> types;
  graph::SnapshotFeatures features;
  uint64_t trace_function_count = 0, trace_node_count = 0, location_count = 0, sample_count = 0;
  uint64_t detached_count = 0;  // nodes whose detachedness is 2
};

InfoReport make_info_report(const std::string& file, const graph::HeapGraph& graph,
                            const format::LoadStats& stats);
std::string render_info_text(const InfoReport& report);
// One JSON object; render_info_json_list wraps several in {"schema_version", "files": [...]}.
std::string render_info_json(const std::vector<InfoReport>& reports);

// The report of one `info` run: one entry per file, in order.
struct InfoReports final : Report {
  std::vector<InfoReport> files;

  std::string_view kind() const override { return "info"; }
  std::string text() const override;
  std::string json() const override;
};

}  // namespace heapsnap::report

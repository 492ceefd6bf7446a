#include "heapsnap/report/info_report.h"

#include <fmt/format.h>

#include "heapsnap/report/json_writer.h"
#include "heapsnap/util/byte_units.h"

namespace heapsnap::report {
namespace {

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

void string_array(JsonWriter& w, std::string_view key, const std::vector<std::string>& items) {
  w.key(key).begin_array();
  for (const auto& item : items) w.value(item);
  w.end_array();
}

}  // namespace

InfoReport make_info_report(const std::string& file, const graph::HeapGraph& g,
                            const format::LoadStats& stats) {
  InfoReport r;
  r.file = file;
  r.load = stats;
  r.node_count = g.node_count();
  r.edge_count = g.edge_count();
  r.string_count = g.strings().size();
  r.string_bytes = g.strings().byte_size();
  r.total_self_size = g.total_self_size();
  r.extra_native_bytes = g.extra_native_bytes();
  r.node_fields = g.node_fields();
  r.edge_fields = g.edge_fields();
  r.node_types = g.node_type_names();
  r.edge_types = g.edge_type_names();
  r.types = analysis::node_type_stats(g);
  r.features = g.features();
  r.trace_function_count = g.trace_function_infos().size();
  r.trace_node_count = g.trace_nodes().size();
  r.location_count = g.locations().size();
  r.sample_count = g.samples().size();
  if (g.features().detachedness_field)
    for (uint32_t n = 0; n < g.node_count(); ++n) r.detached_count += g.detachedness(n) == 2;
  return r;
}

std::string render_info_text(const InfoReport& r) {
  std::string out;
  auto line = [&](std::string_view label, const std::string& value) {
    out += fmt::format("{:<18} {}\n", label, value);
  };
  line("file", r.file);
  const bool compressed = r.load.compression != io::Compression::kNone;
  line("file size", fmt::format("{} ({} bytes){}{}", format_bytes(r.load.stored_bytes),
                                r.load.stored_bytes, compressed ? ", " : "",
                                compressed ? io::compression_name(r.load.compression) : ""));
  if (compressed)
    line("snapshot text", fmt::format("{} ({} bytes)", format_bytes(r.load.text_bytes), r.load.text_bytes));
  line("nodes", fmt::format("{}", r.node_count));
  line("edges", fmt::format("{}", r.edge_count));
  line("strings", fmt::format("{} ({})", r.string_count, format_bytes(r.string_bytes)));
  line("total self size", fmt::format("{} ({} bytes)", format_bytes(r.total_self_size), r.total_self_size));
  if (r.extra_native_bytes) line("extra native", format_bytes(r.extra_native_bytes));
  line("node fields", join(r.node_fields));
  line("edge fields", join(r.edge_fields));
  line("edge types", join(r.edge_types));
  auto yes_no = [](bool present, const std::string& detail) {
    return present ? "yes (" + detail + ")" : std::string("no");
  };
  line("allocation traces", yes_no(r.features.allocation_traces,
                                   fmt::format("{} functions, {} trace nodes", r.trace_function_count,
                                               r.trace_node_count)));
  line("locations", yes_no(r.features.locations, fmt::format("{} rows", r.location_count)));
  line("detachedness", yes_no(r.features.detachedness_field,
                              fmt::format("{} detached nodes", r.detached_count)));
  line("samples", yes_no(r.features.samples, fmt::format("{} samples", r.sample_count)));
  out += "\nnode type               count     self size\n";
  for (const auto& t : r.types) {
    if (t.count == 0) continue;
    out += fmt::format("{:<20} {:>10}  {:>12}\n", t.type, t.count, format_bytes(t.self_size));
  }
  return out;
}

std::string render_info_json(const std::vector<InfoReport>& reports) {
  JsonWriter w;
  w.begin_object().field("schema_version", kInfoSchemaVersion).key("files").begin_array();
  for (const auto& r : reports) {
    w.begin_object()
        .field("file", r.file)
        .field("file_size", r.load.stored_bytes)
        .field("text_size", r.load.text_bytes)
        .field("gzip", r.load.compression == io::Compression::kGzip)
        .field("compression", io::compression_name(r.load.compression))
        .field("node_count", r.node_count)
        .field("edge_count", r.edge_count)
        .field("string_count", r.string_count)
        .field("string_bytes", r.string_bytes)
        .field("total_self_size", r.total_self_size)
        .field("extra_native_bytes", r.extra_native_bytes);
    w.key("meta").begin_object();
    string_array(w, "node_fields", r.node_fields);
    string_array(w, "node_types", r.node_types);
    string_array(w, "edge_fields", r.edge_fields);
    string_array(w, "edge_types", r.edge_types);
    w.end_object();
    w.key("node_types").begin_array();
    for (const auto& t : r.types)
      w.begin_object().field("type", t.type).field("count", t.count).field("self_size", t.self_size).end_object();
    w.end_array();
    w.key("optional").begin_object()
        .field("allocation_traces", r.features.allocation_traces)
        .field("trace_function_count", r.trace_function_count)
        .field("trace_node_count", r.trace_node_count)
        .field("locations", r.features.locations)
        .field("location_count", r.location_count)
        .field("detachedness", r.features.detachedness_field)
        .field("detached_count", r.detached_count)
        .field("samples", r.features.samples)
        .field("sample_count", r.sample_count)
        .end_object();
    w.end_object();
  }
  w.end_array().end_object();
  return w.str();
}

std::string InfoReports::text() const {
  std::string out;
  for (size_t i = 0; i < files.size(); ++i) {
    if (i > 0) out += '\n';
    out += render_info_text(files[i]);
  }
  return out;
}

std::string InfoReports::json() const { return render_info_json(files); }

}  // namespace heapsnap::report

// libFuzzer target: the whole loader (compression sniffing and gzip, zstd and xz decompression
// exactly as for files, through io::open_memory_input; JSON scanning, header, sections, graph
// checks) over an in-memory input. Any input must either load into a graph that passes every
// invariant, or be rejected with heapsnap::Error. Anything else (a crash, a sanitizer report,
// another exception type) is a bug. Each input is loaded twice, with the integer arrays' block
// scan on and off (format/integer_blocks.h): the two must give the same graph or the same error
// message, byte offset included.
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "heapsnap/format/snapshot_loader.h"
#include "heapsnap/graph/graph_invariants.h"
#include "heapsnap/util/error.h"

namespace {

// "ok" and a hash of every node and edge field, or the error message.
std::string load_outcome(std::string_view text, bool block_scan) {
  auto source = heapsnap::io::open_memory_input(text, "<fuzz>");
  heapsnap::format::LoadOptions options;
  options.block_scan = block_scan;
  try {
    const auto loaded = heapsnap::format::load_snapshot(*source, options);
    const auto& g = loaded.graph;
    if (heapsnap::graph::check_graph(g)) std::abort();
    uint64_t hash = 0;
    for (uint32_t n = 0; n < g.node_count(); ++n)
      hash = hash * 1000003 + g.node_id(n) * 977 + g.self_size(n) * 31 + g.node_name_index(n) +
             g.node_type_index(n) + g.trace_node_id(n) * 7 + g.detachedness(n) + g.out_degree(n);
    for (uint64_t e = 0; e < g.edge_count(); ++e)
      hash = hash * 1000003 + g.edge_target(e) * 31 + g.edge_name_or_index(e) * 8 +
             g.edge_type_index(e);
    return "ok " + std::to_string(hash);
  } catch (const heapsnap::Error& e) {
    return e.what();  // rejected with a message: the expected outcome for bad input
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (load_outcome(text, true) != load_outcome(text, false)) std::abort();
  return 0;
}

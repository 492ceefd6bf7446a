// libFuzzer target: the whole loader (gzip sniffing, JSON scanning, header, sections, graph
// checks) over an in-memory input. Any input must either load into a graph that passes every
// invariant, or be rejected with heapsnap::Error. Anything else (a crash, a sanitizer report,
// another exception type) is a bug.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "heapsnap/format/snapshot_loader.h"
#include "heapsnap/graph/graph_invariants.h"
#include "heapsnap/util/error.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  auto source = heapsnap::io::open_memory_input(
      std::string_view(reinterpret_cast<const char*>(data), size), "<fuzz>");
  try {
    const auto loaded = heapsnap::format::load_snapshot(*source);
    if (heapsnap::graph::check_graph(loaded.graph)) std::abort();
  } catch (const heapsnap::Error&) {
    // Rejected with a message: the expected outcome for bad input.
  }
  return 0;
}

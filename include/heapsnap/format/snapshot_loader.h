// Reads a V8 .heapsnapshot (plain, gzip, zstd or xz) into a HeapGraph, streaming: the file is read in
// bounded chunks and never held whole in memory. Field positions come from snapshot.meta by name.
// Sections read: snapshot (header), nodes, edges, strings, locations, trace_function_infos,
// trace_tree, samples; any other top-level section is skipped.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "heapsnap/graph/heap_graph.h"
#include "heapsnap/io/byte_source.h"
#include "heapsnap/util/progress.h"

namespace heapsnap::format {

struct LoadOptions {
  ProgressSink* progress = nullptr;  // null: no progress reporting
  // Inputs of at least this many bytes that can be opened twice (plain files, memory) get their
  // `edges` section parsed on a second thread while `nodes` is parsed. Tests set 0.
  uint64_t parallel_min_bytes = 32u << 20;
  // Once `nodes` is parsed, the main thread takes the tail of the `edges` array off the
  // look-ahead thread (format/edges_split.h), starting at a row it picks from the look-ahead's
  // progress. Tests set this instead: the main thread then starts looking for a row at this
  // byte offset, and the look-ahead waits at the start of `edges` until it has.
  uint64_t edges_split_at = 0;
  // Integer arrays are parsed 64 bytes at a time where the text allows (format/integer_blocks.h).
  // Tests set false to parse every number on its own and compare the outcomes.
  bool block_scan = true;
};

// Facts about the load itself, for `info` and `--timings`.
struct LoadStats {
  uint64_t text_bytes = 0;    // bytes of snapshot JSON parsed (decompressed size if compressed)
  uint64_t stored_bytes = 0;  // bytes read from storage (the file size)
  io::Compression compression = io::Compression::kNone;
  double parse_seconds = 0;   // reading and parsing all sections
  double check_seconds = 0;   // cross-reference checks in GraphBuilder::finish()
  uint64_t tail_edges = 0;    // edges the main thread parsed from the end of the array (see
                              // LoadOptions::edges_split_at); 0 when one thread parsed them all
  // Problems the loader tolerated because no answer depends on them (docs/input-checks.md):
  // one line per kind (what, where, how many, what was done), without the file name.
  std::vector<std::string> warnings;
};

struct LoadedSnapshot {
  graph::HeapGraph graph;
  LoadStats stats;
};

// Throws heapsnap::FormatError (bad snapshot: message names the byte offset or field) or
// heapsnap::Error (unreadable input).
LoadedSnapshot load_snapshot(io::ByteSource& source, const LoadOptions& options = {});
// Opens `path` (compression detected by magic bytes) and loads it; error messages start with the path.
LoadedSnapshot load_snapshot_file(const std::string& path, const LoadOptions& options = {});

}  // namespace heapsnap::format

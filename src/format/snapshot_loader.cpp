#include "heapsnap/format/snapshot_loader.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <exception>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "heapsnap/format/snapshot_meta.h"
#include "heapsnap/graph/graph_builder.h"
#include "edges_split.h"
#include "json_string_unescape.h"
#include "json_text_reader.h"

namespace heapsnap::format {
namespace {

using graph::GraphBuilder;
using graph::NodeOrdinal;

constexpr size_t kHeaderLimit = 64u << 20;  // the `snapshot` object is a few KB in practice

// Sections whose contents the loader reads; everything else is skipped.
enum class Section { kSnapshot, kNodes, kEdges, kStrings, kTraceFunctionInfos, kTraceTree,
                     kSamples, kLocations, kUnknown };
constexpr std::array<std::pair<std::string_view, Section>, 8> kSections{{
    {"snapshot", Section::kSnapshot}, {"nodes", Section::kNodes}, {"edges", Section::kEdges},
    {"strings", Section::kStrings}, {"trace_function_infos", Section::kTraceFunctionInfos},
    {"trace_tree", Section::kTraceTree}, {"samples", Section::kSamples},
    {"locations", Section::kLocations},
}};

// Thrown inside the look-ahead thread when the main thread no longer wants its result.
struct Cancelled {};
// Thrown inside the look-ahead thread when the main thread's rows complete the edges array.
struct JoinedAtSplit {};

// The main thread takes over the tail of the edges array only when the look-ahead thread still
// has at least this much of it ahead, and leaves it about this share of what is left.
constexpr double kMinTailBytes = 32u << 20;
constexpr double kLookaheadShare = 0.5;

// to_node / node_fields by a multiplication: for to < 2^64 / d, the high half of
// to * ceil(2^64 / d) is exactly floor(to / d). A 64-bit division per edge cost ~10% of loading.
class DivideBy {
  __extension__ typedef unsigned __int128 Wide;

 public:
  explicit DivideBy(uint64_t d) : d_(d), magic_(d > 1 ? UINT64_MAX / d + 1 : 0) {}
  uint64_t quotient(uint64_t x) const {
    if (d_ == 1) return x;
    return static_cast<uint64_t>((static_cast<Wide>(x) * magic_) >> 64);
  }

 private:
  uint64_t d_, magic_;
};

// What every edge row must satisfy, for both threads of a split edges parse.
class EdgeRowRules {
 public:
  EdgeRowRules(const SnapshotMeta& meta, const GraphBuilder& builder)
      : type_pos_(static_cast<size_t>(meta.edge.type)),
        name_pos_(static_cast<size_t>(meta.edge.name_or_index)),
        to_pos_(static_cast<size_t>(meta.edge.to_node)), type_count_(builder.edge_type_count()),
        node_fields_(static_cast<uint64_t>(meta.node.count)), node_count_(meta.node_count),
        // Every valid to_node is below this (node_count < 2^32, node_fields <= 64: no overflow).
        to_end_(node_count_ * node_fields_), by_fields_(node_fields_) {
    for (size_t t = 0; t < type_count_ && t < string_named_.size(); ++t) {
      const auto kind = builder.edge_kind_of_type(static_cast<uint8_t>(t));
      string_named_[t] = graph::edge_name_is_index(kind) ? 0 : UINT64_MAX;
    }
  }

  // True, with the target's ordinal, if the row is valid.
  bool check(const uint64_t* row, NodeOrdinal* target) const {
    const uint64_t to = row[to_pos_];
    const uint64_t ordinal = by_fields_.quotient(to);
    if (row[type_pos_] >= type_count_ || row[name_pos_] > UINT32_MAX || to >= to_end_ ||
        ordinal * node_fields_ != to) [[unlikely]]
      return false;
    *target = static_cast<NodeOrdinal>(ordinal);
    return true;
  }
  uint8_t type(const uint64_t* row) const { return static_cast<uint8_t>(row[type_pos_]); }
  uint32_t name(const uint64_t* row) const { return static_cast<uint32_t>(row[name_pos_]); }
  // For a row that passed check(): one past the string index its name refers to, or 0 when
  // its kind's name_or_index is an index, not a string (graph::CheckedFields).
  uint64_t string_name_end(const uint64_t* row) const {
    return (row[name_pos_] + 1) & string_named_[row[type_pos_]];
  }

  // The error for a row that failed check(): edge `e`, at the reader's offset.
  [[noreturn]] void fail(JsonTextReader& reader, uint64_t e, const uint64_t* row) const {
    const uint64_t type = row[type_pos_], name = row[name_pos_], to = row[to_pos_];
    if (type >= type_count_)
      reader.fail(fmt::format("edges: edge {} has type index {}, but meta.edge_types lists {} types",
                              e, type, type_count_));
    if (name > UINT32_MAX)
      reader.fail(fmt::format("edges: edge {} has name_or_index {}, out of range", e, name));
    if (to % node_fields_ != 0)
      reader.fail(fmt::format("edges: edge {} has to_node {}, not a multiple of the {} node fields",
                              e, to, node_fields_));
    reader.fail(fmt::format("edges: edge {} has to_node {} (node {}), but there are {} nodes", e,
                            to, to / node_fields_, node_count_));
  }

 private:
  size_t type_pos_, name_pos_, to_pos_;
  uint64_t type_count_, node_fields_, node_count_, to_end_;
  DivideBy by_fields_;
  std::array<uint64_t, 256> string_named_{};  // per type: all ones if its names are strings
};

class SnapshotLoader {
 public:
  SnapshotLoader(io::ByteSource& source, ProgressSink& progress, const LoadOptions& options)
      : source_(source), progress_(progress), options_(options),
        reader_(std::make_unique<JsonTextReader>(source, progress, 0, options.block_scan)) {}
  ~SnapshotLoader() { stop_lookahead(); }
  SnapshotLoader(const SnapshotLoader&) = delete;
  SnapshotLoader& operator=(const SnapshotLoader&) = delete;

  graph::HeapGraph load();
  uint64_t text_bytes() const { return reader_->offset(); }
  double check_seconds() const { return check_seconds_; }
  uint64_t tail_edges() const { return tail_edges_; }
  std::vector<std::string> take_warnings() { return std::move(warnings_); }

 private:
  // The `edges` section parsed ahead, on its own thread and its own view of the input, while
  // the main thread parses `nodes`. The main thread uses the result only if the `edges` key it
  // reaches is the one found here (same byte offset); otherwise it is thrown away.
  struct Lookahead {
    std::unique_ptr<io::ByteSource> source;
    std::promise<uint64_t> key_found;  // offset of the key, or UINT64_MAX: not found
    std::future<uint64_t> key_offset = key_found.get_future();
    std::atomic<bool> cancel{false};
    uint64_t end_offset = 0;     // just after the edges array
    std::exception_ptr error;    // a FormatError in the edges section
    std::thread thread;
    // The split edges parse (edges_split.h). The look-ahead thread sets up `split`, `columns`
    // and `edges_start` at the start of the edges array and then publishes `split_ready`.
    std::unique_ptr<EdgesSplit> split;
    GraphBuilder::EdgeAppender columns;
    uint64_t edges_start = 0;
    std::atomic<EdgesSplit*> split_ready{nullptr};
    std::atomic<uint64_t> split_at{UINT64_MAX};  // where the main thread's rows start
    std::atomic<uint64_t> rows_done{0};          // the look-ahead's progress, for the estimate
    std::atomic<uint64_t> offset_done{0};
    std::atomic<bool> split_decided{false};      // for LoadOptions::edges_split_at
    std::atomic<bool> finished{false};           // the look-ahead thread is about to end
    uint64_t edge_name_end = 0;  // graph::CheckedFields of the look-ahead's rows
    bool joined = false;  // the main thread's rows completed the array (look-ahead thread's)
  };
  void start_lookahead();
  void stop_lookahead();
  // At the `edges` key (its quote at `key_offset`): true if the look-ahead parsed this very
  // section; the reader then continues after it. Rethrows the look-ahead's error, if any.
  bool take_lookahead(uint64_t key_offset);
  // The main thread's side of the split edges parse: parses the tail of the edges array into
  // the look-ahead's columns if it can. Returns the offset just after the array and the rows it
  // parsed, or zeros when it did not (then the look-ahead parses it all).
  struct Tail {
    uint64_t end = 0;
    uint64_t rows = 0;
    uint64_t edge_name_end = 0;  // graph::CheckedFields of its rows
  };
  Tail parse_edges_tail();

  void read_header();
  void read_nodes();
  // `la`: the look-ahead this runs on, or null on the main thread.
  void read_edges(JsonTextReader& reader, Lookahead* la);
  void read_strings();
  void read_trace_function_infos();
  void read_trace_tree();
  void read_samples();
  void read_locations();
  // Weak edges whose name index is past the strings get a placeholder name (see load()).
  void rename_weak_edges_past_strings();
  void require_header(const char* section) {
    if (!have_meta_)
      reader_->fail(fmt::format("section '{}' comes before 'snapshot' (its layout is unknown)", section));
  }
  // Sections that refer to nodes need their count: from the header, or from the nodes array.
  void require_node_count(const char* section) {
    if (!meta_.node_count_given && !seen_nodes_)
      reader_->fail(fmt::format(
          "section '{}' comes before 'nodes' and snapshot.node_count is missing", section));
  }

  // Upper bound for counts announced in the header, from the input size: a lying header must
  // not make us reserve more than the input could possibly describe.
  uint64_t plausible(uint64_t announced, uint64_t min_bytes_each) const;
  // Bytes of text after the reader's position, when the input's size is known.
  std::optional<uint64_t> bytes_left() const {
    const auto size = source_.size();
    if (!size) return std::nullopt;
    return *size - std::min(*size, reader_->offset());
  }
  // Reads rows of `width` integers; emit(row) is called with each complete row.
  template <typename Emit>
  void read_rows(JsonTextReader& reader, const char* context, int width, Emit emit);

  io::ByteSource& source_;
  ProgressSink& progress_;
  const LoadOptions& options_;
  // Declared before reader_, so it outlives the reader (whose read-ahead thread uses it).
  std::unique_ptr<io::ByteSource> resumed_source_;  // reader_'s source after a look-ahead
  std::unique_ptr<JsonTextReader> reader_;
  std::unique_ptr<Lookahead> lookahead_;
  GraphBuilder builder_;
  SnapshotMeta meta_;
  bool have_meta_ = false;
  std::array<bool, kSections.size()> seen_{};
  double check_seconds_ = 0;
  uint64_t tail_edges_ = 0;  // rows of the main thread's part, when the look-ahead joined it
  // What every node and edge row added was checked against (graph::CheckedFields), so that the
  // graph's final check need not go over the columns again.
  graph::CheckedFields checked_;
  bool seen_nodes_ = false;
  std::vector<std::string> warnings_;
};

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void SnapshotLoader::start_lookahead() {
  const auto size = source_.size();
  if (!size || *size < options_.parallel_min_bytes) return;
  // Edge targets are checked against the node count, which is then known only after `nodes`.
  if (!meta_.node_count_given) return;
  // The nodes array normally comes next, and its text is at least 2 bytes per value (a digit
  // and a separator) less one: the scan for the edges key can start that far on. Should the
  // file be laid out otherwise (or the header's count be wrong), the scan finds no key or a key
  // at another offset, and the main thread parses the edges itself (take_lookahead).
  const uint64_t values = std::min<uint64_t>(meta_.node_count, *size) * meta_.node_fields.size();
  const uint64_t nodes_at_least = values == 0 ? 0 : 2 * values - 1;
  const uint64_t start = std::min(reader_->offset() + nodes_at_least, *size);
  auto source = source_.open_at(start);
  if (!source) return;
  lookahead_ = std::make_unique<Lookahead>();
  Lookahead& la = *lookahead_;
  la.source = std::move(source);
  la.thread = std::thread([this, &la, start] {
    struct Finished {
      std::atomic<bool>& flag;
      ~Finished() { flag = true; }
    } finished{la.finished};
    NullProgress quiet;
    bool announced = false;
    try {
      JsonTextReader reader(*la.source, quiet, start, options_.block_scan);
      uint64_t key_offset = 0;
      const bool found = reader.skip_to_array_key("edges", &key_offset);
      la.key_found.set_value(found ? key_offset : UINT64_MAX);
      announced = true;
      if (!found) return;
      read_edges(reader, &la);
      la.end_offset = reader.offset();
    } catch (const Cancelled&) {
    } catch (...) {
      // Before the key was found: the main parse will meet (and report) the same problem.
      if (!announced) la.key_found.set_value(UINT64_MAX);
      else la.error = std::current_exception();
    }
  });
}

void SnapshotLoader::stop_lookahead() {
  if (!lookahead_) return;
  lookahead_->cancel = true;
  if (lookahead_->thread.joinable()) lookahead_->thread.join();
  lookahead_.reset();
}

bool SnapshotLoader::take_lookahead(uint64_t key_offset) {
  if (!lookahead_) return false;
  if (lookahead_->key_offset.get() != key_offset) {
    stop_lookahead();  // read_edges on the main thread starts the edge columns over
    return false;
  }
  const Tail tail = parse_edges_tail();
  lookahead_->thread.join();
  const std::exception_ptr error = lookahead_->error;
  const uint64_t end = lookahead_->joined ? tail.end : lookahead_->end_offset;
  checked_.edge_name_end = lookahead_->edge_name_end;
  if (lookahead_->joined) {
    tail_edges_ = tail.rows;
    checked_.edge_name_end = std::max(checked_.edge_name_end, tail.edge_name_end);
  }
  lookahead_.reset();
  if (error) std::rethrow_exception(error);
  // Continue after the edges array, on a fresh view of the input.
  reader_.reset();
  resumed_source_ = source_.open_at(end);
  reader_ = std::make_unique<JsonTextReader>(*resumed_source_, progress_, end, options_.block_scan);
  return true;
}

uint64_t SnapshotLoader::plausible(uint64_t announced, uint64_t min_bytes_each) const {
  // For compressed input the text size is unknown; its source refuses to expand beyond this.
  const uint64_t text_bound =
      source_.size() ? *source_.size() : io::max_decompressed_size(source_.stored_size());
  return std::min(announced, text_bound / min_bytes_each + 1);
}

graph::HeapGraph SnapshotLoader::load() {
  const int first = reader_->peek_non_ws();
  if (first < 0) throw FormatError("file is empty (expected a heap snapshot: a JSON object)", 0);
  if (first != '{')
    reader_->fail_expected("'{' (a heap snapshot is a JSON object)", "not a heap snapshot");
  reader_->expect('{', "top level");
  std::string key;
  bool escaped = false;
  if (reader_->peek_non_ws() != '}') {
    for (;;) {
      reader_->peek_non_ws();
      const uint64_t key_offset = reader_->offset();
      reader_->read_raw_string(key, &escaped, "top-level key");
      reader_->expect(':', "top level");
      Section section = Section::kUnknown;
      for (size_t i = 0; i < kSections.size(); ++i) {
        if (kSections[i].first != key) continue;
        section = kSections[i].second;
        if (seen_[i]) reader_->fail(fmt::format("section '{}' appears twice", key));
        seen_[i] = true;
      }
      switch (section) {
        case Section::kSnapshot:
          read_header();
          start_lookahead();
          break;
        case Section::kNodes: read_nodes(); break;
        case Section::kEdges:
          if (!take_lookahead(key_offset)) read_edges(*reader_, nullptr);
          break;
        case Section::kStrings: read_strings(); break;
        case Section::kTraceFunctionInfos: read_trace_function_infos(); break;
        case Section::kTraceTree: read_trace_tree(); break;
        case Section::kSamples: read_samples(); break;
        case Section::kLocations: read_locations(); break;
        case Section::kUnknown: reader_->skip_value(("section '" + key + "'").c_str()); break;
      }
      const int c = reader_->peek_non_ws();
      if (c == ',') {
        reader_->expect(',', "top level");
        continue;
      }
      if (c == '}') break;
      reader_->fail_expected("',' or '}' after a top-level section", "top level");
    }
  }
  reader_->expect('}', "top level");
  if (reader_->peek_non_ws() >= 0) reader_->fail("unexpected data after the end of the snapshot");

  for (const char* required : {"snapshot", "nodes", "edges", "strings"}) {
    const auto it = std::find_if(kSections.begin(), kSections.end(),
                                 [&](const auto& s) { return s.first == required; });
    if (!seen_[static_cast<size_t>(it - kSections.begin())])
      throw FormatError(fmt::format("section '{}' is missing", required), reader_->offset());
  }
  const auto check_start = std::chrono::steady_clock::now();
  if (checked_.edge_name_end > builder_.strings().size()) rename_weak_edges_past_strings();
  builder_.set_checked_fields(checked_);
  graph::HeapGraph graph = builder_.finish();
  check_seconds_ = seconds_since(check_start);
  return graph;
}

void SnapshotLoader::read_header() {
  const uint64_t start = reader_->offset();
  std::string text;
  reader_->skip_value("section 'snapshot'", &text, kHeaderLimit);
  meta_ = parse_snapshot_header(text, start);
  const auto& m = meta_;
  if (m.node.count > 64 || m.edge.count > 64)
    throw FormatError("snapshot header: more than 64 node or edge fields", start);
  builder_.set_node_types(m.node_types);
  builder_.set_edge_types(m.edge_types);
  builder_.set_fields(m.node_fields, m.edge_fields);
  builder_.set_optional_fields(m.node.trace_node_id >= 0, m.node.detachedness >= 0);
  const uint64_t root = m.root_index / static_cast<uint64_t>(m.node.count);
  if (m.node_count_given && root >= m.node_count && m.node_count > 0)
    throw FormatError(fmt::format("snapshot header: root_index names node {} of {}", root, m.node_count),
                      start);
  // Without node_count, a root past the nodes is caught by the graph check (root < nodes).
  builder_.set_root(static_cast<NodeOrdinal>(std::min<uint64_t>(root, graph::kNoNode)));
  builder_.set_extra_native_bytes(m.extra_native_bytes);
  if (m.node_count >= graph::kNoNode)
    throw FormatError(fmt::format("snapshot header: node_count {} exceeds the supported 2^32 - 2",
                                  m.node_count), start);
  have_meta_ = true;
}

template <typename Emit>
void SnapshotLoader::read_rows(JsonTextReader& reader, const char* context, int width, Emit emit) {
  reader.expect('[', context);
  if (reader.parse_uint_rows(width, emit, context) != 0)
    reader.fail(fmt::format("{}: array length is not a multiple of {} fields", context, width));
}

void SnapshotLoader::read_nodes() {
  require_header("nodes");
  const auto& l = meta_.node;
  // Without node_count in the header, the rows are held as they come (8 bytes per field) and
  // added once the array has said how many there are.
  std::vector<uint64_t> held;
  if (!meta_.node_count_given) {
    const uint64_t start = reader_->offset();
    read_rows(*reader_, "nodes", l.count, [&](const uint64_t* row) {
      held.insert(held.end(), row, row + l.count);
    });
    meta_.node_count = held.size() / static_cast<uint64_t>(l.count);
    if (meta_.node_count >= graph::kNoNode)
      reader_->fail(fmt::format("nodes: {} nodes exceed the supported 2^32 - 2", meta_.node_count));
    warnings_.push_back(fmt::format(
        "snapshot header: 'node_count' is missing; the nodes array (at byte {}) holds {} nodes, "
        "taken as the count",
        start, meta_.node_count));
  }
  const uint64_t expected = meta_.node_count;
  const uint64_t capacity = plausible(expected, 2ull * static_cast<uint64_t>(l.count));
  const uint64_t limit = std::min(expected, capacity);
  const size_t type_count = builder_.node_type_count();
  const size_t type_pos = static_cast<size_t>(l.type), name_pos = static_cast<size_t>(l.name),
               id_pos = static_cast<size_t>(l.id), self_pos = static_cast<size_t>(l.self_size),
               edges_pos = static_cast<size_t>(l.edge_count);
  const int trace_pos = l.trace_node_id, detached_pos = l.detachedness;
  GraphBuilder::NodeAppender nodes = builder_.begin_nodes(capacity);
  uint64_t node_name_end = 0;
  const auto add = [&](const uint64_t* row) {
    const uint64_t n = nodes.count();
    if (n == limit) [[unlikely]] {
      if (n == expected)
        reader_->fail(fmt::format("nodes: more than snapshot.node_count = {} nodes", expected));
      reader_->fail(fmt::format("nodes: more than the {} nodes the input can hold", capacity));
    }
    const uint64_t type = row[type_pos];
    const uint64_t name = row[name_pos];
    const uint64_t id = row[id_pos];
    const uint64_t trace = trace_pos >= 0 ? row[trace_pos] : 0;
    const uint64_t detached = detached_pos >= 0 ? row[detached_pos] : 0;
    if (type >= type_count) [[unlikely]]
      reader_->fail(fmt::format("nodes: node {} has type index {}, but meta.node_types lists {} types",
                               n, type, type_count));
    if (((name | id | trace) >> 32) != 0 || detached > 255) [[unlikely]]
      reader_->fail(fmt::format("nodes: node {} has a field value out of range (name {}, id {}, "
                               "trace_node_id {}, detachedness {})", n, name, id, trace, detached));
    node_name_end = std::max(node_name_end, name + 1);
    nodes.add(static_cast<uint8_t>(type), graph::StringIndex{static_cast<uint32_t>(name)},
              graph::NodeId{static_cast<uint32_t>(id)}, row[self_pos], row[edges_pos],
              static_cast<uint32_t>(trace), static_cast<uint8_t>(detached));
  };
  if (meta_.node_count_given) {
    read_rows(*reader_, "nodes", l.count, add);
  } else {
    for (size_t at = 0; at < held.size(); at += static_cast<size_t>(l.count)) add(held.data() + at);
    std::vector<uint64_t>().swap(held);
  }
  builder_.end_nodes(nodes);
  seen_nodes_ = true;
  checked_.node_name_end = node_name_end;
  if (nodes.count() != expected)
    reader_->fail(fmt::format("nodes: array holds {} nodes, but snapshot.node_count is {}",
                             nodes.count(), expected));
  if (nodes.edges_announced() != meta_.edge_count)
    reader_->fail(fmt::format("nodes: the edge_count fields sum to {}, but snapshot.edge_count is {}",
                             nodes.edges_announced(), meta_.edge_count));
}

void SnapshotLoader::read_edges(JsonTextReader& reader, Lookahead* la) {
  require_header("edges");
  require_node_count("edges");
  const auto& l = meta_.edge;
  const uint64_t expected = meta_.edge_count;
  const uint64_t capacity = plausible(expected, 2ull * static_cast<uint64_t>(l.count));
  const uint64_t limit = std::min(expected, capacity);
  const EdgeRowRules rules(meta_, builder_);
  GraphBuilder::EdgeAppender edges = builder_.begin_edges(capacity);
  uint64_t name_end = 0;

  // On the look-ahead thread, offer the tail of the array to the main thread (whose rows count
  // down from edge_count, so it needs room for all of them).
  EdgesSplit* split = nullptr;
  if (la && limit == expected && expected > 0) {
    la->split = std::make_unique<EdgesSplit>(limit);
    la->columns = edges;
    la->edges_start = reader.offset();
    split = la->split.get();
    la->split_ready.store(split, std::memory_order_release);
    while (options_.edges_split_at && !la->split_decided.load() && !la->cancel.load())
      std::this_thread::yield();
  }
  // The main thread's part must have stopped before the columns are trimmed or thrown away.
  struct StopTail {
    EdgesSplit* split;
    ~StopTail() {
      if (split) split->low_finished();
    }
  } stop_tail{split};
  uint64_t claimed = split ? 0 : limit;  // rows below this are this thread's to write
  bool watch_split = split != nullptr;
  bool joined = false;
  try {
    read_rows(reader, "edges", l.count, [&](const uint64_t* row) {
      const uint64_t e = edges.count();
      if (la && (e & 0xFFFF) == 0 && la->cancel.load(std::memory_order_relaxed)) throw Cancelled{};
      if (e == limit) [[unlikely]] {
        if (e == expected)
          reader.fail(fmt::format("edges: more than snapshot.edge_count = {} edges", expected));
        reader.fail(fmt::format("edges: more than the {} edges the input can hold", capacity));
      }
      NodeOrdinal target;
      if (!rules.check(row, &target)) [[unlikely]]
        rules.fail(reader, e, row);
      if (e == claimed) [[unlikely]] {
        claimed = split->claim_low(e);
        la->rows_done.store(e, std::memory_order_relaxed);
        la->offset_done.store(reader.offset(), std::memory_order_relaxed);
      }
      name_end = std::max(name_end, rules.string_name_end(row));
      edges.add(rules.type(row), rules.name(row), target);
      if (watch_split && reader.offset() >= la->split_at.load(std::memory_order_relaxed)) [[unlikely]] {
        watch_split = false;
        if (reader.offset() != la->split_at.load(std::memory_order_relaxed)) {
          split->drop_high();  // the main thread's first row was not a row start
        } else if (split->low_at_split(edges.count()) == EdgesSplit::Meeting::kJoined) {
          throw JoinedAtSplit{};
        }
      }
    });
  } catch (const JoinedAtSplit&) {
    joined = true;
  }
  stop_tail.split = nullptr;  // stopped here instead, before the columns are trimmed
  if (joined) {
    edges.set_count(expected);  // the main thread has finished: its rows are the array's tail
    la->joined = true;
  } else if (split) {
    split->low_finished();
  }
  builder_.end_edges(edges);
  if (la) la->edge_name_end = name_end;
  else checked_.edge_name_end = name_end;
  if (edges.count() != expected)
    reader.fail(fmt::format("edges: array holds {} edges, but snapshot.edge_count is {}",
                            edges.count(), expected));
}

SnapshotLoader::Tail SnapshotLoader::parse_edges_tail() {
  Lookahead& la = *lookahead_;
  struct Decided {
    Lookahead& la;
    ~Decided() { la.split_decided = true; }
  } decided{la};
  EdgesSplit* split = la.split_ready.load(std::memory_order_acquire);
  // Tests split wherever they ask, so they wait for the look-ahead to reach the edges.
  while (options_.edges_split_at && !split && !la.finished.load()) {
    std::this_thread::yield();
    split = la.split_ready.load(std::memory_order_acquire);
  }
  if (!split) return {};
  const uint64_t rows = meta_.edge_count;
  uint64_t guess = options_.edges_split_at;
  if (guess == 0) {
    // Where the look-ahead will be when this thread is done, if both go at the same pace.
    const uint64_t done = la.rows_done.load(std::memory_order_relaxed);
    const uint64_t at = la.offset_done.load(std::memory_order_relaxed);
    if (done < EdgesSplit::kBlock || done >= rows || at <= la.edges_start) return {};
    const double bytes_per_row = static_cast<double>(at - la.edges_start) / static_cast<double>(done);
    const double rest = bytes_per_row * static_cast<double>(rows - done);
    if (rest < kMinTailBytes) return {};
    guess = at + static_cast<uint64_t>(rest * kLookaheadShare);
  }
  try {
    auto source = source_.open_at(guess);
    if (!source) return {};
    JsonTextReader reader(*source, progress_, guess, options_.block_scan);
    if (!reader.skip_to_row_start(1u << 20) || !split->start_high()) return {};
    la.split_at.store(reader.offset(), std::memory_order_relaxed);
    la.split_decided = true;
    // Rows go from the last slot down; any row this thread cannot take ends its part.
    const EdgeRowRules rules(meta_, builder_);
    GraphBuilder::EdgeAppender columns = la.columns;
    uint64_t floor = rows, claimed = rows, name_end = 0;
    const int left = reader.parse_uint_rows(meta_.edge.count, [&](const uint64_t* row) {
      NodeOrdinal target;
      if (!rules.check(row, &target)) throw EdgesSplit::Stopped{};
      if (floor == claimed) claimed = split->claim_high(floor);
      name_end = std::max(name_end, rules.string_name_end(row));
      columns.put(--floor, rules.type(row), rules.name(row), target);
    }, "edges");
    if (left != 0) throw EdgesSplit::Stopped{};
    columns.reverse(floor, rows);
    split->high_finished(floor);
    return {reader.offset(), rows - floor, name_end};
  } catch (const EdgesSplit::Stopped&) {
  } catch (const Error&) {
    // A malformed row or an unreadable part: the look-ahead meets it itself and reports it.
  } catch (...) {
    split->high_failed();
    throw;
  }
  split->high_failed();
  return {};
}

void SnapshotLoader::read_strings() {
  reader_->expect('[', "strings");
  auto& pool = builder_.strings();
  // The strings are the rest of the file; unescaped text is never longer than its JSON form,
  // and each string takes at least 3 bytes of it ("",). Reserving address space costs nothing
  // until it is written, and spares the offsets a copy (of fresh memory) per doubling.
  if (const auto rest = bytes_left()) pool.reserve(*rest, *rest / 3 + 1);
  JsonStringUnescaper unescaper;
  std::string raw, decoded;
  bool escaped = false;
  if (reader_->peek_non_ws() == ']') {
    reader_->expect(']', "strings");
    return;
  }
  for (;;) {
    const uint64_t at = reader_->offset();
    reader_->read_raw_string(raw, &escaped, "strings");
    if (!escaped) {
      pool.append(raw);
    } else {
      decoded.clear();
      if (!unescaper.unescape(raw, decoded))
        throw FormatError(fmt::format("strings: string {} has a malformed escape sequence", pool.size()), at);
      pool.append(decoded);
    }
    if (pool.size() == UINT32_MAX) reader_->fail("strings: more than 2^32 - 1 strings");
    const int c = reader_->peek_non_ws();
    if (c == ']') break;
    if (c != ',') reader_->fail_expected("',' or ']'", "strings");
    reader_->expect(',', "strings");
  }
  reader_->expect(']', "strings");
}

void SnapshotLoader::read_trace_function_infos() {
  require_header("trace_function_infos");
  const auto& l = meta_.trace_function;
  const auto at = [](const uint64_t* row, int pos) -> uint32_t {
    return pos >= 0 ? static_cast<uint32_t>(row[static_cast<size_t>(pos)]) : 0;
  };
  read_rows(*reader_, "trace_function_infos", l.count, [&](const uint64_t* row) {
    builder_.add_trace_function({at(row, l.function_id), graph::StringIndex{at(row, l.name)},
                                 graph::StringIndex{at(row, l.script_name)},
                                 at(row, l.script_id), at(row, l.line), at(row, l.column)});
  });
}

void SnapshotLoader::read_trace_tree() {
  require_header("trace_tree");
  // trace_tree is [id, function_info_index, count, size, [children...]] where the children array
  // holds further rows of the same shape, flattened. Parsed iteratively: `parents` holds, for
  // each open children array, the index of the trace node that owns it.
  const auto& l = meta_.trace_node;
  const int numbers_per_row = l.field_count - 1;
  auto& nodes = builder_.trace_nodes();
  std::vector<uint32_t> parents;
  std::array<uint64_t, 64> row{};
  int field = 0;
  uint64_t number = 0;
  reader_->expect('[', "trace_tree");
  parents.push_back(graph::TraceNode::kNoTraceParent);
  bool expect_value = true;  // after '[' or ','
  while (!parents.empty()) {
    const auto token = reader_->next_token(&number, "trace_tree");
    using Token = JsonTextReader::Token;
    if (token == Token::kComma) {
      if (expect_value) reader_->fail_expected("a value", "trace_tree");
      expect_value = true;
      continue;
    }
    if (token == Token::kClose) {
      if (field != 0) reader_->fail("trace_tree: a row ends before its children array");
      parents.pop_back();
      expect_value = false;
      continue;
    }
    if (!expect_value) reader_->fail_expected("',' or ']'", "trace_tree");
    expect_value = false;
    if (token == Token::kNumber) {
      if (field == numbers_per_row) reader_->fail_expected("the children array '['", "trace_tree");
      row[static_cast<size_t>(field++)] = number;
      continue;
    }
    // '[': the children array that closes the current row.
    if (field != numbers_per_row) reader_->fail("trace_tree: children array before the row is complete");
    field = 0;
    auto value = [&](int pos) { return pos >= 0 ? row[static_cast<size_t>(pos)] : 0; };
    if (nodes.size() >= UINT32_MAX - 1) reader_->fail("trace_tree: too many nodes");
    nodes.push_back({static_cast<uint32_t>(value(l.id)),
                     static_cast<uint32_t>(value(l.function_info_index)),
                     static_cast<uint32_t>(value(l.count)), value(l.size), parents.back()});
    parents.push_back(static_cast<uint32_t>(nodes.size() - 1));
    expect_value = true;
    if (parents.size() > 100000000) reader_->fail("trace_tree: nested too deeply");
  }
}

void SnapshotLoader::read_samples() {
  require_header("samples");
  const auto& l = meta_.sample;
  read_rows(*reader_, "samples", l.count, [&](const uint64_t* row) {
    builder_.add_sample({l.timestamp_us >= 0 ? row[static_cast<size_t>(l.timestamp_us)] : 0,
                         l.last_assigned_id >= 0
                             ? static_cast<uint32_t>(row[static_cast<size_t>(l.last_assigned_id)])
                             : 0});
  });
}

void SnapshotLoader::read_locations() {
  require_header("locations");
  require_node_count("locations");
  const auto& l = meta_.location;
  const uint64_t node_fields = static_cast<uint64_t>(meta_.node.count);
  if (l.object_index < 0) reader_->fail("locations: meta.location_fields lacks 'object_index'");
  const auto at = [](const uint64_t* row, int pos) -> uint32_t {
    return pos >= 0 ? static_cast<uint32_t>(row[static_cast<size_t>(pos)]) : 0;
  };
  // Every row takes at least two bytes per field (a digit and a separator) of what is left.
  if (const auto rest = bytes_left(); rest && l.count > 0)
    builder_.reserve_locations(*rest / (2 * static_cast<uint64_t>(l.count)) + 1);
  const DivideBy by_fields(node_fields);
  const uint64_t object_end = meta_.node_count * node_fields;  // < 2^38: no overflow
  // DevTools looks locations up by a node's start offset, so a row naming any other offset is
  // never found: it is left out here too, and counted for one warning.
  uint64_t ignored = 0, first_ignored_at = 0, first_ignored_index = 0;
  read_rows(*reader_, "locations", l.count, [&](const uint64_t* row) {
    const uint64_t object = row[static_cast<size_t>(l.object_index)];
    const uint64_t node = by_fields.quotient(object);  // exact below object_end
    if (object >= object_end || node * node_fields != object) [[unlikely]] {
      if (ignored++ == 0) {
        first_ignored_at = reader_->offset();
        first_ignored_index = object;
      }
      return;
    }
    builder_.add_location({static_cast<NodeOrdinal>(node), at(row, l.script_id), at(row, l.line),
                           at(row, l.column)});
  });
  if (ignored != 0)
    warnings_.push_back(fmt::format(
        "locations: {} {} an object index that is not a node's start (first: {}, before byte {}); "
        "ignored",
        ignored, ignored == 1 ? "row names" : "rows name", first_ignored_index, first_ignored_at));
}

void SnapshotLoader::rename_weak_edges_past_strings() {
  // Weak edges never retain anything and never lie on a retainer path, and no analysis reads
  // their names: only `inspect` lists them. A weak edge whose name is past the strings (the
  // strings come after the edges, so this is known only now) gets a placeholder name instead
  // of failing the load. Any other named edge past the strings stays an error, raised by the
  // graph check with the first offender.
  auto& pool = builder_.strings();
  const uint64_t strings = pool.size();
  const auto types = builder_.edge_types();
  const auto names = builder_.edge_names();
  std::array<uint8_t, 256> weak{}, named{};
  for (size_t t = 0; t < builder_.edge_type_count() && t < weak.size(); ++t) {
    const auto kind = builder_.edge_kind_of_type(static_cast<uint8_t>(t));
    weak[t] = kind == graph::EdgeKind::kWeak;
    named[t] = !graph::edge_name_is_index(kind);
  }
  uint64_t renamed = 0, first_edge = 0, first_name = 0, other_end = 0;
  graph::StringIndex placeholder{};
  for (size_t e = 0; e < names.size(); ++e) {
    if (!named[types[e]]) continue;
    if (names[e] < strings) continue;
    if (!weak[types[e]]) {
      other_end = std::max<uint64_t>(other_end, uint64_t{names[e]} + 1);
      continue;
    }
    if (renamed++ == 0) {
      first_edge = e;
      first_name = names[e];
      placeholder = pool.append("(name missing)");
    }
    names[e] = value(placeholder);
  }
  // The graph check goes over the fields again only when another edge is still out of range.
  checked_.edge_name_end = other_end != 0 ? other_end : strings;
  if (renamed != 0)
    warnings_.push_back(fmt::format(
        "edges: {} weak {} a string index past the {} strings (first: edge {}, index {}); shown "
        "as '(name missing)'",
        renamed, renamed == 1 ? "edge names" : "edges name", strings, first_edge, first_name));
}

}  // namespace

LoadedSnapshot load_snapshot(io::ByteSource& source, const LoadOptions& options) {
  NullProgress no_progress;
  ProgressSink& progress = options.progress ? *options.progress : no_progress;
  LoadedSnapshot out;
  const auto start = std::chrono::steady_clock::now();
  progress.begin("loading", source.stored_size());
  SnapshotLoader loader(source, progress, options);
  out.graph = loader.load();
  progress.end();
  out.stats.check_seconds = loader.check_seconds();
  out.stats.parse_seconds = seconds_since(start) - out.stats.check_seconds;
  out.stats.text_bytes = loader.text_bytes();
  out.stats.tail_edges = loader.tail_edges();
  out.stats.warnings = loader.take_warnings();
  out.stats.stored_bytes = source.stored_size();
  out.stats.compression = source.compression();
  return out;
}

LoadedSnapshot load_snapshot_file(const std::string& path, const LoadOptions& options) {
  try {
    auto source = io::open_input(path);
    return load_snapshot(*source, options);
  } catch (const FormatError& e) {
    throw e.prefixed("'" + path + "': ");
  }
}

}  // namespace heapsnap::format

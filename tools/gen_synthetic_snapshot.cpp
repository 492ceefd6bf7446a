// gen-synthetic-snapshot: writes a valid V8 .heapsnapshot of any size, for tests and benchmarks.
//
//   gen-synthetic-snapshot NODES OUT [--strings N] [--seed S]
//
// The file follows what Node 20's V8 writes (see /work/shared/V8-SNAPSHOT-FORMAT.md): the same
// meta block, node fields type,name,id,self_size,edge_count,trace_node_id,detachedness, one row
// per line, ASCII-only strings with \uXXXX escapes, empty allocation-tracking sections.
// The graph is a pure function of (NODES, --strings, --seed): nothing is kept in memory per node,
// every node's fields and edges are recomputed from a hash of its ordinal, so the file is
// streamed in three passes (count edges, write nodes, write edges) plus the strings. It can be
// far larger than RAM and than 4 GiB.
//
// Graph, by node ordinal:
//   0          synthetic root "": element 1 -> (GC roots), shortcut "2" -> global,
//              element 3 -> "C++ roots", shortcut "4" -> the first forest root (a second global)
//   1          (GC roots): element edges to the four GC sub-roots below
//   2          "global" object: property edges to the even forest roots, "longChain" -> chain head
//   3..6       (Strong roots) -> odd forest roots, (Handle scope) -> first regular nodes,
//              (Internalized strings) -> up to 4096 string nodes, (Global handles) -> some roots
//   7          "C++ roots" (embedder, even id): element edges to up to 64 native nodes
//   8..        regular nodes, p = ordinal - 8, M = NODES - 8 of them:
//              p <  T: a forest of ternary trees: F roots (p < F), children of p are F+3p+0..2;
//                      inner tree nodes are containers (objects, arrays, closures, contexts,
//                      hidden, native), leaves also strings, numbers, code, shapes, symbols...
//                      A few tree edges are weak, so those subtrees hang only off weak edges
//                      (and random edges).
//              p >= T: a linked chain of L = M/20 (<= 100000) ChainNode objects, "next" edges,
//                      headed by global.longChain: a deep path for recursion-free algorithms.
//              Containers also get 1-4 extra edges each: internal edges to shared low nodes
//              (like maps/prototypes), back edges to earlier nodes (sharing and cycles), weak
//              edges, forward edges; every 7th a "parent" back edge (a 2-cycle); rare self
//              edges; closures some non-root shortcut edges ("bound_argument_0").
//              About 3 edges per node overall.
// Ids are odd (2*ordinal+1) as V8 gives heap objects, even (2*ordinal+2) for native
// (embedder) nodes. Object names are ~300 constructor names with a skewed distribution;
// string nodes are named by the --strings N extra distinct strings (default NODES/4), which
// include quotes, backslashes, control characters, non-ASCII and surrogate pairs as escapes,
// and some 1024-character ones (V8's cap).
//
// At the end it prints one JSON line to stdout:
//   {"node_count":…,"edge_count":…,"string_count":…,"total_self_size":…,"bytes":…}
// total_self_size is the plain sum of the self_size column.

#include <algorithm>
#include <array>
#include <charconv>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <future>
#include <iterator>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace {

// ---------------------------------------------------------------------------------------------
// Output: two large buffers; while one is filled, a background task writes the other with fwrite,
// so formatting and the kernel's write work overlap.

class Writer {
 public:
  explicit Writer(const char* path) : file_(std::fopen(path, "wb")), fill_(kBufSize), spare_(kBufSize) {
    if (!file_) throw std::runtime_error(std::string("cannot open ") + path + ": " + std::strerror(errno));
    std::setvbuf(file_, nullptr, _IONBF, 0);
    pos_ = fill_.data();
    end_ = fill_.data() + fill_.size();
  }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;
  ~Writer() {
    if (pending_.valid()) pending_.wait();
    if (file_) std::fclose(file_);
  }

  // Makes room for at least n bytes (n must be much smaller than the buffer).
  void reserve(size_t n) {
    if (static_cast<size_t>(end_ - pos_) < n) flush();
  }
  void put(char c) { *pos_++ = c; }
  void put(std::string_view s) {
    while (s.size() > static_cast<size_t>(end_ - pos_)) {
      const size_t n = static_cast<size_t>(end_ - pos_);
      std::memcpy(pos_, s.data(), n);
      pos_ += n;
      s.remove_prefix(n);
      flush();
    }
    std::memcpy(pos_, s.data(), s.size());
    pos_ += s.size();
  }
  void num(uint64_t v) { pos_ = std::to_chars(pos_, end_, v).ptr; }

  // Hands the filled buffer to the background writer and continues in the other one.
  void flush() {
    const size_t n = static_cast<size_t>(pos_ - fill_.data());
    wait_pending();
    std::swap(fill_, spare_);
    pos_ = fill_.data();
    end_ = fill_.data() + fill_.size();
    if (n == 0) return;
    written_ += n;
    pending_ = std::async(std::launch::async, [this, n] {
      if (std::fwrite(spare_.data(), 1, n, file_) != n) throw std::runtime_error(std::string("write failed: ") + std::strerror(errno));
    });
  }
  void close() {
    flush();
    wait_pending();
    std::FILE* f = file_;
    file_ = nullptr;
    if (std::fclose(f) != 0) throw std::runtime_error(std::string("close failed: ") + std::strerror(errno));
  }
  uint64_t bytes() const { return written_ + static_cast<uint64_t>(pos_ - fill_.data()); }

 private:
  static constexpr size_t kBufSize = size_t{8} << 20;
  void wait_pending() {
    if (pending_.valid()) pending_.get();  // rethrows a write error
  }
  std::FILE* file_;
  std::vector<char> fill_, spare_;
  char* pos_;
  char* end_;
  uint64_t written_ = 0;
  std::future<void> pending_;
};

// ---------------------------------------------------------------------------------------------
// Format constants (Node 20 / V8 11.3).

constexpr std::string_view kMeta =
    R"({"node_fields":["type","name","id","self_size","edge_count","trace_node_id","detachedness"],)"
    R"("node_types":[["hidden","array","string","object","code","closure","regexp","number","native",)"
    R"("synthetic","concatenated string","sliced string","symbol","bigint","object shape","wasm object"],)"
    R"("string","number","number","number","number","number"],)"
    R"("edge_fields":["type","name_or_index","to_node"],)"
    R"("edge_types":[["context","element","property","internal","hidden","shortcut","weak"],"string_or_number","node"],)"
    R"("trace_function_info_fields":["function_id","name","script_name","script_id","line","column"],)"
    R"("trace_node_fields":["id","function_info_index","count","size","children"],)"
    R"("sample_fields":["timestamp_us","last_assigned_id"],)"
    R"("location_fields":["object_index","script_id","line","column"]})";
constexpr uint64_t kNodeFields = 7;

enum NodeType : uint8_t {
  kHidden = 0, kArray = 1, kString = 2, kObject = 3, kCode = 4, kClosure = 5, kRegexp = 6, kNumber = 7,
  kNative = 8, kSynthetic = 9, kConsString = 10, kSlicedString = 11, kSymbol = 12, kBigint = 13, kObjectShape = 14,
};
enum EdgeType : uint8_t { kContext = 0, kElement = 1, kProperty = 2, kInternal = 3, kHiddenEdge = 4, kShortcut = 5, kWeak = 6 };

// What a regular node is; decides its type, name, size and edges.
enum class Kind : uint8_t {
  Object, Context, Array, Closure, Hidden, Native, Code, Shape,  // containers: have edges
  String, ConsString, SlicedString, Number, Symbol, Bigint, Regexp, Chain,
};
constexpr bool is_container(Kind k) { return k <= Kind::Shape || k == Kind::Chain; }

constexpr uint64_t mix64(uint64_t x) {  // splitmix64 finalizer
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// ---------------------------------------------------------------------------------------------
// String table: small pools (deduplicated) first, then the extra strings.

class Strings {
 public:
  uint32_t add(std::string s) {
    auto it = index_.find(s);
    if (it != index_.end()) return it->second;
    const auto id = static_cast<uint32_t>(list_.size());
    index_.emplace(s, id);
    list_.push_back(std::move(s));
    return id;
  }
  std::vector<uint32_t> add_all(const std::vector<std::string>& v) {
    std::vector<uint32_t> ids;
    for (const auto& s : v) ids.push_back(add(s));
    return ids;
  }
  const std::vector<std::string>& list() const { return list_; }
  uint64_t size() const { return list_.size(); }

 private:
  std::vector<std::string> list_;
  std::unordered_map<std::string, uint32_t> index_;
};

// Writes s as a JSON string the way V8 does: printable ASCII as is, ", \ and controls escaped,
// everything else (decoded from UTF-8) as \uXXXX, astral characters as surrogate pairs.
void write_json_string(Writer& w, std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  auto u = [&](uint32_t c) {
    w.put("\\u");
    for (int shift = 12; shift >= 0; shift -= 4) w.put(kHex[(c >> shift) & 15]);
  };
  w.reserve(2);
  w.put('"');
  for (size_t i = 0; i < s.size();) {
    w.reserve(16);
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
      w.put(static_cast<char>(c));
      ++i;
      continue;
    }
    if (c < 0x80) {
      switch (c) {
        case '"': w.put("\\\""); break;
        case '\\': w.put("\\\\"); break;
        case '\n': w.put("\\n"); break;
        case '\t': w.put("\\t"); break;
        case '\r': w.put("\\r"); break;
        default: u(c);
      }
      ++i;
      continue;
    }
    const size_t len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
    uint32_t cp = c & (len == 2 ? 0x1f : len == 3 ? 0x0f : 0x07);
    for (size_t k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3f);
    if (cp >= 0x10000) {
      cp -= 0x10000;
      u(0xd800 + (cp >> 10));
      u(0xdc00 + (cp & 0x3ff));
    } else {
      u(cp);
    }
    i += len;
  }
  w.reserve(2);
  w.put('"');
}

// The k-th extra string: distinct ("s<k base 36>:" prefix), 4..63 filler characters, every 997th
// 1024 characters long; some with characters that need escaping.
struct ExtraStrings {
  static std::string prefix(uint64_t k) {
    char digits[16];
    int n = 0;
    do {
      digits[n++] = "0123456789abcdefghijklmnopqrstuvwxyz"[k % 36];
      k /= 36;
    } while (k);
    std::string s = "s";
    while (n) s += digits[--n];
    s += ':';
    return s;
  }
  static uint64_t prefix_len(uint64_t k) {
    uint64_t n = 1;
    while (k >= 36) {
      k /= 36;
      ++n;
    }
    return n + 2;
  }
  // Length in UTF-16 code units; the self size of its string node follows from it.
  static uint64_t length(uint64_t k) {
    if (k % 997 == 996) return 1024;
    return prefix_len(k) + 4 + mix64(k ^ 0x5742) % 60;
  }
  static bool two_byte(uint64_t k) { return k % 31 == 7; }
  static void build(uint64_t k, std::string& out) {
    static constexpr std::string_view kWords[] = {"user", "id", "GET /api/", "session", "token", "value ",
                                                  "http://localhost:3000/", "Error: ", "at ", "(node:internal)"};
    out = prefix(k);
    const uint64_t len = length(k);
    uint64_t units = out.size();
    // Special characters first (each one UTF-16 unit, or two for the astral one).
    if (k % 17 == 3) {
      out += "\"q\\";
      units += 3;
    }
    if (k % 29 == 5) {
      out += "\n\t\x01";
      units += 3;
    }
    if (two_byte(k)) {
      out += "\xc3\xa9\xe6\x97\xa5\xf0\x9f\x98\x80";  // é, 日, U+1F600 (a surrogate pair)
      units += 4;
    }
    uint64_t r = mix64(k);
    while (units < len) {
      std::string_view word = kWords[r % std::size(kWords)];
      r = mix64(r);
      const uint64_t take = std::min<uint64_t>(word.size(), len - units);
      out.append(word.substr(0, take));
      units += take;
    }
  }
};

// ---------------------------------------------------------------------------------------------
// The graph.

std::vector<std::string> ctor_names() {
  std::vector<std::string> v = {"Object", "Array", "Map", "Set", "Promise", "Error", "Date", "Uint8Array",
                                "ArrayBuffer", "WeakMap"};
  for (const char* p : {"Request", "Response", "User", "Session", "Order", "Cart", "Product", "Invoice", "Payment",
                        "Socket", "Stream", "Buffer", "Cache", "Event", "Message", "Query", "Token", "Config",
                        "Route", "Task"})
    for (const char* s : {"Context", "Handler", "Record", "Entry", "State", "Info", "Manager", "Options", "Item",
                          "Node", "Listener", "Result", "Builder", "Snapshot", "Wrapper"})
      v.push_back(std::string(p) + s);
  return v;
}

const std::vector<std::string> kPropNames = {
    "id", "name", "url", "next", "prev", "data", "value", "items", "length", "_events", "headers", "body", "state",
    "options", "callback", "handler", "cache", "children", "owner", "socket", "buffer", "request", "response",
    "user", "session", "config", "timeout", "listeners", "result", "error", "status", "method", "path", "query",
    "params", "count", "size", "keys", "values", "entries", "target", "source", "context", "store", "queue",
    "pending", "done", "onData", "onEnd", "emit", "then", "promise", "resolve", "reject", "parent", "root",
    "left", "right", "head", "tail", "__proto__", "constructor", "prototype", "_handle"};
const std::vector<std::string> kInternalNames = {
    "map", "properties", "elements", "prototype", "context", "shared", "code", "feedback_cell", "descriptors",
    "back_pointer", "table", "previous", "scope_info", "script", "dependent_code", "function_data"};
const std::vector<std::string> kClosureNames = {
    "", "", "", "handleRequest", "onData", "onEnd", "processItem", "next", "resolve", "reject", "emit", "get",
    "set", "toString", "callback", "listener", "render", "parse", "serialize", "validate", "run", "tick",
    "native_bind", "<instance_members_initializer>"};
const std::vector<std::string> kHiddenNames = {"system / AccessorPair", "system / PropertyArray",
                                               "system / FunctionTemplateInfo", "system / CallHandlerInfo",
                                               "private symbol", "system / Oddball"};
const std::vector<std::string> kCodeNames = {"system / FeedbackCell", "system / BytecodeArray", "(shared function info)",
                                             "system / ScopeInfo", "(constant pool)", "(source position table)",
                                             "system / UncompiledDataWithoutPreparseData"};
const std::vector<std::string> kShapeNames = {"system / Map", "system / Map", "system / DescriptorArray",
                                              "system / TransitionArray", "system / PrototypeInfo"};
const std::vector<std::string> kArrayNames = {"(object properties)", "(object elements)", "", "(bound arguments)"};
const std::vector<std::string> kNativeNames = {"Node / TCPWrap", "Node / BindingData", "Node / std::basic_string",
                                               "system / JSArrayBufferData", "Node / AliasedUint32Array",
                                               "Node / FSReqCallback"};
const std::vector<std::string> kRegexpNames = {"^\\w+:\\/\\/", "[\\x00-\\x1f\\x5c]", "\\s*,\\s*", "^(?:GET|POST)$",
                                               "\"([^\"]*)\""};
const std::vector<std::string> kWeakNames = {"transition", "1", "2", "3", "weak_ref", "target", "key"};

class Graph {
 public:
  static constexpr uint64_t kFirst = 8;  // ordinal of the first regular node

  Graph(uint64_t nodes, uint64_t extra_strings, uint64_t seed) : n_(nodes), seed_(mix64(seed ^ 0x6865617073ULL)) {
    if (nodes <= kFirst) throw std::runtime_error("NODES must be greater than 8");
    m_ = n_ - kFirst;
    l_ = std::min<uint64_t>(m_ / 20, 100000);
    t_ = m_ - l_;
    f_ = std::clamp<uint64_t>(t_ / 64, 1, 1024);
    inner_ = t_ > f_ ? (t_ - f_ + 2) / 3 : 0;
    shared_ = std::min<uint64_t>(m_, 4096);

    strings_.add("<dummy>");  // strings[0], as in V8
    s_empty_ = strings_.add("");
    s_gc_roots_ = strings_.add("(GC roots)");
    s_global_ = strings_.add("global");
    s_subroots_ = strings_.add_all({"(Strong roots)", "(Handle scope)", "(Internalized strings)", "(Global handles)"});
    s_cpp_roots_ = strings_.add("C++ roots");
    s_2_ = strings_.add("2");
    s_4_ = strings_.add("4");
    s_long_chain_ = strings_.add("longChain");
    s_chain_node_ = strings_.add("ChainNode");
    s_next_ = strings_.add("next");
    s_parent_ = strings_.add("parent");
    s_self_ = strings_.add("self");
    s_bound_ = strings_.add("bound_argument_0");
    s_context_ = strings_.add("system / Context");
    s_cons_ = strings_.add("(concatenated string)");
    s_sliced_ = strings_.add("(sliced string)");
    s_number_ = strings_.add("heap number");
    s_symbol_ = strings_.add("symbol");
    s_bigint_ = strings_.add("bigint");
    s_ctor_ = strings_.add_all(ctor_names());
    s_prop_ = strings_.add_all(kPropNames);
    s_internal_ = strings_.add_all(kInternalNames);
    s_closure_ = strings_.add_all(kClosureNames);
    s_hidden_ = strings_.add_all(kHiddenNames);
    s_code_ = strings_.add_all(kCodeNames);
    s_shape_ = strings_.add_all(kShapeNames);
    s_array_ = strings_.add_all(kArrayNames);
    s_native_ = strings_.add_all(kNativeNames);
    s_regexp_ = strings_.add_all(kRegexpNames);
    s_weak_ = strings_.add_all(kWeakNames);
    extra_base_ = strings_.size();
    extra_ = extra_strings;

    // Roots that point at nodes of a kind: a bounded scan of the leaves.
    for (uint64_t p = inner_; p < t_ && (interned_.size() < 4096 || natives_.size() < 64); ++p) {
      const Kind k = kind(p);
      if (k == Kind::String && interned_.size() < 4096) interned_.push_back(p);
      if (k == Kind::Native && natives_.size() < 64) natives_.push_back(p);
    }
  }

  uint64_t node_count() const { return n_; }
  uint64_t string_count() const { return extra_base_ + extra_; }

  Kind kind(uint64_t p) const {
    if (p >= t_) return Kind::Chain;
    const uint64_t r = (h(p) >> 40) % 100;
    if (p < inner_) {  // inner tree nodes: containers only
      if (r < 62) return Kind::Object;
      if (r < 70) return Kind::Context;
      if (r < 82) return Kind::Array;
      if (r < 92) return Kind::Closure;
      if (r < 96) return Kind::Hidden;
      return Kind::Native;
    }
    static constexpr std::pair<uint8_t, Kind> kLeaves[] = {
        {30, Kind::String}, {33, Kind::ConsString}, {34, Kind::SlicedString}, {37, Kind::Number},
        {38, Kind::Symbol}, {39, Kind::Bigint},     {40, Kind::Regexp},       {50, Kind::Code},
        {55, Kind::Shape},  {80, Kind::Object},     {88, Kind::Closure},      {93, Kind::Array},
        {97, Kind::Hidden}, {99, Kind::Context},    {100, Kind::Native}};
    for (const auto& [limit, k] : kLeaves)
      if (r < limit) return k;
    return Kind::Object;
  }

  // Calls f(edge_type, name_or_index, target_ordinal) for each edge of node `ord`, in order.
  template <class F>
  void for_each_edge(uint64_t ord, F&& f) const {
    if (ord < kFirst) return fixed_edges(ord, f);
    const uint64_t p = ord - kFirst;
    const uint64_t hv = h(p);
    const Kind k = kind(p);
    if (!is_container(k)) return;
    uint64_t index = 0;  // element / hidden edge index
    if (p < inner_) {
      for (uint64_t j = 0; j < 3; ++j) {
        const uint64_t c = f_ + 3 * p + j;
        if (c >= t_) break;
        if (h(c) % 4099 == 17) {  // a subtree retained only weakly
          f(kWeak, s_weak_[4], kFirst + c);
          continue;
        }
        switch (k) {
          case Kind::Object:
          case Kind::Native: f(kProperty, pick(s_prop_, hv >> (8 * j)), kFirst + c); break;
          case Kind::Context: f(kContext, pick(s_prop_, hv >> (8 * j + 3)), kFirst + c); break;
          case Kind::Array: f(kElement, index++, kFirst + c); break;
          case Kind::Closure: f(kInternal, s_internal_[4 + j], kFirst + c); break;  // context, shared, code
          default: f(kHiddenEdge, index++, kFirst + c); break;
        }
      }
    }
    if (k == Kind::Chain && p + 1 < m_) f(kProperty, s_next_, ord + 1);
    const uint64_t extras = 1 + ((hv >> 8) & 3);
    for (uint64_t e = 0; e < extras; ++e) {
      const uint64_t r = mix64(hv + (e + 1) * 0x9e3779b97f4a7c15ULL);
      const uint64_t sel = r & 15;
      const uint64_t far = mix64(r);  // independent bits for the target
      if (sel < 6) {  // like map / prototype: to a widely shared low node
        f(kInternal, pick(s_internal_, r >> 8), kFirst + below(far, shared_));
      } else if (sel < 11) {  // back edge: sharing, and cycles when it hits an ancestor
        const uint64_t target = kFirst + (p ? below(far, p) : 0);
        if (k == Kind::Array) f(kElement, index++, target);
        else f(kProperty, pick(s_prop_, r >> 8), target);
      } else if (sel < 13) {
        f(kWeak, pick(s_weak_, r >> 8), kFirst + below(far, m_));
      } else if (sel == 15 && k == Kind::Closure) {
        f(kShortcut, s_bound_, kFirst + below(far, m_));
      } else if (k == Kind::Array) {
        f(kElement, index++, kFirst + below(far, m_));
      } else {
        f(kProperty, pick(s_prop_, r >> 8), kFirst + below(far, m_));
      }
    }
    if (p >= f_ && p < t_ && hv % 7 == 0) f(kProperty, s_parent_, kFirst + (p - f_) / 3);
    if (hv % 10007 == 1) f(kProperty, s_self_, ord);
  }

  // The number of edges for_each_edge(ord) yields, without generating them (kept in sync with
  // it; the writer checks the total).
  uint64_t edge_count(uint64_t ord) const {
    if (ord < kFirst) {
      uint64_t n = 0;
      fixed_edges(ord, [&n](uint8_t, uint64_t, uint64_t) { ++n; });
      return n;
    }
    const uint64_t p = ord - kFirst;
    const Kind k = kind(p);
    if (!is_container(k)) return 0;
    const uint64_t hv = h(p);
    uint64_t n = 1 + ((hv >> 8) & 3);
    if (p < inner_ && f_ + 3 * p < t_) n += std::min<uint64_t>(3, t_ - (f_ + 3 * p));
    if (k == Kind::Chain && p + 1 < m_) ++n;
    if (p >= f_ && p < t_ && hv % 7 == 0) ++n;
    if (hv % 10007 == 1) ++n;
    return n;
  }

  struct Row {
    NodeType type;
    uint64_t name;
    uint64_t id;
    uint64_t self_size;
    uint8_t detachedness;
  };

  // `string_seq` counts string nodes so far: string nodes take the extra strings in turn.
  Row row(uint64_t ord, uint64_t& string_seq) const {
    const uint64_t odd = 2 * ord + 1;
    switch (ord) {
      case 0: return {kSynthetic, s_empty_, odd, 0, 0};
      case 1: return {kSynthetic, s_gc_roots_, odd, 0, 0};
      case 2: return {kObject, s_global_, odd, 56, 0};
      case 7: return {kSynthetic, s_cpp_roots_, odd + 1, 0, 0};
      default:
        if (ord < kFirst) return {kSynthetic, s_subroots_[ord - 3], odd, 0, 0};
    }
    const uint64_t p = ord - kFirst;
    const uint64_t hv = h(p);
    const uint64_t v = hv >> 12;
    switch (kind(p)) {
      case Kind::Object: return {kObject, s_ctor_[skewed(v, s_ctor_.size())], odd, 16 + 8 * (v % 14), 0};
      case Kind::Chain: return {kObject, s_chain_node_, odd, 32, 0};
      case Kind::Context: return {kObject, s_context_, odd, 24 + 8 * (v % 8), 0};
      case Kind::Array: return {kArray, pick(s_array_, v), odd, 16 + 8 * (v % 64), 0};
      case Kind::Closure: return {kClosure, pick(s_closure_, v), odd, v % 3 ? uint64_t{32} : uint64_t{56}, 0};
      case Kind::Hidden: return {kHidden, pick(s_hidden_, v), odd, 16 + 8 * (v % 6), 0};
      case Kind::Native: return {kNative, pick(s_native_, v), odd + 1, v % 2048, static_cast<uint8_t>((v >> 16) % 3)};
      case Kind::Code: return {kCode, pick(s_code_, v), odd, 32 + 8 * (v % 256), 0};
      case Kind::Shape: return {kObjectShape, pick(s_shape_, v), odd, v % 4 ? uint64_t{80} : uint64_t{40}, 0};
      case Kind::String: {
        if (extra_ == 0) {
          const uint64_t name = pick(s_prop_, v);
          return {kString, name, odd, align8(16 + strings_.list()[name].size()), 0};
        }
        const uint64_t k = string_seq++ % extra_;
        const uint64_t len = ExtraStrings::length(k);
        return {kString, extra_base_ + k, odd, align8(16 + len * (ExtraStrings::two_byte(k) ? 2 : 1)), 0};
      }
      case Kind::ConsString: return {kConsString, s_cons_, odd, 32, 0};
      case Kind::SlicedString: return {kSlicedString, s_sliced_, odd, 40, 0};
      case Kind::Number: return {kNumber, s_number_, odd, 16, 0};
      case Kind::Symbol: return {kSymbol, s_symbol_, odd, 24, 0};
      case Kind::Bigint: return {kBigint, s_bigint_, odd, 24, 0};
      case Kind::Regexp: return {kRegexp, pick(s_regexp_, v), odd, 32, 0};
    }
    return {kObject, s_ctor_[0], odd, 16, 0};
  }

  void write_strings(Writer& w) const {
    bool first = true;
    for (const auto& s : strings_.list()) {
      w.reserve(4);
      if (!first) w.put(",\n");
      first = false;
      write_json_string(w, s);
    }
    std::string s;
    for (uint64_t k = 0; k < extra_; ++k) {
      ExtraStrings::build(k, s);
      w.reserve(4);
      w.put(",\n");
      write_json_string(w, s);
    }
  }

 private:
  uint64_t h(uint64_t p) const { return mix64(p ^ seed_); }
  // r mod n for random r, by multiplication (no division): the top 53 bits of r as a fraction.
  static uint64_t below(uint64_t r, uint64_t n) {
    const double u = static_cast<double>(r >> 11) * 0x1p-53;
    return std::min<uint64_t>(n - 1, static_cast<uint64_t>(u * static_cast<double>(n)));
  }
  static uint64_t pick(const std::vector<uint32_t>& v, uint64_t r) { return v[below(mix64(r), v.size())]; }
  static uint64_t align8(uint64_t x) { return (x + 7) & ~uint64_t{7}; }
  // A few classes get most instances (cubic skew: the first name, Object, ~15%, the first ten ~32%).
  static uint64_t skewed(uint64_t v, uint64_t n) {
    const double u = static_cast<double>(v & 0xffff) / 65536.0;
    return std::min<uint64_t>(n - 1, static_cast<uint64_t>(static_cast<double>(n) * u * u * u));
  }

  template <class F>
  void fixed_edges(uint64_t ord, F&& f) const {
    switch (ord) {
      case 0:
        f(kElement, 1, 1);
        f(kShortcut, s_2_, 2);
        f(kElement, 3, 7);
        f(kShortcut, s_4_, kFirst);
        return;
      case 1:
        for (uint64_t i = 0; i < 4; ++i) f(kElement, i + 1, 3 + i);
        return;
      case 2:
        for (uint64_t r = 0; r < f_; r += 2) f(kProperty, pick(s_prop_, mix64(r)), kFirst + r);
        if (l_) f(kProperty, s_long_chain_, kFirst + t_);
        return;
      case 3:  // (Strong roots)
        for (uint64_t r = 1; r < f_; r += 2) f(kElement, r, kFirst + r);
        return;
      case 4:  // (Handle scope)
        for (uint64_t i = 0; i < std::min<uint64_t>(m_, 16); ++i) f(kElement, i + 1, kFirst + i);
        return;
      case 5:  // (Internalized strings)
        for (uint64_t i = 0; i < interned_.size(); ++i) f(kElement, i + 1, kFirst + interned_[i]);
        return;
      case 6:  // (Global handles)
        for (uint64_t r = 1; r < f_; r += 8) f(kHiddenEdge, r, kFirst + r);
        return;
      case 7:  // C++ roots
        for (uint64_t i = 0; i < natives_.size(); ++i) f(kElement, i + 1, kFirst + natives_[i]);
        return;
      default: return;
    }
  }

  uint64_t n_, m_, l_, t_, f_, inner_, shared_;
  uint64_t seed_;
  Strings strings_;
  uint64_t extra_base_ = 0, extra_ = 0;
  uint64_t s_empty_, s_gc_roots_, s_global_, s_cpp_roots_, s_2_, s_4_, s_long_chain_, s_chain_node_, s_next_,
      s_parent_, s_self_, s_bound_, s_context_, s_cons_, s_sliced_, s_number_, s_symbol_, s_bigint_;
  std::vector<uint32_t> s_subroots_, s_ctor_, s_prop_, s_internal_, s_closure_, s_hidden_, s_code_, s_shape_,
      s_array_, s_native_, s_regexp_, s_weak_;
  std::vector<uint64_t> interned_, natives_;
};

// ---------------------------------------------------------------------------------------------

[[noreturn]] void usage(const char* msg) {
  if (msg) std::fprintf(stderr, "gen-synthetic-snapshot: %s\n", msg);
  std::fprintf(stderr,
               "usage: gen-synthetic-snapshot NODES OUT [--strings N] [--seed S]\n"
               "  Writes a valid V8 heap snapshot with NODES nodes (~3 edges each) to OUT.\n"
               "  --strings N  extra distinct strings, names of string nodes (default NODES/4)\n"
               "  --seed S     graph seed (default 1); same arguments give the same file\n"
               "  Prints {\"node_count\",\"edge_count\",\"string_count\",\"total_self_size\",\"bytes\"}.\n");
  std::exit(2);
}

uint64_t parse_u64(const char* s, const char* what) {
  uint64_t v = 0;
  const char* end = s + std::strlen(s);
  const auto [ptr, ec] = std::from_chars(s, end, v);
  if (ec != std::errc() || ptr != end) usage((std::string("bad ") + what + ": " + s).c_str());
  return v;
}

int run(int argc, char** argv) {
  std::vector<const char*> pos;
  uint64_t seed = 1;
  bool have_strings = false;
  uint64_t extra = 0;
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "-h" || a == "--help") usage(nullptr);
    if (a == "--strings" || a == "--seed") {
      if (i + 1 >= argc) usage((std::string(a) + " needs a value").c_str());
      const uint64_t v = parse_u64(argv[++i], a.data() + 2);
      if (a == "--seed") {
        seed = v;
      } else {
        extra = v;
        have_strings = true;
      }
    } else if (a.size() > 1 && a[0] == '-') {
      usage((std::string("unknown option ") + argv[i]).c_str());
    } else {
      pos.push_back(argv[i]);
    }
  }
  if (pos.size() != 2) usage("need NODES and OUT");
  const uint64_t nodes = parse_u64(pos[0], "NODES");
  if (nodes <= Graph::kFirst || nodes > (uint64_t{1} << 40)) usage("NODES must be in 9..2^40");
  if (!have_strings) extra = nodes / 4;

  const auto t0 = std::chrono::steady_clock::now();
  const Graph g(nodes, extra, seed);

  uint64_t edges = 0;
  for (uint64_t ord = 0; ord < nodes; ++ord) edges += g.edge_count(ord);

  Writer w(pos[1]);
  w.put(R"({"snapshot":{"meta":)");
  w.put(kMeta);
  w.put(R"(,"node_count":)");
  w.num(nodes);
  w.put(R"(,"edge_count":)");
  w.num(edges);
  w.put(R"(,"trace_function_count":0},)");
  w.put("\n\"nodes\":[");

  uint64_t total_self = 0;
  uint64_t string_seq = 0;
  for (uint64_t ord = 0; ord < nodes; ++ord) {
    const Graph::Row r = g.row(ord, string_seq);
    w.reserve(128);
    if (ord) w.put("\n,");
    w.num(r.type);
    w.put(',');
    w.num(r.name);
    w.put(',');
    w.num(r.id);
    w.put(',');
    w.num(r.self_size);
    w.put(',');
    w.num(g.edge_count(ord));
    w.put(",0,");
    w.num(r.detachedness);
    total_self += r.self_size;
  }
  w.put("\n],\n\"edges\":[");
  bool first = true;
  uint64_t written_edges = 0;
  for (uint64_t ord = 0; ord < nodes; ++ord) {
    g.for_each_edge(ord, [&](uint8_t type, uint64_t name, uint64_t target) {
      w.reserve(64);
      if (!first) w.put("\n,");
      first = false;
      w.num(type);
      w.put(',');
      w.num(name);
      w.put(',');
      w.num(target * kNodeFields);
      ++written_edges;
    });
  }
  if (written_edges != edges) throw std::logic_error("edge count changed between passes");
  w.put("\n],\n\"trace_function_infos\":[],\n\"trace_tree\":[],\n\"samples\":[],\n\"locations\":[],\n\"strings\":[");
  g.write_strings(w);
  w.put("]}");
  const uint64_t bytes = w.bytes();
  w.close();

  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  std::printf("{\"node_count\":%llu,\"edge_count\":%llu,\"string_count\":%llu,\"total_self_size\":%llu,\"bytes\":%llu}\n",
              static_cast<unsigned long long>(nodes), static_cast<unsigned long long>(edges),
              static_cast<unsigned long long>(g.string_count()), static_cast<unsigned long long>(total_self),
              static_cast<unsigned long long>(bytes));
  std::fprintf(stderr, "gen-synthetic-snapshot: %.2f s, %.0f MB/s\n", secs, static_cast<double>(bytes) / 1e6 / secs);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "gen-synthetic-snapshot: %s\n", e.what());
    return 1;
  }
}

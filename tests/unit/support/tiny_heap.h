// Hand-built heap graphs for tests: nodes and edges in V8's type vocabulary, with ids chosen by
// the test (so objects can be "the same" across snapshots), detachedness, source locations and an
// allocation trace tree. Used by the DevTools rule tests and the diff tests.
#pragma once

#include <catch2/catch.hpp>

#include <charconv>
#include <string>
#include <unordered_map>
#include <vector>

#include "heapsnap/graph/graph_builder.h"

namespace heapsnap::test {

class TinyHeap {
 public:
  using NodeOrdinal = graph::NodeOrdinal;

  NodeOrdinal node(const std::string& type, const std::string& name, uint32_t id,
                   uint64_t self_size, uint32_t trace_node_id = 0, uint8_t detachedness = 0) {
    nodes_.push_back({type, name, id, self_size, trace_node_id, detachedness});
    return static_cast<NodeOrdinal>(nodes_.size() - 1);
  }
  graph::NodeId id(NodeOrdinal n) const { return graph::NodeId{nodes_[n].id}; }
  size_t node_count() const { return nodes_.size(); }
  // Whether the graph has a detachedness field (trace_node_id is present when traces are).
  bool detachedness_field = false;
  uint64_t extra_native_bytes = 0;  // snapshot.extra_native_bytes
  // `name` is the edge name, or the index in decimal for element and hidden edges.
  void edge(NodeOrdinal from, const std::string& type, const std::string& name, NodeOrdinal to) {
    edges_.push_back({from, type, name, to});
  }
  void location(NodeOrdinal n, uint32_t script, uint32_t line, uint32_t column) {
    locations_.push_back({n, script, line, column});
  }
  // A row of trace_function_infos; returns its index.
  uint32_t trace_function(const std::string& name, const std::string& script, uint32_t line,
                          uint32_t column) {
    functions_.push_back({name, script, line, column});
    return static_cast<uint32_t>(functions_.size() - 1);
  }
  // A trace tree node (parent: index of an earlier trace node, or UINT32_MAX for the root).
  void trace_node(uint32_t id, uint32_t function, uint32_t parent) {
    traces_.push_back({id, function, parent});
  }

  graph::HeapGraph build() const {
    graph::GraphBuilder b;
    b.set_node_types(kNodeTypes);
    b.set_edge_types(kEdgeTypes);
    const bool traced = !traces_.empty();
    b.set_optional_fields(traced, detachedness_field);
    b.set_extra_native_bytes(extra_native_bytes);
    std::unordered_map<std::string, graph::StringIndex> strings;
    auto intern = [&](const std::string& s) {
      const auto found = strings.find(s);
      if (found != strings.end()) return found->second;
      const graph::StringIndex i = b.strings().append(s);
      strings.emplace(s, i);
      return i;
    };
    intern("<dummy>");
    std::vector<std::vector<const Edge*>> out(nodes_.size());
    for (const Edge& e : edges_) out[e.from].push_back(&e);
    graph::GraphBuilder::NodeAppender node_rows = b.begin_nodes(nodes_.size());
    for (size_t i = 0; i < nodes_.size(); ++i) {
      const Node& n = nodes_[i];
      node_rows.add(type_index(kNodeTypes, n.type), intern(n.name), graph::NodeId{n.id},
                    n.self_size, out[i].size(), n.trace_node_id, n.detachedness);
    }
    b.end_nodes(node_rows);
    graph::GraphBuilder::EdgeAppender edge_rows = b.begin_edges(edges_.size());
    for (size_t i = 0; i < nodes_.size(); ++i) {
      for (const Edge* e : out[i]) {
        uint32_t name = 0;
        if (e->type == "element" || e->type == "hidden") {
          std::from_chars(e->name.data(), e->name.data() + e->name.size(), name);
        } else {
          name = value(intern(e->name));
        }
        edge_rows.add(type_index(kEdgeTypes, e->type), name, e->to);
      }
    }
    b.end_edges(edge_rows);
    for (const auto& l : locations_) b.add_location(l);
    for (size_t i = 0; i < functions_.size(); ++i) {
      const Function& f = functions_[i];
      b.add_trace_function(
          {static_cast<uint32_t>(i + 1), intern(f.name), intern(f.script), 0, f.line, f.column});
    }
    for (const Trace& t : traces_) b.trace_nodes().push_back({t.id, t.function, 1, 16, t.parent});
    return b.finish();
  }

 private:
  struct Node {
    std::string type, name;
    uint32_t id;
    uint64_t self_size;
    uint32_t trace_node_id;
    uint8_t detachedness;
  };
  struct Edge {
    NodeOrdinal from;
    std::string type, name;
    NodeOrdinal to;
  };
  struct Function {
    std::string name, script;
    uint32_t line, column;
  };
  struct Trace {
    uint32_t id, function, parent;
  };
  static uint8_t type_index(const std::vector<std::string>& types, const std::string& t) {
    for (size_t i = 0; i < types.size(); ++i)
      if (types[i] == t) return static_cast<uint8_t>(i);
    FAIL("unknown type " << t);
    return 0;
  }
  inline static const std::vector<std::string> kNodeTypes{"hidden",
                                                          "array",
                                                          "string",
                                                          "object",
                                                          "code",
                                                          "closure",
                                                          "regexp",
                                                          "number",
                                                          "native",
                                                          "synthetic",
                                                          "concatenated string",
                                                          "sliced string",
                                                          "symbol",
                                                          "bigint",
                                                          "object shape"};
  inline static const std::vector<std::string> kEdgeTypes{
      "context", "element", "property", "internal", "hidden", "shortcut", "weak"};
  std::vector<Node> nodes_;
  std::vector<Edge> edges_;
  std::vector<graph::SourceLocation> locations_;
  std::vector<Function> functions_;
  std::vector<Trace> traces_;
};

}  // namespace heapsnap::test

// Lengauer-Tarjan dominators over flat arrays. The step names and the functions EVAL, LINK and
// COMPRESS follow the paper (Lengauer & Tarjan, ACM TOPLAS 1(1):121-141, 1979, "simple" version);
// docs/dominators.md explains the algorithm and how it is tested.
//
// Two index spaces meet here: graph nodes (NodeOrdinal, the caller's numbering) and DFS numbers
// (DfsNum, the paper's vertex numbers 0..R-1 in DFS preorder; the paper counts from 1). Everything
// from Step 2 on runs in DFS-number space; DfsNum is a distinct type so the two cannot be mixed.
//
// Performance notes (the work is dominated by cache misses on random accesses, so the layout
// aims at one miss per lookup):
//  - No per-node containers. Steps 2-3, the peak, hold per reachable vertex: vertex (4 bytes), the
//    forest record {ancestor, label, semi(label)} (12), dom (4), bucket-then-semi (4) and the
//    predecessor offsets (4; 8 for graphs of 2^32 edges or more); per cross or back edge, one
//    4-byte predecessor (Step 1 keeps the least tree or forward predecessor in the forest
//    record instead, which leaves a third of the edges out of the lists). Arrays go as soon as
//    their last step is done; the result's idom array is allocated only after the working
//    arrays are freed.
//  - LINK is free: the simple LINK(v, w) only sets ancestor(w) = v = parent(w), and vertices are
//    linked in decreasing DFS number, so `ancestor` starts as a copy of `parent` and "w is linked"
//    is just "w > last_unlinked_".
//  - label(v) travels with semi(label(v)), so COMPRESS compares semis without a second lookup.
//  - In-degrees (of cross and back edges) are counted during the DFS, next to each target's DFS
//    number (same cache line), so building the predecessor lists takes one more pass over the
//    edges instead of two; that pass runs on two threads, each filling the lists of half the
//    nodes.
//  - The DFS stack is threaded through the parent links: the path from the root to the current
//    vertex is the stack, backtracking follows parent(v), and only the vertices on the path keep
//    their next unexplored out-edge (a vector as deep as the path). Nothing recurses, so depth is
//    bounded by memory, not by the thread's stack.
#include "heapsnap/analysis/dominator_tree.h"

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <future>
#include <memory>
#include <new>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "heapsnap/util/huge_page_allocator.h"
#include "heapsnap/util/page_prefaulter.h"

namespace heapsnap::analysis {
namespace {

using graph::kNoNode;

// A vertex's DFS number (preorder position), the paper's vertex name.
enum class DfsNum : uint32_t {};
constexpr DfsNum kNoDfs{UINT32_MAX};
constexpr DfsNum kRootDfs{0};
constexpr uint32_t raw(DfsNum d) { return static_cast<uint32_t>(d); }
constexpr DfsNum dfs_num(uint32_t i) { return DfsNum{i}; }

// Graphs with at least this many predecessor entries fill their lists on two threads.
constexpr uint64_t kParallelFillMin = 1u << 16;
// Step 1 prefetches the states of up to this many targets of a vertex when it is first visited.
constexpr uint64_t kStatePrefetch = 8;

// The large working arrays live in BigVector (heapsnap/util/huge_page_allocator.h). Every step
// makes random accesses across arrays of hundreds of MiB, so with 4 KiB pages most of them miss
// the TLB as well as the cache; huge pages take about a sixth off the CPU time on the 22M-node
// benchmark in docs/dominators.md.

// A flat array indexed by DFS number only. Every one is written (nearly) in full, so assign and
// reserve hand the memory to the background prefaulter (util/page_prefaulter.h).
template <class T>
class ByDfs {
 public:
  void assign(uint32_t count, T value) { v_ = prefaulted_vector<T>(count, value); }
  void reserve(uint32_t count) {
    v_.reserve(count);
    prefault_capacity(v_);
  }
  void push_back(T value) { v_.push_back(value); }
  uint32_t size() const { return static_cast<uint32_t>(v_.size()); }
  T& operator[](DfsNum d) { return v_[raw(d)]; }
  const T& operator[](DfsNum d) const { return v_[raw(d)]; }
  BigVector<T> release() { return std::exchange(v_, {}); }
  void free() { BigVector<T>().swap(v_); }

 private:
  BigVector<T> v_;
};

// The forest of Steps 2-3 (the paper's ancestor and label arrays, plus semi(label(v))), one record
// per vertex so that a COMPRESS step touches one cache line per vertex.
struct ForestNode {
  DfsNum ancestor;    // parent(v) from Step 1; ancestor(v) once v is linked and compressed
  DfsNum label;       // label(v): vertex of least semi on v's compressed path
  DfsNum label_semi;  // semi(label(v))
};

// Node-indexed state of Step 1 and the predecessor build.
struct NodeState {
  uint32_t dfs_plus1;  // DFS number + 1; 0 = unvisited, so a zeroed array starts out right
  uint32_t in_degree;  // cross and back edges into the node counted so far (see Step 1)
};

// PredOffset: the predecessor lists' offset type, uint32_t unless the flow graph has 2^32 or more
// edges (4 bytes per vertex less at the memory peak).
template <typename PredOffset>
class LengauerTarjan {
 public:
  explicit LengauerTarjan(const FlowGraph& flow) : flow_(flow) {}

  DominatorTree run(const DominatorPassHooks& hooks) {
    step1_number_vertices();
    build_predecessors();
    if (hooks.single_threaded_from_here) hooks.single_threaded_from_here();
    steps2_and_3();
    step4_explicit_idoms();
    return take_result();
  }

 private:
  // Step 1: number the vertices reachable from the root in DFS preorder, recording vertex(v),
  // parent(v) and node -> DFS number. On the way every edge v -> w is sorted by how it meets
  // the DFS, which settles what Step 2 needs of it:
  //  - w not yet visited: a tree edge, v = parent(w);
  //  - w numbered above v: a forward edge (w is a descendant of v; an edge from v to a vertex
  //    numbered above it that is not a descendant would have made that vertex v's child);
  //  - w numbered below v: a cross or back edge.
  // Step 2 takes the minimum over w's predecessors numbered below w as they are, and evaluates
  // the forest only for those numbered above. The first are exactly the tree and forward edges,
  // so their minimum is kept in forest_[w].label_semi from here on, and only the cross and back
  // edges are counted for the predecessor lists.
  void step1_number_vertices() {
    const uint32_t n = flow_.node_count();
    // The predecessor lists are filled right after this step. Reserving them now lets the
    // background prefaulter fault them in on the core the step leaves idle; reserved before
    // vertex_ and forest_, so the prefaulter, newest first, turns to them only after those.
    // Their length is not known yet: every reachable vertex but the root has a tree edge that
    // stays out, so with all nodes reachable (DevTools' flow graph hangs nearly every node
    // under the root) there are at most this many entries. Should there be more, their pages
    // are faulted in by the fill.
    const uint64_t max_entries = max_predecessors();
    preds_.reserve(max_entries);
    prefault_in_background(preds_.data(),
                           (max_entries - std::min<uint64_t>(max_entries, n - 1)) * sizeof(DfsNum));
    node_state_ = prefaulted_vector<NodeState>(n, NodeState{0, 0});
    vertex_.reserve(n);
    forest_.reserve(n);
    // The next unexplored out-edge of each vertex on the DFS path from the root, deepest last.
    // It holds only the path, so it takes memory for the deepest path, not for every vertex.
    std::vector<uint64_t> next_edge;

    auto visit = [&](NodeOrdinal node, DfsNum parent) {
      if (flow_.offsets[node + 1] > flow_.targets.size()) {
        throw std::invalid_argument("flow graph: out-edges of node " + std::to_string(node) +
                                    " end past the targets array");
      }
      const DfsNum d = dfs_num(vertex_.size());
      node_state_[node].dfs_plus1 = raw(d) + 1;
      vertex_.push_back(node);
      // label(v) = v. Until v is processed in Step 2, label_semi holds the least DFS number of
      // v's predecessors numbered below it: parent(v) now, forward edges lower it below.
      forest_.push_back(ForestNode{parent, d, parent == kNoDfs ? d : parent});
      next_edge.push_back(flow_.offsets[node]);  // d is now the deepest vertex on the path
      // The loop below looks at the targets' states one by one, descending at the first
      // unvisited one; start the misses on the first few together.
      const uint64_t first = flow_.offsets[node];
      const uint64_t stop = std::min<uint64_t>(flow_.offsets[node + 1], first + kStatePrefetch);
      for (uint64_t e = first; e < stop; ++e) {
        const NodeOrdinal target = flow_.targets[e];
        if (target < node_state_.size()) __builtin_prefetch(&node_state_[target]);
      }
      return d;
    };

    DfsNum v = visit(flow_.root, kNoDfs);
    for (;;) {
      const NodeOrdinal node = vertex_[v];
      const uint64_t end = flow_.position_end(node);
      uint64_t e = next_edge.back();  // v is the deepest vertex on the path
      NodeOrdinal unvisited = kNoNode;
      for (; e < end; ++e) {
        const NodeOrdinal target = flow_.successor(node, e);
        if (target == kNoNode) continue;  // masked out
        check_target(target);
        // If target is unvisited, visit() reads its offsets next; start that miss alongside the
        // one on its state instead of after it.
        __builtin_prefetch(&flow_.offsets[target]);
        NodeState& state = node_state_[target];
        if (state.dfs_plus1 == 0) {
          unvisited = target;  // a tree edge: parent(target) = v
          break;
        }
        const DfsNum t = dfs_num(state.dfs_plus1 - 1);
        if (t > v) {
          // A forward edge (target is a descendant of v): a predecessor below target.
          DfsNum& below = forest_[t].label_semi;
          below = std::min(below, v);
        } else if (t < v && t != kRootDfs && ++state.in_degree == 0) {
          // A cross or back edge: only these go into the predecessor lists.
          throw std::length_error("flow graph: a node has 2^32 or more predecessors");
        }
      }
      if (unvisited != kNoNode) {
        next_edge.back() = e + 1;
        v = visit(unvisited, v);  // descend
      } else if (v == kRootDfs) {
        break;
      } else {
        next_edge.pop_back();
        v = forest_[v].ancestor;  // backtrack to parent(v)
      }
    }
    reached_ = vertex_.size();
  }

  void check_target(NodeOrdinal target) const {
    if (target >= flow_.node_count()) {
      throw std::invalid_argument("flow graph: edge target " + std::to_string(target) +
                                  " is not below the node count " +
                                  std::to_string(flow_.node_count()));
    }
  }

  // pred(w) as a reverse CSR in DFS-number space, count-then-fill (the counts came from Step 1),
  // holding only the cross and back edges: the sources numbered above w. Only reachable
  // vertices have out-edges here and all their targets are reachable, so no edge is filtered
  // for reachability. Self loops and edges into the root are left out: Step 2 never looks at
  // the root's predecessors, and a self loop can only offer semi(w) = w.
  //
  // The fill runs on two threads, each taking the edges into its half of the nodes (by ordinal,
  // split where the in-degrees reach half their sum), so each list end has one writer. Both go
  // through the sources in DFS order, which leaves every list in decreasing DFS order: Step 2's
  // result does not depend on the order, but its forest walks are faster this way than with
  // lists in node order (0.74 s vs 1.0-1.1 s on the benchmark snapshot).
  void build_predecessors() {
    const uint32_t n = flow_.node_count();
    // pred_end_[w] = end of w's list; filling each list back to front leaves pred_end_[w] at its
    // start, which is also the end of w - 1's list.
    pred_end_.assign(reached_ + 1, 0);
    uint64_t total = 0;
    for (NodeOrdinal node = 0; node < n; ++node) {
      const NodeState state = node_state_[node];
      if (state.dfs_plus1 == 0) continue;
      pred_end_[dfs_num(state.dfs_plus1 - 1)] = static_cast<PredOffset>(state.in_degree);
      total += state.in_degree;
    }
    uint64_t sum = 0;
    for (uint32_t i = 0; i <= reached_; ++i) {
      sum += pred_end_[dfs_num(i)];
      pred_end_[dfs_num(i)] = static_cast<PredOffset>(sum);
    }
    preds_.resize(total);
    prefault_in_background(preds_.data(), total * sizeof(DfsNum));
    if (total < kParallelFillMin) {
      fill_predecessors(0, n);
    } else {
      NodeOrdinal half = 0;
      for (uint64_t below = 0; half < n && 2 * below < total; ++half)
        below += node_state_[half].in_degree;
      auto helper = std::async(std::launch::async, [this, half, n] { fill_predecessors(half, n); });
      fill_predecessors(0, half);
      helper.get();
    }
    BigVector<NodeState>().swap(node_state_);  // node -> DFS number is not needed any more
  }

  // Counted edges plus extra root targets: a bound on the edges Step 1 sorts.
  uint64_t max_predecessors() const {
    uint64_t counted = flow_.targets.size();
    if (!flow_.edge_mask.empty()) {
      counted = 0;
      const uint64_t words = flow_.targets.size() / 64;
      for (uint64_t w = 0; w < words; ++w) counted += std::popcount(flow_.edge_mask[w]);
      if (const uint64_t tail = flow_.targets.size() % 64)
        counted += std::popcount(flow_.edge_mask[words] & ((uint64_t{1} << tail) - 1));
    }
    return counted + flow_.extra_root_targets.size();
  }

  // Adds every cross or back edge into a node of [lo, hi) to its target's list, sources in DFS
  // order.
  void fill_predecessors(NodeOrdinal lo, NodeOrdinal hi) {
    for (uint32_t i = 0; i < reached_; ++i) {
      const DfsNum v = dfs_num(i);
      const NodeOrdinal node = vertex_[v];
      for (uint64_t e = flow_.offsets[node], end = flow_.position_end(node); e < end; ++e) {
        const NodeOrdinal target = flow_.successor(node, e);  // kNoNode (masked) is >= hi
        if (target < lo || target >= hi) continue;
        // Numbered below v: a cross or back edge. Not the root (0), not v itself.
        const DfsNum t = dfs_num(node_state_[target].dfs_plus1 - 1);
        if (t < v && t != kRootDfs) preds_[--pred_end_[t]] = v;
      }
    }
  }

  // pred(w), once build_predecessors() has run: positions pred_end_[w] .. pred_end_[w + 1].
  std::span<const DfsNum> preds(DfsNum w) const {
    const uint64_t begin = pred_end_[w];
    return {preds_.data() + begin, pred_end_[dfs_num(raw(w) + 1)] - begin};
  }

  // Steps 2 and 3, interleaved as in the paper: vertices in decreasing DFS number get their
  // semidominator (Step 2) and are then linked into the forest; each bucket(w) is emptied
  // (Step 3) after every vertex with semi = w has been seen and before w itself is linked. The
  // paper empties bucket(parent(w)) right after linking w; doing it once, just before parent(w)
  // is linked, evaluates the same forest path semi(v)+ .. v with the same final semis.
  void steps2_and_3() {
    dom_.assign(reached_, kNoDfs);
    bucket_then_semi_.assign(reached_, kNoDfs);
    for (uint32_t i = reached_ - 1; i >= 1; --i) {
      const DfsNum w = dfs_num(i);
      last_unlinked_ = w;  // every vertex above w is linked, w and below are not
      const DfsNum semi = step2_semidominator(w);
      // Add w to bucket(vertex(semi(w))). While w waits there, dom(w) holds the next bucket member.
      dom_[w] = bucket_then_semi_[semi];
      bucket_then_semi_[semi] = w;
      step3_implicit_idoms(w);
      bucket_then_semi_[w] = semi;  // bucket(w) stays empty from now on; keep semi(w) for Step 4
      // LINK(parent(w), w): ancestor(w) is parent(w) already; only semi(label(w)) is new.
      forest_[w].label_semi = semi;
    }
    last_unlinked_ = kRootDfs;
    step3_implicit_idoms(kRootDfs);
  }

  // Step 2: semi(w) = min over predecessors v of semi(EVAL(v)). For v < w (not yet linked) EVAL
  // returns v itself, whose semi is still v: the paper's "v is a DFS-tree ancestor" case; Step 1
  // left the least such v in forest_[w].label_semi. The lists hold the v > w, all linked by now.
  DfsNum step2_semidominator(DfsNum w) {
    DfsNum semi = forest_[w].label_semi;
    const std::span<const DfsNum> predecessors = preds(w);
    // The forest records of w's predecessors are scattered; fetch them all at once rather than
    // one miss at a time behind each EVAL.
    for (const DfsNum v : predecessors) __builtin_prefetch(&forest_[v]);
    for (const DfsNum v : predecessors) semi = std::min(semi, eval(v).semi);
    return semi;
  }

  // Step 3: for each v in bucket(w), let u = EVAL(v), the vertex of least semi on the path
  // w+ .. v; then idom(v) = semi(v) = w if semi(u) = semi(v), else idom(v) = idom(u), which is
  // recorded implicitly as dom(v) = u and resolved in Step 4.
  void step3_implicit_idoms(DfsNum w) {
    DfsNum v = bucket_then_semi_[w];
    while (v != kNoDfs) {
      const DfsNum next = dom_[v];
      const Eval u = eval(v);
      dom_[v] = u.semi < w ? u.vertex : w;
      v = next;
    }
  }

  // Step 4: in increasing DFS number, replace each implicit idom by the explicit one.
  void step4_explicit_idoms() {
    dom_[kRootDfs] = kRootDfs;
    for (uint32_t i = 1; i < reached_; ++i) {
      const DfsNum w = dfs_num(i);
      if (dom_[w] != bucket_then_semi_[w]) dom_[w] = dom_[dom_[w]];
    }
  }

  bool linked(DfsNum v) const { return v > last_unlinked_; }

  struct Eval {
    DfsNum vertex;  // EVAL(v)
    DfsNum semi;    // semi(EVAL(v))
  };

  // EVAL(v): v itself if v is a forest root (not linked; in Steps 2-3 such a v is unprocessed, so
  // semi(v) = v), else the vertex of least semi on the forest path from v up to, but excluding,
  // the root of v's tree.
  Eval eval(DfsNum v) {
    if (!linked(v)) return {v, v};
    compress(v);
    return {forest_[v].label, forest_[v].label_semi};
  }

  // COMPRESS(v): make every vertex on the forest path from v point straight at the root of its
  // tree, carrying the least-semi label down. The paper recurses up the path; here the path is
  // pushed on an explicit stack and unwound from the top.
  void compress(DfsNum v) {
    for (DfsNum x = v; linked(forest_[x].ancestor); x = forest_[x].ancestor) {
      compress_stack_.push_back(x);
    }
    while (!compress_stack_.empty()) {
      ForestNode& x = forest_[compress_stack_.back()];
      compress_stack_.pop_back();
      const ForestNode& a = forest_[x.ancestor];
      if (a.label_semi < x.label_semi) {
        x.label = a.label;
        x.label_semi = a.label_semi;
      }
      x.ancestor = a.ancestor;
    }
  }

  DominatorTree take_result() {
    // Free the working arrays before the result's node-sized idom array is allocated.
    forest_.free();
    bucket_then_semi_.free();
    pred_end_.free();
    BigVector<DfsNum>().swap(preds_);
    std::vector<DfsNum>().swap(compress_stack_);

    DominatorTree tree;
    tree.idom = prefaulted_vector<NodeOrdinal>(flow_.node_count(), kNoNode);
    for (uint32_t i = 0; i < reached_; ++i) {
      const DfsNum v = dfs_num(i);
      tree.idom[vertex_[v]] = vertex_[dom_[v]];
    }
    // Capacity stays node_count (address space only beyond reached_), so a caller can append the
    // unreachable nodes without a copy.
    tree.preorder = vertex_.release();
    return tree;
  }

  const FlowGraph& flow_;
  uint32_t reached_ = 0;                // R: vertices reachable from the root
  BigVector<NodeState> node_state_;     // node-indexed; Step 1 and build_predecessors() only
  ByDfs<NodeOrdinal> vertex_;           // vertex(v): the node with DFS number v; becomes the
                                        // result's preorder
  ByDfs<ForestNode> forest_;            // parent, then ancestor / label / semi(label)
  ByDfs<DfsNum> dom_;                   // idom(v); the next member while v sits in a bucket
  ByDfs<DfsNum> bucket_then_semi_;      // first member of bucket(v) until v is processed, then
                                        // semi(v): bucket(v) is empty by the time semi(v) exists
  ByDfs<PredOffset> pred_end_;          // reverse CSR offsets, R + 1 entries
  BigVector<DfsNum> preds_;             // reverse CSR targets: predecessors as DFS numbers
  std::vector<DfsNum> compress_stack_;  // reused by every COMPRESS
  DfsNum last_unlinked_ = kRootDfs;     // vertices above this are linked into the forest
};

}  // namespace

namespace {

// The preconditions compute_dominators() documents; false for an empty graph.
bool check_flow_graph(const FlowGraph& flow) {
  if (flow.offsets.size() <= 1) return false;
  if (flow.root >= flow.node_count()) {
    throw std::invalid_argument("flow graph: root " + std::to_string(flow.root) +
                                " is not below the node count " +
                                std::to_string(flow.node_count()));
  }
  if (!flow.edge_mask.empty() && flow.edge_mask.size() < (flow.targets.size() + 63) / 64) {
    throw std::invalid_argument("flow graph: edge mask has " + std::to_string(flow.edge_mask.size()) +
                                " words for " + std::to_string(flow.targets.size()) + " edges");
  }
  return true;
}

}  // namespace

DominatorTree compute_dominators(const FlowGraph& flow, const DominatorPassHooks& hooks) {
  if (!check_flow_graph(flow)) return {};
  // Predecessor lists hold at most every edge once (the root's extra targets included).
  const uint64_t max_preds = flow.targets.size() + flow.extra_root_targets.size();
  if (max_preds < UINT32_MAX) return LengauerTarjan<uint32_t>(flow).run(hooks);
  return LengauerTarjan<uint64_t>(flow).run(hooks);
}

DominatorTree compute_dominators_with_64bit_offsets(const FlowGraph& flow) {
  if (!check_flow_graph(flow)) return {};
  return LengauerTarjan<uint64_t>(flow).run({});
}

BigVector<uint64_t> retained_sizes(const DominatorTree& tree,
                                     std::span<const uint64_t> self_sizes) {
  if (self_sizes.size() != tree.idom.size()) {
    throw std::invalid_argument("retained_sizes: " + std::to_string(self_sizes.size()) +
                                " self sizes for " + std::to_string(tree.idom.size()) + " nodes");
  }
  BigVector<uint64_t> retained(self_sizes.begin(), self_sizes.end());
  // Reverse preorder visits every node before its idom, so a node's total is complete when it is
  // added to its parent's. preorder[0] is the root, which has no parent to add to.
  for (size_t i = tree.preorder.size(); i-- > 1;) {
    const NodeOrdinal n = tree.preorder[i];
    retained[tree.idom[n]] += retained[n];
  }
  return retained;
}

std::string verify_dominators(const FlowGraph& flow, const DominatorTree& tree) {
  auto str = [](uint64_t x) { return std::to_string(x); };
  const uint32_t n = flow.offsets.size() <= 1 ? 0 : flow.node_count();
  if (tree.idom.size() != n) return "idom has " + str(tree.idom.size()) + " entries for " + str(n) + " nodes";
  if (n == 0) return tree.preorder.empty() ? "" : "preorder is not empty for an empty graph";
  if (flow.root >= n) return "root " + str(flow.root) + " is out of range";
  if (tree.preorder.empty() || tree.preorder[0] != flow.root) return "preorder does not start at the root";
  if (tree.idom[flow.root] != flow.root) return "idom(root) is not the root";

  // Which nodes are reachable (iterative, preorder-free so it does not trust the tree).
  std::vector<uint8_t> reachable(n, 0);
  std::vector<NodeOrdinal> work{flow.root};
  reachable[flow.root] = 1;
  while (!work.empty()) {
    const NodeOrdinal u = work.back();
    work.pop_back();
    for (uint64_t e = flow.offsets[u], end = flow.position_end(u); e < end; ++e) {
      const NodeOrdinal v = flow.successor(u, e);
      if (v == kNoNode) continue;
      if (v >= n) return "edge target " + str(v) + " is out of range";
      if (!reachable[v]) {
        reachable[v] = 1;
        work.push_back(v);
      }
    }
  }

  // Shape: preorder lists each reachable node once, after its idom; the others have no idom.
  std::vector<uint32_t> pos_plus1(n, 0);
  for (size_t i = 0; i < tree.preorder.size(); ++i) {
    const NodeOrdinal v = tree.preorder[i];
    if (v >= n) return "preorder holds node " + str(v) + ", out of range";
    if (pos_plus1[v] != 0) return "node " + str(v) + " is listed twice in preorder";
    if (!reachable[v]) return "unreachable node " + str(v) + " is listed in preorder";
    pos_plus1[v] = static_cast<uint32_t>(i + 1);
    if (i > 0) {
      const NodeOrdinal d = tree.idom[v];
      if (d >= n || pos_plus1[d] == 0 || d == v) {
        return "node " + str(v) + " does not come after its idom in preorder";
      }
    }
  }
  for (NodeOrdinal v = 0; v < n; ++v) {
    if (reachable[v] && pos_plus1[v] == 0) return "reachable node " + str(v) + " is missing from preorder";
    if (!reachable[v] && tree.idom[v] != kNoNode) return "unreachable node " + str(v) + " has an idom";
  }

  // Tree intervals: node v's subtree is tree-preorder numbers start[v] .. start[v] + size[v].
  // Sizes come from a reverse walk of `preorder` and starts from a forward one (parents first),
  // so no child lists and no recursion are needed.
  std::vector<uint32_t> size(n, 1), start(n, 0), next_free(n, 0);
  for (size_t i = tree.preorder.size(); i-- > 1;) size[tree.idom[tree.preorder[i]]] += size[tree.preorder[i]];
  next_free[flow.root] = 1;
  for (size_t i = 1; i < tree.preorder.size(); ++i) {
    const NodeOrdinal v = tree.preorder[i];
    start[v] = next_free[tree.idom[v]];
    next_free[tree.idom[v]] += size[v];
    next_free[v] = start[v] + 1;
  }
  auto is_ancestor_or_self = [&](NodeOrdinal a, NodeOrdinal b) {
    return start[a] <= start[b] && start[b] < start[a] + size[a];
  };

  // Parent property: every path into v must pass idom(v), so each predecessor of v lies in
  // idom(v)'s subtree.
  for (const NodeOrdinal u : tree.preorder) {
    for (uint64_t e = flow.offsets[u], end = flow.position_end(u); e < end; ++e) {
      const NodeOrdinal v = flow.successor(u, e);
      if (v == kNoNode || v == flow.root) continue;
      if (!is_ancestor_or_self(tree.idom[v], u)) {
        return "edge " + str(u) + " -> " + str(v) + " bypasses idom(" + str(v) + ") = " +
               str(tree.idom[v]);
      }
    }
  }
  return "";
}

}  // namespace heapsnap::analysis

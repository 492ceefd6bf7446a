// Leak suspects of one snapshot, after Eclipse MAT's "Leak Suspects" report: the objects (and
// groups of same-class objects) that alone keep a large share of the heap alive, and for each the
// accumulation point below it, what accumulates there, and who holds it.
//
// Everything is read off the dominator tree (an object's retained size is what freeing it would
// free, so a share of the heap there is a share a fix gets back):
//
//   1. Object suspects. From the root, synthetic nodes (the root, "(GC roots)" and its category
//      nodes) are looked through; the first real objects on each dominator path whose retained
//      size reaches the threshold (a share of the heap and an absolute floor) are candidates.
//   2. Accumulation point. From a candidate, walk down while one dominator child holds at least
//      `dominant_child_share` of the current node's retained size. Where no child does, the
//      retained size fans out: that node is the accumulation point (a collection, an array, a
//      Map/Set's backing store, a context). Backing stores (a Map's `table`, an object's
//      `elements`: shallow size 0 in DevTools' view, or held by an internal edge) are named by their owner, the collection a program
//      holds. A walk that passes through `min_chain_length` or more nodes of one class in a row
//      is a linked chain (each element dominates the rest): it is followed to its end
//      through the same-class child (however little the tail retains), its first element is
//      the accumulation point, and the whole run is what accumulates.
//      A candidate whose walk ends at a node with children that reach the threshold on their own
//      is a hub, not a leak (e.g. a global object holding two big caches): its big children
//      become candidates instead.
//   3. What accumulates: the accumulation point's dominator children grouped by class, biggest
//      total retained size first (count and bytes). The biggest class must hold at least
//      `min_similar_share` of what the accumulation point retains: a point that fans out into
//      unlike things (the global object of a small program, holding the runtime's modules) is
//      no accumulation, and its object no suspect.
//   4. Class suspects (MAT's "N instances of X"): top-level objects (those whose immediate
//      dominator is synthetic) grouped by class; a class whose top-level instances, other than
//      object suspects, retain the threshold together (and has at least two of them) is a
//      suspect; its biggest instance stands for it, and it must hold less than a quarter of the
//      sum (else the class is one big object and a few small ones). Only classes a program defines count
//      (objects and native objects, not "system / ..."): every Node heap hangs thousands of
//      closures, code objects and contexts of its own modules directly under the GC roots, and
//      together they pass 10% of a small heap without leaking.
//
// Cost: one pass over the nodes (class suspects) and, per suspect, the dominator children of the
// nodes on its walk, so linear in the graph.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "heapsnap/analysis/class_aggregates.h"
#include "heapsnap/analysis/devtools_analysis.h"
#include "heapsnap/analysis/dominator_children.h"
#include "heapsnap/analysis/nearest_retainers.h"
#include "heapsnap/analysis/retainer_paths.h"
#include "heapsnap/graph/heap_graph.h"

namespace heapsnap::analysis {

struct HeapSuspectOptions {
  double min_share = 0.10;         // of the total heap (DevTools' total size)
  uint64_t min_bytes = 256 * 1024;  // and at least this many bytes
  double dominant_child_share = 0.80;  // walk down while one child holds this much
  // The biggest class among the accumulation point's children holds this share of what it
  // retains, or the object is no suspect (its retained size is spread over unlike things).
  double min_similar_share = 0.50;
  uint32_t min_chain_length = 16;  // same-class nodes in a row that make a chain
  uint32_t max_suspects = 10;      // biggest first
  uint32_t max_groups = 3;         // classes listed under "what accumulates"
};

// What the snapshot tells about one node, for the analysis.
struct HeapSuspectInputs {
  const graph::HeapGraph& graph;
  std::span<const uint64_t> shallow;           // DevTools' shallow sizes
  std::span<const uint64_t> retained;          // DevTools' retained sizes
  std::span<const graph::NodeOrdinal> idom;    // immediate dominators
  const DominatorChildren& children;           // the dominator tree, downwards
  const ClassAggregates& classes;              // the class of every node
  uint64_t total_size = 0;                     // the heap the shares are of
};

// Dominator children of one node that share a class.
struct AccumulatedGroup {
  uint32_t class_index = ClassAggregates::kNoClass;
  uint32_t count = 0;
  uint64_t retained = 0;  // summed retained sizes of these children
  graph::NodeOrdinal biggest = graph::kNoNode;  // the one that retains most
};

enum class SuspectKind : uint8_t {
  kObject,  // one object retains the share
  kClass,   // several top-level instances of one class do together
};

struct HeapSuspect {
  SuspectKind kind = SuspectKind::kObject;
  // kObject: the suspect object. kClass: its biggest top-level instance.
  graph::NodeOrdinal object = graph::kNoNode;
  uint32_t class_index = ClassAggregates::kNoClass;  // the class (of `object`)
  uint32_t instances = 1;  // kClass: top-level instances counted
  uint64_t retained = 0;   // kObject: the object's retained size; kClass: the instances' sum

  // The walk from `object` down to the accumulation point (both ends included).
  std::vector<graph::NodeOrdinal> walk;
  graph::NodeOrdinal accumulation = graph::kNoNode;  // where the retained size fans out
  // The accumulation point as a program holds it: its owner when it is a backing store
  // (shallow size 0, or held by an internal or hidden edge), else the accumulation point itself.
  graph::NodeOrdinal collection = graph::kNoNode;
  uint32_t child_count = 0;  // dominator children of the accumulation point
  // A chain: chain_length same-class nodes in a row from the accumulation point, linked by the
  // edge labelled chain_edge ("previous"); 0 when the walk found none.
  uint32_t chain_length = 0;
  std::string chain_edge;
  // What accumulates: the accumulation point's children by class, biggest first (for a chain,
  // one group: the chain's class, its length and the head's retained size).
  std::vector<AccumulatedGroup> accumulated;
};

struct HeapSuspects {
  std::vector<HeapSuspect> suspects;  // biggest retained first
  uint64_t threshold = 0;             // the retained size a suspect needs
  uint64_t total_size = 0;
  // When nothing reaches the threshold: the biggest top-level object (kNoNode: none) and the
  // class whose top-level instances retain most, for saying why.
  graph::NodeOrdinal biggest_object = graph::kNoNode;
  uint32_t biggest_class = ClassAggregates::kNoClass;
  uint64_t biggest_class_retained = 0;
  uint32_t biggest_class_instances = 0;
  // The biggest object that reached the threshold but spreads it over unlike children (a global
  // object holding a whole runtime); `object` is kNoNode when there is none.
  HeapSuspect spread;
};

HeapSuspects find_leak_suspects(const HeapSuspectInputs& inputs, const HeapSuspectOptions& options = {});

// Who holds a node: a shortest retainer path from the GC roots (path finder), and on it the last
// reference a program names (a property or context variable, not an element index or an
// internal link), which is the one to cut or clear.
struct SuspectHolder {
  RetainerPath path;  // empty edges: no path (a root itself, or weakly held)
  // The named edge on the path nearest the node (UINT64_MAX: none) and the node it leaves.
  graph::EdgeIndex named_edge = UINT64_MAX;
  graph::NodeOrdinal named_edge_source = graph::kNoNode;
};
SuspectHolder find_holder(const graph::HeapGraph& graph, const NearestRetainers& retainers,
                          graph::NodeOrdinal node);

}  // namespace heapsnap::analysis

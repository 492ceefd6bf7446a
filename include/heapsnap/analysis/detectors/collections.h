// Big collections: Map, Set, arrays and dictionary-mode objects by entries and retained size.
//
// Map / Set: the `table` (an OrderedHashMap / OrderedHashSet FixedArray) holds one internal
// edge per non-Smi key or value, named by its slot; entries are the distinct entry slots among
// them (capacity recovered from the table's size). Arrays: element edges, or for arrays of
// unboxed doubles the slots of their `elements` store. Dictionary-mode objects (a `properties`
// edge to "(object properties)"): their property edges.
// One finding per collection with at least min_collection_entries entries and
// min_collection_bytes retained: count = entries, retained = the collection's retained size,
// holder = the collection, named in the title by the retainer DevTools shows first.
// Key: "collections|<Map|Set|Array|dictionary>|<retainer name>|<edge name>".
#pragma once

#include <vector>

#include "heapsnap/analysis/detectors/detector_input.h"
#include "heapsnap/analysis/detectors/finding.h"

namespace heapsnap::analysis::detectors {

std::vector<Finding> detect_collections(const DetectorInput& input,
                                        const DetectorOptions& options);

}  // namespace heapsnap::analysis::detectors

// Memory outside the V8 heap, by holder: ArrayBuffer backing stores and external strings.
//
// Node 20 (V8 11.3) shows a backing store as a native "system / JSArrayBufferData" node (self
// size = its byte length) under its ArrayBuffer's `backing_store` edge; a Buffer or typed array
// points at the ArrayBuffer through `buffer`. The holder is what retains the view (or the
// ArrayBuffer when no view does), as DevTools' first retainer: a context variable, a property,
// an array element. External strings are the string children of "(External strings)"; their
// payload is off-heap, its size is taken as the length of their text in the snapshot (source
// code of Node's own modules, held by Script `source` edges, is left out).
// One finding per (holder class, edge name) — for context variables per (scope, variable) —
// with at least min_off_heap_bytes: count = buffers (or strings), external = their bytes,
// retained = the holders' retained size.
// Key: "off-heap|<buffers|external strings>|<holder name>|<edge name>".
#pragma once

#include <vector>

#include "heapsnap/analysis/detectors/detector_input.h"
#include "heapsnap/analysis/detectors/finding.h"

namespace heapsnap::analysis::detectors {

std::vector<Finding> detect_off_heap(const DetectorInput& input, const DetectorOptions& options);

}  // namespace heapsnap::analysis::detectors

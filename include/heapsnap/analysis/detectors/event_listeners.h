// Event listeners piling up on one emitter and event name.
//
// Node: an EventEmitter's `_events` property holds an object (often dictionary-mode) whose
// properties are event names; each value is one listener function or an Array of them. `once`
// listeners are bound `onceWrapper`s whose bound_this holds the real `listener`.
// Chrome: `V8EventListener` native nodes (their first closure is the listener function), grouped
// by the DOM node or window that holds them: the first retainer up the chain EventListener <-
// blink::RegisteredEventListener <- blink::HeapVectorBacking <- ... <- blink::EventTargetData
// that is neither an EventListener nor a blink:: structure (Chrome 156). The snapshot does not
// name the event type.
// One finding per (emitter, event name) with at least min_listeners listeners: count =
// listeners, retained = what the listeners retain, external = backing stores they retain,
// location = the most common listener function's definition.
// Key: "event-listeners|<emitter class>|<event name>|<listener function>@<script>:<line>:<col>".
#pragma once

#include <vector>

#include "heapsnap/analysis/detectors/detector_input.h"
#include "heapsnap/analysis/detectors/finding.h"

namespace heapsnap::analysis::detectors {

std::vector<Finding> detect_event_listeners(const DetectorInput& input,
                                            const DetectorOptions& options);

}  // namespace heapsnap::analysis::detectors

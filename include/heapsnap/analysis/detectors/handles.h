// Open native handles and requests: Node's embedder nodes "Node / <Kind>" for handle and
// request wraps (TCPSocketWrap, TCPServerWrap, PipeWrap, TTYWrap, UDPWrap, ProcessWrap,
// SignalWrap, TLSWrap, FSReqCallback, FileHandle, ...; any "Node / ...Wrap" but ChannelWrap),
// each with the JS object that owns it.
//
// The wrap's `native_to_javascript` edge leads to its JS handle object (TCP, Pipe, ...); that
// object's `<symbol owner_symbol>` property is the owner (Socket, Server, ...) when Node set one;
// else the handle object is the owner.
// One finding per (handle kind, owner class) with at least min_handles handles: count =
// handles, retained = what the owners retain, location = the owner's constructor.
// Key: "handles|<handle kind>|<owner class>".
#pragma once

#include <vector>

#include "heapsnap/analysis/detectors/detector_input.h"
#include "heapsnap/analysis/detectors/finding.h"

namespace heapsnap::analysis::detectors {

std::vector<Finding> detect_handles(const DetectorInput& input, const DetectorOptions& options);

}  // namespace heapsnap::analysis::detectors

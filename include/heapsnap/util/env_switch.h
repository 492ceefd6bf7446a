// Environment switches that turn a memory or I/O technique off (HEAPSNAP_NO_HUGEPAGES,
// HEAPSNAP_NO_PREFAULT, HEAPSNAP_NO_DIRECT_IO; docs/commands.md lists them).
#pragma once

namespace heapsnap {

// True when the environment variable `name` is set and neither empty nor starting with '0'
// (so =1 switches off, =0 and unset do not).
bool switched_off(const char* name);

}  // namespace heapsnap

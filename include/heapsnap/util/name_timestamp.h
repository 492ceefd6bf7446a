// The local time as it goes into default file and directory names.
#pragma once

#include <string>

namespace heapsnap {

// Local time as 20250102-150405 (heap-PID-TIME.heapsnapshot, heapsnap-record-TIME).
std::string timestamp_for_names();

}  // namespace heapsnap

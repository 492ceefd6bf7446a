// Recording a Node.js program: start it with its inspector on a free loopback port
// (node_program.h), learn the port from its stderr (node_stderr.h), open one inspector session,
// wait the warm-up, take N snapshots at an interval or each time a signal arrives (all in that
// session, so object ids match from one to the next and allocation tracking goes on), stop the
// program (SIGTERM, SIGKILL after the grace period) and hand back the files, oldest first.
//
// Signals are process-global, so the recording owns them while it runs: SIGINT and SIGTERM
// (interrupt the recording: the program is stopped, the error names the snapshots taken), SIGCHLD
// (the program ended) and the snapshot signal are caught by a handler that writes to a pipe the
// recording waits on, and set back to their defaults when it returns. One recording at a time per
// process.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "heapsnap/inspector/session.h"
#include "heapsnap/inspector/snapshot_file.h"
#include "heapsnap/inspector/tcp_stream.h"
#include "heapsnap/util/progress.h"

namespace heapsnap::inspector {

// What a recording tells as it goes (the command line prints it); every call comes from the
// thread that called record_snapshots, except program_killed, which may also come from the
// NodeProgram's destructor while an error unwinds.
class RecordingObserver {
 public:
  virtual ~RecordingObserver() = default;
  // The session with the program's inspector is open; snapshots follow.
  virtual void inspector_open(pid_t /*program*/, const Endpoint& /*endpoint*/) {}
  // Snapshot `number` of `count` is complete in `path`.
  virtual void snapshot_taken(uint32_t /*number*/, uint32_t /*count*/, const std::string& /*path*/,
                              const CapturedFile& /*file*/) {}
  // The program did not end within `grace` of SIGTERM; SIGKILL follows.
  virtual void program_killed(std::chrono::milliseconds /*grace*/) {}
};

struct RecordingOptions {
  // node [NODE_OPTIONS] SCRIPT [ARGS]; the first word's file name must contain "node".
  std::vector<std::string> command;
  uint32_t snapshots = 3;
  int snapshot_signal = 0;  // a snapshot each time this signal arrives; 0: warm-up, then interval
  std::chrono::milliseconds warmup{5000};     // before the first snapshot (no snapshot_signal)
  std::chrono::milliseconds interval{10000};  // between snapshots (no snapshot_signal)
  std::chrono::milliseconds grace{5000};      // between SIGTERM and SIGKILL
  bool track_allocations = false;  // record allocation stacks from the start
  bool collect_garbage = true;     // before each snapshot
  std::string out_dir;             // created if missing; empty: heapsnap-record-TIME
  std::string file_extension;      // of each OUT_DIR/N.heapsnapshot: "", ".gz" or ".zst"
  SessionTimeouts timeouts;
  ProgressSink* progress = nullptr;        // each snapshot's progress (snapshot_file.h)
  RecordingObserver* observer = nullptr;   // null: nobody listens
};

struct RecordedSeries {
  std::string out_dir;
  std::vector<std::string> files;  // OUT_DIR/1.heapsnapshot ..., oldest first
  std::string program_exit;        // how the program ended once stopped ("exit code 0", ...)
};

// Runs the whole recording. Everything that can be checked (the command, the directory) is
// checked before the program starts. Throws heapsnap::Error when the program cannot start, ends or
// is interrupted before the last snapshot (naming how many were taken and where), or the inspector
// fails; the program is stopped in every case.
RecordedSeries record_snapshots(const RecordingOptions& options);

}  // namespace heapsnap::inspector

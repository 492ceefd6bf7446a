// A Node.js program started by heapsnap with its inspector on a free loopback port
// (`node --inspect=127.0.0.1:0 ...`), and stopped by it: SIGTERM, then SIGKILL after a grace
// period. (node_process.h is the other way in: the inspector of a process heapsnap did not start.)
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace heapsnap::inspector {

class NodeProgram {
 public:
  // Called by stop() before it sends SIGKILL, with the grace period that ran out.
  using KillNotice = std::function<void(std::chrono::milliseconds grace)>;

  // Starts `command` (node [NODE_OPTIONS] SCRIPT [ARGS]; searched in PATH) with
  // --inspect=127.0.0.1:0 inserted after command[0] and its stderr on `stderr_fd` (the caller
  // closes its copy). Throws heapsnap::Error when the command cannot be run.
  NodeProgram(const std::vector<std::string>& command, int stderr_fd, KillNotice on_kill = {});
  // Stops the program if it still runs (grace period 2 s).
  ~NodeProgram();
  NodeProgram(const NodeProgram&) = delete;
  NodeProgram& operator=(const NodeProgram&) = delete;

  pid_t pid() const { return pid_; }
  // True once the program has exited (and was reaped).
  bool exited();
  // "running", "exit code 3", "killed by Terminated", ...
  std::string exit_description() const;
  // Waits up to `limit` for the program to exit by itself; true if it did.
  bool wait_exit(std::chrono::milliseconds limit);
  // SIGTERM, then SIGKILL after `grace`; returns once the program has exited.
  void stop(std::chrono::milliseconds grace);

 private:
  pid_t pid_ = 0;
  std::optional<int> status_;  // waitpid's status once reaped
  KillNotice on_kill_;
};

}  // namespace heapsnap::inspector

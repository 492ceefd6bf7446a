#include "heapsnap/inspector/node_program.h"

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include "heapsnap/util/error.h"

extern char** environ;

namespace heapsnap::inspector {

using Millis = std::chrono::milliseconds;

NodeProgram::NodeProgram(const std::vector<std::string>& command, int stderr_fd, KillNotice on_kill)
    : on_kill_(std::move(on_kill)) {
  if (command.empty()) throw Error("no program to run");
  std::vector<std::string> args = command;
  args.insert(args.begin() + 1, "--inspect=127.0.0.1:0");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, stderr_fd, STDERR_FILENO);
  const int rc = ::posix_spawnp(&pid_, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (rc != 0) throw Error("cannot run '" + command[0] + "': " + std::strerror(rc));
}

NodeProgram::~NodeProgram() { stop(Millis(2000)); }

bool NodeProgram::exited() {
  if (status_) return true;
  int status = 0;
  if (::waitpid(pid_, &status, WNOHANG) == pid_) status_ = status;
  return status_.has_value();
}

std::string NodeProgram::exit_description() const {
  if (!status_) return "running";
  if (WIFEXITED(*status_)) return "exit code " + std::to_string(WEXITSTATUS(*status_));
  if (WIFSIGNALED(*status_)) return std::string("killed by ") + ::strsignal(WTERMSIG(*status_));
  return "ended";
}

bool NodeProgram::wait_exit(Millis limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!exited() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(Millis(20));
  return exited();
}

void NodeProgram::stop(Millis grace) {
  if (exited()) return;
  ::kill(pid_, SIGTERM);
  if (wait_exit(grace)) return;
  if (on_kill_) on_kill_(grace);
  ::kill(pid_, SIGKILL);
  int status = 0;
  while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
  }
  status_ = status;
}

}  // namespace heapsnap::inspector

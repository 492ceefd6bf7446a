#include "heapsnap/inspector/recording.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <memory>

#include "heapsnap/inspector/heap_snapshot.h"
#include "heapsnap/inspector/node_program.h"
#include "heapsnap/inspector/node_stderr.h"
#include "heapsnap/util/error.h"
#include "heapsnap/util/name_timestamp.h"

namespace heapsnap::inspector {
namespace {

using Millis = std::chrono::milliseconds;

// Bytes written to the wake pipe besides signal numbers (which are < 65).
constexpr uint8_t kProgramWaitsForDebugger = 200;  // Node: "Waiting for the debugger to disconnect"
constexpr uint8_t kInspectorUrlKnown = 201;

// The write end of the running recording's wake pipe, for the signal handler (process-global,
// like the handlers themselves).
int g_wake_write_fd = -1;

extern "C" void on_recording_signal(int signal) {
  const int saved = errno;
  const auto byte = static_cast<uint8_t>(signal);
  [[maybe_unused]] const auto n = ::write(g_wake_write_fd, &byte, 1);
  errno = saved;
}

void write_byte(int fd, uint8_t byte) { [[maybe_unused]] const auto n = ::write(fd, &byte, 1); }

// Why a wait ended, in rising order of importance: when several things happened, the most
// important one is acted on.
enum class Wake { kTimer, kUrlKnown, kSnapshotSignal, kProgramEnded, kInterrupted };

class Recorder {
 public:
  explicit Recorder(const RecordingOptions& o) : o_(o) {}
  ~Recorder() {
    session_.reset();
    relay_.reset();
    program_.reset();
    struct sigaction action {};
    action.sa_handler = SIG_DFL;
    sigemptyset(&action.sa_mask);
    for (const int s : {SIGINT, SIGTERM, SIGCHLD}) ::sigaction(s, &action, nullptr);
    if (o_.snapshot_signal != 0) ::sigaction(o_.snapshot_signal, &action, nullptr);
    for (const int fd : wake_)
      if (fd >= 0) ::close(fd);
  }
  Recorder(const Recorder&) = delete;
  Recorder& operator=(const Recorder&) = delete;
  RecordedSeries run();

 private:
  void catch_signals();
  void start_program();
  Endpoint wait_for_inspector();
  Wake drain_wake_pipe();
  Wake wait(Millis duration);
  [[noreturn]] void program_ended(uint32_t taken);

  const RecordingOptions& o_;
  int wake_[2] = {-1, -1};
  std::unique_ptr<NodeProgram> program_;
  std::unique_ptr<StderrRelay> relay_;
  std::unique_ptr<InspectorSession> session_;
  std::string out_dir_;
};

void Recorder::catch_signals() {
  if (::pipe2(wake_, O_CLOEXEC | O_NONBLOCK) != 0)
    throw Error(std::string("pipe: ") + std::strerror(errno));
  g_wake_write_fd = wake_[1];
  struct sigaction action {};
  action.sa_handler = on_recording_signal;
  action.sa_flags = SA_RESTART;
  sigemptyset(&action.sa_mask);
  for (const int s : {SIGINT, SIGTERM, SIGCHLD}) ::sigaction(s, &action, nullptr);
  if (o_.snapshot_signal != 0) ::sigaction(o_.snapshot_signal, &action, nullptr);
}

void Recorder::start_program() {
  int err_pipe[2];
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) throw Error(std::string("pipe: ") + std::strerror(errno));
  RecordingObserver* observer = o_.observer;
  try {
    program_ = std::make_unique<NodeProgram>(o_.command, err_pipe[1], [observer](Millis grace) {
      if (observer != nullptr) observer->program_killed(grace);
    });
  } catch (...) {
    ::close(err_pipe[0]);
    ::close(err_pipe[1]);
    throw;
  }
  ::close(err_pipe[1]);
  const int wake = wake_[1];
  relay_ = std::make_unique<StderrRelay>(err_pipe[0], STDERR_FILENO, [wake](NodeStderrLine line) {
    write_byte(wake, line == NodeStderrLine::kInspectorListening ? kInspectorUrlKnown
                                                                  : kProgramWaitsForDebugger);
  });
}

// The inspector's address, from the program's stderr.
Endpoint Recorder::wait_for_inspector() {
  // Generous: a loaded machine can take many seconds to start node.
  constexpr Millis kStartTimeout{30000};
  const auto url_deadline = std::chrono::steady_clock::now() + kStartTimeout;
  while (!relay_->url()) {
    const auto left =
        std::chrono::duration_cast<Millis>(url_deadline - std::chrono::steady_clock::now());
    const Wake w = left.count() > 0 ? wait(left) : Wake::kTimer;
    if (w == Wake::kInterrupted) throw Error("interrupted before the program's inspector opened");
    if (w == Wake::kProgramEnded)
      throw Error("the program ended (" + program_->exit_description() +
                  ") before its inspector opened");
    if (w == Wake::kTimer && !relay_->url())
      throw Error("the program printed no 'Debugger listening on ws://...' line within " +
                  std::to_string(kStartTimeout.count() / 1000) + " s");
  }
  const std::string url = *relay_->url();
  // ws://127.0.0.1:PORT/ID
  const size_t host_start = url.find("://");
  const size_t path_start = url.find('/', host_start == std::string::npos ? 0 : host_start + 3);
  if (host_start == std::string::npos || path_start == std::string::npos)
    throw Error("cannot read the inspector address in '" + url + "'");
  return parse_endpoint(url.substr(host_start + 3, path_start - host_start - 3));
}

Wake Recorder::drain_wake_pipe() {
  uint8_t bytes[64];
  Wake result = Wake::kTimer;
  const auto rank = [](Wake w) { return static_cast<int>(w); };
  for (;;) {
    const ssize_t n = ::read(wake_[0], bytes, sizeof bytes);
    if (n <= 0) break;
    for (ssize_t i = 0; i < n; ++i) {
      Wake w = Wake::kTimer;
      if (bytes[i] == kInspectorUrlKnown) w = Wake::kUrlKnown;
      else if (bytes[i] == kProgramWaitsForDebugger) w = Wake::kProgramEnded;
      else if (bytes[i] == SIGCHLD) w = program_->exited() ? Wake::kProgramEnded : Wake::kTimer;
      else if (bytes[i] == SIGINT || bytes[i] == SIGTERM) w = Wake::kInterrupted;
      else if (bytes[i] == o_.snapshot_signal) w = Wake::kSnapshotSignal;
      if (rank(w) > rank(result)) result = w;
    }
  }
  return result;
}

// Waits for `duration` (pumping inspector events when a session is open), or until something
// arrives on the wake pipe that matters.
Wake Recorder::wait(Millis duration) {
  const auto deadline = std::chrono::steady_clock::now() + duration;
  for (;;) {
    const auto left = std::chrono::duration_cast<Millis>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return Wake::kTimer;
    bool woken = false;
    if (session_) {
      woken = session_->wait(left, wake_[0]);
    } else {
      pollfd fd{wake_[0], POLLIN, 0};
      const int n = ::poll(&fd, 1, static_cast<int>(std::min<int64_t>(left.count(), 1 << 30)));
      woken = n > 0;
    }
    if (!woken) return Wake::kTimer;
    const Wake w = drain_wake_pipe();
    if (w != Wake::kTimer) return w;
  }
}

void Recorder::program_ended(uint32_t taken) {
  // Node waits for the debugger to disconnect before it exits: close the session, give the
  // program the grace period to end by itself, then stop it.
  session_.reset();
  if (!program_->wait_exit(o_.grace)) program_->stop(o_.grace);
  throw Error(fmt::format("the program ended ({}) after {} of {} snapshots; {}",
                          program_->exit_description(), taken, o_.snapshots,
                          taken > 0 ? "the snapshots taken are in " + out_dir_ : "none was taken"));
}

RecordedSeries Recorder::run() {
  const std::string& program = o_.command.at(0);
  if (program.substr(program.rfind('/') + 1).find("node") == std::string::npos)
    throw Error("record runs a Node.js program: the command must start with node (got '" +
                program + "')");
  out_dir_ = o_.out_dir.empty() ? "heapsnap-record-" + timestamp_for_names() : o_.out_dir;
  if (::mkdir(out_dir_.c_str(), 0777) != 0 && errno != EEXIST)
    throw Error("cannot create '" + out_dir_ + "': " + std::strerror(errno));

  catch_signals();
  start_program();
  const Endpoint endpoint = wait_for_inspector();
  session_ = InspectorSession::open(endpoint, o_.timeouts);
  if (o_.track_allocations) start_allocation_tracking(*session_);
  if (o_.observer != nullptr) o_.observer->inspector_open(program_->pid(), endpoint);

  RecordedSeries series;
  series.out_dir = out_dir_;
  for (uint32_t i = 1; i <= o_.snapshots; ++i) {
    Wake w = Wake::kTimer;
    if (o_.snapshot_signal != 0) {
      do w = wait(Millis(3600000));
      while (w == Wake::kTimer || w == Wake::kUrlKnown);
    } else {
      do w = wait(i == 1 ? o_.warmup : o_.interval);
      while (w == Wake::kUrlKnown || w == Wake::kSnapshotSignal);
    }
    if (w == Wake::kInterrupted) {
      session_.reset();
      program_->stop(o_.grace);
      throw Error(fmt::format("interrupted after {} of {} snapshots{}", i - 1, o_.snapshots,
                              i > 1 ? "; the snapshots taken are in " + out_dir_ : ""));
    }
    if (w == Wake::kProgramEnded) program_ended(i - 1);
    const std::string path = fmt::format("{}/{}.heapsnapshot{}", out_dir_, i, o_.file_extension);
    CapturedFile file;
    try {
      file = capture_to_file(*session_, path, o_.collect_garbage, o_.progress);
    } catch (const InspectorGone&) {
      program_ended(i - 1);
    }
    if (o_.observer != nullptr) o_.observer->snapshot_taken(i, o_.snapshots, path, file);
    series.files.push_back(path);
  }
  session_->close();
  session_.reset();
  program_->stop(o_.grace);
  relay_->stop();
  series.program_exit = program_->exit_description();
  return series;
}

}  // namespace

RecordedSeries record_snapshots(const RecordingOptions& options) {
  Recorder recorder(options);
  return recorder.run();
}

}  // namespace heapsnap::inspector

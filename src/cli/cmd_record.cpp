// heapsnap record [--snapshots N] [--interval DURATION | --on-signal SIG] [--warmup DURATION]
//                 [--track-allocations] [--no-gc] [--out-dir DIR] [--grace DURATION]
//                 [--compress none|gz|zst] [--then 'diff ARGS' | 'gate ARGS' | none]
//                 -- node [NODE_OPTIONS] app.js ARGS...
//
// Runs a Node.js program with its inspector on a free loopback port, takes N snapshots in one
// inspector session (so object ids match from one to the next and allocation tracking goes on),
// stops the program (SIGTERM, SIGKILL after the grace period), keeps the snapshots in a directory
// and runs diff (or gate) on them in this process (run_subcommand).
#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "command.h"
#include "heapsnap/inspector/heap_snapshot.h"
#include "heapsnap/inspector/session.h"
#include "heapsnap/util/byte_units.h"
#include "heapsnap/util/error.h"
#include "snapshot_capture.h"

extern char** environ;

namespace heapsnap::cli {
namespace {

using Millis = std::chrono::milliseconds;

// Bytes written to the wake pipe besides signal numbers (which are < 65).
constexpr uint8_t kProgramWaitsForDebugger = 200;  // Node: "Waiting for the debugger to disconnect"
constexpr uint8_t kInspectorUrlKnown = 201;

int g_wake_write_fd = -1;

extern "C" void on_record_signal(int signal) {
  const int saved = errno;
  const auto byte = static_cast<uint8_t>(signal);
  [[maybe_unused]] const auto n = ::write(g_wake_write_fd, &byte, 1);
  errno = saved;
}

struct RecordOptions {
  uint32_t snapshots = 3;
  std::string interval = "10s";
  std::string on_signal;
  std::string warmup = "5s";
  bool track_allocations = false;
  bool no_gc = false;
  std::string out_dir;
  std::string grace = "5s";
  std::string compress = "none";
  std::string then = "diff";
  std::string timeout = "60s";
  std::vector<std::string> command;
};

// "USR2", "SIGUSR2", "HUP" or a number.
int parse_signal(const std::string& text) {
  std::string name = text;
  if (name.rfind("SIG", 0) == 0) name = name.substr(3);
  if (name == "USR1") return SIGUSR1;
  if (name == "USR2") return SIGUSR2;
  if (name == "HUP") return SIGHUP;
  if (name == "QUIT") return SIGQUIT;
  throw Error("--on-signal '" + text + "': expected USR1, USR2, HUP or QUIT");
}

// Splits a command line like a shell would for words: blanks separate, '…' and "…" quote,
// backslash escapes the next character.
std::vector<std::string> split_words(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  bool in_word = false;
  char quote = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quote != 0) {
      if (c == quote) quote = 0;
      else if (c == '\\' && quote == '"' && i + 1 < text.size()) word += text[++i];
      else word += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      in_word = true;
    } else if (c == '\\' && i + 1 < text.size()) {
      word += text[++i];
      in_word = true;
    } else if (c == ' ' || c == '\t' || c == '\n') {
      if (in_word) words.push_back(std::move(word));
      word.clear();
      in_word = false;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (quote != 0) throw Error("--then '" + text + "': unbalanced quote");
  if (in_word) words.push_back(std::move(word));
  return words;
}

// The program's stderr, read on a thread: Node's inspector lines are taken out (the
// "Debugger listening on ws://…" line gives the port), everything else passes through.
class StderrRelay {
 public:
  StderrRelay(int read_fd, int wake_fd) : fd_(read_fd), wake_fd_(wake_fd) {
    if (::pipe2(stop_, O_CLOEXEC) != 0) throw Error(std::string("pipe: ") + std::strerror(errno));
    thread_ = std::thread([this] { run(); });
  }
  ~StderrRelay() { stop(); }
  // Ends the relay (a grandchild may keep the pipe open; its output is no longer shown).
  void stop() {
    if (!thread_.joinable()) return;
    const uint8_t byte = 1;
    [[maybe_unused]] const auto n = ::write(stop_[1], &byte, 1);
    thread_.join();
    ::close(fd_);
    ::close(stop_[0]);
    ::close(stop_[1]);
  }
  std::optional<std::string> url() {
    std::lock_guard lock(mutex_);
    return url_;
  }

 private:
  void notify(uint8_t byte) { [[maybe_unused]] const auto n = ::write(wake_fd_, &byte, 1); }
  static void forward(std::string_view text) {
    while (!text.empty()) {
      const ssize_t n = ::write(STDERR_FILENO, text.data(), text.size());
      if (n <= 0 && errno != EINTR) return;
      if (n > 0) text.remove_prefix(static_cast<size_t>(n));
    }
  }
  void line(std::string_view text) {  // with its '\n', if any
    std::string_view body = text;
    while (!body.empty() && (body.back() == '\n' || body.back() == '\r')) body.remove_suffix(1);
    constexpr std::string_view kListening = "Debugger listening on ";
    if (body.rfind(kListening, 0) == 0) {
      {
        std::lock_guard lock(mutex_);
        if (!url_) url_ = std::string(body.substr(kListening.size()));
      }
      notify(kInspectorUrlKnown);
      return;
    }
    if (body.rfind("For help, see: https://nodejs.org/", 0) == 0 || body == "Debugger attached." ||
        body.rfind("Debugger ending on ", 0) == 0)
      return;
    if (body == "Waiting for the debugger to disconnect...") {
      notify(kProgramWaitsForDebugger);
      return;
    }
    forward(text);
  }
  void run() {
    std::string pending;
    char buffer[8192];
    for (;;) {
      pollfd fds[2] = {{fd_, POLLIN, 0}, {stop_[0], POLLIN, 0}};
      if (::poll(fds, 2, -1) < 0) {
        if (errno == EINTR) continue;
        break;
      }
      if (fds[1].revents != 0 && (fds[0].revents & POLLIN) == 0) break;
      const ssize_t n = ::read(fd_, buffer, sizeof buffer);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      pending.append(buffer, static_cast<size_t>(n));
      size_t start = 0;
      for (size_t nl; (nl = pending.find('\n', start)) != std::string::npos; start = nl + 1)
        line(std::string_view(pending).substr(start, nl + 1 - start));
      pending.erase(0, start);
      if (pending.size() > 65536) {  // a long line without a newline: pass it on as it is
        forward(pending);
        pending.clear();
      }
    }
    if (!pending.empty()) line(pending);
  }

  int fd_;
  int wake_fd_;
  int stop_[2] = {-1, -1};
  std::thread thread_;
  std::mutex mutex_;
  std::optional<std::string> url_;
};

// The program under record.
class Program {
 public:
  explicit Program(const std::vector<std::string>& command, int stderr_fd) {
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
  ~Program() { stop(Millis(2000)); }
  pid_t pid() const { return pid_; }
  // True once the program has exited (reaped).
  bool exited() {
    if (status_) return true;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) status_ = status;
    return status_.has_value();
  }
  std::string exit_description() const {
    if (!status_) return "running";
    if (WIFEXITED(*status_)) return "exit code " + std::to_string(WEXITSTATUS(*status_));
    if (WIFSIGNALED(*status_)) return std::string("killed by ") + ::strsignal(WTERMSIG(*status_));
    return "ended";
  }
  // Waits up to `limit` for the program to exit by itself.
  bool wait_exit(Millis limit) {
    const auto deadline = std::chrono::steady_clock::now() + limit;
    while (!exited() && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(Millis(20));
    return exited();
  }
  // SIGTERM, then SIGKILL after `grace`; waits for the exit.
  void stop(Millis grace) {
    if (exited()) return;
    ::kill(pid_, SIGTERM);
    if (wait_exit(grace)) return;
    std::fprintf(stderr, "heapsnap: the program did not end within %lld ms of SIGTERM; SIGKILL\n",
                 static_cast<long long>(grace.count()));
    ::kill(pid_, SIGKILL);
    int status = 0;
    while (::waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    status_ = status;
  }

 private:
  pid_t pid_ = 0;
  std::optional<int> status_;
};

// Why a wait ended, in rising order of importance: when several things happened, the most
// important one is acted on.
enum class Wake { kTimer, kUrlKnown, kSnapshotSignal, kProgramEnded, kInterrupted };

class Recorder {
 public:
  explicit Recorder(const RecordOptions& o) : o_(o) {}
  ~Recorder() {
    session_.reset();
    relay_.reset();
    program_.reset();
    struct sigaction action {};
    action.sa_handler = SIG_DFL;
    sigemptyset(&action.sa_mask);
    for (const int s : {SIGINT, SIGTERM, SIGCHLD}) ::sigaction(s, &action, nullptr);
    if (snapshot_signal_ != 0) ::sigaction(snapshot_signal_, &action, nullptr);
    for (const int fd : wake_)
      if (fd >= 0) ::close(fd);
  }
  Recorder(const Recorder&) = delete;
  Recorder& operator=(const Recorder&) = delete;
  int run();

 private:
  Wake drain_wake_pipe();
  Wake wait(Millis duration);
  [[noreturn]] void program_ended(uint32_t taken);

  const RecordOptions& o_;
  int wake_[2] = {-1, -1};
  int snapshot_signal_ = 0;
  std::unique_ptr<Program> program_;
  std::unique_ptr<StderrRelay> relay_;
  std::unique_ptr<inspector::InspectorSession> session_;
  std::string out_dir_;
};

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
      else if (bytes[i] == snapshot_signal_) w = Wake::kSnapshotSignal;
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
  const Millis grace = parse_duration(o_.grace, "--grace");
  if (!program_->wait_exit(grace)) program_->stop(grace);
  throw Error(fmt::format("the program ended ({}) after {} of {} snapshots; {}", program_->exit_description(),
                          taken, o_.snapshots,
                          taken > 0 ? "the snapshots taken are in " + out_dir_ : "none was taken"));
}

int Recorder::run() {
  // Everything that can be checked is checked before the program starts.
  const Millis interval = parse_duration(o_.interval, "--interval");
  const Millis warmup = parse_duration(o_.warmup, "--warmup");
  const Millis grace = parse_duration(o_.grace, "--grace");
  inspector::SessionTimeouts timeouts;
  timeouts.idle = parse_duration(o_.timeout, "--timeout");
  if (!o_.on_signal.empty()) snapshot_signal_ = parse_signal(o_.on_signal);
  std::vector<std::string> then = split_words(o_.then);
  if (then.size() == 1 && then[0] == "none") then.clear();
  if (!then.empty() && then[0] != "diff" && then[0] != "gate")
    throw Error("--then '" + o_.then + "': expected 'diff [FLAGS]', 'gate [FLAGS]' or 'none'");
  if (!then.empty() && o_.snapshots < 2)
    throw Error("--snapshots " + std::to_string(o_.snapshots) + " leaves nothing to " + then[0] +
                "; take 2 or more, or pass --then none");
  if (o_.compress != "none" && o_.compress != "gz" && o_.compress != "zst")
    throw Error("--compress '" + o_.compress + "': expected none, gz or zst");
  const std::string base = o_.command.at(0).substr(o_.command[0].rfind('/') + 1);
  if (base.find("node") == std::string::npos)
    throw Error("record runs a Node.js program: the command must start with node (got '" +
                o_.command[0] + "')");
  out_dir_ = o_.out_dir.empty() ? "heapsnap-record-" + timestamp_for_names() : o_.out_dir;
  if (::mkdir(out_dir_.c_str(), 0777) != 0 && errno != EEXIST)
    throw Error("cannot create '" + out_dir_ + "': " + std::strerror(errno));
  const std::string extension = o_.compress == "none" ? "" : "." + o_.compress;

  if (::pipe2(wake_, O_CLOEXEC | O_NONBLOCK) != 0)
    throw Error(std::string("pipe: ") + std::strerror(errno));
  g_wake_write_fd = wake_[1];
  struct sigaction action {};
  action.sa_handler = on_record_signal;
  action.sa_flags = SA_RESTART;
  sigemptyset(&action.sa_mask);
  for (const int s : {SIGINT, SIGTERM, SIGCHLD}) ::sigaction(s, &action, nullptr);
  if (snapshot_signal_ != 0) ::sigaction(snapshot_signal_, &action, nullptr);

  int err_pipe[2];
  if (::pipe2(err_pipe, O_CLOEXEC) != 0) throw Error(std::string("pipe: ") + std::strerror(errno));
  try {
    program_ = std::make_unique<Program>(o_.command, err_pipe[1]);
  } catch (...) {
    ::close(err_pipe[0]);
    ::close(err_pipe[1]);
    throw;
  }
  ::close(err_pipe[1]);
  relay_ = std::make_unique<StderrRelay>(err_pipe[0], wake_[1]);

  // The inspector's address, from the program's stderr.
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
  const inspector::Endpoint endpoint =
      inspector::parse_endpoint(url.substr(host_start + 3, path_start - host_start - 3));
  session_ = inspector::InspectorSession::open(endpoint, timeouts);
  if (o_.track_allocations) inspector::start_allocation_tracking(*session_);
  std::fprintf(stderr, "heapsnap: recording pid %d (inspector %s)\n", program_->pid(),
               endpoint.to_string().c_str());
  if (snapshot_signal_ != 0)
    std::fprintf(stderr, "heapsnap: send SIG%s to pid %d for each snapshot (kill -%s %d)\n",
                 sigabbrev_np(snapshot_signal_), ::getpid(), sigabbrev_np(snapshot_signal_),
                 ::getpid());

  std::vector<std::string> files;
  for (uint32_t i = 1; i <= o_.snapshots; ++i) {
    Wake w = Wake::kTimer;
    if (snapshot_signal_ != 0) {
      do w = wait(Millis(3600000));
      while (w == Wake::kTimer || w == Wake::kUrlKnown);
    } else {
      do w = wait(i == 1 ? warmup : interval);
      while (w == Wake::kUrlKnown || w == Wake::kSnapshotSignal);
    }
    if (w == Wake::kInterrupted) {
      session_.reset();
      program_->stop(grace);
      throw Error(fmt::format("interrupted after {} of {} snapshots{}", i - 1, o_.snapshots,
                              i > 1 ? "; the snapshots taken are in " + out_dir_ : ""));
    }
    if (w == Wake::kProgramEnded) program_ended(i - 1);
    const std::string path = fmt::format("{}/{}.heapsnapshot{}", out_dir_, i, extension);
    CapturedFile file;
    try {
      file = capture_to_file(*session_, path, !o_.no_gc);
    } catch (const inspector::InspectorGone&) {
      program_ended(i - 1);
    }
    std::fprintf(stderr, "heapsnap: snapshot %u/%u: %s (%s, %.1f s)\n", i, o_.snapshots,
                 path.c_str(), format_bytes(file.snapshot_bytes).c_str(), file.seconds);
    files.push_back(path);
  }
  session_->close();
  session_.reset();
  program_->stop(grace);
  relay_->stop();
  std::fprintf(stderr, "heapsnap: the program stopped (%s); snapshots in %s\n",
               program_->exit_description().c_str(), out_dir_.c_str());
  if (then.empty()) return kExitOk;
  then.insert(then.end(), files.begin(), files.end());
  std::fflush(stderr);
  return run_subcommand(then);
}

}  // namespace

void add_record_command(CLI::App& app, CommandAction& action) {
  auto o = std::make_shared<RecordOptions>();
  CLI::App* command = app.add_subcommand(
      "record",
      "Run a Node.js program, take heap snapshots of it over time, stop it, and diff (or gate) "
      "them");
  command->footer(
      "Example: heapsnap record --snapshots 3 --warmup 5s --interval 20s -- node app.js\n"
      "The program runs with --inspect=127.0.0.1:0 (a free loopback port; the inspector gives\n"
      "whoever reaches it full control of the process). All snapshots are taken in one inspector\n"
      "session, so diff matches objects by id. --then runs a heapsnap command on the snapshots,\n"
      "oldest first: 'diff -n 10', 'gate --max-growth 10%', or 'none'.");
  command->add_option("--snapshots", o->snapshots, "Snapshots to take")
      ->check(whole_number_in(1, 1000))
      ->capture_default_str();
  auto* interval = command->add_option("--interval", o->interval, "Time between snapshots")
                       ->capture_default_str();
  auto* on_signal = command->add_option(
      "--on-signal", o->on_signal,
      "Take a snapshot each time heapsnap receives this signal (USR1, USR2, HUP, QUIT)");
  on_signal->excludes(interval);
  command->add_option("--warmup", o->warmup, "Time before the first snapshot (with --interval)")
      ->capture_default_str();
  command->add_flag("--track-allocations", o->track_allocations,
                    "Record allocation stacks from the start (diff then names where leaks were allocated)");
  command->add_flag("--no-gc", o->no_gc, "Do not collect garbage before each snapshot");
  command->add_option("--out-dir", o->out_dir,
                      "Directory for the snapshots (default heapsnap-record-TIME)");
  command->add_option("--compress", o->compress, "Snapshot files: none, gz or zst")
      ->capture_default_str();
  command->add_option("--grace", o->grace, "Time between SIGTERM and SIGKILL when stopping")
      ->capture_default_str();
  command->add_option("--then", o->then,
                      "Command run on the snapshots: 'diff [FLAGS]', 'gate [FLAGS]' or 'none'")
      ->capture_default_str();
  command->add_option("--timeout", o->timeout,
                      "Give up when the inspector sends nothing for this long")
      ->capture_default_str();
  command->add_option("COMMAND", o->command, "The program: node [OPTIONS] SCRIPT [ARGS] (after --)")
      ->required();
  command->callback([o, &action] {
    action = [o] {
      Recorder recorder(*o);
      return recorder.run();
    };
  });
}

}  // namespace heapsnap::cli

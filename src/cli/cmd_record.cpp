// heapsnap record [--snapshots N] [--interval DURATION | --on-signal SIG] [--warmup DURATION]
//                 [--track-allocations] [--no-gc] [--out-dir DIR] [--grace DURATION]
//                 [--compress none|gz|zst] [--then 'diff ARGS' | 'gate ARGS' | none]
//                 -- node [NODE_OPTIONS] app.js ARGS...
//
// Runs a Node.js program with its inspector on a free loopback port, takes N snapshots in one
// inspector session (so object ids match from one to the next and allocation tracking goes on),
// stops the program (SIGTERM, SIGKILL after the grace period), keeps the snapshots in a directory
// (inspector/recording.h does all that) and runs diff (or gate) on them in this process
// (run_subcommand).
#include <signal.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <memory>

#include "command.h"
#include "heapsnap/inspector/recording.h"
#include "heapsnap/util/byte_units.h"
#include "heapsnap/util/duration.h"
#include "heapsnap/util/error.h"

namespace heapsnap::cli {
namespace {

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

// What the recording tells, on stderr.
class StderrRecordingObserver final : public inspector::RecordingObserver {
 public:
  explicit StderrRecordingObserver(int snapshot_signal) : snapshot_signal_(snapshot_signal) {}
  void inspector_open(pid_t program, const inspector::Endpoint& endpoint) override {
    std::fprintf(stderr, "heapsnap: recording pid %d (inspector %s)\n", program,
                 endpoint.to_string().c_str());
    if (snapshot_signal_ != 0)
      std::fprintf(stderr, "heapsnap: send SIG%s to pid %d for each snapshot (kill -%s %d)\n",
                   sigabbrev_np(snapshot_signal_), ::getpid(), sigabbrev_np(snapshot_signal_),
                   ::getpid());
  }
  void snapshot_taken(uint32_t number, uint32_t count, const std::string& path,
                      const inspector::CapturedFile& file) override {
    std::fprintf(stderr, "heapsnap: snapshot %u/%u: %s (%s, %.1f s)\n", number, count,
                 path.c_str(), format_bytes(file.snapshot_bytes).c_str(), file.seconds);
  }
  void program_killed(std::chrono::milliseconds grace) override {
    std::fprintf(stderr, "heapsnap: the program did not end within %lld ms of SIGTERM; SIGKILL\n",
                 static_cast<long long>(grace.count()));
  }

 private:
  int snapshot_signal_;
};

int run_record(const RecordOptions& o) {
  // Every flag is checked before the program starts (the library then checks the command and
  // the directory).
  inspector::RecordingOptions options;
  options.command = o.command;
  options.snapshots = o.snapshots;
  options.interval = parse_duration(o.interval, "--interval");
  options.warmup = parse_duration(o.warmup, "--warmup");
  options.grace = parse_duration(o.grace, "--grace");
  options.timeouts.idle = parse_duration(o.timeout, "--timeout");
  if (!o.on_signal.empty()) options.snapshot_signal = parse_signal(o.on_signal);
  std::vector<std::string> then = split_words(o.then);
  if (then.size() == 1 && then[0] == "none") then.clear();
  if (!then.empty() && then[0] != "diff" && then[0] != "gate")
    throw Error("--then '" + o.then + "': expected 'diff [FLAGS]', 'gate [FLAGS]' or 'none'");
  if (!then.empty() && o.snapshots < 2)
    throw Error("--snapshots " + std::to_string(o.snapshots) + " leaves nothing to " + then[0] +
                "; take 2 or more, or pass --then none");
  if (o.compress != "none" && o.compress != "gz" && o.compress != "zst")
    throw Error("--compress '" + o.compress + "': expected none, gz or zst");
  options.file_extension = o.compress == "none" ? "" : "." + o.compress;
  options.track_allocations = o.track_allocations;
  options.collect_garbage = !o.no_gc;
  options.out_dir = o.out_dir;
  options.progress = capture_progress();
  StderrRecordingObserver observer(options.snapshot_signal);
  options.observer = &observer;

  const inspector::RecordedSeries series = inspector::record_snapshots(options);
  std::fprintf(stderr, "heapsnap: the program stopped (%s); snapshots in %s\n",
               series.program_exit.c_str(), series.out_dir.c_str());
  if (then.empty()) return kExitOk;
  then.insert(then.end(), series.files.begin(), series.files.end());
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
    action = [o] { return run_record(*o); };
  });
}

}  // namespace heapsnap::cli

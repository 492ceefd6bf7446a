// What every subcommand shares: options common to all, loading a snapshot with progress and
// timings, writing results, and how each subcommand registers itself with CLI11.
#pragma once

#include <CLI/CLI.hpp>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

#include "heapsnap/format/snapshot_loader.h"

namespace heapsnap::cli {

// Exit codes (docs/exit-codes.md).
inline constexpr int kExitOk = 0;
inline constexpr int kExitRegression = 1;  // `gate` found a regression
inline constexpr int kExitError = 2;       // usage, bad input, internal error

// Set by each subcommand's CLI11 callback; main() runs it after parsing.
using CommandAction = std::function<int()>;

struct CommonOptions {
  bool json = false;
  bool timings = false;
};
// Adds --json and --timings to a subcommand.
void add_common_options(CLI::App& command, CommonOptions& options);

// Prints "phase  1.234 s" lines to stderr at the end of a command when --timings is given.
class PhaseTimer {
 public:
  explicit PhaseTimer(bool enabled) : enabled_(enabled), start_(std::chrono::steady_clock::now()) {}
  ~PhaseTimer();
  PhaseTimer(const PhaseTimer&) = delete;
  PhaseTimer& operator=(const PhaseTimer&) = delete;
  void add(const std::string& phase, double seconds) { phases_.emplace_back(phase, seconds); }
  // Times `work` and records it as `phase`.
  template <typename F>
  auto time(const std::string& phase, F&& work) {
    const auto start = std::chrono::steady_clock::now();
    if constexpr (std::is_void_v<decltype(work())>) {
      work();
      add(phase, elapsed(start));
    } else {
      auto result = work();
      add(phase, elapsed(start));
      return result;
    }
  }

 private:
  static double elapsed(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  }
  bool enabled_;
  std::chrono::steady_clock::time_point start_;
  std::vector<std::pair<std::string, double>> phases_;
};

// Loads `path` with a progress bar on stderr when it is a TTY; records load phases in `timer`;
// prints the load's warnings.
format::LoadedSnapshot load_for_command(const std::string& path, PhaseTimer& timer);
// Prints "heapsnap: warning: 'path': ..." on stderr for each warning of a load.
void print_load_warnings(const std::string& path, const format::LoadStats& stats);

// Writes `text` to stdout. A closed pipe (heapsnap ... | head) is not an error.
void write_stdout(const std::string& text);

// Registration functions, one per subcommand (cmd_<name>.cpp).
void add_info_command(CLI::App& app, CommandAction& action);
void add_top_command(CLI::App& app, CommandAction& action);
void add_paths_command(CLI::App& app, CommandAction& action);
void add_diff_command(CLI::App& app, CommandAction& action);
void add_summary_command(CLI::App& app, CommandAction& action);
void add_dominators_command(CLI::App& app, CommandAction& action);
void add_inspect_command(CLI::App& app, CommandAction& action);
void add_gate_command(CLI::App& app, CommandAction& action);

}  // namespace heapsnap::cli

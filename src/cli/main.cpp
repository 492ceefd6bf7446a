// heapsnap: a command-line analyzer for V8 heap snapshots. main() only parses arguments, runs the
// chosen subcommand and maps the outcome to an exit code; the work lives in libheapsnap.
#include <fmt/format.h>

#include <csignal>
#include <cstdio>
#include <new>
#include <string>
#include <vector>

#include "command.h"
#include "heapsnap/util/error.h"

namespace heapsnap::cli {
namespace {

// Builds the whole command line (every subcommand), parses `argv` and runs the chosen command.
// Errors become one line on stderr and exit code 2.
int parse_and_run(int argc, const char* const* argv) {
  CLI::App app{"heapsnap: find what grows in V8 heap snapshots (Node.js, Chrome), who keeps it\n"
               "alive, and where it was allocated.",
               "heapsnap"};
  app.set_version_flag("--version", std::string("heapsnap ") + HEAPSNAP_VERSION);
  app.require_subcommand(1);
  app.footer("Exit codes: 0 ok, 1 gate found a regression, 2 usage or input error.\n"
             "Run 'heapsnap COMMAND --help' for a command's options.");
  CommandAction action;
  add_info_command(app, action);
  add_top_command(app, action);
  add_paths_command(app, action);
  add_diff_command(app, action);
  add_summary_command(app, action);
  add_dominators_command(app, action);
  add_inspect_command(app, action);
  add_gate_command(app, action);
  add_suspects_command(app, action);
  add_capture_command(app, action);
  add_record_command(app, action);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version print what they show; a mistake is one line (command.h).
    if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success))
      return app.exit(e) == 0 ? kExitOk : kExitError;
    std::fprintf(stderr, "%s\n", usage_error_line(app, e, argc, argv).c_str());
    return kExitError;
  }
  try {
    return action ? action() : kExitError;
  } catch (const heapsnap::Error& e) {
    std::fprintf(stderr, "heapsnap: error: %s\n", e.what());
  } catch (const std::bad_alloc&) {
    std::fprintf(stderr, "heapsnap: error: out of memory\n");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "heapsnap: internal error: %s\n", e.what());
  }
  return kExitError;
}

}  // namespace

int run_subcommand(const std::vector<std::string>& args) {
  std::vector<const char*> argv{"heapsnap"};
  for (const auto& arg : args) argv.push_back(arg.c_str());
  return parse_and_run(static_cast<int>(argv.size()), argv.data());
}

}  // namespace heapsnap::cli

int main(int argc, char** argv) {
  std::signal(SIGPIPE, SIG_IGN);  // a closed pipe shows up as EPIPE in write_stdout
  return heapsnap::cli::parse_and_run(argc, argv);
}

// heapsnap capture (--pid PID | --inspect HOST:PORT) [-o FILE] [--no-gc] [--track-allocations]
//                  [--wait DURATION] [--timeout DURATION]
//
// Takes a heap snapshot of a running Node.js process through its inspector (the DevTools
// protocol, src/inspector/) and leaves the process running. For a pid the inspector is opened
// with SIGUSR1 first, as `node inspect -p` does (inspector/node_process.h). The capture itself is
// inspector/capture.h.
#include <fmt/format.h>

#include <cstdio>
#include <memory>

#include "command.h"
#include "heapsnap/inspector/capture.h"
#include "heapsnap/util/byte_units.h"
#include "heapsnap/util/duration.h"

namespace heapsnap::cli {
namespace {

struct CaptureOptions {
  int pid = 0;
  std::string inspect;
  std::string output;
  bool no_gc = false;
  bool track_allocations = false;
  std::string wait;
  std::string timeout = "60s";
};

int run_capture(const CaptureOptions& o) {
  inspector::CaptureOptions options;
  options.timeouts.idle = parse_duration(o.timeout, "--timeout");
  if (!o.wait.empty()) options.wait = parse_duration(o.wait, "--wait");
  else if (o.track_allocations) options.wait = std::chrono::seconds(10);
  if (!o.inspect.empty()) {
    options.endpoint = inspector::parse_endpoint(o.inspect);
    if (!inspector::is_loopback_host(options.endpoint.host))
      std::fprintf(stderr,
                   "heapsnap: warning: %s is not a loopback address; whoever reaches an inspector "
                   "has full control of the process\n",
                   options.endpoint.host.c_str());
  } else {
    options.pid = o.pid;
  }
  options.path = o.output;
  options.collect_garbage = !o.no_gc;
  options.track_allocations = o.track_allocations;
  options.progress = capture_progress();
  options.on_wait = [&o] {
    std::fprintf(stderr, "heapsnap: waiting %s before the snapshot%s\n",
                 o.wait.empty() ? "10s" : o.wait.c_str(),
                 o.track_allocations ? " (recording allocation stacks)" : "");
  };

  const inspector::CaptureResult r = inspector::capture_snapshot(options);
  report::write_stdout(fmt::format("wrote {} ({} of snapshot{}, {:.1f} s) from {}\n", r.path,
                                   format_bytes(r.file.snapshot_bytes),
                                   r.file.file_bytes != r.file.snapshot_bytes
                                       ? ", " + format_bytes(r.file.file_bytes) + " on disk"
                                       : std::string(),
                                   r.file.seconds, r.endpoint.to_string()));
  return kExitOk;
}

}  // namespace

void add_capture_command(CLI::App& app, CommandAction& action) {
  auto o = std::make_shared<CaptureOptions>();
  CLI::App* command = app.add_subcommand(
      "capture",
      "Take a heap snapshot of a running Node.js process through its inspector; the process "
      "keeps running");
  command->footer(
      "The inspector gives whoever connects full control of the process: heapsnap talks to\n"
      "loopback addresses only unless --inspect names another host, and --pid opens the\n"
      "inspector on 127.0.0.1 (port 9229 unless the process was started with --inspect-port).\n"
      "FILE.partial receives the snapshot as it arrives; it becomes FILE when complete and is\n"
      "deleted if the capture fails. Object ids are renumbered and allocation tracking stops\n"
      "when the session detaches: take series to diff with 'heapsnap record'.");
  auto* pid = command->add_option("--pid", o->pid,
                                  "Node.js process to capture (its inspector is opened with SIGUSR1)");
  auto* inspect = command->add_option("--inspect", o->inspect,
                                      "Inspector address HOST:PORT of a process started with --inspect");
  pid->excludes(inspect);
  command->add_option("-o,--output", o->output,
                      "Snapshot file; .gz or .zst compresses (default heap-PID-TIME.heapsnapshot)");
  command->add_flag("--no-gc", o->no_gc, "Do not collect garbage before the snapshot");
  command->add_flag("--track-allocations", o->track_allocations,
                    "Record allocation stacks for --wait (default 10s) before the snapshot");
  command->add_option("--wait", o->wait, "Wait this long before taking the snapshot (e.g. 30s)");
  command->add_option("--timeout", o->timeout,
                      "Give up when the inspector sends nothing for this long")
      ->capture_default_str();
  command->callback([o, pid, inspect, &action] {
    if (pid->count() == 0 && inspect->count() == 0)
      throw CLI::RequiredError("--pid or --inspect");
    action = [o] { return run_capture(*o); };
  });
}

}  // namespace heapsnap::cli

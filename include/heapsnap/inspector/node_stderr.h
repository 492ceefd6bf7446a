// The stderr of a Node.js program started with --inspect (node_program.h). Node writes its
// inspector's lines there: "Debugger listening on ws://127.0.0.1:PORT/ID" (how heapsnap learns the
// port it chose), "For help, see: https://nodejs.org/en/docs/inspector", "Debugger attached.",
// "Debugger ending on ws://...", and "Waiting for the debugger to disconnect..." when the program
// is done but an inspector session is still open. Those lines are taken out; the program's own
// output passes through unchanged.
#pragma once

#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

namespace heapsnap::inspector {

enum class NodeStderrLine {
  kProgramOutput,       // the program's own: passed on
  kInspectorListening,  // "Debugger listening on URL"
  kInspectorChatter,    // help link, attached, ending: dropped
  kWaitingForDebugger,  // the program is done and waits for the session to close
};

// What `line` (without its line break) is; for kInspectorListening, `url` receives the URL.
NodeStderrLine classify_node_stderr_line(std::string_view line, std::string* url = nullptr);

// Reads a program's stderr on a thread, line by line: the program's output is written to
// `forward_fd` as it was, Node's inspector lines are dropped, and `on_line` (called on the relay's
// thread) hears of kInspectorListening and kWaitingForDebugger. A line longer than 64 KiB without
// a break is passed on as it is.
class StderrRelay {
 public:
  using LineHandler = std::function<void(NodeStderrLine)>;

  // Takes ownership of `read_fd`.
  StderrRelay(int read_fd, int forward_fd, LineHandler on_line);
  ~StderrRelay() { stop(); }
  StderrRelay(const StderrRelay&) = delete;
  StderrRelay& operator=(const StderrRelay&) = delete;

  // Ends the relay and closes `read_fd` (a grandchild may keep the pipe open; its output is no
  // longer shown). Lines already read are handled first.
  void stop();
  // The inspector's URL, once the "Debugger listening on" line has been read (the first one).
  std::optional<std::string> url();

 private:
  void run();
  void line(std::string_view text);  // with its '\n', if any
  void forward(std::string_view text) const;

  int fd_;
  int forward_fd_;
  LineHandler on_line_;
  int stop_[2] = {-1, -1};
  std::thread thread_;
  std::mutex mutex_;
  std::optional<std::string> url_;
};

}  // namespace heapsnap::inspector

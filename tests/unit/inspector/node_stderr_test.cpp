// Node's inspector lines on stderr (as Node 20 prints them with --inspect=127.0.0.1:0) told apart
// from the program's own output, and the relay that takes them out of a pipe.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "heapsnap/inspector/node_stderr.h"
#include "unit/support/read_fd.h"

using namespace heapsnap::inspector;

TEST_CASE("node stderr: the inspector's lines and the program's", "[inspector]") {
  std::string url;
  CHECK(classify_node_stderr_line(
            "Debugger listening on ws://127.0.0.1:40123/2b7c6f1e-8d0a-4c5b-9e3f-1a2b3c4d5e6f", &url) ==
        NodeStderrLine::kInspectorListening);
  CHECK(url == "ws://127.0.0.1:40123/2b7c6f1e-8d0a-4c5b-9e3f-1a2b3c4d5e6f");
  CHECK(classify_node_stderr_line("For help, see: https://nodejs.org/en/docs/inspector") ==
        NodeStderrLine::kInspectorChatter);
  CHECK(classify_node_stderr_line("Debugger attached.") == NodeStderrLine::kInspectorChatter);
  CHECK(classify_node_stderr_line("Debugger ending on ws://127.0.0.1:40123/2b7c") ==
        NodeStderrLine::kInspectorChatter);
  CHECK(classify_node_stderr_line("Waiting for the debugger to disconnect...") ==
        NodeStderrLine::kWaitingForDebugger);
  // The program's own lines, even when they mention the debugger.
  url = "unchanged";
  CHECK(classify_node_stderr_line("  Debugger listening on ws://x", &url) ==
        NodeStderrLine::kProgramOutput);
  CHECK(url == "unchanged");
  CHECK(classify_node_stderr_line("Debugger attached. Or not.") == NodeStderrLine::kProgramOutput);
  CHECK(classify_node_stderr_line("Error: ENOENT") == NodeStderrLine::kProgramOutput);
  CHECK(classify_node_stderr_line("") == NodeStderrLine::kProgramOutput);
}

TEST_CASE("node stderr: the relay passes the program's output and spots the inspector", "[inspector]") {
  int in[2], out[2];
  REQUIRE(::pipe2(in, O_CLOEXEC) == 0);
  REQUIRE(::pipe2(out, O_CLOEXEC) == 0);
  std::string forwarded;  // read as the relay writes: the pipe holds less than the long line
  std::thread reader([&] { forwarded = heapsnap::test::read_until_end(out[0]); });
  std::mutex mutex;
  std::vector<NodeStderrLine> spotted;
  StderrRelay relay(in[0], out[1], [&](NodeStderrLine line) {
    std::lock_guard lock(mutex);
    spotted.push_back(line);
  });
  const std::string long_line(70000, 'x');  // no line break: passed on in one piece
  const std::string text =
      "Debugger listening on ws://127.0.0.1:9230/abc\r\n"
      "For help, see: https://nodejs.org/en/docs/inspector\n"
      "starting\n"
      "Debugger listening on ws://127.0.0.1:9999/second\n"
      "Debugger attached.\n"
      "Waiting for the debugger to disconnect...\n" +
      long_line;
  REQUIRE(::write(in[1], text.data(), text.size()) == static_cast<ssize_t>(text.size()));
  REQUIRE(::write(in[1], "\ntail without a break", 21) == 21);
  ::close(in[1]);  // EOF ends the relay's loop; stop() joins it
  relay.stop();
  ::close(out[1]);
  reader.join();
  CHECK(forwarded == "starting\n" + long_line + "\ntail without a break");
  ::close(out[0]);
  CHECK(relay.url() == "ws://127.0.0.1:9230/abc");  // the first one, without the \r
  std::lock_guard lock(mutex);
  CHECK(spotted == std::vector<NodeStderrLine>{NodeStderrLine::kInspectorListening,
                                               NodeStderrLine::kInspectorListening,
                                               NodeStderrLine::kWaitingForDebugger});
}

// NodeProgram on shell scripts standing in for node (the e2e tests run real Node programs): the
// argument it adds, stderr on the given descriptor, exit descriptions, SIGTERM and SIGKILL.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>

#include "heapsnap/inspector/node_program.h"
#include "heapsnap/util/error.h"
#include "unit/support/read_fd.h"

using namespace heapsnap;
using namespace heapsnap::inspector;
using std::chrono::milliseconds;

namespace {

// An executable script in a fresh directory, removed with it.
class Script {
 public:
  explicit Script(const std::string& body) {
    char dir[] = "/tmp/heapsnap-node-program-XXXXXX";
    REQUIRE(::mkdtemp(dir) != nullptr);
    dir_ = dir;
    path_ = dir_ + "/fake-node";
    std::ofstream(path_) << "#!/bin/sh\n" << body << "\n";
    REQUIRE(::chmod(path_.c_str(), 0700) == 0);
  }
  ~Script() {
    std::remove(path_.c_str());
    ::rmdir(dir_.c_str());
  }
  const std::string& path() const { return path_; }

 private:
  std::string dir_;
  std::string path_;
};


}  // namespace

TEST_CASE("node program: --inspect goes first and stderr goes where asked", "[inspector]") {
  const Script script("echo \"$@\" >&2; exit 3");
  int err[2];
  REQUIRE(::pipe2(err, O_CLOEXEC) == 0);
  NodeProgram program({script.path(), "app.js", "--port", "8080"}, err[1]);
  ::close(err[1]);
  CHECK(program.pid() > 0);
  CHECK(test::read_until_end(err[0]) == "--inspect=127.0.0.1:0 app.js --port 8080\n");
  ::close(err[0]);
  CHECK(program.wait_exit(milliseconds(10000)));
  CHECK(program.exit_description() == "exit code 3");
}

TEST_CASE("node program: SIGTERM and SIGKILL after the grace period", "[inspector]") {
  SECTION("a program that ends on SIGTERM") {
    const Script script("exec sleep 30");
    bool killed = false;
    NodeProgram program({script.path()}, STDERR_FILENO, [&](milliseconds) { killed = true; });
    CHECK_FALSE(program.exited());
    CHECK(program.exit_description() == "running");
    program.stop(milliseconds(10000));
    CHECK(program.exited());
    CHECK(program.exit_description() == "killed by Terminated");
    CHECK_FALSE(killed);
  }
  SECTION("a program that ignores it") {
    const Script script("trap '' TERM; echo ready >&2; exec sleep 30");
    int err[2];
    REQUIRE(::pipe2(err, O_CLOEXEC) == 0);
    milliseconds notice{0};
    NodeProgram program({script.path()}, err[1], [&](milliseconds grace) { notice = grace; });
    ::close(err[1]);
    char ready[6] = {};
    REQUIRE(::read(err[0], ready, 6) == 6);  // the trap is set
    ::close(err[0]);
    program.stop(milliseconds(200));
    CHECK(notice == milliseconds(200));
    CHECK(program.exit_description() == "killed by Killed");
  }
}

TEST_CASE("node program: a command that cannot run", "[inspector]") {
  try {
    NodeProgram program({"/nonexistent/heapsnap-test/node", "app.js"}, STDERR_FILENO);
    FAIL("no error");
  } catch (const Error& e) {
    CHECK(std::string(e.what()) ==
          "cannot run '/nonexistent/heapsnap-test/node': No such file or directory");
  }
}

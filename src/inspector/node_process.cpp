#include "heapsnap/inspector/node_process.h"

#include <dirent.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include "heapsnap/inspector/http.h"
#include "heapsnap/inspector/protocol.h"
#include "heapsnap/util/error.h"

namespace heapsnap::inspector {
namespace {

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return {};
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string proc_dir(pid_t pid) { return "/proc/" + std::to_string(pid); }

// Socket inodes of the process ("socket:[12345]" links in /proc/PID/fd).
std::set<uint64_t> socket_inodes(pid_t pid) {
  const std::string dir = proc_dir(pid) + "/fd";
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr)
    throw Error("cannot read " + dir + ": " + std::strerror(errno) +
                (errno == EACCES ? " (run heapsnap as the process's user)" : ""));
  std::set<uint64_t> inodes;
  while (const dirent* entry = ::readdir(d)) {
    if (entry->d_name[0] == '.') continue;
    char target[128];
    const std::string link = dir + "/" + entry->d_name;
    const ssize_t n = ::readlink(link.c_str(), target, sizeof target - 1);
    if (n <= 0) continue;
    target[n] = '\0';
    unsigned long long inode = 0;
    if (std::sscanf(target, "socket:[%llu]", &inode) == 1) inodes.insert(inode);
  }
  ::closedir(d);
  return inodes;
}

bool hex_address_is_loopback(std::string_view hex) {
  // /proc/net/tcp prints addresses as the bytes of the kernel's 32-bit words, each word in host
  // (little-endian) order: 127.0.0.1 is 0100007F; ::1 is 00000000000000000000000001000000;
  // ::ffff:127.0.0.1 is 0000000000000000FFFF00000100007F.
  if (hex.size() == 8) return hex.substr(6, 2) == "7F";
  if (hex.size() == 32) {
    if (hex == "00000000000000000000000001000000") return true;
    return hex.substr(0, 24) == "0000000000000000FFFF0000" && hex.substr(30, 2) == "7F";
  }
  return false;
}

bool looks_like_node(pid_t pid, std::string& description) {
  char exe[4096];
  const std::string link = proc_dir(pid) + "/exe";
  const ssize_t n = ::readlink(link.c_str(), exe, sizeof exe - 1);
  std::string exe_path = n > 0 ? std::string(exe, static_cast<size_t>(n)) : std::string();
  std::string comm = read_text(proc_dir(pid) + "/comm");
  while (!comm.empty() && comm.back() == '\n') comm.pop_back();
  const std::string exe_name = exe_path.substr(exe_path.rfind('/') + 1);
  description = exe_path.empty() ? comm : exe_path;
  return exe_name.find("node") != std::string::npos || comm.find("node") != std::string::npos;
}

bool answers_as_inspector(uint16_t port, std::chrono::milliseconds timeout) {
  try {
    const auto targets = parse_target_list(http_get({"127.0.0.1", port}, "/json/list", timeout));
    return !targets.empty();
  } catch (const Error&) {
    return false;
  }
}

}  // namespace

std::set<uint16_t> parse_proc_net_tcp(std::string_view text, const std::set<uint64_t>& inodes) {
  std::set<uint16_t> ports;
  size_t start = text.find('\n');  // skip the header line
  while (start != std::string_view::npos && start + 1 < text.size()) {
    ++start;
    const size_t end = std::min(text.find('\n', start), text.size());
    std::istringstream line{std::string(text.substr(start, end - start))};
    start = end;
    // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
    std::string slot, local, remote, state, queues, timer, retransmits, uid, timeout;
    uint64_t inode = 0;
    if (!(line >> slot >> local >> remote >> state >> queues >> timer >> retransmits >> uid >>
          timeout >> inode))
      continue;
    if (state != "0A") continue;  // TCP_LISTEN
    if (!inodes.empty() && inodes.count(inode) == 0) continue;
    const size_t colon = local.find(':');
    if (colon == std::string::npos || !hex_address_is_loopback(local.substr(0, colon))) continue;
    const unsigned long port = std::strtoul(local.c_str() + colon + 1, nullptr, 16);
    if (port > 0 && port <= 65535) ports.insert(static_cast<uint16_t>(port));
  }
  return ports;
}

bool status_catches_signal(std::string_view status_text, int signal) {
  const size_t at = status_text.find("SigCgt:");
  if (at == std::string_view::npos) return false;
  const unsigned long long mask =
      std::strtoull(std::string(status_text.substr(at + 7, 40)).c_str(), nullptr, 16);
  return signal >= 1 && signal <= 64 && ((mask >> (signal - 1)) & 1) != 0;
}

std::set<uint16_t> loopback_listening_ports(pid_t pid) {
  const std::set<uint64_t> inodes = socket_inodes(pid);
  std::set<uint16_t> ports;
  if (inodes.empty()) return ports;
  for (const char* file : {"/net/tcp", "/net/tcp6"}) {
    const auto found = parse_proc_net_tcp(read_text(proc_dir(pid) + file), inodes);
    ports.insert(found.begin(), found.end());
  }
  return ports;
}

Endpoint activate_node_inspector(pid_t pid, std::chrono::milliseconds timeout) {
  const std::string who = "pid " + std::to_string(pid);
  if (pid <= 0) throw Error(who + ": not a process id");
  if (::kill(pid, 0) != 0)
    throw Error(who + ": " +
                (errno == ESRCH ? std::string("no such process")
                                : std::string(std::strerror(errno)) +
                                      " (run heapsnap as the process's user)"));
  std::string description;
  if (!looks_like_node(pid, description))
    throw Error(who + " (" + description +
                ") is not a Node.js process; heapsnap sends SIGUSR1 only to node, since the "
                "signal ends processes that do not handle it");
  if (!status_catches_signal(read_text(proc_dir(pid) + "/status"), SIGUSR1))
    throw Error(who + " (" + description +
                ") does not handle SIGUSR1 (started with --disable-sigusr1?); start it with "
                "--inspect and use --inspect HOST:PORT");
  const std::set<uint16_t> before = loopback_listening_ports(pid);
  if (::kill(pid, SIGUSR1) != 0)
    throw Error(who + ": cannot send SIGUSR1: " + std::strerror(errno));

  const auto deadline = Clock::now() + timeout;
  const auto probe = std::chrono::milliseconds(1000);
  for (;;) {
    const std::set<uint16_t> now = loopback_listening_ports(pid);
    std::vector<uint16_t> order;
    for (const uint16_t p : now)
      if (before.count(p) == 0) order.push_back(p);
    if (now.count(9229) && before.count(9229)) order.push_back(9229);
    for (const uint16_t p : now)
      if (before.count(p) != 0 && p != 9229) order.push_back(p);
    for (const uint16_t p : order)
      if (answers_as_inspector(p, probe)) return Endpoint{"127.0.0.1", p};
    if (Clock::now() >= deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    if (::kill(pid, 0) != 0) throw Error(who + " exited after SIGUSR1");
  }
  throw Error(who + " opened no inspector on a loopback port within " +
              std::to_string(timeout.count()) +
              " ms of SIGUSR1 (is its --inspect-port taken, or its host not 127.0.0.1?)");
}

}  // namespace heapsnap::inspector

// Opening the inspector of a running Node.js process by its pid, as `node inspect -p PID` does:
// send it SIGUSR1, on which Node starts its inspector (on --inspect-port, default 9229, host
// 127.0.0.1). `node inspect -p` then simply tries 127.0.0.1:9229; heapsnap instead finds the port
// the process really listens on from /proc (its socket inodes in /proc/PID/fd matched against the
// listening sockets in /proc/PID/net/tcp and tcp6), so --inspect-port and an inspector that was
// already open on another port work too.
//
// SIGUSR1 ends a process that does not handle it, so the signal is sent only to a process whose
// executable or name says "node" and that handles SIGUSR1 (/proc/PID/status, SigCgt).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "heapsnap/inspector/tcp_stream.h"

namespace heapsnap::inspector {

// The loopback TCP ports `pid` listens on (127.0.0.0/8 and ::1; IPv4-mapped loopback too).
// Throws heapsnap::Error when /proc/PID cannot be read (no such process, no permission).
std::set<uint16_t> loopback_listening_ports(pid_t pid);

// Listening loopback ports in the text of a /proc/net/tcp or tcp6 file whose socket inode is in
// `inodes` (every socket when `inodes` is empty).
std::set<uint16_t> parse_proc_net_tcp(std::string_view text, const std::set<uint64_t>& inodes);

// True when a /proc/PID/status text's SigCgt mask has `signal` set.
bool status_catches_signal(std::string_view status_text, int signal);

// Sends SIGUSR1 to a Node.js process and returns the endpoint of its inspector, trying first the
// ports that opened after the signal, then 9229, then the process's other loopback ports (each
// must answer GET /json/list). Throws heapsnap::Error with what went wrong.
Endpoint activate_node_inspector(pid_t pid, std::chrono::milliseconds timeout);

}  // namespace heapsnap::inspector

// DevTools protocol messages, HTTP heads, addresses and /proc parsing, on text written by hand
// after what Node 20 sends (the e2e tests talk to real Node processes).
#include <catch2/catch.hpp>

#include <csignal>

#include "heapsnap/inspector/http.h"
#include "heapsnap/inspector/node_process.h"
#include "heapsnap/inspector/protocol.h"
#include "heapsnap/inspector/tcp_stream.h"
#include "heapsnap/util/error.h"

using namespace heapsnap;
using namespace heapsnap::inspector;

TEST_CASE("protocol: responses, errors and the events a capture handles", "[inspector][protocol]") {
  ProtocolParser parser;
  ProtocolMessage m;
  parser.parse(R"({"id":7,"result":{}})", m);
  CHECK(m.is_response);
  CHECK(m.id == 7);
  CHECK(m.error.empty());

  parser.parse(R"({"id":8,"error":{"code":-32601,"message":"'Foo.bar' wasn't found"}})", m);
  CHECK(m.is_response);
  CHECK(m.id == 8);
  CHECK(m.error == "'Foo.bar' wasn't found");

  // Chunks are JSON text inside a JSON string: escapes must come out unescaped.
  parser.parse(
      R"({"method":"HeapProfiler.addHeapSnapshotChunk","params":{"chunk":"{\"snapshot\":{\"meta\":\n\"a\\\"b\u00e9\"}"}})",
      m);
  CHECK_FALSE(m.is_response);
  CHECK(m.method == "HeapProfiler.addHeapSnapshotChunk");
  CHECK(m.chunk == "{\"snapshot\":{\"meta\":\n\"a\\\"b\xc3\xa9\"}");

  parser.parse(
      R"({"method":"HeapProfiler.reportHeapSnapshotProgress","params":{"done":35865,"total":35865,"finished":true}})",
      m);
  CHECK(m.done == 35865);
  CHECK(m.total == 35865);
  CHECK(m.finished);
  CHECK(m.chunk.empty());  // cleared from the message before

  parser.parse(R"({"method":"HeapProfiler.heapStatsUpdate","params":{"statsUpdate":[0,1,2]}})", m);
  CHECK(m.method == "HeapProfiler.heapStatsUpdate");
}

TEST_CASE("protocol: what is not a protocol message is an error", "[inspector][protocol]") {
  ProtocolParser parser;
  ProtocolMessage m;
  CHECK_THROWS_AS(parser.parse("", m), Error);
  CHECK_THROWS_AS(parser.parse("[1,2]", m), Error);
  CHECK_THROWS_AS(parser.parse(R"({"id":1,"result":)", m), Error);
  CHECK_THROWS_AS(parser.parse(R"({"result":{}})", m), Error);
  CHECK_THROWS_WITH(parser.parse(R"({"method":"HeapProfiler.addHeapSnapshotChunk","params":{}})", m),
                    Catch::Contains("params.chunk"));
  CHECK_THROWS_AS(
      parser.parse(R"({"method":"HeapProfiler.reportHeapSnapshotProgress","params":{"done":-1}})", m),
      Error);
}

TEST_CASE("protocol: commands are JSON with the method escaped", "[inspector][protocol]") {
  CHECK(protocol_command(3, "HeapProfiler.takeHeapSnapshot", R"({"reportProgress":true})") ==
        R"({"id":3,"method":"HeapProfiler.takeHeapSnapshot","params":{"reportProgress":true}})");
  CHECK(protocol_command(4, "a\"b", "") == R"({"id":4,"method":"a\"b","params":{}})");
}

TEST_CASE("protocol: Node's /json/list", "[inspector][protocol]") {
  const auto targets = parse_target_list(R"([ {
  "description": "node.js instance",
  "devtoolsFrontendUrl": "devtools://devtools/bundled/js_app.html?experiments=true&v8only=true&ws=127.0.0.1:9229/0f2c",
  "faviconUrl": "https://nodejs.org/static/images/favicons/favicon.ico",
  "id": "0f2c",
  "title": "app.js",
  "type": "node",
  "url": "file:///srv/app.js",
  "webSocketDebuggerUrl": "ws://127.0.0.1:9229/0f2c"
} ])");
  REQUIRE(targets.size() == 1);
  CHECK(targets[0].type == "node");
  CHECK(targets[0].title == "app.js");
  CHECK(targets[0].websocket_url == "ws://127.0.0.1:9229/0f2c");
  CHECK(websocket_path(targets[0].websocket_url) == "/0f2c");
  CHECK(websocket_path("ws://[::1]:9229") == "/");
  CHECK_THROWS_AS(websocket_path("http://127.0.0.1:9229/x"), Error);
  CHECK_THROWS_AS(websocket_path("ws://h/a b"), Error);
  CHECK(parse_target_list("[]").empty());
  CHECK_THROWS_AS(parse_target_list("<html>"), Error);
  CHECK_THROWS_AS(parse_target_list("[1]"), Error);
}

TEST_CASE("http: status line and headers", "[inspector][http]") {
  const std::string head =
      "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nconnection: Upgrade\r\n"
      "Sec-WebSocket-Accept:   s3pPLMBiTxaQ9kYGzzhZRbK+xOo= ";
  const HttpHead parsed = parse_http_head(head, "127.0.0.1:9229");
  CHECK(parsed.status == 101);
  CHECK(http_header(head, "sec-websocket-accept") == "s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  CHECK(http_header(head, "Connection") == "Upgrade");
  CHECK_FALSE(http_header(head, "Content-Length").has_value());
  CHECK_THROWS_WITH(parse_http_head("SSH-2.0-OpenSSH_9.2", "127.0.0.1:22"),
                    Catch::Contains("did not answer with HTTP"));
  CHECK_THROWS_AS(parse_http_head("HTTP/1.1 abc", "x"), Error);
}

TEST_CASE("endpoints: HOST:PORT forms and loopback", "[inspector][endpoint]") {
  CHECK(parse_endpoint("127.0.0.1:9229").host == "127.0.0.1");
  CHECK(parse_endpoint("127.0.0.1:9229").port == 9229);
  CHECK(parse_endpoint("localhost:9230").to_string() == "localhost:9230");
  CHECK(parse_endpoint("[::1]:9229").host == "::1");
  CHECK(parse_endpoint("[::1]:9229").to_string() == "[::1]:9229");
  CHECK(parse_endpoint("9229").host == "127.0.0.1");
  CHECK(parse_endpoint(":9231").port == 9231);
  for (const char* bad : {"", "host:", "host:0", "host:65536", "host:12x", "::1:9229", "[::1]9229"})
    CHECK_THROWS_AS(parse_endpoint(bad), Error);
  CHECK(is_loopback_host("127.0.0.1"));
  CHECK(is_loopback_host("127.1.2.3"));
  CHECK(is_loopback_host("localhost"));
  CHECK(is_loopback_host("::1"));
  CHECK_FALSE(is_loopback_host("10.0.0.1"));
  CHECK_FALSE(is_loopback_host("127.example.com"));
  CHECK_FALSE(is_loopback_host("0.0.0.0"));
}

TEST_CASE("/proc: listening loopback ports of a process's sockets", "[inspector][proc]") {
  // /proc/net/tcp as Linux prints it: 127.0.0.1:9229 (0x240D) listening, inode 1001; an app on
  // 0.0.0.0:8080 listening; an established loopback connection; 127.0.0.1:5000 listening, other
  // process's inode.
  const std::string tcp =
      "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
      "   0: 0100007F:240D 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1001 1 0000000000000000 100 0 0 10 0\n"
      "   1: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1002 1 0000000000000000 100 0 0 10 0\n"
      "   2: 0100007F:9C40 0100007F:240D 01 00000000:00000000 00:00000000 00000000     0        0 1003 1 0000000000000000 20 4 30 10 -1\n"
      "   3: 0100007F:1388 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2001 1 0000000000000000 100 0 0 10 0\n";
  CHECK(parse_proc_net_tcp(tcp, {1001, 1002, 1003}) == std::set<uint16_t>{9229});
  CHECK(parse_proc_net_tcp(tcp, {}) == std::set<uint16_t>{9229, 5000});
  const std::string tcp6 =
      "  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
      "   0: 00000000000000000000000001000000:240E 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 7 1 0000000000000000 100 0 0 10 0\n"
      "   1: 0000000000000000FFFF00000100007F:240F 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 8 1 0000000000000000 100 0 0 10 0\n"
      "   2: 00000000000000000000000000000000:2410 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 9 1 0000000000000000 100 0 0 10 0\n";
  CHECK(parse_proc_net_tcp(tcp6, {7, 8, 9}) == std::set<uint16_t>{9230, 9231});
  CHECK(parse_proc_net_tcp("garbage\nmore garbage\n", {}).empty());
}

TEST_CASE("/proc: SigCgt tells which signals a process handles", "[inspector][proc]") {
  // Node 20: SIGINT, SIGUSR1, SIGSEGV, SIGTERM and a real-time signal.
  const std::string node = "Name:\tnode\nSigBlk:\t0000000000000000\nSigIgn:\t0000000000001000\n"
                           "SigCgt:\t0000000100004602\n";
  CHECK(status_catches_signal(node, SIGUSR1));
  CHECK(status_catches_signal(node, SIGTERM));
  CHECK_FALSE(status_catches_signal(node, SIGUSR2));
  CHECK_FALSE(status_catches_signal("Name:\tsleep\nSigCgt:\t0000000000000000\n", SIGUSR1));
  CHECK_FALSE(status_catches_signal("no mask here", SIGUSR1));
}

TEST_CASE("tcp: a closed port is refused at once, with the address in the message",
          "[inspector][tcp]") {
  // Port 1 on loopback: nothing listens there on a test machine.
  CHECK_THROWS_WITH(TcpStream::connect(parse_endpoint("127.0.0.1:1"), std::chrono::seconds(2)),
                    Catch::Contains("cannot connect to 127.0.0.1:1"));
}

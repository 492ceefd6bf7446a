// The Chrome DevTools protocol messages heapsnap sends and reads: the target list of an inspector's
// HTTP endpoint (/json/list), commands ({"id","method","params"}), and the responses and events
// the inspector sends back. Parsing uses simdjson; every parse error is a heapsnap::Error with one
// line saying what was wrong.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace heapsnap::inspector {

// One entry of GET /json/list.
struct InspectorTarget {
  std::string id;
  std::string type;   // "node" for a Node.js process
  std::string title;  // the script, e.g. "app.js"
  std::string url;    // "file:///srv/app.js"
  std::string websocket_url;  // "ws://127.0.0.1:9229/0f2c…"
};

// Parses the JSON array /json/list returns; targets without a webSocketDebuggerUrl (one is
// attached elsewhere already, as Chrome reports it) are kept with an empty websocket_url.
std::vector<InspectorTarget> parse_target_list(std::string_view json);

// The path of a ws:// URL ("ws://127.0.0.1:9229/abc" → "/abc"). heapsnap connects to the address
// it asked, never to the host the inspector names in the URL. Throws for what is not ws://.
std::string websocket_path(std::string_view url);

// {"id":ID,"method":METHOD,"params":PARAMS}; `params_json` is a JSON object ("{}" for none).
std::string protocol_command(int64_t id, std::string_view method, std::string_view params_json);

// What heapsnap needs from one message the inspector sent: a response (has "id") or an event
// (has "method"), with the fields of the events it handles.
struct ProtocolMessage {
  bool is_response = false;
  int64_t id = 0;
  std::string method;       // an event's method
  std::string error;        // a response's error message ("" when it succeeded)
  // HeapProfiler.addHeapSnapshotChunk: a piece of the snapshot JSON text.
  std::string chunk;
  // HeapProfiler.reportHeapSnapshotProgress: objects done out of total.
  uint64_t done = 0;
  uint64_t total = 0;
  bool finished = false;
};

// Parses protocol messages, reusing its buffers from one message to the next.
class ProtocolParser {
 public:
  ProtocolParser();
  ~ProtocolParser();
  ProtocolParser(const ProtocolParser&) = delete;
  ProtocolParser& operator=(const ProtocolParser&) = delete;
  // Fills `out` from `text`. Throws heapsnap::Error for text that is not a protocol message.
  void parse(std::string_view text, ProtocolMessage& out);

 private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace heapsnap::inspector

#include "heapsnap/inspector/protocol.h"

#include <simdjson.h>

#include "heapsnap/util/error.h"

namespace heapsnap::inspector {
namespace {

// At most this much of a message goes into an error message.
std::string excerpt(std::string_view text) {
  std::string out(text.substr(0, 60));
  for (char& c : out)
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  return text.size() > 60 ? out + "..." : out;
}

std::string string_field(simdjson::dom::object object, std::string_view key) {
  std::string_view value;
  if (object[key].get_string().get(value)) return {};
  return std::string(value);
}

// Appends `text` as a JSON string literal (quotes and escapes).
void append_json_string(std::string& out, std::string_view text) {
  out += '"';
  for (const char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          static constexpr char kHex[] = "0123456789abcdef";
          out += "\\u00";
          out += kHex[(c >> 4) & 0xf];
          out += kHex[c & 0xf];
        } else {
          out += c;
        }
    }
  }
  out += '"';
}

}  // namespace

std::vector<InspectorTarget> parse_target_list(std::string_view json) {
  simdjson::dom::parser parser;
  const simdjson::padded_string padded(json);
  simdjson::dom::array targets;
  if (parser.parse(padded).get_array().get(targets))
    throw Error("the inspector's target list is not a JSON array: '" + excerpt(json) + "'");
  std::vector<InspectorTarget> out;
  for (const simdjson::dom::element element : targets) {
    simdjson::dom::object object;
    if (element.get_object().get(object))
      throw Error("the inspector's target list holds something other than objects");
    InspectorTarget t;
    t.id = string_field(object, "id");
    t.type = string_field(object, "type");
    t.title = string_field(object, "title");
    t.url = string_field(object, "url");
    t.websocket_url = string_field(object, "webSocketDebuggerUrl");
    out.push_back(std::move(t));
  }
  return out;
}

std::string websocket_path(std::string_view url) {
  constexpr std::string_view kScheme = "ws://";
  if (url.substr(0, kScheme.size()) != kScheme)
    throw Error("the inspector's WebSocket URL '" + excerpt(url) + "' does not start with ws://");
  const size_t slash = url.find('/', kScheme.size());
  if (slash == std::string_view::npos) return "/";
  std::string path(url.substr(slash));
  for (const char c : path)
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f)
      throw Error("the inspector's WebSocket URL '" + excerpt(url) + "' holds a control character");
  return path;
}

std::string protocol_command(int64_t id, std::string_view method, std::string_view params_json) {
  std::string out = "{\"id\":" + std::to_string(id) + ",\"method\":";
  append_json_string(out, method);
  out += ",\"params\":";
  out += params_json.empty() ? std::string_view("{}") : params_json;
  out += '}';
  return out;
}

struct ProtocolParser::State {
  simdjson::dom::parser parser;
  std::string buffer;  // the message with simdjson's padding after it
};

ProtocolParser::ProtocolParser() : state_(std::make_unique<State>()) {}
ProtocolParser::~ProtocolParser() = default;

void ProtocolParser::parse(std::string_view text, ProtocolMessage& out) {
  out.is_response = false;
  out.id = 0;
  out.method.clear();
  out.error.clear();
  out.chunk.clear();
  out.done = out.total = 0;
  out.finished = false;

  std::string& buffer = state_->buffer;
  buffer.assign(text);
  buffer.append(simdjson::SIMDJSON_PADDING, '\0');
  simdjson::dom::object message;
  const auto parsed =
      state_->parser.parse(buffer.data(), text.size(), false).get_object().get(message);
  if (parsed)
    throw Error("the inspector sent a message that is not a JSON object: '" + excerpt(text) + "'");

  int64_t id = 0;
  if (!message["id"].get_int64().get(id)) {
    out.is_response = true;
    out.id = id;
    simdjson::dom::object error;
    if (!message["error"].get_object().get(error)) {
      out.error = string_field(error, "message");
      if (out.error.empty()) out.error = "an error without a message";
    }
    return;
  }
  std::string_view method;
  if (message["method"].get_string().get(method))
    throw Error("the inspector sent a message with neither an id nor a method: '" +
                excerpt(text) + "'");
  out.method = method;
  simdjson::dom::object params;
  const bool has_params = !message["params"].get_object().get(params);
  if (method == "HeapProfiler.addHeapSnapshotChunk") {
    std::string_view chunk;
    if (!has_params || params["chunk"].get_string().get(chunk))
      throw Error("HeapProfiler.addHeapSnapshotChunk without a string params.chunk");
    out.chunk.assign(chunk);
  } else if (method == "HeapProfiler.reportHeapSnapshotProgress") {
    if (!has_params || params["done"].get_uint64().get(out.done) ||
        params["total"].get_uint64().get(out.total))
      throw Error("HeapProfiler.reportHeapSnapshotProgress without numbers done and total");
    bool finished = false;
    if (!params["finished"].get_bool().get(finished)) out.finished = finished;
  }
}

}  // namespace heapsnap::inspector

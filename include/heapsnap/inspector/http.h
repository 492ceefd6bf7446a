// The little HTTP/1.1 an inspector client needs: GET /json/list, and reading the head of the
// WebSocket upgrade answer. Responses are read with a deadline and a size limit.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "heapsnap/inspector/tcp_stream.h"

namespace heapsnap::inspector {

struct HttpHead {
  int status = 0;  // 200, 101, ...
  std::string text;  // status line and headers, without the blank line
};

// Parses a response head (status line and headers). Throws heapsnap::Error if it is not HTTP.
HttpHead parse_http_head(std::string_view head, const std::string& from);
// The value of header `name` (case-insensitive), trimmed; nullopt when absent.
std::optional<std::string> http_header(std::string_view head, std::string_view name);

// GETs `path` from `endpoint` and returns the body of a 200 answer (read to Content-Length or
// the end of the stream, at most 16 MiB). Throws heapsnap::Error on any failure.
std::string http_get(const Endpoint& endpoint, std::string_view path,
                     std::chrono::milliseconds timeout);

}  // namespace heapsnap::inspector

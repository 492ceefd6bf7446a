#include "heapsnap/inspector/http.h"

#include <algorithm>
#include <charconv>

#include "heapsnap/util/error.h"

namespace heapsnap::inspector {
namespace {

constexpr size_t kMaxResponse = 16u << 20;

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return (x | 0x20) == (y | 0x20);
         });
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

HttpHead parse_http_head(std::string_view head, const std::string& from) {
  // "HTTP/1.1 101 Switching Protocols"
  const std::string_view line = head.substr(0, head.find("\r\n"));
  int status = 0;
  if (line.substr(0, 5) == "HTTP/" && line.size() >= 12 && line[8] == ' ') {
    const auto [end, ec] = std::from_chars(line.data() + 9, line.data() + 12, status);
    if (ec != std::errc() || end != line.data() + 12) status = 0;
  }
  if (status < 100 || status > 599)
    throw Error(from + " did not answer with HTTP (got '" +
                std::string(line.substr(0, 40)) + "'): is it an inspector port?");
  return HttpHead{status, std::string(head)};
}

std::optional<std::string> http_header(std::string_view head, std::string_view name) {
  size_t start = head.find("\r\n");
  while (start != std::string_view::npos && start + 2 < head.size()) {
    start += 2;
    const size_t end = std::min(head.find("\r\n", start), head.size());
    const std::string_view line = head.substr(start, end - start);
    const size_t colon = line.find(':');
    if (colon != std::string_view::npos && equal_ignoring_case(trim(line.substr(0, colon)), name))
      return std::string(trim(line.substr(colon + 1)));
    start = end;
  }
  return std::nullopt;
}

std::string http_get(const Endpoint& endpoint, std::string_view path,
                     std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  const std::string from = endpoint.to_string();
  TcpStream stream = TcpStream::connect(endpoint, timeout);
  stream.write_all("GET " + std::string(path) + " HTTP/1.1\r\nHost: " + from +
                       "\r\nAccept: application/json\r\nConnection: close\r\n\r\n",
                   deadline);
  std::string response;
  std::optional<size_t> body_start;
  std::optional<size_t> content_length;
  uint8_t buffer[16384];
  for (;;) {
    if (body_start && content_length && response.size() >= *body_start + *content_length) break;
    const long n = stream.read_now(buffer, sizeof buffer);
    if (n < 0) break;  // end of stream ends the body
    if (n == 0) {
      if (stream.wait_readable(deadline) == TcpStream::Readiness::kTimeout)
        throw Error(from + " did not answer GET " + std::string(path) + " within " +
                    std::to_string(timeout.count()) + " ms");
      continue;
    }
    response.append(reinterpret_cast<const char*>(buffer), static_cast<size_t>(n));
    if (response.size() > kMaxResponse)
      throw Error(from + ": the answer to GET " + std::string(path) + " exceeds 16 MiB");
    if (!body_start) {
      const size_t end = response.find("\r\n\r\n");
      if (end == std::string::npos) continue;
      body_start = end + 4;
      const HttpHead head = parse_http_head(std::string_view(response).substr(0, end), from);
      if (head.status != 200)
        throw Error(from + " answered GET " + std::string(path) + " with HTTP " +
                    std::to_string(head.status));
      if (const auto length = http_header(head.text, "Content-Length")) {
        size_t value = 0;
        const auto [p, ec] = std::from_chars(length->data(), length->data() + length->size(), value);
        if (ec != std::errc() || p != length->data() + length->size())
          throw Error(from + ": bad Content-Length '" + *length + "'");
        content_length = value;
      }
    }
  }
  if (!body_start) {
    if (response.empty()) throw Error(from + " closed the connection without answering");
    parse_http_head(response, from);  // throws for what is not HTTP
    throw Error(from + " sent an incomplete HTTP answer");
  }
  if (content_length && response.size() < *body_start + *content_length)
    throw Error(from + " closed the connection in the middle of its answer");
  return response.substr(*body_start, content_length.value_or(std::string::npos));
}

}  // namespace heapsnap::inspector

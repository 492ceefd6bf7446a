#include "heapsnap/report/html_page.h"

#include "html_assets.h"

namespace heapsnap::report {
namespace {

// Text for an HTML attribute value or element content.
void append_html_escaped(std::string& out, std::string_view text) {
  for (const char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
}

}  // namespace

std::string escape_json_for_script(std::string_view json) {
  std::string out;
  out.reserve(json.size());
  bool in_string = false;
  for (size_t i = 0; i < json.size(); ++i) {
    const char c = json[i];
    if (!in_string) {
      // Whitespace between tokens is dropped: --json output is indented, and a page of a big
      // report is then about half the size and parses in half the time.
      if (c == ' ' || c == '\n' || c == '\r' || c == '\t') continue;
      if (c == '"') in_string = true;
    } else if (c == '\\') {
      out += c;
      if (i + 1 < json.size()) out += json[++i];  // an escape: the next byte is not special
      continue;
    } else if (c == '"') {
      in_string = false;
    }
    if (c == '<') {
      out += "\\u003c";
    } else if (c == '>') {
      out += "\\u003e";
    } else if (c == '&') {
      out += "\\u0026";
    } else if (c == '\xE2' && i + 2 < json.size() && json[i + 1] == '\x80' &&
               (json[i + 2] == '\xA8' || json[i + 2] == '\xA9')) {
      // U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR (UTF-8 E2 80 A8/A9).
      out += json[i + 2] == '\xA8' ? "\\u2028" : "\\u2029";
      i += 2;
    } else {
      out += c;
    }
  }
  return out;
}

std::string render_html_page(std::string_view kind, std::string_view json) {
  const std::string data = escape_json_for_script(json);
  std::string out;
  out.reserve(data.size() + html_assets::kStyle.size() + html_assets::kLibScript.size() +
              html_assets::kPageScript.size() + 1024);
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  out += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  // Nothing is ever fetched: the page is whole, and the policy makes sure of it.
  out += "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
         "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n";
  out += "<meta name=\"generator\" content=\"heapsnap\">\n<title>heapsnap ";
  append_html_escaped(out, kind);
  out += "</title>\n<style>\n";
  out += html_assets::kStyle;
  out += "</style>\n</head>\n<body data-kind=\"";
  append_html_escaped(out, kind);
  out += "\">\n<div id=\"app\"><noscript>This heapsnap report needs JavaScript; the data is in "
         "the page source (script#heapsnap-data).</noscript></div>\n";
  out += "<script type=\"application/json\" id=\"heapsnap-data\">";
  out += data;
  out += "</script>\n<script>\n";
  out += html_assets::kLibScript;
  out += "</script>\n<script>\n";
  out += html_assets::kPageScript;
  out += "</script>\n</body>\n</html>\n";
  return out;
}

}  // namespace heapsnap::report

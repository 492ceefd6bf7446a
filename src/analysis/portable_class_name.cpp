// Run-independent class names and keys; the rules and what they were drawn from are in
// portable_class_name.h.
#include "heapsnap/analysis/portable_class_name.h"

#include <algorithm>
#include <vector>

#include "heapsnap/util/utf8.h"

namespace heapsnap::analysis {

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// Every "scheme://host:PORT" with its port as "*". The host ends at the first ':', '/', '?',
// '#', space or the end ("[...]" for IPv6 addresses).
std::string without_ports(std::string_view text) {
  std::string out;
  size_t copied = 0;
  for (size_t at = text.find("://"); at != std::string_view::npos;
       at = text.find("://", at + 3)) {
    size_t p = at + 3;
    if (p < text.size() && text[p] == '[') {
      const size_t close = text.find(']', p);
      if (close == std::string_view::npos) break;
      p = close + 1;
    }
    while (p < text.size() && text[p] != ':' && text[p] != '/' && text[p] != '?' &&
           text[p] != '#' && text[p] != ' ')
      ++p;
    if (p >= text.size() || text[p] != ':') continue;
    size_t end = p + 1;
    while (end < text.size() && is_digit(text[end])) ++end;
    if (end == p + 1) continue;  // "scheme://host:" with no port
    out.append(text, copied, p + 1 - copied);
    out += '*';
    copied = end;
  }
  out.append(text, copied, std::string_view::npos);
  return out;
}

// Every " @<digits>" that ends the name or a word dropped.
std::string without_ids(const std::string& text) {
  std::string out;
  size_t copied = 0;
  for (size_t at = text.find(" @"); at != std::string::npos; at = text.find(" @", at + 2)) {
    size_t end = at + 2;
    while (end < text.size() && is_digit(text[end])) ++end;
    if (end == at + 2) continue;
    if (end < text.size() && text[end] != ' ' && text[end] != '/' && text[end] != ')' &&
        text[end] != ',')
      continue;
    out.append(text, copied, at - copied);
    copied = end;
  }
  out.append(text, copied, std::string::npos);
  return out;
}

// "{b, a}" -> "{a, b}". A property is written as it is or, when it holds , ' " { or }, as a JSON
// string (format_property_name in node_names.h); a name that does not read as such a list is
// returned unchanged.
std::string with_sorted_properties(const std::string& name) {
  if (name.size() < 3 || name.front() != '{' || name.back() != '}') return name;
  std::vector<std::string_view> properties;
  const std::string_view body(name.data() + 1, name.size() - 2);
  size_t p = 0;
  while (p <= body.size()) {
    size_t end = p;
    if (end < body.size() && body[end] == '"') {
      ++end;
      while (end < body.size() && body[end] != '"') end += body[end] == '\\' ? 2 : 1;
      if (end >= body.size()) return name;
      ++end;
      if (end != body.size() && body.compare(end, 2, ", ") != 0) return name;
    } else {
      end = body.find(", ", p);
      if (end == std::string_view::npos) end = body.size();
    }
    properties.push_back(body.substr(p, end - p));
    p = end + 2;
  }
  std::stable_sort(properties.begin(), properties.end(), less_utf16);
  std::string out = "{";
  for (size_t i = 0; i < properties.size(); ++i) {
    if (i) out += ", ";
    out += properties[i];
  }
  return out + "}";
}

}  // namespace

std::string portable_class_name(std::string_view name) {
  return with_sorted_properties(without_ids(without_ports(name)));
}

std::string portable_script_name(std::string_view script) {
  if (script.starts_with("node:")) return std::string(script);
  if (script.starts_with("script#")) return "script#?";
  const bool url = script.find("://") != std::string_view::npos;
  if (url) script = script.substr(0, std::min(script.find('?'), script.find('#')));
  const size_t slash = script.find_last_of(url ? "/" : "/\\");
  if (slash == std::string_view::npos) return without_ports(script);
  if (slash + 1 == script.size()) return without_ports(script);  // a page itself: "http://h:*/"
  return std::string(script.substr(slash + 1));
}

std::string portable_class_key(const ClassInfo& c, const ScriptNames& scripts) {
  const std::string name = portable_class_name(c.name);
  std::string out;
  if (c.has_location) {
    const std::string_view script = scripts.name(c.script_id);
    out = script.empty() ? std::string("?") : portable_script_name(script);
    out += ',';
    out += std::to_string(c.line);
    out += ',';
    out += std::to_string(c.column);
  }
  out += ',';
  out += name;
  return out;
}

std::string portable_class_key_from_key(std::string_view key) {
  if (key.starts_with(",")) {
    std::string out(",");
    out += portable_class_name(key.substr(1));
    return out;
  }
  // "<script id>,<line>,<column>,<name>": the name may hold commas itself.
  size_t comma = 0;
  for (int field = 0; field < 3 && comma != std::string_view::npos; ++field)
    comma = key.find(',', field == 0 ? 0 : comma + 1);
  if (comma == std::string_view::npos) return std::string(key);
  // Appended piece by piece: GCC 12 warns (-Wrestrict, a false positive) on "..." + string&&.
  std::string out("script#");
  out += key.substr(0, comma + 1);
  out += portable_class_name(key.substr(comma + 1));
  return out;
}

std::string portable_site_label(const AllocationSite& site) {
  std::string label;
  for (size_t k = 0; k < site.frames.size(); ++k) {
    SiteFrame frame = site.frames[k];
    frame.function = portable_class_name(frame.function);
    frame.script = frame.script.empty() ? std::string() : portable_script_name(frame.script);
    if (k != 0) label += " <- ";
    label += format_frame(frame);
  }
  return label;
}

}  // namespace heapsnap::analysis

// Decoding of JSON string escapes for the snapshot's `strings` section. Internal to format/.
#pragma once

#include <simdjson.h>

#include <string>
#include <string_view>

namespace heapsnap::format {

class JsonStringUnescaper {
 public:
  // Decodes the raw text between a string's quotes (escapes intact) and appends the UTF-8 result
  // to `out`. simdjson does the work; V8 also writes unpaired UTF-16 surrogates (\ud83d alone,
  // e.g. where it cut a long string), which strict JSON rejects: those go through a lenient
  // decoder that writes U+FFFD for each. Returns false when an escape is malformed.
  bool unescape(std::string_view raw, std::string& out);

 private:
  simdjson::dom::parser parser_;
  std::string padded_;
};

}  // namespace heapsnap::format

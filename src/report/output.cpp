#include "heapsnap/report/output.h"

#include "heapsnap/util/error.h"

namespace heapsnap::report {
namespace {

class TextOutput final : public Output {
 public:
  OutputFormat format() const override { return OutputFormat::kText; }
  std::string render(const Report& r) const override { return r.text(); }
};

class JsonOutput final : public Output {
 public:
  OutputFormat format() const override { return OutputFormat::kJson; }
  std::string render(const Report& r) const override { return r.json(); }
};

class MarkdownOutput final : public Output {
 public:
  OutputFormat format() const override { return OutputFormat::kMarkdown; }
  std::string render(const Report& r) const override { return r.markdown(); }
};

class JunitOutput final : public Output {
 public:
  OutputFormat format() const override { return OutputFormat::kJunit; }
  std::string render(const Report& r) const override { return r.junit(); }
};

}  // namespace

std::optional<OutputFormat> parse_output_format(std::string_view name) {
  if (name == "text") return OutputFormat::kText;
  if (name == "json") return OutputFormat::kJson;
  if (name == "markdown" || name == "md") return OutputFormat::kMarkdown;
  if (name == "junit" || name == "xml") return OutputFormat::kJunit;
  return std::nullopt;
}

const char* output_format_name(OutputFormat format) {
  switch (format) {
    case OutputFormat::kText: return "text";
    case OutputFormat::kJson: return "json";
    case OutputFormat::kMarkdown: return "markdown";
    case OutputFormat::kJunit: return "junit";
    case OutputFormat::kHtml: return "html";
  }
  return "?";
}

std::string output_format_names() { return "text, json, markdown or junit"; }

std::unique_ptr<Output> make_output(OutputFormat format) {
  switch (format) {
    case OutputFormat::kText: return std::make_unique<TextOutput>();
    case OutputFormat::kJson: return std::make_unique<JsonOutput>();
    case OutputFormat::kMarkdown: return std::make_unique<MarkdownOutput>();
    case OutputFormat::kJunit: return std::make_unique<JunitOutput>();
    case OutputFormat::kHtml: break;
  }
  throw Error(std::string("this build cannot write ") + output_format_name(format) + " reports");
}

}  // namespace heapsnap::report

#include "heapsnap/report/output.h"

#include "heapsnap/report/html_page.h"
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

class HtmlOutput final : public Output {
 public:
  OutputFormat format() const override { return OutputFormat::kHtml; }
  std::string render(const Report& r) const override { return render_html_page(r.kind(), r.html_json()); }
};

}  // namespace

std::optional<OutputFormat> parse_output_format(std::string_view name) {
  if (name == "text") return OutputFormat::kText;
  if (name == "json") return OutputFormat::kJson;
  if (name == "markdown" || name == "md") return OutputFormat::kMarkdown;
  if (name == "junit" || name == "xml") return OutputFormat::kJunit;
  if (name == "html") return OutputFormat::kHtml;
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

std::string output_format_names() { return "text, json, markdown, junit or html"; }

std::unique_ptr<Output> make_output(OutputFormat format) {
  switch (format) {
    case OutputFormat::kText: return std::make_unique<TextOutput>();
    case OutputFormat::kJson: return std::make_unique<JsonOutput>();
    case OutputFormat::kMarkdown: return std::make_unique<MarkdownOutput>();
    case OutputFormat::kJunit: return std::make_unique<JunitOutput>();
    case OutputFormat::kHtml: return std::make_unique<HtmlOutput>();
  }
  throw Error(std::string("this build cannot write ") + output_format_name(format) + " reports");
}

}  // namespace heapsnap::report

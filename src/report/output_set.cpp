#include "heapsnap/report/output_set.h"

#include <cerrno>
#include <cstring>

#include "heapsnap/util/error.h"

namespace heapsnap::report {

OutputSet::OutputSet(const std::vector<std::string>& specs, bool json) {
  for (const auto& spec : specs) add(spec);
  if (destinations_.empty()) add(json ? "json=-" : "text=-");
  else if (json) add("json=-");
}

OutputSet::~OutputSet() {
  for (auto& d : destinations_)
    if (d.file) std::fclose(d.file);
}

void OutputSet::add(const std::string& spec) {
  const size_t eq = spec.find('=');
  const std::string name = spec.substr(0, eq);
  const std::string path = eq == std::string::npos ? "-" : spec.substr(eq + 1);
  const auto format = parse_output_format(name);
  if (!format)
    throw Error("--output '" + spec + "': unknown format '" + name + "' (expected " +
                output_format_names() + ", as FORMAT=PATH)");
  if (path.empty()) throw Error("--output '" + spec + "': no path after '=' (use - for stdout)");
  Destination d{make_output(*format), spec, path, nullptr};
  if (path == "-") {
    if (stdout_taken_)
      throw Error("--output '" + spec + "': stdout already receives a report; give a file path");
    stdout_taken_ = true;
  } else {
    for (const auto& other : destinations_)
      if (other.path == path) throw Error("--output '" + spec + "': '" + path + "' is given twice");
    d.file = std::fopen(path.c_str(), "wb");
    if (!d.file)
      throw Error("--output '" + spec + "': cannot open '" + path + "' for writing: " +
                  std::strerror(errno));
  }
  destinations_.push_back(std::move(d));
}

bool OutputSet::has(OutputFormat format) const {
  for (const auto& d : destinations_)
    if (d.output->format() == format) return true;
  return false;
}

void OutputSet::write(const Report& report) {
  for (auto& d : destinations_) {
    const std::string bytes = d.output->render(report);
    if (!d.file) {
      write_stdout(bytes);
      continue;
    }
    const bool ok = std::fwrite(bytes.data(), 1, bytes.size(), d.file) == bytes.size();
    const bool closed = std::fclose(d.file) == 0;
    d.file = nullptr;
    if (!ok || !closed)
      throw Error("--output '" + d.path + "': cannot write: " + std::strerror(errno));
  }
}

void write_stdout(const std::string& text) {
  if (std::fwrite(text.data(), 1, text.size(), stdout) != text.size() || std::fflush(stdout) != 0) {
    if (errno == EPIPE) return;
    throw Error(std::string("cannot write to stdout: ") + std::strerror(errno));
  }
}

}  // namespace heapsnap::report

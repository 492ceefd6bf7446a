// Where a command's report goes: `--output FORMAT=PATH` (repeatable; PATH "-" is stdout) and
// `--json` (shorthand for json=-). Destinations are checked and files opened when the set is
// built, before any long work (hyperfine's exporters), so a typo or an unwritable path fails in
// milliseconds with exit 2, not after minutes of loading.
#pragma once

#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "heapsnap/report/output.h"

namespace heapsnap::report {

class OutputSet {
 public:
  // `specs`: "FORMAT=PATH" or "FORMAT" (= stdout). With no spec: text to stdout, or JSON with
  // `json`; `json` with specs adds json=- unless stdout is taken. Throws heapsnap::Error naming
  // the spec for an unknown format, an empty path, stdout or a path given twice, or a file that
  // cannot be opened for writing.
  OutputSet(const std::vector<std::string>& specs, bool json);
  ~OutputSet();
  OutputSet(const OutputSet&) = delete;
  OutputSet& operator=(const OutputSet&) = delete;

  // Renders `report` in every format and writes it; files are closed after the write. A closed
  // pipe on stdout is not an error.
  void write(const Report& report);
  bool writes_to_stdout() const { return stdout_taken_; }
  // Whether some destination wants `format` (e.g. html: the report then builds its treemap).
  bool has(OutputFormat format) const;

 private:
  struct Destination {
    std::unique_ptr<Output> output;
    std::string spec;
    std::string path;  // "-": stdout
    std::FILE* file = nullptr;
  };
  void add(const std::string& spec);
  std::vector<Destination> destinations_;
  bool stdout_taken_ = false;
};

// Writes `text` to stdout. A closed pipe (heapsnap ... | head) is not an error.
void write_stdout(const std::string& text);

}  // namespace heapsnap::report

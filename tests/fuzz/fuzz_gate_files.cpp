// libFuzzer targets for the two small JSON files `heapsnap gate` reads (format/gate_files.h): a
// gate config and a summary baseline. Built twice from this file, once per parser
// (HEAPSNAP_FUZZ_GATE_CONFIG or HEAPSNAP_FUZZ_SUMMARY). Any input must parse, or be rejected
// with one heapsnap::Error line naming the file; a crash, a sanitizer report or another
// exception type is a bug. What parses must hold what the parser promises.
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "heapsnap/format/gate_files.h"
#include "heapsnap/util/error.h"

namespace {

void require(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "fuzz_gate_files: invariant broken: %s\n", what);
  std::abort();
}

void check_error(const heapsnap::Error& e) {
  const std::string_view message = e.what();
  require(message.find("<fuzz>") != std::string_view::npos, "an error names the file");
  require(message.find('\n') == std::string_view::npos, "an error is one line");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
#if defined(HEAPSNAP_FUZZ_GATE_CONFIG)
    const auto config = heapsnap::format::parse_gate_config(text, "<fuzz>");
    if (config.max_growth_percent)
      require(std::isfinite(*config.max_growth_percent) && *config.max_growth_percent >= 0,
              "a percentage is a finite non-negative number");
    for (const auto* groups : {&config.classes, &config.sites})
      for (const auto& g : *groups) require(!g.name.empty(), "a group rule names its group");
#elif defined(HEAPSNAP_FUZZ_SUMMARY)
    // A summary parses into plain numbers and strings: nothing to check beyond the outcome.
    (void)heapsnap::format::parse_summary(text, "<fuzz>");
#else
#error "define HEAPSNAP_FUZZ_GATE_CONFIG or HEAPSNAP_FUZZ_SUMMARY"
#endif
  } catch (const heapsnap::Error& e) {
    check_error(e);
  }
  return 0;
}

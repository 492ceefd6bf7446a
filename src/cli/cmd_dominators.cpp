// heapsnap dominators FILE [--id ID] [--depth D] [--min-size S] [--json] [-o FORMAT=PATH]
#include <cmath>
#include <cstdlib>

#include "command.h"
#include "heapsnap/report/dominators_report.h"
#include "heapsnap/util/byte_units.h"
#include "heapsnap/util/error.h"

namespace heapsnap::cli {
namespace {

report::MinSize parse_min_size(const std::string& text) {
  if (!text.empty() && text.back() == '%') {
    const std::string number = text.substr(0, text.size() - 1);
    char* end = nullptr;
    const double p = std::strtod(number.c_str(), &end);
    if (number.empty() || end != number.c_str() + number.size() || !std::isfinite(p) || p < 0 || p > 100)
      throw Error("--min-size '" + text + "' is not a percentage between 0% and 100%");
    return {true, p};
  }
  return {false, static_cast<double>(parse_bytes(text))};
}

}  // namespace

void add_dominators_command(CLI::App& app, CommandAction& action) {
  struct Options {
    std::string file, id;
    uint32_t depth = 3;
    std::string min_size = "1%";
    CommonOptions common;
  };
  auto o = std::make_shared<Options>();
  CLI::App* command = app.add_subcommand(
      "dominators", "The dominator tree below the root or an object, biggest first: what each "
                    "object alone keeps alive");
  command->add_option("FILE", o->file, "Heap snapshot, plain or gzip/zstd/xz")->required()->check(existing_file());
  command->add_option("--id", o->id, "Start at this object (1234 or @1234) instead of the root");
  command->add_option("--depth", o->depth, "Levels to show below the start object")
      ->check(whole_number_in(0, 1000000))->capture_default_str();
  command->add_option("--min-size", o->min_size,
                      "Fold children whose retained size is below this: a size (64KiB) or a "
                      "percentage of the start object's retained size (0.5%); 0 folds nothing")
      ->capture_default_str();
  add_common_options(*command, o->common);
  command->callback([o, &action] {
    action = [o] {
      // Flags and outputs before the (slow) load.
      const report::DominatorsOptions options{.depth = o->depth, .min_size = parse_min_size(o->min_size)};
      report::OutputSet outputs = open_outputs(o->common);
      PhaseTimer timer(o->common.timings);
      auto snapshot = open_snapshot(o->file, timer);
      const graph::NodeOrdinal start = o->id.empty() ? snapshot.graph().root() : snapshot.resolve_id(o->id);
      const auto r = timer.time("report", [&] { return report::build_dominators_report(snapshot, start, options); });
      outputs.write(r);
      return kExitOk;
    };
  });
}

}  // namespace heapsnap::cli

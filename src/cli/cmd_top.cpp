// heapsnap top FILE [--retained|--self] [-n N] [--by object|constructor] [--json] [-o FORMAT=PATH]
#include "command.h"
#include "heapsnap/report/top_report.h"

namespace heapsnap::cli {

void add_top_command(CLI::App& app, CommandAction& action) {
  struct Options {
    std::string file;
    bool self = false;
    bool retained = false;
    uint32_t limit = 20;
    std::string by = "object";
    CommonOptions common;
  };
  auto o = std::make_shared<Options>();
  CLI::App* command = app.add_subcommand(
      "top", "The biggest objects or constructors, by retained size (what freeing them would free) "
             "or by self size");
  command->add_option("FILE", o->file, "Heap snapshot, plain or gzip/zstd/xz")->required()->check(existing_file());
  auto* retained = command->add_flag("--retained", o->retained, "Sort by retained size (the default)");
  command->add_flag("--self", o->self, "Sort by self (shallow) size")->excludes(retained);
  command->add_option("-n,--limit", o->limit, "Rows to show; the rest is folded into one row")
      ->check(whole_number_in(1, 1000000))->capture_default_str();
  command->add_option("--by", o->by, "Rank single objects or whole constructors")
      ->check(CLI::IsMember({"object", "constructor"}))->capture_default_str();
  add_common_options(*command, o->common);
  command->callback([o, &action] {
    action = [o] {
      report::OutputSet outputs = open_outputs(o->common);
      PhaseTimer timer(o->common.timings);
      auto snapshot = open_snapshot(o->file, timer);
      const report::TopOptions options{.by_constructor = o->by == "constructor",
                                       .by_retained = !o->self,
                                       .limit = o->limit,
                                       .dominator_tree = outputs.has(report::OutputFormat::kHtml)};
      const auto r = timer.time("report", [&] { return report::build_top_report(snapshot, options); });
      timer.time("write", [&] { outputs.write(r); });
      return kExitOk;
    };
  });
}

}  // namespace heapsnap::cli

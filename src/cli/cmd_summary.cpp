// heapsnap summary FILE [-n N] [--json]
#include <algorithm>

#include "analyzed_snapshot.h"
#include "command.h"
#include "heapsnap/analysis/heap_statistics.h"
#include "heapsnap/report/summary_report.h"

namespace heapsnap::cli {
namespace {

struct SummaryOptions {
  std::string file;
  uint32_t limit = 30;
  CommonOptions common;
};

report::SummaryReport build_summary_report(AnalyzedSnapshot& snapshot, const SummaryOptions& o) {
  const auto& g = snapshot.graph();
  const auto& a = snapshot.analysis();
  report::SummaryReport r;
  r.file = snapshot.path();
  r.node_count = g.node_count();
  r.edge_count = g.edge_count();
  r.total_size = a.retained.total_size;
  r.statistics = analysis::compute_heap_statistics(g, a.dom_state, a.shallow, a.retained.total_size);
  r.text_limit = o.limit;
  for (const auto& c : a.classes.classes) {
    if (!c.listed) continue;
    r.rows.push_back({c.key(), c.name, c.count, c.self_size, c.max_retained, c.distance});
  }
  std::sort(r.rows.begin(), r.rows.end(), [](const report::SummaryRow& x, const report::SummaryRow& y) {
    if (x.retained_size != y.retained_size) return x.retained_size > y.retained_size;
    if (x.name != y.name) return x.name < y.name;
    return x.key < y.key;
  });
  return r;
}

}  // namespace

void add_summary_command(CLI::App& app, CommandAction& action) {
  auto o = std::make_shared<SummaryOptions>();
  CLI::App* command = app.add_subcommand(
      "summary", "DevTools' Summary and Statistics views: every constructor with its count, "
                 "distance, self and retained size, and the heap by kind (code, strings, arrays...)");
  command->add_option("FILE", o->file, "Heap snapshot, plain or gzip/zstd/xz")->required()->check(CLI::ExistingFile);
  command->add_option("-n,--limit", o->limit,
                      "Constructor rows in the text output; the rest is folded into one row "
                      "(--json always lists all)")
      ->check(CLI::Range(1u, 1000000u))->capture_default_str();
  add_common_options(*command, o->common);
  command->callback([o, &action] {
    action = [o] {
      PhaseTimer timer(o->common.timings);
      AnalyzedSnapshot snapshot(o->file, timer);
      const auto r = timer.time("report", [&] { return build_summary_report(snapshot, *o); });
      write_stdout(o->common.json ? report::render_summary_json(r) : report::render_summary_text(r));
      return kExitOk;
    };
  });
}

}  // namespace heapsnap::cli

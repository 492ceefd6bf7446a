// heapsnap top FILE [--retained|--self] [-n N] [--by object|constructor] [--json]
#include "analyzed_snapshot.h"
#include "command.h"
#include "heapsnap/analysis/top_k.h"
#include "heapsnap/report/top_report.h"

namespace heapsnap::cli {
namespace {

struct TopOptions {
  std::string file;
  bool self = false;
  bool retained = false;
  uint32_t limit = 20;
  std::string by = "object";
  CommonOptions common;
};

report::TopReport build_top_report(AnalyzedSnapshot& snapshot, const TopOptions& o) {
  const auto& g = snapshot.graph();
  const auto& a = snapshot.analysis();
  report::TopReport r;
  r.file = snapshot.path();
  r.by_constructor = o.by == "constructor";
  r.by_retained = !o.self;
  r.total_size = a.retained.total_size;
  r.node_count = g.node_count();
  if (r.by_constructor) {
    const auto& classes = a.classes.classes;
    const auto rank = [&](uint32_t c) { return r.by_retained ? classes[c].max_retained : classes[c].self_size; };
    const auto listed = [&](uint32_t c) { return classes[c].listed; };
    const auto all = analysis::top_k(static_cast<uint32_t>(classes.size()), UINT32_MAX, rank, listed);
    for (size_t i = 0; i < all.size(); ++i) {
      const auto& c = classes[all[i]];
      if (i < o.limit) {
        r.rows.push_back({0, c.name, "", c.count, c.self_size, c.max_retained, c.distance});
      } else {
        ++r.others_count;
        r.others_self_size += c.self_size;
      }
    }
    return r;
  }
  // Objects: everything but the synthetic root and GC-root category nodes.
  const auto rank = [&](uint32_t n) { return r.by_retained ? a.retained.retained[n] : a.shallow[n]; };
  const auto real = [&](uint32_t n) { return g.node_kind(n) != graph::NodeKind::kSynthetic; };
  const auto top = analysis::top_k(g.node_count(), o.limit, rank, real);
  for (const uint32_t n : top) {
    std::string name = analysis::devtools_node_name(g, a.dom_state, n);
    if (name.empty()) name = "(" + std::string(g.node_type_name(n)) + ")";
    r.rows.push_back({g.node_id(n), std::move(name),
                      std::string(g.node_type_name(n)), 1, a.shallow[n], a.retained.retained[n],
                      a.distance[n]});
  }
  uint64_t shown_self = 0;
  for (const auto& row : r.rows) shown_self += row.self_size;
  uint64_t real_count = 0, real_self = 0;
  for (uint32_t n = 0; n < g.node_count(); ++n) {
    if (!real(n)) continue;
    ++real_count;
    real_self += a.shallow[n];
  }
  r.others_count = real_count - r.rows.size();
  r.others_self_size = real_self - shown_self;
  return r;
}

}  // namespace

void add_top_command(CLI::App& app, CommandAction& action) {
  auto o = std::make_shared<TopOptions>();
  CLI::App* command = app.add_subcommand(
      "top", "The biggest objects or constructors, by retained size (what freeing them would free) "
             "or by self size");
  command->add_option("FILE", o->file, "Heap snapshot, plain or gzip/zstd/xz")->required()->check(CLI::ExistingFile);
  auto* retained = command->add_flag("--retained", o->retained, "Sort by retained size (the default)");
  command->add_flag("--self", o->self, "Sort by self (shallow) size")->excludes(retained);
  command->add_option("-n,--limit", o->limit, "Rows to show; the rest is folded into one row")
      ->check(CLI::Range(1u, 1000000u))->capture_default_str();
  command->add_option("--by", o->by, "Rank single objects or whole constructors")
      ->check(CLI::IsMember({"object", "constructor"}))->capture_default_str();
  add_common_options(*command, o->common);
  command->callback([o, &action] {
    action = [o] {
      PhaseTimer timer(o->common.timings);
      // Single objects need no per-class rows.
      AnalyzedSnapshot snapshot(o->file, timer, {.classes = o->by == "constructor"});
      const auto r = timer.time("report", [&] { return build_top_report(snapshot, *o); });
      write_stdout(o->common.json ? report::render_top_json(r) : report::render_top_text(r));
      return kExitOk;
    };
  });
}

}  // namespace heapsnap::cli

// heapsnap dominators FILE [--id ID] [--depth D] [--min-size S] [--json]
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <unordered_map>

#include "analyzed_snapshot.h"
#include "command.h"
#include "heapsnap/report/dominators_report.h"
#include "heapsnap/util/byte_units.h"
#include "heapsnap/util/error.h"

namespace heapsnap::cli {
namespace {

struct DominatorsOptions {
  std::string file, id;
  uint32_t depth = 3;
  std::string min_size = "1%";
  CommonOptions common;
};

// --min-size: a size ("64KiB") or a percentage of the start object's retained size ("0.5%").
struct MinSize {
  bool percent = false;
  double value = 0;  // percent, or bytes
};

MinSize parse_min_size(const std::string& text) {
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

std::string display_name(const graph::HeapGraph& g, const analysis::DevtoolsAnalysis& a,
                         graph::NodeOrdinal n) {
  if (n == g.root()) return "(root)";
  std::string name = analysis::devtools_node_name(g, a.dom_state, n);
  return name.empty() ? "(" + std::string(g.node_type_name(n)) + ")" : name;
}

report::DominatorsReport build_dominators_report(AnalyzedSnapshot& snapshot, graph::NodeOrdinal start,
                                                 const DominatorsOptions& o, const MinSize& min) {
  const auto& g = snapshot.graph();
  const auto& a = snapshot.analysis();
  const auto& retained = a.retained.retained;
  report::DominatorsReport r;
  r.file = snapshot.path();
  r.total_size = a.retained.total_size;
  r.node_count = g.node_count();
  r.depth = o.depth;
  if (min.percent) {
    r.min_size = static_cast<uint64_t>(std::ceil(min.value / 100.0 * static_cast<double>(retained[start])));
    r.min_size_rule = fmt::format("{}% of {}", min.value, format_bytes(retained[start]));
  } else {
    r.min_size = static_cast<uint64_t>(min.value);
  }

  const analysis::DominatorChildren children(a.retained.idom, g.root());
  // Explicit-stack preorder walk: a dominator tree can be as deep as the heap is large.
  struct Item {
    graph::NodeOrdinal node;
    uint32_t depth;
    bool last;
    bool folded;
    uint32_t fold_count;
    uint64_t fold_self, fold_retained;
    uint32_t top_class = 0;  // class index
    uint32_t top_class_count = 0;
    uint64_t top_class_retained = 0;
  };
  std::vector<Item> stack{{start, 0, true, false, 0, 0, 0, 0, 0, 0}};
  std::vector<graph::NodeOrdinal> shown;
  std::unordered_map<uint32_t, std::pair<uint32_t, uint64_t>> tally;  // class -> (count, retained)
  while (!stack.empty()) {
    const Item item = stack.back();
    stack.pop_back();
    report::DominatorLine line;
    line.depth = item.depth;
    line.last = item.last;
    if (item.folded) {
      line.folded = true;
      line.count = item.fold_count;
      line.self_size = item.fold_self;
      line.retained_size = item.fold_retained;
      if (item.top_class_count > 0) {
        line.top_class = a.classes.classes[item.top_class].name;
        line.top_class_count = item.top_class_count;
        line.top_class_retained = item.top_class_retained;
      }
      r.lines.push_back(std::move(line));
      continue;
    }
    const graph::NodeOrdinal n = item.node;
    line.id = g.node_id(n);
    line.name = display_name(g, a, n);
    line.type = g.node_type_name(n);
    line.self_size = a.shallow[n];
    line.retained_size = retained[n];
    line.count = children.count(n);
    line.expanded = item.depth < o.depth && line.count > 0;
    r.lines.push_back(std::move(line));
    if (item.depth >= o.depth) continue;

    shown.clear();
    Item folded{0, item.depth + 1, true, true, 0, 0, 0, 0, 0, 0};
    for (const graph::NodeOrdinal c : children.of(n)) {
      if (retained[c] >= r.min_size) {
        shown.push_back(c);
      } else {
        ++folded.fold_count;
        folded.fold_self += a.shallow[c];
        folded.fold_retained += retained[c];
      }
    }
    if (folded.fold_count > 0) {
      // Which constructor most of the folded size belongs to (ties: the smaller class index).
      tally.clear();
      for (const graph::NodeOrdinal c : children.of(n)) {
        if (retained[c] >= r.min_size) continue;
        auto& [count, bytes] = tally[a.classes.node_class[c]];
        ++count;
        bytes += retained[c];
      }
      uint32_t best = 0;
      for (const auto& [cls, t] : tally) {
        const auto& [count, bytes] = t;
        if (folded.top_class_count == 0 || bytes > folded.top_class_retained ||
            (bytes == folded.top_class_retained && cls < best)) {
          best = cls;
          folded.top_class_count = count;
          folded.top_class_retained = bytes;
        }
      }
      folded.top_class = best;
    }
    std::sort(shown.begin(), shown.end(), [&](graph::NodeOrdinal x, graph::NodeOrdinal y) {
      return retained[x] != retained[y] ? retained[x] > retained[y] : g.node_id(x) < g.node_id(y);
    });
    // Pushed in reverse so that they pop biggest first, with the folded line after them all.
    if (folded.fold_count > 0) stack.push_back(folded);
    for (size_t i = shown.size(); i-- > 0;)
      stack.push_back({shown[i], item.depth + 1, i + 1 == shown.size() && folded.fold_count == 0,
                       false, 0, 0, 0, 0, 0, 0});
  }
  return r;
}

}  // namespace

void add_dominators_command(CLI::App& app, CommandAction& action) {
  auto o = std::make_shared<DominatorsOptions>();
  CLI::App* command = app.add_subcommand(
      "dominators", "The dominator tree below the root or an object, biggest first: what each "
                    "object alone keeps alive");
  command->add_option("FILE", o->file, "Heap snapshot, plain or gzip/zstd/xz")->required()->check(CLI::ExistingFile);
  command->add_option("--id", o->id, "Start at this object (1234 or @1234) instead of the root");
  command->add_option("--depth", o->depth, "Levels to show below the start object")
      ->check(CLI::Range(0u, 1000000u))->capture_default_str();
  command->add_option("--min-size", o->min_size,
                      "Fold children whose retained size is below this: a size (64KiB) or a "
                      "percentage of the start object's retained size (0.5%); 0 folds nothing")
      ->capture_default_str();
  add_common_options(*command, o->common);
  command->callback([o, &action] {
    action = [o] {
      const MinSize min = parse_min_size(o->min_size);  // before the (slow) load
      PhaseTimer timer(o->common.timings);
      AnalyzedSnapshot snapshot(o->file, timer);
      const graph::NodeOrdinal start = o->id.empty() ? snapshot.graph().root() : snapshot.resolve_id(o->id);
      const auto r = timer.time("report", [&] { return build_dominators_report(snapshot, start, *o, min); });
      write_stdout(o->common.json ? report::render_dominators_json(r) : report::render_dominators_text(r));
      return kExitOk;
    };
  });
}

}  // namespace heapsnap::cli

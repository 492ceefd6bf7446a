#include "analyzed_snapshot.h"

#include <charconv>

#include "heapsnap/util/error.h"

namespace heapsnap::cli {

AnalyzedSnapshot::AnalyzedSnapshot(const std::string& path, PhaseTimer& timer,
                                   const analysis::DevtoolsAnalysisOptions& options)
    : path_(path), loaded_(load_for_command(path, timer)) {
  analysis_ = timer.time("analyze", [&] { return analysis::analyze_devtools(loaded_.graph, options); });
}

const graph::Retainers& AnalyzedSnapshot::retainers() {
  if (!retainers_) retainers_ = std::make_unique<graph::Retainers>(loaded_.graph);
  return *retainers_;
}

const graph::IdIndex& AnalyzedSnapshot::ids() {
  if (!ids_) ids_ = std::make_unique<graph::IdIndex>(loaded_.graph);
  return *ids_;
}

const analysis::RetainerPathFinder& AnalyzedSnapshot::path_finder() {
  if (!path_finder_)
    path_finder_ = std::make_unique<analysis::RetainerPathFinder>(loaded_.graph, retainers(),
                                                                  analysis_.distance);
  return *path_finder_;
}

graph::NodeOrdinal AnalyzedSnapshot::resolve_id(const std::string& text) {
  std::string_view digits = text;
  if (!digits.empty() && digits.front() == '@') digits.remove_prefix(1);
  uint64_t id = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || id > UINT32_MAX)
    throw Error("--id '" + text + "' is not an object id (expected a number such as 1234 or @1234)");
  const auto node = ids().find(static_cast<graph::NodeId>(id));
  if (!node) throw Error("'" + path_ + "': no object with id @" + std::to_string(id));
  return *node;
}

}  // namespace heapsnap::cli

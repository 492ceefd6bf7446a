#include "heapsnap/snapshot/analyzed_snapshot.h"

#include <charconv>
#include <future>

#include "heapsnap/analysis/detectors/run_detectors.h"
#include "heapsnap/analysis/distances.h"
#include "heapsnap/util/error.h"

namespace heapsnap::snapshot {

struct AnalyzedSnapshot::Derived {
  std::optional<analysis::DevtoolsAnalysis> devtools;
  bool has_classes = false;
  bool has_distances = false;
  std::optional<analysis::AllocationSites> sites;
  std::unique_ptr<graph::Retainers> retainers;
  std::unique_ptr<analysis::NearestRetainers> nearest;
  std::unique_ptr<graph::IdIndex> ids;
  std::unique_ptr<analysis::DominatorChildren> children;
  std::unique_ptr<analysis::RetainerPathFinder> path_finder;
  std::unique_ptr<analysis::ScriptNames> scripts;
  std::optional<std::vector<analysis::detectors::Finding>> findings;
};

AnalyzedSnapshot AnalyzedSnapshot::open(const std::string& path, const OpenOptions& options) {
  format::LoadOptions load;
  load.progress = options.progress;
  format::LoadedSnapshot loaded = format::load_snapshot_file(path, load);
  if (options.timer) {
    options.timer->add("parse", loaded.stats.parse_seconds);
    options.timer->add("check", loaded.stats.check_seconds);
  }
  return AnalyzedSnapshot(path, std::move(loaded), options.timer);
}

AnalyzedSnapshot::AnalyzedSnapshot(std::string label, format::LoadedSnapshot loaded,
                                   PhaseTimer* timer)
    : label_(std::move(label)),
      loaded_(std::move(loaded)),
      timer_(timer),
      derived_(std::make_unique<Derived>()) {}

AnalyzedSnapshot::~AnalyzedSnapshot() = default;
AnalyzedSnapshot::AnalyzedSnapshot(AnalyzedSnapshot&&) noexcept = default;
AnalyzedSnapshot& AnalyzedSnapshot::operator=(AnalyzedSnapshot&&) noexcept = default;

void AnalyzedSnapshot::ensure_devtools(bool classes, bool distances) {
  Derived& d = *derived_;
  const graph::HeapGraph& g = loaded_.graph;
  const auto run = [&] {
    if (!d.devtools) {
      const bool with_classes = classes || plan_.classes;
      const bool with_distances = distances || plan_.distances;
      // Allocation sites need only the graph: when announced, they are found on the second core
      // beside the DevTools passes (which leave it idle part of the time).
      std::future<analysis::AllocationSites> sites_job;
      if (plan_.allocation_sites && !d.sites)
        sites_job = std::async(std::launch::async, [&g, options = plan_.site_options] {
          return analysis::compute_allocation_sites(g, options);
        });
      d.devtools = analysis::analyze_devtools(
          g, {.classes = with_classes, .distances = with_distances, .aggregate_classes = false});
      analysis::DevtoolsAnalysis& a = *d.devtools;
      d.has_classes = with_classes;
      d.has_distances = with_distances;
      // The detectors need the distances and retained sizes, not the class aggregates: when
      // announced, they run on the second core while this one sums the aggregates.
      std::future<void> findings_job;
      if (plan_.findings && with_distances && !sites_job.valid())
        findings_job = std::async(std::launch::async, [this] { compute_findings(plan_.detector_options); });
      if (with_classes) {
        const analysis::DominatorChildren& children = dominator_children();
        analysis::aggregate_classes(a.classes, g, a.shallow, a.retained.retained, a.retained.idom,
                                    a.distance, &children);
      }
      if (findings_job.valid()) findings_job.get();
      if (sites_job.valid()) d.sites = sites_job.get();
    }
    analysis::DevtoolsAnalysis& a = *d.devtools;
    if (distances && !d.has_distances) {
      a.distance = analysis::compute_distances(g);
      d.has_distances = true;
    }
    if (classes && !d.has_classes) {
      a.classes = analysis::classify_nodes(g, a.dom_state);
      analysis::aggregate_classes(a.classes, g, a.shallow, a.retained.retained, a.retained.idom,
                                  a.distance);
      d.has_classes = true;
    }
  };
  const bool missing = !d.devtools || (distances && !d.has_distances) ||
                       (classes && !d.has_classes);
  if (!missing) return;
  if (timer_) timer_->time("analyze", run);
  else run();
}

std::span<const uint8_t> AnalyzedSnapshot::detachedness() {
  ensure_devtools(false, false);
  return derived_->devtools->dom_state;
}

std::span<const uint64_t> AnalyzedSnapshot::shallow_sizes() {
  ensure_devtools(false, false);
  return derived_->devtools->shallow;
}

const analysis::DevtoolsRetained& AnalyzedSnapshot::dominators() {
  ensure_devtools(false, false);
  return derived_->devtools->retained;
}

std::span<const int32_t> AnalyzedSnapshot::distances() {
  ensure_devtools(false, true);
  return derived_->devtools->distance;
}

const analysis::ClassAggregates& AnalyzedSnapshot::classes() {
  ensure_devtools(true, false);
  return derived_->devtools->classes;
}

const graph::Retainers& AnalyzedSnapshot::retainers() {
  if (!derived_->retainers) {
    const auto build = [&] { return std::make_unique<graph::Retainers>(graph()); };
    derived_->retainers = timer_ ? timer_->time("retainers", build) : build();
  }
  return *derived_->retainers;
}

const analysis::NearestRetainers& AnalyzedSnapshot::nearest_retainers() {
  if (!derived_->nearest) {
    const auto distance = distances();
    const auto build = [&] { return std::make_unique<analysis::NearestRetainers>(graph(), distance); };
    derived_->nearest = timer_ ? timer_->time("nearest retainers", build) : build();
  }
  return *derived_->nearest;
}

const graph::IdIndex& AnalyzedSnapshot::ids() {
  if (!derived_->ids) derived_->ids = std::make_unique<graph::IdIndex>(graph());
  return *derived_->ids;
}

const analysis::DominatorChildren& AnalyzedSnapshot::dominator_children() {
  if (!derived_->children) {
    const auto& idom = dominators().idom;
    const auto build = [&] { return std::make_unique<analysis::DominatorChildren>(idom, graph().root()); };
    derived_->children = timer_ ? timer_->time("dominator children", build) : build();
  }
  return *derived_->children;
}

const analysis::RetainerPathFinder& AnalyzedSnapshot::path_finder() {
  if (!derived_->path_finder) {
    const auto distance = distances();
    derived_->path_finder =
        std::make_unique<analysis::RetainerPathFinder>(graph(), retainers(), distance);
  }
  return *derived_->path_finder;
}

const analysis::ScriptNames& AnalyzedSnapshot::script_names() {
  if (!derived_->scripts) derived_->scripts = std::make_unique<analysis::ScriptNames>(graph());
  return *derived_->scripts;
}

const analysis::AllocationSites& AnalyzedSnapshot::allocation_sites() {
  if (!derived_->sites) {
    const auto build = [&] { return analysis::compute_allocation_sites(graph(), plan_.site_options); };
    derived_->sites = timer_ ? timer_->time("allocation sites", build) : build();
  }
  return *derived_->sites;
}

const std::vector<analysis::detectors::Finding>& AnalyzedSnapshot::findings(
    const analysis::detectors::DetectorOptions& options) {
  if (!derived_->findings) {
    ensure_devtools(false, true);  // retainers are taken closest to a GC root first
    if (!derived_->findings) compute_findings(options);
  }
  return *derived_->findings;
}

void AnalyzedSnapshot::compute_findings(const analysis::detectors::DetectorOptions& options) {
  // Reads the graph and the DevTools analysis but for its class aggregates, and writes only the
  // nearest retainers and the findings: ensure_devtools runs it beside aggregate_classes.
  const analysis::detectors::DetectorInput input{graph(), *derived_->devtools, nearest_retainers()};
  const auto run = [&] { return analysis::detectors::run_detectors(input, options); };
  derived_->findings = timer_ ? timer_->time("detectors", run) : run();
}

std::string AnalyzedSnapshot::display_name(graph::NodeOrdinal n) {
  const graph::HeapGraph& g = graph();
  if (n == g.root()) return "(root)";
  std::string name = analysis::devtools_node_name(g, detachedness(), n);
  if (name.empty()) name.append("(").append(g.node_type_name(n)).append(")");
  return name;
}

graph::NodeOrdinal AnalyzedSnapshot::resolve_id(std::string_view text) {
  std::string_view digits = text;
  if (!digits.empty() && digits.front() == '@') digits.remove_prefix(1);
  uint64_t id = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || id > UINT32_MAX)
    throw Error("--id '" + std::string(text) +
                "' is not an object id (expected a number such as 1234 or @1234)");
  const auto node = ids().find(static_cast<graph::NodeId>(id));
  if (!node) throw Error("'" + label_ + "': no object with id @" + std::to_string(id));
  return *node;
}

AnalyzedSnapshot::Parts AnalyzedSnapshot::release() {
  Parts parts;
  Derived& d = *derived_;
  if (d.devtools) parts.devtools = std::move(*d.devtools);
  if (d.sites) parts.sites = std::move(*d.sites);
  if (d.findings) parts.findings = std::move(*d.findings);
  derived_ = std::make_unique<Derived>();
  parts.graph = std::move(loaded_.graph);
  return parts;
}

}  // namespace heapsnap::snapshot

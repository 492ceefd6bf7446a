// `heapsnap gate`: the verdict of the memory gate in four formats, one renderer each:
//   text      for people at a terminal or in a CI log;
//   json      for machines ("schema_version", "kind": "heapsnap-gate"; docs/gate.md);
//   markdown  for a pull-request or merge-request comment;
//   junit     JUnit XML, one testcase per rule, failures carry the message (CI test reports).
// Each failing rule's message names the group, the figures and the retainer path of its top
// suspect (analysis/gate.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "heapsnap/analysis/gate.h"
#include "heapsnap/report/report.h"

namespace heapsnap::report {

inline constexpr int kGateSchemaVersion = 1;
inline constexpr const char* kGateKind = "heapsnap-gate";

struct GateReport final : Report {
  std::string baseline;              // file as given
  bool baseline_is_summary = false;  // a `heapsnap summary --json` document
  uint64_t baseline_total = 0;       // DevTools' total size
  std::vector<std::string> current;  // the snapshots after the baseline, in order
  uint64_t current_total = 0;        // of the last one
  bool default_rules = false;        // no threshold was given: "no leak suspects"
  analysis::GateVerdict verdict;
  std::vector<analysis::GateSuspect> suspects;  // the diff engine's, most evidence first
  std::vector<std::string> notes;               // facts worth telling (summary baseline, ...)

  std::string_view kind() const override { return "gate"; }
  std::string text() const override;
  std::string json() const override;
  std::string markdown() const override;
  std::string junit() const override;
};

std::string render_gate_text(const GateReport& report);
std::string render_gate_json(const GateReport& report);
std::string render_gate_markdown(const GateReport& report);
std::string render_gate_junit(const GateReport& report);

// The report of one gate run: `input` (analysis::gate_input_from_diff or
// gate_input_from_summary) judged by `given`, or by "no leak suspects" when `given` sets no
// threshold (analysis::with_defaults). `notes`: facts the comparison found worth telling.
GateReport build_gate_report(std::string baseline, std::vector<std::string> current,
                             const analysis::GateInput& input, const analysis::GateRules& given,
                             std::vector<std::string> notes = {});

}  // namespace heapsnap::report

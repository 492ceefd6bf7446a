#include "heapsnap/report/gate_report.h"

#include <fmt/format.h>

#include <cctype>

#include "heapsnap/report/gate_wording.h"
#include "heapsnap/report/json_writer.h"
#include "heapsnap/report/markup.h"
#include "heapsnap/report/text_table.h"
#include "heapsnap/util/byte_units.h"
#include "heapsnap/util/utf8.h"

namespace heapsnap::report {

using analysis::GateSuspect;
using analysis::RuleOutcome;
using analysis::RuleStatus;

namespace {

constexpr size_t kSuspectRows = 10;

const char* status_word(RuleStatus s) {
  switch (s) {
    case RuleStatus::kPass: return "pass";
    case RuleStatus::kFail: return "fail";
    case RuleStatus::kSkipped: return "skipped";
  }
  return "?";
}

const char* kind_name(analysis::RuleKind k) {
  using analysis::RuleKind;
  switch (k) {
    case RuleKind::kTotalGrowthPercent: return "total_growth_percent";
    case RuleKind::kTotalGrowthBytes: return "total_growth_bytes";
    case RuleKind::kGroupGrowth: return "group_growth";
    case RuleKind::kGroupCountGrowth: return "group_count_growth";
    case RuleKind::kSuspectSize: return "suspect_size";
    case RuleKind::kNoSuspects: return "no_suspects";
    case RuleKind::kListeners: return "listeners";
    case RuleKind::kHandleGrowth: return "handle_growth";
    case RuleKind::kTimerGrowth: return "timer_growth";
    case RuleKind::kCollectionGrowth: return "collection_growth";
    case RuleKind::kStringWaste: return "string_waste";
  }
  return "?";
}

bool is_group_rule(const RuleOutcome& o) {
  return o.kind == analysis::RuleKind::kGroupGrowth ||
         o.kind == analysis::RuleKind::kGroupCountGrowth;
}

std::string verdict_line(const GateReport& r) {
  const auto& v = r.verdict;
  const size_t rules = v.outcomes.size();
  std::string out = v.passed ? fmt::format("PASS ({} {} passed", rules - v.skipped - v.failed,
                                           rules - v.skipped - v.failed == 1 ? "rule" : "rules")
                             : fmt::format("FAIL ({} of {} {} failed", v.failed, rules,
                                           rules == 1 ? "rule" : "rules");
  if (v.skipped) out += fmt::format(", {} skipped", v.skipped);
  return out + ")";
}

std::string total_change(const GateReport& r) {
  const int64_t growth =
      static_cast<int64_t>(r.current_total) - static_cast<int64_t>(r.baseline_total);
  std::string out = format_bytes_delta(growth);
  if (r.baseline_total)
    out += fmt::format(", {:+.1f}%", 100.0 * static_cast<double>(growth) /
                                         static_cast<double>(r.baseline_total));
  return out;
}

std::string objects_change(const GateSuspect& s) {
  return fmt::format("{} → {} ({:+})", s.base_count, s.count,
                     static_cast<int64_t>(s.count) - static_cast<int64_t>(s.base_count));
}

// Splits a message into its lines.
std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  for (;;) {
    const size_t nl = text.find('\n', start);
    out.push_back(text.substr(start, nl == std::string::npos ? std::string::npos : nl - start));
    if (nl == std::string::npos) return out;
    start = nl + 1;
  }
}

std::string base_name(const std::string& path) {
  const size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

std::string GateReport::text() const { return render_gate_text(*this); }
std::string GateReport::json() const { return render_gate_json(*this); }
std::string GateReport::markdown() const { return render_gate_markdown(*this); }
std::string GateReport::junit() const { return render_gate_junit(*this); }

// --- text ----------------------------------------------------------------------------------------

std::string render_gate_text(const GateReport& r) {
  std::string out = "heapsnap gate: " + verdict_line(r) + "\n";
  out += fmt::format("baseline  {} ({}): {}\n", r.baseline,
                     r.baseline_is_summary ? "summary" : "snapshot",
                     format_bytes(r.baseline_total));
  if (!r.current.empty()) {
    out += fmt::format("current   {}: {} ({})", r.current.back(), format_bytes(r.current_total),
                       total_change(r));
    if (r.current.size() > 1) out += fmt::format(", {} snapshots in all", r.current.size() + 1);
    out += "\n";
  }
  out += "\n";
  for (const auto& o : r.verdict.outcomes) {
    std::string status = status_word(o.status);
    for (auto& c : status) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    out += fmt::format("{:<7} {}\n", status, rule_description(o));
    for (const auto& line : lines_of(rule_message(o, r.suspects))) out += "        " + line + "\n";
  }
  if (r.default_rules)
    out += "\n(no threshold given: the gate fails on any leak suspect; see heapsnap gate --help)\n";

  if (!r.suspects.empty()) {
    out += fmt::format("\nleak suspects ({}):\n", r.suspects.size());
    using Align = TextTable::Align;
    TextTable table({{"suspect", Align::kLeft, 40}, {"objects", Align::kRight},
                     {"survivors"}, {"retained growth"}, {"retained by", Align::kLeft, 100}});
    for (size_t i = 0; i < r.suspects.size() && i < kSuspectRows; ++i) {
      const auto& s = r.suspects[i];
      table.add_row({s.name, objects_change(s), std::to_string(s.survivor_count),
                     format_bytes_delta(static_cast<int64_t>(s.retained_growth)),
                     !s.path.empty() ? s.path : s.held_by.empty() ? "-" : "held by " + s.held_by});
    }
    out += table.render();
    if (r.suspects.size() > kSuspectRows)
      out += fmt::format("[{} more suspects in the JSON report]\n",
                         r.suspects.size() - kSuspectRows);
  }
  if (!r.notes.empty()) out += "\n";
  for (const auto& note : r.notes) out += "note: " + note + "\n";
  return out;
}

// --- json ----------------------------------------------------------------------------------------

std::string render_gate_json(const GateReport& r) {
  JsonWriter w;
  const auto& v = r.verdict;
  w.begin_object()
      .field("schema_version", kGateSchemaVersion)
      .field("kind", kGateKind)
      .field("verdict", v.passed ? "pass" : "fail")
      .field("failed", v.failed)
      .field("skipped", v.skipped)
      .field("default_rules", r.default_rules);
  w.key("baseline").begin_object()
      .field("file", r.baseline)
      .field("kind", r.baseline_is_summary ? "summary" : "snapshot")
      .field("total_size", r.baseline_total)
      .end_object();
  w.key("current").begin_array();
  for (const auto& file : r.current) w.value(file);
  w.end_array();
  w.field("current_total_size", r.current_total);
  w.field("total_growth",
          static_cast<int64_t>(r.current_total) - static_cast<int64_t>(r.baseline_total));
  w.key("rules").begin_array();
  for (const auto& o : v.outcomes) {
    w.begin_object()
        .field("id", o.id)
        .field("kind", kind_name(o.kind))
        .field("description", rule_description(o))
        .field("status", status_word(o.status))
        .field("message", rule_message(o, r.suspects));
    if (is_group_rule(o)) {
      w.field("group_kind", o.group_kind == analysis::GroupKind::kClass ? "class" : "site")
          .field("pattern", o.pattern);
      if (o.kind == analysis::RuleKind::kGroupGrowth)
        w.field("measure", o.measure == analysis::SizeMeasure::kRetained ? "retained" : "self");
    }
    if (o.kind == analysis::RuleKind::kListeners) w.field("event", o.pattern);
    if (o.status != RuleStatus::kSkipped) {
      w.key("group");
      if (o.group.empty()) w.null();
      else w.value(o.group);
      w.field("baseline", o.baseline)
          .field("current", o.current)
          .field("growth", o.growth);
      if (o.kind == analysis::RuleKind::kTotalGrowthPercent ||
          o.kind == analysis::RuleKind::kTotalGrowthBytes)
        w.field("growth_percent", o.growth_percent);
      w.field("limit", o.limit).field("matched", o.matched).field("offenders", o.offenders);
      w.key("suspect");
      if (o.suspect < 0) w.null();
      else w.value(o.suspect);
    }
    w.end_object();
  }
  w.end_array();
  w.key("suspects").begin_array();
  for (const auto& s : r.suspects) {
    w.begin_object()
        .field("name", s.name)
        .field("key", s.key)
        .field("site", s.site)
        .field("baseline_count", s.base_count)
        .field("count", s.count)
        .field("survivor_count", s.survivor_count)
        .field("survivor_size", s.survivor_size)
        .field("retained_growth", s.retained_growth)
        .field("retainer_path", s.path)
        .field("path_objects", s.path_objects)
        .field("paths_sampled", s.paths_sampled)
        .field("pattern", s.pattern)
        .field("held_by", s.held_by)
        .field("class", s.class_name);
    w.key("related").begin_array();
    for (const auto& name : s.related) w.value(name);
    w.end_array().end_object();
  }
  w.end_array();
  w.key("notes").begin_array();
  for (const auto& note : r.notes) w.value(note);
  w.end_array();
  w.end_object();
  return w.str();
}

// --- markdown ------------------------------------------------------------------------------------

std::string render_gate_markdown(const GateReport& r) {
  const auto& v = r.verdict;
  std::string out = fmt::format("### heapsnap gate: {} {}\n\n", v.passed ? "✅" : "❌",
                                md_text(verdict_line(r)));
  out += fmt::format("Baseline {} ({}, {})", md_code(base_name(r.baseline)),
                     r.baseline_is_summary ? "summary" : "snapshot",
                     format_bytes(r.baseline_total));
  if (!r.current.empty()) {
    out += fmt::format(" → current {} ({}, {})", md_code(base_name(r.current.back())),
                       format_bytes(r.current_total), md_text(total_change(r)));
    if (r.current.size() > 1) out += fmt::format(", {} snapshots", r.current.size() + 1);
  }
  out += ".\n\n| | Rule | Result |\n|---|---|---|\n";
  for (const auto& o : v.outcomes) {
    const char* mark = o.status == RuleStatus::kPass   ? "✅"
                       : o.status == RuleStatus::kFail ? "❌"
                                                       : "⏭️";
    out += fmt::format("| {} | {} | {} |\n", mark, md_text(rule_description(o)),
                       md_text(rule_message(o, r.suspects)));
  }
  if (r.default_rules)
    out += "\n_No threshold given: the gate fails on any leak suspect._\n";
  if (!r.suspects.empty()) {
    out += fmt::format("\n<details{}><summary>Leak suspects ({})</summary>\n\n",
                       v.passed ? "" : " open", r.suspects.size());
    out += "| # | Suspect | Objects | Survivors | Retained growth | Retained by |\n"
           "|---|---|---|---|---|---|\n";
    for (size_t i = 0; i < r.suspects.size() && i < kSuspectRows; ++i) {
      const auto& s = r.suspects[i];
      out += fmt::format("| {} | {} | {} | {} | {} | {} |\n", i + 1, md_code(s.name),
                         md_text(objects_change(s)), s.survivor_count,
                         md_text(format_bytes_delta(static_cast<int64_t>(s.retained_growth))),
                         !s.path.empty()      ? md_code(s.path)
                         : s.held_by.empty() ? std::string("–")
                                             : "held by " + md_code(s.held_by));
    }
    out += "\n</details>\n";
  }
  if (!r.notes.empty()) out += "\n";
  for (const auto& note : r.notes) out += "> " + md_text(note) + "\n";
  return out;
}

// --- junit ---------------------------------------------------------------------------------------

std::string render_gate_junit(const GateReport& r) {
  const auto& v = r.verdict;
  const size_t tests = v.outcomes.size();
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites name=\"heapsnap gate\" tests=\"{}\" failures=\"{}\" "
                     "errors=\"0\" skipped=\"{}\">\n",
                     tests, v.failed, v.skipped);
  out += fmt::format("  <testsuite name=\"heapsnap gate\" tests=\"{}\" failures=\"{}\" "
                     "errors=\"0\" skipped=\"{}\">\n",
                     tests, v.failed, v.skipped);
  out += "    <properties>\n";
  out += fmt::format("      <property name=\"baseline\" value=\"{}\"/>\n",
                     xml_escape(r.baseline, true));
  for (const auto& file : r.current)
    out += fmt::format("      <property name=\"current\" value=\"{}\"/>\n", xml_escape(file, true));
  out += fmt::format("      <property name=\"baseline_total_size\" value=\"{}\"/>\n",
                     r.baseline_total);
  out += fmt::format("      <property name=\"current_total_size\" value=\"{}\"/>\n",
                     r.current_total);
  out += "    </properties>\n";
  for (const auto& o : v.outcomes) {
    out += fmt::format("    <testcase classname=\"heapsnap.gate\" name=\"{}\">\n",
                       xml_escape(o.id + ": " + rule_description(o), true));
    const std::string message = rule_message(o, r.suspects);
    if (o.status == RuleStatus::kFail) {
      // The attribute is what most CI views show: the figures and the culprit, without the path.
      const auto lines = lines_of(message);
      const std::string summary = lines.size() > 1 ? lines[0] + "; " + lines[1] : lines[0];
      out += fmt::format("      <failure type=\"memory-regression\" message=\"{}\">{}</failure>\n",
                         xml_escape(summary, true), xml_escape(message, false));
    } else if (o.status == RuleStatus::kSkipped) {
      out += fmt::format("      <skipped message=\"{}\"/>\n", xml_escape(message, true));
    } else {
      out += fmt::format("      <system-out>{}</system-out>\n", xml_escape(message, false));
    }
    out += "    </testcase>\n";
  }
  out += "  </testsuite>\n</testsuites>\n";
  return out;
}

GateReport build_gate_report(std::string baseline, std::vector<std::string> current,
                             const analysis::GateInput& input, const analysis::GateRules& given,
                             std::vector<std::string> notes) {
  GateReport r;
  r.baseline = std::move(baseline);
  r.baseline_is_summary = input.baseline_is_summary;
  r.baseline_total = input.base_total;
  r.current = std::move(current);
  r.current_total = input.total;
  r.default_rules = given.empty();
  r.verdict = analysis::evaluate_gate(input, analysis::with_defaults(given));
  r.suspects = input.suspects;
  r.notes = std::move(notes);
  return r;
}

}  // namespace heapsnap::report

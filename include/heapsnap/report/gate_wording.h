// The gate's words: what each rule demands and what it found, in one or a few lines, from the
// figures of analysis/gate.h. Every output format of `gate` (gate_report.h) uses these.
#pragma once

#include <string>
#include <vector>

#include "heapsnap/analysis/gate.h"

namespace heapsnap::report {

// "RequestContext: 300 → 4300 objects (+4000), 4000 survivors, retained growth +1.2 MiB
//  allocated at RequestContext (/srv/app.js:9:14)
//  retained by global → contextsByRequestId → ... (48 of 48 sampled objects)"
std::string describe_suspect(const analysis::GateSuspect& suspect);

// What the rule demands, one line: "total heap size grows by at most 10%".
std::string rule_description(const analysis::RuleOutcome& outcome);

// One or more lines: the figures; for a failure also the group at fault and the retainer path of
// the suspect the rule names (an index into `suspects`); for a skipped rule, why.
std::string rule_message(const analysis::RuleOutcome& outcome,
                         const std::vector<analysis::GateSuspect>& suspects);

}  // namespace heapsnap::report

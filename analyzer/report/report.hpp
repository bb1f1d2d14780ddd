// Reports: the ranked findings of one bundle, for people (text) and for programs (JSON).
//
// Order is stable: severity (error, warning, info), then category (rule before collection), then rule id.
// The JSON form is versioned ("report_format": "1.0") and only grows by adding fields.
#pragma once

#include <string>
#include <vector>

#include "bundle/bundle.hpp"
#include "core/diagnostics.hpp"
#include "rules/rules.hpp"

namespace migready::report {

struct Report {
  std::string bundle_name;
  std::string computer_name;
  std::string collected_utc;
  bool bundle_complete = true;
  std::vector<rules::Finding> findings;  // sorted by sort_findings
  std::vector<Diagnostic> diagnostics;
  std::size_t errors = 0, warnings = 0, infos = 0;
};

// Sorts findings and counts them by severity.
Report make_report(const bundle::Bundle& bundle, std::vector<rules::Finding> findings, const Diagnostics& diags);

// Terminal text. `color` adds ANSI colors to severities.
std::string render_text(const Report& report, bool color);
std::string render_json(const Report& report);

// Findings for the bundle's own collection problems (each not-ok or corrupt artifact, an incomplete run).
std::vector<rules::Finding> collection_findings(const bundle::Bundle& bundle);

}  // namespace migready::report

// Rules: declarative checks over the facts document, loaded from JSON data (rules/*.json, compiled in).
//
// A rule file holds {"rules": [ ... ]}; comments (// and /* */) are allowed. One rule:
//
//   {
//     "id": "OS_SERVICE_PACK_2_MISSING",            // UPPER_SNAKE, says what is wrong
//     "severity": "error",                          // error blocks migration, warning risks it, info must be known
//     "title": "Windows Server 2003 Service Pack 2 is not installed",
//     "section": "BKMK_InstallTheMostRecentServicePacksToPrepareForMigration",  // or "BPA:<area>"
//     "when": {"all": [{"eq": [{"fact": "os.version"}, "5.2"]},
//                      {"lt": [{"fact": "os.service_pack_number"}, 2]}]},
//     "message": "The server runs {os.product_name} with '{os.service_pack}'.",
//     "remediation": ["Back up the server.", "Install Windows Server 2003 SP2 ..."]
//   }
//
// Conditions (tri-state: true, false, or unknown when a fact it reads was not collected):
//   {"all": [c, ...]}  {"any": [c, ...]}  {"not": c}
//   {"eq"|"ne"|"lt"|"le"|"gt"|"ge": [x, y]}   numbers numerically, strings by bytes, bools eq/ne only
//   {"version_lt"|"version_ge": [x, y]}       dotted numeric versions: "6.10.1129.0" < "6.20"
//   {"matches": [x, "re2 pattern"]}           x is a string; RE2 partial match
//   {"any_matches": [x, "pattern"]}           x is an array of strings; true if one matches
//   {"exists": "path"}                        the fact is present and its value is not null
//   {"truthy": x}                             x is true, a non-zero number, a non-empty string or array
// Operands x, y: a JSON literal, {"fact": "path"}, or {"count": {"fact": "path"}} (array length).
// Message templates: "{path}" is replaced by the fact's value (arrays joined with ", ").
// Nothing in a rule is executed: patterns are RE2 (linear time), templates only substitute.
//
// A rule whose condition is unknown does not pass silently: it yields a collection finding that names the
// facts it could not read and the artifacts to re-collect.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostics.hpp"
#include "core/result.hpp"
#include "facts/facts.hpp"

namespace migready::rules {

enum class Severity { error, warning, info };
const char* severity_name(Severity severity) noexcept;

struct Evidence {
  std::string fact;    // "os.service_pack_number", or "" for collection evidence
  std::string value;   // rendered for people
  std::string source;  // "registry.software:Microsoft\\Windows NT\\CurrentVersion\\CSDVersion"
};

struct Finding {
  std::string rule_id;
  Severity severity = Severity::info;
  std::string category;  // "rule" or "collection"
  std::string title;
  std::string section;   // BKMK_… anchor or BPA area
  std::string message;
  std::vector<std::string> remediation;
  std::vector<Evidence> evidence;
};

struct Rule;  // opaque: parsed and checked at load

class RuleSet {
 public:
  RuleSet();
  RuleSet(RuleSet&&) noexcept;
  RuleSet& operator=(RuleSet&&) noexcept;
  ~RuleSet();

  // The rules compiled into the binary from rules/*.json.
  static Result<RuleSet> builtin();
  // Adds the rules of one file's text; a rule with an existing id replaces it. Errors carry "file:line".
  Result<void> add_file(std::string_view text, const std::string& file_name);
  // Adds every *.json in a directory (sorted by name), as --rules DIR does.
  Result<void> add_directory(const std::string& dir);

  std::size_t size() const noexcept;
  std::vector<std::string> ids() const;

  // Evaluates every rule; findings unsorted. Never fails: a rule that cannot be evaluated becomes a
  // collection finding.
  std::vector<Finding> evaluate(const facts::Facts& facts) const;

 private:
  std::vector<Rule> m_rules;
};

// The embedded rule files: {file name, text}, generated at build time.
struct EmbeddedRuleFile {
  const char* name;
  std::string_view text;
};
std::vector<EmbeddedRuleFile> embedded_rule_files();

}  // namespace migready::rules

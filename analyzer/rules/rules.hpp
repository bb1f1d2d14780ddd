// Rules: declarative checks over the facts document, loaded from JSON data (rules/*.json, compiled in).
// docs/rules.md is the language reference with an example of every construct; this is the summary.
//
// A rule file is {"rules": [ ... ]} (and optionally "$schema"); comments (// and /* */) and trailing commas
// are allowed. One rule:
//
//   {
//     "id": "OS_SERVICE_PACK_2_MISSING",            // UPPER_SNAKE, says what is wrong; unique in its file
//     "severity": "error",                          // error blocks migration, warning risks it, info must be known
//     "title": "Windows Server 2003 Service Pack 2 is not installed",
//     "section": "BKMK_InstallTheMostRecentServicePacksToPrepareForMigration",  // an id of sections.hpp
//     "when": {"all": [{"eq": [{"fact": "os.version"}, "5.2"]},
//                      {"lt": [{"fact": "os.service_pack_number"}, 2]}]},
//     "message": "The server reports '{os.service_pack}'.",     // a template
//     "remediation": ["Back up the server.", "Install Windows Server 2003 SP2 ..."]  // templates
//   }
//
// Per element of an array fact: "for_each": {"fact": "netdiag.failed_tests"} makes the rule yield one
// finding per element for which "when" holds ("when" may then be left out: every element). Inside, the
// element is {"item": "field.path"} ({"item": "."} is the element itself, for arrays of scalars), and in
// templates {item.field} / {item}. Optional "subject": a template naming the element (default: its
// "name" field, or the scalar itself), copied to Finding::subject.
//
// Optional "cause" (any rule): a template naming the one thing to fix that clears the finding, the same words
// for every rule it clears: "Windows Server 2003 Service Pack 2 is not installed", "the domain controller
// {item.neighbor} is gone". Findings whose rendered causes are equal are one entry of the report's
// "Fix first" list (docs/rules.md). Copied, rendered, to Finding::cause.
//
// Conditions (tri-state: true, false, or unknown when a fact it reads was not collected):
//   {"all": [c, ...]}  {"any": [c, ...]}  {"not": c}
//   {"eq"|"ne"|"lt"|"le"|"gt"|"ge": [x, y]}   numbers numerically, strings by bytes, bools eq/ne only
//   {"version_lt"|"version_ge": [x, y]}       dotted numeric versions: "6.10.1129.0" < "6.20"
//   {"date_lt"|"date_le"|"date_gt"|"date_ge": [x, y]}   ISO dates "YYYY-MM-DD[Thh:mm[:ss]][Z]"
//   {"matches": [x, "re2 pattern"]}           x is a string; RE2 partial match ((?i) for case-insensitive)
//   {"any_matches": [x, "pattern"]}           x is an array of strings; true if one matches
//   {"in": [x, list]}                         x equals (as eq) an element of the array list
//   {"some"|"every": {LIST, "where": c}}      some / every element of LIST satisfies c (every: true on [])
//   {"exists": "path"}                        the fact is present and its value is not null
//   {"truthy": x}                             x is true, a non-zero number, a non-empty string or array
// LIST is {"fact": "path"} or {"item": "field"}; inside "where" {"item": …} is the element being tested and
// {"parent": "field"} the element of the enclosing iteration.
// Operands x, y: a JSON literal (arrays only as the list of "in"); {"fact": "path"}; {"item": "field"};
// {"parent": "field"}; {"count": {LIST}} or {"count": {LIST, "where": c}} (a number);
// {"days_between": [a, b]} (b - a in days, fractional; null unless both are dates);
// {"to_utc": [local, bias_minutes]} (a local time plus the bias, as "…Z"; UTC = local + bias).
// A fact path may continue into the fact's value: "events.system.errors_last_30_days.groups" is the
// "groups" field of the fact "events.system.errors_last_30_days"; an absent field is null.
// Dates: a time without "Z" is the server's local time. Comparing a local time with a UTC time compares the
// wall-clock figures, off by the time-zone bias; {"to_utc": …} with time.zone.bias_minutes makes it exact
// outside daylight saving time (that bias is the standard one).
//
// Templates (message, remediation steps, subject): "{fact.path}", "{item.field}", "{item}", optionally
// with one filter: "{path|date}" (YYYY-MM-DD), "{path|add_days:14}" (the date 14 days later),
// "{path|days_to:other.path}" (whole days from path's date to other's), "{path|after_last:\\}" (the text
// after the last "\\": "SITE\\DC" -> "DC"; all of it when there is none). "{{" is a literal "{".
// A fact that is not present renders "(unknown)", null and empty arrays "(none)".
//
// Nothing in a rule is executed: patterns are RE2 (linear time), templates only substitute.
// Everything above is checked when a file is loaded; an error names "file:line" of the offending key or
// value. So is every fact path, against the fact catalogue (facts/catalogue.hpp): an undeclared fact, a path
// continuing into a fact that is no object, and an operator the fact's type cannot take (lt/le/gt/ge on a
// fact that is no number, version_* on a non-string, date_*, days_between and to_utc on a non-date, matches
// on a non-string, any_matches, some, every, count, for_each and the list of "in" on a non-array) or a
// literal of a type the fact never holds ({"eq": [{"fact": "os.version"}, 5.2]}) are load errors. A rule whose condition is unknown does not pass silently: it yields a collection finding that
// names the facts it could not read and the artifacts to re-collect.
//
// Limits: conditions nest at most 32 deep and JSON at most 64; a for_each rule yields at most
// kMaxFindingsPerRule findings (the last one's evidence says how many more matched).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostics.hpp"
#include "core/result.hpp"
#include "facts/catalogue.hpp"
#include "facts/facts.hpp"
#include "rules/fix.hpp"

namespace migready::rules {

enum class Severity { error, warning, info };
const char* severity_name(Severity severity) noexcept;

inline constexpr std::size_t kMaxFindingsPerRule = 100;
inline constexpr std::size_t kNoRuleOrder = static_cast<std::size_t>(-1);

struct Evidence {
  std::string fact;    // "os.service_pack_number", "netdiag.failed_tests[2]", or "" for collection evidence
  std::string value;   // rendered for people (an element: compact JSON)
  std::string source;  // "registry.software:Microsoft\\Windows NT\\CurrentVersion\\CSDVersion", "command.netdiag:57"
};

struct Finding {
  std::string rule_id;
  Severity severity = Severity::info;
  std::string category;  // "rule" or "collection"
  std::string title;
  std::string section;   // BKMK_… anchor or BPA area
  std::string message;
  std::vector<std::string> remediation;
  std::vector<FixStep> fix;  // the rule's fix steps, filled from the facts (rules/fix.hpp); often empty
  std::vector<Evidence> evidence;
  std::string subject;  // for_each rules: the element this finding is about ("DNS test", "W32Time"); else ""
  std::string cause;    // the rule's rendered "cause": what to fix to clear it; "" when the rule has none
  // The rule's position in the rule set (load order: rule files by name, rules in the order written); the
  // report ranks by it within a severity and section. kNoRuleOrder for findings about the bundle itself.
  std::size_t rule_order = kNoRuleOrder;
  // A rule whose condition was unknown: this finding says so ("Not checked: …", category "collection",
  // severity warning), and rule_severity is what the rule would have raised. Else equal to severity.
  bool not_checked = false;
  Severity rule_severity = Severity::info;
  // Set by the report when only expired waivers matched it (report/waivers.hpp): "A waiver accepted this
  // until 2026-11-30 (...); it has expired, so the finding counts again." Else "".
  std::string waiver_note;
  // A "not checked" finding whose facts the collector gathers: the command line that collects just those
  // artifacts ("migready-collect.exe --only time,api.services", contract/selection.hpp); else "".
  std::string collect_command;
  std::vector<std::string> collect_artifacts;  // the artifact ids collect_command gathers (before mapping to rows)
};

// Everything about one loaded rule, for `migready rules show`.
struct RuleInfo {
  std::string id;
  Severity severity = Severity::info;
  std::string title, section, message;
  std::vector<std::string> remediation;
  std::string where;               // "rules/network.json:7": where the rule is defined
  std::string for_each;            // the array fact iterated, "" when none
  std::string subject;             // the subject template, "" when none
  std::string cause;               // the cause template, "" when none
  std::string when;                // the condition as JSON ("" when a for_each rule has none)
  std::vector<std::string> facts;  // the fact paths it reads, in order, without repeats
  std::vector<FixInfo> fix;        // its fix steps' templates, with the documented syntax each matched
};

// What `migready rules check DIR` reports.
struct CheckResult {
  std::size_t files = 0;         // *.json files read
  std::size_t rules = 0;         // rules that loaded
  std::vector<Error> errors;     // every problem found, each with "file:line"
  std::vector<std::string> ids;  // ids of the rules that loaded, in file order
};

struct Rule;  // opaque: parsed and checked at load

class RuleSet {
 public:
  // Fact paths are checked against `catalogue` (tests of the engine pass one of their own).
  explicit RuleSet(const facts::Catalogue& catalogue = facts::Catalogue::builtin());
  RuleSet(RuleSet&&) noexcept;
  RuleSet& operator=(RuleSet&&) noexcept;
  ~RuleSet();

  // The rules compiled into the binary from rules/*.json.
  static Result<RuleSet> builtin();
  // Adds the rules of one file's text; a rule with an existing id replaces it. A file with any error adds
  // nothing; the error (the first) carries "file:line".
  Result<void> add_file(std::string_view text, const std::string& file_name);
  // Adds every *.json in a directory (sorted by name), as --rules DIR does.
  Result<void> add_directory(const std::string& dir);
  // Validates a directory of rule files without loading them: every file's JSON, every rule (its first
  // error each), and ids unique across the files. An unreadable or empty directory is an error too.
  static CheckResult check_directory(const std::string& dir,
                                     const facts::Catalogue& catalogue = facts::Catalogue::builtin());

  std::size_t size() const noexcept;
  std::vector<std::string> ids() const;
  std::optional<RuleInfo> info(std::string_view id) const;

  // Evaluates every rule; findings unsorted (a for_each rule's in element order). Never fails: a rule
  // that cannot be evaluated becomes a collection finding.
  std::vector<Finding> evaluate(const facts::Facts& facts) const;

 private:
  std::vector<Rule> m_rules;
  const facts::Catalogue* m_catalogue;
};

// The embedded rule files: {file name, text}, generated at build time.
struct EmbeddedRuleFile {
  const char* name;
  std::string_view text;
};
std::vector<EmbeddedRuleFile> embedded_rule_files();

}  // namespace migready::rules

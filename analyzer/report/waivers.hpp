// Waivers: risks the engineer has accepted, so that they stop firing on every run (docs/report-format.md,
// "Waivers"; schema docs/waivers.schema.json). A hand-edited JSON file, hostile like every input:
//
//   {
//     "schema": "migready-waivers/1",
//     "waivers": [
//       {"rule": "DNS_FORWARDERS_MISSING",            // a rule id of the loaded rule set (or a COLLECTION_* id)
//        "subject": "C:\\\\.*",                      // optional: RE2, full match of the finding's subject
//        "host": "SBS01",                            // optional: the bundle's computer name (or NAME.dns.domain)
//        "reason": "The ISP's resolvers are reached through the router.",   // required, not blank
//        "by": "J. Smith", "date": "2026-12-01", "expires": "2027-03-01"}   // all three required
//     ]
//   }
//
// Comments (// and /* */) and trailing commas are allowed, as in rule files; a UTF-8 byte order mark is
// skipped. Every error names "file:line:column" of the offending key or value and what was expected; the
// first error stops the load (the file is the engineer's: one message, fixed, run again).
//
// Matching (apply_waivers): a waiver matches a finding when the rule id is equal, the subject pattern (if
// any) matches the finding's whole subject (RE2::FullMatch; "(?i)" for case-insensitive; no pattern: any
// subject), and the host (if any) equals the bundle's computer name, or computer name "." DNS domain, without
// case. A "Not checked" finding is never waived: what was not collected is not a risk anyone accepted.
// The first matching waiver in file order that has not expired waives it; a finding matched only by expired
// waivers stays where its severity ranks it, with a note naming the expiry date.
// A waiver is valid through its "expires" date (inclusive) in UTC; `as_of` ("YYYY-MM-DD") is the day judged:
// today's UTC date, or --as-of for reproducible runs.
//
// Limits (hostile file): kMaxWaiversFileBytes, kMaxWaivers entries, the string lengths below, JSON nested at
// most kMaxWaiversDepth, dates 2000-01-01..2099-12-31, expires not before date and at most kMaxWaiverDays
// after it (a waiver is revisited at least once a year), no control characters in any string.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "report/report.hpp"
#include "rules/rules.hpp"

namespace re2 {
class RE2;
}

namespace migready::report {

inline constexpr const char* kWaiversSchema = "migready-waivers/1";
// The file name looked for beside a bundle (the same folder) when no --waivers FILE is given.
inline constexpr const char* kDefaultWaiversName = "migready.waivers.json";

inline constexpr std::size_t kMaxWaiversFileBytes = 1 << 20;
inline constexpr std::size_t kMaxWaivers = 1000;
inline constexpr std::size_t kMaxWaiversDepth = 4;  // the document, "waivers", an entry: 3; one spare
inline constexpr std::size_t kMaxWaiverRuleBytes = 128;
inline constexpr std::size_t kMaxWaiverSubjectBytes = 512;  // the pattern's text
inline constexpr std::size_t kMaxWaiverHostBytes = 255;
inline constexpr std::size_t kMaxWaiverReasonBytes = 2000;
inline constexpr std::size_t kMaxWaiverByBytes = 200;
inline constexpr long kMaxWaiverDays = 366;

struct Waiver {
  std::string rule;
  std::string subject;  // the pattern as written; "" = any subject
  std::string host;     // "" = any host
  std::string reason, by, date, expires;
  std::string where;                           // "file:line:column" of the entry's "{"
  std::shared_ptr<const re2::RE2> subject_re;  // compiled, null when no subject
};

struct WaiverSet {
  std::string file;  // as given (a path), for the report and messages
  std::vector<Waiver> waivers;
};

// Parses and checks the text of a waivers file. `file` names it in errors; `known_rule(id)` says whether a
// rule id exists (the loaded rule set, and the COLLECTION_* ids of collection findings: waivable_rule_ids).
Result<WaiverSet> parse_waivers(std::string_view text, const std::string& file,
                                const std::function<bool(std::string_view)>& known_rule);
// Reads `path` (at most kMaxWaiversFileBytes) and parses it.
Result<WaiverSet> load_waivers(const std::string& path, const std::function<bool(std::string_view)>& known_rule);

// The collection findings' ids (report.cpp) that a waiver may name besides the rule set's ids.
const std::vector<std::string>& collection_rule_ids();

// A known_rule for parse_waivers: an id of `rules` or of collection_rule_ids().
std::function<bool(std::string_view)> known_rules(const rules::RuleSet& rules);

// The waivers file beside a bundle: kDefaultWaiversName in the bundle's folder (the current folder when the
// path names none).
std::string default_waivers_path(const std::string& bundle_path);
// That path when a regular file (or a link to one) is there, else "".
std::string waivers_beside(const std::string& bundle_path);

// True when `date` is "YYYY-MM-DD", a real day of 2000..2099.
bool valid_iso_date(std::string_view date);
// Today's date in UTC, "YYYY-MM-DD".
std::string today_utc();

// Moves the findings waived in `set` from report.findings to report.accepted, notes the expired waivers on the
// findings they would have waived, recounts errors, warnings and info and the "Fix first" list over what is
// left, and records every waiver's outcome in report.waivers (report.waivers_used becomes true).
void apply_waivers(Report& report, const WaiverSet& set, std::string_view as_of);

}  // namespace migready::report

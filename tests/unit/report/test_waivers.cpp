#include <catch2/catch.hpp>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "report/diff.hpp"
#include "report/waivers.hpp"

using namespace migready;

namespace {

bool known(std::string_view id) {
  return id == "A" || id == "B" || id == "DNS_FORWARDERS_MISSING" || id == "C";
}

std::string file_of(const std::string& entries) {
  return "{\"schema\": \"migready-waivers/1\", \"waivers\": [\n" + entries + "\n]}";
}

std::string entry(const std::string& rule, const std::string& extra = "", const std::string& expires = "2027-03-01") {
  return "{\"rule\": \"" + rule +
         "\", \"reason\": \"accepted\", \"by\": \"J. Smith\", \"date\": \"2026-12-01\", "
         "\"expires\": \"" +
         expires + "\"" + extra + "}";
}

// The error of a file that must be refused, as "where: message".
std::string refusal(const std::string& text) {
  auto set = report::parse_waivers(text, "w.json", known);
  REQUIRE_FALSE(set);
  return set.error().to_string();
}

rules::Finding finding(const std::string& id, rules::Severity severity, const std::string& subject = "") {
  rules::Finding f;
  f.rule_id = id;
  f.severity = severity;
  f.rule_severity = severity;
  f.category = "rule";
  f.section = "BKMK_MigrationPrep";
  f.title = "title of " + id;
  f.subject = subject;
  f.message = "m";
  f.cause = "cause of " + id;
  return f;
}

report::Report report_of(std::vector<rules::Finding> findings, const std::string& host = "SBS01") {
  report::Report r;
  r.computer_name = host;
  r.dns_domain = "contoso.local";
  for (const auto& f : findings) {
    (f.severity == rules::Severity::error ? r.errors : f.severity == rules::Severity::warning ? r.warnings : r.infos)++;
  }
  r.findings = std::move(findings);
  r.fix_first = report::fix_first(r.findings);
  return r;
}

report::WaiverSet set_of(const std::string& entries) {
  auto set = report::parse_waivers(file_of(entries), "w.json", known);
  REQUIRE(set);
  return *set;
}

constexpr auto E = rules::Severity::error;
constexpr auto W = rules::Severity::warning;

}  // namespace

TEST_CASE("waivers: a valid file loads every field, where each entry is and its compiled pattern") {
  const auto set = set_of(entry("A") + ",\n  " + entry("B", ", \"subject\": \"C:\\\\\\\\.*\", \"host\": \"SBS01\""));
  REQUIRE(set.waivers.size() == 2);
  CHECK(set.waivers[0].where == "w.json:2:1");
  CHECK(set.waivers[1].where == "w.json:3:3");
  CHECK(set.waivers[1].subject == "C:\\\\.*");
  CHECK(set.waivers[1].host == "SBS01");
  CHECK(set.waivers[0].subject_re == nullptr);
  CHECK(set.waivers[1].subject_re != nullptr);
  // Comments, trailing commas and a byte order mark are allowed.
  CHECK(report::parse_waivers(
      "\xef\xbb\xbf{\"schema\": \"migready-waivers/1\", // note\n \"waivers\": [" + entry("A") + ",],}", "w.json",
      known));
}

TEST_CASE("waivers: every malformed file is refused with file:line:column and what was expected") {
  CHECK(refusal("") == "w.json:1:1: not valid JSON: The document is empty.");
  CHECK(refusal("[]") == "w.json:1:1: expected an object {\"schema\": \"migready-waivers/1\", \"waivers\": [...]}");
  CHECK(refusal("{\"waivers\": []}") ==
        "w.json:1:1: missing \"schema\": expected {\"schema\": \"migready-waivers/1\", \"waivers\": [...]}");
  CHECK(refusal("{\"schema\": \"migready-waivers/2\", \"waivers\": []}") ==
        "w.json:1:12: \"schema\" must be \"migready-waivers/1\"");
  CHECK(refusal("{\"schema\": \"migready-waivers/1\",\n \"waiver\": []}") ==
        "w.json:2:2: unknown key \"waiver\" (expected schema, waivers)");
  CHECK(refusal(file_of(entry("NOPE"))) ==
        "w.json:2:10: waiver 1: unknown rule id \"NOPE\" (expected an id of the loaded rules: migready rules list)");
  CHECK(refusal(file_of("{\"rule\": \"A\", \"by\": \"x\", \"date\": \"2026-12-01\", \"expires\": \"2027-01-01\"}")) ==
        "w.json:2:1: waiver 1: missing \"reason\": why the risk is accepted");
  CHECK(refusal(file_of(entry("A", ", \"expire\": \"2027-01-01\""))) ==
        "w.json:2:102: waiver 1: unknown key \"expire\" (expected rule, subject, host, reason, by, date, expires)");
  CHECK(refusal(file_of(entry("A", ", \"rule\": \"B\""))) == "w.json:2:102: waiver 1: duplicate key \"rule\"");
  CHECK(refusal(file_of(entry("A", "", "2027-02-30"))) ==
        "w.json:2:88: waiver 1: \"expires\" must be a date YYYY-MM-DD (2000-2099), not \"2027-02-30\"");
  CHECK(refusal(file_of(entry("A", "", "2026-11-30"))) ==
        "w.json:2:88: waiver 1: \"expires\" is before \"date\" (2026-12-01)");
  CHECK(refusal(file_of(entry("A", "", "2027-12-03"))) ==
        "w.json:2:88: waiver 1: \"expires\" is more than 366 days after \"date\" (2026-12-01): accept a risk for a "
        "year at most");
  CHECK(refusal(file_of(entry("A", ", \"subject\": \"(\"")))
            .starts_with("w.json:2:113: waiver 1: \"subject\" is not a valid RE2 pattern: missing ): ("));
  CHECK(refusal(file_of("{\"rule\": \"A\", \"reason\": \"  \", \"by\": \"x\", \"date\": \"2026-12-01\", \"expires\": "
                        "\"2027-01-01\"}")) ==
        "w.json:2:25: waiver 1: \"reason\" is blank: say why the risk is accepted");
  CHECK(refusal(file_of(entry("A", ", \"host\": 5"))) == "w.json:2:110: waiver 1: \"host\" must be a string");
  CHECK(refusal(file_of("{\"rule\": \"A\", \"reason\": \"a\\u001bb\", \"by\": \"x\", \"date\": \"2026-12-01\", "
                        "\"expires\": \"2027-01-01\"}")) ==
        "w.json:2:25: waiver 1: \"reason\" contains a control character");
  CHECK(refusal(file_of("7")) == "w.json:2:1: waiver 1: expected an object {\"rule\": ..., \"reason\": ..., ...}");
  CHECK(refusal("{\"schema\": \"migready-waivers/1\", \"waivers\": [{\"rule\": [[1]]}]}") ==
        "w.json:1:56: nested deeper than a waivers file is");
  // Columns count characters: "é" is one.
  CHECK(refusal("{\"schema\": \"migready-waivers/1\", \"é\": 1}") ==
        "w.json:1:34: unknown key \"é\" (expected schema, waivers)");
  CHECK(refusal("{\"schema\": \"migready-waivers/1\", \"waivers\": [\xff]}") ==
        "w.json:1:46: not valid JSON: Invalid value.");
}

TEST_CASE("waivers: the limits of a hostile file") {
  std::string many;
  for (std::size_t i = 0; i <= report::kMaxWaivers; ++i) many += (i ? "," : "") + entry("A");
  CHECK(refusal(file_of(many)) == "w.json:1:45: more than 1000 waivers");
  CHECK(refusal(std::string(report::kMaxWaiversFileBytes + 1, ' ')) == "w.json: larger than 1048576 bytes");
  CHECK(refusal(file_of("{\"rule\": \"A\", \"reason\": \"r\", \"by\": \"" + std::string(201, 'x') +
                        "\", \"date\": \"2026-12-01\", \"expires\": \"2027-01-01\"}")) ==
        "w.json:2:36: waiver 1: \"by\" is longer than 200 bytes");
}

TEST_CASE("waivers: a waived finding leaves the verdict, the counts and Fix first, and is accepted") {
  auto r = report_of({finding("A", E), finding("B", W, "C:\\"), finding("B", W, "D:\\")});
  report::apply_waivers(r, set_of(entry("A") + "," + entry("B", ", \"subject\": \"C:.*\"")), "2026-12-07");
  CHECK(r.waivers_used);
  CHECK(r.errors == 0);
  CHECK(r.warnings == 1);
  REQUIRE(r.accepted.size() == 2);
  CHECK(r.accepted[0].finding.rule_id == "A");
  CHECK(r.accepted[1].finding.subject == "C:\\");
  REQUIRE(r.findings.size() == 1);
  CHECK(r.findings[0].subject == "D:\\");
  CHECK(r.fix_first.size() == 1);
  CHECK(report::verdict(r) == "READY (with 1 warning); 2 accepted");
  CHECK(r.waivers[0].outcome == report::WaiverOutcome::applied);
  CHECK(r.waivers[1].findings == 1);
}

TEST_CASE("waivers: expired, stale, other host and not-checked findings") {
  auto nc = finding("C", W);
  nc.not_checked = true;
  nc.rule_severity = E;
  auto r = report_of({finding("A", E), finding("B", W), nc});
  report::apply_waivers(r,
                        set_of(entry("A", "", "2026-12-06") + "," + entry("DNS_FORWARDERS_MISSING") + "," +
                               entry("B", ", \"host\": \"OTHER\"") + "," + entry("C")),
                        "2026-12-07");
  // The expired waiver: the finding counts again, with a note naming the date.
  CHECK(r.errors == 1);
  CHECK(r.findings[0].waiver_note.find("expired on 2026-12-06") != std::string::npos);
  CHECK(r.waivers[0].outcome == report::WaiverOutcome::expired);
  CHECK(r.waivers[1].outcome == report::WaiverOutcome::stale);
  CHECK(r.waivers[2].outcome == report::WaiverOutcome::other_host);
  // A "Not checked" finding is never waived: the waiver for C matches nothing.
  CHECK(r.waivers[3].outcome == report::WaiverOutcome::stale);
  CHECK(r.accepted.empty());
  CHECK(report::verdict(r) == "NOT READY: 1 error, 2 warnings, 0 info");
  // Valid through its expiry day.
  auto same_day = report_of({finding("A", E)});
  report::apply_waivers(same_day, set_of(entry("A", "", "2026-12-07")), "2026-12-07");
  CHECK(same_day.accepted.size() == 1);
  // The host matches without case, also as NAME.dns.domain.
  for (const char* host : {"sbs01", "SBS01.CONTOSO.LOCAL"}) {
    auto h = report_of({finding("A", E)});
    report::apply_waivers(h, set_of(entry("A", std::string(", \"host\": \"") + host + "\"")), "2026-12-07");
    CHECK(h.accepted.size() == 1);
  }
  // A subject pattern must match the whole subject.
  auto s = report_of({finding("B", W, "xC:\\")});
  report::apply_waivers(s, set_of(entry("B", ", \"subject\": \"C:.*\"")), "2026-12-07");
  CHECK(s.accepted.empty());
}

TEST_CASE("waivers: rendered only when used, the JSON carrying both counts") {
  auto plain = report_of({finding("A", E)});
  const std::string before =
      report::render_json(plain) + report::render_text(plain, false) + report::render_html(plain);
  CHECK(before.find("accepted") == std::string::npos);
  CHECK(before.find("waiver") == std::string::npos);
  auto r = report_of({finding("A", E), finding("B", W)});
  report::apply_waivers(r, set_of(entry("A")), "2026-12-07");
  const std::string json = report::render_json(r);
  CHECK(json.find("\"schema_minor\": 3") != std::string::npos);
  CHECK(json.find("\"accepted\": 1,") != std::string::npos);
  CHECK(json.find("\"status\": \"applied\"") != std::string::npos);
  CHECK(report::render_text(r, false).find("ACCEPTED (waived, not counted in the verdict): 1") != std::string::npos);
  CHECK(report::render_html(r).find("<section id=\"accepted\">") != std::string::npos);
}

TEST_CASE("waivers: a diff shows what is waived on one side only") {
  auto old_r = report_of({finding("A", E), finding("B", W), finding("C", W)});
  auto new_r = report_of({finding("A", E), finding("B", W), finding("C", W)});
  report::apply_waivers(old_r, set_of(entry("B")), "2026-12-07");
  report::apply_waivers(new_r, set_of(entry("A") + "," + entry("C")), "2026-12-07");
  const auto d = report::make_diff(std::move(old_r), std::move(new_r));
  CHECK(d.fixed.empty());
  CHECK(d.added.empty());
  REQUIRE(d.accepted.size() == 2);
  CHECK(d.accepted[0].finding.rule_id == "A");
  CHECK(d.accepted[0].old_state == "open");
  CHECK(d.accepted[1].old_state == "open");
  REQUIRE(d.remaining.size() == 1);
  CHECK(d.remaining[0].finding.rule_id == "B");
  REQUIRE(d.remaining[0].previous_waiver);
  CHECK(report::diff_summary(d) == "0 fixed, 0 new, 1 remaining, 2 accepted");
  CHECK(report::render_diff_json(d).find("\"old_state\": \"open\"") != std::string::npos);
}

TEST_CASE("waivers: seeded mutations of a valid file load or are refused with file:line:column, never crash") {
  const std::string valid = "{\"schema\": \"migready-waivers/1\", // comment\n\"waivers\": [\n" + entry("A") + ",\n" +
                            entry("B", ", \"subject\": \"(?i)c:.*\", \"host\": \"SBS01\"") + "\n]}";
  std::mt19937 rng(20261207);
  const char kBytes[] = "{}[]\",:\\/*\n 0aZ\xff\xc3\x80-";
  std::size_t refused = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string text = valid;
    for (int edits = 1 + static_cast<int>(rng() % 4); edits > 0; --edits) {
      const std::size_t at = rng() % (text.size() + 1);
      switch (rng() % 3) {
        case 0:
          if (at < text.size()) text.erase(at, 1 + rng() % 8);
          break;
        case 1:
          text.insert(at, 1, kBytes[rng() % (sizeof kBytes - 1)]);
          break;
        default:
          if (at < text.size()) text[at] = kBytes[rng() % (sizeof kBytes - 1)];
          break;
      }
    }
    auto set = report::parse_waivers(text, "w.json", known);
    if (set) continue;
    ++refused;
    // "w.json:LINE:COLUMN" or, for a whole-file limit, "w.json".
    const std::string& where = set.error().where;
    INFO(text);
    CHECK((where == "w.json" || (where.rfind("w.json:", 0) == 0 && std::count(where.begin(), where.end(), ':') == 2)));
  }
  CHECK(refused > 1000);
}

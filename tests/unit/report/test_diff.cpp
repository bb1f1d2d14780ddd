#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "report/diff.hpp"

using namespace migready;

namespace {

rules::Finding finding(const std::string& id, rules::Severity severity, const std::string& subject = "",
                       const std::string& message = "m") {
  rules::Finding f;
  f.rule_id = id;
  f.severity = severity;
  f.category = "rule";
  f.section = "BKMK_MigrationPrep";
  f.title = "title of " + id;
  f.subject = subject;
  f.message = message;
  return f;
}

report::Report report_of(std::vector<rules::Finding> findings, const std::string& host = "SBS01",
                         const std::string& domain = "contoso.local",
                         const std::string& collected = "2026-11-25T14:30:05Z") {
  report::Report r;
  r.computer_name = host;
  r.dns_domain = domain;
  r.collected_utc = collected;
  for (const auto& f : findings) {
    (f.severity == rules::Severity::error ? r.errors : f.severity == rules::Severity::warning ? r.warnings : r.infos)++;
  }
  r.findings = std::move(findings);
  return r;
}

std::vector<std::string> keys(const std::vector<rules::Finding>& list) {
  std::vector<std::string> out;
  for (const auto& f : list) out.push_back(f.rule_id + (f.subject.empty() ? "" : "/" + f.subject));
  return out;
}

std::vector<std::string> keys(const std::vector<report::RemainingFinding>& list) {
  std::vector<std::string> out;
  for (const auto& r : list) out.push_back(r.finding.rule_id + (r.finding.subject.empty() ? "" : "/" + r.finding.subject));
  return out;
}

constexpr auto E = rules::Severity::error;
constexpr auto W = rules::Severity::warning;
constexpr auto I = rules::Severity::info;

}  // namespace

TEST_CASE("diff: fixed, new and remaining by rule id and subject, in each report's order") {
  const auto d = report::make_diff(
      report_of({finding("A", E), finding("B", E, "DNS test"), finding("B", E, "DC list test"), finding("C", W)}),
      report_of({finding("B", E, "DNS test"), finding("D", W), finding("C", W), finding("E", I)}));
  CHECK(keys(d.fixed) == std::vector<std::string>{"A", "B/DC list test"});
  CHECK(keys(d.added) == std::vector<std::string>{"D", "E"});
  CHECK(keys(d.remaining) == std::vector<std::string>{"B/DNS test", "C"});
  CHECK(report::diff_summary(d) == "2 fixed, 2 new, 2 remaining");
  CHECK_FALSE(d.hosts_differ);
  CHECK(d.warnings.empty());
  CHECK_FALSE(report::new_ready(d));  // B/DNS test is still an error
}

TEST_CASE("diff: the message is not part of a finding's identity, a severity change is kept") {
  const auto d = report::make_diff(report_of({finding("TIME_OFFSET", W, "", "the clock is 9 minutes ahead")}),
                                   report_of({finding("TIME_OFFSET", E, "", "the clock is 12 minutes ahead")}));
  REQUIRE(d.remaining.size() == 1);
  CHECK(d.fixed.empty());
  CHECK(d.added.empty());
  const auto& r = d.remaining[0];
  CHECK(r.severity_changed());
  CHECK(r.previous_severity == W);
  CHECK(r.finding.severity == E);
  CHECK(r.previous_message == "the clock is 9 minutes ahead");
  CHECK(r.finding.message == "the clock is 12 minutes ahead");
  CHECK(report::diff_summary(d) == "0 fixed, 0 new, 1 remaining (1 changed severity)");
}

TEST_CASE("diff: a subject distinguishes, without one the title does (collection findings)") {
  rules::Finding a = finding("COLLECTION_ARTIFACT_MISSING", I), b = a;
  a.title = "Artifact file.migration_logs is not on this server";
  b.title = "Artifact file.sbs_bpa_reports is not on this server";
  const auto d = report::make_diff(report_of({a, b}), report_of({b}));
  REQUIRE(d.fixed.size() == 1);
  CHECK(d.fixed[0].title == a.title);
  CHECK(d.remaining.size() == 1);
  CHECK(report::finding_key(finding("X", E, "s")) != report::finding_key(finding("X", E, "t")));
  CHECK(report::finding_key(finding("X", E, "", "one")) == report::finding_key(finding("X", W, "", "two")));
  CHECK(report::finding_key(finding("X", E)) != report::finding_key(finding("Y", E)));
}

TEST_CASE("diff: repeated keys pair in order, the unpaired ones are fixed or new") {
  const auto two = report_of({finding("N", E, "Default gateway test", "adapter 1"),
                              finding("N", E, "Default gateway test", "adapter 2")});
  const auto one = report_of({finding("N", E, "Default gateway test", "adapter 1")});
  auto d = report::make_diff(two, one);
  CHECK(d.remaining.size() == 1);
  REQUIRE(d.fixed.size() == 1);
  CHECK(d.fixed[0].message == "adapter 2");
  d = report::make_diff(one, two);
  CHECK(d.remaining.size() == 1);
  REQUIRE(d.added.size() == 1);
  CHECK(d.added[0].message == "adapter 2");
}

TEST_CASE("diff: itself is nothing fixed, nothing new") {
  const auto r = report_of({finding("A", E), finding("B", W, "x"), finding("B", W, "x"), finding("C", I)});
  const auto d = report::make_diff(r, r);
  CHECK(d.fixed.empty());
  CHECK(d.added.empty());
  CHECK(d.remaining.size() == 4);
  CHECK(d.warnings.empty());
}

TEST_CASE("diff: different hosts and reversed collection times are warned about") {
  SECTION("names compare without case") {
    const auto d = report::make_diff(report_of({}, "SBS01", "contoso.local"), report_of({}, "sbs01", "CONTOSO.LOCAL"));
    CHECK_FALSE(d.hosts_differ);
    CHECK(d.warnings.empty());
  }
  SECTION("another computer") {
    const auto d = report::make_diff(report_of({}, "SBS01"), report_of({}, "SBS02"));
    CHECK(d.hosts_differ);
    REQUIRE(d.warnings.size() == 1);
    CHECK(d.warnings[0].find("different hosts") != std::string::npos);
  }
  SECTION("another domain") {
    CHECK(report::make_diff(report_of({}, "SBS01", "contoso.local"), report_of({}, "SBS01", "")).hosts_differ);
  }
  SECTION("NEW before OLD, milliseconds included") {
    auto d = report::make_diff(report_of({}, "S", "", "2026-11-25T14:30:05Z"),
                               report_of({}, "S", "", "2026-11-25T14:30:04.999Z"));
    CHECK(d.new_collected_before_old);
    CHECK(d.warnings.size() == 1);
    d = report::make_diff(report_of({}, "S", "", "2026-11-25T14:30:05Z"), report_of({}, "S", "", "2026-11-25T14:30:05.500Z"));
    CHECK_FALSE(d.new_collected_before_old);
    d = report::make_diff(report_of({}, "S", "", "2026-11-25T14:30:05.500Z"), report_of({}, "S", "", "2026-11-25T14:30:05Z"));
    CHECK(d.new_collected_before_old);
  }
}

TEST_CASE("diff: NEW ready means no error in NEW, whatever OLD had") {
  CHECK(report::new_ready(report::make_diff(report_of({finding("A", E)}), report_of({finding("B", W)}))));
  CHECK_FALSE(report::new_ready(report::make_diff(report_of({}), report_of({finding("B", E)}))));
}

TEST_CASE("diff renderers: hostile text is escaped in HTML and made printable in text") {
  const std::string evil = "<script>alert(1)</script>\x1b[31m";
  auto r = report_of({finding("A", E, evil, evil)}, evil, evil);
  r.bundle_name = evil;
  const auto d = report::make_diff(report_of({finding("B", E)}), r);
  const std::string html = report::render_diff_html(d);
  CHECK(html.find("<script>") == std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  const std::string text = report::render_diff_text(d, false);
  CHECK(text.find('\x1b') == std::string::npos);
  CHECK(text.find("different hosts") != std::string::npos);
  const std::string json = report::render_diff_json(d);
  CHECK(json.find("\"schema\": \"migready-diff/1\"") != std::string::npos);
  CHECK(json.find("\\u001B[31m") != std::string::npos);
}

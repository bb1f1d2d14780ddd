#include <catch2/catch.hpp>
#include <rapidjson/document.h>

#include <string>
#include <vector>

#include "core/json.hpp"
#include "report/report.hpp"
#include "support/bundle_builder.hpp"

using namespace migready;

namespace {

rules::Finding finding(const std::string& id, rules::Severity severity, const std::string& section,
                       const std::string& message = "m") {
  rules::Finding f;
  f.rule_id = id;
  f.severity = severity;
  f.category = section == "collection" ? "collection" : "rule";
  f.section = section;
  f.title = "title of " + id;
  f.message = message;
  f.remediation = {"fix " + id};
  return f;
}

bundle::Bundle test_bundle() {
  test::BundleBuilder b;
  Diagnostics diags;
  auto opened = bundle::open_bundle_memory(b.zip(), "t.zip", bundle::Limits{}, diags);
  REQUIRE(opened);
  return std::move(*opened);
}

std::vector<std::string> ids(const report::Report& r) {
  std::vector<std::string> out;
  for (const auto& f : r.findings) out.push_back(f.rule_id + "/" + f.message);
  return out;
}

// A report with a hostile string in every place a bundle can reach.
report::Report hostile_report(const std::string& evil) {
  report::Report r;
  r.bundle_name = evil;
  r.computer_name = evil;
  r.dns_domain = evil;
  r.os = evil;
  r.collected_utc = evil;
  r.collector_version = evil;
  r.user = evil;
  r.bundle_complete = false;
  r.incomplete_reason = evil;
  rules::Finding f = finding("X", rules::Severity::error, "BKMK_MigrationPrep", evil);
  f.title = evil;
  f.subject = evil;
  f.evidence.push_back({evil, evil, evil});
  f.remediation = {evil};
  r.findings.push_back(f);
  r.errors = 1;
  r.diagnostics.push_back({Severity::warning, Errc::format, evil, evil});
  r.lob.fact = "programs.installed";
  r.lob.status = "present";
  r.lob.rows.push_back({evil, evil, evil, evil, evil});
  r.artifacts.push_back({evil, "failed", evil, evil, evil});
  return r;
}

}  // namespace

TEST_CASE("report ranks by severity, then document section order, then rule id, then message") {
  std::vector<rules::Finding> in = {
      finding("COLLECTION_ARTIFACT_PROBLEM", rules::Severity::warning, "collection"),
      finding("TIME_OFFSET_OVER_5_MINUTES", rules::Severity::error, "BKMK_SynchronizeTheSourceServerTimeWithAnExternalTimeSource"),
      finding("Z_BACKUP", rules::Severity::error, "BKMK_BackUpYourSourceServerToPrepareForMigration"),
      finding("NET_B", rules::Severity::error, "BKMK_VerifyTheNetworkConfigurationToPrepareForMigration", "b"),
      finding("NET_B", rules::Severity::error, "BKMK_VerifyTheNetworkConfigurationToPrepareForMigration", "a"),
      finding("A_NET", rules::Severity::error, "BKMK_VerifyTheNetworkConfigurationToPrepareForMigration"),
      finding("BPA_X", rules::Severity::warning, "BPA:Exchange"),
      finding("EMAIL", rules::Severity::warning, "BKMK_PlanToMigrateEmail"),
      finding("INFO_FIRST_SECTION", rules::Severity::info, "BKMK_BackUpYourSourceServerToPrepareForMigration"),
      finding("UNKNOWN_SECTION", rules::Severity::warning, "BKMK_NotInTheDocument"),
  };
  const report::Report r = report::make_report(test_bundle(), facts::Facts{}, in, Diagnostics{});
  CHECK(ids(r) == std::vector<std::string>{
                      "Z_BACKUP/m", "A_NET/m", "NET_B/a", "NET_B/b", "TIME_OFFSET_OVER_5_MINUTES/m",  // errors
                      "EMAIL/m", "BPA_X/m", "COLLECTION_ARTIFACT_PROBLEM/m", "UNKNOWN_SECTION/m",     // warnings
                      "INFO_FIRST_SECTION/m"});
  CHECK(r.errors == 5);
  CHECK(r.warnings == 4);
  CHECK(r.infos == 1);
  // The order does not depend on the input order.
  std::vector<rules::Finding> reversed(in.rbegin(), in.rend());
  CHECK(ids(report::make_report(test_bundle(), facts::Facts{}, reversed, Diagnostics{})) == ids(r));
}

TEST_CASE("within a severity and section: the rules' load order, then subject, not the id") {
  auto at = [](const std::string& id, std::size_t order, const std::string& subject = "") {
    rules::Finding f =
        finding(id, rules::Severity::error, "BKMK_InstallTheMostRecentServicePacksToPrepareForMigration");
    f.rule_order = order;
    f.subject = subject;
    return f;
  };
  std::vector<rules::Finding> in = {
      at("WINDOWS_SP2_MISSING", 7), at("SBS_SP1_MISSING", 3), at("EXCHANGE_SP2_MISSING", 9),
      at("PER_STORE", 5, "b"), at("PER_STORE", 5, "a"),
      // A finding about the bundle itself has no rule order: after the rules of its section.
      at("COLLECTION_X", rules::kNoRuleOrder),
      // Severity and section still come first.
      finding("BACKUP_LATE", rules::Severity::error, "BKMK_BackUpYourSourceServerToPrepareForMigration"),
  };
  const report::Report r = report::make_report(test_bundle(), facts::Facts{}, in, Diagnostics{});
  std::vector<std::string> order;
  for (const auto& f : r.findings) order.push_back(f.rule_id + (f.subject.empty() ? "" : "/" + f.subject));
  CHECK(order == std::vector<std::string>{"BACKUP_LATE", "SBS_SP1_MISSING", "PER_STORE/a", "PER_STORE/b",
                                          "WINDOWS_SP2_MISSING", "EXCHANGE_SP2_MISSING", "COLLECTION_X"});
}

namespace {

rules::Finding not_checked(const std::string& id, rules::Severity would_be) {
  rules::Finding f =
      finding(id, rules::Severity::warning, "BKMK_InstallTheMostRecentServicePacksToPrepareForMigration");
  f.category = "collection";
  f.title = "Not checked: " + id;
  f.not_checked = true;
  f.rule_severity = would_be;
  return f;
}

json::Document parsed(const std::string& json) {
  json::Document doc;
  doc.Parse(json.c_str());
  REQUIRE_FALSE(doc.HasParseError());
  return doc;
}

}  // namespace

TEST_CASE("one finding per cause: an artifact a rule speaks for, rules not checked for want of the same artifacts") {
  auto missing = [](const std::string& artifact) {
    rules::Finding f = finding("COLLECTION_ARTIFACT_MISSING", rules::Severity::info, "collection");
    f.subject = artifact;
    return f;
  };
  auto waits_for = [](const std::string& id, rules::Severity would_be, const std::string& source, std::size_t order) {
    rules::Finding f = not_checked(id, would_be);
    f.section = "BKMK_UseWindowsBestPracticeAnalyzer";
    f.rule_order = order;
    f.evidence.push_back({id + ".fact", "collection missing", source});
    return f;
  };
  SECTION("a missing artifact another finding names is dropped; one nobody names stays") {
    rules::Finding tool = finding("MIGRATION_PREP_NOT_RUN", rules::Severity::warning, "BKMK_MigrationPrep");
    tool.evidence.push_back({"migration_prep.ran", "false", "file.migration_logs"});
    rules::Finding tools = finding("SUPPORT_TOOLS", rules::Severity::warning, "BKMK_UseWindowsBestPracticeAnalyzer");
    tools.evidence.push_back({"support_tools.missing", "x", "command.netdiag, command.dcdiag:3"});
    std::vector<rules::Finding> in = {missing("file.migration_logs"), missing("command.dcdiag"),
                                      missing("command.netsh_dhcp"), tool, tools};
    const auto r = report::make_report(test_bundle(), facts::Facts{}, in, Diagnostics{});
    std::vector<std::string> left;
    for (const auto& f : r.findings) left.push_back(f.rule_id + (f.subject.empty() ? "" : "/" + f.subject));
    CHECK(left == std::vector<std::string>{"SUPPORT_TOOLS", "MIGRATION_PREP_NOT_RUN",
                                           "COLLECTION_ARTIFACT_MISSING/command.netsh_dhcp"});
    // A prefix of another artifact's id is not that artifact; a not-checked finding speaks for nothing.
    rules::Finding near = finding("X", rules::Severity::warning, "BKMK_MigrationPrep");
    near.evidence.push_back({"f", "v", "file.migration_logs_old"});
    CHECK_FALSE(report::speaks_for_artifact(near, "file.migration_logs"));
    rules::Finding nc = not_checked("Y", rules::Severity::error);
    nc.subject = "file.migration_logs";
    CHECK_FALSE(report::speaks_for_artifact(nc, "file.migration_logs"));
  }
  SECTION("rules not checked for the same artifacts are one finding; the verdict still names each") {
    rules::Finding tools = finding("SUPPORT_TOOLS", rules::Severity::warning, "BKMK_UseWindowsBestPracticeAnalyzer");
    tools.evidence.push_back({"support_tools.missing", "x", "command.netdiag, command.dcdiag"});
    tools.rule_order = 0;
    std::vector<rules::Finding> in = {
        waits_for("DCDIAG_A", rules::Severity::error, "command.dcdiag", 2),
        waits_for("NETDIAG", rules::Severity::error, "command.netdiag", 1),
        waits_for("DCDIAG_EVENTS", rules::Severity::warning, "command.dcdiag:9", 3),
        // Waits for something nobody speaks for, alone: stays as it is.
        waits_for("MSXML", rules::Severity::error, "api.file_versions", 4), tools};
    const auto r = report::make_report(test_bundle(), facts::Facts{}, in, Diagnostics{});
    CHECK(r.not_checked_errors == std::vector<std::string>{"NETDIAG", "DCDIAG_A", "MSXML"});
    std::vector<std::string> left;
    for (const auto& f : r.findings) left.push_back(f.rule_id);
    CHECK(left == std::vector<std::string>{"SUPPORT_TOOLS", "COLLECTION_RULES_NOT_CHECKED", "MSXML"});
    const rules::Finding& merged = r.findings[1];
    CHECK(merged.title == "Not checked: 3 rules");
    CHECK(merged.subject == "command.dcdiag, command.netdiag");
    CHECK(merged.not_checked);
    CHECK(merged.rule_severity == rules::Severity::error);
    CHECK(merged.evidence.size() == 3);
    // Each rule with its title (without "Not checked: ") and the severity it would have raised.
    CHECK_THAT(merged.message, Catch::EndsWith("(command.dcdiag, command.netdiag): NETDIAG (NETDIAG, error); "
                                               "DCDIAG_A (DCDIAG_A, error); DCDIAG_EVENTS (DCDIAG_EVENTS, warning)."));
    CHECK_THAT(merged.remediation.at(0), Catch::Contains("(first fix what SUPPORT_TOOLS says)"));
    CHECK(r.warnings == 3);  // SUPPORT_TOOLS, the merged one, MSXML
    CHECK(report::verdict_status(r) == report::VerdictStatus::cannot_tell);
  }
}

TEST_CASE("verdict: a blocking check not made is CANNOT TELL, never a plain READY, and never an error") {
  SECTION("an error rule not checked and no error found") {
    std::vector<rules::Finding> in = {not_checked("OS_SP2", rules::Severity::error),
                                      not_checked("EXCH_SP2", rules::Severity::error),
                                      not_checked("OS_SP2", rules::Severity::error),  // two elements: one id
                                      not_checked("UPDATES", rules::Severity::warning),
                                      finding("INFO", rules::Severity::info, "BKMK_PlanToMigrateEmail")};
    const report::Report r = report::make_report(test_bundle(), facts::Facts{}, in, Diagnostics{});
    CHECK(r.not_checked_errors == std::vector<std::string>{"EXCH_SP2", "OS_SP2"});  // rank order: then id
    CHECK(report::verdict_status(r) == report::VerdictStatus::cannot_tell);
    CHECK(report::ready(r));  // the exit code: no error was found
    CHECK(report::verdict(r) ==
          "CANNOT TELL: no error found, but 2 blocking checks could not be made: EXCH_SP2, OS_SP2; with 4 warnings, "
          "1 info");
    const auto doc = parsed(report::render_json(r));
    CHECK(doc["schema_minor"].GetUint() == report::kSchemaMinor);
    CHECK(std::string(doc["summary"]["status"].GetString()) == "cannot_tell");
    CHECK(doc["summary"]["ready"].GetBool());
    REQUIRE(doc["summary"]["not_checked_errors"].Size() == 2);
    CHECK(std::string(doc["summary"]["not_checked_errors"][1].GetString()) == "OS_SP2");
    const std::string text = report::render_text(r, false);
    INFO(text);
    CHECK(text.find("\nCANNOT TELL: no error found") != std::string::npos);
    CHECK(text.find("\nREADY") == std::string::npos);
    CHECK(text.find("\n  Not checked: rules that would block the migration could not be evaluated") !=
          std::string::npos);
    CHECK(text.find("warning): EXCH_SP2, OS_SP2\n") != std::string::npos);
    const std::string html = report::render_html(r);
    CHECK(html.find("<p class=\"verdict cannot-tell\" id=\"verdict\">CANNOT TELL:") != std::string::npos);
    CHECK(html.find("<p id=\"not-checked\">") != std::string::npos);
  }
  SECTION("more ids than the headline shows") {
    report::Report r;
    r.not_checked_errors = {"A", "B", "C", "D", "E"};
    CHECK(report::verdict(r) ==
          "CANNOT TELL: no error found, but 5 blocking checks could not be made: A, B, C and 2 more");
    r.not_checked_errors = {"A"};
    CHECK(report::verdict(r) == "CANNOT TELL: no error found, but 1 blocking check could not be made: A");
  }
  SECTION("only warning rules not checked: READY") {
    const report::Report r = report::make_report(
        test_bundle(), facts::Facts{}, {not_checked("UPDATES", rules::Severity::warning)}, Diagnostics{});
    CHECK(r.not_checked_errors.empty());
    CHECK(report::verdict_status(r) == report::VerdictStatus::ready);
    CHECK(report::verdict(r) == "READY (with 1 warning)");
    CHECK(std::string(parsed(report::render_json(r))["summary"]["status"].GetString()) == "ready");
  }
  SECTION("an error found: NOT READY, and the checks not made are still listed") {
    const report::Report r = report::make_report(
        test_bundle(), facts::Facts{},
        {not_checked("OS_SP2", rules::Severity::error), finding("E", rules::Severity::error, "BKMK_MigrationPrep")},
        Diagnostics{});
    CHECK(report::verdict_status(r) == report::VerdictStatus::not_ready);
    CHECK(report::verdict(r) == "NOT READY: 1 error, 1 warning, 0 info");
    CHECK(r.not_checked_errors == std::vector<std::string>{"OS_SP2"});
    const auto doc = parsed(report::render_json(r));
    CHECK(std::string(doc["summary"]["status"].GetString()) == "not_ready");
    CHECK(doc["summary"]["not_checked_errors"].Size() == 1);
  }
}

TEST_CASE("Fix first: findings grouped by their rendered cause, worst and earliest first") {
  auto caused = [](const std::string& id, rules::Severity s, const std::string& section, std::size_t order,
                   const std::string& cause, const std::string& subject = "") {
    rules::Finding f = finding(id, s, section);
    f.rule_order = order;
    f.cause = cause;
    f.subject = subject;
    return f;
  };
  const std::string sp = "BKMK_InstallTheMostRecentServicePacksToPrepareForMigration";
  const std::string bpa = "BKMK_UseWindowsBestPracticeAnalyzer";
  const std::string dead = "the domain controller OLDSRV is gone";
  std::vector<rules::Finding> in = {
      caused("REPL_STALE", rules::Severity::warning, bpa, 21, dead, "OLDSRV Config"),
      caused("REPL_FAILING", rules::Severity::error, bpa, 20, dead, "OLDSRV Config"),
      caused("REPL_FAILING", rules::Severity::error, bpa, 20, dead, "OLDSRV Domain"),
      caused("DCDIAG", rules::Severity::error, bpa, 19, dead, "Replications"),
      caused("LEVELS", rules::Severity::info, sp, 2, dead),
      caused("OS_SP2", rules::Severity::error, sp, 1, "SP2 missing"),
      caused("WSUS_SP2", rules::Severity::warning, sp, 5, "SP2 missing"),
      // A warning-only cause ranks after every cause that clears an error.
      caused("TIME", rules::Severity::warning, sp, 0, "the clock is wrong"),
      // Information is not something to fix first.
      caused("NOTE", rules::Severity::info, sp, 3, "only to know"),
      // No cause: not in the list.
      finding("UNCAUSED", rules::Severity::error, "BKMK_BackUpYourSourceServerToPrepareForMigration"),
  };
  // Not checked: never in the list, even with a cause.
  rules::Finding unchecked = not_checked("OS_SP2_AGAIN", rules::Severity::error);
  unchecked.cause = "SP2 missing";
  in.push_back(unchecked);
  const report::Report r = report::make_report(test_bundle(), facts::Facts{}, in, Diagnostics{});
  REQUIRE(r.fix_first.size() == 3);
  // Errors: UNCAUSED (#1, backup section), OS_SP2 (#2), DCDIAG (#3), REPL_FAILING (#4, #5).
  CHECK(r.fix_first[0].cause == "SP2 missing");
  CHECK(r.fix_first[0].severity == rules::Severity::error);
  CHECK(r.fix_first[0].rule_ids == std::vector<std::string>{"OS_SP2", "WSUS_SP2"});
  CHECK(r.fix_first[0].errors == 1);
  CHECK(r.fix_first[0].warnings == 1);
  CHECK(r.fix_first[1].cause == dead);
  CHECK(r.fix_first[1].rule_ids == std::vector<std::string>{"DCDIAG", "REPL_FAILING", "REPL_STALE", "LEVELS"});
  CHECK(r.fix_first[1].findings.size() == 5);
  CHECK(r.fix_first[1].errors == 3);
  CHECK(r.fix_first[1].warnings == 1);
  CHECK(r.fix_first[1].infos == 1);
  CHECK(r.fix_first[2].cause == "the clock is wrong");
  CHECK(r.fix_first[2].severity == rules::Severity::warning);
  // Each entry points at its findings by rank.
  for (const auto& e : r.fix_first) {
    for (const std::size_t i : e.findings) CHECK(r.findings[i].cause == e.cause);
  }
  // Ranked: UNCAUSED, OS_SP2, DCDIAG, REPL_FAILING x2 (errors); TIME, WSUS_SP2, OS_SP2_AGAIN, REPL_STALE
  // (warnings); LEVELS, NOTE (info).
  CHECK(r.fix_first[1].findings == std::vector<std::size_t>{2, 3, 4, 8, 9});

  const auto doc = parsed(report::render_json(r));
  REQUIRE(doc["fix_first"].Size() == 3);
  const auto& e = doc["fix_first"][1];
  CHECK(std::string(e["cause"].GetString()) == dead);
  CHECK(std::string(e["severity"].GetString()) == "error");
  CHECK(e["findings"].GetUint() == 5);
  CHECK(e["ranks"][0].GetUint() == 3);
  CHECK(std::string(doc["findings"][1]["cause"].GetString()) == "SP2 missing");
  CHECK(doc["findings"][0]["cause"].IsNull());

  const std::string text = report::render_text(r, false);
  INFO(text);
  const std::size_t head = text.find("FIX FIRST: 3 causes behind 8 findings");
  REQUIRE(head != std::string::npos);
  CHECK(head < text.find("ERRORS (block the migration)"));
  // Wrapped at 100 columns under the cause.
  CHECK(text.find("  2. the domain controller OLDSRV is gone\n     clears 5 findings (3 errors, 1 warning, 1 info): "
                  "#3 #4 #5 #9 #10 (DCDIAG, REPL_FAILING,\n     REPL_STALE, LEVELS)\n") != std::string::npos);
  const std::string html = report::render_html(r);
  const std::size_t section = html.find("<section id=\"fix-first\">");
  REQUIRE(section != std::string::npos);
  CHECK(section < html.find("<nav"));
  CHECK(html.find("<a href=\"#finding-3\">#3</a>", section) < html.find("<nav"));
}

TEST_CASE("Fix first shows at most kMaxFixFirstShown causes in text and HTML, all of them in JSON") {
  std::vector<rules::Finding> in;
  for (std::size_t i = 0; i < report::kMaxFixFirstShown + 2; ++i) {
    rules::Finding f = finding("R" + std::to_string(i), rules::Severity::warning, "BKMK_MigrationPrep");
    f.rule_order = i;
    f.cause = "cause " + std::to_string(i);
    in.push_back(f);
  }
  const report::Report r = report::make_report(test_bundle(), facts::Facts{}, in, Diagnostics{});
  REQUIRE(r.fix_first.size() == report::kMaxFixFirstShown + 2);
  CHECK(parsed(report::render_json(r))["fix_first"].Size() == report::kMaxFixFirstShown + 2);
  const std::string text = report::render_text(r, false);
  CHECK(text.find("  10. cause 9") != std::string::npos);
  CHECK(text.find("cause 10") == std::string::npos);
  CHECK(text.find("... 2 more causes (see --format json)") != std::string::npos);
  const std::string html = report::render_html(r);
  CHECK(html.find("cause 10") == std::string::npos);
  CHECK(html.find("2 more causes: see the JSON report") != std::string::npos);
}

TEST_CASE("a per-element finding shows its subject after the title in every format") {
  report::Report r;
  rules::Finding one = finding("HEALTH_DCDIAG_TEST_FAILED", rules::Severity::error, "BKMK_UseWindowsBestPracticeAnalyzer");
  one.title = "A dcdiag test failed";
  one.subject = "Replications (SBS01)";
  rules::Finding plain = finding("OS_SERVICE_PACK_2_MISSING", rules::Severity::error,
                                 "BKMK_InstallTheMostRecentServicePacksToPrepareForMigration");
  r.findings = {plain, one};
  r.errors = 2;
  CHECK(report::render_text(r, false).find("HEALTH_DCDIAG_TEST_FAILED: A dcdiag test failed: Replications (SBS01)") !=
        std::string::npos);
  const std::string html = report::render_html(r);
  // Once in the list of findings, once as the finding's heading.
  std::size_t shown = 0;
  for (std::size_t at = html.find("A dcdiag test failed: Replications (SBS01)"); at != std::string::npos;
       at = html.find("A dcdiag test failed: Replications (SBS01)", at + 1)) ++shown;
  CHECK(shown == 2);
  json::Document doc;
  doc.Parse(report::render_json(r).c_str());
  REQUIRE_FALSE(doc.HasParseError());
  CHECK(doc["findings"][0]["subject"].IsNull());
  CHECK(std::string(doc["findings"][1]["subject"].GetString()) == "Replications (SBS01)");
}

TEST_CASE("verdict line and threshold counts") {
  report::Report r;
  CHECK(report::verdict(r) == "READY");
  CHECK(report::ready(r));
  r.infos = 1;
  CHECK(report::verdict(r) == "READY (with 1 info)");
  r.warnings = 2;
  CHECK(report::verdict(r) == "READY (with 2 warnings, 1 info)");
  CHECK(report::count_at_or_above(r, rules::Severity::error) == 0);
  CHECK(report::count_at_or_above(r, rules::Severity::warning) == 2);
  CHECK(report::count_at_or_above(r, rules::Severity::info) == 3);
  r.errors = 1;
  r.warnings = 1;
  r.infos = 3;
  CHECK_FALSE(report::ready(r));
  CHECK(report::verdict(r) == "NOT READY: 1 error, 1 warning, 3 info");
  r.errors = 6;
  r.warnings = 2;
  CHECK(report::verdict(r) == "NOT READY: 6 errors, 2 warnings, 3 info");
}

TEST_CASE("HTML escapes everything that came from the bundle") {
  const std::string evil = "<script>alert(1)</script>\"'&<img src=http://example.invalid/x.png>";
  const std::string html = report::render_html(hostile_report(evil));
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("<img") == std::string::npos);
  CHECK(html.find("src=http") != std::string::npos);  // as text, inside an escaped tag
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;&lt;img") != std::string::npos);
  CHECK(html.find("Content-Security-Policy") != std::string::npos);
  // Every occurrence is escaped: count them (host, domain, os, ..., lob row x5, artifact x4, diagnostic x2).
  std::size_t n = 0;
  for (std::size_t at = html.find("&lt;script&gt;"); at != std::string::npos; at = html.find("&lt;script&gt;", at + 1)) ++n;
  CHECK(n >= 20);
}

TEST_CASE("text shows control characters instead of sending them to the terminal") {
  const std::string evil = "name\x1b[2J\x07\r\xc2\x9b" "31m\xff end";
  const std::string text = report::render_text(hostile_report(evil), false);
  CHECK(text.find('\x1b') == std::string::npos);
  CHECK(text.find('\x07') == std::string::npos);
  CHECK(text.find('\r') == std::string::npos);
  CHECK(text.find("\xc2\x9b") == std::string::npos);
  CHECK(text.find("name\\x1b[2J\\x07\\x0d\\u{009b}31m\xef\xbf\xbd end") != std::string::npos);
  // With colour, the only escape sequences are the report's own.
  const std::string colored = report::render_text(hostile_report(evil), true);
  CHECK(colored.find("\x1b[2J") == std::string::npos);
  CHECK(colored.find("\x1b[1;31m") != std::string::npos);
}

TEST_CASE("JSON is valid UTF-8 and well-formed whatever the bundle held") {
  const std::string evil = "bad \xff\xfe utf-8 \"quoted\" \x01 <tag>";
  const std::string json = report::render_json(hostile_report(evil));
  json::Document d;
  d.Parse<rapidjson::kParseValidateEncodingFlag>(json.c_str(), json.size());
  REQUIRE_FALSE(d.HasParseError());
  CHECK(std::string(d["schema"].GetString()) == "migready-report/1");
  CHECK(std::string(d["findings"][0]["message"].GetString()) == "bad \xef\xbf\xbd\xef\xbf\xbd utf-8 \"quoted\" \x01 <tag>");
  CHECK(std::string(d["findings"][0]["section"]["number"].GetString()) == "6");
  CHECK(std::string(d["summary"]["verdict"].GetString()) == "NOT READY: 1 error, 0 warnings, 0 info");
}

TEST_CASE("line-of-business table: lob.applications first, else programs.installed without Microsoft's") {
  const bundle::Bundle b = test_bundle();
  SECTION("neither fact: not collected") {
    const report::Report r = report::make_report(b, facts::Facts{}, {}, Diagnostics{});
    CHECK(r.lob.status == "not_collected");
    CHECK(r.lob.fact.empty());
    CHECK(report::render_html(r).find("<strong>Not collected</strong>") != std::string::npos);
  }
  SECTION("programs.installed collection_failed: its reason") {
    facts::Facts f;
    f.set_unavailable("programs.installed", facts::FactStatus::collection_failed, "registry.software",
                      "artifact registry.software: timeout");
    const report::Report r = report::make_report(b, f, {}, Diagnostics{});
    CHECK(r.lob.status == "collection_failed");
    CHECK(r.lob.reason == "artifact registry.software: timeout");
  }
  SECTION("programs.installed: Microsoft's left out and counted") {
    facts::Facts f;
    json::Document d;
    d.Parse(R"([{"display_name": "Acme Ledger", "display_version": "7.2", "publisher": "Acme",
                 "install_location": "D:\\Acme"},
                {"display_name": "Hotfix", "publisher": "Microsoft Corporation"},
                {"display_name": "Odd", "display_version": 3}])");
    f.set("programs.installed", json::Value(d, f.allocator()), "registry.software:Uninstall");
    const report::Report r = report::make_report(b, f, {}, Diagnostics{});
    CHECK(r.lob.fact == "programs.installed");
    CHECK(r.lob.hidden == 1);
    REQUIRE(r.lob.rows.size() == 2);
    CHECK(r.lob.rows[0].application == "Acme Ledger");
    CHECK(r.lob.rows[0].data_path == "D:\\Acme");
    CHECK(r.lob.rows[1].version == "3");
  }
  SECTION("lob.applications wins") {
    facts::Facts f;
    json::Document apps, programs;
    apps.Parse(R"([{"application": "Acme Ledger", "version": "7.2", "publisher": "Acme", "data_path": "D:\\Data",
                    "notes": "vendor supports 2012"}])");
    programs.Parse(R"([{"display_name": "Other"}])");
    f.set("lob.applications", json::Value(apps, f.allocator()), "registry.software");
    f.set("programs.installed", json::Value(programs, f.allocator()), "registry.software");
    const report::Report r = report::make_report(b, f, {}, Diagnostics{});
    CHECK(r.lob.fact == "lob.applications");
    REQUIRE(r.lob.rows.size() == 1);
    CHECK(r.lob.rows[0].notes == "vendor supports 2012");
    CHECK(report::render_json(r).find("\"notes\": \"vendor supports 2012\"") != std::string::npos);
  }
}

TEST_CASE("collection details list every artifact with its problem") {
  test::BundleBuilder clean;
  clean.add_artifact("command.ipconfig_all", "commands/ipconfig_all.txt", "command", "text", "hello");
  json::Value zeros(std::string(64, '0').c_str(), clean.manifest().GetAllocator());
  clean.manifest()["artifacts"][0]["sha256"] = zeros;  // the stored bytes no longer match the manifest
  Diagnostics diags;
  auto b = bundle::open_bundle_memory(clean.zip(), "t.zip", bundle::Limits{}, diags);
  REQUIRE(b);
  const report::Report r = report::make_report(*b, facts::Facts{}, report::collection_findings(*b), diags);
  REQUIRE(r.artifacts.size() == 1);
  CHECK(r.artifacts[0].id == "command.ipconfig_all");
  CHECK(r.artifacts[0].status == "ok");
  CHECK(r.artifacts[0].path == "commands/ipconfig_all.txt");
  CHECK(r.artifacts[0].problem.find("SHA-256 mismatch") != std::string::npos);
  CHECK(r.warnings == 1);
  CHECK(report::render_html(r).find("SHA-256 mismatch") != std::string::npos);
}

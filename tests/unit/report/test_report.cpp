#include <catch2/catch.hpp>
#include <rapidjson/document.h>

#include <string>
#include <vector>

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
  rapidjson::Document doc;
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
  rapidjson::Document d;
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
    rapidjson::Document d;
    d.Parse(R"([{"display_name": "Acme Ledger", "display_version": "7.2", "publisher": "Acme",
                 "install_location": "D:\\Acme"},
                {"display_name": "Hotfix", "publisher": "Microsoft Corporation"},
                {"display_name": "Odd", "display_version": 3}])");
    f.set("programs.installed", rapidjson::Value(d, f.allocator()), "registry.software:Uninstall");
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
    rapidjson::Document apps, programs;
    apps.Parse(R"([{"application": "Acme Ledger", "version": "7.2", "publisher": "Acme", "data_path": "D:\\Data",
                    "notes": "vendor supports 2012"}])");
    programs.Parse(R"([{"display_name": "Other"}])");
    f.set("lob.applications", rapidjson::Value(apps, f.allocator()), "registry.software");
    f.set("programs.installed", rapidjson::Value(programs, f.allocator()), "registry.software");
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
  rapidjson::Value zeros(std::string(64, '0').c_str(), clean.manifest().GetAllocator());
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

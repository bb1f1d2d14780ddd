#include <catch2/catch.hpp>
#include <rapidjson/document.h>

#include <algorithm>
#include <string>
#include <vector>

#include "core/json.hpp"
#include "triage/summary.hpp"

using namespace migready;

namespace {

rules::Finding finding(const std::string& id, rules::Severity severity, const std::string& subject = "") {
  rules::Finding f;
  f.rule_id = id;
  f.severity = severity;
  f.title = "title of " + id;
  f.subject = subject;
  return f;
}

triage::TriageRow row(const std::string& path, std::size_t errors, std::size_t warnings, std::size_t infos) {
  triage::TriageRow r;
  r.path = path;
  r.report_name = path;
  r.host = "H-" + path;
  r.errors = errors;
  r.warnings = warnings;
  r.infos = infos;
  r.verdict_status = errors > 0 ? report::VerdictStatus::not_ready : report::VerdictStatus::ready;
  return r;
}

std::vector<std::string> paths(const std::vector<triage::TriageRow>& rows) {
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r.path);
  return out;
}

}  // namespace

TEST_CASE("triage summarize keeps the counts and the first errors in report rank") {
  report::Report rep;
  rep.computer_name = "SBS01";
  rep.dns_domain = "contoso.local";
  rep.collected_utc = "2026-11-25T14:30:05Z";
  rep.findings = {finding("E1", rules::Severity::error), finding("E2", rules::Severity::error, "DNS test"),
                  finding("W1", rules::Severity::warning), finding("E3", rules::Severity::error),
                  finding("E4", rules::Severity::error)};
  rep.errors = 4;
  rep.warnings = 1;
  const triage::TriageRow r = triage::summarize(rep, "in/a.zip", "a");
  CHECK(r.status == triage::TriageStatus::analyzed);
  CHECK(r.host == "SBS01");
  CHECK(r.errors == 4);
  CHECK(r.warnings == 1);
  CHECK(r.verdict == report::verdict(rep));
  REQUIRE(r.top_errors.size() == 3);
  CHECK(r.top_errors[0].id == "E1");
  CHECK(r.top_errors[1].title == "title of E2: DNS test");
  CHECK(r.top_errors[2].id == "E3");  // the warning between them is skipped, E4 is the fourth
}

TEST_CASE("triage ranking: unreadable first, then most errors, warnings, info, then path") {
  std::vector<triage::TriageRow> rows = {row("b", 1, 0, 0), row("ready", 0, 0, 5), row("a", 1, 0, 0),
                                         row("many", 6, 0, 0), triage::unreadable_row("z-bad", "truncated"),
                                         row("warned", 1, 3, 0), triage::unreadable_row("bad", "not a bundle"),
                                         row("quiet", 0, 0, 0)};
  triage::rank_rows(rows);
  CHECK(paths(rows) == std::vector<std::string>{"bad", "z-bad", "many", "warned", "a", "b", "ready", "quiet"});
}

TEST_CASE("triage: a bundle that cannot be told ranks after the not ready ones and before the ready ones") {
  report::Report rep;
  rep.warnings = 1;
  rep.not_checked_errors = {"HEALTH_DCDIAG_TEST_FAILED"};
  triage::TriageRow untold = triage::summarize(rep, "untold", "untold");
  CHECK(untold.verdict_status == report::VerdictStatus::cannot_tell);
  CHECK(untold.not_checked_errors == rep.not_checked_errors);
  CHECK(untold.verdict == report::verdict(rep));
  std::vector<triage::TriageRow> rows = {row("noisy", 0, 9, 9), untold, row("broken", 1, 0, 0)};
  triage::rank_rows(rows);
  CHECK(paths(rows) == std::vector<std::string>{"broken", "untold", "noisy"});
  // The exit code: no error was found, so it does not fail --fail-on error.
  CHECK_FALSE(triage::row_fails(untold, rules::Severity::error));
  CHECK(triage::row_fails(untold, rules::Severity::warning));

  json::Document doc;
  doc.Parse(triage::render_summary_json(rows, triage::TriageInfo{"migready test", "error", 1, 0}).c_str());
  REQUIRE_FALSE(doc.HasParseError());
  CHECK(doc["totals"]["ready"].GetUint() == 2);  // no error found: noisy and untold
  CHECK(doc["totals"]["cannot_tell"].GetUint() == 1);
  CHECK(std::string(doc["bundles"][1]["verdict_status"].GetString()) == "cannot_tell");
  CHECK(std::string(doc["bundles"][1]["not_checked_errors"][0].GetString()) == "HEALTH_DCDIAG_TEST_FAILED");
  const std::string csv = triage::render_summary_csv(rows);
  CHECK(csv.find(",cannot_tell,\"HEALTH_DCDIAG_TEST_FAILED\"\r\n") != std::string::npos);
  const std::string index = triage::render_index_html(rows, triage::TriageInfo{"migready test", "error", 1, 0});
  CHECK(index.find("<span class=\"warning\">1 cannot tell</span><span class=\"ready\">1 ready</span>") !=
        std::string::npos);
  CHECK(index.find("<span class=\"warning\">CANNOT TELL: no error found") != std::string::npos);
}

TEST_CASE("triage row_fails follows --fail-on, an unreadable bundle always fails") {
  const auto err = rules::Severity::error, warn = rules::Severity::warning;
  CHECK(triage::row_fails(row("a", 1, 0, 0), err));
  CHECK_FALSE(triage::row_fails(row("a", 0, 2, 0), err));
  CHECK(triage::row_fails(row("a", 0, 2, 0), warn));
  CHECK_FALSE(triage::row_fails(row("a", 0, 0, 9), warn));
  CHECK_FALSE(triage::row_fails(row("a", 5, 5, 5), std::nullopt));
  CHECK(triage::row_fails(triage::unreadable_row("x", "e"), std::nullopt));
}

TEST_CASE("triage report names are safe and unique") {
  const auto names = triage::report_names({"in/acme/migready-SBS01-1.zip", "in/beta/migready-SBS01-1.zip",
                                           "in/MIGREADY-sbs01-1.ZIP", "x/y.tar.gz", "x/y.tgz", "w/.hidden.zip",
                                           "w/<script>&.cab", "w/.zip", "w/plain"});
  CHECK(names == std::vector<std::string>{"migready-SBS01-1", "migready-SBS01-1-2", "MIGREADY-sbs01-1-3", "y", "y-2",
                                          "_hidden", "_script__", "_zip", "plain"});
  const auto again = triage::report_names({"in/acme/migready-SBS01-1.zip", "in/beta/migready-SBS01-1.zip"});
  CHECK(again == std::vector<std::string>{"migready-SBS01-1", "migready-SBS01-1-2"});
  const auto long_name = triage::report_names({std::string(300, 'a') + ".zip"});
  CHECK(long_name[0].size() == 100);
}

TEST_CASE("triage CSV quotes every text, defuses formulas, one line per row") {
  std::vector<triage::TriageRow> rows = {row("a.zip", 2, 0, 0), triage::unreadable_row("b\n.zip", "bad \"zip\"")};
  rows[0].host = "=HYPERLINK(\"http://x\")";
  rows[0].top_errors = {{"E1", "one"}, {"E2", "two"}};
  triage::rank_rows(rows);
  const std::string csv = triage::render_summary_csv(rows);
  CHECK(csv.rfind("rank,status,path,host,", 0) == 0);
  CHECK(std::count(csv.begin(), csv.end(), '\n') == 3);  // header + 2 rows: the newline in a path is escaped
  CHECK(csv.find("1,unreadable,\"b\\x0a.zip\"") != std::string::npos);
  CHECK(csv.find("\"bad \"\"zip\"\"\"") != std::string::npos);
  CHECK(csv.find("\"'=HYPERLINK(\"\"http://x\"\")\"") != std::string::npos);
  CHECK(csv.find("\"E1 E2\",\"one | two\"") != std::string::npos);
  CHECK(csv.find("\"reports/a.zip.html\"") != std::string::npos);
}

TEST_CASE("triage summary JSON: schema, totals, ranked rows, nulls for what an unreadable bundle lacks") {
  std::vector<triage::TriageRow> rows = {row("ok.zip", 0, 1, 0), row("bad.zip", 3, 0, 0),
                                         triage::unreadable_row("t.zip", "truncated\xff")};
  triage::rank_rows(rows);
  const std::string text = triage::render_summary_json(rows, {"migready 1.0", "error", 2, 1.5});
  json::Document d;
  d.Parse(text.c_str());
  REQUIRE_FALSE(d.HasParseError());
  CHECK(std::string(d["schema"].GetString()) == triage::kTriageSchema);
  CHECK(d["totals"]["bundles"].GetUint() == 3);
  CHECK(d["totals"]["unreadable"].GetUint() == 1);
  CHECK(d["totals"]["not_ready"].GetUint() == 1);
  CHECK(d["totals"]["ready"].GetUint() == 1);
  const auto& b = d["bundles"];
  REQUIRE(b.Size() == 3);
  CHECK(std::string(b[0]["path"].GetString()) == "t.zip");
  CHECK(std::string(b[0]["error"].GetString()) == "truncated\xef\xbf\xbd");
  CHECK(b[0]["host"].IsNull());
  CHECK(b[0]["report_html"].IsNull());
  CHECK(b[0]["ready"].IsNull());
  CHECK(std::string(b[1]["path"].GetString()) == "bad.zip");
  CHECK(b[1]["rank"].GetUint() == 2);
  CHECK(std::string(b[2]["report_json"].GetString()) == "reports/ok.zip.json");
  CHECK(b[2]["ready"].GetBool());
}

TEST_CASE("triage index.html escapes everything from bundles and paths, and links the reports") {
  const std::string evil = "<script>alert('x')</script>\"&";
  std::vector<triage::TriageRow> rows = {row("a.zip", 1, 0, 0), triage::unreadable_row(evil, evil)};
  rows[0].host = evil;
  rows[0].dns_domain = evil;
  rows[0].verdict = evil;
  rows[0].top_errors = {{evil, evil}};
  rows[0].report_name = "a";
  triage::rank_rows(rows);
  const std::string html = triage::render_index_html(rows, {evil, evil, 1, 0});
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("alert('x')") == std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&amp;") != std::string::npos);
  CHECK(html.find("Content-Security-Policy") != std::string::npos);
  CHECK(html.find("<a href=\"reports/a.html\">") != std::string::npos);
  CHECK(html.find("<a href=\"reports/a.json\">") != std::string::npos);
  CHECK(html.find("id=\"bundle-1\"") < html.find("unreadable:"));
  CHECK(html.find("unreadable:") < html.find("id=\"bundle-2\""));
}

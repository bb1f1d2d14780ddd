#include <rapidjson/document.h>
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <algorithm>
#include <map>
#include <random>

#include "core/json.hpp"
#include "platform/platform.hpp"
#include "rules/rules.hpp"
#include "support/bundle_builder.hpp"

using namespace migready;

namespace {

facts::Facts facts_from(const json::Value& given) {
  facts::Facts f;
  for (auto m = given.MemberBegin(); m != given.MemberEnd(); ++m) {
    json::Value copy(m->value, f.allocator());
    f.set(m->name.GetString(), std::move(copy), "test");
  }
  return f;
}

facts::Facts facts_from(const char* json) {
  json::Document d;
  d.Parse(json);
  REQUIRE_FALSE(d.HasParseError());
  return facts_from(d);
}

const rules::Finding* find(const std::vector<rules::Finding>& all, const std::string& id, const std::string& category) {
  for (const auto& f : all) {
    if (f.rule_id == id && f.category == category) return &f;
  }
  return nullptr;
}

std::vector<const rules::Finding*> find_all(const std::vector<rules::Finding>& all, const std::string& category) {
  std::vector<const rules::Finding*> out;
  for (const auto& f : all) {
    if (f.category == category) out.push_back(&f);
  }
  return out;
}

// A rule file with one rule "T" whose other keys are `body` (JSON members, without braces).
std::string rule_file(const std::string& body) {
  const bool steps = body.find("\"remediation\"") != std::string::npos;
  return R"({"rules": [{"id": "T", "severity": "warning", "title": "t", "section": "BPA:System", )" +
         std::string(steps ? "" : R"("remediation": ["r"], )") + body + "}]}";
}

// The engine tests use made-up facts ("a", "obj.inner.deep"): a catalogue declaring every path of up to
// three words, of any type.
constexpr facts::FactTypes kAny = ~facts::FactTypes{0};
constexpr facts::FactSpec kAnySpecs[] = {
    {"<w>", kAny, "none", "any"}, {"<w>.<w>", kAny, "none", "any"}, {"<w>.<w>.<w>", kAny, "none", "any"}};
constexpr facts::FactFamily kAnyWord[] = {{"<w>", ""}};
const facts::Catalogue kAnyFacts(kAnySpecs, kAnyWord);

rules::RuleSet load(const std::string& text) {
  rules::RuleSet set(kAnyFacts);
  auto ok = set.add_file(text, "t.json");
  INFO(text);
  if (!ok) INFO(ok.error().to_string());
  REQUIRE(ok);
  return set;
}

rules::RuleSet one_rule(const std::string& when, const std::string& message = "m") {
  return load(rule_file(R"("message": ")" + message + R"(", "when": )" + when));
}

// Runs every case of a cases file against a rule set, and fails for a rule without a firing and a
// non-firing case. A case may also give "findings" (how many rule findings), "subjects" and "causes".
void check_cases(const rules::RuleSet& set, const std::vector<std::string>& cases_files) {
  std::map<std::string, std::pair<int, int>> coverage;  // id -> (firing, non-firing) cases
  for (const auto& cases_file : cases_files) {
    json::Document cases;
    const std::string text = test::read_file(cases_file);
    cases.Parse<rapidjson::kParseCommentsFlag>(text.c_str());
    INFO(cases_file << ": JSON error at offset " << cases.GetErrorOffset());
    REQUIRE_FALSE(cases.HasParseError());
    for (const auto& c : cases["cases"].GetArray()) {
      const std::string id = c["rule"].GetString();
      const bool fires = c["fires"].GetBool();
      INFO(cases_file << ": rule " << id << ", expected to " << (fires ? "fire" : "stay quiet"));
      // A case gives facts as build_facts would: declared paths, values of the declared type. A typo here would
      // test a fact that never exists.
      for (auto m = c["facts"].MemberBegin(); m != c["facts"].MemberEnd(); ++m) {
        const auto match = facts::Catalogue::builtin().find(m->name.GetString());
        INFO("case fact '" << m->name.GetString() << "'");
        if (match.spec == nullptr || !match.rest.empty()) {
          FAIL_CHECK("not a fact declared in analyzer/facts/catalogue.cpp");
          continue;
        }
        INFO("declared " << facts::fact_types_name(match.spec->types) << ", given "
                         << facts::fact_types_name(facts::value_types(m->value)));
        CHECK((facts::value_types(m->value) & match.spec->types) != 0);
      }
      const auto findings = set.evaluate(facts_from(c["facts"]));
      std::vector<const rules::Finding*> mine;
      for (const auto& f : findings) {
        if (f.rule_id == id && f.category == "rule") mine.push_back(&f);
      }
      CHECK(!mine.empty() == fires);  // firing = at least one finding (a for_each rule may yield several)
      // With every fact it needs given, a rule is never "not checked".
      CHECK(find(findings, id, "collection") == nullptr);
      for (const auto* f : mine) {
        CHECK_FALSE(f->evidence.empty());
        CHECK(f->message.find("(unknown)") == std::string::npos);
      }
      if (c.HasMember("findings")) CHECK(mine.size() == c["findings"].GetUint());
      if (c.HasMember("subjects")) {
        std::vector<std::string> expected, actual;
        for (const auto& s : c["subjects"].GetArray()) expected.emplace_back(s.GetString());
        for (const auto* f : mine) actual.push_back(f->subject);
        CHECK(actual == expected);
      }
      if (c.HasMember("causes")) {
        std::vector<std::string> expected, actual;
        for (const auto& s : c["causes"].GetArray()) expected.emplace_back(s.GetString());
        for (const auto* f : mine) actual.push_back(f->cause);
        CHECK(actual == expected);
      }
      auto& [on, off] = coverage[id];
      (fires ? on : off) += 1;
    }
  }
  // The meta-test: a rule without both kinds of case fails here.
  for (const auto& id : set.ids()) {
    INFO("rule " << id << " needs a firing and a non-firing case in a cases file");
    CHECK(coverage[id].first > 0);
    CHECK(coverage[id].second > 0);
  }
}

std::string write_dir(const std::string& name, const std::map<std::string, std::string>& files) {
  const std::filesystem::path dir = std::filesystem::path(MIGREADY_TEST_TMP_DIR) / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  for (const auto& [file, text] : files) std::ofstream(dir / file, std::ios::binary) << text;
  return dir.string();
}

}  // namespace

TEST_CASE("every built-in rule fires and stays quiet on its cases", "[rules]") {
  auto set = rules::RuleSet::builtin();
  if (!set) FAIL(set.error().to_string());  // e.g. "rules/network.json:12: ... unknown fact ..."
  REQUIRE(set->size() >= 8);
  // One cases file per rule file: tests/fixtures/rules/cases/<rule file>.cases.json.
  std::vector<std::string> files;
  for (const auto& e : std::filesystem::directory_iterator(MIGREADY_FIXTURES_DIR "/rules/cases"))
    if (e.path().extension() == ".json") files.push_back(e.path().string());
  std::sort(files.begin(), files.end());
  REQUIRE_FALSE(files.empty());
  check_cases(*set, files);
}

TEST_CASE("the example for_each and date rules fire and stay quiet on their cases", "[rules]") {
  rules::RuleSet set;
  auto ok = set.add_directory(MIGREADY_FIXTURES_DIR "/rules/examples");
  if (!ok) FAIL(ok.error().to_string());
  REQUIRE(set.size() == 10);
  check_cases(set, {MIGREADY_FIXTURES_DIR "/rules/examples.cases.json"});
}

TEST_CASE("a rule whose facts were not collected is a collection finding, never a silent pass", "[rules]") {
  auto set = rules::RuleSet::builtin();
  REQUIRE(set);
  facts::Facts f;
  f.set_unavailable("os.service_pack_number", facts::FactStatus::collection_failed, "registry.software",
                    "collection denied: access is denied");
  f.set("os.version", std::string_view("5.2"), "manifest");
  const auto findings = set->evaluate(f);
  const rules::Finding* not_checked = find(findings, "OS_SERVICE_PACK_2_MISSING", "collection");
  REQUIRE(not_checked != nullptr);
  CHECK(not_checked->severity == rules::Severity::warning);
  // The report's verdict needs to know a blocking check was not made.
  CHECK(not_checked->not_checked);
  CHECK(not_checked->rule_severity == rules::Severity::error);
  CHECK_THAT(not_checked->message, Catch::Contains("registry.software"));
  REQUIRE_FALSE(not_checked->evidence.empty());
  CHECK(not_checked->evidence[0].value == "collection denied: access is denied");
}

TEST_CASE("not checked: re-collect what the collector gathers, check by hand what it does not", "[rules]") {
  auto set = one_rule(R"({"all": [{"eq": [{"fact": "a"}, 1]}, {"eq": [{"fact": "b"}, 1]}]})");
  facts::Facts f;
  f.set_unavailable("a", facts::FactStatus::collection_failed, "command.dcdiag", "collection missing");
  f.set_unavailable("b", facts::FactStatus::collection_failed, "file-version:msi.dll", "not recorded");
  auto findings = set.evaluate(f);
  REQUIRE(findings.size() == 1);
  CHECK_THAT(findings[0].message, Catch::Contains("(command.dcdiag); this collector does not gather file-version"));
  REQUIRE(findings[0].remediation.size() == 5);
  CHECK_THAT(findings[0].remediation[0], Catch::Contains("Re-run migready-collect.exe"));
  CHECK_THAT(findings[0].remediation[2], Catch::Contains("by hand"));
  // It ends with the command that collects only what the collector gathers of it, as its own step.
  CHECK_THAT(findings[0].remediation[3], Catch::Contains("migready merge THIS.zip NEW.zip -o MERGED.zip"));
  CHECK(findings[0].remediation[4] == "migready-collect.exe --only command.dcdiag");
  CHECK(findings[0].collect_command == "migready-collect.exe --only command.dcdiag");

  facts::Facts only_manual;
  only_manual.set("a", std::int64_t{1}, "command.dcdiag");
  only_manual.set_unavailable("b", facts::FactStatus::collection_failed, "file-version:msi.dll", "not recorded");
  findings = set.evaluate(only_manual);
  REQUIRE(findings.size() == 1);
  CHECK_THAT(findings[0].message, Catch::EndsWith("not available: this collector does not gather file-version."));
  REQUIRE(findings[0].remediation.size() == 1);  // no pointless "re-run the collector"
  CHECK(findings[0].collect_command.empty());

  facts::Facts per_file;  // one file of a file-search row is an artifact the collector gathers
  per_file.set("a", std::int64_t{1}, "command.dcdiag");
  per_file.set_unavailable("b", facts::FactStatus::collection_failed, "file.ntbackup_logs.admin.backup01_log", "x");
  findings = set.evaluate(per_file);
  REQUIRE(findings.size() == 1);
  CHECK_THAT(findings[0].remediation[0], Catch::Contains("file.ntbackup_logs.admin.backup01_log"));
  CHECK(findings[0].collect_command == "migready-collect.exe --only file.ntbackup_logs");  // through its row

  facts::Facts never_set;  // a fact never set: the artifacts the catalogue reads it from
  auto isa_rule = one_rule(R"({"eq": [{"fact": "isa.installed"}, true]})");
  findings = isa_rule.evaluate(never_set);
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].collect_command == "migready-collect.exe --only registry");  // both hives: the group
}

TEST_CASE("conditions: tri-state logic", "[rules][engine]") {
  const auto facts =
      facts_from(R"({"a": 1, "s": "Service Pack 2", "list": ["x", "192.168.1.1"], "v": "6.10.1129.0", "n": null,
      "obj": {"groups": [{"source": "NTDS", "count": 3}], "inner": {"deep": 7}},
      "svc": [{"name": "W32Time", "state": "stopped"}, {"name": "Dns", "state": "running"}, {"name": "Fax"}],
      "nums": [1, 5, 9]})");
  auto fires = [&](const std::string& when) {
    auto set = one_rule(when);
    const auto findings = set.evaluate(facts);
    if (findings.empty()) return std::string("no");
    return findings[0].category == "rule" ? std::string("yes") : std::string("unknown");
  };
  CHECK(fires(R"({"eq": [{"fact": "a"}, 1]})") == "yes");
  CHECK(fires(R"({"lt": [{"fact": "a"}, 1]})") == "no");
  CHECK(fires(R"({"eq": [{"fact": "missing"}, 1]})") == "unknown");
  CHECK(fires(R"({"all": [{"eq": [{"fact": "a"}, 2]}, {"eq": [{"fact": "missing"}, 1]}]})") == "no");
  CHECK(fires(R"({"any": [{"eq": [{"fact": "a"}, 1]}, {"eq": [{"fact": "missing"}, 1]}]})") == "yes");
  CHECK(fires(R"({"any": [{"eq": [{"fact": "a"}, 2]}, {"eq": [{"fact": "missing"}, 1]}]})") == "unknown");
  CHECK(fires(R"({"not": {"eq": [{"fact": "missing"}, 1]}})") == "unknown");
  CHECK(fires(R"({"matches": [{"fact": "s"}, "Pack [2-9]"]})") == "yes");
  CHECK(fires(R"({"any_matches": [{"fact": "list"}, "^192\\.168\\."]})") == "yes");
  CHECK(fires(R"({"eq": [{"count": {"fact": "list"}}, 2]})") == "yes");
  CHECK(fires(R"({"version_lt": [{"fact": "v"}, "6.20"]})") == "yes");
  CHECK(fires(R"({"version_lt": [{"fact": "v"}, "6.10.1129"]})") == "no");
  CHECK(fires(R"({"version_ge": ["6.10.1129.0", "6.10.1129"]})") == "yes");
  CHECK(fires(R"({"exists": "n"})") == "no");
  CHECK(fires(R"({"exists": "a"})") == "yes");
  CHECK(fires(R"({"eq": [{"fact": "n"}, null]})") == "yes");
  CHECK(fires(R"({"lt": [{"fact": "n"}, 2]})") == "no");
  CHECK(fires(R"({"eq": [{"fact": "a"}, "1"]})") == "no");
  CHECK(fires(R"({"truthy": {"fact": "list"}})") == "yes");

  SECTION("in, some, every, count with where") {
    CHECK(fires(R"({"in": ["x", {"fact": "list"}]})") == "yes");
    CHECK(fires(R"({"in": ["y", {"fact": "list"}]})") == "no");
    CHECK(fires(R"({"in": [{"fact": "a"}, [3, 1]]})") == "yes");
    CHECK(fires(R"({"in": [{"fact": "missing"}, [1]]})") == "unknown");
    CHECK(fires(R"({"some": {"fact": "svc", "where": {"all": [{"matches": [{"item": "name"}, "(?i)^w32time$"]},
                                                             {"ne": [{"item": "state"}, "running"]}]}}})") == "yes");
    CHECK(fires(R"({"some": {"fact": "svc", "where": {"eq": [{"item": "name"}, "Nope"]}}})") == "no");
    CHECK(fires(R"({"every": {"fact": "nums", "where": {"lt": [{"item": "."}, 10]}}})") == "yes");
    CHECK(fires(R"({"every": {"fact": "nums", "where": {"lt": [{"item": "."}, 9]}}})") == "no");
    CHECK(fires(R"({"every": {"fact": "n", "where": {"lt": [{"item": "."}, 9]}}})") == "yes");  // null: no element
    CHECK(fires(R"({"some": {"fact": "nums", "where": {"eq": [{"fact": "missing"}, 1]}}})") == "unknown");
    // An element without the field reads null.
    CHECK(fires(R"({"eq": [{"count": {"fact": "svc", "where": {"eq": [{"item": "state"}, null]}}}, 1]})") == "yes");
    CHECK(fires(R"({"eq": [{"count": {"fact": "svc", "where": {"ne": [{"item": "state"}, "running"]}}}, 2]})") ==
          "yes");
    CHECK(fires(R"({"gt": [{"count": {"fact": "nums", "where": {"gt": [{"fact": "missing"}, 1]}}}, 0]})") == "unknown");
  }
  SECTION("a path may continue into a fact's value") {
    CHECK(fires(R"({"eq": [{"fact": "obj.inner.deep"}, 7]})") == "yes");
    CHECK(fires(R"({"eq": [{"fact": "obj.inner.absent"}, null]})") == "yes");
    CHECK(fires(R"({"some": {"fact": "obj.groups", "where": {"eq": [{"item": "source"}, "NTDS"]}}})") == "yes");
    CHECK(fires(R"({"eq": [{"fact": "missing.deeper"}, 1]})") == "unknown");
  }
}

TEST_CASE("dates: comparisons, days_between, to_utc", "[rules][engine]") {
  const auto facts = facts_from(R"({"local": "2026-11-10T23:00:00", "utc": "2026-11-25T14:30:05Z", "bias": -60,
      "day": "2024-02-29", "garbage": "yesterday", "n": null, "frac": "2026-11-25T14:30:05.123Z"})");
  auto fires = [&](const std::string& when) {
    auto set = one_rule(when);
    const auto findings = set.evaluate(facts);
    if (findings.empty()) return std::string("no");
    return findings[0].category == "rule" ? std::string("yes") : std::string("unknown");
  };
  CHECK(fires(R"({"date_lt": [{"fact": "local"}, {"fact": "utc"}]})") == "yes");
  CHECK(fires(R"({"date_ge": [{"fact": "local"}, {"fact": "utc"}]})") == "no");
  CHECK(fires(R"({"date_le": [{"fact": "day"}, "2024-02-29T00:00"]})") == "yes");
  CHECK(fires(R"({"date_gt": [{"fact": "day"}, "2024-02-28T23:59:59"]})") == "yes");
  CHECK(fires(R"({"date_lt": [{"fact": "garbage"}, "2030-01-01"]})") == "no");
  CHECK(fires(R"({"date_ge": [{"fact": "garbage"}, "2000-01-01"]})") == "no");
  CHECK(fires(R"({"date_lt": [{"fact": "n"}, "2030-01-01"]})") == "no");
  CHECK(fires(R"({"date_lt": [{"fact": "missing"}, "2030-01-01"]})") == "unknown");
  CHECK(fires(R"({"eq": [{"fact": "frac"}, "2026-11-25T14:30:05.123Z"]})") == "yes");
  CHECK(fires(R"({"date_ge": [{"fact": "frac"}, {"fact": "utc"}]})") == "yes");
  // Local 2026-11-10 23:00 with bias -60 (UTC+1) is 22:00Z: 14 days 16:30:05 before the UTC time.
  CHECK(fires(R"({"eq": [{"to_utc": [{"fact": "local"}, {"fact": "bias"}]}, "2026-11-10T22:00:00Z"]})") == "yes");
  CHECK(fires(R"({"eq": [{"to_utc": [{"fact": "utc"}, {"fact": "bias"}]}, "2026-11-25T14:30:05Z"]})") == "yes");
  const std::string exact = R"({"days_between": [{"to_utc": [{"fact": "local"}, {"fact": "bias"}]}, {"fact": "utc"}]})";
  CHECK(fires(R"({"gt": [)" + exact + R"(, 14.68]})") == "yes");
  CHECK(fires(R"({"gt": [)" + exact + R"(, 14.69]})") == "no");
  // Without to_utc the wall-clock figures are compared: off by the bias (one hour here).
  CHECK(fires(R"({"lt": [{"days_between": [{"fact": "local"}, {"fact": "utc"}]}, 14.65]})") == "yes");
  CHECK(fires(R"({"lt": [{"days_between": ["2024-03-01", {"fact": "day"}]}, 0]})") == "yes");
  CHECK(fires(R"({"eq": [{"days_between": ["2024-03-01", {"fact": "day"}]}, -1]})") == "yes");
  CHECK(fires(R"({"eq": [{"days_between": [{"fact": "garbage"}, {"fact": "utc"}]}, null]})") == "yes");
  CHECK(fires(R"({"gt": [{"days_between": [{"fact": "n"}, {"fact": "utc"}]}, 0]})") == "no");
  CHECK(fires(R"({"gt": [{"days_between": [{"fact": "missing"}, {"fact": "utc"}]}, 0]})") == "unknown");
  // Invalid calendar dates are not dates.
  CHECK(fires(R"({"eq": [{"days_between": [{"fact": "day"}, "2024-03-01"]}, 1]})") == "yes");
  auto bad_dates =
      facts_from(R"({"d1": "2023-02-29", "d2": "2026-13-01", "d3": "2026-11-25T24:00", "d4": "2026-11-25Tx"})");
  for (const char* path : {"d1", "d2", "d3", "d4"}) {
    auto set = one_rule(std::string(R"({"date_lt": [{"fact": ")") + path + R"("}, "2100-01-01"]})");
    INFO(path);
    CHECK(set.evaluate(bad_dates).empty());
  }
}

TEST_CASE("dates at the calendar's edges: 1601, century leap years, add_days across centuries", "[rules][engine]") {
  // Rule texts print these dates, so their reading and writing must not move by a day anywhere in range.
  auto set = one_rule(R"({"eq": [1, 1]})",
                      "{early|add_days:-36500} {y2k|add_days:-1} {late|add_days:36500} {c1900|date} {c2100|date}");
  auto findings = set.evaluate(facts_from(
      R"({"early": "1601-01-01", "y2k": "2000-02-29", "late": "9000-03-01T23:59:59", "c1900": "1900-02-29",
          "c2100": "2100-02-29"})"));
  REQUIRE(findings.size() == 1);
  // 1900 and 2100 are no leap years: their 29 February is no date and prints as the text it is.
  CHECK(findings[0].message == "1501-01-26 2000-02-28 9100-02-05 1900-02-29 2100-02-29");

  const auto facts = facts_from(R"({"t": "1601-01-01T00:30:00", "east": -60, "west": 60})");
  auto fires = [&](const std::string& when) { return !one_rule(when).evaluate(facts).empty(); };
  CHECK(fires(R"({"eq": [{"to_utc": [{"fact": "t"}, {"fact": "west"}]}, "1601-01-01T01:30:00Z"]})"));
  CHECK(fires(R"({"eq": [{"to_utc": [{"fact": "t"}, {"fact": "east"}]}, "1600-12-31T23:30:00Z"]})"));
  CHECK(fires(R"({"date_lt": ["1601-01-01", "2000-02-29T00:00:00Z"]})"));

  rules::RuleSet strict(kAnyFacts);
  for (const char* literal : {"1600-12-31", "1900-02-29", "2026-00-10", "2026-04-31"}) {
    auto r = strict.add_file(
        rule_file(std::string(R"("message": "m", "when": {"date_lt": [")") + literal + R"(", "2030-01-01"]})"),
        "d.json");
    INFO(literal);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message, Catch::Contains("a date literal"));
  }
}

TEST_CASE("message templates interpolate facts, dates and elements", "[rules][engine]") {
  auto set = one_rule(R"({"eq": [{"fact": "a"}, 1]})", "a={a}, list={list}, gone={gone}, {{literal}}, deep={obj.x}");
  auto findings = set.evaluate(facts_from(R"({"a": 1, "list": ["x", "y"], "obj": {"x": "X"}})"));
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message == "a=1, list=x, y, gone=(unknown), {literal}, deep=X");
  CHECK(findings[0].subject.empty());

  auto dates = one_rule(R"({"eq": [1, 1]})",
                        "on {t|date}, due {t|add_days:14}, {t|days_to:now} days ago, before {t|add_days:-1}, "
                        "{n|date}, {t|days_to:n}");
  findings = dates.evaluate(facts_from(R"({"t": "2026-12-25T22:00:00", "now": "2027-01-08T21:59:00Z", "n": null})"));
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message == "on 2026-12-25, due 2027-01-08, 13 days ago, before 2026-12-24, (none), (unknown)");
}

TEST_CASE("for_each yields one finding per matching element, with its own evidence", "[rules][engine]") {
  auto set = load(rule_file(R"("for_each": {"fact": "netdiag.failed_tests"},
      "when": {"all": [{"ne": [{"item": "name"}, "Skipped test"]}, {"eq": [{"fact": "os.version"}, "5.2"]}]},
      "message": "{item.name} failed on '{item.adapter}': {item.fatals} [{os.version}]",
      "remediation": ["Fix {item.name}."])"));
  facts::Facts f = facts_from(R"({"os.version": "5.2", "netdiag.failed_tests": [
      {"name": "DNS test", "adapter": "", "fatals": ["not registered"], "line": 57},
      {"name": "Skipped test", "adapter": "", "fatals": [], "line": 60},
      {"name": "WINS service test", "adapter": "LAN", "fatals": ["a", "b"], "line": 80}]})");
  const auto findings = set.evaluate(f);
  REQUIRE(findings.size() == 2);
  CHECK(findings[0].subject == "DNS test");
  CHECK(findings[0].message == "DNS test failed on '': not registered [5.2]");
  CHECK(findings[0].remediation == std::vector<std::string>{"Fix DNS test."});
  REQUIRE(findings[0].evidence.size() == 2);
  CHECK(findings[0].evidence[0].fact == "netdiag.failed_tests[0]");
  CHECK(findings[0].evidence[0].source == "test:57");
  CHECK_THAT(findings[0].evidence[0].value, Catch::Contains("\"name\":\"DNS test\""));
  CHECK(findings[0].evidence[1].fact == "os.version");
  CHECK(findings[1].subject == "WINS service test");
  CHECK(findings[1].evidence[0].fact == "netdiag.failed_tests[2]");
  CHECK(findings[1].evidence[0].source == "test:80");
  CHECK(findings[1].message == "WINS service test failed on 'LAN': a, b [5.2]");

  SECTION("without when every element is a finding; scalars are their own subject") {
    auto all = load(rule_file(R"("for_each": {"fact": "names"}, "message": "{item} is missing")"));
    const auto out = all.evaluate(facts_from(R"({"names": ["KB1", "KB2"]})"));
    REQUIRE(out.size() == 2);
    CHECK(out[1].subject == "KB2");
    CHECK(out[1].message == "KB2 is missing");
    CHECK(out[1].evidence[0].value == "KB2");
    CHECK(out[1].evidence[0].source == "test");
    CHECK(all.evaluate(facts_from(R"({"names": []})")).empty());
    CHECK(all.evaluate(facts_from(R"({"names": null})")).empty());
  }
  SECTION("a subject template names the element") {
    auto named = load(rule_file(R"("for_each": {"fact": "xs"}, "subject": "{item.a}/{item.b}", "message": "m")"));
    const auto out = named.evaluate(facts_from(R"({"xs": [{"a": 1, "b": "two"}]})"));
    REQUIRE(out.size() == 1);
    CHECK(out[0].subject == "1/two");
  }
  SECTION("an uncollected list, or a list that is not one, is not checked") {
    facts::Facts missing;
    missing.set_unavailable("netdiag.failed_tests", facts::FactStatus::collection_failed, "command.netdiag",
                            "collection timeout");
    auto out = set.evaluate(missing);
    REQUIRE(out.size() == 1);
    CHECK(out[0].category == "collection");
    CHECK(out[0].evidence[0].value == "collection timeout");
    CHECK_THAT(out[0].message, Catch::Contains("command.netdiag"));
    out = set.evaluate(facts_from(R"({"netdiag.failed_tests": 3, "os.version": "5.2"})"));
    REQUIRE(out.size() == 1);
    CHECK(out[0].category == "collection");
    CHECK_THAT(out[0].evidence[0].value, Catch::Contains("not a list"));
  }
  SECTION("elements that cannot be decided add one collection finding beside the findings") {
    auto mixed = load(rule_file(R"("for_each": {"fact": "xs"},
        "when": {"any": [{"eq": [{"item": "."}, 1]}, {"eq": [{"fact": "gone"}, 1]}]}, "message": "m")"));
    const auto out = mixed.evaluate(facts_from(R"({"xs": [1, 2, 1]})"));
    CHECK(find_all(out, "rule").size() == 2);
    REQUIRE(find_all(out, "collection").size() == 1);
    CHECK(find_all(out, "collection")[0]->evidence[0].fact == "gone");
  }
  SECTION("parent reaches the for_each element from inside a where") {
    auto dns = load(rule_file(R"("for_each": {"fact": "adapters"},
        "when": {"not": {"every": {"item": "dns", "where": {"in": [{"item": "."}, {"parent": "ipv4"}]}}}},
        "message": "{item.name}: {item.dns}")"));
    const auto out = dns.evaluate(facts_from(R"({"adapters": [{"name": "A", "ipv4": ["10.0.0.2"], "dns": ["10.0.0.2"]},
        {"name": "B", "ipv4": ["10.0.0.3"], "dns": ["10.0.0.3", "8.8.8.8"]}, {"name": "C", "ipv4": [], "dns": []}]})"));
    REQUIRE(out.size() == 1);
    CHECK(out[0].message == "B: 10.0.0.3, 8.8.8.8");
  }
  SECTION("at most kMaxFindingsPerRule findings; the last says how many more") {
    auto all = load(rule_file(R"("for_each": {"fact": "xs"}, "message": "m")"));
    facts::Facts many;
    json::Value xs(rapidjson::kArrayType);
    for (int i = 0; i < 130; ++i) xs.PushBack(i, many.allocator());
    many.set("xs", std::move(xs), "test");
    const auto out = all.evaluate(many);
    REQUIRE(out.size() == rules::kMaxFindingsPerRule);
    CHECK_THAT(out.back().evidence.back().value, Catch::Contains("30 more elements match"));
  }
}

TEST_CASE("bad rule files are refused with file:line", "[rules][engine]") {
  rules::RuleSet set(kAnyFacts);
  auto bad = [&](const std::string& text, const std::string& where, const std::string& what) {
    auto r = set.add_file(text, "bad.json");
    INFO(text);
    REQUIRE_FALSE(r);
    CHECK(r.error().where == where);
    CHECK_THAT(r.error().message, Catch::Contains(what));
  };
  // The rule's other keys are on line 2; the key under test on line 3.
  const std::string head =
      "{\"rules\": [\n"
      "  {\"id\": \"R1\", \"severity\": \"error\", \"title\": \"t\", \"section\": \"BPA:System\",\n";
  auto with = [&](const std::string& line3, const std::string& rest = R"("message": "m", "remediation": ["r"])") {
    return head + "   " + line3 + ",\n   " + rest + "}]}";
  };
  bad("{\n\"rules\": [\n}", "bad.json:3", "not valid JSON");
  bad(R"({"rules": {}})", "bad.json:1", "{\"rules\": [...]}");
  bad("{\"rules\": [],\n \"extra\": 1}", "bad.json:2", "unknown key 'extra'");
  bad(std::string(70, '[') + std::string(70, ']'), "bad.json:1", "nested deeper than 64");
  bad("{\"rules\": [],\n \"rules\": []}", "bad.json:2", "duplicate key 'rules'");

  SECTION("operators and operands") {
    bad(with(R"("when": {"frobnicate": 1})"), "bad.json:3", "unknown operator 'frobnicate'");
    bad(with(R"("when": {"all": [{"eq": [1, 1]}, {"frob": 1}]})"), "bad.json:3", "when.all[1]: unknown operator");
    bad(with(R"("when": {"eq": [1, 1], "ne": [1, 2]})"), "bad.json:3", "exactly one operator");
    bad(with(R"("when": {"all": []})"), "bad.json:3", "non-empty array");
    bad(with(R"("when": {"eq": [1]})"), "bad.json:3", "takes [x, y]");
    bad(with(R"("when": {"eq": [{"fact": "a..b"}, 1]})"), "bad.json:3", "a fact path is words joined by dots");
    bad(with(R"("when": {"eq": [{"fact": 5}, 1]})"), "bad.json:3", "a fact path");
    bad(with(R"("when": {"eq": [{"value": 5}, 1]})"), "bad.json:3", "unknown operand 'value'");
    bad(with(R"("when": {"eq": [[1], 1]})"), "bad.json:3", "only allowed as the list of 'in'");
    bad(with(R"("when": {"in": [1, 2]})"), "bad.json:3", "the list of 'in'");
    bad(with(R"("when": {"lt": [{"fact": "a"}, true]})"), "bad.json:3", "booleans and null compare with eq/ne");
    bad(with(R"("when": {"version_lt": [{"fact": "a"}, "sp2"]})"), "bad.json:3", "dotted number");
    bad(with(R"("when": {"exists": {"fact": "a"}})"), "bad.json:3", "when.exists: takes a fact path");
    bad(with("\"when\": {\"matches\": [{\"fact\": \"a\"},\n \"(unclosed\"]}"), "bad.json:4", "bad pattern");
    bad(with(R"("when": {"matches": [{"fact": "a"}]})"), "bad.json:3", "[operand, \"re2 pattern\"]");
    bad(with(R"("when": {"some": {"fact": "a"}})"), "bad.json:3", "'where' is missing");
    bad(with(R"("when": {"some": {"fact": "a", "where": {"eq": [1, 1]}, "limit": 3}})"), "bad.json:3",
        "unexpected key 'limit'");
    bad(with(R"("when": {"gt": [{"count": {"where": {"eq": [1, 1]}}}, 1]})"), "bad.json:3", "no list given");
    bad(with(R"("when": {"eq": [{"item": "name"}, 1]})"), "bad.json:3", "'item' is only defined");
    bad(with(R"("when": {"some": {"fact": "a", "where": {"eq": [{"parent": "x"}, 1]}}})"), "bad.json:3", "'parent'");
    bad(with(R"("when": {"date_lt": [{"fact": "a"}, "2026-02-30"]})"), "bad.json:3", "a date literal");
    bad(with(R"("when": {"gt": [{"days_between": [{"fact": "a"}, "soon"]}, 1]})"), "bad.json:3", "a date literal");
    bad(with(R"("when": {"eq": [{"to_utc": [{"fact": "a"}, "-60"]}, 1]})"), "bad.json:3", "minutes");
    std::string deep = R"({"eq": [1, 1]})";
    for (int i = 0; i < 40; ++i) deep = "{\"not\": " + deep + "}";
    bad(with("\"when\": " + deep), "bad.json:3", "deeper than 32");
  }
  SECTION("rule keys, types and values") {
    bad(with(R"("when": {"eq": [1, 1]}, "extra": 1)"), "bad.json:3", "unknown key 'extra'");
    bad(head + "   \"when\": {\"eq\": [1, 1]},\n   \"message\": \"m\", \"remediation\": \"do it\"}]}", "bad.json:4",
        "'remediation' must be a non-empty array");
    bad(head + "   \"when\": {\"eq\": [1, 1]},\n   \"message\": 5, \"remediation\": [\"r\"]}]}", "bad.json:4",
        "'message' must be a non-empty string");
    bad(head + "   \"when\": {\"eq\": [1, 1]}}]}", "bad.json:2", "'message' is missing");
    bad(head + "   \"message\": \"m\", \"remediation\": [\"r\"]}]}", "bad.json:2", "'when' is missing");
    bad("{\"rules\": [{\"id\": \"lower\", \"severity\": \"error\"}]}", "bad.json:1", "UPPER_SNAKE_CASE");
    bad("{\"rules\": [{\"id\": \"R2\",\n \"severity\": \"fatal\", \"title\": \"t\", \"section\": \"BPA:System\", "
        "\"message\": \"m\", \"remediation\": [\"r\"], \"when\": {\"eq\": [1, 1]}}]}",
        "bad.json:2", "unknown severity 'fatal'");
    bad("{\"rules\": [{\"id\": \"R2\", \"severity\": \"error\", \"title\": \"t\",\n \"section\": \"BKMK_X\", "
        "\"message\": \"m\", \"remediation\": [\"r\"], \"when\": {\"eq\": [1, 1]}}]}",
        "bad.json:2", "unknown section 'BKMK_X'");
    bad(with(R"("for_each": "netdiag.failed_tests")"), "bad.json:3", "'for_each' is {\"fact\": \"path\"}");
    bad(with(R"("when": {"eq": [1, 1]}, "subject": "{item.name}")"), "bad.json:3", "'subject' names the element");
    bad(R"({"rules": [
      {"id": "R1", "severity": "info", "title": "t", "section": "BPA:System", "message": "m", "remediation": ["r"], "when": {"eq": [1, 1]}},
      {"id": "R1", "severity": "info", "title": "t", "section": "BPA:System", "message": "m", "remediation": ["r"], "when": {"eq": [1, 1]}}]})",
        "bad.json:3", "defined twice (first at bad.json:2)");
  }
  SECTION("templates") {
    bad(with(R"("when": {"eq": [1, 1]})", R"("message": "{os version}", "remediation": ["r"])"), "bad.json:4",
        "{os version} is not a fact path");
    bad(with(R"("when": {"eq": [1, 1]})", R"("message": "open { brace", "remediation": ["r"])"), "bad.json:4",
        "not closed");
    bad(with(R"("when": {"eq": [1, 1]})", R"("message": "{item.name}", "remediation": ["r"])"), "bad.json:4",
        "{item.name} is only defined in a for_each rule");
    bad(with(R"("when": {"eq": [1, 1]})", R"("message": "m", "remediation": ["ok", "{a|upper}"])"), "bad.json:4",
        "remediation[1]: unknown filter 'upper'");
    bad(with(R"("when": {"eq": [1, 1]})", R"("message": "{a|add_days:x}", "remediation": ["r"])"), "bad.json:4",
        "add_days takes a whole number");
    bad(with(R"("when": {"eq": [1, 1]})", R"("message": "{a|days_to:b c}", "remediation": ["r"])"), "bad.json:4",
        "{b c} is not a fact path");
    bad(with(R"("for_each": {"fact": "xs"})", R"("message": "{item.}", "remediation": ["r"])"), "bad.json:4",
        "an element field is words joined by dots");
  }
  SECTION("a file with an error adds none of its rules") {
    auto r = set.add_file(R"({"rules": [
      {"id": "GOOD", "severity": "info", "title": "t", "section": "BPA:System", "message": "m", "remediation": ["r"], "when": {"eq": [1, 1]}},
      {"id": "BAD", "severity": "info", "title": "t", "section": "BPA:System", "message": "m", "remediation": ["r"]}]})",
                          "bad.json");
    REQUIRE_FALSE(r);
    CHECK(set.size() == 0);
  }
}

TEST_CASE("fact paths are checked against the fact catalogue, with file:line", "[rules][catalogue]") {
  rules::RuleSet set;  // the built-in catalogue
  auto bad = [&](const std::string& when, const std::string& what, const std::string& message = "m") {
    const std::string text = "{\"rules\": [{\"id\": \"R1\", \"severity\": \"error\", \"title\": \"t\",\n"
                             " \"section\": \"BPA:System\", \"remediation\": [\"r\"],\n \"message\": \"" + message +
                             "\",\n \"when\": " + when + "}]}";
    auto r = set.add_file(text, "bad.json");
    INFO(text);
    REQUIRE_FALSE(r);
    CHECK(r.error().where == (message == "m" ? "bad.json:4" : "bad.json:3"));
    CHECK_THAT(r.error().message, Catch::Contains(what));
  };
  auto good = [&](const std::string& when, const std::string& message = "m") {
    auto r = set.add_file(R"({"rules": [{"id": "R1", "severity": "error", "title": "t", "section": "BPA:System",
        "remediation": ["r"], "message": ")" + message + R"(", "when": )" + when + "}]}",
                          "good.json");
    INFO(when);
    if (!r) INFO(r.error().to_string());
    CHECK(r);
  };
  SECTION("unknown facts, anywhere a rule names one") {
    bad(R"({"lt": [{"fact": "os.service_pak_number"}, 2]})",
        "when.lt[0]: unknown fact 'os.service_pak_number' (did you mean 'os.service_pack_number'?)");
    bad(R"({"exists": "host.dns_domian"})", "when.exists: unknown fact 'host.dns_domian'");
    bad(R"({"some": {"fact": "services.lists", "where": {"eq": [1, 1]}}})", "unknown fact 'services.lists'");
    bad(R"({"eq": [{"count": {"fact": "netdiag.failed_test"}}, 0]})", "unknown fact 'netdiag.failed_test'");
    bad(R"({"truthy": {"fact": "events.sytem.errors_last_30_days"}})", "unknown fact 'events.sytem");
    bad(R"({"eq": [1, 1]})", "message: {os.service_pak}: unknown fact 'os.service_pak'", "SP {os.service_pak}");
    bad(R"({"eq": [1, 1]})", "unknown fact 'backup.last_full'", "{collection.started_utc|days_to:backup.last_full}");
    bad(R"({"eq": [{"fact": "time.zone"}, 1]})", "unknown fact 'time.zone'");  // a node, not a fact
  }
  SECTION("a path continues only into a fact that can be an object") {
    good(R"({"some": {"fact": "events.system.errors_last_30_days.groups", "where": {"eq": [{"item": "event_id"}, 5]}}})");
    good(R"({"eq": [{"fact": "ad.fsmo.schema.server"}, "SBS01"]})", "{events.dns_server.errors_last_30_days.total}");
    bad(R"({"eq": [{"fact": "os.version.major"}, 5]})",
        "'os.version.major' continues into the fact 'os.version', which is string, not an object");
  }
  SECTION("operators the fact's type cannot take") {
    bad(R"({"version_lt": [{"fact": "sbs.installed"}, "6.0"]})",
        "when.version_lt[0]: compares dotted version strings, but the fact 'sbs.installed' is bool");
    bad(R"({"lt": [{"fact": "os.service_pack"}, "Service Pack 2"]})", "orders numbers");
    bad(R"({"gt": [2, {"fact": "os.version"}]})", "when.gt[1]: orders numbers");
    bad(R"({"date_lt": [{"fact": "os.build"}, "2026-01-01"]})", "compares dates, but the fact 'os.build' is int");
    bad(R"({"gt": [{"days_between": [{"fact": "os.service_pack"}, {"fact": "collection.started_utc"}]}, 7]})",
        "days_between[0]: takes a date");
    bad(R"({"eq": [{"to_utc": [{"fact": "backup.last_successful_full"}, {"fact": "os.version"}]}, null]})",
        "to_utc[1]: takes a bias in minutes");
    bad(R"({"matches": [{"fact": "os.is_sbs"}, "x"]})", "matches a string");
    bad(R"({"any_matches": [{"fact": "os.version"}, "x"]})", "matches the strings of an array");
    bad(R"({"some": {"fact": "network.active_adapter_count", "where": {"eq": [1, 1]}}})", "iterates an array");
    bad(R"({"every": {"fact": "ad.fsmo", "where": {"eq": [1, 1]}}})", "but the fact 'ad.fsmo' is object");
    bad(R"({"gt": [{"count": {"fact": "os.product_name"}}, 0]})", "counts the elements of an array");
    bad(R"({"in": ["x", {"fact": "os.version"}]})", "when.in[1]: looks in an array");
    bad(R"({"in": [{"fact": "network.adapters"}, ["x"]]})", "finds a single value in a list");
  }
  SECTION("literals of a type the fact never holds") {
    bad(R"({"eq": [{"fact": "os.version"}, 5.2]})", "the fact 'os.version' is string, so it never equals");
    bad(R"({"ne": [true, {"fact": "rras.start"}]})", "when.ne[0]: the fact 'rras.start' is int or null");
    bad(R"({"in": [{"fact": "rras.start"}, [2, "3"]]})", "when.in[1]: the fact 'rras.start' is int or null");
    bad(R"({"eq": [{"fact": "os.version"}, {"fact": "os.build"}]})",
        "when.eq[1]: the fact 'os.build' is int and 'os.version' is string, so they never equal");
  }
  SECTION("what is right loads") {
    good(R"({"all": [{"eq": [{"fact": "os.version"}, "5.2"]}, {"lt": [{"fact": "os.service_pack_number"}, 2]}]})");
    good(R"({"eq": [{"fact": "rras.start"}, null]})");  // null tests any fact
    good(R"({"version_lt": [{"fact": "msxml6.version"}, "6.10.1129.0"]})");
    good(R"({"date_lt": [{"fact": "backup.last_successful_full"}, {"fact": "collection.started_utc"}]})");
    good(R"({"matches": [{"fact": "collection.started_utc"}, "^2026"]})");  // a date is a string
    good(R"({"gt": [{"fact": "time.offset_abs_seconds"}, 300]})");
    good(R"({"in": [{"fact": "exchange.servers"}, []]})");  // the "unknown unless read" idiom takes any fact
    good(R"({"in": [2, {"fact": "os.product_suite"}]})");
    good(R"({"truthy": {"fact": "exchange.version"}})");
    good(R"({"lt": [{"fact": "exchange.version"}, 65]})");  // int or string: the int can be ordered
    good(R"({"gt": [{"fact": "time.offset_abs_seconds"}, {"fact": "os.build"}]})");  // number and int
    good(R"({"eq": [{"fact": "backup.last_successful_full"}, {"fact": "os.version"}]})");  // date and string
  }
  SECTION("for_each iterates an array fact") {
    auto r = set.add_file(R"({"rules": [{"id": "R1", "severity": "error", "title": "t", "section": "BPA:System",
        "remediation": ["r"], "message": "m",
        "for_each": {"fact": "disks.min_free_percent"}}]})",
                          "fe.json");
    REQUIRE_FALSE(r);
    CHECK(r.error().where == "fe.json:3");
    CHECK_THAT(r.error().message, Catch::Contains("for_each: iterates an array fact, but 'disks.min_free_percent' is number"));
  }
}

TEST_CASE("rule files added later replace built-in rules by id", "[rules][engine]") {
  auto set = rules::RuleSet::builtin();
  REQUIRE(set);
  const std::size_t before = set->size();
  auto r = set->add_file(R"({"rules": [{"id": "OS_SERVICE_PACK_2_MISSING", "severity": "info", "title": "t",
      "section": "BPA:System", "message": "m", "remediation": ["r"], "when": {"eq": [1, 1]}}]})",
                         "override.json");
  REQUIRE(r);
  CHECK(set->size() == before);
  const auto findings = set->evaluate(facts::Facts{});
  const rules::Finding* f = find(findings, "OS_SERVICE_PACK_2_MISSING", "rule");
  REQUIRE(f != nullptr);
  CHECK(f->severity == rules::Severity::info);
}

TEST_CASE("a rules directory (--rules DIR) replaces built-in rules by id, in their place", "[rules][engine]") {
  auto set = rules::RuleSet::builtin();
  REQUIRE(set);
  const auto ids = set->ids();
  REQUIRE(ids.size() > 2);
  const std::string replaced = ids[1];
  auto rule = [](const std::string& id, const std::string& severity) {
    return R"({"id": ")" + id + R"(", "severity": ")" + severity +
           R"(", "title": "t", "section": "BPA:System", "message": "m", "remediation": ["r"], "when": {"eq": [1, 1]}})";
  };
  const std::string dir = write_dir("rules-override", {{"a.json", R"({"rules": [)" + rule("LOCAL_FIRST", "info") + "]}"},
                                                       {"b.json", R"({"rules": [)" + rule(replaced, "info") + "]}"}});
  REQUIRE(set->add_directory(dir));
  // One rule more (LOCAL_FIRST), the replaced one where it was, the new one at the end.
  std::vector<std::string> expected = ids;
  expected.push_back("LOCAL_FIRST");
  CHECK(set->ids() == expected);
  const auto info = set->info(replaced);
  REQUIRE(info);
  CHECK(info->severity == rules::Severity::info);
  CHECK_THAT(info->where, Catch::EndsWith("b.json:1"));
  const auto findings = set->evaluate(facts::Facts{});
  const rules::Finding* f = find(findings, replaced, "rule");
  REQUIRE(f != nullptr);
  CHECK(f->rule_order == 1);
  CHECK(find(findings, replaced, "collection") == nullptr);
}

TEST_CASE("info describes a loaded rule", "[rules][engine]") {
  auto set = load("// comment\n" + rule_file(R"("for_each": {"fact": "xs"}, "subject": "{item.name}",
      "when": {"eq": [{"item": "a"}, {"fact": "b"}]}, "message": "m {c}")"));
  const auto info = set.info("T");
  REQUIRE(info);
  CHECK(info->where == "t.json:2");
  CHECK(info->for_each == "xs");
  CHECK(info->subject == "{item.name}");
  CHECK(info->cause.empty());
  CHECK(info->message == "m {c}");
  CHECK(info->when == R"({"eq": [{"item": "a"}, {"fact": "b"}]})");
  CHECK(info->facts == std::vector<std::string>{"xs", "b"});
  CHECK(info->remediation == std::vector<std::string>{"r"});
  CHECK_FALSE(set.info("NOPE"));
}

TEST_CASE("cause: a template rendered per finding, checked at load", "[rules][engine]") {
  SECTION("rendered from facts, or from the element in a for_each rule") {
    auto plain = load(rule_file(R"("when": {"eq": [1, 1]}, "cause": "service pack {os.sp} of {{x}}", "message": "m")"));
    CHECK(plain.info("T")->cause == "service pack {os.sp} of {{x}}");
    const auto one = plain.evaluate(facts_from(R"({"os.sp": 1})"));
    REQUIRE(one.size() == 1);
    CHECK(one[0].cause == "service pack 1 of {x}");
    CHECK(one[0].rule_severity == rules::Severity::warning);
    CHECK_FALSE(one[0].not_checked);

    auto each = load(rule_file(R"("for_each": {"fact": "xs"}, "cause": "{item.dc} is gone", "message": "m")"));
    const auto many = each.evaluate(facts_from(R"({"xs": [{"dc": "OLD"}, {"dc": "OLD"}, {"dc": "B"}]})"));
    std::vector<std::string> causes;
    for (const auto& f : many) causes.push_back(f.cause);
    CHECK(causes == std::vector<std::string>{"OLD is gone", "OLD is gone", "B is gone"});
  }
  SECTION("after_last: the same domain controller named SITE\\DC by one tool and DC by another") {
    auto each = load(rule_file(R"("for_each": {"fact": "xs"}, "cause": "{item.source|after_last:\\} is gone",
        "subject": "{item.source|after_last:=}", "message": "m")"));
    const auto many = each.evaluate(facts_from(R"({"xs": [{"source": "Default-First-Site-Name\\OLDSRV"},
        {"source": "OLDSRV"}, {"source": "a=b=c"}, {"source": 12}]})"));
    std::vector<std::string> causes, subjects;
    for (const auto& f : many) {
      causes.push_back(f.cause);
      subjects.push_back(f.subject);
    }
    CHECK(causes == std::vector<std::string>{"OLDSRV is gone", "OLDSRV is gone", "a=b=c is gone", "12 is gone"});
    CHECK(subjects == std::vector<std::string>{"Default-First-Site-Name\\OLDSRV", "OLDSRV", "c", "12"});
    rules::RuleSet set(kAnyFacts);
    auto r = set.add_file(rule_file(R"("cause": "{a|after_last:}", "when": {"eq": [1, 1]}, "message": "m")"), "c.json");
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message, Catch::Contains("unknown filter 'after_last:'"));
  }
  SECTION("a rule without one has none; a not-checked finding has none") {
    auto set = load(rule_file(R"("when": {"eq": [{"fact": "a"}, 1]}, "message": "m")"));
    auto with = load(rule_file(R"("when": {"eq": [{"fact": "a"}, 1]}, "cause": "c", "message": "m")"));
    const auto fired = set.evaluate(facts_from(R"({"a": 1})"));
    REQUIRE(fired.size() == 1);
    CHECK(fired[0].cause.empty());
    const auto unknown = with.evaluate(facts::Facts{});
    REQUIRE(unknown.size() == 1);
    CHECK(unknown[0].not_checked);
    CHECK(unknown[0].cause.empty());
  }
  SECTION("refused: empty, not a string, {item} outside for_each, an unclosed brace") {
    rules::RuleSet set;
    for (const auto& [body, what] : std::vector<std::pair<std::string, std::string>>{
             {R"("cause": "", "when": {"eq": [1, 1]}, "message": "m")", "'cause' must be a non-empty string"},
             {R"("cause": 3, "when": {"eq": [1, 1]}, "message": "m")", "'cause' must be a non-empty string"},
             {R"("cause": "{item.dc}", "when": {"eq": [1, 1]}, "message": "m")", "only defined in a for_each rule"},
             {R"("cause": "{os.sp", "when": {"eq": [1, 1]}, "message": "m")", "is not closed"}}) {
      auto r = set.add_file(rule_file(body), "c.json");
      INFO(body);
      REQUIRE_FALSE(r);
      CHECK_THAT(r.error().message, Catch::Contains(what));
      CHECK_THAT(r.error().where, Catch::StartsWith("c.json:"));
    }
  }
}

TEST_CASE("findings carry their rule's load order", "[rules][engine]") {
  rules::RuleSet set;
  const std::string rule = R"({"id": "ID", "severity": "info", "title": "t", "section": "BPA:System",
      "message": "m", "remediation": ["r"], "when": {"eq": [1, 1]}})";
  auto named = [&](const std::string& id) {
    std::string r = rule;
    return r.replace(r.find("ID"), 2, id);
  };
  // Written Z before A: load order is the order written, not the id.
  REQUIRE(set.add_file("{\"rules\": [" + named("Z_FIRST") + ", " + named("A_SECOND") + "]}", "a.json"));
  REQUIRE(set.add_file("{\"rules\": [" + named("M_THIRD") + ", " + named("Z_FIRST") + "]}", "b.json"));
  const auto findings = set.evaluate(facts::Facts{});
  std::map<std::string, std::size_t> order;
  for (const auto& f : findings) order[f.rule_id] = f.rule_order;
  // Z_FIRST was replaced by b.json's and keeps its place.
  CHECK(order == std::map<std::string, std::size_t>{{"Z_FIRST", 0}, {"A_SECOND", 1}, {"M_THIRD", 2}});
}

TEST_CASE("check_directory lists every problem of a rules directory", "[rules][engine]") {
  SECTION("the broken fixture") {
    const auto result = rules::RuleSet::check_directory(MIGREADY_FIXTURES_DIR "/rules/broken");
    CHECK(result.files == 5);
    CHECK(result.ids == std::vector<std::string>{"DUPLICATE_ACROSS_FILES"});
    std::vector<std::string> where;
    for (const auto& e : result.errors) where.push_back(e.where.substr(e.where.rfind('/') + 1) + " " + e.message);
    REQUIRE(where.size() == 6);
    CHECK_THAT(where[0], Catch::StartsWith("a.json:7 ") && Catch::Contains("unknown section 'BKMK_NoSuchSection'"));
    CHECK_THAT(where[1],
               Catch::StartsWith("b.json:3 ") && Catch::Contains("is also defined at") && Catch::Contains("a.json:4"));
    CHECK_THAT(where[2], Catch::StartsWith("b.json:7 ") && Catch::Contains("bad pattern"));
    CHECK_THAT(where[3], Catch::StartsWith("c.json:3 ") && Catch::Contains("not valid JSON"));
    CHECK_THAT(where[4], Catch::StartsWith("d.json:6 ") && Catch::Contains("unknown fact 'os.service_pak_number'"));
    CHECK_THAT(where[5], Catch::StartsWith("e.json:5 ") && Catch::Contains("but the fact 'sbs.installed' is bool"));
  }
  SECTION("the examples are clean") {
    const auto result = rules::RuleSet::check_directory(MIGREADY_FIXTURES_DIR "/rules/examples");
    CHECK(result.errors.empty());
    CHECK(result.rules == 10);
  }
  SECTION("empty and missing directories are errors") {
    const std::string empty = write_dir("rules-empty", {{"notes.txt", "not a rule file"}});
    auto result = rules::RuleSet::check_directory(empty);
    REQUIRE(result.errors.size() == 1);
    CHECK_THAT(result.errors[0].message, Catch::Contains("no rule files"));
    result = rules::RuleSet::check_directory(empty + "/nope");
    REQUIRE(result.errors.size() == 1);
    CHECK_THAT(result.errors[0].message, Catch::Contains("cannot list"));
  }
  SECTION("add_directory refuses an id defined in two of its files") {
    const std::string rule = R"({"rules": [{"id": "SAME", "severity": "info", "title": "t", "section": "BPA:System",
        "message": "m", "remediation": ["r"], "when": {"eq": [1, 1]}}]})";
    const std::string dir = write_dir("rules-dup", {{"a.json", rule}, {"b.json", rule}});
    rules::RuleSet set;
    auto r = set.add_directory(dir);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message, Catch::Contains("also defined at"));
    CHECK_THAT(r.error().where, Catch::EndsWith("b.json:1"));
    CHECK(set.size() == 0);
  }
}

TEST_CASE("mutated rule files load or fail with a location, never crash", "[rules][engine]") {
  std::vector<std::string> seeds;
  for (const auto& file : rules::embedded_rule_files()) seeds.emplace_back(file.text);
  for (const auto& entry : std::filesystem::directory_iterator(MIGREADY_FIXTURES_DIR "/rules/examples")) {
    seeds.push_back(test::read_file(entry.path().string()));
  }
  const auto facts = facts_from(R"({"os.version": "5.2", "services.list": [{"name": "W32Time", "state": "stopped"}],
      "network.adapters": [{"name": "A", "active": true, "ipv4": ["10.0.0.2"], "dns_servers": ["10.0.0.9"]}]})");
  std::mt19937 random(20261125);  // seeded: a failure reproduces
  const std::string alphabet = "{}[]\":,.0123456789-Ztrue nulfasitemfactwhere|\\\n";
  std::size_t loaded = 0, refused = 0;
  for (int round = 0; round < 3000; ++round) {
    std::string text = seeds[random() % seeds.size()];
    for (int edits = 1 + static_cast<int>(random() % 4); edits > 0 && !text.empty(); --edits) {
      const std::size_t at = random() % text.size();
      switch (random() % 3) {
        case 0:
          text[at] = alphabet[random() % alphabet.size()];
          break;
        case 1:
          text.insert(at, 1, alphabet[random() % alphabet.size()]);
          break;
        default:
          text.erase(at, 1 + random() % 8);
          break;
      }
    }
    rules::RuleSet set;
    auto r = set.add_file(text, "m.json");
    if (r) {
      ++loaded;
      (void)set.evaluate(facts);
    } else {
      ++refused;
      INFO(text);
      CHECK_THAT(r.error().where, Catch::Matches("m\\.json:[0-9]+"));
    }
  }
  CHECK(loaded > 0);
  CHECK(refused > 0);
}

TEST_CASE("a rules directory and files with non-ASCII names load by their UTF-8 paths", "[rules][engine]") {
  namespace fs = std::filesystem;
  const fs::path dir = platform::fs_path(std::string(MIGREADY_TEST_TMP_DIR) + "/regeln-ä 試験");
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string rule = R"({"rules": [{"id": "ID", "severity": "info", "title": "t", "section": "BPA:System",
      "message": "m", "remediation": ["r"], "when": {"eq": [1, 1]}}]})";
  auto put = [&](const std::string& name, const std::string& id) {
    std::ofstream(dir / platform::fs_path(name), std::ios::binary) << std::string(rule).replace(rule.find("ID"), 2, id);
  };
  put("zeit.json", "FROM_ZEIT");
  put("Ökologie.json", "FROM_OEKOLOGIE");
  put("ärger \xF0\x9F\x93\xA6.json", "FROM_AERGER");
  const std::string top = platform::path_utf8(dir);

  const auto checked = rules::RuleSet::check_directory(top);
  CHECK(checked.errors.empty());
  CHECK(checked.files == 3);
  // Loaded in the order of the names' UTF-8 bytes ("z" < "Ö" < "ä"), the same on every system.
  CHECK(checked.ids == std::vector<std::string>{"FROM_ZEIT", "FROM_OEKOLOGIE", "FROM_AERGER"});

  rules::RuleSet set;
  REQUIRE(set.add_directory(top));
  const auto info = set.info("FROM_OEKOLOGIE");
  REQUIRE(info);
  CHECK(info->where == top + "/Ökologie.json:1");

  // An error names the file in UTF-8 too.
  std::ofstream(dir / platform::fs_path("ärger \xF0\x9F\x93\xA6.json"), std::ios::binary) << "{";
  const auto broken = rules::RuleSet::check_directory(top);
  REQUIRE(broken.errors.size() == 1);
  CHECK_THAT(broken.errors[0].where, Catch::StartsWith(top + "/ärger \xF0\x9F\x93\xA6.json:"));
}

#include <catch2/catch.hpp>
#include <rapidjson/document.h>

#include <map>

#include "rules/rules.hpp"
#include "support/bundle_builder.hpp"

using namespace migready;

namespace {

facts::Facts facts_from(const rapidjson::Value& given) {
  facts::Facts f;
  for (auto m = given.MemberBegin(); m != given.MemberEnd(); ++m) {
    rapidjson::Value copy(m->value, f.allocator());
    f.set(m->name.GetString(), std::move(copy), "test");
  }
  return f;
}

facts::Facts facts_from(const char* json) {
  rapidjson::Document d;
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

rules::RuleSet one_rule(const std::string& when, const std::string& message = "m") {
  rules::RuleSet set;
  const std::string text = R"({"rules": [{"id": "T", "severity": "warning", "title": "t", "section": "BKMK_X",
    "message": ")" + message + R"(", "remediation": ["r"], "when": )" + when + "}]}";
  auto ok = set.add_file(text, "t.json");
  INFO(text);
  REQUIRE(ok);
  return set;
}

}  // namespace

TEST_CASE("every built-in rule fires and stays quiet on its cases", "[rules]") {
  auto set = rules::RuleSet::builtin();
  REQUIRE(set);
  REQUIRE(set->size() >= 8);
  rapidjson::Document cases;
  const std::string text = test::read_file(MIGREADY_FIXTURES_DIR "/rules/cases.json");
  cases.Parse<rapidjson::kParseCommentsFlag>(text.c_str());
  REQUIRE_FALSE(cases.HasParseError());

  std::map<std::string, std::pair<int, int>> coverage;  // id -> (firing, non-firing) cases
  for (const auto& c : cases["cases"].GetArray()) {
    const std::string id = c["rule"].GetString();
    const bool fires = c["fires"].GetBool();
    INFO("rule " << id << ", expected to " << (fires ? "fire" : "stay quiet"));
    const auto findings = set->evaluate(facts_from(c["facts"]));
    const rules::Finding* f = find(findings, id, "rule");
    CHECK((f != nullptr) == fires);
    // With every fact it needs given, a rule is never "not checked".
    CHECK(find(findings, id, "collection") == nullptr);
    if (f != nullptr) {
      CHECK_FALSE(f->evidence.empty());
      CHECK(f->message.find("(unknown)") == std::string::npos);
    }
    auto& [on, off] = coverage[id];
    (fires ? on : off) += 1;
  }
  // The meta-test: a rule without both kinds of case fails here.
  for (const auto& id : set->ids()) {
    INFO("rule " << id << " needs a firing and a non-firing case in tests/fixtures/rules/cases.json");
    CHECK(coverage[id].first > 0);
    CHECK(coverage[id].second > 0);
  }
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
  CHECK_THAT(not_checked->message, Catch::Contains("registry.software"));
  REQUIRE_FALSE(not_checked->evidence.empty());
  CHECK(not_checked->evidence[0].value == "collection denied: access is denied");
}

TEST_CASE("conditions: tri-state logic", "[rules][engine]") {
  const auto facts = facts_from(R"({"a": 1, "s": "Service Pack 2", "list": ["x", "192.168.1.1"], "v": "6.10.1129.0", "n": null})");
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
}

TEST_CASE("message templates interpolate facts", "[rules][engine]") {
  auto set = one_rule(R"({"eq": [{"fact": "a"}, 1]})", "a={a}, list={list}, gone={gone}");
  const auto findings = set.evaluate(facts_from(R"({"a": 1, "list": ["x", "y"]})"));
  REQUIRE(findings.size() == 1);
  CHECK(findings[0].message == "a=1, list=x, y, gone=(unknown)");
}

TEST_CASE("bad rule files are refused with file:line", "[rules][engine]") {
  rules::RuleSet set;
  auto bad = [&](const std::string& text, const std::string& where, const std::string& what) {
    auto r = set.add_file(text, "bad.json");
    REQUIRE_FALSE(r);
    CHECK(r.error().where == where);
    CHECK_THAT(r.error().message, Catch::Contains(what));
  };
  bad("{\n\"rules\": [\n}", "bad.json:3", "not valid JSON");
  bad(R"({"rules": {}})", "bad.json:1", "{\"rules\": [...]}");
  const std::string head = R"({"rules": [
  {"id": "R1", "severity": "error", "title": "t", "section": "BKMK_X", "message": "m", "remediation": ["r"],
   )";
  bad(head + R"("when": {"frobnicate": 1}}]})", "bad.json:2", "unknown operator 'frobnicate'");
  bad(head + R"("when": {"matches": [{"fact": "a"}, "(unclosed"]}}]})", "bad.json:2", "bad pattern");
  bad(head + R"("when": {"eq": [1, 1]}, "extra": 1}]})", "bad.json:2", "unknown field 'extra'");
  bad(R"({"rules": [{"id": "lower", "severity": "error", "title": "t", "section": "BKMK_X", "message": "m",
      "remediation": ["r"], "when": {"eq": [1, 1]}}]})", "bad.json:1", "UPPER_SNAKE_CASE");
  bad(R"({"rules": [{"id": "R2", "severity": "fatal", "title": "t", "section": "BKMK_X", "message": "m",
      "remediation": ["r"], "when": {"eq": [1, 1]}}]})", "bad.json:1", "severity");
}

TEST_CASE("rule files added later replace built-in rules by id", "[rules][engine]") {
  auto set = rules::RuleSet::builtin();
  REQUIRE(set);
  const std::size_t before = set->size();
  auto r = set->add_file(R"({"rules": [{"id": "OS_SERVICE_PACK_2_MISSING", "severity": "info", "title": "t",
      "section": "BKMK_X", "message": "m", "remediation": ["r"], "when": {"eq": [1, 1]}}]})", "override.json");
  REQUIRE(r);
  CHECK(set->size() == before);
  const auto findings = set->evaluate(facts::Facts{});
  const rules::Finding* f = find(findings, "OS_SERVICE_PACK_2_MISSING", "rule");
  REQUIRE(f != nullptr);
  CHECK(f->severity == rules::Severity::info);
}

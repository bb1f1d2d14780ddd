// docs/rules.schema.json (for editors and other tools) agrees with the loader: every rule file the loader
// accepts passes the schema, the section list is sections.hpp's, and shapes the loader refuses fail it.
#include <rapidjson/document.h>
#include <rapidjson/schema.h>
#include <catch2/catch.hpp>

#include <filesystem>

#include "core/json.hpp"
#include "rules/rules.hpp"
#include "rules/sections.hpp"
#include "support/bundle_builder.hpp"

using namespace migready;

namespace {

json::Document parse(const std::string& text) {
  json::Document d;
  d.Parse<rapidjson::kParseCommentsFlag | rapidjson::kParseTrailingCommasFlag>(text.c_str());
  INFO(text.substr(0, 200));
  REQUIRE_FALSE(d.HasParseError());
  return d;
}

const json::SchemaDocument& schema() {
  static const json::Document doc = parse(test::read_file(MIGREADY_SOURCE_DIR "/docs/rules.schema.json"));
  static const json::SchemaDocument compiled(doc);
  return compiled;
}

bool valid(const std::string& text) {
  const json::Document d = parse(text);
  json::SchemaValidator validator(schema());
  return d.Accept(validator);
}

}  // namespace

TEST_CASE("every built-in and example rule file passes docs/rules.schema.json", "[rules][schema]") {
  for (const auto& file : rules::embedded_rule_files()) {
    INFO(file.name);
    CHECK(valid(std::string(file.text)));
  }
  for (const auto& entry : std::filesystem::directory_iterator(MIGREADY_FIXTURES_DIR "/rules/examples")) {
    INFO(entry.path());
    CHECK(valid(test::read_file(entry.path().string())));
  }
}

TEST_CASE("the schema's sections are sections.hpp's", "[rules][schema]") {
  const json::Document doc = parse(test::read_file(MIGREADY_SOURCE_DIR "/docs/rules.schema.json"));
  const auto& listed = doc["definitions"]["rule"]["properties"]["section"]["enum"];
  std::vector<std::string> in_schema, in_code;
  for (const auto& s : listed.GetArray()) in_schema.emplace_back(s.GetString());
  for (const auto& s : rules::sections()) in_code.emplace_back(s.id);
  CHECK(in_schema == in_code);
}

TEST_CASE("shapes the loader refuses fail the schema too", "[rules][schema]") {
  const std::string head = R"({"rules": [{"id": "R", "severity": "info", "title": "t", "section": "BPA:System",
      "message": "m", "remediation": ["r"], )";
  CHECK(valid(head + R"("when": {"some": {"item": "xs", "where": {"in": [{"item": "."}, ["a"]]}}}}]})"));
  CHECK(valid(head + R"("for_each": {"fact": "a.b"}}]})"));
  CHECK_FALSE(valid(head + R"("when": {"frobnicate": 1}}]})"));
  CHECK_FALSE(valid(head + R"("when": {"eq": [1, 1]}, "extra": 1}]})"));
  CHECK_FALSE(valid(head + R"("when": {"eq": [1, 1], "ne": [1, 1]}}]})"));
  CHECK_FALSE(valid(head + R"("when": {"eq": [{"fact": "a..b"}, 1]}}]})"));
  CHECK_FALSE(valid(head + R"("when": {"some": {"fact": "a"}}}]})"));
  CHECK_FALSE(valid(head + R"("when": {"some": {"fact": "a", "item": "b", "where": {"eq": [1, 1]}}}}]})"));
  CHECK_FALSE(valid(head + R"("when": {"eq": [[1], 1]}}]})"));
  CHECK_FALSE(valid(head + R"("for_each": "a"}]})"));
  CHECK_FALSE(valid(head + R"("subject": "s"}]})"));  // neither when nor for_each
  CHECK_FALSE(valid(R"({"rules": [{"id": "R", "severity": "fatal", "title": "t", "section": "BPA:System",
      "message": "m", "remediation": ["r"], "when": {"eq": [1, 1]}}]})"));
  CHECK_FALSE(valid(R"({"rules": [{"id": "R", "severity": "info", "title": "t", "section": "BKMK_X",
      "message": "m", "remediation": ["r"], "when": {"eq": [1, 1]}}]})"));
}

// The built-in rules on the directory's facts (tests/unit/facts/directory_doc.hpp): what a partner reads when
// api.directory is missing, and one finding per store and cause for the Information Store's size events.
#include <map>
#include <string>
#include <vector>

#include "../facts/directory_doc.hpp"
#include "rules/rules.hpp"

using namespace migready;
using namespace migready::test::directory_doc;

TEST_CASE("rules on a 1.0 bundle without api.directory: not checked, never quiet", "[rules][directory]") {
  test::BundleBuilder b;
  add_software(b, kSoftware);
  add_system(b, kSystem);
  b.manifest()["format_version"] = "1.0";
  auto f = build(b);
  auto set = rules::RuleSet::builtin();
  REQUIRE(set);
  const auto findings = set->evaluate(f);
  for (const char* id : {"DIRECTORY_DOMAIN_LEVEL_BELOW_2003", "EXCHANGE_STORE_NEAR_SIZE_LIMIT",
                         "EXCHANGE_STORE_AT_SIZE_LIMIT", "EXCHANGE_CIRCULAR_LOGGING_ON",
                         "EXCHANGE_MIXED_MODE", "DIRECTORY_MYBUSINESS_OU_MISSING"}) {
    INFO(id);
    bool not_checked = false;
    for (const auto& finding : findings) not_checked = not_checked || (finding.rule_id == id && finding.category == "collection");
    CHECK(not_checked);
  }
}

TEST_CASE("rules on the Information Store's size events: one finding per store and cause", "[rules][directory]") {
  auto f = build(size_events_bundle());
  auto set = rules::RuleSet::builtin();
  REQUIRE(set);
  std::map<std::string, std::vector<std::string>> by_rule;
  for (const auto& finding : set->evaluate(f)) {
    if (finding.rule_id.rfind("EXCHANGE_", 0) == 0 && finding.category != "collection") {
      by_rule[finding.rule_id].push_back(finding.subject);
    }
  }
  CHECK(by_rule["EXCHANGE_STORE_AT_SIZE_LIMIT"] == std::vector<std::string>{"Mailbox Store (SBS01)", "Mailbox Store (OTHER)"});
  CHECK(by_rule["EXCHANGE_STORE_NEAR_SIZE_LIMIT"] == std::vector<std::string>{"Public Folder Store (SBS01)"});
  CHECK(by_rule["EXCHANGE_STORE_OVER_12_GB_STANDARD"].empty());
  CHECK(by_rule["EXCHANGE_CIRCULAR_LOGGING_ON"] == std::vector<std::string>{"SBS01: First Storage Group"});
}

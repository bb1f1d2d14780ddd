// A bundle whose UI language no parser reads: one finding says so, and the checks that need those outputs are
// not checked, filed under it (facts/language.hpp, rules/collection.json, report's merge_not_checked).
#include <catch2/catch.hpp>

#include <algorithm>
#include <string>

#include "bundle/bundle.hpp"
#include "facts/facts.hpp"
#include "report/report.hpp"
#include "rules/rules.hpp"
#include "support/bundle_builder.hpp"

using namespace migready;

namespace {

report::Report report_of(const test::BundleBuilder& builder, std::uint16_t ui_language) {
  Diagnostics diags;
  auto b = bundle::open_bundle_memory(builder.zip(), "t.zip", {}, diags);
  REQUIRE(b);
  contract::LocaleInfo locale;
  locale.user_ui_language = locale.system_ui_language = ui_language;
  b->manifest.locale = locale;
  const facts::Facts f = facts::build_facts(*b, diags);
  auto rules = rules::RuleSet::builtin();
  REQUIRE(rules);
  return report::make_report(*b, f, rules->evaluate(f), diags);
}

}  // namespace

TEST_CASE("report: a bundle in an unsupported language says so once", "[report][language]") {
  test::BundleBuilder b;
  b.add_artifact("command.ipconfig_all", "commands/ipconfig_all.txt", "command", "text",
                 test::read_file(MIGREADY_FIXTURES_DIR "/ipconfig/ru-win10-unsupported.txt"))
      .AddMember("encoding", "utf-8", b.manifest().GetAllocator());
  const report::Report r = report_of(b, 0x0419);
  const auto count = std::count_if(r.findings.begin(), r.findings.end(), [](const rules::Finding& f) {
    return f.rule_id == "COLLECTION_TEXT_LANGUAGE_UNSUPPORTED";
  });
  CHECK(count == 1);
  const auto it = std::find_if(r.findings.begin(), r.findings.end(), [](const rules::Finding& f) {
    return f.rule_id == "COLLECTION_TEXT_LANGUAGE_UNSUPPORTED";
  });
  REQUIRE(it != r.findings.end());
  CHECK_THAT(it->message, Catch::Contains("Russian (LANGID 0x0419)") && Catch::Contains("command.ipconfig_all"));
  bool filed = false;
  for (const auto& f : r.findings) {
    INFO(f.rule_id << ": " << f.message);
    // No network rule was decided from the unread output: each is not checked, and they are filed under the
    // language finding.
    if (f.rule_id.rfind("NETWORK_", 0) == 0) CHECK(f.not_checked);
    if (f.rule_id == "COLLECTION_RULES_NOT_CHECKED" && f.subject.find("command.ipconfig_all") != std::string::npos) {
      CHECK_THAT(f.remediation[0], Catch::Contains("COLLECTION_TEXT_LANGUAGE_UNSUPPORTED"));
      filed = true;
    }
  }
  CHECK(filed);
}

TEST_CASE("report: a supported language raises no language finding", "[report][language]") {
  test::BundleBuilder b;
  b.add_artifact("command.ipconfig_all", "commands/ipconfig_all.txt", "command", "text",
                 test::read_file(MIGREADY_FIXTURES_DIR "/ipconfig/de-xp-pppoe.txt"))
      .AddMember("encoding", "utf-8", b.manifest().GetAllocator());
  const report::Report r = report_of(b, 0x0407);
  for (const auto& f : r.findings) CHECK(f.rule_id != "COLLECTION_TEXT_LANGUAGE_UNSUPPORTED");
}

// libFuzzer target: a waivers file (report/waivers.hpp) on arbitrary bytes. A file that loads is applied to a
// small report whose findings its rule ids can match, and the report is rendered in the three formats, so the
// matcher (RE2 subjects), the Accepted section and the expiry notes run on what the loader let through.
// A refusal must name the file, with ":LINE:COLUMN" unless it is about the whole file.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "report/report.hpp"
#include "report/waivers.hpp"

using namespace migready;

namespace {

rules::Finding finding(const char* id, rules::Severity severity, const char* subject) {
  rules::Finding f;
  f.rule_id = id;
  f.severity = severity;
  f.rule_severity = severity;
  f.category = "rule";
  f.section = "BKMK_MigrationPrep";
  f.title = std::string("title of ") + id;
  f.subject = subject;
  f.message = "m";
  f.cause = "c";
  return f;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto known = [](std::string_view id) {
    return id == "EMAIL_EXCHANGE_HOSTS_MAIL" || id == "HEALTH_NETDIAG_TEST_FAILED" || id == "A" || id == "B";
  };
  auto set = report::parse_waivers(text, "w.json", known);
  if (!set) {
    const std::string& where = set.error().where;
    if (where.rfind("w.json", 0) != 0) std::abort();
    return 0;
  }
  report::Report r;
  r.computer_name = "SBS01";
  r.dns_domain = "contoso.local";
  r.findings = {finding("EMAIL_EXCHANGE_HOSTS_MAIL", rules::Severity::warning, ""),
                finding("HEALTH_NETDIAG_TEST_FAILED", rules::Severity::error, "DNS test"),
                finding("A", rules::Severity::info, "C:\\")};
  r.errors = r.warnings = r.infos = 1;
  report::apply_waivers(r, *set, "2026-12-07");
  if (r.findings.size() + r.accepted.size() != 3 || r.waivers.size() != set->waivers.size()) std::abort();
  (void)report::render_text(r, true);
  (void)report::render_json(r);
  (void)report::render_html(r);
  return 0;
}

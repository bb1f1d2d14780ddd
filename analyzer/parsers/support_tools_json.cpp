#include "parsers/support_tools_json.hpp"

#include "parsers/dcdiag.hpp"
#include "parsers/json_out.hpp"
#include "parsers/netdiag.hpp"
#include "parsers/repadmin_replsummary.hpp"
#include "parsers/repadmin_showrepl.hpp"

namespace migready::parsers {

Result<std::string> dcdiag_json(std::string_view text, const std::string& where, Diagnostics& diags,
                                std::optional<Language> expected) {
  auto parsed = parse_dcdiag(text, where, diags, expected);
  if (!parsed) return std::move(parsed).error();
  JsonOut j;
  j.begin_object();
  j.field("language", std::string(language_name(parsed->language)));
  j.field("local_dc", parsed->local_dc).field("dcs_found", parsed->dcs_found).field("dcs_tested", parsed->dcs_tested);
  j.field("setup_messages", parsed->setup_messages).field("unresponsive_servers", parsed->unresponsive_servers);
  j.key("totals").begin_object();
  j.field("passed", parsed->passed).field("failed", parsed->failed).field("unfinished", parsed->unfinished);
  j.end_object();
  j.key("tests").begin_array();
  for (const auto& t : parsed->tests) {
    j.begin_object();
    j.field("scope", dcdiag_scope_name(t.scope)).field("site", t.site).field("subject", t.subject);
    j.field("name", t.name).field("passed", t.passed).field("messages", t.messages).field("line", t.line);
    j.end_object();
  }
  j.end_array();
  j.key("role_holders").begin_array();
  for (const auto& r : parsed->role_holders) {
    j.begin_object();
    j.field("server", r.server).field("role", r.role).field("owner_dn", r.owner_dn).field("line", r.line);
    j.end_object();
  }
  j.end_array();
  j.end_object();
  return j.str();
}

Result<std::string> netdiag_json(std::string_view text, const std::string& where, Diagnostics& diags,
                                 std::optional<Language> expected) {
  auto parsed = parse_netdiag(text, where, diags, expected);
  if (!parsed) return std::move(parsed).error();
  JsonOut j;
  j.begin_object();
  j.field("language", std::string(language_name(parsed->language)));
  j.field("computer_name", parsed->computer_name).field("dns_host_name", parsed->dns_host_name);
  j.field("system_info", parsed->system_info).field("processor", parsed->processor);
  j.field("hotfixes", parsed->hotfixes);
  j.key("adapters").begin_array();
  for (const auto& a : parsed->adapters) {
    j.begin_object();
    j.field("name", a.name).field("host_name", a.host_name).field("ip_addresses", a.ip_addresses);
    j.field("subnet_masks", a.subnet_masks).field("default_gateways", a.default_gateways);
    j.field("dns_servers", a.dns_servers).field("wins_servers", a.wins_servers).field("line", a.line);
    j.end_object();
  }
  j.end_array();
  j.key("tests").begin_array();
  for (const auto& t : parsed->tests) {
    j.begin_object();
    j.field("name", t.name).field("adapter", t.adapter).field("result", netdiag_result_name(t.result));
    j.field("result_text", t.result_text).field("warnings", t.warnings).field("fatals", t.fatals);
    j.field("line", t.line);
    j.end_object();
  }
  j.end_array();
  j.field("warnings", parsed->warnings).field("fatals", parsed->fatals).field("completed", parsed->completed);
  j.end_object();
  return j.str();
}

Result<std::string> repadmin_showrepl_json(std::string_view text, const std::string& where, Diagnostics& diags,
                                           std::optional<Language> expected) {
  auto parsed = parse_repadmin_showrepl(text, where, diags, expected);
  if (!parsed) return std::move(parsed).error();
  JsonOut j;
  j.begin_object();
  j.field("language", std::string(language_name(parsed->language)));
  j.field("site", parsed->site).field("dc", parsed->dc).field("dc_options", parsed->dc_options);
  j.field("site_options", parsed->site_options).field("dc_object_guid", parsed->dc_object_guid);
  j.field("dc_invocation_id", parsed->dc_invocation_id);
  j.key("neighbors").begin_array();
  for (const auto& n : parsed->neighbors) {
    j.begin_object();
    j.field("direction", n.direction).field("naming_context", n.naming_context);
    j.field("source_site", n.source_site).field("source_dc", n.source_dc).field("source_deleted", n.source_deleted);
    j.field("transport", n.transport).field("object_guid", n.object_guid);
    j.field("last_attempt", n.last_attempt).field("last_attempt_iso", n.last_attempt_iso);
    j.field("succeeded", n.succeeded).field("result_code", n.result_code).field("result_message", n.result_message);
    j.field("consecutive_failures", n.consecutive_failures);
    j.field("last_success", n.last_success).field("last_success_iso", n.last_success_iso).field("line", n.line);
    j.end_object();
  }
  j.end_array();
  j.key("failure_summaries").begin_array();
  for (const auto& s : parsed->failure_summaries) {
    j.begin_object();
    j.field("source", s.source).field("consecutive_failures", s.consecutive_failures);
    j.field("since", s.since).field("since_iso", s.since_iso);
    j.field("last_error_code", s.last_error_code).field("last_error_message", s.last_error_message);
    j.field("line", s.line);
    j.end_object();
  }
  j.end_array();
  j.field("errors", parsed->errors);
  j.end_object();
  return j.str();
}

namespace {
void replsummary_rows(JsonOut& j, const std::vector<ReplsummaryRow>& rows) {
  j.begin_array();
  for (const auto& r : rows) {
    j.begin_object();
    j.field("dc", r.dc).field("largest_delta", r.largest_delta);
    j.field("largest_delta_seconds", r.largest_delta_seconds).field("largest_delta_at_least", r.largest_delta_at_least);
    j.field("fails", r.fails).field("total", r.total).field("percent", r.percent);
    j.field("error_code", r.error_code).field("error_message", r.error_message).field("line", r.line);
    j.end_object();
  }
  j.end_array();
}
}  // namespace

Result<std::string> repadmin_replsummary_json(std::string_view text, const std::string& where, Diagnostics& diags,
                                              std::optional<Language> expected) {
  auto parsed = parse_repadmin_replsummary(text, where, diags, expected);
  if (!parsed) return std::move(parsed).error();
  JsonOut j;
  j.begin_object();
  j.field("language", std::string(language_name(parsed->language)));
  j.field("start_time", parsed->start_time).field("start_time_iso", parsed->start_time_iso);
  j.key("source");
  replsummary_rows(j, parsed->source);
  j.key("destination");
  replsummary_rows(j, parsed->destination);
  j.key("operational_errors").begin_array();
  for (const auto& e : parsed->operational_errors) {
    j.begin_object().field("code", e.code).field("dc", e.dc).field("line", e.line).end_object();
  }
  j.end_array();
  j.end_object();
  return j.str();
}

}  // namespace migready::parsers

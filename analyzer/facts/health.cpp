// The health tools: dcdiag, netdiag and repadmin's outputs (Support Tools, docs/bundle-format.md
// commands/*.txt), whether each ran, their failed tests and replication partners, the FSMO role holders dcdiag
// names, and which Support Tools are missing. The replication partners come first from the collector's
// api.replication (DsReplicaGetInfoW, no localized text), repadmin /showrepl's text then being evidence and
// the fallback (1.0 and 1.1 bundles, a failed document).
#include <re2/re2.h>

#include <algorithm>
#include <limits>
#include <unordered_map>
#include <unordered_set>

#include "core/json.hpp"
#include "contract/civil_time.hpp"
#include "contract/ldap_dn.hpp"
#include "facts/sources.hpp"
#include "parsers/command_failure.hpp"
#include "parsers/dcdiag.hpp"
#include "parsers/netdiag.hpp"
#include "parsers/repadmin_showrepl.hpp"

namespace migready::facts::detail {
namespace {

// The Windows Server 2003 Support Tools print English whatever the UI language (docs/parsers.md,
// "Languages"), so their outputs are read with no expected language: the header decides, and a localized
// header is refused as unsupported by the parser.
template <typename T>
auto header_decides(Result<T> (*parse)(std::string_view, const std::string&, Diagnostics&,
                                       std::optional<parsers::Language>)) {
  return [parse](std::string_view text, const std::string& where, Diagnostics& d) {
    return parse(text, where, d, std::nullopt);
  };
}

// `<tool>.ran`: the tool's output was parsed. False when the collector tried and got none (not installed,
// failed, a "not recognized" message); unknown (collection_failed) when the bundle has no such artifact.
void ran_fact(Facts& f, std::string_view path, const Bundle& b, const std::string& id, bool parsed) {
  if (b.artifact(id) == nullptr) {
    return f.set_unavailable(path, FactStatus::collection_failed, id, unavailable_reason(b, nullptr));
  }
  f.set(path, parsed, id);
}

// The server named by an NTDS Settings DN: the CN after "CN=NTDS Settings[\0ADEL:guid],", a deleted server's
// mangling ("NAME\0ADEL:<guid>") cut. Empty when the DN does not parse, is not an NTDS Settings object, or its
// parent is no server (a deleted object moved to Deleted Objects).
std::string ntds_settings_server(std::string_view dn) {
  auto server = contract::ldap::ntds_server_name(dn);
  if (!server) return {};
  if (auto mangled = server->find('\n'); mangled != std::string::npos) server->resize(mangled);
  if (equals_ci(*server, "Deleted Objects")) return {};
  return std::move(*server);
}

// ad.fsmo: the role holders the local DC's KnowsOfRoleHolders printed (else the first server's that did).
void fsmo_fact(Facts& f, const parsers::Dcdiag& d, const std::string& id) {
  static constexpr struct {
    std::string_view dcdiag;  // dcdiag's word in "Role <word> Owner"
    const char* key;
  } kRoles[] = {{"Schema", "schema"},
                {"Domain", "domain_naming"},
                {"PDC", "pdc"},
                {"Rid", "rid"},
                {"Infrastructure Update", "infrastructure"}};
  if (d.role_holders.empty()) {
    return f.set_unavailable("ad.fsmo", FactStatus::missing, id,
                             "no \"Role ... Owner =\" lines: dcdiag's KnowsOfRoleHolders did not run or not with /v");
  }
  std::string viewer = d.role_holders.front().server;
  for (const auto& r : d.role_holders) {
    if (!d.local_dc.empty() && equals_ci(r.server, d.local_dc)) {
      viewer = r.server;
      break;
    }
  }
  auto& alloc = f.allocator();
  json::Value v(rapidjson::kObjectType);
  for (const auto& role : kRoles) {
    const parsers::DcdiagRoleHolder* found = nullptr;
    for (const auto& r : d.role_holders) {
      if (r.server == viewer && equals_ci(r.role, role.dcdiag)) found = &r;  // the last line wins
    }
    if (found == nullptr) {
      v.AddMember(rapidjson::StringRef(role.key), json::Value(), alloc);
      continue;
    }
    const std::string server = ntds_settings_server(found->owner_dn);
    json::Value o(rapidjson::kObjectType);
    o.AddMember("server", server.empty() ? json::Value() : json_string(server, alloc), alloc);
    o.AddMember("deleted", found->owner_dn.find("\\0ADEL:") != std::string::npos, alloc);
    o.AddMember("dn", json_string(found->owner_dn, alloc), alloc);
    o.AddMember("line", found->line, alloc);
    v.AddMember(rapidjson::StringRef(role.key), o, alloc);
  }
  v.AddMember("reported_by", json_string(viewer, alloc), alloc);
  f.set("ad.fsmo", std::move(v), id);
}

// The Services test's stopped services: its message lines open with the service's name and name the server
// in brackets ("IsmServ Service is stopped on [SBS01]"); neither is translated, the rest of the line may be.
// Lower case: service names compare case-insensitively (services.stopped_automatic_lower).
std::vector<std::string> dcdiag_services(const parsers::DcdiagTest& t) {
  static const RE2 kService(R"(^([A-Za-z][A-Za-z0-9_$]{1,63})\b)");
  std::vector<std::string> out;
  if (!equals_ci(t.name, "Services")) return out;
  std::unordered_set<std::string> seen;  // a test's messages are not capped before this (issue 19)
  for (const auto& m : t.messages) {
    std::string name;
    if (m.find("[" + t.subject + "]") != std::string::npos && RE2::PartialMatch(m, kService, &name) &&
        seen.insert(ascii_lower(name)).second) {
      out.push_back(ascii_lower(name));
    }
  }
  return out;
}

// repadmin.partners: one entry per replication partner (direction and source DC), whatever the naming
// contexts: a dead DC is one thing to fix, not five.
void repadmin_partner_facts(Facts& f, const Bundle& b, const std::vector<parsers::ReplNeighbor>& neighbors,
                            const std::string& id) {
  struct Partner {
    std::string direction, source, source_dc, transport;
    std::vector<std::string> contexts;
    bool failing = false;
    const parsers::ReplNeighbor* worst = nullptr;   // the failing context with the most consecutive failures
    const parsers::ReplNeighbor* oldest = nullptr;  // the context with the oldest known last success
    int line = 0;
  };
  // A context's last success: its "Last success @" time, or, when its last attempt succeeded (repadmin then
  // prints no "Last success" line), that attempt's. Null when neither reads as a time ("(never)").
  auto success_of = [](const parsers::ReplNeighbor& n) -> const std::optional<std::string>& {
    return n.last_success_iso || n.succeeded != true ? n.last_success_iso : n.last_attempt_iso;
  };
  std::vector<Partner> partners;
  for (const auto& n : neighbors) {
    const std::string source = n.source_site + "\\" + n.source_dc;
    Partner* p = nullptr;
    for (auto& q : partners) {
      if (q.direction == n.direction && equals_ci(q.source, source)) p = &q;
    }
    if (p == nullptr) {
      if (partners.size() >= kMaxReplFailures) continue;
      partners.push_back({n.direction, source, n.source_dc, n.transport, {}, false, nullptr, nullptr, n.line});
      p = &partners.back();
    }
    if (p->contexts.size() < 32) p->contexts.push_back(n.naming_context);
    if (n.succeeded == false || n.consecutive_failures > 0) {
      p->failing = true;
      if (p->worst == nullptr || n.consecutive_failures > p->worst->consecutive_failures) p->worst = &n;
    }
    if (success_of(n) && (p->oldest == nullptr || *success_of(n) < *success_of(*p->oldest))) p->oldest = &n;
  }
  auto& alloc = f.allocator();
  json::Value list(rapidjson::kArrayType);
  for (const auto& p : partners) {
    json::Value o(rapidjson::kObjectType);
    o.AddMember("name", json_string(p.source, alloc), alloc);
    o.AddMember("source_dc", json_string(p.source_dc, alloc), alloc);
    o.AddMember("direction", json_string(p.direction, alloc), alloc);
    o.AddMember("transport", json_string(p.transport, alloc), alloc);
    o.AddMember("naming_contexts", json_strings(p.contexts, alloc), alloc);
    o.AddMember("failing", p.failing, alloc);
    const parsers::ReplNeighbor* w = p.worst;
    o.AddMember("result_code", w && w->result_code ? json::Value(*w->result_code) : json::Value(), alloc);
    o.AddMember("result_message", w ? json_string(w->result_message, alloc) : json::Value(), alloc);
    o.AddMember("consecutive_failures", w ? w->consecutive_failures : 0, alloc);
    o.AddMember("last_attempt",
                w ? json_optional(w->last_attempt_iso ? w->last_attempt_iso : std::optional(w->last_attempt), alloc)
                  : json::Value(),
                alloc);
    // The oldest known last success across the contexts: the age that matters for the tombstone lifetime.
    // Contexts that never replicated have none; a partner none of whose contexts did has no age.
    const std::optional<std::string> last = p.oldest ? success_of(*p.oldest) : std::nullopt;
    std::string text;
    if (p.oldest != nullptr)
      text = p.oldest->last_success_iso ? p.oldest->last_success : p.oldest->last_attempt;
    else if (w != nullptr)
      text = w->last_success;
    o.AddMember("last_success", json_optional(last, alloc), alloc);
    o.AddMember("last_success_text", json_string(text, alloc), alloc);
    const auto days = days_before_collection(last, b);
    o.AddMember("days_since_success", days ? json::Value(*days) : json::Value(), alloc);
    o.AddMember("line", p.line, alloc);
    list.PushBack(o, alloc);
  }
  f.set("repadmin.partners", std::move(list), id);
}

constexpr std::string_view kReplicationId = "api.replication";
constexpr std::string_view kReplicationSchema = "migready-api-replication/1";

// A UTC time of the document as the server's wall clock, as repadmin prints it: converted with the bias
// recorded at collection (local = UTC - bias), the inverse of days_before_collection. Both forms: ISO
// ("2026-08-14T21:32:10") and repadmin's text ("2026-08-14 21:32:10"); "(never)" for null.
struct LocalTime {
  std::optional<std::string> iso;
  std::string text = "(never)";
};
LocalTime server_time(const json::Value& utc, const Bundle& b) {
  LocalTime out;
  if (!utc.IsString()) return out;
  const auto seconds = parse_iso_utc(std::string_view(utc.GetString(), utc.GetStringLength()));
  if (!seconds) return out;
  out.iso =
      contract::format_iso(*seconds - std::int64_t{b.manifest.collection.time_zone.bias_minutes} * 60, true, false);
  out.text = *out.iso;
  out.text[10] = ' ';
  return out;
}

// One DS_REPL_NEIGHBORW of api.replication as the neighbor repadmin /showrepl prints for it (inbound: the
// API's neighbors are repsFrom): the source's site and server from its NTDS Settings DN, a deleted one as
// "<DC object GUID> (deleted DSA)", the transport's RDN (RPC without one), times as server-local text.
parsers::ReplNeighbor api_neighbor(const json::Value& n, const Bundle& b) {
  parsers::ReplNeighbor out;
  out.direction = "inbound";
  out.naming_context = member_string(n, "naming_context").value_or("");
  out.object_guid = member_string(n, "source_dsa_guid").value_or("");
  const std::string dn = member_string(n, "source_dsa_dn").value_or("");
  auto server = contract::ldap::ntds_server_name(dn);
  out.source_deleted = dn.find("\\0ADEL:") != std::string::npos || (server && server->find('\n') != std::string::npos);
  out.source_site = contract::ldap::ntds_site_name(dn).value_or("");
  if (out.source_deleted || !server)
    out.source_dc = out.object_guid + (out.source_deleted ? " (deleted DSA)" : "");
  else
    out.source_dc = *server;
  const auto transport = member_string(n, "transport_dn");
  out.transport = transport ? contract::ldap::rdn_value(*transport).value_or(*transport) : "RPC";
  const LocalTime attempt = server_time(n["last_attempt_utc"], b);
  const LocalTime success = server_time(n["last_success_utc"], b);
  out.last_attempt = attempt.text;
  out.last_attempt_iso = attempt.iso;
  out.last_success = success.text;
  out.last_success_iso = success.iso;
  const std::uint64_t result = member_uint(n, "last_result").value_or(0);
  out.succeeded = result == 0;
  if (result != 0) out.result_code = static_cast<std::int64_t>(result);
  out.result_message = member_string(n, "last_result_message").value_or("");
  out.consecutive_failures = static_cast<int>(
      std::min<std::uint64_t>(member_uint(n, "consecutive_failures").value_or(0), std::numeric_limits<int>::max()));
  return out;
}

// The neighbors api.replication holds: none on a server that is no domain controller, the list when it was
// read (also truncated). Null when the document is absent, unusable or its neighbors were not read; `reason`
// then says why (empty when the bundle simply has no such artifact: 1.0 and 1.1 bundles).
std::optional<std::vector<parsers::ReplNeighbor>> api_neighbors(const ApiDoc& read, const Bundle& b,
                                                                std::string& reason) {
  if (!read.doc) {
    if (b.artifact(kReplicationId) != nullptr) reason = std::string(kReplicationId) + ": " + read.reason;
    return std::nullopt;
  }
  const json::Document& d = *read.doc;  // its JSON Schema holds: members present and typed
  std::vector<parsers::ReplNeighbor> out;
  if (member_string(d, "status") == std::optional<std::string>("not_a_domain_controller")) return out;
  const json::Value& part = d["neighbors"];
  const auto status = member_string(part, "status").value_or("");
  if (status != "ok" && status != "truncated") {
    reason = std::string(kReplicationId) + ": " + member_string(d, "error").value_or("neighbors " + status);
    return std::nullopt;
  }
  for (const auto& n : part["items"].GetArray()) out.push_back(api_neighbor(n, b));
  return out;
}

// replication.kcc_failures: the servers the KCC could not connect to or whose replication links fail
// (DS_REPL_KCC_DSA_FAILUREW), each marked `partner` when it is also a source of the neighbors (its failing
// replication is then repadmin.partners' finding already).
void kcc_failure_facts(Facts& f, const ApiDoc& read, const Bundle& b,
                       const std::optional<std::vector<parsers::ReplNeighbor>>& neighbors) {
  constexpr const char* kPath = "replication.kcc_failures";
  if (!read.doc) {
    std::string reason = read.reason;
    if (b.artifact(kReplicationId) == nullptr) reason += " (api.replication is new in bundle format 1.2)";
    return f.set_unavailable(kPath, read.status, kReplicationId, reason);
  }
  const json::Document& d = *read.doc;
  auto& alloc = f.allocator();
  json::Value list(rapidjson::kArrayType);
  const bool not_dc = member_string(d, "status") == std::optional<std::string>("not_a_domain_controller");
  for (const auto& [key, kind] :
       {std::pair{"kcc_connect_failures", "connect"}, std::pair{"kcc_link_failures", "link"}}) {
    const json::Value& part = d[key];
    const auto status = member_string(part, "status").value_or("");
    if (not_dc) continue;
    if (status != "ok" && status != "truncated") {
      return f.set_unavailable(kPath, FactStatus::collection_failed, kReplicationId,
                               std::string(key) + ": " + member_string(part, "error").value_or(status));
    }
    for (const auto& item : part["items"].GetArray()) {
      if (list.Size() >= kMaxReplFailures) break;
      const std::string dn = member_string(item, "dsa_dn").value_or("");
      std::string server = contract::ldap::ntds_server_name(dn).value_or("");
      if (auto cut = server.find('\n'); cut != std::string::npos) server.resize(cut);
      bool partner = false;
      for (const auto& n : neighbors.value_or(std::vector<parsers::ReplNeighbor>{})) {
        partner = partner || (!server.empty() && equals_ci(n.source_dc, server)) ||
                  equals_ci(n.object_guid, member_string(item, "dsa_guid").value_or("-"));
      }
      json::Value o(rapidjson::kObjectType);
      o.AddMember("kind", rapidjson::StringRef(kind), alloc);
      o.AddMember("name", json_string(server.empty() ? member_string(item, "dsa_guid").value_or("") : server, alloc),
                  alloc);
      o.AddMember("site", json_optional(contract::ldap::ntds_site_name(dn), alloc), alloc);
      o.AddMember("dsa_dn", json_string(dn, alloc), alloc);
      o.AddMember("first_failure_utc", json_optional(member_string(item, "first_failure_utc"), alloc), alloc);
      o.AddMember("failure_count", member_uint(item, "failure_count").value_or(0), alloc);
      o.AddMember("result_code", member_uint(item, "last_result").value_or(0), alloc);
      o.AddMember("result_message", json_string(member_string(item, "last_result_message").value_or(""), alloc), alloc);
      o.AddMember("partner", partner, alloc);
      list.PushBack(o, alloc);
    }
  }
  f.set(kPath, std::move(list), kReplicationId);
}

// Points each API neighbor at the line of repadmin's entry for the same naming context and source (its site
// and server, or its DC object GUID): the evidence a person can open. Unmatched ones keep line 0.
void repadmin_lines(std::vector<parsers::ReplNeighbor>& neighbors, const parsers::RepadminShowrepl& text) {
  for (auto& n : neighbors) {
    for (const auto& t : text.neighbors) {
      if (t.direction == n.direction && equals_ci(t.naming_context, n.naming_context) &&
          ((equals_ci(t.source_site, n.source_site) && equals_ci(t.source_dc, n.source_dc)) ||
           (!n.object_guid.empty() && equals_ci(t.object_guid, n.object_guid)))) {
        n.line = t.line;
        break;
      }
    }
  }
}

}  // namespace

void dcdiag_facts(Facts& f, const Bundle& b, Diagnostics& diags) {
  const std::string id = "command.dcdiag";
  const std::string& computer = b.manifest.host.computer_name;
  auto parsed = parse_artifact<parsers::Dcdiag>(f, b, id, {"dcdiag.failed_tests", "ad.fsmo"},
                                                header_decides(parsers::parse_dcdiag), diags);
  ran_fact(f, "dcdiag.ran", b, id, parsed.has_value());
  if (!parsed) return;
  auto& alloc = f.allocator();
  json::Value list(rapidjson::kArrayType);
  for (const auto& t : parsed->tests) {
    if (t.passed != false || list.Size() >= kMaxTests) continue;
    json::Value o(rapidjson::kObjectType);
    o.AddMember("name", json_string(t.name, alloc), alloc);
    o.AddMember("subject", json_string(t.subject, alloc), alloc);
    o.AddMember("scope", rapidjson::StringRef(parsers::dcdiag_scope_name(t.scope)), alloc);
    // The test ran against this server (not another DC, a partition or the enterprise).
    o.AddMember("this_server", t.scope == parsers::DcdiagScope::server && equals_ci(t.subject, computer), alloc);
    o.AddMember("messages", json_strings(t.messages, alloc, kMaxMessages), alloc);
    o.AddMember("services", json_strings(dcdiag_services(t), alloc), alloc);
    o.AddMember("line", t.line, alloc);
    list.PushBack(o, alloc);
  }
  f.set("dcdiag.failed_tests", std::move(list), id);
  fsmo_fact(f, *parsed, id);
}

void netdiag_facts(Facts& f, const Bundle& b, Diagnostics& diags) {
  const std::string id = "command.netdiag";
  auto parsed = parse_artifact<parsers::Netdiag>(f, b, id, {"netdiag.failed_tests"},
                                                 header_decides(parsers::parse_netdiag), diags);
  ran_fact(f, "netdiag.ran", b, id, parsed.has_value());
  if (!parsed) return;
  auto& alloc = f.allocator();
  // netdiag reports some tests twice: per adapter and again under "Global results" (the Default gateway
  // test: "[FATAL] NO GATEWAYS ARE REACHABLE." under the adapter, then the same line globally). One cause, one
  // entry: a failed global test whose name a failed adapter test already has adds its messages to that entry.
  // Maps, not std::find: the parsed tests and their messages are not capped before this (issue 19).
  std::vector<parsers::NetdiagTest> failed;
  std::unordered_map<std::string, std::size_t> adapter_test;  // name -> the first failed adapter test's index
  for (const auto& t : parsed->tests) {
    if (t.result != parsers::NetdiagResult::failed) continue;
    auto same = t.adapter.empty() ? adapter_test.find(t.name) : adapter_test.end();
    if (same == adapter_test.end()) {
      if (!t.adapter.empty()) adapter_test.emplace(t.name, failed.size());
      failed.push_back(t);
      continue;
    }
    auto merge = [](std::vector<std::string>& into, const std::vector<std::string>& from) {
      std::unordered_set<std::string_view> have(into.begin(), into.end());
      std::vector<std::string> added;
      for (const auto& m : from) {
        if (have.insert(m).second) added.push_back(m);
      }
      into.insert(into.end(), std::make_move_iterator(added.begin()), std::make_move_iterator(added.end()));
    };
    merge(failed[same->second].warnings, t.warnings);
    merge(failed[same->second].fatals, t.fatals);
  }
  json::Value list(rapidjson::kArrayType);
  for (const auto& t : failed) {
    if (list.Size() >= kMaxTests) break;
    json::Value o(rapidjson::kObjectType);
    o.AddMember("name", json_string(t.name, alloc), alloc);
    o.AddMember("adapter", json_string(t.adapter, alloc), alloc);
    o.AddMember("warnings", json_strings(t.warnings, alloc, kMaxMessages), alloc);
    o.AddMember("fatals", json_strings(t.fatals, alloc, kMaxMessages), alloc);
    o.AddMember("line", t.line, alloc);
    list.PushBack(o, alloc);
  }
  f.set("netdiag.failed_tests", std::move(list), id);
}

void repadmin_facts(Facts& f, const Bundle& b, Diagnostics& diags) {
  const std::string id = "command.repadmin_showrepl";
  std::string api_reason;
  const ApiDoc read = read_api_doc(b, kReplicationId, kReplicationSchema, diags);
  auto from_api = api_neighbors(read, b, api_reason);
  kcc_failure_facts(f, read, b, from_api);
  // The text's facts are marked unavailable only when they are the fallback; as evidence it may be absent.
  std::string text_reason;
  auto parsed = from_api ? parse_artifact<parsers::RepadminShowrepl>(
                               f, b, id, {}, header_decides(parsers::parse_repadmin_showrepl), diags)
                         : parse_artifact<parsers::RepadminShowrepl>(
                               f, b, id, {"repadmin.failures", "repadmin.partners"},
                               header_decides(parsers::parse_repadmin_showrepl), diags, &text_reason);
  ran_fact(f, "repadmin.ran", b, id, parsed.has_value());
  std::string source = id;
  if (from_api) {
    source = std::string(kReplicationId) + (parsed ? ", " + id : "");
    if (parsed) repadmin_lines(*from_api, *parsed);
  } else if (!parsed) {
    if (!api_reason.empty()) {
      for (auto path : {"repadmin.failures", "repadmin.partners"}) {
        f.set_unavailable(path, FactStatus::collection_failed, std::string(kReplicationId) + ", " + id,
                          api_reason + "; " + id + ": " + text_reason);
      }
    }
    return;
  }
  const std::vector<parsers::ReplNeighbor>& neighbors = from_api ? *from_api : parsed->neighbors;
  auto& alloc = f.allocator();
  json::Value list(rapidjson::kArrayType);
  for (const auto& n : neighbors) {
    if (!(n.succeeded == false || n.consecutive_failures > 0) || list.Size() >= kMaxReplFailures) continue;
    json::Value o(rapidjson::kObjectType);
    o.AddMember("direction", json_string(n.direction, alloc), alloc);
    o.AddMember("naming_context", json_string(n.naming_context, alloc), alloc);
    o.AddMember("source", json_string(n.source_site + "\\" + n.source_dc, alloc), alloc);
    o.AddMember("transport", json_string(n.transport, alloc), alloc);
    o.AddMember("result_code", n.result_code ? json::Value(*n.result_code) : json::Value(), alloc);
    o.AddMember("result_message", json_string(n.result_message, alloc), alloc);
    o.AddMember("consecutive_failures", n.consecutive_failures, alloc);
    o.AddMember("last_attempt",
                json_optional(n.last_attempt_iso ? n.last_attempt_iso : std::optional(n.last_attempt), alloc), alloc);
    o.AddMember("last_success", json_optional(n.last_success_iso, alloc), alloc);
    o.AddMember("last_success_text", json_string(n.last_success, alloc), alloc);
    o.AddMember("line", n.line, alloc);
    list.PushBack(o, alloc);
  }
  f.set("repadmin.failures", std::move(list), source);
  repadmin_partner_facts(f, b, neighbors, source);
}

// Support Tools (netdiag, dcdiag, repadmin) ship on the Windows Server 2003 CD, not installed by default.
void support_tools_facts(Facts& f, const Bundle& b) {
  static constexpr std::string_view kIds[] = {"command.netdiag", "command.dcdiag", "command.repadmin_showrepl",
                                              "command.repadmin_replsummary"};
  auto& alloc = f.allocator();
  json::Value missing(rapidjson::kArrayType);
  std::string source;
  for (auto id : kIds) {
    const ArtifactRecord* art = b.artifact(id);
    if (art == nullptr) continue;  // not attempted: unknown, not missing
    source += (source.empty() ? "" : ", ") + std::string(id);
    bool absent = art->status == contract::Status::missing;
    if (!absent && b.entry_bytes(*art) != nullptr) {
      // cmd.exe's own "not recognized" text: the tool ran through the shell and was not found.
      Diagnostics again;  // the artifact's own facts report its decoding problems
      const std::string text = decode_artifact(b, *art, again);
      absent = parsers::command_failure(text) == std::optional<std::string>("the command was not found");
    }
    if (absent) missing.PushBack(json_string(id, alloc), alloc);
  }
  if (source.empty()) {
    return f.set_unavailable("support_tools.missing", FactStatus::collection_failed, "command.netdiag",
                             "none of the Support Tools commands is in this bundle");
  }
  f.set("support_tools.missing", std::move(missing), source);
}

}  // namespace migready::facts::detail

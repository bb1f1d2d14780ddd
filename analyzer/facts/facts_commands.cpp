// Facts from command outputs (docs/bundle-format.md, commands/*.txt): installed updates, the health tools
// (dcdiag, netdiag, repadmin), w32tm, the DHCP server's scopes, and the virtual machine hint. Each output
// is decoded, parsed once, and its facts set; a parser's failure makes them parse_failed with its error.
#include <re2/re2.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "facts/facts_internal.hpp"
#include "parsers/command_failure.hpp"
#include "parsers/dcdiag.hpp"
#include "parsers/netdiag.hpp"
#include "parsers/netsh_dhcp.hpp"
#include "parsers/repadmin_showrepl.hpp"
#include "parsers/systeminfo.hpp"
#include "parsers/w32tm_monitor.hpp"
#include "parsers/w32tm_tz.hpp"
#include "parsers/wmic_qfe.hpp"

namespace migready::facts::detail {
namespace {

using Alloc = rapidjson::Document::AllocatorType;

// Parses a text artifact with `parse`; on success returns the result, else marks `paths` and returns null.
template <typename T, typename Parse>
std::optional<T> parse_artifact(Facts& f, const Bundle& b, std::string_view id,
                                std::initializer_list<std::string_view> paths, Parse parse, Diagnostics& diags,
                                std::string* failure = nullptr) {
  TextArtifact t = load_text(b, id, diags);
  if (!t.reason.empty()) {
    mark_all(f, paths, FactStatus::collection_failed, id, t.reason);
    if (failure) *failure = t.reason;
    return std::nullopt;
  }
  Result<T> parsed = parse(t.text, t.where, diags);
  if (!parsed) {
    mark_all(f, paths, FactStatus::parse_failed, id, parsed.error().to_string());
    if (failure) *failure = parsed.error().to_string();
    return std::nullopt;
  }
  return std::move(*parsed);
}

void updates_facts(Facts& f, const Bundle& b, const LoadedHive& software,
                   const std::optional<parsers::Systeminfo>& systeminfo, const std::string& systeminfo_failure,
                   Diagnostics& diags) {
  std::map<std::string, std::vector<std::string>> seen;  // id -> sources, sorted by id
  std::vector<std::string> used;
  rapidjson::Value unavailable(rapidjson::kArrayType);
  auto& alloc = f.allocator();
  auto not_read = [&](std::string_view source, FactStatus status, std::string_view reason) {
    rapidjson::Value o(rapidjson::kObjectType);
    o.AddMember("source", json_string(source, alloc), alloc);
    o.AddMember("status", rapidjson::StringRef(fact_status_name(status)), alloc);
    o.AddMember("reason", json_string(reason, alloc), alloc);
    unavailable.PushBack(o, alloc);
  };
  auto add = [&](const std::string& id, const std::string& source) {
    auto& sources = seen[id];
    if (std::find(sources.begin(), sources.end(), source) == sources.end() && sources.size() < 8) {
      sources.push_back(source);
    }
  };

  // wmic qfe: the update's id as `kb` (HotFixID, or ServicePackInEffect for "File 1" rows).
  const std::string qfe_id = "command.wmic_qfe";
  TextArtifact qfe = load_text(b, qfe_id, diags);
  if (!qfe.reason.empty()) {
    not_read(qfe_id, FactStatus::collection_failed, qfe.reason);
  } else if (auto parsed = parsers::parse_wmic_qfe(qfe.text, qfe.where, diags); !parsed) {
    not_read(qfe_id, FactStatus::parse_failed, parsed.error().to_string());
  } else {
    used.push_back(qfe_id);
    for (const auto& u : parsed->updates) {
      if (auto id = normalize_update_id(u.kb); !id.empty()) add(id, qfe_id);
    }
  }
  const std::string si_id = "command.systeminfo";
  if (systeminfo) {
    used.push_back(si_id);
    for (const auto& h : systeminfo->hotfixes) {
      if (auto id = normalize_update_id(h); !id.empty()) add(id, si_id);
    }
  } else {
    const ArtifactRecord* art = b.artifact(si_id);
    not_read(si_id, unavailable_reason(b, art).empty() ? FactStatus::parse_failed : FactStatus::collection_failed,
             systeminfo_failure);
  }
  if (software.hive) {
    used.push_back(software.artifact_id);
    for (const auto& s : registry_updates(software)) add(s.id, s.source);
  } else {
    not_read(software.artifact_id, software.status, software.reason);
  }

  std::string source;
  for (const auto& u : used) source += (source.empty() ? "" : ", ") + u;
  if (used.empty()) {
    // No source could be read: say why, with the first source's status.
    const auto& first = unavailable[0];
    const FactStatus status = std::string_view(first["status"].GetString()) == "parse_failed"
                                  ? FactStatus::parse_failed
                                  : FactStatus::collection_failed;
    std::string reason;
    for (const auto& u : unavailable.GetArray()) {
      reason += (reason.empty() ? "" : "; ") + std::string(u["source"].GetString()) + ": " + u["reason"].GetString();
    }
    mark_all(f, {"updates.installed", "updates.count"}, status, "command.wmic_qfe, command.systeminfo, registry.software",
             reason);
  } else {
    rapidjson::Value list(rapidjson::kArrayType);
    for (const auto& [id, sources] : seen) {
      if (list.Size() >= kMaxUpdates) break;
      rapidjson::Value o(rapidjson::kObjectType);
      o.AddMember("id", json_string(id, alloc), alloc);
      o.AddMember("sources", json_strings(sources, alloc), alloc);
      list.PushBack(o, alloc);
    }
    f.set("updates.installed", std::move(list), source);
    f.set("updates.count", static_cast<std::int64_t>(seen.size()), source);
  }
  // Which sources could not be read: an update absent from the list is only known absent from the others.
  f.set("updates.unavailable_sources", std::move(unavailable), "command.wmic_qfe, command.systeminfo, registry.software");
}

// `<tool>.ran`: the tool's output was parsed. False when the collector tried and got none (not installed,
// failed, a "not recognized" message); unknown (collection_failed) when the bundle has no such artifact.
void ran_fact(Facts& f, std::string_view path, const Bundle& b, const std::string& id, bool parsed) {
  if (b.artifact(id) == nullptr) {
    return f.set_unavailable(path, FactStatus::collection_failed, id, unavailable_reason(b, nullptr));
  }
  f.set(path, parsed, id);
}

// The server named by an NTDS Settings DN: the CN after "CN=NTDS Settings[\0ADEL:guid],". Empty when the
// DN is not an NTDS Settings object or its parent is no server (a deleted object moved to Deleted Objects).
std::string ntds_settings_server(std::string_view dn) {
  // RDNs split at commas not escaped by a backslash (RFC 4514).
  std::vector<std::string_view> rdns;
  std::size_t start = 0;
  for (std::size_t i = 0; i < dn.size(); ++i) {
    if (dn[i] == '\\') { ++i; continue; }
    if (dn[i] == ',') { rdns.push_back(dn.substr(start, i - start)); start = i + 1; }
  }
  rdns.push_back(dn.substr(start));
  constexpr std::string_view kNtds = "CN=NTDS Settings";
  if (rdns.size() < 2 || !starts_with_ci(rdns[0], kNtds)) return {};
  std::string_view server = rdns[1];
  while (!server.empty() && server.front() == ' ') server.remove_prefix(1);
  if (!starts_with_ci(server, "CN=")) return {};
  server.remove_prefix(3);
  // A deleted object's name is mangled "NAME\0ADEL:<guid>" (an escaped line feed).
  if (auto mangled = server.find("\\0A"); mangled != std::string_view::npos) server = server.substr(0, mangled);
  if (equals_ci(server, "Deleted Objects")) return {};
  return std::string(server);
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
  rapidjson::Value v(rapidjson::kObjectType);
  for (const auto& role : kRoles) {
    const parsers::DcdiagRoleHolder* found = nullptr;
    for (const auto& r : d.role_holders) {
      if (r.server == viewer && equals_ci(r.role, role.dcdiag)) found = &r;  // the last line wins
    }
    if (found == nullptr) {
      v.AddMember(rapidjson::StringRef(role.key), rapidjson::Value(), alloc);
      continue;
    }
    const std::string server = ntds_settings_server(found->owner_dn);
    rapidjson::Value o(rapidjson::kObjectType);
    o.AddMember("server", server.empty() ? rapidjson::Value() : json_string(server, alloc), alloc);
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
  for (const auto& m : t.messages) {
    std::string name;
    if (m.find("[" + t.subject + "]") != std::string::npos && RE2::PartialMatch(m, kService, &name) &&
        std::find(out.begin(), out.end(), ascii_lower(name)) == out.end()) {
      out.push_back(ascii_lower(name));
    }
  }
  return out;
}

void dcdiag_facts(Facts& f, const Bundle& b, Diagnostics& diags) {
  const std::string id = "command.dcdiag";
  const std::string& computer = b.manifest.host.computer_name;
  auto parsed = parse_artifact<parsers::Dcdiag>(f, b, id, {"dcdiag.failed_tests", "ad.fsmo"}, parsers::parse_dcdiag,
                                                diags);
  ran_fact(f, "dcdiag.ran", b, id, parsed.has_value());
  if (!parsed) return;
  auto& alloc = f.allocator();
  rapidjson::Value list(rapidjson::kArrayType);
  for (const auto& t : parsed->tests) {
    if (t.passed != false || list.Size() >= kMaxTests) continue;
    rapidjson::Value o(rapidjson::kObjectType);
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
  auto parsed = parse_artifact<parsers::Netdiag>(f, b, id, {"netdiag.failed_tests"}, parsers::parse_netdiag, diags);
  ran_fact(f, "netdiag.ran", b, id, parsed.has_value());
  if (!parsed) return;
  auto& alloc = f.allocator();
  // netdiag reports some tests twice: per adapter and again under "Global results" (the Default gateway
  // test: "[FATAL] NO GATEWAYS ARE REACHABLE." under the adapter, then the same line globally). One cause, one
  // entry: a failed global test whose name a failed adapter test already has adds its messages to that entry.
  std::vector<parsers::NetdiagTest> failed;
  for (const auto& t : parsed->tests) {
    if (t.result != parsers::NetdiagResult::failed) continue;
    auto same = std::find_if(failed.begin(), failed.end(), [&](const parsers::NetdiagTest& e) {
      return !e.adapter.empty() && t.adapter.empty() && e.name == t.name;
    });
    if (same == failed.end()) {
      failed.push_back(t);
      continue;
    }
    auto merge = [](std::vector<std::string>& into, const std::vector<std::string>& from) {
      for (const auto& m : from) {
        if (std::find(into.begin(), into.end(), m) == into.end()) into.push_back(m);
      }
    };
    merge(same->warnings, t.warnings);
    merge(same->fatals, t.fatals);
  }
  rapidjson::Value list(rapidjson::kArrayType);
  for (const auto& t : failed) {
    if (list.Size() >= kMaxTests) break;
    rapidjson::Value o(rapidjson::kObjectType);
    o.AddMember("name", json_string(t.name, alloc), alloc);
    o.AddMember("adapter", json_string(t.adapter, alloc), alloc);
    o.AddMember("warnings", json_strings(t.warnings, alloc, kMaxMessages), alloc);
    o.AddMember("fatals", json_strings(t.fatals, alloc, kMaxMessages), alloc);
    o.AddMember("line", t.line, alloc);
    list.PushBack(o, alloc);
  }
  f.set("netdiag.failed_tests", std::move(list), id);
}

// Whole days from a server-local time ("2026-08-14T21:32:10") to the collection's start: the local time is
// made UTC with the bias recorded at collection (UTC = local + bias), so both ends are UTC. Null when either
// does not parse.
std::optional<std::int64_t> days_before_collection(const std::optional<std::string>& local_iso, const Bundle& b) {
  if (!local_iso) return std::nullopt;
  const auto local = parse_iso_utc(*local_iso + "Z");  // the wall-clock figures, read as if UTC
  const auto started = parse_iso_utc(b.manifest.collection.started_utc);
  if (!local || !started) return std::nullopt;
  const std::int64_t utc = *local + std::int64_t{b.manifest.collection.time_zone.bias_minutes} * 60;
  const std::int64_t seconds = *started - utc;
  return seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
}

// repadmin.partners: one entry per replication partner (direction and source DC), whatever the naming
// contexts: a dead DC is one thing to fix, not five.
void repadmin_partner_facts(Facts& f, const Bundle& b, const parsers::RepadminShowrepl& parsed, const std::string& id) {
  struct Partner {
    std::string direction, source, source_dc, transport;
    std::vector<std::string> contexts;
    bool failing = false;
    const parsers::ReplNeighbor* worst = nullptr;  // the failing context with the most consecutive failures
    const parsers::ReplNeighbor* oldest = nullptr;  // the context with the oldest known last success
    int line = 0;
  };
  // A context's last success: its "Last success @" time, or, when its last attempt succeeded (repadmin then
  // prints no "Last success" line), that attempt's. Null when neither reads as a time ("(never)").
  auto success_of = [](const parsers::ReplNeighbor& n) -> const std::optional<std::string>& {
    return n.last_success_iso || n.succeeded != true ? n.last_success_iso : n.last_attempt_iso;
  };
  std::vector<Partner> partners;
  for (const auto& n : parsed.neighbors) {
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
  rapidjson::Value list(rapidjson::kArrayType);
  for (const auto& p : partners) {
    rapidjson::Value o(rapidjson::kObjectType);
    o.AddMember("name", json_string(p.source, alloc), alloc);
    o.AddMember("source_dc", json_string(p.source_dc, alloc), alloc);
    o.AddMember("direction", json_string(p.direction, alloc), alloc);
    o.AddMember("transport", json_string(p.transport, alloc), alloc);
    o.AddMember("naming_contexts", json_strings(p.contexts, alloc), alloc);
    o.AddMember("failing", p.failing, alloc);
    const parsers::ReplNeighbor* w = p.worst;
    o.AddMember("result_code", w && w->result_code ? rapidjson::Value(*w->result_code) : rapidjson::Value(), alloc);
    o.AddMember("result_message", w ? json_string(w->result_message, alloc) : rapidjson::Value(), alloc);
    o.AddMember("consecutive_failures", w ? w->consecutive_failures : 0, alloc);
    o.AddMember("last_attempt", w ? json_optional(w->last_attempt_iso ? w->last_attempt_iso : std::optional(w->last_attempt), alloc)
                                  : rapidjson::Value(), alloc);
    // The oldest known last success across the contexts: the age that matters for the tombstone lifetime.
    // Contexts that never replicated have none; a partner none of whose contexts did has no age.
    const std::optional<std::string> last = p.oldest ? success_of(*p.oldest) : std::nullopt;
    std::string text;
    if (p.oldest != nullptr) text = p.oldest->last_success_iso ? p.oldest->last_success : p.oldest->last_attempt;
    else if (w != nullptr) text = w->last_success;
    o.AddMember("last_success", json_optional(last, alloc), alloc);
    o.AddMember("last_success_text", json_string(text, alloc), alloc);
    const auto days = days_before_collection(last, b);
    o.AddMember("days_since_success", days ? rapidjson::Value(*days) : rapidjson::Value(), alloc);
    o.AddMember("line", p.line, alloc);
    list.PushBack(o, alloc);
  }
  f.set("repadmin.partners", std::move(list), id);
}

void repadmin_facts(Facts& f, const Bundle& b, Diagnostics& diags) {
  const std::string id = "command.repadmin_showrepl";
  auto parsed = parse_artifact<parsers::RepadminShowrepl>(f, b, id, {"repadmin.failures", "repadmin.partners"},
                                                          parsers::parse_repadmin_showrepl, diags);
  ran_fact(f, "repadmin.ran", b, id, parsed.has_value());
  if (!parsed) return;
  auto& alloc = f.allocator();
  rapidjson::Value list(rapidjson::kArrayType);
  for (const auto& n : parsed->neighbors) {
    if (!(n.succeeded == false || n.consecutive_failures > 0) || list.Size() >= kMaxReplFailures) continue;
    rapidjson::Value o(rapidjson::kObjectType);
    o.AddMember("direction", json_string(n.direction, alloc), alloc);
    o.AddMember("naming_context", json_string(n.naming_context, alloc), alloc);
    o.AddMember("source", json_string(n.source_site + "\\" + n.source_dc, alloc), alloc);
    o.AddMember("transport", json_string(n.transport, alloc), alloc);
    o.AddMember("result_code", n.result_code ? rapidjson::Value(*n.result_code) : rapidjson::Value(), alloc);
    o.AddMember("result_message", json_string(n.result_message, alloc), alloc);
    o.AddMember("consecutive_failures", n.consecutive_failures, alloc);
    o.AddMember("last_attempt", json_optional(n.last_attempt_iso ? n.last_attempt_iso : std::optional(n.last_attempt), alloc),
                alloc);
    o.AddMember("last_success", json_optional(n.last_success_iso, alloc), alloc);
    o.AddMember("last_success_text", json_string(n.last_success, alloc), alloc);
    o.AddMember("line", n.line, alloc);
    list.PushBack(o, alloc);
  }
  f.set("repadmin.failures", std::move(list), id);
  repadmin_partner_facts(f, b, *parsed, id);
}

// Support Tools (netdiag, dcdiag, repadmin) ship on the Windows Server 2003 CD, not installed by default.
void support_tools_facts(Facts& f, const Bundle& b) {
  static constexpr std::string_view kIds[] = {"command.netdiag", "command.dcdiag", "command.repadmin_showrepl",
                                              "command.repadmin_replsummary"};
  auto& alloc = f.allocator();
  rapidjson::Value missing(rapidjson::kArrayType);
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

void w32tm_monitor_facts(Facts& f, const Bundle& b, Diagnostics& diags) {
  const std::string id = "command.w32tm_monitor";
  auto parsed = parse_artifact<parsers::W32tmMonitor>(
      f, b, id,
      {"time.w32tm_monitor.servers", "time.w32tm_monitor.max_abs_offset_seconds", "time.w32tm_monitor.error"},
      parsers::parse_w32tm_monitor, diags);
  if (!parsed) return;
  auto& alloc = f.allocator();
  rapidjson::Value list(rapidjson::kArrayType);
  std::optional<double> max_abs;
  for (const auto& s : parsed->servers) {
    if (s.ntp_offset_seconds) max_abs = std::max(max_abs.value_or(0.0), std::fabs(*s.ntp_offset_seconds));
    if (list.Size() >= kMaxMonitorServers) continue;
    rapidjson::Value o(rapidjson::kObjectType);
    o.AddMember("name", json_string(s.name, alloc), alloc);
    o.AddMember("is_pdc", s.is_pdc, alloc);
    o.AddMember("address", json_string(s.address, alloc), alloc);
    o.AddMember("offset_seconds", s.ntp_offset_seconds ? rapidjson::Value(*s.ntp_offset_seconds) : rapidjson::Value(),
                alloc);
    o.AddMember("offset_from", json_string(s.ntp_offset_from, alloc), alloc);
    o.AddMember("ntp_error", json_string(s.ntp_error, alloc), alloc);
    o.AddMember("ref_id", json_string(s.ref_id, alloc), alloc);
    o.AddMember("stratum", s.stratum ? rapidjson::Value(*s.stratum) : rapidjson::Value(), alloc);
    o.AddMember("line", s.line, alloc);
    list.PushBack(o, alloc);
  }
  f.set("time.w32tm_monitor.servers", std::move(list), id);
  f.set("time.w32tm_monitor.max_abs_offset_seconds", max_abs ? rapidjson::Value(*max_abs) : rapidjson::Value(), id);
  if (parsed->error.empty()) f.set_null("time.w32tm_monitor.error", id);
  else f.set("time.w32tm_monitor.error", parsed->error, id);
}

void w32tm_tz_facts(Facts& f, const Bundle& b, Diagnostics& diags) {
  const std::string id = "command.w32tm_tz";
  auto parsed = parse_artifact<parsers::W32tmTz>(f, b, id, {"time.tz_w32tm"}, parsers::parse_w32tm_tz, diags);
  if (!parsed) return;
  auto& alloc = f.allocator();
  auto opt = [](const std::optional<int>& v) { return v ? rapidjson::Value(*v) : rapidjson::Value(); };
  auto rule = [&](const parsers::W32tmTzRule& r) {
    if (!r.present) return rapidjson::Value();
    rapidjson::Value o(rapidjson::kObjectType);
    o.AddMember("name", json_string(r.name, alloc), alloc);
    o.AddMember("bias_minutes", opt(r.bias_minutes), alloc);
    o.AddMember("month", opt(r.month), alloc);
    o.AddMember("day", opt(r.day), alloc);
    o.AddMember("day_of_week", opt(r.day_of_week), alloc);
    return o;
  };
  rapidjson::Value v(rapidjson::kObjectType);
  v.AddMember("current", json_string(parsed->current, alloc), alloc);
  v.AddMember("bias_minutes", opt(parsed->bias_minutes), alloc);
  v.AddMember("standard", rule(parsed->standard), alloc);
  v.AddMember("daylight", rule(parsed->daylight), alloc);
  f.set("time.tz_w32tm", std::move(v), id);
}

void dhcp_facts(Facts& f, const Bundle& b, Diagnostics& diags) {
  const std::string id = "command.netsh_dhcp";
  auto parsed = parse_artifact<parsers::NetshDhcp>(f, b, id, {"dhcp_server.scopes", "dhcp_server.scope_routers"},
                                                   parsers::parse_netsh_dhcp, diags);
  if (!parsed) return;
  auto& alloc = f.allocator();
  // A scope without its own option 003 hands out the server-level one (TechNet cc958939, DHCP Options Precedence).
  const std::optional<std::string> server_router = parsed->server_router();
  rapidjson::Value scopes(rapidjson::kArrayType);
  std::vector<std::string> routers;
  for (const auto& s : parsed->scopes) {
    const auto own = s.router();
    const auto router = own ? own : server_router;
    const char* router_level = own ? "scope" : (server_router ? "server" : nullptr);
    if (router && s.active != false && std::find(routers.begin(), routers.end(), *router) == routers.end()) {
      routers.push_back(*router);
    }
    if (scopes.Size() >= kMaxDhcpScopes) continue;
    rapidjson::Value o(rapidjson::kObjectType);
    o.AddMember("network", json_string(s.network, alloc), alloc);
    o.AddMember("mask", json_string(s.mask, alloc), alloc);
    o.AddMember("name", json_string(s.name, alloc), alloc);
    o.AddMember("active", s.active ? rapidjson::Value(*s.active) : rapidjson::Value(), alloc);
    o.AddMember("router", json_optional(router, alloc), alloc);
    o.AddMember("router_level", router_level ? rapidjson::Value(rapidjson::StringRef(router_level)) : rapidjson::Value(), alloc);
    o.AddMember("line", s.line, alloc);
    scopes.PushBack(o, alloc);
  }
  f.set("dhcp_server.scopes", std::move(scopes), id);
  f.set("dhcp_server.scope_routers", json_strings(routers, alloc, kMaxDhcpScopes), id);
}

}  // namespace

void command_facts(Facts& f, const Bundle& b, const LoadedHive& software, Diagnostics& diags) {
  // systeminfo is parsed once: its hotfixes feed updates.*, its manufacturer/model the VM hint.
  std::string systeminfo_failure;
  auto systeminfo = parse_artifact<parsers::Systeminfo>(f, b, "command.systeminfo", {"hardware.virtual_machine_hint"},
                                                        parsers::parse_systeminfo, diags, &systeminfo_failure);
  if (systeminfo) {
    const std::string src = "command.systeminfo";
    if (systeminfo->hypervisor.empty()) f.set_null("hardware.virtual_machine_hint", src);
    else f.set("hardware.virtual_machine_hint", systeminfo->hypervisor, src);
  }
  updates_facts(f, b, software, systeminfo, systeminfo_failure, diags);
  dcdiag_facts(f, b, diags);
  netdiag_facts(f, b, diags);
  repadmin_facts(f, b, diags);
  support_tools_facts(f, b);
  w32tm_monitor_facts(f, b, diags);
  w32tm_tz_facts(f, b, diags);
  dhcp_facts(f, b, diags);
}

}  // namespace migready::facts::detail

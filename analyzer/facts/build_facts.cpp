// Facts from one bundle. Each section reads one source and sets its facts, or marks them unavailable
// with the reason, so a rule can always tell "not so" from "not known". Sources: docs/facts.md and
// ../shared/reference/registry-evidence.md.
#include <re2/re2.h>

#include <optional>
#include <span>

#include "core/json.hpp"
#include "core/text.hpp"
#include "facts/facts.hpp"
#include "facts/facts_internal.hpp"
#include "hive/hive.hpp"
#include "parsers/ipconfig.hpp"

namespace migready::facts {
namespace {

using bundle::ArtifactRecord;
using bundle::Bundle;
using detail::LoadedHive;
using detail::source_of;
using detail::unavailable_reason;
using detail::dword_fact;
using detail::key_exists_fact;
using detail::string_fact;

void manifest_facts(Facts& f, const Bundle& b) {
  const auto& m = b.manifest;
  const std::string src = "manifest";
  auto& alloc = f.allocator();
  f.set("collection.complete", m.complete, src);
  f.set("collection.collector_version", m.collector.version, src);
  f.set("collection.started_utc", m.collection.started_utc, src);
  rapidjson::Value problems(rapidjson::kArrayType);
  for (const auto& p : b.problems) {
    rapidjson::Value item(rapidjson::kObjectType);
    item.AddMember("artifact", rapidjson::Value(p.artifact_id.c_str(), alloc), alloc);
    item.AddMember("problem", rapidjson::Value(p.problem.c_str(), alloc), alloc);
    problems.PushBack(item, alloc);
  }
  f.set("collection.problems", std::move(problems), src);

  f.set("host.computer_name", m.host.computer_name, src);
  if (m.host.dns_domain) f.set("host.dns_domain", *m.host.dns_domain, src); else f.set_null("host.dns_domain", src);
  const auto& os = m.host.os;
  f.set("os.version", std::to_string(os.major) + "." + std::to_string(os.minor), src);
  f.set("os.build", std::int64_t{os.build}, src);
  f.set("os.service_pack", os.service_pack, src);
  f.set("os.service_pack_number", std::int64_t{os.sp_major}, src);
  f.set("os.product_type", contract::product_type_name(os.product_type), src);
  f.set("os.arch", contract::arch_name(os.arch), src);
  f.set("os.is_sbs", contract::suite_is_sbs(os.suite_mask), src);

  const auto& tz = m.collection.time_zone;
  f.set("time.zone.bias_minutes", std::int64_t{tz.bias_minutes}, src);
  f.set("time.zone.standard_name", tz.standard_name, src);
  f.set("time.zone.daylight_name", tz.daylight_name, src);

  f.set("user.name", m.user.name, src);
  // Well-known RIDs of the domain groups the Migration Preparation Tool needs (MS-DTYP 2.4.2.4).
  auto member_of = [&](std::string_view rid) {
    for (const auto& g : m.user.groups) {
      if (g.enabled && g.sid.rfind("S-1-5-21-", 0) == 0 && g.sid.size() > rid.size() &&
          g.sid.compare(g.sid.size() - rid.size(), rid.size(), rid) == 0) {
        return true;
      }
    }
    return false;
  };
  f.set("user.is_domain_admin", member_of("-512"), src);
  f.set("user.is_schema_admin", member_of("-518"), src);
  f.set("user.is_enterprise_admin", member_of("-519"), src);
  // BUILTIN\Administrators is the same SID on every machine (MS-DTYP 2.4.2.4).
  bool admin = false;
  for (const auto& g : m.user.groups) admin = admin || (g.enabled && g.sid == "S-1-5-32-544");
  f.set("user.is_admin", admin, src);
  rapidjson::Value groups(rapidjson::kArrayType);
  for (const auto& g : m.user.groups) {
    const std::string& label = g.name ? *g.name : g.sid;
    groups.PushBack(rapidjson::Value(label.c_str(), alloc), alloc);
  }
  f.set("user.groups", std::move(groups), src);
}

void registry_facts(Facts& f, const LoadedHive& software, const LoadedHive& system) {

  string_fact(f, "os.product_name", software, "Microsoft\\Windows NT\\CurrentVersion", "ProductName");
  string_fact(f, "os.csd_version", software, "Microsoft\\Windows NT\\CurrentVersion", "CSDVersion");
  // The Windows folder ("C:\\WINDOWS"): its drive is the system volume (backup and free-space rules).
  string_fact(f, "os.system_root", software, "Microsoft\\Windows NT\\CurrentVersion", "SystemRoot");

  // ProductSuite lives in the current control set, which an offline SYSTEM hive names only in Select.
  if (system.hive) {
    auto ccs = hive::current_control_set(*system.hive);
    if (!ccs) {
      f.set_unavailable("os.product_suite", FactStatus::parse_failed, system.artifact_id, ccs.error().to_string());
    } else {
      const std::string key = *ccs + "\\Control\\ProductOptions";
      auto k = system.hive->find(key);
      auto v = k ? k->value("ProductSuite") : Result<hive::Value>(k.error());
      auto list = v ? v->as_multi_sz() : Result<std::vector<std::string>>(v.error());
      if (list) {
        rapidjson::Value arr(rapidjson::kArrayType);
        for (const auto& s : *list) arr.PushBack(rapidjson::Value(s.c_str(), f.allocator()), f.allocator());
        f.set("os.product_suite", std::move(arr), source_of(system, key, "ProductSuite"));
      } else if (list.error().code == Errc::not_found) {
        f.set("os.product_suite", rapidjson::Value(rapidjson::kArrayType), source_of(system, key, "ProductSuite"));
      } else {
        f.set_unavailable("os.product_suite", FactStatus::parse_failed, source_of(system, key, "ProductSuite"),
                          list.error().to_string());
      }
    }
  } else {
    f.set_unavailable("os.product_suite", system.status, system.artifact_id, system.reason);
  }

  // SBS 2003: the SmallBusinessServer key; ServicePackNumber is created only by SBS 2003 SP1 (absent = 0).
  key_exists_fact(f, "sbs.installed", software, "Microsoft\\SmallBusinessServer");
  dword_fact(f, "sbs.service_pack_number", software, "Microsoft\\SmallBusinessServer", "ServicePackNumber", 0);
  // Exchange 2003: Setup key; ServicePackNumber 2 = SP2.
  key_exists_fact(f, "exchange.installed", software, "Microsoft\\Exchange\\Setup");
  dword_fact(f, "exchange.service_pack_number", software, "Microsoft\\Exchange\\Setup", "ServicePackNumber", 0);
}

// RFC 1918 private, loopback, link-local (APIPA) and unspecified IPv4 addresses are not public.
bool is_public_ipv4(const std::string& address) {
  static const RE2 kPrivate(
      R"(^(10\.\d+\.\d+\.\d+|172\.(1[6-9]|2\d|3[01])\.\d+\.\d+|192\.168\.\d+\.\d+|127\.\d+\.\d+\.\d+|169\.254\.\d+\.\d+|0\.0\.0\.0)$)");
  static const RE2 kIpv4(R"(^\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}$)");
  return RE2::FullMatch(address, kIpv4) && !RE2::FullMatch(address, kPrivate);
}

// How an adapter connects the server, from language-independent evidence first (the adapter kind, "PPP adapter"
// or "Tunnel adapter", is localized on some Windows: real German XP output reads "PPP-Adapter INTERNET:" and
// "Ethernetadapter LAN-Verbindung:", Polish XP "Karta PPP internet:"; their PPP blocks keep the description
// "WAN (PPP/SLIP) Interface", 00-53-45-00-00-00 and 255.255.255.255):
//   point_to_point: a PPP link, i.e. RRAS's "RAS Server (Dial In) Interface" on a VPN or dial-up server, or a
//     dial-up / PPPoE connection. Its IPv4 masks are all host masks (255.255.255.255; IPCP passes no mask) and,
//     on XP/2003, its physical address is NDISWAN's 00-53-45-00-00-00 with the description "WAN (PPP/SLIP)
//     Interface" (real outputs: Windows XP PPPoE connections in English, Chinese and Polish; Server 2016's
//     "PPP adapter RAS (Dial In) Interface", Microsoft Q&A 944920, /32 and no gateway).
//   tunnel: an IPv6 transition pseudo-interface (ISATAP, Teredo, 6to4): an 8-byte physical address
//     00-00-00-00-00-00-00-E0 (../shared/real-outputs/ipconfig, Windows 7 to 2016).
//   lan: anything else, i.e. a network adapter.
std::string_view link_of(const parsers::IpconfigAdapter& a) {
  const std::string kind = detail::ascii_lower(a.kind);
  const std::string mac = detail::ascii_lower(a.physical_address);
  bool host_masks = !a.subnet_masks.empty();
  for (const auto& m : a.subnet_masks) host_masks = host_masks && m == "255.255.255.255";
  if (host_masks || mac == "00-53-45-00-00-00" || kind == "ppp" ||
      a.description.find("PPP/SLIP") != std::string::npos || a.description.find("(Dial In)") != std::string::npos) {
    return "point_to_point";
  }
  static const RE2 kEightBytes(R"((?:[0-9a-f]{2}-){7}[0-9a-f]{2})");
  if (kind == "tunnel" || RE2::FullMatch(mac, kEightBytes)) return "tunnel";
  return "lan";
}

void network_facts(Facts& f, const Bundle& b, Diagnostics& diags) {
  const std::string id = "command.ipconfig_all";
  const ArtifactRecord* art = b.artifact(id);
  static constexpr std::string_view kPaths[] = {"network.adapters", "network.active_adapter_count",
                                                "network.default_gateways", "network.public_addresses",
                                                "network.ip_routing_enabled"};
  if (auto why = unavailable_reason(b, art); !why.empty()) {
    for (auto path : kPaths) f.set_unavailable(path, FactStatus::collection_failed, id, why);
    return;
  }
  const std::string decoded = detail::decode_artifact(b, *art, diags);
  auto parsed = parsers::parse_ipconfig(decoded, *art->path, diags);
  if (!parsed) {
    for (auto path : kPaths) f.set_unavailable(path, FactStatus::parse_failed, id, parsed.error().to_string());
    return;
  }
  auto& alloc = f.allocator();
  auto strings = [&](const std::vector<std::string>& list) {
    rapidjson::Value arr(rapidjson::kArrayType);
    for (const auto& s : list) arr.PushBack(rapidjson::Value(s.c_str(), alloc), alloc);
    return arr;
  };
  rapidjson::Value adapters(rapidjson::kArrayType);
  std::vector<std::string> gateways, public_addresses;
  std::int64_t active = 0;
  for (const auto& a : parsed->adapters) {
    // Active: connected and holding a usable IPv4 address (tunnel pseudo-adapters hold none; Wine lists
    // the loopback adapter, Windows does not).
    bool has_address = false;
    for (const auto& ip : a.ipv4) {
      has_address = has_address || (ip != "0.0.0.0" && ip.rfind("169.254.", 0) != 0 && ip.rfind("127.", 0) != 0);
    }
    const bool is_active = !a.media_disconnected && has_address;
    const std::string_view link = link_of(a);
    // The network rules count and read LAN adapters only. A point-to-point link's gateway is its own
    // address (a dial-up client) or none (the RAS server interface), never a router. Its public address still
    // counts when it has a gateway: the server then dials the Internet itself (PPPoE), which the document
    // replaces by a router; the RAS server interface (no gateway) takes its address from the LAN's pool.
    const bool is_lan = is_active && link == "lan";
    if (is_lan) {
      ++active;
      gateways.insert(gateways.end(), a.gateways.begin(), a.gateways.end());
    }
    if (is_lan || (is_active && link == "point_to_point" && !a.gateways.empty())) {
      for (const auto& ip : a.ipv4) {
        if (is_public_ipv4(ip)) public_addresses.push_back(ip + " (" + a.name + ")");
      }
    }
    rapidjson::Value o(rapidjson::kObjectType);
    o.AddMember("name", rapidjson::Value(a.name.c_str(), alloc), alloc);
    o.AddMember("kind", rapidjson::Value(a.kind.c_str(), alloc), alloc);
    o.AddMember("link", rapidjson::StringRef(link.data(), link.size()), alloc);
    o.AddMember("description", rapidjson::Value(a.description.c_str(), alloc), alloc);
    o.AddMember("physical_address", rapidjson::Value(a.physical_address.c_str(), alloc), alloc);
    o.AddMember("active", is_active, alloc);
    o.AddMember("lan", is_lan, alloc);
    if (a.dhcp_enabled) o.AddMember("dhcp_enabled", *a.dhcp_enabled, alloc);
    else o.AddMember("dhcp_enabled", rapidjson::Value(), alloc);
    o.AddMember("ipv4", strings(a.ipv4), alloc);
    o.AddMember("subnet_masks", strings(a.subnet_masks), alloc);
    o.AddMember("gateways", strings(a.gateways), alloc);
    o.AddMember("dns_servers", strings(a.dns_servers), alloc);
    o.AddMember("line", a.line, alloc);
    adapters.PushBack(o, alloc);
  }
  f.set("network.adapters", std::move(adapters), id);
  f.set("network.active_adapter_count", active, id);
  f.set("network.default_gateways", strings(gateways), id);
  f.set("network.public_addresses", strings(public_addresses), id);
  if (parsed->ip_routing_enabled) f.set("network.ip_routing_enabled", *parsed->ip_routing_enabled, id);
  else f.set_unavailable("network.ip_routing_enabled", FactStatus::missing, id, "no 'IP Routing Enabled' line");
}

// The collector's time state (api.time, schema migready-api-time/1): the SNTP measurement of the clock.
void time_facts(Facts& f, const Bundle& b, Diagnostics& diags) {
  const std::string id = "api.time";
  static constexpr std::string_view kPaths[] = {"time.sntp_measured", "time.offset_seconds", "time.offset_abs_seconds",
                                                "time.offset_direction",
                                                "time.sntp_server", "time.sntp_error", "time.w32time_type"};
  const ArtifactRecord* art = b.artifact(id);
  if (auto why = unavailable_reason(b, art); !why.empty()) {
    for (auto path : kPaths) f.set_unavailable(path, FactStatus::collection_failed, id, why);
    return;
  }
  auto doc = parse_untrusted_json(*b.entry_bytes(*art), 8, *art->path);
  std::string problem;
  if (!doc) {
    problem = doc.error().to_string();
  } else if (!doc->IsObject() || !doc->HasMember("schema") || !(*doc)["schema"].IsString() ||
             std::string_view((*doc)["schema"].GetString()) != "migready-api-time/1") {
    problem = *art->path + ": not a migready-api-time/1 document";
  } else if (!doc->HasMember("sntp") || !(*doc)["sntp"].IsObject() || !(*doc)["sntp"].HasMember("measured") ||
             !(*doc)["sntp"]["measured"].IsBool()) {
    problem = *art->path + ": no sntp.measured";
  }
  if (!problem.empty()) {
    diags.warn(Errc::format, problem, *art->path);
    for (auto path : kPaths) f.set_unavailable(path, FactStatus::parse_failed, id, problem);
    return;
  }
  const rapidjson::Value& sntp = (*doc)["sntp"];
  auto string_member = [](const rapidjson::Value& o, const char* key) -> std::optional<std::string> {
    auto it = o.FindMember(key);
    if (it == o.MemberEnd() || !it->value.IsString()) return std::nullopt;
    return std::string(it->value.GetString(), it->value.GetStringLength());
  };
  const bool measured = sntp["measured"].GetBool();
  f.set("time.sntp_measured", measured, id);
  const std::string server = string_member(sntp, "host").value_or("?") + ":" +
                             (sntp.HasMember("port") && sntp["port"].IsUint() ? std::to_string(sntp["port"].GetUint()) : "?");
  f.set("time.sntp_server", server, id + ":sntp");
  if (measured && sntp.HasMember("offset_us") && sntp["offset_us"].IsInt64()) {
    const double seconds = static_cast<double>(sntp["offset_us"].GetInt64()) / 1e6;
    f.set("time.offset_seconds", rapidjson::Value(seconds), id + ":sntp.offset_us");
    f.set("time.offset_abs_seconds", rapidjson::Value(seconds < 0 ? -seconds : seconds), id + ":sntp.offset_us");
    // SNTP's offset is the time server minus this server: positive means this server's clock is behind.
    f.set("time.offset_direction", std::string_view(seconds > 0 ? "behind" : "ahead of"), id + ":sntp.offset_us");
    f.set_null("time.sntp_error", id + ":sntp.error");
  } else {
    const std::string error = string_member(sntp, "error").value_or("no offset recorded");
    f.set_unavailable("time.offset_seconds", FactStatus::missing, id + ":sntp", error);
    f.set_unavailable("time.offset_abs_seconds", FactStatus::missing, id + ":sntp", error);
    f.set_unavailable("time.offset_direction", FactStatus::missing, id + ":sntp", error);
    f.set("time.sntp_error", error, id + ":sntp.error");
  }
  const rapidjson::Value* w32 = doc->HasMember("w32time") && (*doc)["w32time"].IsObject() ? &(*doc)["w32time"] : nullptr;
  if (auto type = w32 ? string_member(*w32, "type") : std::nullopt) f.set("time.w32time_type", *type, id + ":w32time.type");
  else f.set_null("time.w32time_type", id + ":w32time.type");
}

}  // namespace

Facts build_facts(const Bundle& bundle, Diagnostics& diags) {
  Facts f;
  manifest_facts(f, bundle);
  // Each hive is opened once: its problems are reported once, and a large SOFTWARE hive is walked once.
  const LoadedHive software = detail::load_hive(bundle, "registry.software", diags);
  const LoadedHive system = detail::load_hive(bundle, "registry.system", diags);
  registry_facts(f, software, system);
  detail::software_facts(f, software);
  detail::system_hive_facts(f, system);
  detail::pending_restart_facts(f, bundle, software, system, diags);
  detail::exchange_facts(f, software, system, diags);
  detail::version_facts(f, software);
  detail::file_version_facts(f, bundle, diags);
  detail::dns_server_facts(f, system);
  network_facts(f, bundle, diags);
  detail::network_derived_facts(f);
  time_facts(f, bundle, diags);
  detail::command_facts(f, bundle, software, diags);
  detail::wss_package_fact(f);
  detail::api_facts(f, bundle, diags);
  detail::services_derived_facts(f);
  detail::lob_facts(f, software);
  detail::file_facts(f, bundle, diags);
  detail::migration_prep_facts(f, bundle, diags);
  detail::event_log_facts(f, bundle, diags);
  detail::directory_facts(f, bundle, diags);
  detail::disk_role_facts(f);
  return f;
}

}  // namespace migready::facts

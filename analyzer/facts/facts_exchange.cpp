// Exchange 2003 beyond its version (registry-evidence §3): Outlook Web Access, RPC over HTTP (the RPC proxy's
// ValidPorts and the ports Exchange listens on), the stores with their size limits, and the SBS POP3
// Connector. What the email plan of the migration document (BKMK_PlanToMigrateEmail) asks about.
#include <re2/re2.h>

#include <algorithm>
#include <cctype>

#include "facts/facts_internal.hpp"

namespace migready::facts::detail {
namespace {

using Alloc = rapidjson::Document::AllocatorType;

constexpr std::string_view kSetup = "Microsoft\\Exchange\\Setup";
constexpr std::string_view kRpcProxy = "Microsoft\\Rpc\\RpcProxy";
constexpr std::string_view kPop3Key = "Microsoft\\SmallBusinessServer\\Network\\POP3 Connector";

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

// "OWA installed": the Setup key's "Web Connector" value exists (any type).
void owa_fact(Facts& f, const LoadedHive& sw) {
  if (!sw.hive) return f.set_unavailable("exchange.owa_installed", sw.status, sw.artifact_id, sw.reason);
  auto k = sw.hive->find(kSetup);
  f.set("exchange.owa_installed", k && k->value("Web Connector").has_value(), source_of(sw, kSetup, "Web Connector"));
}

struct PortHost {
  std::string host;
  std::vector<std::string> ports;                   // as written, "6001-6002"
  std::vector<std::pair<unsigned, unsigned>> ranges;  // the valid ones
};

// ValidPorts: "host:port[-port];host:port...". Entries are grouped by host (case-insensitive, first spelling
// kept) in the order they first appear; a port spec that is not a number or range in 1..65535 is kept as
// written but covers nothing.
std::vector<PortHost> parse_valid_ports(std::string_view text) {
  static const RE2 kSpec(R"(\s*(\d{1,5})\s*(?:-\s*(\d{1,5})\s*)?)");
  std::vector<PortHost> hosts;
  std::size_t entries = 0;
  while (!text.empty() && entries < kMaxPortEntries) {
    const auto semi = text.find(';');
    const std::string_view entry = text.substr(0, semi);
    text = semi == std::string_view::npos ? std::string_view() : text.substr(semi + 1);
    const auto colon = entry.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string host = trim(entry.substr(0, colon));
    const std::string spec = trim(entry.substr(colon + 1));
    if (host.empty() || spec.empty()) continue;
    ++entries;
    auto it = std::find_if(hosts.begin(), hosts.end(), [&](const PortHost& h) { return equals_ci(h.host, host); });
    if (it == hosts.end()) it = hosts.insert(hosts.end(), PortHost{host, {}, {}});
    it->ports.push_back(spec);
    unsigned lo = 0, hi = 0;
    std::string hi_text;
    if (RE2::FullMatch(spec, kSpec, &lo, &hi_text)) {
      hi = hi_text.empty() ? lo : static_cast<unsigned>(std::stoul(hi_text));
      if (lo >= 1 && hi <= 65535 && lo <= hi) it->ranges.emplace_back(lo, hi);
    }
  }
  return hosts;
}

bool covers(const PortHost& h, unsigned port) {
  return std::any_of(h.ranges.begin(), h.ranges.end(), [&](auto r) { return r.first <= port && port <= r.second; });
}

void rpc_proxy_facts(Facts& f, const LoadedHive& sw) {
  if (!sw.hive) {
    mark_all(f, {"exchange.rpc_over_http.proxy_installed", "exchange.rpc_over_http.enabled",
                 "exchange.rpc_over_http.valid_ports", "exchange.rpc_over_http.valid_port_hosts",
                 "exchange.rpcproxy_ports_ok_for", "exchange.rpcproxy_fqdn_ok"},
             sw.status, sw.artifact_id, sw.reason);
    return;
  }
  key_exists_fact(f, "exchange.rpc_over_http.proxy_installed", sw, kRpcProxy);
  dword_fact(f, "exchange.rpc_over_http.enabled", sw, kRpcProxy, "Enabled");
  string_fact(f, "exchange.rpc_over_http.valid_ports", sw, kRpcProxy, "ValidPorts");
  const std::string src = source_of(sw, kRpcProxy, "ValidPorts");
  const rapidjson::Value* raw = present_value(f, "exchange.rpc_over_http.valid_ports");
  if (raw == nullptr) {
    for (auto path : {"exchange.rpc_over_http.valid_port_hosts", "exchange.rpcproxy_ports_ok_for", "exchange.rpcproxy_fqdn_ok"}) {
      inherit_unavailable(f, path, "exchange.rpc_over_http.valid_ports");
    }
    return;
  }
  const auto hosts = raw->IsString() ? parse_valid_ports(std::string_view(raw->GetString(), raw->GetStringLength()))
                                     : std::vector<PortHost>{};
  auto& alloc = f.allocator();
  rapidjson::Value list(rapidjson::kArrayType);
  std::vector<std::string> ok;
  bool fqdn_ok = false;
  for (const auto& h : hosts) {
    rapidjson::Value o(rapidjson::kObjectType);
    o.AddMember("host", json_string(h.host, alloc), alloc);
    o.AddMember("ports", json_strings(h.ports, alloc), alloc);
    list.PushBack(o, alloc);
    // Outlook needs the store (6001), DSProxy (6002) and NSPI (6004) through the proxy (TechNet aa998910).
    if (covers(h, 6001) && covers(h, 6002) && covers(h, 6004)) {
      ok.push_back(h.host);
      fqdn_ok = fqdn_ok || h.host.find('.') != std::string::npos;
    }
  }
  f.set("exchange.rpc_over_http.valid_port_hosts", std::move(list), src);
  f.set("exchange.rpcproxy_ports_ok_for", json_strings(ok, alloc), src);
  f.set("exchange.rpcproxy_fqdn_ok", fqdn_ok, src);
}

// The ports Exchange itself uses for RPC over HTTP (SYSTEM, TechNet aa998910); null when not set.
void rpc_port_facts(Facts& f, const LoadedHive& sys, const std::string* ccs) {
  if (ccs == nullptr) return;
  dword_fact(f, "exchange.rpc_over_http.store_port", sys, *ccs + "\\Services\\MSExchangeIS\\ParametersSystem",
             "Rpc/HTTP Port");
  dword_fact(f, "exchange.rpc_over_http.dsproxy_port", sys, *ccs + "\\Services\\MSExchangeSA\\Parameters", "HTTP Port");
  dword_fact(f, "exchange.rpc_over_http.nspi_port", sys, *ccs + "\\Services\\MSExchangeSA\\Parameters",
             "Rpc/HTTP NSPI Port");
}

// MSExchangeIS\<Server>\Private-<GUID> and Public-<GUID>: one key per store, holding the size limit when set.
void store_facts(Facts& f, const LoadedHive& sys, const std::string& ccs, Diagnostics& diags) {
  static const RE2 kStore(R"((?i)(private|public)-(\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?))");
  const std::string root = ccs + "\\Services\\MSExchangeIS";
  const std::string src = source_of(sys, root, "");
  auto& alloc = f.allocator();
  rapidjson::Value stores(rapidjson::kArrayType);
  bool any_public = false, any_private = false;
  if (auto is = sys.hive->find(root)) {
    for (const auto& server : is->subkeys()) {
      for (const auto& store : server.subkeys()) {
        std::string kind, guid;
        if (!RE2::FullMatch(store.name(), kStore, &kind, &guid)) continue;
        const bool pub = equals_ci(kind, "public");
        any_public = any_public || pub;
        any_private = any_private || !pub;
        if (stores.Size() >= kMaxStores) continue;
        // "Database Size Limit in Gb" (DWORD, GB; SP2 and later): absent means the edition's default.
        rapidjson::Value limit;
        if (auto v = store.value("Database Size Limit in Gb")) {
          if (auto d = v->as_dword()) limit = rapidjson::Value(std::uint64_t{*d});
          else diags.warn(Errc::format, "Database Size Limit in Gb is not a DWORD: read as not set", v->where());
        }
        const std::string key = root + "\\" + server.name() + "\\" + store.name();
        rapidjson::Value o(rapidjson::kObjectType);
        o.AddMember("kind", rapidjson::StringRef(pub ? "public" : "mailbox"), alloc);
        o.AddMember("server", json_string(server.name(), alloc), alloc);
        o.AddMember("guid", json_string(guid, alloc), alloc);
        o.AddMember("size_limit_gb", limit, alloc);
        o.AddMember("key", json_string(key, alloc), alloc);
        stores.PushBack(o, alloc);
      }
    }
  }
  f.set("exchange.stores", std::move(stores), src);
  f.set("exchange.public_folders_present", any_public, src);
  f.set("exchange.mailbox_stores_present", any_private, src);
}

// The POP3 Connector's service: its key name is unverified, so any service whose ImagePath lies under
// ...\Networking\POP3\ or whose DisplayName is "Microsoft Connector for POP3 Mailboxes" (KB885685).
void pop3_service_fact(Facts& f, const LoadedHive& sys, const std::string& ccs) {
  const std::string root = ccs + "\\Services";
  auto& alloc = f.allocator();
  if (auto services = sys.hive->find(root)) {
    for (const auto& svc : services->subkeys()) {
      std::string image = key_string(svc, "ImagePath");
      std::string lower = image;
      std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
      const std::string display = key_string(svc, "DisplayName");
      if (lower.find("\\networking\\pop3\\") == std::string::npos &&
          !equals_ci(display, "Microsoft Connector for POP3 Mailboxes")) {
        continue;
      }
      const auto start = key_dword(svc, "Start");
      const std::string key = root + "\\" + svc.name();
      rapidjson::Value o(rapidjson::kObjectType);
      o.AddMember("name", json_string(svc.name(), alloc), alloc);
      o.AddMember("start", start ? rapidjson::Value(std::uint64_t{*start}) : rapidjson::Value(), alloc);
      o.AddMember("image_path", json_string(image, alloc), alloc);
      f.set("exchange.pop3_connector.service", std::move(o), source_of(sys, key, ""));
      // TechNet cc719920: with no POP3 mailbox defined, the connector's service is disabled (Start 4).
      f.set("exchange.pop3_connector.in_use", start.has_value() && *start != 4, source_of(sys, key, "Start"));
      return;
    }
  }
  f.set_null("exchange.pop3_connector.service", source_of(sys, root, ""));
  f.set("exchange.pop3_connector.in_use", false, source_of(sys, root, ""));
}

void pop3_installed_fact(Facts& f, const LoadedHive& sw) {
  constexpr std::string_view kPath = "exchange.pop3_connector.installed";
  const rapidjson::Value* service = present_value(f, "exchange.pop3_connector.service");
  if (service != nullptr && service->IsObject()) {
    return f.set(kPath, true, (*f.find("exchange.pop3_connector.service"))["source"].GetString());
  }
  if (sw.hive && sw.hive->find(kPop3Key)) return f.set(kPath, true, source_of(sw, kPop3Key, ""));
  // Neither source shows it: "not installed" only when both were read.
  if (!sw.hive) return f.set_unavailable(kPath, sw.status, sw.artifact_id, sw.reason);
  if (service == nullptr) return inherit_unavailable(f, kPath, "exchange.pop3_connector.service");
  f.set(kPath, false, source_of(sw, kPop3Key, ""));
}

}  // namespace

void exchange_facts(Facts& f, const LoadedHive& software, const LoadedHive& system, Diagnostics& diags) {
  owa_fact(f, software);
  rpc_proxy_facts(f, software);
  static constexpr std::string_view kSystemPaths[] = {
      "exchange.rpc_over_http.store_port", "exchange.rpc_over_http.dsproxy_port", "exchange.rpc_over_http.nspi_port",
      "exchange.stores", "exchange.public_folders_present", "exchange.mailbox_stores_present",
      "exchange.pop3_connector.service", "exchange.pop3_connector.in_use"};
  std::optional<std::string> ccs;
  if (!system.hive) {
    for (auto p : kSystemPaths) f.set_unavailable(p, system.status, system.artifact_id, system.reason);
  } else if (auto c = hive::current_control_set(*system.hive); !c) {
    for (auto p : kSystemPaths) f.set_unavailable(p, FactStatus::parse_failed, system.artifact_id, c.error().to_string());
  } else {
    ccs = *c;
    rpc_port_facts(f, system, &*ccs);
    store_facts(f, system, *ccs, diags);
    pop3_service_fact(f, system, *ccs);
  }
  pop3_installed_fact(f, software);
}

}  // namespace migready::facts::detail

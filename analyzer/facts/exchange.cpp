// Exchange 2003 (registry-evidence §3): whether it is installed, its version and service pack; Outlook Web Access, RPC over HTTP (the RPC proxy's
// ValidPorts and the ports Exchange listens on), the stores with their size limits, and the SBS POP3
// Connector. What the email plan of the migration document (BKMK_PlanToMigrateEmail) asks about. The stores'
// sizes, circular logging and mailbox counts come from the directory (api.directory), joined here to the
// registry's stores by exchange_store_size_facts.
#include <re2/re2.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "core/json.hpp"
#include "contract/civil_time.hpp"
#include "facts/sources.hpp"

namespace migready::facts::detail {
namespace {

using Alloc = json::Document::AllocatorType;

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
  const json::Value* raw = present_value(f, "exchange.rpc_over_http.valid_ports");
  if (raw == nullptr) {
    for (auto path : {"exchange.rpc_over_http.valid_port_hosts", "exchange.rpcproxy_ports_ok_for", "exchange.rpcproxy_fqdn_ok"}) {
      inherit_unavailable(f, path, "exchange.rpc_over_http.valid_ports");
    }
    return;
  }
  const auto hosts = raw->IsString() ? parse_valid_ports(std::string_view(raw->GetString(), raw->GetStringLength()))
                                     : std::vector<PortHost>{};
  auto& alloc = f.allocator();
  json::Value list(rapidjson::kArrayType);
  std::vector<std::string> ok;
  bool fqdn_ok = false;
  for (const auto& h : hosts) {
    json::Value o(rapidjson::kObjectType);
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
  // On a Global Catalog back end (every SBS) the directory itself answers NSPI over HTTP: 6004 is set by NTDS's
  // "NSPI interface protocol sequences" (REG_MULTI_SZ "ncacn_http:6004"; TechNet bb124159, bb125001) instead of
  // System Attendant's "Rpc/HTTP NSPI Port". A REG_SZ written by hand is read as a one-line list.
  constexpr std::string_view kSeqPath = "exchange.rpc_over_http.gc_nspi_sequences";
  constexpr std::string_view kSeq = "NSPI interface protocol sequences";
  const std::string ntds = *ccs + "\\Services\\NTDS\\Parameters";
  const std::string src = source_of(sys, ntds, kSeq);
  auto k = sys.hive->find(ntds);
  auto v = k ? k->value(kSeq) : Result<hive::Value>(k.error());
  auto list = v ? v->as_multi_sz() : Result<std::vector<std::string>>(v.error());
  if (!list && v) {
    if (auto one = v->as_string()) list = std::vector<std::string>{*one};
  }
  if (list) f.set(kSeqPath, json_strings(*list, f.allocator(), kMaxPortEntries), src);
  else if (list.error().code == Errc::not_found) f.set_null(kSeqPath, src);
  else f.set_unavailable(kSeqPath, FactStatus::parse_failed, src, list.error().to_string());

  constexpr std::string_view kOk = "exchange.rpc_over_http.nspi_port_ok";
  const json::Value* port = present_value(f, "exchange.rpc_over_http.nspi_port");
  const json::Value* seqs = present_value(f, kSeqPath);
  const std::string port_src = (*f.find("exchange.rpc_over_http.nspi_port"))["source"].GetString();
  if (port != nullptr && port->IsInt64()) return f.set(kOk, true, port_src);
  if (seqs != nullptr && seqs->IsArray()) {
    for (const auto& q : seqs->GetArray()) {
      if (q.IsString() && equals_ci(trim(std::string_view(q.GetString(), q.GetStringLength())), "ncacn_http:6004")) {
        return f.set(kOk, true, src);
      }
    }
  }
  if (port == nullptr) return inherit_unavailable(f, kOk, "exchange.rpc_over_http.nspi_port");
  if (seqs == nullptr) return inherit_unavailable(f, kOk, kSeqPath);
  f.set(kOk, false, port_src + " + " + src);
}

// MSExchangeIS\<Server>\Private-<GUID> and Public-<GUID>: one key per store, holding the size limit when set.
void store_facts(Facts& f, const LoadedHive& sys, const std::string& ccs, Diagnostics& diags) {
  static const RE2 kStore(R"((?i)(private|public)-(\{?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}?))");
  const std::string root = ccs + "\\Services\\MSExchangeIS";
  const std::string src = source_of(sys, root, "");
  auto& alloc = f.allocator();
  json::Value stores(rapidjson::kArrayType);
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
        json::Value limit;
        if (auto v = store.value("Database Size Limit in Gb")) {
          if (auto d = v->as_dword()) limit = json::Value(std::uint64_t{*d});
          else diags.warn(Errc::format, "Database Size Limit in Gb is not a DWORD: read as not set", v->where());
        }
        const std::string key = root + "\\" + server.name() + "\\" + store.name();
        json::Value o(rapidjson::kObjectType);
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
      const std::string lower = ascii_lower(image);
      const std::string display = key_string(svc, "DisplayName");
      if (lower.find("\\networking\\pop3\\") == std::string::npos &&
          !equals_ci(display, "Microsoft Connector for POP3 Mailboxes")) {
        continue;
      }
      const auto start = key_dword(svc, "Start");
      const std::string key = root + "\\" + svc.name();
      json::Value o(rapidjson::kObjectType);
      o.AddMember("name", json_string(svc.name(), alloc), alloc);
      o.AddMember("start", start ? json::Value(std::uint64_t{*start}) : json::Value(), alloc);
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
  const json::Value* service = present_value(f, "exchange.pop3_connector.service");
  if (service != nullptr && service->IsObject()) {
    return f.set(kPath, true, (*f.find("exchange.pop3_connector.service"))["source"].GetString());
  }
  if (sw.hive && sw.hive->find(kPop3Key)) return f.set(kPath, true, source_of(sw, kPop3Key, ""));
  // Neither source shows it: "not installed" only when both were read.
  if (!sw.hive) return f.set_unavailable(kPath, sw.status, sw.artifact_id, sw.reason);
  if (service == nullptr) return inherit_unavailable(f, kPath, "exchange.pop3_connector.service");
  f.set(kPath, false, source_of(sw, kPop3Key, ""));
}

// SBS 2003 (Standard and Premium) includes Exchange Server 2003 Standard Edition. Elsewhere the edition is
// only in the server object's encoded `type` attribute (Exchange System Manager's Edition column), which the
// collector does not read.
void edition_fact(Facts& f) {
  constexpr std::string_view kPath = "exchange.edition";
  const json::Value* installed = present_value(f, "exchange.installed");
  if (installed == nullptr) return inherit_unavailable(f, kPath, "exchange.installed");
  const std::string installed_src = (*f.find("exchange.installed"))["source"].GetString();
  if (!installed->IsBool() || !installed->GetBool()) return f.set_null(kPath, installed_src);
  const json::Value* sbs = present_value(f, "sbs.installed");
  if (sbs == nullptr) return inherit_unavailable(f, kPath, "sbs.installed");
  const std::string sbs_src = (*f.find("sbs.installed"))["source"].GetString();
  if (sbs->IsBool() && sbs->GetBool()) return f.set(kPath, std::string_view("Standard"), sbs_src);
  f.set_unavailable(kPath, FactStatus::missing, sbs_src,
                    "not SBS, and Exchange's edition is recorded only in the server object's encoded type attribute, "
                    "which the collector does not read");
}

constexpr double kGiB = 1073741824.0;

struct Limit {
  std::int64_t gb = 0;  // 0: none known
  std::string basis;
};

// The size limit Exchange 2003 enforces on one database (TechNet aa998066, KB 912375): Standard Edition 16 GB
// before SP2; from SP2 the registry's "Database Size Limit in Gb" (at most 75 on Standard), else 18 GB.
// Enterprise Edition has no practical limit, but its edition is never known here (edition_fact), so a store
// not known to be Standard has a limit only when the registry sets one (SP2 and later read it).
// `sp` -1: unknown; `registry_gb` 0 or less: not set. (Plain numbers: GCC 12 misreads optionals here.)
Limit store_limit(bool standard, std::int64_t sp, std::int64_t registry_gb, bool registry_read) {
  if (sp < 0) return {0, "the server's service pack is not known"};
  if (standard) {
    if (sp < 2) return {16, "Exchange 2003 Standard before SP2: 16 GB, fixed"};
    if (registry_gb > 0) {
      return {std::min<std::int64_t>(registry_gb, 75), "Database Size Limit in Gb (registry; Standard allows at most 75)"};
    }
    if (!registry_read) {
      return {0, "the store's registry key is not known (SYSTEM not read, or not joined to the directory's store)"};
    }
    return {18, "Exchange 2003 Standard SP2 default: 18 GB (settable up to 75)"};
  }
  if (sp >= 2 && registry_gb > 0) return {registry_gb, "Database Size Limit in Gb (registry)"};
  return {0, "the edition is not known (Enterprise Edition has no practical limit)"};
}

const json::Value* member(const json::Value& o, const char* key) {
  if (!o.IsObject()) return nullptr;
  auto it = o.FindMember(key);
  return it == o.MemberEnd() ? nullptr : &it->value;
}

// How Exchange checks the limit, for the rules' messages (TechNet aa998066, KB 828070).
std::string_view limit_check(std::int64_t sp) {
  if (sp >= 2) {
    return "From Exchange 2003 SP2 the Information Store compares the database's logical size (the .edb and .stm "
           "files minus the free space inside them) with the limit at each daily size check (05:00 by default): it "
           "logs event 9688 from the warning threshold (90 % by default), event 9689 when the store is over the "
           "limit (it is dismounted at the next check) and event 9690 when it dismounts it.";
  }
  if (sp >= 0) {
    return "Before Exchange 2003 SP2 the limit applies to the .edb and .stm files' combined size: at the limit the "
           "store logs event 1112 and is dismounted, and it does not mount again until the database is made "
           "smaller or the limit is extended (KB 828070).";
  }
  return "The server's Exchange service pack is not known, so neither is how the limit is checked.";
}

// 1221's free space, in MB: digits with at most two decimals after '.' or ','; "1,240" (three digits after
// the comma) is no number rather than a guess between 1.24 and 1240.
std::optional<double> free_megabytes(std::string_view text) {
  static const RE2 kMb(R"(\s*(\d{1,9})(?:[.,](\d{1,2}))?\s*)");
  std::string whole, frac;
  if (!RE2::FullMatch(text, kMb, &whole, &frac)) return std::nullopt;
  double v = std::stod(whole);
  if (!frac.empty()) v += std::stod(frac) / (frac.size() == 1 ? 10.0 : 100.0);
  return v;
}

constexpr std::int64_t kSizeCheckInterval = 86400;  // the default daily size check (TechNet aa998066)

// The kind of store an event's source names: "MSExchangeIS Mailbox Store" -> "mailbox", "MSExchangeIS Public
// Store" -> "public"; "" when it names neither ("MSExchangeIS").
std::string_view store_kind_of_source(std::string_view source) {
  const std::string lower = ascii_lower(source);
  if (lower.find("mailbox store") != std::string::npos) return "mailbox";
  if (lower.find("public store") != std::string::npos) return "public";
  return "";
}

// The store an event's database names, among this server's stores: "<storage group>\<store>" or the store's
// name alone; else, by the event's source, the only store of its kind (Standard Edition has one of each).
std::optional<rapidjson::SizeType> store_of_event(const json::Value& stores, std::string_view database,
                                                  std::string_view source) {
  for (rapidjson::SizeType i = 0; i < stores.Size(); ++i) {
    const auto& s = stores[i];
    const json::Value* here = member(s, "this_server");
    if (here == nullptr || !here->IsBool() || !here->GetBool()) continue;
    const auto name = member_string(s, "name");
    const auto group = member_string(s, "storage_group");
    if (name && (equals_ci(database, *name) || (group && equals_ci(database, *group + "\\" + *name)))) return i;
  }
  const std::string_view kind = store_kind_of_source(source);
  if (kind.empty()) return std::nullopt;
  std::optional<rapidjson::SizeType> only;
  for (rapidjson::SizeType i = 0; i < stores.Size(); ++i) {
    const auto& s = stores[i];
    const json::Value* here = member(s, "this_server");
    if (here == nullptr || !here->IsBool() || !here->GetBool() || member_string(s, "kind") != kind) continue;
    if (only) return std::nullopt;
    only = i;
  }
  return only;
}

// Adds each store's size events (exchange.store_size_events) to its entry: limit_events, over_limit_event(_utc),
// near_limit_event_utc, free_mb, free_utc, logical_size_gb. An event naming no known store adds a store entry
// through `add_named`. A limit event is history (current false) when the same database logged 1221 more than a
// size-check interval after it: the store was mounted through a later check that logged nothing.
template <typename AddNamed>
void join_size_events(Facts& f, json::Value& stores, const std::string& computer, AddNamed add_named) {
  auto& alloc = f.allocator();
  const json::Value* events = present_value(f, "exchange.store_size_events");
  std::vector<std::vector<const json::Value*>> per(stores.Size());
  if (events != nullptr && events->IsArray()) {
    for (const auto& e : events->GetArray()) {
      const auto database = member_string(e, "database");
      if (!database) continue;
      auto at = store_of_event(stores, *database, member_string(e, "source").value_or(""));
      if (!at) {
        if (stores.Size() >= kMaxStores) continue;
        DirectoryStore named;
        named.name = *database;
        named.server = computer;
        named.kind = store_kind_of_source(member_string(e, "source").value_or(""));
        add_named(named);
        at = stores.Size() - 1;
      }
      if (per.size() < stores.Size()) per.resize(stores.Size());
      per[*at].push_back(&e);
    }
  }
  per.resize(stores.Size());
  for (rapidjson::SizeType i = 0; i < stores.Size(); ++i) {
    auto& s = stores[i];
    // The latest free-space event of the store.
    const json::Value* free_event = nullptr;
    for (const auto* e : per[i]) {
      if ((*e)["event_id"].GetUint() != 1221) continue;
      if (free_event == nullptr || std::string_view((*e)["last_utc"].GetString()) > (*free_event)["last_utc"].GetString()) {
        free_event = e;
      }
    }
    const auto free_at = free_event != nullptr ? parse_iso_utc((*free_event)["last_utc"].GetString()) : std::nullopt;
    json::Value limit_events(rapidjson::kArrayType);
    const json::Value* over = nullptr;
    std::string near_utc;
    for (const auto* e : per[i]) {
      const unsigned id = (*e)["event_id"].GetUint();
      if (id == 1221) continue;
      const auto at = parse_iso_utc((*e)["last_utc"].GetString());
      const bool current = !(at && free_at && *free_at > *at + kSizeCheckInterval);
      json::Value o(rapidjson::kObjectType);
      // For messages: "9690 x2, last 2026-11-25T05:00:12Z" (" (a later check passed)" when not current).
      std::string label = std::to_string(id) + " x" + std::to_string((*e)["count"].GetInt64()) + ", last " +
                          (*e)["last_utc"].GetString() + (current ? "" : " (a later check passed)");
      o.AddMember("name", json_string(label, alloc), alloc);
      o.AddMember("event_id", id, alloc);
      o.AddMember("count", (*e)["count"].GetInt64(), alloc);
      o.AddMember("last_utc", json::Value((*e)["last_utc"], alloc), alloc);
      o.AddMember("current", current, alloc);
      limit_events.PushBack(o, alloc);
      if (!current) continue;
      if (id == 9688) {
        near_utc = std::max(near_utc, std::string((*e)["last_utc"].GetString()));
      } else if (over == nullptr || std::string_view((*e)["last_utc"].GetString()) > (*over)["last_utc"].GetString()) {
        over = e;
      }
    }
    s.AddMember("limit_events", limit_events, alloc);
    s.AddMember("over_limit_event", over != nullptr ? json::Value((*over)["event_id"].GetUint()) : json::Value(), alloc);
    s.AddMember("over_limit_event_utc", over != nullptr ? json::Value((*over)["last_utc"], alloc) : json::Value(), alloc);
    s.AddMember("near_limit_event_utc", near_utc.empty() ? json::Value() : json_string(near_utc, alloc), alloc);
    const json::Value* mb = free_event != nullptr ? member(*free_event, "free_mb") : nullptr;
    const bool has_mb = mb != nullptr && mb->IsNumber();
    s.AddMember("free_mb", has_mb ? json::Value(mb->GetDouble()) : json::Value(), alloc);
    s.AddMember("free_utc", free_event != nullptr ? json::Value((*free_event)["last_utc"], alloc) : json::Value(), alloc);
    // The logical size as of the collection, estimated: the files' size now minus the free space at the last
    // 1221 (the store may have grown into it since).
    json::Value logical;
    const json::Value* size = member(s, "size_bytes");
    if (has_mb && size != nullptr && size->IsUint64()) {
      const double bytes = std::max(0.0, static_cast<double>(size->GetUint64()) - mb->GetDouble() * 1048576.0);
      logical = json::Value(std::round(bytes * 10.0 / kGiB) / 10.0);
    }
    s.AddMember("logical_size_gb", logical, alloc);
  }
}

// exchange.storage_groups: circular logging is a storage group's setting (msExchESEParamCircularLog), which the
// directory part copies to each of its stores.
void storage_group_fact(Facts& f, const json::Value& stores, const DirectoryStores& dir) {
  constexpr std::string_view kPath = "exchange.storage_groups";
  if (!dir.usable) return f.set_unavailable(kPath, dir.status, dir.source, dir.reason);
  auto& alloc = f.allocator();
  json::Value groups(rapidjson::kArrayType);
  std::map<std::string, rapidjson::SizeType> index;
  for (const auto& s : stores.GetArray()) {
    const auto group = member_string(s, "storage_group");
    if (!group) continue;
    const auto server = member_string(s, "server");
    const std::string key = ascii_lower(server.value_or("")) + "|" + ascii_lower(*group);
    auto it = index.find(key);
    if (it == index.end()) {
      json::Value o(rapidjson::kObjectType);
      o.AddMember("name", json_string(*group, alloc), alloc);
      o.AddMember("server", json_optional(server, alloc), alloc);
      o.AddMember("this_server", json::Value(s["this_server"], alloc), alloc);
      o.AddMember("circular_logging", json::Value(), alloc);
      o.AddMember("stores", json::Value(rapidjson::kArrayType), alloc);
      groups.PushBack(o, alloc);
      it = index.emplace(key, groups.Size() - 1).first;
    }
    auto& g = groups[it->second];
    if (const auto name = member_string(s, "name")) g["stores"].PushBack(json_string(*name, alloc), alloc);
    const json::Value* circular = member(s, "circular_logging");
    if (circular != nullptr && circular->IsBool() && (g["circular_logging"].IsNull() || circular->GetBool())) {
      g["circular_logging"].SetBool(circular->GetBool());
    }
  }
  f.set(kPath, std::move(groups), dir.source);
}


}  // namespace

void exchange_setup_facts(Facts& f, const LoadedHive& software) {
  // Exchange 2003: Setup key; ServicePackNumber 2 = SP2.
  key_exists_fact(f, "exchange.installed", software, "Microsoft\\Exchange\\Setup");
  dword_fact(f, "exchange.service_pack_number", software, "Microsoft\\Exchange\\Setup", "ServicePackNumber", 0);
}

// Exchange's "Services Version": its type is unconfirmed (registry-evidence §3), so DWORD or a number as SZ.
void exchange_version_fact(Facts& f, const LoadedHive& sw) {
  static constexpr std::string_view kKey = "Microsoft\\Exchange\\Setup";
  static constexpr std::string_view kValue = "Services Version";
  if (!sw.hive) return f.set_unavailable("exchange.version", sw.status, sw.artifact_id, sw.reason);
  const std::string src = source_of(sw, kKey, kValue);
  auto k = sw.hive->find(kKey);
  auto v = k ? k->value(kValue) : Result<hive::Value>(k.error());
  if (!v) {
    if (v.error().code == Errc::not_found) return f.set_null("exchange.version", src);
    return f.set_unavailable("exchange.version", FactStatus::parse_failed, src, v.error().to_string());
  }
  if (auto d = v->as_dword()) return f.set("exchange.version", std::int64_t{*d}, src);
  if (auto s = v->as_string()) {
    std::int64_t n = 0;
    if (RE2::FullMatch(*s, R"(\s*(\d{1,9})\s*)", &n)) return f.set("exchange.version", n, src);
    return f.set("exchange.version", *s, src);
  }
  f.set_unavailable("exchange.version", FactStatus::parse_failed, src,
                    v->where() + ": neither a DWORD nor a string (" + hive::value_type_name(v->type()) + ")");
}

// Exchange's build lives in its binaries' file versions (store.exe under <Services>\bin, registry-evidence §3):
// null without Exchange; with Exchange, file_version_facts sets it from api.file_versions.
void exchange_build_fact(Facts& f, const LoadedHive& sw) {
  static constexpr std::string_view kKey = "Microsoft\\Exchange\\Setup";
  if (!sw.hive) return f.set_unavailable("exchange.build", sw.status, sw.artifact_id, sw.reason);
  if (!sw.hive->find(kKey)) return f.set_null("exchange.build", source_of(sw, kKey, ""));
}

// The Information Store's size events (TechNet aa998066 "Database Size Limit Configuration and Management",
// KB 828070): 9688 the logical size reached the warning threshold, 9689 over the limit at a check (dismounted at
// the next), 9690 over the limit and dismounted (SP2 and later); 1112 the database reached its maximum size and
// is being dismounted (before SP2). 1221 is the free space (MB) left after the nightly online defragmentation,
// the white space SP2 does not count. Sources begin with MSExchangeIS ("MSExchangeIS", "MSExchangeIS Mailbox
// Store", "MSExchangeIS Public Store"); the database is the first insertion string, "First Storage
// Group\Mailbox Store (SBS01)" (language-independent, unlike the rendered text).
void exchange_store_event_facts(Facts& f, const parsers::EventLog& log, std::int64_t from, std::int64_t to,
                                std::string_view id) {
  struct Group {
    std::string database, source;
    std::uint16_t event_id = 0;
    std::int64_t count = 0;
    std::uint32_t last = 0;
    std::optional<double> free_mb;
  };
  std::map<std::pair<std::string, std::uint16_t>, Group> groups;
  for (const auto& r : log.records) {
    const bool limit = r.event_id == 1112 || r.event_id == 9688 || r.event_id == 9689 || r.event_id == 9690;
    const bool free = r.event_id == 1221;
    if ((!limit && !free) || r.strings.empty() || !starts_with_ci(r.source, "MSExchangeIS")) continue;
    // Limit events of the 30 days before the collection; the free space from the latest 1221 at all.
    if (r.time_generated > to || (limit && r.time_generated < from)) continue;
    const std::string database(r.strings.front().substr(0, 300));
    auto& g = groups[{ascii_lower(database), r.event_id}];
    if (g.count == 0) {
      g.database = database;
      g.event_id = r.event_id;
    }
    ++g.count;
    if (r.time_generated >= g.last) {
      g.last = r.time_generated;
      g.source = r.source;
      if (free) g.free_mb = r.strings.size() > 1 ? free_megabytes(r.strings[1]) : std::nullopt;
    }
  }
  auto& alloc = f.allocator();
  json::Value list(rapidjson::kArrayType);
  for (const auto& [key, g] : groups) {
    if (list.Size() >= kMaxEventGroups) break;
    json::Value o(rapidjson::kObjectType);
    o.AddMember("database", json_string(g.database, alloc), alloc);
    o.AddMember("source", json_string(g.source, alloc), alloc);
    o.AddMember("event_id", g.event_id, alloc);
    o.AddMember("count", g.count, alloc);
    o.AddMember("last_utc", json_string(contract::format_iso(g.last), alloc), alloc);
    o.AddMember("free_mb", g.free_mb ? json::Value(*g.free_mb) : json::Value(), alloc);
    list.PushBack(o, alloc);
  }
  f.set("exchange.store_size_events", std::move(list), id);
}

void exchange_store_size_facts(Facts& f, const DirectoryStores& dir) {
  constexpr std::string_view kStores = "exchange.stores", kMeasured = "exchange.stores_measured",
                             kStorageGroups = "exchange.storage_groups";
  edition_fact(f);
  auto& alloc = f.allocator();
  const json::Value* edition_v = present_value(f, "exchange.edition");
  const bool standard = edition_v != nullptr && edition_v->IsString() && std::string_view(edition_v->GetString()) == "Standard";
  const json::Value* sp_v = present_value(f, "exchange.service_pack_number");
  const std::int64_t this_sp = sp_v != nullptr && sp_v->IsInt64() ? sp_v->GetInt64() : -1;
  const json::Value* name_v = present_value(f, "host.computer_name");
  const std::string computer = name_v != nullptr && name_v->IsString() ? name_v->GetString() : "";
  // Other servers' service packs, from their serialNumber (exchange.servers).
  std::map<std::string, std::int64_t> server_sp;
  if (const json::Value* servers = present_value(f, "exchange.servers"); servers != nullptr && servers->IsArray()) {
    for (const auto& s : servers->GetArray()) {
      const auto name = member_string(s, "name");
      const json::Value* sp = member(s, "service_pack");
      if (name && sp != nullptr && sp->IsInt64()) server_sp[ascii_lower(*name)] = sp->GetInt64();
    }
  }

  const json::Value* registry = present_value(f, kStores);
  const bool registry_read = registry != nullptr && registry->IsArray();
  if (!registry_read && !dir.usable) {
    // Neither source: exchange.stores keeps its own status; sizes are as unknown as the directory.
    f.set_unavailable(kStorageGroups, dir.status, dir.source, dir.reason);
    return f.set_unavailable(kMeasured, dir.status, dir.source, dir.reason);
  }
  const std::string registry_src = registry_read ? (*f.find(kStores))["source"].GetString() : "";

  // The registry names a store by its objectGUID, which the directory part does not carry: a registry store is
  // joined to the directory's store of the same server and kind when each side has exactly one (Standard
  // Edition has one mailbox and one public store per server).
  std::map<std::string, int> registry_count, directory_count;
  auto key_of = [](const std::string& server, const std::string& kind) { return ascii_lower(server) + "|" + kind; };
  if (registry_read) {
    for (const auto& r : registry->GetArray()) {
      registry_count[key_of(member_string(r, "server").value_or(""), member_string(r, "kind").value_or(""))]++;
    }
  }
  if (dir.usable) {
    for (const auto& d : dir.stores) directory_count[key_of(d.server.value_or(""), d.kind)]++;
  }

  // Servers on which some registry store sets "Database Size Limit in Gb": a store not joined to its registry
  // key still knows its limit is the default when the registry was read and no store of its server sets one.
  std::set<std::string> servers_with_registry_limit;
  if (registry_read) {
    for (const auto& r : registry->GetArray()) {
      const json::Value* gb = member(r, "size_limit_gb");
      if (gb != nullptr && !gb->IsNull()) {
        servers_with_registry_limit.insert(ascii_lower(member_string(r, "server").value_or("")));
      }
    }
  }

  json::Value list(rapidjson::kArrayType);
  std::vector<bool> joined(dir.stores.size(), false);
  std::vector<std::string> unmeasured;
  // One merged entry: the registry's fields (or null), then the directory's and the derived ones. `from_events`:
  // a store only the Application log's size events name (no directory entry, no registry key joined).
  auto add = [&](const json::Value* reg, const DirectoryStore* d, bool from_events = false) {
    json::Value o(rapidjson::kObjectType);
    const std::string kind = reg != nullptr ? member_string(*reg, "kind").value_or("") : d->kind;
    const std::optional<std::string> server = reg != nullptr ? member_string(*reg, "server") : d->server;
    const std::optional<std::string> key = reg != nullptr ? member_string(*reg, "key") : std::nullopt;
    const json::Value* registry_limit = reg != nullptr ? member(*reg, "size_limit_gb") : nullptr;
    const std::int64_t registry_gb =
        registry_limit != nullptr && registry_limit->IsInt64() ? registry_limit->GetInt64() : 0;
    std::optional<std::string> name = d != nullptr ? d->name : std::nullopt;
    if (!name && key) name = key->substr(key->rfind('\\') + 1);
    const bool this_server = server && equals_ci(*server, computer);
    o.AddMember("name", json_optional(name, alloc), alloc);
    o.AddMember("kind", json_string(kind, alloc), alloc);
    o.AddMember("server", json_optional(server, alloc), alloc);
    o.AddMember("this_server", this_server, alloc);
    o.AddMember("guid", reg != nullptr ? json_optional(member_string(*reg, "guid"), alloc) : json::Value(), alloc);
    o.AddMember("size_limit_gb", registry_limit != nullptr && registry_limit->IsInt64() ? json::Value(registry_gb)
                                                                                      : json::Value(), alloc);
    o.AddMember("key", json_optional(key, alloc), alloc);
    o.AddMember("dn", d != nullptr ? json_optional(d->dn, alloc) : json::Value(), alloc);
    o.AddMember("storage_group", d != nullptr ? json_optional(d->storage_group, alloc) : json::Value(), alloc);
    // Sizes: the .edb plus the .stm (a mailbox store without a streaming file has only the .edb).
    std::uint64_t size = 0;
    bool has_size = false;
    std::string size_error;
    if (from_events) {
      size_error = "named only by the Application log's size events";
    } else if (d == nullptr) {
      size_error = dir.usable ? "not in the directory's store list" : dir.reason;
    } else if (!d->edb.configured && !d->stm.configured) {
      size_error = "the directory names no database file";
    } else {
      has_size = true;
      for (const auto* file : {&d->edb, &d->stm}) {
        if (!file->configured) continue;
        if (file->size_bytes && size <= UINT64_MAX - *file->size_bytes) {
          size += *file->size_bytes;
        } else {
          has_size = false;
          size_error = file->size_error.value_or("size not measured") + " (" + file->path.value_or("?") + ")";
          break;
        }
      }
    }
    auto file_fields = [&](const char* path_key, const char* bytes_key, const DirectoryStore::File* file) {
      o.AddMember(rapidjson::StringRef(path_key), file != nullptr ? json_optional(file->path, alloc) : json::Value(), alloc);
      o.AddMember(rapidjson::StringRef(bytes_key),
                  file != nullptr && file->size_bytes ? json::Value(*file->size_bytes) : json::Value(), alloc);
    };
    file_fields("edb_path", "edb_bytes", d != nullptr ? &d->edb : nullptr);
    file_fields("stm_path", "stm_bytes", d != nullptr ? &d->stm : nullptr);
    o.AddMember("size_bytes", has_size ? json::Value(size) : json::Value(), alloc);
    // For people: GB as Exchange counts them (2^30 bytes), one decimal.
    o.AddMember("size_gb",
                has_size ? json::Value(std::round(static_cast<double>(size) * 10.0 / kGiB) / 10.0) : json::Value(),
                alloc);
    o.AddMember("size_error", has_size ? json::Value() : json_string(size_error, alloc), alloc);
    if (this_server && !has_size && !from_events) unmeasured.push_back(name.value_or(kind) + ": " + size_error);
    const auto circular = d != nullptr ? d->circular_logging : std::nullopt;
    o.AddMember("circular_logging", circular ? json::Value(*circular != 0) : json::Value(), alloc);
    const auto mailboxes = d != nullptr ? d->mailbox_count : std::nullopt;
    o.AddMember("mailbox_count", mailboxes ? json::Value(*mailboxes) : json::Value(), alloc);
    o.AddMember("mailbox_count_truncated", d != nullptr && d->mailbox_count_truncated, alloc);
    // The limit: this server's edition and service pack; another server's service pack from its serialNumber.
    std::int64_t sp = this_server ? this_sp : -1;
    if (!this_server && server) {
      if (auto it = server_sp.find(ascii_lower(*server)); it != server_sp.end()) sp = it->second;
    }
    const bool no_registry_limit =
        reg == nullptr && registry_read && server && servers_with_registry_limit.count(ascii_lower(*server)) == 0;
    const Limit limit = store_limit(this_server && standard, sp, registry_gb, reg != nullptr || no_registry_limit);
    o.AddMember("limit_gb", limit.gb > 0 ? json::Value(limit.gb) : json::Value(), alloc);
    o.AddMember("limit_basis", json_string(limit.basis, alloc), alloc);
    json::Value percent;
    if (has_size && limit.gb > 0) {
      percent = json::Value(std::round(static_cast<double>(size) * 1000.0 / (static_cast<double>(limit.gb) * kGiB)) / 10.0);
    }
    o.AddMember("percent_of_limit", percent, alloc);
    // SP2 and later check the logical size; before SP2 the files' size (TechNet aa998066, KB 828070).
    o.AddMember("limit_applies_to",
                sp >= 2   ? json::Value(rapidjson::StringRef("logical"))
                : sp >= 0 ? json::Value(rapidjson::StringRef("physical"))
                          : json::Value(), alloc);
    o.AddMember("limit_check", rapidjson::StringRef(limit_check(sp).data(), limit_check(sp).size()), alloc);
    list.PushBack(o, alloc);
  };
  if (registry_read) {
    for (const auto& r : registry->GetArray()) {
      const std::string k = key_of(member_string(r, "server").value_or(""), member_string(r, "kind").value_or(""));
      const DirectoryStore* match = nullptr;
      if (registry_count[k] == 1 && directory_count[k] == 1) {
        for (std::size_t i = 0; i < dir.stores.size(); ++i) {
          if (key_of(dir.stores[i].server.value_or(""), dir.stores[i].kind) == k) {
            match = &dir.stores[i];
            joined[i] = true;
          }
        }
      }
      add(&r, match);
    }
  }
  for (std::size_t i = 0; i < dir.stores.size() && list.Size() < kMaxStores; ++i) {
    if (!joined[i]) add(nullptr, &dir.stores[i]);
  }
  join_size_events(f, list, computer, [&](const DirectoryStore& named) { add(nullptr, &named, true); });
  storage_group_fact(f, list, dir);
  std::string source = registry_read ? registry_src : std::string();
  if (dir.usable) source += (source.empty() ? "" : " + ") + dir.source;
  f.set(kStores, std::move(list), source);
  if (!dir.usable) return f.set_unavailable(kMeasured, dir.status, dir.source, dir.reason);
  if (!unmeasured.empty()) {
    std::string why = "no size for:";
    for (const auto& u : unmeasured) why += " " + u + ";";
    why.pop_back();
    return f.set_unavailable(kMeasured, FactStatus::missing, dir.source, why);
  }
  f.set(kMeasured, true, dir.source);
}

void exchange_facts(Facts& f, const LoadedHive& software, const LoadedHive& system, Diagnostics& diags) {
  owa_fact(f, software);
  rpc_proxy_facts(f, software);
  static constexpr std::string_view kSystemPaths[] = {
      "exchange.rpc_over_http.store_port", "exchange.rpc_over_http.dsproxy_port", "exchange.rpc_over_http.nspi_port",
      "exchange.rpc_over_http.gc_nspi_sequences", "exchange.rpc_over_http.nspi_port_ok",
      "exchange.stores", "exchange.public_folders_present", "exchange.mailbox_stores_present",
      "exchange.pop3_connector.service", "exchange.pop3_connector.in_use"};
  if (!system.hive || !system.control_set) {
    for (auto p : kSystemPaths) {
      f.set_unavailable(p, system.control_set_status, system.artifact_id, system.control_set_reason);
    }
  } else {
    const std::string& ccs = *system.control_set;
    rpc_port_facts(f, system, &ccs);
    store_facts(f, system, ccs, diags);
    pop3_service_fact(f, system, ccs);
  }
  pop3_installed_fact(f, software);
}

}  // namespace migready::facts::detail

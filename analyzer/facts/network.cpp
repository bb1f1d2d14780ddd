// The network: the adapters as ipconfig /all shows them (and whether each is the LAN), RRAS and ISA Server in the
// SYSTEM hive, the DNS Server service's forwarders (registry-evidence §8), and conveniences derived from the
// adapters: DNS servers other than the server itself, adapters on DHCP.
#include <re2/re2.h>

#include <algorithm>
#include <unordered_set>

#include "core/json.hpp"
#include "facts/language.hpp"
#include "facts/sources.hpp"
#include "parsers/ipconfig.hpp"

namespace migready::facts::detail {
namespace {

bool is_ipv4(std::string_view s) {
  static const RE2 kIpv4(R"((\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3}))");
  int a = 0, b = 0, c = 0, d = 0;
  return RE2::FullMatch(s, kIpv4, &a, &b, &c, &d) && a < 256 && b < 256 && c < 256 && d < 256;
}

// IPv4 addresses in text separated by spaces, commas or semicolons (how NameServer-style values are
// written); other words are dropped.
void split_addresses(std::string_view text, std::vector<std::string>& out) {
  std::size_t i = 0;
  while (i < text.size() && out.size() < kMaxForwarders) {
    while (i < text.size() && (text[i] == ' ' || text[i] == ',' || text[i] == ';' || text[i] == '\t')) ++i;
    std::size_t j = i;
    while (j < text.size() && text[j] != ' ' && text[j] != ',' && text[j] != ';' && text[j] != '\t') ++j;
    if (j > i && is_ipv4(text.substr(i, j - i))) out.emplace_back(text.substr(i, j - i));
    i = j;
  }
}

// Forwarders: its type is not confirmed for Windows Server 2003, so REG_MULTI_SZ and REG_SZ (addresses
// separated by spaces or commas) and REG_BINARY as an IP4_ARRAY (DWORD count, then count IPv4 addresses in
// network byte order) are all read. Anything else is parse_failed.
Result<std::vector<std::string>> read_forwarders(const hive::Value& v) {
  std::vector<std::string> out;
  switch (v.type()) {
    case hive::ValueType::multi_sz: {
      auto list = v.as_multi_sz();
      if (!list) return list.error();
      for (const auto& s : *list) split_addresses(s, out);
      return out;
    }
    case hive::ValueType::sz:
    case hive::ValueType::expand_sz: {
      auto s = v.as_string();
      if (!s) return s.error();
      split_addresses(*s, out);
      return out;
    }
    case hive::ValueType::binary: {
      const auto d = v.data();
      if (d.size() < 4) break;
      const auto byte = [&](std::size_t i) { return static_cast<std::uint32_t>(d[i]); };
      const std::uint32_t count = byte(0) | (byte(1) << 8) | (byte(2) << 16) | (byte(3) << 24);
      if (count > (d.size() - 4) / 4) break;
      for (std::uint32_t i = 0; i < count && out.size() < kMaxForwarders; ++i) {
        const auto* a = d.data() + 4 + 4 * i;
        out.push_back(std::to_string(a[0]) + "." + std::to_string(a[1]) + "." + std::to_string(a[2]) + "." +
                      std::to_string(a[3]));
      }
      return out;
    }
    default:
      break;
  }
  return Error{Errc::format,
                               "Forwarders is " + hive::value_type_name(v.type()) + " of " +
                                   std::to_string(v.data().size()) +
                                   " bytes: neither addresses as text nor an IP4_ARRAY",
               v.where()};
}

// 255.255.255.0 -> 24; nullopt when not a dotted mask with contiguous ones.
std::optional<int> prefix_length(std::string_view mask) {
  static const RE2 kMask(R"((\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3}))");
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (!RE2::FullMatch(mask, kMask, &a, &b, &c, &d) || a > 255 || b > 255 || c > 255 || d > 255) return std::nullopt;
  const std::uint32_t bits = (a << 24) | (b << 16) | (c << 8) | d;
  const std::uint32_t inverted = ~bits;
  if ((inverted & (inverted + 1)) != 0) return std::nullopt;  // ones not contiguous from the top
  int n = 0;
  for (std::uint32_t m = bits; m != 0; m <<= 1) ++n;
  return n;
}

bool is_private_ipv4(std::string_view ip) {
  static const RE2 kPrivate(R"((10\.\d+\.\d+\.\d+|172\.(1[6-9]|2\d|3[01])\.\d+\.\d+|192\.168\.\d+\.\d+))");
  return RE2::FullMatch(ip, kPrivate);
}

// Copies `path`'s status to every path in `paths` when it is not present; true when it is.
bool needs_present(Facts& f, std::string_view path, std::initializer_list<std::string_view> paths) {
  if (present_value(f, path) != nullptr) return true;
  for (auto p : paths) inherit_unavailable(f, p, path);
  return false;
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

// Whether Routing and Remote Access is configured, and for what (RemoteAccess\Parameters):
//   ConfigurationFlags: 1 once the RRAS setup wizard configured the server (MprConfigServerInstall "writes
//     out the router is configured registry key"); absent or 0: not configured, the default (the
//     Microsoft-Windows-RasServer unattend setting ConfigurationFlags: "Specifies whether Remote Access
//     Service (RAS) is configured", default false).
//   RouterType: flags, ROUTER_TYPE_RAS 0x1 = remote access (dial-in and VPN clients), ROUTER_TYPE_LAN 0x2,
//     ROUTER_TYPE_WAN 0x4 (MS-RRASM 2.2.3.4.1); 7 = RAS, LAN and WAN, "the value for virtual private network
//     (VPN) access" (Microsoft-Windows-RasServer RouterType).
// rras.remote_access_configured: configured with the RAS flag (or no RouterType to say otherwise).
void rras_configuration_facts(Facts& f, const LoadedHive& sys, const std::string& params) {
  dword_fact(f, "rras.configuration_flags", sys, params, "ConfigurationFlags", 0);
  dword_fact(f, "rras.router_type", sys, params, "RouterType");
  const json::Value* flags = present_value(f, "rras.configuration_flags");
  const json::Value* type = present_value(f, "rras.router_type");
  if (flags == nullptr) return inherit_unavailable(f, "rras.remote_access_configured", "rras.configuration_flags");
  if (f.find("rras.router_type") != nullptr && type == nullptr) {
    return inherit_unavailable(f, "rras.remote_access_configured", "rras.router_type");
  }
  const bool configured = flags->IsInt64() && flags->GetInt64() != 0;
  const bool ras = type == nullptr || !type->IsInt64() || (type->GetInt64() & 0x1) != 0;
  f.set("rras.remote_access_configured", configured && ras, source_of(sys, params, "ConfigurationFlags"));
}

}  // namespace

void dns_server_facts(Facts& f, const LoadedHive& sys) {
  const auto ccs = control_set_or_mark(
      f, sys, {"dns_server.installed", "dns_server.forwarders", "dns_server.forwarding_timeout", "dns_server.is_slave"});
  if (!ccs) return;
  const std::string service = *ccs + "\\Services\\DNS";
  const std::string params = service + "\\Parameters";
  const bool installed = sys.hive->find(service).has_value();
  f.set("dns_server.installed", installed, source_of(sys, service, ""));
  if (!installed) {
    for (auto p : {"dns_server.forwarders", "dns_server.forwarding_timeout", "dns_server.is_slave"}) {
      f.set_null(p, source_of(sys, service, ""));
    }
    return;
  }
  const std::string src = source_of(sys, params, "Forwarders");
  auto k = sys.hive->find(params);
  auto v = k ? k->value("Forwarders") : Result<hive::Value>(k.error());
  if (!v && v.error().code == Errc::not_found) {
    f.set("dns_server.forwarders", json::Value(rapidjson::kArrayType), src);
  } else if (!v) {
    f.set_unavailable("dns_server.forwarders", FactStatus::parse_failed, src, v.error().to_string());
  } else if (auto list = read_forwarders(*v); !list) {
    f.set_unavailable("dns_server.forwarders", FactStatus::parse_failed, src, list.error().to_string());
  } else {
    f.set("dns_server.forwarders", json_strings(*list, f.allocator(), kMaxForwarders), src);
  }
  dword_fact(f, "dns_server.forwarding_timeout", sys, params, "ForwardingTimeout");
  // IsSlave 1: the server asks only its forwarders and never resolves by itself (TechNet cc940781).
  const std::string slave_src = source_of(sys, params, "IsSlave");
  auto slave = k ? k->value("IsSlave") : Result<hive::Value>(k.error());
  auto d = slave ? slave->as_dword() : Result<std::uint32_t>(slave.error());
  if (d) f.set("dns_server.is_slave", *d != 0, slave_src);
  else if (d.error().code == Errc::not_found) f.set_null("dns_server.is_slave", slave_src);
  else f.set_unavailable("dns_server.is_slave", FactStatus::parse_failed, slave_src, d.error().to_string());
}

void network_derived_facts(Facts& f) {
  if (!needs_present(f, "network.adapters",
                     {"network.dns_servers_not_self", "network.dhcp_enabled_adapters", "network.lan_adapter",
                      "network.lan_prefix_length", "network.lan_subnet_is_24"})) {
    return;
  }
  const json::Value& adapters = *present_value(f, "network.adapters");
  const std::string source = (*f.find("network.adapters"))["source"].GetString();
  auto text_of = [](const json::Value& o, const char* key) {
    auto it = o.FindMember(key);
    return it != o.MemberEnd() && it->value.IsString() ? std::string(it->value.GetString()) : std::string();
  };
  auto flag = [](const json::Value& o, const char* key) {
    auto it = o.FindMember(key);
    return it != o.MemberEnd() && it->value.IsBool() && it->value.GetBool();
  };
  // The server's own addresses: every adapter's, active or not. Sets: an adapter list may be long (issue 19).
  std::unordered_set<std::string> own;
  if (adapters.IsArray()) {
    for (const auto& a : adapters.GetArray()) {
      for (auto& ip : member_strings(a, "ipv4")) own.insert(std::move(ip));
    }
  }
  auto& alloc = f.allocator();
  json::Value not_self(rapidjson::kArrayType), dhcp(rapidjson::kArrayType);
  if (adapters.IsArray()) {
    for (const auto& a : adapters.GetArray()) {
      if (!a.IsObject() || !flag(a, "active")) continue;
      const std::string name = text_of(a, "name");
      std::unordered_set<std::string> seen;
      for (const auto& dns : member_strings(a, "dns_servers")) {
        if (dns.rfind("127.", 0) == 0 || own.count(dns) != 0) continue;
        if (!seen.insert(dns).second) continue;
        json::Value o(rapidjson::kObjectType);
        o.AddMember("address", json_string(dns, alloc), alloc);
        o.AddMember("adapter", json_string(name, alloc), alloc);
        not_self.PushBack(o, alloc);
      }
      if (flag(a, "dhcp_enabled")) {
        json::Value o(rapidjson::kObjectType);
        o.AddMember("adapter", json_string(name, alloc), alloc);
        o.AddMember("description", json_string(text_of(a, "description"), alloc), alloc);
        o.AddMember("ipv4", json_strings(member_strings(a, "ipv4"), alloc), alloc);
        dhcp.PushBack(o, alloc);
      }
    }
  }
  f.set("network.dns_servers_not_self", std::move(not_self), source);
  f.set("network.dhcp_enabled_adapters", std::move(dhcp), source);

  // The LAN adapter: an active network adapter (not a PPP link such as RRAS's dial-in interface, whose /32
  // address lies in the LAN's range) whose first usable IPv4 address is private (RFC 1918), preferring one
  // with a default gateway (the router the document asks for); the first such in ipconfig's order.
  const json::Value* lan = nullptr;
  std::string lan_ip, lan_mask;
  bool lan_has_gateway = false;
  if (adapters.IsArray()) {
    for (const auto& a : adapters.GetArray()) {
      if (!a.IsObject() || !flag(a, "lan")) continue;
      const auto ips = member_strings(a, "ipv4");
      const auto masks = member_strings(a, "subnet_masks");
      for (std::size_t i = 0; i < ips.size(); ++i) {
        if (!is_private_ipv4(ips[i])) continue;
        const bool gateway = !member_strings(a, "gateways").empty();
        if (lan == nullptr || (gateway && !lan_has_gateway)) {
          lan = &a;
          lan_ip = ips[i];
          lan_mask = i < masks.size() ? masks[i] : std::string();
          lan_has_gateway = gateway;
        }
        break;
      }
    }
  }
  if (lan == nullptr) {
    for (auto p : {"network.lan_adapter", "network.lan_prefix_length", "network.lan_subnet_is_24"}) f.set_null(p, source);
    return;
  }
  const auto prefix = prefix_length(lan_mask);
  // ipconfig's adapters carry their line; api.network's are named by the document alone.
  const std::string lan_source = lan->HasMember("line") && (*lan)["line"].IsInt64()
                                     ? source + ":" + std::to_string((*lan)["line"].GetInt64())
                                     : source;
  json::Value o(rapidjson::kObjectType);
  o.AddMember("name", json_string(text_of(*lan, "name"), alloc), alloc);
  o.AddMember("ipv4", json_string(lan_ip, alloc), alloc);
  o.AddMember("subnet_mask", json_string(lan_mask, alloc), alloc);
  o.AddMember("prefix_length", prefix ? json::Value(*prefix) : json::Value(), alloc);
  o.AddMember("has_gateway", lan_has_gateway, alloc);
  f.set("network.lan_adapter", std::move(o), lan_source);
  if (!prefix) {
    const std::string why = "the LAN adapter's subnet mask \"" + lan_mask.substr(0, 32) + "\" is not a contiguous mask";
    f.set_unavailable("network.lan_prefix_length", FactStatus::parse_failed, lan_source, why);
    return f.set_unavailable("network.lan_subnet_is_24", FactStatus::parse_failed, lan_source, why);
  }
  f.set("network.lan_prefix_length", std::int64_t{*prefix}, lan_source);
  f.set("network.lan_subnet_is_24", *prefix == 24, lan_source);
}

namespace {

// One adapter as the network facts see it, from either reading.
struct NetAdapter {
  std::string name;         // the connection's name ("Local Area Connection")
  std::string kind;         // ipconfig's "Ethernet", "PPP", "Tunnel"; the API's type spelled the same way
  std::string link;         // lan, point_to_point, tunnel, loopback
  std::string description;
  std::string physical_address;  // "00-1C-C4-5B-22-10"
  std::optional<bool> dhcp_enabled;
  bool connected = true;  // not "Media disconnected" (ipconfig) / OperStatus up or unknown (API)
  std::vector<std::string> ipv4, subnet_masks, ipv6, gateways, dns_servers;
  std::optional<std::string> type;           // API only: "ethernet", "ppp", ...
  std::optional<std::uint64_t> type_code;    // API only: IfType
  std::optional<std::string> oper_status;    // API only
  int line = 0;                              // ipconfig: the adapter's header line
  std::optional<int> ipconfig_line;          // API: the line of the same adapter in ipconfig /all, as evidence
};

struct NetReading {
  std::vector<NetAdapter> adapters;
  std::optional<bool> ip_routing_enabled;
  std::string routing_source;  // where ip_routing_enabled came from
};

NetAdapter from_ipconfig(const parsers::IpconfigAdapter& a) {
  NetAdapter n;
  n.name = a.name;
  n.kind = a.kind;
  n.link = std::string(link_of(a));
  n.description = a.description;
  n.physical_address = a.physical_address;
  n.dhcp_enabled = a.dhcp_enabled;
  n.connected = !a.media_disconnected;
  n.ipv4 = a.ipv4;
  n.subnet_masks = a.subnet_masks;
  n.ipv6 = a.ipv6;
  n.gateways = a.gateways;
  n.dns_servers = a.dns_servers;
  n.line = a.line;
  return n;
}

// The API's adapter type as ipconfig names the adapter's kind.
std::string kind_of_type(std::string_view type) {
  if (type == "ethernet") return "Ethernet";
  if (type == "ppp") return "PPP";
  if (type == "tunnel") return "Tunnel";
  if (type == "loopback") return "Loopback";
  if (type == "wireless") return "Wireless";
  return "Other";
}

// One adapter of api.network's adapters.items (the document passed its schema, so members are typed).
NetAdapter from_api(const json::Value& a) {
  NetAdapter n;
  n.type = member_string(a, "type").value_or("other");
  n.type_code = member_uint(a, "type_code");
  n.oper_status = member_string(a, "oper_status");
  n.kind = kind_of_type(*n.type);
  n.name = member_string(a, "friendly_name").value_or(member_string(a, "description").value_or(""));
  n.description = member_string(a, "description").value_or("");
  n.physical_address = member_string(a, "physical_address").value_or("");
  if (auto it = a.FindMember("dhcp_enabled"); it != a.MemberEnd() && it->value.IsBool()) n.dhcp_enabled = it->value.GetBool();
  // Down, not present or its lower layer down: ipconfig's "Media disconnected".
  n.connected = !n.oper_status || (*n.oper_status != "down" && *n.oper_status != "not_present" &&
                                   *n.oper_status != "lower_layer_down");
  if (auto it = a.FindMember("ipv4"); it != a.MemberEnd() && it->value.IsArray()) {
    for (const auto& ip : it->value.GetArray()) {
      if (!ip.IsObject()) continue;
      n.ipv4.push_back(member_string(ip, "address").value_or(""));
      n.subnet_masks.push_back(member_string(ip, "mask").value_or(""));
    }
  }
  if (auto it = a.FindMember("ipv6"); it != a.MemberEnd() && it->value.IsArray()) {
    for (const auto& ip : it->value.GetArray()) {
      if (ip.IsObject()) n.ipv6.push_back(member_string(ip, "address").value_or(""));
    }
  }
  n.gateways = member_strings(a, "gateways");
  n.dns_servers = member_strings(a, "dns_servers");
  // The link: the IfType first (IF_TYPE_PPP is NDISWAN's PPP links, RRAS's dial-in interface among them), then
  // the same evidence ipconfig's adapters are judged by.
  if (*n.type == "loopback") {
    n.link = "loopback";
  } else if (*n.type == "ppp") {
    n.link = "point_to_point";
  } else if (*n.type == "tunnel") {
    n.link = "tunnel";
  } else {
    parsers::IpconfigAdapter like;
    like.kind = n.kind;
    like.description = n.description;
    like.physical_address = n.physical_address;
    for (const auto& m : n.subnet_masks) {
      if (!m.empty()) like.subnet_masks.push_back(m);
    }
    n.link = std::string(link_of(like));
  }
  return n;
}

bool usable_ipv4(const std::string& ip) {
  return is_ipv4(ip) && ip != "0.0.0.0" && ip.rfind("169.254.", 0) != 0 && ip.rfind("127.", 0) != 0;
}

// The same adapter in ipconfig's list: by physical address when it has one, else by name.
const parsers::IpconfigAdapter* ipconfig_twin(const NetAdapter& a, const parsers::Ipconfig& ipc) {
  for (const auto& i : ipc.adapters) {
    if (!a.physical_address.empty() && ascii_lower(i.physical_address) == ascii_lower(a.physical_address)) return &i;
  }
  for (const auto& i : ipc.adapters) {
    if (!a.name.empty() && i.name == a.name) return &i;
  }
  return nullptr;
}

std::string joined(const std::vector<std::string>& list) {
  std::string out;
  for (const auto& s : list) out += (out.empty() ? "" : ", ") + s;
  return out.empty() ? "(none)" : out;
}

// The elements of `a` not in `b`, in `a`'s order, once each. Hash sets, not std::find: both lists may hold every
// address of a long adapter list (issue 19).
std::vector<std::string> only_in(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  const std::unordered_set<std::string_view> in_b(b.begin(), b.end());
  std::unordered_set<std::string_view> taken;
  std::vector<std::string> out;
  for (const auto& s : a) {
    if (in_b.count(s) == 0 && taken.insert(s).second) out.push_back(s);
  }
  return out;
}

// A list that keeps each string once, in first-seen order, in linear time.
struct UniqueList {
  std::vector<std::string> items;
  std::unordered_set<std::string> seen;
  void add(const std::string& s) {
    if (seen.insert(s).second) items.push_back(s);
  }
};

// What api.network and ipconfig /all say differently, each difference an object whose `name` says it in words.
// Compared: the adapters holding a usable IPv4 address (how many), every such address, the gateways, the DNS
// servers and IP routing. Loopback adapters are left out (Windows' ipconfig does not list the loopback; Wine's
// does).
json::Value differences(const NetReading& api, const NetReading& text, json::Document::AllocatorType& alloc) {
  json::Value out(rapidjson::kArrayType);
  auto add = [&](std::string_view what, const std::string& api_value, const std::string& text_value) {
    if (out.Size() >= kMaxReadingDifferences) return;
    json::Value o(rapidjson::kObjectType);
    o.AddMember("name", json_string(std::string(what) + ": api.network " + api_value + ", ipconfig /all " + text_value, alloc),
                alloc);
    o.AddMember("what", json_string(what, alloc), alloc);
    o.AddMember("api", json_string(api_value, alloc), alloc);
    o.AddMember("ipconfig", json_string(text_value, alloc), alloc);
    out.PushBack(o, alloc);
  };
  struct Sets {
    std::size_t addressed = 0;
    UniqueList ipv4, gateways, dns;
  };
  auto sets = [](const NetReading& r) {
    Sets s;
    for (const auto& a : r.adapters) {
      if (a.link == "loopback") continue;
      bool addressed = false;
      for (const auto& ip : a.ipv4) {
        if (!usable_ipv4(ip)) continue;
        addressed = true;
        s.ipv4.add(ip);
      }
      s.addressed += addressed ? 1 : 0;
      for (const auto& g : a.gateways) s.gateways.add(g);
      for (const auto& d : a.dns_servers) s.dns.add(ascii_lower(d));
    }
    return s;
  };
  const Sets a = sets(api), t = sets(text);
  if (a.addressed != t.addressed) {
    add("adapters with an IPv4 address", std::to_string(a.addressed), std::to_string(t.addressed));
  }
  auto compare = [&](std::string_view what, const std::vector<std::string>& x, const std::vector<std::string>& y) {
    const auto only_api = only_in(x, y), only_text = only_in(y, x);
    if (!only_api.empty() || !only_text.empty()) add(what, "only " + joined(only_api), "only " + joined(only_text));
  };
  compare("IPv4 addresses", a.ipv4.items, t.ipv4.items);
  compare("default gateways", a.gateways.items, t.gateways.items);
  compare("DNS servers", a.dns.items, t.dns.items);
  if (api.ip_routing_enabled && text.ip_routing_enabled && *api.ip_routing_enabled != *text.ip_routing_enabled) {
    add("IP routing", *api.ip_routing_enabled ? "enabled" : "disabled", *text.ip_routing_enabled ? "enabled" : "disabled");
  }
  return out;
}

constexpr std::string_view kNetworkPaths[] = {"network.adapters", "network.active_adapter_count",
                                              "network.default_gateways", "network.public_addresses"};

// The facts read from the adapters, whichever reading they come from.
void adapter_facts(Facts& f, const std::vector<NetAdapter>& list, const std::string& source) {
  auto& alloc = f.allocator();
  json::Value adapters(rapidjson::kArrayType);
  std::vector<std::string> gateways, public_addresses;
  std::int64_t active = 0;
  for (const auto& a : list) {
    if (adapters.Size() >= kMaxAdapters) break;
    // Active: connected and holding a usable IPv4 address (tunnel pseudo-adapters hold none; Wine lists
    // the loopback adapter, Windows' ipconfig does not).
    bool has_address = false;
    for (const auto& ip : a.ipv4) {
      has_address = has_address || (ip != "0.0.0.0" && ip.rfind("169.254.", 0) != 0 && ip.rfind("127.", 0) != 0);
    }
    const bool is_active = a.connected && has_address && a.link != "loopback";
    // The network rules count and read LAN adapters only. A point-to-point link's gateway is its own
    // address (a dial-up client) or none (the RAS server interface), never a router. Its public address still
    // counts when it has a gateway: the server then dials the Internet itself (PPPoE), which the document
    // replaces by a router; the RAS server interface (no gateway) takes its address from the LAN's pool.
    const bool is_lan = is_active && a.link == "lan";
    if (is_lan) {
      ++active;
      gateways.insert(gateways.end(), a.gateways.begin(), a.gateways.end());
    }
    if (is_lan || (is_active && a.link == "point_to_point" && !a.gateways.empty())) {
      for (const auto& ip : a.ipv4) {
        if (is_public_ipv4(ip)) public_addresses.push_back(ip + " (" + a.name + ")");
      }
    }
    json::Value o(rapidjson::kObjectType);
    o.AddMember("name", json_string(a.name, alloc), alloc);
    o.AddMember("kind", json_string(a.kind, alloc), alloc);
    o.AddMember("link", json_string(a.link, alloc), alloc);
    o.AddMember("description", json_string(a.description, alloc), alloc);
    o.AddMember("physical_address", json_string(a.physical_address, alloc), alloc);
    o.AddMember("active", is_active, alloc);
    o.AddMember("lan", is_lan, alloc);
    o.AddMember("dhcp_enabled", a.dhcp_enabled ? json::Value(*a.dhcp_enabled) : json::Value(), alloc);
    o.AddMember("ipv4", json_strings(a.ipv4, alloc), alloc);
    o.AddMember("subnet_masks", json_strings(a.subnet_masks, alloc), alloc);
    o.AddMember("gateways", json_strings(a.gateways, alloc), alloc);
    o.AddMember("dns_servers", json_strings(a.dns_servers, alloc), alloc);
    if (a.type) {
      o.AddMember("ipv6", json_strings(a.ipv6, alloc), alloc);
      o.AddMember("type", json_string(*a.type, alloc), alloc);
      o.AddMember("type_code", a.type_code ? json::Value(*a.type_code) : json::Value(), alloc);
      o.AddMember("oper_status", json_optional(a.oper_status, alloc), alloc);
      o.AddMember("ipconfig_line", a.ipconfig_line ? json::Value(*a.ipconfig_line) : json::Value(), alloc);
    } else {
      o.AddMember("line", a.line, alloc);
    }
    adapters.PushBack(o, alloc);
  }
  f.set("network.adapters", std::move(adapters), source);
  f.set("network.active_adapter_count", active, source);
  f.set("network.default_gateways", json_strings(gateways, alloc), source);
  f.set("network.public_addresses", json_strings(public_addresses, alloc), source);
}

}  // namespace

// The network facts prefer api.network (the IP Helper API: no localized label between the server and the
// facts) and fall back to ipconfig /all's text when the document is absent (a 1.0/1.1 bundle) or its part
// failed; ipconfig stays the evidence (each API adapter names its ipconfig line) and the two are cross-checked
// when both can be read (network.reading_differences).
void network_facts(Facts& f, const Bundle& b, Diagnostics& diags) {
  const std::string text_id = "command.ipconfig_all", api_id = "api.network";
  // ipconfig /all, in the bundle's UI language (language.hpp): one no table knows leaves the text unread.
  const TextLanguage lang = text_language(b.manifest);
  std::optional<parsers::Ipconfig> ipc;
  FactStatus text_status = FactStatus::collection_failed;
  std::string text_reason;
  if (TextArtifact t = load_text(b, text_id, diags); !t.reason.empty()) {
    text_reason = t.reason;
  } else if (text_unreadable(lang, text_id)) {
    text_status = FactStatus::parse_failed;
    text_reason = unsupported_language_reason(lang, text_id);
  } else if (auto parsed = parsers::parse_ipconfig(t.text, t.where, diags, lang.language); !parsed) {
    text_status = FactStatus::parse_failed;
    text_reason = parsed.error().to_string();
  } else {
    ipc = std::move(*parsed);
  }
  // api.network, when the bundle has it (format 1.2).
  ApiDoc api = b.artifact(api_id) != nullptr ? read_api_doc(b, api_id, "migready-api-network/1", diags) : ApiDoc{};
  const json::Value* api_adapters = nullptr;
  const json::Value* api_params = nullptr;
  std::string api_reason = b.artifact(api_id) != nullptr ? api.reason : std::string();
  if (api.doc) {
    const json::Value& doc = *api.doc;
    const json::Value& part = doc["adapters"];
    if (member_string(part, "status").value_or("failed") != "failed") api_adapters = &part["items"];
    else api_reason = "adapters: " + member_string(part, "error").value_or("failed");
    if (member_string(doc["params"], "status").value_or("failed") == "ok") api_params = &doc["params"];
  }

  NetReading text_reading, api_reading;
  if (ipc) {
    for (const auto& a : ipc->adapters) text_reading.adapters.push_back(from_ipconfig(a));
    text_reading.ip_routing_enabled = ipc->ip_routing_enabled;
  }
  if (api_adapters != nullptr) {
    for (const auto& a : api_adapters->GetArray()) {
      if (api_reading.adapters.size() >= parsers::kMaxIpconfigAdapters) {
        // The same bound as ipconfig's (parsers/ipconfig.hpp says why); the schema's own cap may be higher.
        diags.warn(Errc::limit,
                   "input exceeds LIMIT (" + std::to_string(parsers::kMaxIpconfigAdapters) +
                       " adapters): facts from the first " + std::to_string(parsers::kMaxIpconfigAdapters) +
                       ", the rest ignored",
                   api_id + ":adapters.items");
        break;
      }
      NetAdapter n = from_api(a);
      // The loopback is no adapter of the network (Windows' ipconfig does not list it), so it is left out as
      // ipconfig leaves it out.
      if (n.link == "loopback") continue;
      if (ipc) {
        if (const auto* twin = ipconfig_twin(n, *ipc)) n.ipconfig_line = twin->line;
      }
      api_reading.adapters.push_back(std::move(n));
    }
  }
  if (api_params != nullptr) {
    if (auto it = api_params->FindMember("ip_routing_enabled"); it != api_params->MemberEnd() && it->value.IsBool()) {
      api_reading.ip_routing_enabled = it->value.GetBool();
    }
  }

  // The adapters: the API's, else ipconfig's, else why neither can be read.
  if (api_adapters != nullptr) {
    adapter_facts(f, api_reading.adapters, api_id);
  } else if (ipc) {
    adapter_facts(f, text_reading.adapters, text_id);
  } else {
    const std::string reason = api_reason.empty() ? text_reason : api_id + ": " + api_reason + "; " + text_id + ": " + text_reason;
    for (auto path : kNetworkPaths) f.set_unavailable(path, text_status, text_id, reason);
  }

  // IP routing: GetNetworkParams' EnableRouting, else ipconfig's "IP Routing Enabled" line.
  if (api_reading.ip_routing_enabled) {
    f.set("network.ip_routing_enabled", *api_reading.ip_routing_enabled, api_id + ":params.ip_routing_enabled");
  } else if (text_reading.ip_routing_enabled) {
    f.set("network.ip_routing_enabled", *text_reading.ip_routing_enabled, text_id);
  } else if (ipc) {
    f.set_unavailable("network.ip_routing_enabled", FactStatus::missing, text_id, "no 'IP Routing Enabled' line");
  } else {
    f.set_unavailable("network.ip_routing_enabled", text_status, text_id, text_reason);
  }

  // The cross-check: only when both readings are there; null (nothing to compare) when one is.
  if (api_adapters != nullptr && ipc) {
    f.set("network.reading_differences", differences(api_reading, text_reading, f.allocator()),
          api_id + ", " + text_id);
  } else if (api_adapters != nullptr || ipc) {
    f.set_null("network.reading_differences", api_adapters != nullptr ? api_id : text_id);
  } else {
    f.set_unavailable("network.reading_differences", text_status, text_id,
                      api_reason.empty() ? text_reason : api_id + ": " + api_reason + "; " + text_id + ": " + text_reason);
  }
}

// ISA Server's Firewall service (registry-evidence §4, §10): its key marks ISA as surely as the Fpc key, so
// it also sets isa.installed (read from SOFTWARE first) when that said no or could not tell.
void isa_service_facts(Facts& f, const LoadedHive& sys) {
  const auto ccs = control_set_or_mark(f, sys, {"isa.firewall_service_present"});
  if (!ccs) return;
  const std::string fwsrv = *ccs + "\\Services\\FwSrv";
  key_exists_fact(f, "isa.firewall_service_present", sys, fwsrv);
  if (sys.hive->find(fwsrv)) f.set("isa.installed", true, source_of(sys, fwsrv, ""));
}

void rras_registry_facts(Facts& f, const LoadedHive& sys) {
  const auto ccs = control_set_or_mark(f, sys, {"rras.start", "rras.configuration_flags", "rras.router_type",
                                                "rras.remote_access_configured"});
  if (!ccs) return;
  // Start: 2 automatic, 3 manual, 4 disabled; null when the service does not exist.
  dword_fact(f, "rras.start", sys, *ccs + "\\Services\\RemoteAccess", "Start");
  rras_configuration_facts(f, sys, *ccs + "\\Services\\RemoteAccess\\Parameters");
}

// Persistent static routes: "route -p add" writes each one as a value of Tcpip\Parameters\PersistentRoutes
// whose NAME is "destination,mask,gateway,metric" (the data is an empty string), and TCP/IP adds them again
// at every start. A value name in another form is kept with null fields, never dropped.
void persistent_route_facts(Facts& f, const LoadedHive& sys) {
  constexpr std::string_view kPath = "network.persistent_routes";
  const auto ccs = control_set_or_mark(f, sys, {kPath});
  if (!ccs) return;
  const std::string key = *ccs + "\\Services\\Tcpip\\Parameters\\PersistentRoutes";
  const std::string source = source_of(sys, key, "");
  auto k = sys.hive->find(key);
  auto& alloc = f.allocator();
  json::Value list(rapidjson::kArrayType);
  if (!k) {
    if (k.error().code != Errc::not_found) {
      return f.set_unavailable(kPath, FactStatus::parse_failed, source, k.error().to_string());
    }
    return f.set(kPath, std::move(list), source);  // no key: no persistent route
  }
  static const RE2 kRoute(R"(^\s*(\d{1,3}(?:\.\d{1,3}){3})\s*,\s*(\d{1,3}(?:\.\d{1,3}){3})\s*,\s*(\d{1,3}(?:\.\d{1,3}){3})\s*,\s*(\d{1,10})\s*$)");
  for (const hive::Value& v : k->values()) {
    if (list.Size() >= kMaxPersistentRoutes) break;
    const std::string& name = v.name();
    if (name.empty()) continue;  // the key's default value is not a route
    std::string destination, mask, gateway, metric;
    json::Value o(rapidjson::kObjectType);
    o.AddMember("value", json_string(name.substr(0, 256), alloc), alloc);
    if (RE2::FullMatch(name, kRoute, &destination, &mask, &gateway, &metric)) {
      o.AddMember("destination", json_string(destination, alloc), alloc);
      o.AddMember("mask", json_string(mask, alloc), alloc);
      o.AddMember("gateway", json_string(gateway, alloc), alloc);
      o.AddMember("metric", json::Value(static_cast<std::int64_t>(std::stoull(metric))), alloc);
    } else {
      for (const char* field : {"destination", "mask", "gateway", "metric"}) {
        o.AddMember(json::Value(field, alloc), json::Value(), alloc);
      }
    }
    o.AddMember("name", json_string(destination.empty() ? name.substr(0, 256) : destination + " via " + gateway, alloc), alloc);
    list.PushBack(o, alloc);
  }
  f.set(kPath, std::move(list), source);
}

}  // namespace migready::facts::detail

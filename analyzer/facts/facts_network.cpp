// The DNS Server service's forwarders (SYSTEM hive, registry-evidence §8) and conveniences derived from the
// ipconfig facts: DNS servers other than the server itself, and adapters on DHCP.
#include <re2/re2.h>

#include <algorithm>

#include "facts/facts_internal.hpp"

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
    f.set("dns_server.forwarders", rapidjson::Value(rapidjson::kArrayType), src);
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
  const rapidjson::Value& adapters = *present_value(f, "network.adapters");
  const std::string source = (*f.find("network.adapters"))["source"].GetString();
  auto strings_of = [](const rapidjson::Value& o, const char* key) {
    std::vector<std::string> out;
    auto it = o.FindMember(key);
    if (it == o.MemberEnd() || !it->value.IsArray()) return out;
    for (const auto& s : it->value.GetArray()) {
      if (s.IsString()) out.emplace_back(s.GetString(), s.GetStringLength());
    }
    return out;
  };
  auto text_of = [](const rapidjson::Value& o, const char* key) {
    auto it = o.FindMember(key);
    return it != o.MemberEnd() && it->value.IsString() ? std::string(it->value.GetString()) : std::string();
  };
  auto flag = [](const rapidjson::Value& o, const char* key) {
    auto it = o.FindMember(key);
    return it != o.MemberEnd() && it->value.IsBool() && it->value.GetBool();
  };
  // The server's own addresses: every adapter's, active or not.
  std::vector<std::string> own;
  if (adapters.IsArray()) {
    for (const auto& a : adapters.GetArray()) {
      for (auto& ip : strings_of(a, "ipv4")) own.push_back(std::move(ip));
    }
  }
  auto& alloc = f.allocator();
  rapidjson::Value not_self(rapidjson::kArrayType), dhcp(rapidjson::kArrayType);
  if (adapters.IsArray()) {
    for (const auto& a : adapters.GetArray()) {
      if (!a.IsObject() || !flag(a, "active")) continue;
      const std::string name = text_of(a, "name");
      std::vector<std::string> seen;
      for (const auto& dns : strings_of(a, "dns_servers")) {
        if (dns.rfind("127.", 0) == 0 || std::find(own.begin(), own.end(), dns) != own.end()) continue;
        if (std::find(seen.begin(), seen.end(), dns) != seen.end()) continue;
        seen.push_back(dns);
        rapidjson::Value o(rapidjson::kObjectType);
        o.AddMember("address", json_string(dns, alloc), alloc);
        o.AddMember("adapter", json_string(name, alloc), alloc);
        not_self.PushBack(o, alloc);
      }
      if (flag(a, "dhcp_enabled")) {
        rapidjson::Value o(rapidjson::kObjectType);
        o.AddMember("adapter", json_string(name, alloc), alloc);
        o.AddMember("description", json_string(text_of(a, "description"), alloc), alloc);
        o.AddMember("ipv4", json_strings(strings_of(a, "ipv4"), alloc), alloc);
        dhcp.PushBack(o, alloc);
      }
    }
  }
  f.set("network.dns_servers_not_self", std::move(not_self), source);
  f.set("network.dhcp_enabled_adapters", std::move(dhcp), source);

  // The LAN adapter: an active network adapter (not a PPP link such as RRAS's dial-in interface, whose /32
  // address lies in the LAN's range) whose first usable IPv4 address is private (RFC 1918), preferring one
  // with a default gateway (the router the document asks for); the first such in ipconfig's order.
  const rapidjson::Value* lan = nullptr;
  std::string lan_ip, lan_mask;
  bool lan_has_gateway = false;
  if (adapters.IsArray()) {
    for (const auto& a : adapters.GetArray()) {
      if (!a.IsObject() || !flag(a, "lan")) continue;
      const auto ips = strings_of(a, "ipv4");
      const auto masks = strings_of(a, "subnet_masks");
      for (std::size_t i = 0; i < ips.size(); ++i) {
        if (!is_private_ipv4(ips[i])) continue;
        const bool gateway = !strings_of(a, "gateways").empty();
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
  const std::string lan_source = source + ":" + std::to_string(lan->HasMember("line") && (*lan)["line"].IsInt64()
                                                                   ? (*lan)["line"].GetInt64() : 0);
  rapidjson::Value o(rapidjson::kObjectType);
  o.AddMember("name", json_string(text_of(*lan, "name"), alloc), alloc);
  o.AddMember("ipv4", json_string(lan_ip, alloc), alloc);
  o.AddMember("subnet_mask", json_string(lan_mask, alloc), alloc);
  o.AddMember("prefix_length", prefix ? rapidjson::Value(*prefix) : rapidjson::Value(), alloc);
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

}  // namespace migready::facts::detail

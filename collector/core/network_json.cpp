#include "core/network_json.hpp"

#include <algorithm>

#include "core/json_writer.hpp"
#include "core/sntp.hpp"
#include "core/time_format.hpp"

namespace migready::collector::network {
namespace {

constexpr std::string_view kAddressesCall = "GetAdaptersAddresses";
constexpr std::string_view kInfoCall = "GetAdaptersInfo";

// time_t seconds to "…Z"; nullopt for 0 (none) or a value outside 1970..9999.
std::optional<std::string> utc_from_time_t(std::int64_t seconds) {
  constexpr std::int64_t kMax = 253402300799;  // 9999-12-31T23:59:59Z
  if (seconds <= 0 || seconds > kMax) return std::nullopt;
  constexpr std::uint64_t kEpochDelta = 11644473600ull;  // 1601-01-01 to 1970-01-01, seconds
  return format_utc(sntp::civil_from_filetime((static_cast<std::uint64_t>(seconds) + kEpochDelta) * 10000000ull));
}

// A valid dotted quad as written ("192.168.016.002" is normalized), nullopt for anything else or 0.0.0.0.
std::optional<std::string> usable_ipv4(std::string_view text) {
  const auto bytes = parse_ipv4(text);
  if (!bytes || (*bytes == std::array<std::uint8_t, 4>{})) return std::nullopt;
  IpAddress a;
  std::copy(bytes->begin(), bytes->end(), a.bytes.begin());
  return address_text(a);
}

// Text the OS hands us, cut to `max` bytes on a UTF-8 character boundary (the schema bounds every string).
std::string cut(std::string_view text, std::size_t max = 1000) {
  if (text.size() <= max) return std::string(text);
  std::size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  return std::string(text.substr(0, n));
}

bool is_zero_ipv4(const IpAddress& a) { return !a.v6 && a.bytes[0] == 0 && a.bytes[1] == 0 && a.bytes[2] == 0 && a.bytes[3] == 0; }

void write_call(JsonWriter& w, std::string_view call, const std::optional<CallFailure>& failure) {
  w.begin_object();
  w.key("call").value(call);
  w.key("status").value(failure ? "failed" : "ok");
  if (failure) {
    w.key("win32_error").value(static_cast<std::uint64_t>(failure->win32_error));
    w.key("error").value(failure->error);
  } else {
    w.key("win32_error").null();
    w.key("error").null();
  }
  w.end_object();
}

void write_ipv4_list(JsonWriter& w, const std::vector<std::string>& list) {
  w.begin_array();
  std::size_t n = 0;
  for (const std::string& s : list) {
    if (n == kMaxPerList) break;
    if (auto ip = usable_ipv4(s)) {
      w.value(*ip);
      ++n;
    }
  }
  w.end_array();
}

void write_optional_ipv4(JsonWriter& w, const std::optional<std::string>& text) {
  const auto ip = text ? usable_ipv4(*text) : std::nullopt;
  w.value_or_null(ip);
}

void write_address_list(JsonWriter& w, const std::vector<IpAddress>& list) {
  w.begin_array();
  std::size_t n = 0;
  for (const IpAddress& a : list) {
    if (n == kMaxPerList) break;
    if (is_zero_ipv4(a)) continue;
    w.value(address_text(a));
    ++n;
  }
  w.end_array();
}

// One adapter: `gaa` and/or `info` (at least one).
void write_adapter(JsonWriter& w, const AddressesEntry* gaa, const InfoEntry* info) {
  w.begin_object();
  w.key("name").value(cut(gaa ? gaa->name : info->name, 256));
  w.key("index").value(static_cast<std::uint64_t>(gaa ? gaa->if_index : info->index));
  w.key("description").value(cut(gaa ? gaa->description : info->description));
  if (gaa) w.key("friendly_name").value(cut(gaa->friendly_name));
  else w.key("friendly_name").null();
  const std::uint32_t type = gaa ? gaa->if_type : info->type;
  w.key("type").value(if_type_name(type));
  w.key("type_code").value(static_cast<std::uint64_t>(type));
  if (gaa) {
    w.key("oper_status").value(oper_status_name(gaa->oper_status));
    w.key("oper_status_code").value(static_cast<std::uint64_t>(gaa->oper_status));
  } else {
    w.key("oper_status").null();
    w.key("oper_status_code").null();
  }
  w.key("physical_address").value(physical_address_text(gaa ? gaa->physical_address : info->physical_address));
  if (gaa) w.key("mtu").value(static_cast<std::uint64_t>(gaa->mtu));
  else w.key("mtu").null();
  if (gaa) w.key("dns_suffix").value(cut(gaa->dns_suffix));
  else w.key("dns_suffix").null();
  const bool dhcp = info ? info->dhcp_enabled : gaa->dhcp_flag;
  w.key("dhcp_enabled").value(dhcp);
  w.key("dhcp_server");
  write_optional_ipv4(w, info && dhcp ? std::optional<std::string>(info->dhcp_server) : std::nullopt);
  w.key("lease_obtained_utc").value_or_null(info && dhcp ? utc_from_time_t(info->lease_obtained) : std::nullopt);
  w.key("lease_expires_utc").value_or_null(info && dhcp ? utc_from_time_t(info->lease_expires) : std::nullopt);

  // IPv4: GetAdaptersAddresses' unicast list with GetAdaptersInfo's mask beside each; else GetAdaptersInfo's.
  struct V4 {
    std::string address;
    std::optional<std::string> mask;
  };
  std::vector<V4> v4;
  auto mask_of = [&](const std::string& address) -> std::optional<std::string> {
    if (!info) return std::nullopt;
    for (const InfoAddress& ia : info->addresses) {
      if (usable_ipv4(ia.address) == address) {
        const auto m = parse_ipv4(ia.mask);
        if (!m) return std::nullopt;
        IpAddress a;
        std::copy(m->begin(), m->end(), a.bytes.begin());
        return address_text(a);
      }
    }
    return std::nullopt;
  };
  if (gaa) {
    for (const IpAddress& a : gaa->unicast) {
      if (a.v6 || is_zero_ipv4(a)) continue;
      const std::string text = address_text(a);
      v4.push_back({text, mask_of(text)});
    }
  } else {
    for (const InfoAddress& ia : info->addresses) {
      if (auto ip = usable_ipv4(ia.address)) v4.push_back({*ip, mask_of(*ip)});
    }
  }
  w.key("ipv4").begin_array();
  for (std::size_t i = 0; i < v4.size() && i < kMaxPerList; ++i) {
    w.begin_object();
    w.key("address").value(v4[i].address);
    w.key("mask").value_or_null(v4[i].mask);
    const auto prefix = v4[i].mask ? mask_prefix_length(*v4[i].mask) : std::nullopt;
    w.key("prefix_length").value_or_null(prefix);
    w.end_object();
  }
  w.end_array();

  w.key("ipv6").begin_array();
  if (gaa) {
    std::size_t n = 0;
    for (const IpAddress& a : gaa->unicast) {
      if (!a.v6 || n == kMaxPerList) continue;
      ++n;
      w.begin_object();
      w.key("address").value(address_text(a));
      const auto prefix = prefix_length_for(a, gaa->prefixes);
      w.key("prefix_length").value_or_null(prefix ? std::optional<std::uint64_t>(*prefix) : std::nullopt);
      w.end_object();
    }
  }
  w.end_array();

  w.key("gateways");
  write_ipv4_list(w, info ? info->gateways : std::vector<std::string>{});
  w.key("dns_servers");
  write_address_list(w, gaa ? gaa->dns_servers : std::vector<IpAddress>{});
  w.key("wins_primary");
  write_optional_ipv4(w, info ? info->wins_primary : std::nullopt);
  w.key("wins_secondary");
  write_optional_ipv4(w, info ? info->wins_secondary : std::nullopt);
  w.key("listed_by").begin_array();
  if (gaa) w.value(kAddressesCall);
  if (info) w.value(kInfoCall);
  w.end_array();
  w.end_object();
}

}  // namespace

std::optional<std::array<std::uint8_t, 4>> parse_ipv4(std::string_view text) {
  std::array<std::uint8_t, 4> out{};
  std::size_t pos = 0;
  for (int part = 0; part < 4; ++part) {
    if (part > 0) {
      if (pos >= text.size() || text[pos] != '.') return std::nullopt;
      ++pos;
    }
    unsigned value = 0;
    std::size_t digits = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9' && digits < 4) {
      value = value * 10 + static_cast<unsigned>(text[pos] - '0');
      ++pos;
      ++digits;
    }
    if (digits == 0 || digits > 3 || value > 255) return std::nullopt;
    out[static_cast<std::size_t>(part)] = static_cast<std::uint8_t>(value);
  }
  if (pos != text.size()) return std::nullopt;
  return out;
}

std::optional<int> mask_prefix_length(std::string_view mask) {
  const auto b = parse_ipv4(mask);
  if (!b) return std::nullopt;
  const std::uint32_t bits = (std::uint32_t{(*b)[0]} << 24) | (std::uint32_t{(*b)[1]} << 16) |
                             (std::uint32_t{(*b)[2]} << 8) | std::uint32_t{(*b)[3]};
  const std::uint32_t inverted = ~bits;
  if ((inverted & (inverted + 1)) != 0) return std::nullopt;
  int n = 0;
  for (std::uint32_t m = bits; m != 0; m <<= 1) ++n;
  return n;
}

std::string ipv4_from_dword(std::uint32_t value) {
  IpAddress a;
  for (int i = 0; i < 4; ++i) a.bytes[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(value >> (8 * i));
  return address_text(a);
}

std::string address_text(const IpAddress& a) {
  auto dotted = [](const std::uint8_t* b) {
    return std::to_string(b[0]) + "." + std::to_string(b[1]) + "." + std::to_string(b[2]) + "." + std::to_string(b[3]);
  };
  if (!a.v6) return dotted(a.bytes.data());
  std::array<unsigned, 8> groups{};
  for (std::size_t i = 0; i < 8; ++i) groups[i] = (unsigned{a.bytes[2 * i]} << 8) | a.bytes[2 * i + 1];
  const bool mapped = groups[0] == 0 && groups[1] == 0 && groups[2] == 0 && groups[3] == 0 && groups[4] == 0 &&
                      groups[5] == 0xFFFF;
  std::string out;
  if (mapped) {
    out = "::ffff:" + dotted(a.bytes.data() + 12);
  } else {
    // The longest run of zero groups (at least two); the first on a tie.
    std::size_t best = 8, best_len = 0;
    for (std::size_t i = 0; i < 8;) {
      if (groups[i] != 0) {
        ++i;
        continue;
      }
      std::size_t j = i;
      while (j < 8 && groups[j] == 0) ++j;
      if (j - i > best_len) {
        best = i;
        best_len = j - i;
      }
      i = j;
    }
    if (best_len < 2) best = 8;
    static constexpr char kHex[] = "0123456789abcdef";
    for (std::size_t i = 0; i < 8; ++i) {
      if (i == best) {
        out += "::";
        i += best_len - 1;
        continue;
      }
      if (!out.empty() && out.back() != ':') out += ':';
      std::string g;
      for (unsigned v = groups[i]; v != 0 || g.empty(); v >>= 4) g.insert(g.begin(), kHex[v & 0xF]);
      out += g;
    }
  }
  const bool link_local = a.bytes[0] == 0xFE && (a.bytes[1] & 0xC0) == 0x80;
  const bool site_local = a.bytes[0] == 0xFE && (a.bytes[1] & 0xC0) == 0xC0;
  if ((link_local || site_local) && a.scope_id != 0) out += "%" + std::to_string(a.scope_id);
  return out;
}

std::optional<std::uint32_t> prefix_length_for(const IpAddress& address, const std::vector<Prefix>& prefixes) {
  std::optional<std::uint32_t> best;
  const std::uint32_t bits = address.v6 ? 128 : 32;
  for (const Prefix& p : prefixes) {
    if (p.address.v6 != address.v6 || p.length > bits) continue;
    bool holds = true;
    for (std::uint32_t bit = 0; bit < p.length && holds; ++bit) {
      const std::uint8_t mask = static_cast<std::uint8_t>(0x80u >> (bit % 8));
      holds = (address.bytes[bit / 8] & mask) == (p.address.bytes[bit / 8] & mask);
    }
    if (holds && (!best || p.length > *best)) best = p.length;
  }
  return best;
}

std::string physical_address_text(const std::vector<std::uint8_t>& bytes) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (std::size_t i = 0; i < bytes.size() && i < 8; ++i) {
    if (i > 0) out += '-';
    out += kHex[bytes[i] >> 4];
    out += kHex[bytes[i] & 0xF];
  }
  return out;
}

std::string_view if_type_name(std::uint32_t type) {
  switch (type) {
    case 6: return "ethernet";    // IF_TYPE_ETHERNET_CSMACD
    case 23: return "ppp";        // IF_TYPE_PPP
    case 24: return "loopback";   // IF_TYPE_SOFTWARE_LOOPBACK
    case 71: return "wireless";   // IF_TYPE_IEEE80211
    case 131: return "tunnel";    // IF_TYPE_TUNNEL
    default: return "other";
  }
}

std::string_view oper_status_name(std::uint32_t status) {
  static constexpr std::string_view kNames[] = {"up", "down", "testing", "unknown", "dormant", "not_present",
                                                "lower_layer_down"};
  return status >= 1 && status <= 7 ? kNames[status - 1] : "unknown";
}

std::string_view node_type_name(std::uint32_t node) {
  switch (node) {
    case 1: return "broadcast";     // BROADCAST_NODETYPE
    case 2: return "peer_to_peer";  // PEER_TO_PEER_NODETYPE
    case 4: return "mixed";         // MIXED_NODETYPE
    case 8: return "hybrid";        // HYBRID_NODETYPE
    default: return "unknown";
  }
}

std::string_view route_type_name(std::uint32_t type) {
  static constexpr std::string_view kNames[] = {"other", "invalid", "direct", "indirect"};
  return type >= 1 && type <= 4 ? kNames[type - 1] : "unknown";
}

std::string_view route_protocol_name(std::uint32_t proto) {
  static constexpr std::string_view kNames[] = {"other", "local", "netmgmt", "icmp",  "egp",   "ggp",  "hello",
                                                "rip",   "is_is", "es_is",   "cisco", "bbn",   "ospf", "bgp"};
  if (proto >= 1 && proto <= 14) return kNames[proto - 1];
  switch (proto) {
    case 10002: return "autostatic";      // PROTO_IP_NT_AUTOSTATIC
    case 10006: return "static";          // PROTO_IP_NT_STATIC
    case 10007: return "static_non_dod";  // PROTO_IP_NT_STATIC_NON_DOD
    default: return "unknown";
  }
}

std::string network_json(const NetworkReading& r) {
  JsonWriter w;
  std::vector<std::string> problems;

  // The adapters, merged by AdapterName.
  std::vector<std::pair<const AddressesEntry*, const InfoEntry*>> adapters;
  std::vector<bool> info_used(r.info.size(), false);
  if (!r.addresses_failure) {
    for (const AddressesEntry& a : r.addresses) {
      const InfoEntry* match = nullptr;
      for (std::size_t i = 0; i < r.info.size() && match == nullptr; ++i) {
        if (!info_used[i] && r.info[i].name == a.name) {
          match = &r.info[i];
          info_used[i] = true;
        }
      }
      adapters.emplace_back(&a, match);
    }
  }
  if (!r.info_failure) {
    for (std::size_t i = 0; i < r.info.size(); ++i) {
      if (!info_used[i]) adapters.emplace_back(nullptr, &r.info[i]);
    }
  }
  std::string adapters_status = "ok";
  std::optional<std::string> adapters_error;
  if (r.addresses_failure && r.info_failure) {
    adapters_status = "failed";
    adapters_error = r.addresses_failure->error + "; " + r.info_failure->error;
  } else if (r.addresses_failure || r.info_failure) {
    adapters_status = "partial";
    adapters_error = (r.addresses_failure ? r.addresses_failure : r.info_failure)->error;
  } else if (adapters.size() > kMaxAdapters) {
    adapters_status = "truncated";
    adapters_error = std::to_string(adapters.size()) + " adapters, the first " + std::to_string(kMaxAdapters) + " kept";
  }
  if (adapters_error) problems.push_back("adapters: " + *adapters_error);
  const std::string routes_status =
      r.routes_failure ? "failed" : (r.routes.size() > kMaxRoutes ? "truncated" : "ok");
  std::optional<std::string> routes_error;
  if (r.routes_failure) routes_error = r.routes_failure->error;
  else if (r.routes.size() > kMaxRoutes) routes_error = std::to_string(r.routes.size()) + " routes, the first " + std::to_string(kMaxRoutes) + " kept";
  if (r.params_failure) problems.push_back("params: " + r.params_failure->error);
  if (routes_error) problems.push_back("routes: " + *routes_error);

  w.begin_object();
  w.key("schema").value(kSchema);
  w.key("complete").value(problems.empty());
  if (problems.empty()) {
    w.key("error").null();
  } else {
    std::string all;
    for (const std::string& p : problems) all += (all.empty() ? "" : "; ") + p;
    w.key("error").value(all);
  }

  w.key("adapters").begin_object();
  w.key("status").value(adapters_status);
  w.key("error").value_or_null(adapters_error);
  w.key("calls").begin_array();
  write_call(w, kAddressesCall, r.addresses_failure);
  write_call(w, kInfoCall, r.info_failure);
  w.end_array();
  w.key("items").begin_array();
  for (std::size_t i = 0; i < adapters.size() && i < kMaxAdapters; ++i) write_adapter(w, adapters[i].first, adapters[i].second);
  w.end_array();
  w.end_object();

  w.key("params").begin_object();
  const Params& p = r.params;
  const bool params_ok = !r.params_failure;
  w.key("status").value(params_ok ? "ok" : "failed");
  if (params_ok) {
    w.key("win32_error").null();
    w.key("error").null();
    w.key("host_name").value(cut(p.host_name));
    w.key("domain_name").value(cut(p.domain_name));
    w.key("dns_servers");
    write_ipv4_list(w, p.dns_servers);
    w.key("node_type").value(node_type_name(p.node_type));
    w.key("node_type_code").value(static_cast<std::uint64_t>(p.node_type));
    w.key("scope_id").value(cut(p.scope_id));
    w.key("ip_routing_enabled").value(p.enable_routing);
    w.key("wins_proxy_enabled").value(p.enable_proxy);
    w.key("netbios_uses_dns").value(p.enable_dns);
  } else {
    w.key("win32_error").value(static_cast<std::uint64_t>(r.params_failure->win32_error));
    w.key("error").value(r.params_failure->error);
    for (const char* k : {"host_name", "domain_name"}) w.key(k).null();
    w.key("dns_servers").begin_array().end_array();
    for (const char* k : {"node_type", "node_type_code", "scope_id", "ip_routing_enabled", "wins_proxy_enabled",
                          "netbios_uses_dns"}) {
      w.key(k).null();
    }
  }
  w.end_object();

  w.key("routes").begin_object();
  w.key("status").value(routes_status);
  if (r.routes_failure) w.key("win32_error").value(static_cast<std::uint64_t>(r.routes_failure->win32_error));
  else w.key("win32_error").null();
  w.key("error").value_or_null(routes_error);
  w.key("items").begin_array();
  if (!r.routes_failure) {
    for (std::size_t i = 0; i < r.routes.size() && i < kMaxRoutes; ++i) {
      const Route& rt = r.routes[i];
      w.begin_object();
      w.key("destination").value(ipv4_from_dword(rt.destination));
      w.key("mask").value(ipv4_from_dword(rt.mask));
      w.key("next_hop").value(ipv4_from_dword(rt.next_hop));
      w.key("interface_index").value(static_cast<std::uint64_t>(rt.if_index));
      w.key("metric").value(static_cast<std::uint64_t>(rt.metric));
      w.key("type").value(route_type_name(rt.type));
      w.key("type_code").value(static_cast<std::uint64_t>(rt.type));
      w.key("protocol").value(route_protocol_name(rt.protocol));
      w.key("protocol_code").value(static_cast<std::uint64_t>(rt.protocol));
      w.key("age_seconds").value(static_cast<std::uint64_t>(rt.age));
      w.end_object();
    }
  }
  w.end_array();
  w.end_object();
  w.end_object();
  return w.str();
}

}  // namespace migready::collector::network

// api.network (system/network.json): what the IP Helper API says about this server's TCP/IP configuration,
// shaped portably so the merging, the caps and the text of every address are unit-tested natively. The Win32
// half (collector/win32/network.cpp) only copies the four calls' answers into a NetworkReading. Contract:
// docs/bundle-format.md, "api.network"; the JSON Schema is contract/api/network.schema.json.
//
//   NetworkReading{addresses: [{name "{4D36...}", friendly_name "Server Local Area Connection", type 6,
//                               unicast [192.168.16.2, fe80::21c:c4ff:fe5b:2210%4], ...}],
//                  info: [{name "{4D36...}", addresses [{192.168.16.2, 255.255.255.0}], gateways [192.168.16.1],
//                          wins_primary 192.168.16.2}],
//                  params: {host_name "sbsserver", enable_routing 0, ...}, routes: [...]}
//   -> {"schema": "migready-api-network/1", "complete": true, "error": null,
//       "adapters": {"status": "ok", ..., "items": [{"name": "{4D36...}", "friendly_name": "Server Local Area
//                    Connection", "type": "ethernet", "type_code": 6, "ipv4": [{"address": "192.168.16.2",
//                    "mask": "255.255.255.0", "prefix_length": 24}], "gateways": ["192.168.16.1"], ...}]},
//       "params": {"status": "ok", "host_name": "sbsserver", "ip_routing_enabled": false, ...},
//       "routes": {"status": "ok", "items": [...]}}
//
// Merging: GetAdaptersAddresses' list comes first, in its order; each entry takes from GetAdaptersInfo's
// entry of the same AdapterName its IPv4 masks (OnLinkPrefixLength is Vista's, so on 2003 the masks are only
// there), DHCP server and lease, gateways and WINS servers. An adapter only GetAdaptersInfo lists follows,
// in its order. When GetAdaptersAddresses failed, the adapters are GetAdaptersInfo's alone (status partial).
// Addresses the OS hands us are still checked: an IPv4 text that is not a dotted quad, 0.0.0.0 ("no
// address") and empty entries are dropped. Caps: 64 adapters (then `truncated`), 32 addresses, servers and
// gateways per list, 1024 routes (then `truncated`).
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "contract/api/documents.hpp"

namespace migready::collector::network {

inline constexpr std::string_view kSchema = contract::find_api_document("api.network")->schema;
inline constexpr std::size_t kMaxAdapters = 64;
inline constexpr std::size_t kMaxPerList = 32;  // addresses, DNS servers, gateways of one adapter or of params
inline constexpr std::size_t kMaxRoutes = 1024;

// A failed call: its Win32 error and the message "<call>: <text> (Win32 error N)".
struct CallFailure {
  std::uint32_t win32_error = 0;
  std::string error;
};

// A socket address as GetAdaptersAddresses hands it: 4 bytes (AF_INET) or 16 (AF_INET6), network order.
struct IpAddress {
  bool v6 = false;
  std::array<std::uint8_t, 16> bytes{};
  std::uint32_t scope_id = 0;  // sin6_scope_id: written as %N for link-local (fe80::/10) and site-local (fec0::/10)
};

struct Prefix {  // IP_ADAPTER_PREFIX
  IpAddress address;
  std::uint32_t length = 0;
};

// One IP_ADAPTER_ADDRESSES.
struct AddressesEntry {
  std::string name;  // AdapterName, "{GUID}"
  std::uint32_t if_index = 0;
  std::string description;
  std::string friendly_name;
  std::string dns_suffix;
  std::uint32_t if_type = 0;
  std::uint32_t oper_status = 0;
  std::vector<std::uint8_t> physical_address;  // PhysicalAddressLength bytes (at most 8)
  std::uint32_t mtu = 0;
  bool dhcp_flag = false;  // Flags & IP_ADAPTER_DHCP_ENABLED
  std::vector<IpAddress> unicast;
  std::vector<Prefix> prefixes;
  std::vector<IpAddress> dns_servers;
};

struct InfoAddress {  // IP_ADDR_STRING: dotted text, as GetAdaptersInfo writes it
  std::string address;
  std::string mask;
};

// One IP_ADAPTER_INFO.
struct InfoEntry {
  std::string name;  // AdapterName
  std::string description;
  std::uint32_t index = 0;
  std::uint32_t type = 0;  // MIB_IF_TYPE_*, the same numbers as IF_TYPE_*
  std::vector<std::uint8_t> physical_address;
  bool dhcp_enabled = false;
  std::string dhcp_server;
  std::int64_t lease_obtained = 0;  // time_t, seconds since 1970 UTC; 0 = none
  std::int64_t lease_expires = 0;
  std::vector<InfoAddress> addresses;
  std::vector<std::string> gateways;
  std::optional<std::string> wins_primary;  // HaveWins only
  std::optional<std::string> wins_secondary;
};

struct Params {  // FIXED_INFO
  std::string host_name;
  std::string domain_name;
  std::vector<std::string> dns_servers;
  std::uint32_t node_type = 0;
  std::string scope_id;
  bool enable_routing = false;
  bool enable_proxy = false;
  bool enable_dns = false;
};

struct Route {  // MIB_IPFORWARDROW; addresses as the DWORD holds them (network byte order in memory)
  std::uint32_t destination = 0;
  std::uint32_t mask = 0;
  std::uint32_t next_hop = 0;
  std::uint32_t if_index = 0;
  std::uint32_t type = 0;
  std::uint32_t protocol = 0;
  std::uint32_t age = 0;
  std::uint32_t metric = 0;
};

struct NetworkReading {
  std::vector<AddressesEntry> addresses;
  std::optional<CallFailure> addresses_failure;  // GetAdaptersAddresses
  std::vector<InfoEntry> info;
  std::optional<CallFailure> info_failure;  // GetAdaptersInfo (ERROR_NO_DATA: no adapter, not a failure)
  Params params;
  std::optional<CallFailure> params_failure;  // GetNetworkParams
  std::vector<Route> routes;
  std::optional<CallFailure> routes_failure;  // GetIpForwardTable
};

// The document. Always written; `complete` only when every part is ok.
std::string network_json(const NetworkReading& reading);

// ---- the pieces, exposed for their tests --------------------------------------------------------------

// 4 bytes "a.b.c.d"; 16 bytes as RFC 5952 section 4 writes them (lowercase, no leading zeros, the longest
// run of two or more zero groups as "::", the first such run on a tie; ::ffff:a.b.c.d for a v4-mapped one),
// plus "%scope" for a link-local or site-local address with a non-zero scope id.
std::string address_text(const IpAddress& address);
// A DWORD of MIB_IPFORWARDROW (its bytes in memory are the address in network order) as "a.b.c.d".
std::string ipv4_from_dword(std::uint32_t value);
// "a.b.c.d" with each part 0..255 and no more than three digits; else nullopt.
std::optional<std::array<std::uint8_t, 4>> parse_ipv4(std::string_view text);
// "255.255.255.0" -> 24; nullopt when not a dotted quad or the ones are not contiguous from the top.
std::optional<int> mask_prefix_length(std::string_view mask);
// The longest prefix of `prefixes` of the same family that holds `address`; nullopt when none does.
std::optional<std::uint32_t> prefix_length_for(const IpAddress& address, const std::vector<Prefix>& prefixes);
// "00-1C-C4-5B-22-10" (uppercase, as ipconfig prints it); "" for none; at most 8 bytes are written.
std::string physical_address_text(const std::vector<std::uint8_t>& bytes);

// Win32 constants spelled out (the *_code members keep the number):
std::string_view if_type_name(std::uint32_t type);       // 6 ethernet, 23 ppp, 24 loopback, 71 wireless, 131 tunnel, else other
std::string_view oper_status_name(std::uint32_t status);  // 1 up .. 7 lower_layer_down, else unknown
std::string_view node_type_name(std::uint32_t node);      // 1 broadcast, 2 peer_to_peer, 4 mixed, 8 hybrid, else unknown
std::string_view route_type_name(std::uint32_t type);     // 1 other, 2 invalid, 3 direct, 4 indirect, else unknown
std::string_view route_protocol_name(std::uint32_t proto);  // MIB_IPPROTO_* and PROTO_IP_NT_*, else unknown

}  // namespace migready::collector::network

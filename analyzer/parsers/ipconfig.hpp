// parse_ipconfig: `ipconfig /all` output (decoded to UTF-8) to typed adapters.
//
// Sample input (Windows Server 2003, trimmed; tests/fixtures/ipconfig/sbs2003-two-nics.txt):
//
//   Windows IP Configuration
//
//      Host Name . . . . . . . . . . . . : SBS01
//      Primary Dns Suffix  . . . . . . . : contoso.local
//      IP Routing Enabled. . . . . . . . : Yes
//
//   Ethernet adapter Server Local Area Connection:
//
//      Description . . . . . . . . . . . : Intel(R) PRO/1000 MT Network Connection
//      DHCP Enabled. . . . . . . . . . . : No
//      IP Address. . . . . . . . . . . . : 192.168.16.2
//      Subnet Mask . . . . . . . . . . . : 255.255.255.0
//      Default Gateway . . . . . . . . . :
//      DNS Servers . . . . . . . . . . . : 192.168.16.2
//
// Output: host_name "SBS01", ip_routing_enabled true, one adapter {kind "Ethernet", name "Server Local Area
// Connection", dhcp_enabled false, ipv4 ["192.168.16.2"], masks ["255.255.255.0"], gateways [],
// dns_servers ["192.168.16.2"]}.
//
// IPv6 addresses go to `ipv6`, never to `ipv4`: Vista and later label them "IPv6 Address", "Temporary IPv6
// Address" and "Link-local IPv6 Address" (value "fe80::99d0:ec2d:b2e7:536b%8(Preferred)" gives
// "fe80::99d0:ec2d:b2e7:536b%8"); XP and 2003 with the IPv6 stack installed print them under the same
// "IP Address" label as IPv4 ("fe80::216:35ff:feaa:1002%4"), told apart by the ':'. IPv6 DNS servers stay
// in dns_servers as printed ("fec0:0:0:ffff::1%1"); IPv6 gateways are not kept.
//
// Labels are matched in English, case-insensitively (Server 2003 through 2016 layouts: "IP Address" and
// "IPv4 Address", the "(Preferred)" suffix; and Wine's ipconfig, which spells "Hostname", "IPv4 address" and
// prints neither the header line nor the colon after an adapter name). Multi-line values (further DNS servers, gateways) are indented continuation lines.
// Lines that fit no pattern are warnings with their line number; the parse still returns what it found.
// Fails only when the text is a command failure message, or holds neither the header, an adapter nor a
// host name line.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostics.hpp"
#include "core/result.hpp"

namespace migready::parsers {

struct IpconfigAdapter {
  std::string kind;  // "Ethernet", "PPP", "Tunnel", ...
  std::string name;  // the connection name: "Local Area Connection"
  std::string description;
  std::string physical_address;
  std::optional<bool> dhcp_enabled;
  bool media_disconnected = false;
  std::vector<std::string> ipv4;
  // As printed, without the "(Preferred)" status and with the "%scope" zone: "fe80::216:35ff:feaa:1002%4".
  std::vector<std::string> ipv6;
  std::vector<std::string> subnet_masks;
  std::vector<std::string> gateways;
  std::vector<std::string> dns_servers;
  std::optional<std::string> dhcp_server;
  int line = 0;  // where the adapter's header is, for evidence
};

struct Ipconfig {
  std::string host_name;
  std::string primary_dns_suffix;
  std::string node_type;
  std::optional<bool> ip_routing_enabled;
  std::vector<std::string> dns_suffix_search_list;
  std::vector<IpconfigAdapter> adapters;
};

// `where` names the source in diagnostics, e.g. "commands/ipconfig_all.txt".
Result<Ipconfig> parse_ipconfig(std::string_view text, const std::string& where, Diagnostics& diags);

}  // namespace migready::parsers

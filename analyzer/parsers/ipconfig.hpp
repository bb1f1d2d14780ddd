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
// Languages (docs/parsers.md, "Languages", lists each with its real sources): English, German, French, Spanish,
// Italian, Dutch, Portuguese (Brazil) and Japanese, each with its own table of labels, adapter kinds, Yes/No
// values and "media disconnected" phrase. The output's header line ("Windows IP Configuration",
// "Windows-IP-Konfiguration", "Configuration IP de Windows", "Configuración IP de Windows", "Configurazione IP
// di Windows", "Windows IP-configuratie", "Configuração de IP do Windows", "Windows IP 構成") names the
// language of the whole output; it is never guessed line by line. `expected` (the bundle's UI language, or
// `migready parse --lang`) must agree with the header: a header in another language is an error naming both.
// Without a header (Wine, a cut paste) the expected language, else English, is read. A header of a language
// with no table (Russian) is an error naming it. Labels match case-insensitively (ASCII letters), with any
// run of dots and spaces before the colon (Dutch XP's "Knooppunttype: . . .:" and French XP's ". .*. . :"
// too); English also takes Server 2003 through 2016 layouts ("IP Address" and "IPv4 Address") and Wine's
// ipconfig, which spells "Hostname", "IPv4 address" and prints neither the header line nor the colon after
// an adapter name. Any status in parentheses after an address is dropped ("(Preferred)", "(Bevorzugt)",
// "(préféré)", "(優先)"); node types become their English names ("Unbekannt" -> "Unknown") where the
// meaning is certain, else stay as printed. Multi-line values (further DNS servers, gateways) are indented
// continuation lines; Dutch XP prints a description on the line after its label. A copy from a console
// window cuts lines at 80 columns: a line that follows one of exactly 80 characters and starts in column 1
// continues the previous value ("...Fast Eth" + "ernet NIC").
// Lines that fit no pattern are warnings with their line number; the parse still returns what it found.
// Fails only when the text is a command failure message, holds neither the header, an adapter nor a
// host name line, or its header contradicts `expected`.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostics.hpp"
#include "core/result.hpp"
#include "parsers/language.hpp"

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

// At most this many adapters are kept; an output with more is read up to there, with a warning "input exceeds
// LIMIT (4096 adapters)" at the first one dropped, and `adapters_truncated` set. A real server lists a handful
// (SBS 2003 supports two network adapters; add tunnel, RAS and VPN pseudo-adapters and a few dozen is a lot),
// so the limit is far above any real output while keeping the work on a hostile one (100,000 adapters) small.
inline constexpr std::size_t kMaxIpconfigAdapters = 4096;

struct Ipconfig {
  Language language = Language::en;  // the language read: the header's, else the expected one
  std::string host_name;
  std::string primary_dns_suffix;
  std::string node_type;
  std::optional<bool> ip_routing_enabled;
  std::vector<std::string> dns_suffix_search_list;
  std::vector<IpconfigAdapter> adapters;
  bool adapters_truncated = false;  // more than kMaxIpconfigAdapters adapters: the rest were not read
};

// `where` names the source in diagnostics, e.g. "commands/ipconfig_all.txt".
// The languages parse_ipconfig has label tables for: every Language.
inline constexpr Language kIpconfigLanguages[] = {Language::en, Language::de, Language::fr, Language::es,
                                                  Language::it, Language::nl, Language::pt, Language::ja};

// `expected`: the language the output should be in (nullopt: the header decides).
Result<Ipconfig> parse_ipconfig(std::string_view text, const std::string& where, Diagnostics& diags,
                                std::optional<Language> expected = std::nullopt);

}  // namespace migready::parsers

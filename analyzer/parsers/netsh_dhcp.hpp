// parse_netsh_dhcp: `netsh dhcp server dump` of a Windows Server 2003 DHCP server (decoded to UTF-8) to
// typed scopes and options.
//
// Sample input (trimmed; tests/fixtures/netsh_dhcp/sbs2003-one-scope.txt):
//
//   # ============================================================================
//   #  Start Add Scope 192.168.16.0
//   # ============================================================================
//   Dhcp Server \\SBS01 set optionvalue 15 STRING "contoso.local"
//   Dhcp Server \\SBS01 add scope 192.168.16.0 255.255.255.0 "SBS Scope" ""
//   Dhcp Server \\SBS01 Scope 192.168.16.0 set state 1
//   Dhcp Server \\SBS01 Scope 192.168.16.0 Add iprange 192.168.16.100 192.168.16.199
//   Dhcp Server \\SBS01 Scope 192.168.16.0 add excluderange 192.168.16.100 192.168.16.109
//   Dhcp Server \\SBS01 Scope 192.168.16.0 set optionvalue 3 IPADDRESS "192.168.16.2"
//   Dhcp Server \\SBS01 Scope 192.168.16.0 set optionvalue 6 IPADDRESS "192.168.16.2" "192.168.16.3"
//   Dhcp Server \\SBS01 Scope 192.168.16.0 Add reservedip 192.168.16.10 000c29aabbcc "printer" "" "BOTH"
//
// Output: server "SBS01", server_options [{15 STRING ["contoso.local"]}], one scope {network
// "192.168.16.0", mask "255.255.255.0", name "SBS Scope", state_code 1, active true, ranges
// [{"192.168.16.100","192.168.16.199"}], exclusions [...], options [{3 IPADDRESS ["192.168.16.2"]},
// {6 IPADDRESS ["192.168.16.2","192.168.16.3"]}], reservations [{"192.168.16.10", "000c29aabbcc",
// "printer", "", "BOTH"}]}. scope->router() gives option 003's first address, the gateway clients get.
//
// Words are matched case-insensitively ("Add iprange" and "add iprange" both occur). Values in double
// quotes may hold spaces; there is no escaping inside quotes. Option modifiers `vendor="..."` and
// `user="..."` are kept. Scope lines for a scope never added (a `scope X dump`) create the scope.
// Commands this parser knows but does not extract (option definitions, classes, audit log and database
// settings, multicast scopes, superscopes) are skipped silently; any other line is a warning `where:LINE`.
// Fails only when the text is a command failure message or holds no "Dhcp Server" line at all.
// Limits: a line longer than 64 KiB is skipped with a warning; at most 4096 scopes, 4096 options and
// 65536 ranges/exclusions/reservations per scope, 256 values per option (more are warnings).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostics.hpp"
#include "core/result.hpp"

namespace migready::parsers {

struct DhcpOption {
  int number = 0;               // 3 router, 6 DNS servers, 15 DNS domain name, 44 WINS, 46 node type, 51 lease
  std::string type;             // as written: IPADDRESS, STRING, DWORD, BYTE, WORD, BINARY, ...
  std::vector<std::string> values;
  std::string vendor;           // vendor="..." class, empty for standard options
  std::string user_class;       // user="..." class
  int line = 0;
};

// The first address of a standard option 003 (router) among `options` (no vendor or user class), if any.
std::optional<std::string> router_option(const std::vector<DhcpOption>& options);

struct DhcpRange {
  std::string start;
  std::string end;
  int line = 0;
};

struct DhcpReservation {
  std::string ip;
  std::string client_id;        // as written, usually the MAC without separators: "000c29aabbcc"
  std::string name;
  std::string comment;
  std::string client_type;      // "DHCP", "BOOTP" or "BOTH"; empty when not written
  std::vector<DhcpOption> options;  // from `set reservedoptionvalue`
  int line = 0;
};

struct DhcpScope {
  std::string network;
  std::string mask;
  std::string name;
  std::string comment;
  std::optional<int> state_code;  // 0 disabled, 1 enabled, 2 disabled (switched), 3 enabled (switched)
  std::optional<bool> active;     // from state_code: odd is active
  std::vector<DhcpRange> ranges;
  std::vector<DhcpRange> exclusions;
  std::vector<DhcpReservation> reservations;
  std::vector<DhcpOption> options;
  int line = 0;                   // the `add scope` line, or the first line naming the scope

  // The first address of option 003 (router) set on this scope, if any.
  std::optional<std::string> router() const;
};

struct NetshDhcp {
  std::string server;             // "SBS01" (the leading \\ removed) or an address
  std::vector<DhcpOption> server_options;
  std::vector<DhcpScope> scopes;

  // Option 003 set at server level: what a scope without its own hands out ("Active global options always
  // apply unless overridden by scope, class, or reserved options", TechNet cc958939).
  std::optional<std::string> server_router() const { return router_option(server_options); }
};

// `where` names the source in diagnostics, e.g. "commands/netsh_dhcp_dump.txt".
Result<NetshDhcp> parse_netsh_dhcp(std::string_view text, const std::string& where, Diagnostics& diags);

// The registry's renderer (`migready parse netsh_dhcp`): the parse result as a pretty-printed JSON document.
Result<std::string> netsh_dhcp_json(std::string_view text, const std::string& where, Diagnostics& diags);

}  // namespace migready::parsers

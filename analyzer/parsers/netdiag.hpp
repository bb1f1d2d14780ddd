// parse_netdiag: `netdiag /v` output (Windows Server 2003 Support Tools, decoded to UTF-8) to the host's
// names, hotfixes, adapters and test results.
//
// Sample input (trimmed; tests/fixtures/netdiag/sbs2003-dns-failed.txt):
//
//   .....................................
//
//       Computer Name: SBS01
//       DNS Host Name: sbs01.contoso.local
//       List of installed hotfixes :
//           KB921883
//
//   Netcard queries test . . . . . . . : Passed
//
//   Per interface results:
//
//       Adapter : Server Local Area Connection
//
//           Netcard queries test . . . : Passed
//           IP Address . . . . . . . . : 192.168.16.2
//           Default gateway test . . . : Passed
//
//   Global results:
//
//   DNS test . . . . . . . . . . . . . : Failed
//       [WARNING] The DNS entries for this DC are not registered correctly on DNS server '192.168.16.2'.
//       [FATAL] No DNS servers have the DNS records for this DC registered.
//
// Output: computer_name "SBS01", dns_host_name "sbs01.contoso.local", hotfixes ["KB921883"], adapters
// [{name "Server Local Area Connection", ip_addresses ["192.168.16.2"]}], tests
//   {name "Netcard queries test", adapter "", result passed},
//   {name "Netcard queries test", adapter "Server Local Area Connection", result passed},
//   {name "Default gateway test", adapter "Server Local Area Connection", result passed},
//   {name "DNS test", adapter "", result failed, warnings ["The DNS entries ..."], fatals ["No DNS servers
//    have the DNS records for this DC registered."]}.
//
// A test line is "<label> . . . : <result>" whose result starts with Passed, Failed or Skipped, or whose
// label ends in "test"; tests under "Adapter : X" (between "Per interface results:" and "Global results:")
// carry that adapter's name. Results: "Passed", "Passed with warnings", "Failed", "Skipped"; anything else
// is `other` and a warning (a cut-off "Pas", an unknown word); the printed text is always kept.
// "[WARNING] ..." and "[FATAL] ..." lines belong to the nearest test above them; before any test they go to
// the top-level warnings / fatals. Indented lines under a test are its details and are not kept. Other
// lines are warnings `where:LINE`.
//
// Fails only when the text is a command failure message, or holds neither a computer name nor a test line.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostics.hpp"
#include "core/result.hpp"
#include "parsers/language.hpp"

namespace migready::parsers {

enum class NetdiagResult { passed, passed_with_warnings, failed, skipped, other };

const char* netdiag_result_name(NetdiagResult result) noexcept;  // "passed", "passed_with_warnings", ...

struct NetdiagTest {
  std::string name;     // "DNS test", "AutoConfiguration results"
  std::string adapter;  // empty for a global test
  NetdiagResult result = NetdiagResult::other;
  std::string result_text;  // as printed: "Passed", "Failed"
  std::vector<std::string> warnings;  // text after "[WARNING] "
  std::vector<std::string> fatals;    // text after "[FATAL] "
  int line = 0;
};

struct NetdiagAdapter {
  std::string name;  // "Server Local Area Connection"
  std::string host_name;
  std::vector<std::string> ip_addresses;
  std::vector<std::string> subnet_masks;
  std::vector<std::string> default_gateways;
  std::vector<std::string> dns_servers;
  std::vector<std::string> wins_servers;  // primary, then secondary
  int line = 0;
};

struct Netdiag {
  Language language = Language::en;  // the phrase table the output was read with
  std::string computer_name;
  std::string dns_host_name;
  std::string system_info;  // "Microsoft Windows Server 2003 (Build 3790)"
  std::string processor;
  std::vector<std::string> hotfixes;
  std::vector<NetdiagAdapter> adapters;
  std::vector<NetdiagTest> tests;
  std::vector<std::string> warnings;  // [WARNING] lines before any test
  std::vector<std::string> fatals;    // [FATAL] lines before any test
  bool completed = false;             // "The command completed successfully" was printed
};

// `where` names the source in diagnostics, e.g. "commands/netdiag_v.txt".
// `expected`: the language the output should be in (nullopt: the output decides). The table is English
// only: the Windows Server 2003 Support Tools print English whatever the UI language, and no real
// localized output (they are localized from Windows Server 2008 on) was found (docs/parsers.md,
// "Languages"). English output against a non-English `expected` fails naming both; so does a localized
// header the parser recognizes but cannot read.
Result<Netdiag> parse_netdiag(std::string_view text, const std::string& where, Diagnostics& diags,
                              std::optional<Language> expected = std::nullopt);

}  // namespace migready::parsers

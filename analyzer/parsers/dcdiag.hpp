// parse_dcdiag: `dcdiag /v` output (Windows Server 2003 Support Tools, decoded to UTF-8) to test verdicts.
//
// Sample input (trimmed; tests/fixtures/dcdiag/sbs2003-frs-warning.txt):
//
//   Domain Controller Diagnosis
//
//   Performing initial setup:
//      * Connecting to directory service on server SBS01.
//      * Found 1 DC(s). Testing 1 of them.
//      Done gathering initial info.
//
//   Doing primary tests
//
//      Testing server: Default-First-Site-Name\SBS01
//         Starting test: Replications
//            * Replications Check
//            ......................... SBS01 passed test Replications
//         Starting test: frsevent
//            * The File Replication Service Event log test
//            An Warning Event occured.  EventID: 0x800034C4
//               Time Generated: 11/25/2026   13:58:41
//            ......................... SBS01 failed test frsevent
//
//      Running partition tests on : DomainDnsZones
//         Starting test: CrossRefValidation
//            ......................... DomainDnsZones passed test CrossRefValidation
//
//      Running enterprise tests on : contoso.local
//         Starting test: Intersite
//            ......................... contoso.local passed test Intersite
//
// Output: local_dc "SBS01", dcs_found 1, dcs_tested 1; tests
//   {scope server, site "Default-First-Site-Name", subject "SBS01", name "Replications", passed true},
//   {scope server, subject "SBS01", name "frsevent", passed false, messages ["An Warning Event occured.
//    EventID: 0x800034C4", "Time Generated: 11/25/2026   13:58:41"]},
//   {scope partition, subject "DomainDnsZones", name "CrossRefValidation", passed true},
//   {scope enterprise, subject "contoso.local", name "Intersite", passed true};
// totals passed 3, failed 1, unfinished 0.
//
// A test's messages are the lines of its block, trimmed, without dcdiag's "* ..." progress lines; they are
// kept for failed and unfinished tests only (a passed test's lines are /v chatter). A verdict line without a
// "Starting test" (or naming another test) still counts, as its own test. A block cut off by the end of the
// text, or by the next section, is unfinished (passed = null). The verdict's dots may be spaced
// (". . . .") and words separated by several spaces. "Skipping all tests, because server DC2 is / not
// responding to directory service requests" lists DC2 in unresponsive_servers. Lines of "Performing
// initial setup" other than its progress lines are setup_messages (e.g. "[SBS01] LDAP bind failed ...").
// Other lines outside a test block are warnings `where:LINE`.
//
// KnowsOfRoleHolders under /v prints one line per FSMO role, kept (in any test block, passed or not) as
// role_holders, with the server whose block printed it:
//
//      Starting test: KnowsOfRoleHolders
//         Role Schema Owner = CN=NTDS Settings,CN=SBS01,CN=Servers,CN=Default-First-Site-Name,CN=Sites,...
//         Role Infrastructure Update Owner = CN=NTDS Settings\0ADEL:6a1f...,CN=DC2\0ADEL:...,CN=Servers,...
//
// -> {server "SBS01", role "Schema", owner_dn "CN=NTDS Settings,CN=SBS01,...", line N}, {…, role
// "Infrastructure Update", …}. The role is dcdiag's word ("Schema", "Domain", "PDC", "Rid", "Infrastructure
// Update"), the DN as printed (a deleted owner keeps its "\0ADEL:" mangling). The lines also stay in a failed
// test's messages.
//
// Fails when the text is a command failure message (checked on the text before the "Domain Controller
// Diagnosis" header only: a test may quote "Access is denied" about a remote DC), or when no test verdict
// and no test block is found (then the first setup message, if any, is the error: dcdiag stopped early).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostics.hpp"
#include "core/result.hpp"
#include "parsers/language.hpp"

namespace migready::parsers {

enum class DcdiagScope { server, partition, enterprise };

const char* dcdiag_scope_name(DcdiagScope scope) noexcept;  // "server", "partition", "enterprise"

struct DcdiagTest {
  DcdiagScope scope = DcdiagScope::server;
  std::string site;     // server scope: "Default-First-Site-Name"; empty otherwise
  std::string subject;  // the server, partition ("DomainDnsZones") or domain ("contoso.local") tested
  std::string name;     // "Connectivity", "frsevent", "CrossRefValidation"
  std::optional<bool> passed;         // nullopt: the block has no verdict (truncated output)
  std::vector<std::string> messages;  // failed and unfinished tests only
  int line = 0;                       // the "Starting test" line (or the verdict's, when alone)
};

struct DcdiagRoleHolder {
  std::string server;    // the server whose test block printed the line ("Testing server: ...\SBS01")
  std::string role;      // "Schema", "Domain", "PDC", "Rid", "Infrastructure Update"
  std::string owner_dn;  // "CN=NTDS Settings,CN=SBS01,CN=Servers,..."
  int line = 0;
};

struct Dcdiag {
  Language language = Language::en;  // the phrase table the output was read with
  std::string local_dc;  // from "Connecting to directory service on server X" / "local machine X, is a DC"
  std::optional<int> dcs_found;
  std::optional<int> dcs_tested;
  std::vector<std::string> setup_messages;
  std::vector<std::string> unresponsive_servers;
  std::vector<DcdiagTest> tests;
  std::vector<DcdiagRoleHolder> role_holders;  // KnowsOfRoleHolders' "Role X Owner = DN" lines, in order
  int passed = 0;
  int failed = 0;
  int unfinished = 0;
};

// `where` names the source in diagnostics, e.g. "commands/dcdiag_v.txt".
// `expected`: the language the output should be in (nullopt: the output decides). The table is English
// only: the Windows Server 2003 Support Tools print English whatever the UI language, and no real
// localized output (they are localized from Windows Server 2008 on) was found (docs/parsers.md,
// "Languages"). English output against a non-English `expected` fails naming both; so does a localized
// header the parser recognizes but cannot read.
Result<Dcdiag> parse_dcdiag(std::string_view text, const std::string& where, Diagnostics& diags,
                            std::optional<Language> expected = std::nullopt);

}  // namespace migready::parsers

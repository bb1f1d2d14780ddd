// The command line of migready-collect.exe and its exit codes. Portable so it is unit-tested natively.
//
//   migready-collect.exe [--out DIR] [--temp DIR] [--timeout SECONDS] [--ntp-server H[:P]] [--ldap-server H[:P]]
//                        [--ldap-bind-dn DN] [--directory-timeout SECONDS] [--help] [--version]
//
// | option            | default                                                   |
// |-------------------|-----------------------------------------------------------|
// | --out DIR         | the exe's folder; %TEMP% when that folder is not writable |
// | --temp DIR        | the fixed volume with the most free space among %TEMP%, the   |
// |                   | bundle's folder, %windir%\Temp (in that order on a tie), or   |
// |                   | that volume's root when none of them is on it                |
// | --timeout SECONDS | each command's limit from contract/artifacts.hpp; 1..86400 |
// | --output-cap BYTES| 64 MiB (kCommandOutputCap); for testing only, 1..64 MiB     |
// | --ntp-server H[:P]| W32Time's NtpServer peer, else time.windows.com; port 123    |
// | --ldap-server H[:P]| the DC locator's choice (this server on SBS); port 389      |
// | --ldap-bind-dn DN | bind as the running user (Negotiate); with DN a simple bind,  |
// |                   | its password from MIGREADY_LDAP_PASSWORD (never the command  |
// |                   | line, which the manifest records); unset or empty: usage error |
// | --directory-timeout S | 600 (kDirectoryTimeoutSeconds): the whole api.directory reading; 1..86400 |
// | --only ID[,ID...] | every row; else only the rows these artifact ids and groups name (contract/selection.hpp): |
// |                   | an unknown word is a usage error listing the valid ones, before anything is written |
// | --encrypt-to age1… | none: a plain .zip; with it the bundle is sealed to that age X25519 recipient |
// |                   | (<name>.zip.age; checked here, before anything is collected)  |
// Both --out and --temp folders are created when missing (one level) and checked for free space before
// anything is written (core/disk_space.hpp).
// Both `--out DIR` and `--out=DIR` are accepted; `-h`, `/?` mean --help.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "contract/selection.hpp"
#include "core/sntp.hpp"

namespace migready::collector {

// Exit codes. Only main() maps outcomes to them.
inline constexpr int kExitComplete = 0;    // bundle written, every step ran and every artifact is ok
inline constexpr int kExitIncomplete = 1;  // bundle written, but interrupted or some artifact is not ok
inline constexpr int kExitUsage = 2;       // bad command line; nothing collected
inline constexpr int kExitNoBundle = 3;    // no bundle could be written

inline constexpr unsigned kMaxTimeoutSeconds = 86400;
// The whole directory reading (api.directory: LDAP, LSA, shares, name resolution) is abandoned past this:
// a Negotiate bind and getaddrinfo have no time limit of their own.
inline constexpr unsigned kDirectoryTimeoutSeconds = 600;
// Bytes of a command's output kept; beyond it the command is killed and recorded as `truncated`.
inline constexpr std::uint64_t kCommandOutputCap = 64ull << 20;

struct Options {
  std::optional<std::string> out_dir;  // UTF-8
  std::optional<std::string> temp_dir;  // UTF-8; the private temporary folder is made in it
  std::optional<unsigned> timeout_seconds;
  std::optional<std::uint64_t> output_cap;  // lowers kCommandOutputCap, so a test proves `truncated` cheaply
  std::optional<sntp::HostPort> ntp_server;  // the time server to measure the clock against
  std::optional<sntp::HostPort> ldap_server;  // the domain controller to read the directory from
  std::optional<std::string> ldap_bind_dn;    // simple bind as this DN...
  std::optional<std::string> ldap_password;   // ...with this password (from kLdapPasswordVariable)
  std::optional<unsigned> directory_timeout_seconds;  // default kDirectoryTimeoutSeconds
  std::optional<contract::Selection> only;            // --only: the rows to collect (error empty); nullopt = all
  std::optional<std::string> encrypt_to;  // an age recipient (age1…), already checked: seal the bundle to it
  bool help = false;
  bool version = false;
};

struct ParsedOptions {
  std::optional<Options> options;  // empty on a usage error
  std::string error;               // why, for a usage error
};

inline constexpr std::string_view kLdapPasswordVariable = "MIGREADY_LDAP_PASSWORD";
inline constexpr std::uint16_t kLdapDefaultPort = 389;

// args excludes argv[0]; UTF-8. `ldap_password`: the value of MIGREADY_LDAP_PASSWORD (nullopt when unset),
// read by the caller; required, non-empty, when --ldap-bind-dn is given (an empty password would make the
// simple bind an anonymous one).
ParsedOptions parse_options(const std::vector<std::string>& args,
                            const std::optional<std::string>& ldap_password = std::nullopt);
std::string usage_text();
// The --only words for usage_text: each group with its members, then the artifact ids.
std::string only_words_text();
int exit_code_for(bool complete, bool all_artifacts_ok);

}  // namespace migready::collector

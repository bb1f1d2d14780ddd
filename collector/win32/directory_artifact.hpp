// The api.directory artifact (system/directory.json): wldap32 reads through win32/ldap_directory, plus
// the parts that are not LDAP, each with its own status, shaped by core/directory.
//
//   delegation_privilege  LsaOpenPolicy(POLICY_LOOKUP_NAMES | POLICY_VIEW_LOCAL_INFORMATION) +
//                         LsaEnumerateAccountsWithUserRight(SeEnableDelegationPrivilege) + LookupAccountSidW
//   shares                NetShareEnum level 2; level 1 (no paths) when 2 is refused (access denied,
//                         invalid level, not supported); both failing: the last error
//   name_resolution       GetComputerNameExW(ComputerNameDnsFullyQualified) + getaddrinfo(AF_INET)
//   database file sizes   GetFileAttributesExW, only for this server's drive-letter paths
// Read-only: LDAP searches, LSA lookups, share and file attribute queries. Never stops the run: every
// failure is recorded in its part, and the whole reading runs on a thread of its own, abandoned past
// --directory-timeout (default kDirectoryTimeoutSeconds) or on Ctrl-C: then `failed`, no document.
#pragma once

#include "core/options.hpp"
#include "win32/api_artifacts.hpp"

namespace migready::collector::win32 {

ApiOutput collect_directory(const Options& options);

}  // namespace migready::collector::win32

// The artifact table: the one place that names every artifact a bundle may hold.
//
// Shared by both programs (declare once, implement apart): the collector walks this table to decide what to
// gather and where to put it in the zip; the analyzer resolves each artifact through the manifest by `id`
// and uses this table to name what is missing. A path is written here once and never anywhere else.
//
// Contract: docs/bundle-format.md. Changing an id or a path is a breaking change of the bundle format
// (a new major format_version); adding a row is a minor one. Header-only, C++17, no dependencies, so the
// mingw collector and the host analyzer compile the same bytes.
#pragma once

#include <string_view>

namespace migready::contract {

inline constexpr std::string_view kManifestPath = "manifest.json";
inline constexpr std::string_view kFormatName = "migready-bundle";
inline constexpr std::string_view kFormatVersion = "1.4";  // MAJOR.MINOR, see docs/bundle-format.md
inline constexpr int kFormatMajor = 1;

// What an artifact is and how it is produced: the manifest's `kind`, one enum for both the table below and
// the manifest (contract/manifest.hpp). The manifest's source.type is the same name, except event_log, which
// is recorded as "api" (OpenEventLogW + BackupEventLogW) with kind "event_log".
enum class Kind { registry, command, file, api, event_log };
inline constexpr std::string_view kKindNames[] = {"registry", "command", "file", "api", "event_log"};

struct ArtifactSpec {
  std::string_view id;        // stable identifier, "area.name"; rules and facts refer to artifacts by it
  std::string_view path;      // path in the zip when collected in its primary format
  std::string_view alt_path;  // path when collected in the fallback format ("" = no fallback)
  Kind kind;
  std::string_view what;      // the command line, registry key, file path or API that produces it
  unsigned timeout_seconds;   // default time limit for a command (0 = not a command)
  std::string_view only_if_service = {};  // collect only when this Windows service exists ("" = always)
};

// Registry trees are saved as regf hives with RegSaveKey (path) or, where that is impossible or the saved
// file is not regf (Wine), exported through the registry API as a REGEDIT5 .reg file (alt_path).
inline constexpr ArtifactSpec kArtifacts[] = {
    {"registry.system", "registry/SYSTEM.hiv", "registry/SYSTEM.reg", Kind::registry,
     "HKEY_LOCAL_MACHINE\\SYSTEM", 0},
    {"registry.software", "registry/SOFTWARE.hiv", "registry/SOFTWARE.reg", Kind::registry,
     "HKEY_LOCAL_MACHINE\\SOFTWARE", 0},
    {"command.ipconfig_all", "commands/ipconfig_all.txt", "", Kind::command, "ipconfig /all", 120},
    // Commands the migration document and the SBS Best Practices Analyzer need. Limits are generous: a run
    // that hits one keeps what it printed. netdiag, dcdiag and repadmin come from the Windows Support Tools
    // (%ProgramFiles%\Support Tools), often absent (`missing`); wmic lives in System32\wbem. dcdiag and
    // netdiag exit non-zero when a test fails: still `ok`, the analyzer judges the text.
    {"command.netdiag", "commands/netdiag.txt", "", Kind::command, "netdiag /v", 300},
    {"command.dcdiag", "commands/dcdiag.txt", "", Kind::command, "dcdiag /v", 600},
    {"command.repadmin_showrepl", "commands/repadmin_showrepl.txt", "", Kind::command, "repadmin /showrepl", 180},
    {"command.repadmin_replsummary", "commands/repadmin_replsummary.txt", "", Kind::command,
     "repadmin /replsummary", 300},
    // /monitor asks every domain controller of the domain, each unreachable one costing a network timeout.
    {"command.w32tm_monitor", "commands/w32tm_monitor.txt", "", Kind::command, "w32tm /monitor", 600},
    {"command.w32tm_tz", "commands/w32tm_tz.txt", "", Kind::command, "w32tm /tz", 60},
    {"command.net_time", "commands/net_time.txt", "", Kind::command, "net time", 60},
    // systeminfo lists every hotfix and can take a minute on a patched 2003; wmic compiles WMI on first use.
    {"command.systeminfo", "commands/systeminfo.txt", "", Kind::command, "systeminfo", 300},
    {"command.wmic_qfe", "commands/wmic_qfe.txt", "", Kind::command, "wmic qfe list full", 300},
    // Only on a DHCP server: without the service, netsh has no dhcp context (`missing`, not run).
    {"command.netsh_dhcp", "commands/netsh_dhcp.txt", "", Kind::command, "netsh dhcp server dump", 300,
     "DHCPServer"},
    // Win32 API readings, each one JSON document (UTF-8); their fields are documented in
    // docs/bundle-format.md, "API artifacts".
    {"api.services", "system/services.json", "", Kind::api, "EnumServicesStatusExW, QueryServiceConfigW", 0},
    {"api.volumes", "system/volumes.json", "", Kind::api, "GetLogicalDriveStringsW, GetDiskFreeSpaceExW", 0},
    {"api.hardware", "system/hardware.json", "", Kind::api,
     "HKEY_LOCAL_MACHINE\\HARDWARE\\DESCRIPTION\\System (BIOS and system identification)", 0},
    {"api.time", "system/time.json", "", Kind::api,
     "GetSystemTimeAsFileTime, GetTimeZoneInformation, W32Time\\Parameters, one SNTP (RFC 4330) query", 0},
    // What the hives cannot show. The directory: read with wldap32 from a domain controller (the locator's
    // choice, i.e. this server on SBS; --ldap-server overrides), bound as the running user; plus the LSA's
    // holders of SeEnableDelegationPrivilege, this server's shares, its FQDN's addresses and the size of each
    // local Exchange database file. Each part has its own status in the document.
    {"api.directory", "system/directory.json", "", Kind::api,
     "wldap32: rootDSE, domain, Partitions, Schema, FSMO owners, domain controllers, OU=MyBusiness, "
     "Pre-Windows 2000 Compatible Access, enabled users and computers, trustedDomain objects, the Exchange "
     "organization; "
     "LsaEnumerateAccountsWithUserRight("
     "SeEnableDelegationPrivilege); NetShareEnum; getaddrinfo(this server's FQDN); Exchange database file sizes",
     0},
    {"api.file_versions", "system/file-versions.json", "", Kind::api,
     "GetFileVersionInfoW: msxml6.dll, wuaueng.dll, msi.dll (system32), WSS OWSSVR.DLL, Exchange store.exe and "
     "cdoex.dll; FSCTL_GET_REPARSE_POINT: the SYSVOL junction points; the Companyweb (SHAREPOINT) database files",
     0},
    // Keys that may be volatile (created in memory, absent from a saved hive), read live with KEY_READ.
    {"api.volatile_registry", "system/volatile-registry.json", "", Kind::api,
     "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WindowsUpdate\\Auto Update\\RebootRequired, "
     "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Updates (UpdateExeVolatile)",
     0},
    // Active Directory replication as the local domain controller's DRS interface reports it (what repadmin
    // /showrepl prints, without its localized text): inbound neighbors of every naming context and the KCC's
    // failure lists. Bound to this server only; on a server that is no domain controller nothing is called.
    {"api.replication", "system/replication.json", "", Kind::api,
     "ntdsapi: DsBindW(this server), DsReplicaGetInfoW(DS_REPL_INFO_NEIGHBORS, DS_REPL_INFO_KCC_DSA_CONNECT_FAILURES, "
     "DS_REPL_INFO_KCC_DSA_LINK_FAILURES)",
     0},
    // The TCP/IP configuration ipconfig /all prints, read from the IP Helper API so no localized label stands
    // between it and the analyzer: adapters, global parameters and the IPv4 routing table, each part with its
    // own status in the document.
    {"api.network", "system/network.json", "", Kind::api,
     "GetAdaptersAddresses, GetAdaptersInfo, GetNetworkParams, GetIpForwardTable", 0},
    // The certificates of the computer's personal store (LocalMachine\MY), opened read-only: what each one is
    // (names, validity, key, signature, private key present, EKU, DNS names), never a private key.
    {"api.certificates", "system/certificates.json", "", Kind::api,
     "crypt32: CertOpenStore(LocalMachine\\MY, read-only), CertEnumCertificatesInStore, CertGetNameStringW, "
     "CertGetCertificateContextProperty, CertGetPublicKeyLength, CertGetEnhancedKeyUsage, CryptDecodeObject",
     0},
    // Files copied from the server's disk (docs/bundle-format.md, "File artifacts"), read-only, each capped
    // (collector/core/file_search.hpp lists the caps). A search row EXPANDS: every file it finds is its own
    // artifact, id "<row id>.<segments>" and path "<row path>/<components>" named after where it was found
    // (file.ntbackup_logs.administrator.backup01_log at files/ntbackup/Administrator/backup01.log), with the
    // file's full path in source.what. Only when nothing is found (or the search itself fails) does the row's
    // own id appear, once, `missing` with source.searched. `what` says where the row looks.
    {"file.ntbackup_logs", "files/ntbackup", "", Kind::file,
     "backup*.log in <every ProfileList profile>\\Local Settings\\Application Data\\Microsoft\\Windows NT\\"
     "NTBackup\\data (and the German Lokale Einstellungen\\Anwendungsdaten)", 0},
    {"file.migration_logs", "files/migration", "", Kind::file,
     "%windir%\\debug\\adprep\\logs\\*\\ADPrep.log; logs named *SourceTool* or *Migration* (or in such folders) "
     "under %ProgramFiles% and %ALLUSERSPROFILE%\\Application Data, depth 3", 0},
    {"file.sbs_bpa_reports", "files/sbs_bpa", "", Kind::file,
     "reports in folders named *Best Practices Analyzer* or *SBSBPA* under %ProgramFiles%, depth 3", 0},
    // A single-file row: its artifact has the row's own id and path; the log's LAST 4 MiB are kept.
    {"file.windowsupdate_log", "files/WindowsUpdate.log", "", Kind::file, "%windir%\\WindowsUpdate.log", 0},
    // Event logs saved with BackupEventLogW as .evt files (format "evt"); `what` is the log's name. A log
    // that is not registered under SYSTEM\CurrentControlSet\Services\Eventlog is `missing`.
    {"eventlog.system", "eventlogs/System.evt", "", Kind::event_log, "System", 0},
    {"eventlog.application", "eventlogs/Application.evt", "", Kind::event_log, "Application", 0},
    {"eventlog.directory_service", "eventlogs/Directory_Service.evt", "", Kind::event_log, "Directory Service", 0},
    {"eventlog.dns_server", "eventlogs/DNS_Server.evt", "", Kind::event_log, "DNS Server", 0},
    {"eventlog.file_replication_service", "eventlogs/File_Replication_Service.evt", "", Kind::event_log,
     "File Replication Service", 0},
};

constexpr const ArtifactSpec* find_artifact(std::string_view id) {
  for (const auto& spec : kArtifacts) {
    if (spec.id == id) return &spec;
  }
  return nullptr;
}

}  // namespace migready::contract

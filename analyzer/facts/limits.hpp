// Bounds on the facts document, so one hostile or huge source cannot blow up the facts (docs/facts.md,
// "Bounds"). A list that reaches its bound is cut there; where a cut can bite, a count or `truncated` fact
// says so.
//
//   bound                     value  what it caps
//   kMaxUpdates               2000   updates.installed entries
//   kMaxPrograms               500   programs.installed entries
//   kMaxServices              1000   services.list and services.running entries
//   kMaxVolumes                 64   disks.volumes entries
//   kMaxTests                  200   dcdiag / netdiag failed tests
//   kMaxMessages                10   messages kept per failed test
//   kMaxReplFailures           200   repadmin.failures and repadmin.partners entries
//   kMaxMonitorServers         200   time.w32tm_monitor.servers entries
//   kMaxDhcpScopes             500   dhcp_server.scopes and scope_routers entries
//   kMaxBackupRuns             100   backup.runs entries
//   kMaxMigrationLogs          100   migration_prep.logs entries
//   kMaxEventGroups            200   (source, event id) groups per event log
//   kMaxExamples                10   example paths kept per pending-restart reason
//   kMaxPortEntries            256   RpcProxy ValidPorts entries
//   kMaxStores                 200   Exchange stores
//   kMaxForwarders              64   DNS forwarders
//   kMaxSqlInstances           256   SQL Server instances
//   kMaxPrepErrors              50   Migration Preparation Tool error lines
//   kMaxDirectoryObjects      1000   api.directory list entries (DCs, members, accounts, ...)
//   kMaxAddresses               64   addresses the server's FQDN resolves to
//   kMaxAdapters                64   network.adapters entries (api.network's own cap)
//   kMaxReadingDifferences      50   network.reading_differences entries
//   kMaxPersistentRoutes       256   network.persistent_routes entries
//   kMaxFrsReplicaSets          64   NtFrs Replica Sets subkeys read
//   kMaxSysvolEntries           64   entries read per SYSVOL folder of api.file_versions
//   kMaxCompanywebFiles         64   companyweb.content_databases entries
//   kMaxCertificates           256   certificates.local_machine_my entries (api.certificates' own cap)
//   kMaxRegistryStringChars  16383   UTF-16 code units kept of one registry string (REG_SZ, REG_EXPAND_SZ,
//                                    each REG_MULTI_SZ item); longer ones end in kTruncatedMark. The
//                                    registry's own limit on a value name ("Registry Element Size Limits",
//                                    learn.microsoft.com/windows/win32/sysinfo/registry-element-size-limits);
//                                    a value's data may be larger (1 MB in the standard format), but what
//                                    facts read (names, versions, paths: MAX_PATH 260) is far shorter, and
//                                    a hostile hive can share one 8M-character value among 2000 keys.
#pragma once

#include <cstddef>

namespace migready::facts::detail {

inline constexpr std::size_t kMaxUpdates = 2000;
inline constexpr std::size_t kMaxPrograms = 500;
inline constexpr std::size_t kMaxServices = 1000;
inline constexpr std::size_t kMaxVolumes = 64;
inline constexpr std::size_t kMaxTests = 200;
inline constexpr std::size_t kMaxMessages = 10;
inline constexpr std::size_t kMaxReplFailures = 200;
inline constexpr std::size_t kMaxMonitorServers = 200;
inline constexpr std::size_t kMaxDhcpScopes = 500;
inline constexpr std::size_t kMaxBackupRuns = 100;
inline constexpr std::size_t kMaxMigrationLogs = 100;
inline constexpr std::size_t kMaxEventGroups = 200;
inline constexpr std::size_t kMaxExamples = 10;
inline constexpr std::size_t kMaxPortEntries = 256;
inline constexpr std::size_t kMaxStores = 200;
inline constexpr std::size_t kMaxForwarders = 64;
inline constexpr std::size_t kMaxSqlInstances = 256;
inline constexpr std::size_t kMaxPrepErrors = 50;
inline constexpr std::size_t kMaxDirectoryObjects = 1000;
inline constexpr std::size_t kMaxAddresses = 64;
inline constexpr std::size_t kMaxAdapters = 64;
inline constexpr std::size_t kMaxReadingDifferences = 50;
inline constexpr std::size_t kMaxPersistentRoutes = 256;
inline constexpr std::size_t kMaxFrsReplicaSets = 64;
inline constexpr std::size_t kMaxSysvolEntries = 64;
inline constexpr std::size_t kMaxCompanywebFiles = 64;
inline constexpr std::size_t kMaxCertificates = 256;
inline constexpr std::size_t kMaxRegistryStringChars = 16'383;
inline constexpr const char* kTruncatedMark = " [... truncated: the value is longer than 16383 characters]";

}  // namespace migready::facts::detail

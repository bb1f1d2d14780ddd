#include "facts/catalogue.hpp"

#include <algorithm>
#include <vector>

#include "core/json.hpp"

namespace migready::facts {
namespace {

// Shorthands for the table only.
constexpr FactTypes B = kBool, I = kInt, N = kNumber, S = kString, D = kDate, A = kArray, O = kObject, Z = kNull;

// One line per fact, grouped by source. Keep this table and docs/facts.md in step (the tests compare them; the
// docs group the facts by topic, kTopics below); the types are those of the value when the fact is present.
constexpr FactSpec kFacts[] = {
    // Collection (manifest, bundle verification)
    {"collection.complete", B, "manifest", "false: the collector was interrupted"},
    {"collection.collector_version", S, "manifest", "the collector's version"},
    {"collection.started_utc", D, "manifest", "when the collection started, UTC"},
    {"collection.locale", O, "manifest", "{system_lcid, user_lcid, system_ui_language, user_ui_language, short_date, long_date, time_format, am, pm, decimal, thousands, first_day_of_week}; format 1.2"},
    {"collection.wow64", O, "manifest", "{active, redirection_disabled, error?}: the 32-bit collector on 64-bit Windows; format 1.3"},
    {"collection.problems", A, "manifest", "[{artifact, problem}]: artifacts not ok, missing, or not matching the manifest"},
    {"collection.ui_language_id", I, "manifest", "the LANGID console tools print in (locale.user_ui_language, else system's)"},
    {"collection.ui_language", S, "manifest", "that LANGID described: \"German (LANGID 0x0407)\""},
    {"collection.text_language", S | Z, "manifest", "the parsers' language for it (\"de\"); null: none knows it"},
    {"collection.text_unread", A, "manifest command.ipconfig_all command.systeminfo", "localized outputs left unread: no parser knows their language"},
    // Host and operating system
    {"host.computer_name", S, "manifest", "the NetBIOS computer name"},
    {"host.dns_domain", S | Z, "manifest", "the DNS domain; null when none"},
    {"os.version", S, "manifest", "major.minor, \"5.2\" = Windows Server 2003"},
    {"os.build", I, "manifest", "the build number"},
    {"os.service_pack", S, "manifest", "the service pack text, \"Service Pack 2\""},
    {"os.service_pack_number", I, "manifest", "wServicePackMajor"},
    {"os.product_type", S, "manifest", "workstation, domain_controller or server"},
    {"os.arch", S, "manifest", "x86, x64, ia64"},
    {"os.is_sbs", B, "manifest", "the suite mask names Small Business Server"},
    {"os.product_name", S | Z, "registry.software", "CurrentVersion\\ProductName"},
    {"os.csd_version", S | Z, "registry.software", "CurrentVersion\\CSDVersion; null when no SP"},
    {"os.product_suite", A, "registry.system", "ProductOptions\\ProductSuite (strings)"},
    {"os.is_r2", B | Z, "registry.software", "ProductName names R2; null without ProductName"},
    {"os.system_root", S | Z, "registry.software", "CurrentVersion\\SystemRoot, the Windows folder; its drive is the system volume"},
    // SBS and Exchange
    {"sbs.installed", B, "registry.software", "the SmallBusinessServer key exists"},
    {"sbs.service_pack_number", I, "registry.software", "SmallBusinessServer\\ServicePackNumber; absent = 0"},
    {"sbs.edition", S | Z, "registry.software", "\"Standard\" or \"Premium\", a hint; null without SBS"},
    {"exchange.installed", B, "registry.software", "the Exchange\\Setup key exists"},
    {"exchange.service_pack_number", I, "registry.software", "Exchange\\Setup\\ServicePackNumber; absent = 0"},
    {"exchange.version", I | S | Z, "registry.software", "Exchange\\Setup\\Services Version (65 = Exchange 2003)"},
    {"exchange.build", I | Z, "registry.software api.file_versions", "store.exe's build; null without Exchange"},
    {"exchange.build_service_pack", I | Z, "api.file_versions registry.software", "the service pack of store.exe's build"},
    {"exchange.store_version", S | Z, "api.file_versions registry.software", "store.exe's file version; null without Exchange"},
    // Network (api.network, else ipconfig /all, and derived from them)
    {"network.adapters", A, "api.network command.ipconfig_all", "[{name, kind, description, active, ipv4[], gateways[], ...}]"},
    {"network.active_adapter_count", I, "api.network command.ipconfig_all", "adapters connected with a usable IPv4 address"},
    {"network.default_gateways", A, "api.network command.ipconfig_all", "IPv4 gateways of the active adapters"},
    {"network.public_addresses", A, "api.network command.ipconfig_all", "\"addr (adapter)\" of active adapters outside RFC 1918"},
    {"network.ip_routing_enabled", B, "api.network command.ipconfig_all", "EnableRouting, else the \"IP Routing Enabled\" line"},
    {"network.reading_differences", A | Z, "api.network command.ipconfig_all", "[{name, what, api, ipconfig}]: where the two readings differ; null with one"},
    {"network.dns_servers_not_self", A, "api.network command.ipconfig_all", "[{address, adapter}]: DNS servers that are not this server"},
    {"network.dhcp_enabled_adapters", A, "api.network command.ipconfig_all", "[{adapter, description, ipv4[]}] of active DHCP adapters"},
    {"network.lan_adapter", O | Z, "api.network command.ipconfig_all", "{name, ipv4, subnet_mask, prefix_length, has_gateway}"},
    {"network.lan_prefix_length", I | Z, "api.network command.ipconfig_all", "the LAN adapter's prefix length"},
    {"network.lan_subnet_is_24", B | Z, "api.network command.ipconfig_all", "the LAN adapter's mask is 255.255.255.0"},
    {"network.fqdn", S | Z, "api.directory", "the server's FQDN"},
    {"network.fqdn_addresses", A, "api.directory", "the IPv4 addresses the FQDN resolves to"},
    {"network.fqdn_own_addresses", A, "api.directory api.network command.ipconfig_all", "those that are this server's own"},
    {"network.fqdn_resolves_to_several_own_addresses", B, "api.directory api.network command.ipconfig_all", "more than one"},
    // Time (api.time, manifest, w32tm)
    {"time.sntp_measured", B, "api.time", "false: the SNTP query failed"},
    {"time.sntp_server", S, "api.time", "host:port asked"},
    {"time.offset_seconds", N, "api.time", "time server minus this server, seconds"},
    {"time.offset_abs_seconds", N, "api.time", "the size of the offset"},
    {"time.offset_direction", S, "api.time", "\"behind\" or \"ahead of\""},
    {"time.sntp_error", S | Z, "api.time", "why SNTP failed; null when measured"},
    {"time.w32time_type", S | Z, "api.time", "W32Time's Parameters\\Type: NT5DS, NTP, NoSync"},
    {"time.zone.bias_minutes", I, "manifest", "UTC = local + bias"},
    {"time.zone.standard_name", S, "manifest", "the standard time zone name"},
    {"time.zone.daylight_name", S, "manifest", "the daylight time zone name"},
    {"time.zone.id", S | Z, "registry.software", "the zone's Windows id (its Time Zones key), whatever the language; null: none found"},
    {"time.w32tm_monitor.servers", A, "command.w32tm_monitor", "[{name, is_pdc, address, offset_seconds, ...}]"},
    {"time.w32tm_monitor.max_abs_offset_seconds", N | Z, "command.w32tm_monitor", "largest absolute offset"},
    {"time.w32tm_monitor.error", S | Z, "command.w32tm_monitor", "w32tm's own error; null when none"},
    {"time.pdc_clock", A, "api.time api.directory command.w32tm_monitor",
     "[{name, w32time_type, forest_root, ref_id, address, reading}]: the PDC emulator's time source"},
    {"time.tz_w32tm", O, "command.w32tm_tz", "{current, bias_minutes, standard, daylight}"},
    // User (manifest)
    {"user.name", S, "manifest", "the account the collector ran as"},
    {"user.groups", A, "manifest", "its groups, DOMAIN\\name or SID"},
    {"user.is_domain_admin", B, "manifest", "an enabled -512 group SID"},
    {"user.is_schema_admin", B, "manifest", "an enabled -518 group SID"},
    {"user.is_enterprise_admin", B, "manifest", "an enabled -519 group SID"},
    {"user.is_admin", B, "manifest", "an enabled S-1-5-32-544 (BUILTIN\\Administrators)"},
    // Planning (migready's command line)
    {"destination.time_zone", S | Z, "command-line", "--destination-tz; null when not given"},
    {"plan.install_date", D | Z, "command-line", "--install-date, YYYY-MM-DD; null when not given"},
    // Installed updates
    {"updates.installed", A, "command.wmic_qfe command.systeminfo registry.software", "[{id, sources[]}] by id"},
    {"updates.count", I, "command.wmic_qfe command.systeminfo registry.software", "distinct update ids"},
    {"updates.unavailable_sources", A, "command.wmic_qfe command.systeminfo registry.software",
     "[{source, status, reason}] of the sources not read"},
    {"updates.pending", A, "file.windowsupdate_log", "[{name, update_id}] the last completed search names"},
    {"updates.pending_searched", B, "file.windowsupdate_log", "the log shows a completed search"},
    {"updates.pending_count", I | Z, "file.windowsupdate_log", "what the last completed search found; null without one"},
    {"updates.search_state", S, "file.windowsupdate_log", "searched, no_completed_search, no_search, log_not_collected, log_unreadable"},
    {"updates.last_search", O | Z, "file.windowsupdate_log", "{caller, started, ended, found, outcome, error, ...}: the latest search"},
    {"updates.last_completed_search", O | Z, "file.windowsupdate_log", "the latest search with a result, same shape"},
    {"updates.failure_codes_recent", A, "file.windowsupdate_log", "[{name, code, symbol, meaning, count, last, ...}] of the last 30 days"},
    {"updates.agent_version", S | Z, "file.windowsupdate_log", "the Windows Update Agent's version the log names"},
    {"updates.wu_log_first", D | Z, "file.windowsupdate_log", "the log's earliest time, local"},
    {"updates.wu_log_last", D | Z, "file.windowsupdate_log", "the log's latest time, local"},
    // Products and components (SOFTWARE hive)
    {"wss.v2_installed", B, "registry.software", "Web Server Extensions\\6.0 exists (WSS 2.0)"},
    {"wss.v3_installed", B, "registry.software", "Web Server Extensions\\12.0 exists (WSS 3.0)"},
    {"wss.v2_version", S | Z, "api.file_versions registry.software", "OWSSVR.DLL's version; null without WSS 2.0"},
    {"wss.v2_service_pack", I | Z, "api.file_versions registry.software", "WSS 2.0's service pack from OWSSVR.DLL's build"},
    {"wss.v2_sp3_package", S | Z, "registry.software command.wmic_qfe command.systeminfo", "WSS 2.0 SP3's own package or KB923643; null when neither"},
    {"wsus.installed", B, "registry.software", "Update Services\\Server\\Setup exists"},
    {"wsus.version", S | Z, "registry.software", "VersionString (WSUS 3.0)"},
    {"wsus.service_pack_number", I | Z, "registry.software", "WSUS 3.0's service pack from VersionString"},
    {"powershell.version", S | Z, "registry.software", "PowerShellVersion; null when not installed"},
    {"dotnet.<ndp>.installed", B, "registry.software", "NDP\\<version>\\Install = 1"},
    {"dotnet.<ndp>.service_pack", I | Z, "registry.software", "NDP\\<version>\\SP"},
    {"dotnet.<ndp>.version", S | Z, "registry.software", "NDP\\<version>\\Version"},
    {"sql.instances", A, "registry.software", "InstalledInstances (names)"},
    {"sql.instance_versions", A, "registry.software", "[{instance, version, service_pack_number, is_latest_sp, ...}]"},
    {"programs.installed", A, "registry.software", "Uninstall entries with a DisplayName"},
    {"programs.count", I, "registry.software", "entries with a DisplayName"},
    {"mbca.installed", B, "registry.software", "an Uninstall entry names MBCA 2.0"},
    {"msxml6.version", S | Z, "api.file_versions registry.software", "msxml6.dll's version; null when absent"},
    {"msxml6.sp1_or_later", B, "api.file_versions registry.software", "msxml6.dll is 6.10.1129.0 or later"},
    {"windows_update_agent.version", S | Z, "api.file_versions", "wuaueng.dll's version"},
    {"windows_installer.version", S | Z, "api.file_versions", "msi.dll's version"},
    {"file_versions.files", A, "api.file_versions", "[{id, file, present, path, file_version, error}]"},
    {"isa.installed", B, "registry.software registry.system", "Microsoft\\Fpc or the FwSrv service exists"},
    {"isa.firewall_service_present", B, "registry.system", "Services\\FwSrv exists"},
    {"system.dcom_enabled", B, "registry.software", "Ole\\EnableDCOM is not \"N\""},
    // SYSTEM hive
    {"network.persistent_routes", A, "registry.system", "[{name, destination, mask, gateway, metric, value}] route -p"},
    // Certificates (api.certificates)
    {"certificates.local_machine_my", A, "api.certificates", "[{thumbprint, subject, issuer, self_signed, not_after_utc, days_to_expiry, key_bits, signature_hash, web_server, dns_names, ...}] LocalMachine\\MY"},
    {"rras.start", I | Z, "registry.system", "RemoteAccess Start: 2 auto, 3 manual, 4 disabled; null without it"},
    {"rras.configuration_flags", I, "registry.system", "RemoteAccess\\Parameters\\ConfigurationFlags; absent = 0"},
    {"rras.router_type", I | Z, "registry.system", "RemoteAccess\\Parameters\\RouterType flags; null when absent"},
    {"rras.remote_access_configured", B, "registry.system", "configured, with the remote access (0x1) router type"},
    {"rras.running", B, "api.services", "the RemoteAccess service runs"},
    {"dhcp_server.installed", B, "registry.system", "Services\\DHCPServer exists"},
    {"ad.is_domain_controller", B, "registry.system", "ProductType LanmanNT"},
    {"ad.schema_version", I | Z, "registry.system", "NTDS\\Parameters\\Schema Version"},
    {"ad.schema_version_name", S | Z, "registry.system", "the Windows release of that schema version"},
    {"ad.database_path", S | Z, "registry.system", "NTDS\\Parameters\\DSA Database file"},
    {"ad.log_path", S | Z, "registry.system", "NTDS\\Parameters\\Database log files path"},
    {"ad.fsmo", O, "command.dcdiag", "{schema, domain_naming, pdc, rid, infrastructure, reported_by}"},
    // DHCP server
    {"dhcp_server.scopes", A, "command.netsh_dhcp", "[{network, mask, name, active, router, line}]"},
    {"dhcp_server.scope_routers", A, "command.netsh_dhcp", "distinct option-003 routers of active scopes"},
    // Health tools
    {"dcdiag.ran", B, "command.dcdiag", "dcdiag's output parsed"},
    {"netdiag.ran", B, "command.netdiag", "netdiag's output parsed"},
    {"repadmin.ran", B, "command.repadmin_showrepl", "repadmin's output parsed"},
    {"dcdiag.failed_tests", A, "command.dcdiag", "[{name, subject, scope, messages[], line}]"},
    {"netdiag.failed_tests", A, "command.netdiag", "[{name, adapter, warnings[], fatals[], line}]"},
    {"repadmin.failures", A, "api.replication command.repadmin_showrepl manifest",
     "[{direction, naming_context, source, ...}] failing neighbours"},
    {"repadmin.partners", A, "api.replication command.repadmin_showrepl manifest",
     "[{name, source_dc, failing, days_since_success, ...}] per partner"},
    {"replication.kcc_failures", A, "api.replication",
     "[{kind, name, site, dsa_dn, first_failure_utc, failure_count, result_code, result_message, partner}]"},
    {"support_tools.missing", A, "command.dcdiag command.netdiag command.repadmin_showrepl command.repadmin_replsummary",
     "ids of Support Tools outputs that are missing"},
    // Services, disks and hardware
    {"services.list", A, "api.services", "[{name, display_name, state, start_type, account, type, binary_path}]"},
    {"services.running", A, "api.services", "names of running services"},
    {"services.count", I, "api.services", "entries with a name"},
    {"services.complete", B, "api.services", "false: the enumeration stopped early"},
    {"services.stopped_automatic", A, "api.services", "automatic Win32 services not running"},
    {"services.stopped_automatic_lower", A, "api.services", "the same names in lower case"},
    {"disks.volumes", A, "api.volumes", "[{root, drive_type, file_system, label, total_bytes, free_bytes, free_percent}]"},
    {"disks.critical_volumes", A, "registry.software registry.system api.directory", "[{name, root, holds[]}]: volumes with Windows, AD or Exchange data"},
    {"disks.min_free_percent", N, "api.volumes", "the lowest free percentage of a fixed volume"},
    {"hardware.manufacturer", S | A | N | Z, "api.hardware", "SMBIOS type 1 Manufacturer, else BIOS SystemManufacturer, raw"},
    {"hardware.model", S | A | N | Z, "api.hardware", "SMBIOS type 1 Product Name, else BIOS SystemProductName, raw"},
    {"hardware.bios", S | A | N | Z, "api.hardware", "BIOSVersion or SystemBiosVersion, raw"},
    {"hardware.virtual_machine_hint", S | Z, "api.hardware command.systeminfo", "a virtual platform named, a hint"},
    // Backup (NTBackup logs)
    {"backup.any_log", B, "file.ntbackup_logs", "an NTBackup log was found"},
    {"backup.runs", A, "file.ntbackup_logs", "[{artifact, operation, outcome, type, started, completed, ...}]"},
    {"backup.last_successful_full", D | Z, "file.ntbackup_logs", "the latest completed Normal backup, local time"},
    {"backup.unreadable_logs", A, "file.ntbackup_logs", "[{artifact, file, status, reason}]"},
    {"backup.full_parts", A, "file.ntbackup_logs registry.software", "[{name, last_full, artifact, set}]: what a full backup must hold"},
    {"backup.full_missing", A, "file.ntbackup_logs registry.software", "the names of full_parts without a full backup"},
    {"backup.other_products", A, "registry.software api.services", "[{name, evidence}]: backup products other than NTBackup"},
    // Migration Preparation Tool and ADPrep
    {"migration_prep.logs", A, "file.migration_logs", "[{artifact, file, path, status}] of every log found"},
    {"migration_prep.ran", B, "file.migration_logs", "a tool log was found"},
    {"migration_prep.tool_logs", A, "file.migration_logs", "the tool logs' artifact ids"},
    {"migration_prep.last_run", D | Z, "file.migration_logs", "the tool's last run, local time"},
    {"migration_prep.last_run_basis", S | Z, "file.migration_logs", "\"log content\" or \"adprep run folder\""},
    {"migration_prep.errors", A, "file.migration_logs", "[{artifact, line, text}] error lines"},
    {"migration_prep.error_count", I, "file.migration_logs", "error lines before the cap"},
    {"migration_prep.hotfix_error", B, "file.migration_logs", "an error line names a hotfix, KB or Catroot"},
    {"migration_prep.scan_errors", I | Z, "file.migration_logs", "errors of the newest run's last scan; null when no scan result"},
    {"migration_prep.scan_warnings", I | Z, "file.migration_logs", "warnings of the newest run's last scan; null when none"},
    {"adprep.runs", A, "file.migration_logs", "[{run, artifact, failed}] oldest first"},
    {"adprep.failed", B, "file.migration_logs", "the latest ADPrep run could not complete"},
    // Event logs
    // SYSVOL junction points and Companyweb (api.file_versions' sysvol and companyweb parts)
    {"sysvol.expected", O | Z, "registry.system", "{sysvol, root, stage, from}: where sysvol\\<domain> and staging areas\\<domain> must point (FRS Replica Set Root/Stage, else KB 324175's defaults); null on no domain controller"},
    {"sysvol.junctions", A | Z, "registry.system api.file_versions manifest", "[{name, state, problem, path, target, expected, error}]: the domain's two junctions; state correct, wrong_target, not_a_junction, missing or unread"},
    {"sysvol.junction_problems", A | Z, "registry.system api.file_versions manifest", "the junctions whose state is wrong_target, not_a_junction or missing; not known when none is wrong and one is unread"},
    {"companyweb.content_databases", A | Z, "api.file_versions", "[{name, file, size_bytes}]: STS_*.mdf/.ldf of the SHAREPOINT instance but STS_Config; null without that folder"},
    {"companyweb.content_database_bytes", I | Z, "api.file_versions", "their total size in bytes"},
    {"companyweb.content_database_mb", I | Z, "api.file_versions", "the same in MiB, rounded up"},
    {"frs.journal_wrap", O, "eventlog.file_replication_service", "NtFrs 13568 in the whole log: {present, count, ...}"},
    {"events.<log>.errors_last_30_days", O, "eventlog.system eventlog.application eventlog.directory_service "
     "eventlog.dns_server eventlog.file_replication_service", "{total, from_utc, to_utc, groups[], group_count}"},
    // Pending restart
    {"system.pending_file_rename_operations", I, "registry.system", "PendingFileRenameOperations pairs"},
    {"system.pending_file_rename_paths", A, "registry.system", "the source paths of the first 10 rename operations"},
    {"system.pending_restart_reasons", A, "registry.system registry.software api.volatile_registry",
     "[{kind, detail, source, examples[]}]"},
    {"system.pending_restart", B, "registry.system registry.software api.volatile_registry", "a restart is pending"},
    {"system.pending_restart_volatile_keys_readable", B, "api.volatile_registry registry.software",
     "Windows Update's volatile restart markers could be read"},
    // Exchange: email plan
    {"exchange.owa_installed", B, "registry.software", "Exchange\\Setup\\Web Connector exists"},
    {"exchange.rpc_over_http.proxy_installed", B, "registry.software", "Rpc\\RpcProxy exists"},
    {"exchange.rpc_over_http.enabled", I | Z, "registry.software", "RpcProxy\\Enabled"},
    {"exchange.rpc_over_http.valid_ports", S | Z, "registry.software", "RpcProxy\\ValidPorts as written"},
    {"exchange.rpc_over_http.valid_port_hosts", A, "registry.software", "[{host, ports[]}] from ValidPorts"},
    {"exchange.rpcproxy_ports_ok_for", A, "registry.software", "hosts allowed on 6001, 6002 and 6004"},
    {"exchange.rpcproxy_fqdn_ok", B, "registry.software", "one of them is an FQDN"},
    {"exchange.rpc_over_http.store_port", I | Z, "registry.system", "MSExchangeIS Rpc/HTTP Port"},
    {"exchange.rpc_over_http.dsproxy_port", I | Z, "registry.system", "MSExchangeSA HTTP Port"},
    {"exchange.rpc_over_http.nspi_port", I | Z, "registry.system", "MSExchangeSA Rpc/HTTP NSPI Port"},
    {"exchange.rpc_over_http.gc_nspi_sequences", A | Z, "registry.system", "NTDS\\Parameters\\NSPI interface protocol sequences"},
    {"exchange.rpc_over_http.nspi_port_ok", B, "registry.system", "the NSPI port or ncacn_http:6004 is set"},
    {"exchange.stores", A, "registry.system api.directory", "[{kind, server, name, size_gb, limit_gb, ...}]"},
    {"exchange.storage_groups", A, "api.directory", "[{name, server, this_server, circular_logging, stores}] per storage group"},
    {"exchange.store_size_events", A, "eventlog.application", "the Information Store's size events 9688/9689/9690/1112/1221"},
    {"exchange.public_folders_present", B, "registry.system", "a Public store exists"},
    {"exchange.mailbox_stores_present", B, "registry.system", "a Private (mailbox) store exists"},
    {"exchange.pop3_connector.service", O | Z, "registry.system", "{name, start, image_path}; null when none"},
    {"exchange.pop3_connector.in_use", B, "registry.system", "the POP3 Connector's service is not disabled"},
    {"exchange.pop3_connector.installed", B, "registry.system registry.software", "the POP3 Connector is installed"},
    // DNS Server
    {"dns_server.installed", B, "registry.system", "Services\\DNS exists"},
    {"dns_server.forwarders", A | Z, "registry.system", "IPv4 forwarders; null without the DNS service"},
    {"dns_server.forwarding_timeout", I | Z, "registry.system", "ForwardingTimeout, seconds"},
    {"dns_server.is_slave", B | Z, "registry.system", "IsSlave: only the forwarders are used"},
    // Line-of-business applications
    {"lob.applications", A, "registry.software api.services", "[{application, version, publisher, data_path, notes}]"},
    {"lob.names", A, "registry.software api.services", "\"<application> <version>\" of each application"},
    {"lob.count", I, "registry.software api.services", "applications before the cap"},
    // Active Directory and Exchange's configuration (api.directory)
    {"directory.domain_functional_level", O, "api.directory", "{code, name, mixed_mode, basis}"},
    {"directory.forest_functional_level", O, "api.directory", "{code, name, basis}"},
    {"directory.schema_version", O, "api.directory", "{object_version, name}"},
    {"directory.fsmo", O, "api.directory", "{schema_master, domain_naming_master, pdc_emulator, rid_master, ...}"},
    {"directory.fsmo_not_on_this_server", A, "api.directory manifest", "[{name, role, server}] held elsewhere"},
    {"directory.fsmo_owners_elsewhere", A, "api.directory", "[{name, owner_dn, deleted, live_dc, gone, roles[], needed_for[]}]"},
    {"directory.domain_controllers", A, "api.directory", "[{name, os, version, older_than_2003, ...}]"},
    {"directory.dcs_older_than_2003", A, "api.directory", "names of DCs older than Windows Server 2003"},
    {"directory.dcs_os_unknown", A, "api.directory", "names of DCs whose OS was not read"},
    {"directory.dns_domain_name", S, "api.directory", "the domain's DNS name"},
    {"directory.single_label_domain", B, "api.directory", "the DNS name has no dot"},
    {"directory.forest_root_domain", B, "api.directory", "the domain is the forest root"},
    {"directory.mybusiness_ou_present", B, "api.directory", "the SBS MyBusiness OU exists"},
    {"directory.pre_windows_2000_members", A | Z, "api.directory", "[{name, dn}]; null without the group"},
    {"directory.enabled_users", A, "api.directory", "sAMAccountNames of enabled users, trust accounts left out"},
    {"directory.enabled_user_count", I, "api.directory", "how many: directory.enabled_users' length"},
    {"directory.enabled_computers", A, "api.directory", "[{name, os, domain_controller}] enabled, this server left out"},
    {"directory.enabled_computer_count", I, "api.directory", "how many: directory.enabled_computers' length"},
    {"directory.trusts", A, "api.directory", "[{name, flat_name, direction, type, kind, dn}] trustedDomain objects"},
    {"directory.delegation_accounts", A, "api.directory", "[{name, sid}] holding SeEnableDelegationPrivilege"},
    {"directory.administrators_trusted_for_delegation", B, "api.directory", "S-1-5-32-544 is among them"},
    {"directory.sysvol_share_present", B, "api.directory", "a SYSVOL share exists"},
    {"directory.netlogon_share_present", B, "api.directory", "a NETLOGON share exists"},
    {"exchange.organizations", A, "api.directory", "[{name, mixed_mode}]"},
    {"exchange.mixed_mode", B | Z, "api.directory", "an organization is in mixed mode; null without one"},
    {"exchange.servers", A, "api.directory", "[{name, version, build, service_pack, this_server, ...}]"},
    {"exchange.edition", S | Z, "registry.software", "\"Standard\" on SBS; null without Exchange"},
    {"exchange.stores_measured", B, "api.directory", "every store of this server has a size"},
};

constexpr FactFamily kFamilies[] = {
    {"<log>", "system application directory_service dns_server file_replication_service"},
    {"<ndp>", "v1_1 v2_0 v3_0 v3_5"},
};

constexpr Catalogue kCatalogue(kFacts, kFamilies);

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t at = s.find(sep, start);
    out.push_back(s.substr(start, at == std::string_view::npos ? std::string_view::npos : at - start));
    if (at == std::string_view::npos) return out;
    start = at + 1;
  }
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = up;
    }
  }
  return row[b.size()];
}


// Fact path prefixes and the file that sets their facts; the longest matching prefix wins.
struct TopicPrefix {
  std::string_view prefix;
  std::string_view file;
};
constexpr TopicPrefix kTopics[] = {
    {"collection.", "facts/collection.cpp"},
    {"user.", "facts/collection.cpp"},
    {"host.", "facts/os.cpp"},
    {"os.", "facts/os.cpp"},
    {"sbs.", "facts/os.cpp"},
    {"system.dcom_enabled", "facts/os.cpp"},
    {"hardware.", "facts/os.cpp"},
    {"exchange.", "facts/exchange.cpp"},
    {"exchange.build", "facts/versions.cpp"},
    {"exchange.store_version", "facts/versions.cpp"},
    {"exchange.organizations", "facts/directory.cpp"},
    {"exchange.mixed_mode", "facts/directory.cpp"},
    {"exchange.servers", "facts/directory.cpp"},
    {"wss.", "facts/versions.cpp"},
    {"wsus.", "facts/versions.cpp"},
    {"sql.", "facts/versions.cpp"},
    {"msxml6.", "facts/versions.cpp"},
    {"windows_update_agent.", "facts/versions.cpp"},
    {"windows_installer.", "facts/versions.cpp"},
    {"file_versions.", "facts/versions.cpp"},
    {"migration_prep.", "facts/migration_prep.cpp"},
    {"adprep.", "facts/migration_prep.cpp"},
    {"powershell.", "facts/migration_prep.cpp"},
    {"dotnet.", "facts/migration_prep.cpp"},
    {"lob.", "facts/lob.cpp"},
    {"programs.", "facts/lob.cpp"},
    {"mbca.", "facts/lob.cpp"},
    {"certificates.", "facts/certificates.cpp"},
    {"network.", "facts/network.cpp"},
    {"network.fqdn", "facts/directory.cpp"},
    {"rras.", "facts/network.cpp"},
    {"rras.running", "facts/services.cpp"},
    {"isa.", "facts/network.cpp"},
    {"dns_server.", "facts/network.cpp"},
    {"dhcp_server.", "facts/dhcp.cpp"},
    {"ad.", "facts/directory.cpp"},
    {"ad.fsmo", "facts/health.cpp"},
    {"directory.", "facts/directory.cpp"},
    {"system.pending_", "facts/restart.cpp"},
    {"time.", "facts/time.cpp"},
    {"updates.", "facts/updates.cpp"},
    {"dcdiag.", "facts/health.cpp"},
    {"netdiag.", "facts/health.cpp"},
    {"repadmin.", "facts/health.cpp"},
    {"replication.", "facts/health.cpp"},
    {"support_tools.", "facts/health.cpp"},
    {"services.", "facts/services.cpp"},
    {"disks.", "facts/disks.cpp"},
    {"backup.", "facts/backup.cpp"},
    {"events.", "facts/events.cpp"},
    {"frs.", "facts/events.cpp"},
    {"sysvol.", "facts/sysvol.cpp"},
    {"companyweb.", "facts/sysvol.cpp"},
    {"destination.", "report/analyze.cpp"},
    {"plan.", "report/analyze.cpp"},
};

}  // namespace

std::string fact_types_name(FactTypes types) {
  static constexpr std::pair<FactTypes, std::string_view> kNames[] = {
      {kBool, "bool"}, {kInt, "int"},     {kNumber, "number"}, {kString, "string"},
      {kDate, "date"}, {kArray, "array"}, {kObject, "object"}, {kNull, "null"}};
  std::string out;
  for (const auto& [bit, name] : kNames) {
    if ((types & bit) == 0) continue;
    if (!out.empty()) out += " or ";
    out += name;
  }
  return out.empty() ? "nothing" : out;
}

FactTypes value_types(const json::Value& value) {
  if (value.IsNull()) return kNull;
  if (value.IsBool()) return kBool;
  if (value.IsInt64() || value.IsUint64()) return kInt | kNumber;
  if (value.IsNumber()) return kNumber;
  if (value.IsArray()) return kArray;
  if (value.IsObject()) return kObject;
  // A date: YYYY-MM-DD, optionally [T ]hh:mm, :ss, .fraction, Z (the form docs/rules.md reads).
  const std::string_view s(value.GetString(), value.GetStringLength());
  auto digits = [&](std::size_t at, std::size_t n) {
    if (at + n > s.size()) return false;
    for (std::size_t i = at; i < at + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
    }
    return true;
  };
  std::size_t at = 10;
  bool date = digits(0, 4) && s.size() >= 10 && s[4] == '-' && digits(5, 2) && s[7] == '-' && digits(8, 2);
  if (date && at < s.size() && (s[at] == 'T' || s[at] == ' ')) {
    date = digits(at + 1, 2) && at + 3 < s.size() && s[at + 3] == ':' && digits(at + 4, 2);
    at += 6;
    if (date && at < s.size() && s[at] == ':') {
      date = digits(at + 1, 2);
      at += 3;
      if (date && at < s.size() && s[at] == '.') {
        do ++at; while (at < s.size() && s[at] >= '0' && s[at] <= '9');
      }
    }
  }
  if (date && at < s.size() && s[at] == 'Z') ++at;
  return date && at == s.size() ? kString | kDate : kString;
}

const Catalogue& Catalogue::builtin() { return kCatalogue; }

bool Catalogue::matches(const FactSpec& spec, std::string_view path) const {
  const auto want = split(spec.path, '.');
  const auto have = split(path, '.');
  if (want.size() != have.size()) return false;
  for (std::size_t i = 0; i < want.size(); ++i) {
    if (want[i] == have[i]) continue;
    if (want[i].empty() || want[i].front() != '<') return false;
    const auto family = std::find_if(m_families.begin(), m_families.end(),
                                     [&](const FactFamily& f) { return f.segment == want[i]; });
    if (family == m_families.end()) return false;
    if (family->words.empty()) continue;
    const auto words = split(family->words, ' ');
    if (std::find(words.begin(), words.end(), have[i]) == words.end()) return false;
  }
  return true;
}

Catalogue::Match Catalogue::find(std::string_view path) const {
  std::string_view prefix = path;
  for (;;) {
    for (const auto& spec : m_facts) {
      if (matches(spec, prefix)) {
        return {&spec, prefix, prefix.size() == path.size() ? std::string_view() : path.substr(prefix.size() + 1)};
      }
    }
    const std::size_t dot = prefix.rfind('.');
    if (dot == std::string_view::npos) return {};
    prefix = prefix.substr(0, dot);
  }
}

std::string_view Catalogue::nearest(std::string_view path) const {
  std::string_view best;
  std::size_t best_distance = path.size() / 3 + 1;
  for (const auto& spec : m_facts) {
    for (const auto& concrete : expand(spec)) {
      const std::size_t d = edit_distance(path, concrete);
      if (d < best_distance) {
        best_distance = d;
        best = spec.path;
      }
    }
  }
  return best;
}

std::vector<std::string> Catalogue::expand(const FactSpec& spec) const {
  std::vector<std::string> out{""};
  bool first = true;
  for (const auto segment : split(spec.path, '.')) {
    std::vector<std::string_view> words{segment};
    const auto family = std::find_if(m_families.begin(), m_families.end(),
                                     [&](const FactFamily& f) { return f.segment == segment; });
    if (family != m_families.end() && !family->words.empty()) words = split(family->words, ' ');
    std::vector<std::string> next;
    for (const auto& head : out) {
      for (const auto word : words) next.push_back(head + (first ? "" : ".") + std::string(word));
    }
    out = std::move(next);
    first = false;
  }
  return out;
}

std::string_view fact_topic_file(std::string_view path) {
  std::string_view file;
  std::size_t longest = 0;
  for (const auto& t : kTopics) {
    if (path.starts_with(t.prefix) && t.prefix.size() > longest) {
      longest = t.prefix.size();
      file = t.file;
    }
  }
  return file;
}

}  // namespace migready::facts

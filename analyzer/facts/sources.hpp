// The facts sources, in the order build_facts.cpp calls them, each declared in its topic file's section.
// Private to the facts module.
//
// One file per topic, named after rules/*.json where a rules file exists; the topic of a fact is the file that
// sets it, by its path's prefix. catalogue.cpp's kTopics is the exact map (fact_topic_file), docs/facts.md has
// one section per topic file, and the [catalogue] tests check both:
//
//   collection.cpp      collection.*, user.*                       (rules/collection.json)
//   os.cpp              host.*, os.*, sbs.*, system.dcom_enabled, hardware.*
//   exchange.cpp        exchange.* (but those below)               (rules/exchange.json, rules/email.json)
//   versions.cpp        wss.*, wsus.*, sql.*, msxml6.*, windows_update_agent.*, windows_installer.*,
//                       file_versions.*, exchange.build*, exchange.store_version   (rules/updates.json)
//   migration_prep.cpp  migration_prep.*, adprep.*, powershell.*, dotnet.*   (rules/migration-prep.json)
//   lob.cpp             lob.*, programs.*, mbca.*                  (rules/lob.json)
//   network.cpp         network.* (but network.fqdn*), rras.*, isa.*, dns_server.*   (rules/network.json)
//   dhcp.cpp            dhcp_server.*                              (rules/dhcp.json)
//   directory.cpp       ad.* (but ad.fsmo), directory.*, network.fqdn*, exchange.organizations / mixed_mode /
//                       servers (all from api.directory)           (rules/directory.json)
//   restart.cpp         system.pending_*
//   time.cpp            time.*                                     (rules/time.json)
//   updates.cpp         updates.*                                  (rules/updates.json)
//   health.cpp          dcdiag.*, netdiag.*, repadmin.*, support_tools.*, ad.fsmo   (rules/health.json)
//   services.cpp        services.*, rras.running
//   disks.cpp           disks.*
//   backup.cpp          backup.*                                   (rules/backup.json)
//   events.cpp          events.*, frs.*
//   sysvol.cpp          sysvol.*, companyweb.*                     (rules/migration-prep.json, rules/lob.json)
// rules/bpa.json has no facts of its own (it reads disks, events, services, ...). destination.* and plan.* are
// migready's options, set by analyze_file (report/analyze.cpp), not here.
//
// Each source reads the artifacts named in its comment and sets its facts, or marks them unavailable
// (read.hpp's contract). "After:" names the facts that must exist before it runs: build_facts.cpp's order.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bundle/bundle.hpp"
#include "core/diagnostics.hpp"
#include "facts/facts.hpp"
#include "facts/limits.hpp"
#include "facts/read.hpp"
#include "facts/support.hpp"
#include "parsers/evt.hpp"
#include "parsers/systeminfo.hpp"

namespace migready::facts::detail {

// ---- collection.cpp ---------------------------------------------------------------------------------------
// Reads: manifest. collection.* (text_language_facts too).
void collection_facts(Facts& f, const Bundle& b);
// Reads: manifest (locale), and which localized text artifacts the bundle holds. collection.ui_language_id /
// ui_language / text_language / text_unread (language.hpp).
void text_language_facts(Facts& f, const Bundle& b);
// Reads: manifest. user.*.
void user_facts(Facts& f, const Bundle& b);

// ---- os.cpp -----------------------------------------------------------------------------------------------
// Reads: manifest. host.*, os.version / build / service_pack* / product_type / arch / is_sbs.
void host_facts(Facts& f, const Bundle& b);
// Reads: registry.software, registry.system. os.product_name / csd_version / system_root / product_suite,
// sbs.installed, sbs.service_pack_number.
void os_registry_facts(Facts& f, const LoadedHive& software, const LoadedHive& system);
// Reads: registry.software. isa.installed (Microsoft\Fpc) and sbs.edition.
void sbs_edition_facts(Facts& f, const LoadedHive& software);
// Reads: registry.software. system.dcom_enabled.
void dcom_fact(Facts& f, const LoadedHive& software);
// os.is_r2. After: os.product_name.
void r2_fact(Facts& f);
// command.systeminfo, parsed once: its hypervisor is hardware.virtual_machine_hint here, its hotfixes feed
// updates_facts.
struct SysteminfoRead {
  std::optional<parsers::Systeminfo> parsed;
  std::string failure;  // why parsed is empty
};
SysteminfoRead systeminfo_facts(Facts& f, const Bundle& b, Diagnostics& diags);
// Reads: api.hardware. hardware.manufacturer / model / bios, and hardware.virtual_machine_hint when systeminfo
// gave none. After: systeminfo_facts.
void hardware_facts(Facts& f, const Bundle& b, Diagnostics& diags);
// A virtual platform named in manufacturer / model / BIOS text ("VMware", "VirtualBox", "Microsoft Hyper-V /
// Virtual PC", "QEMU/KVM", "Xen", "Parallels"); empty when none is recognized.
std::string virtual_platform_hint(std::string_view text);

// ---- exchange.cpp -----------------------------------------------------------------------------------------
// Reads: registry.software. exchange.installed, exchange.service_pack_number.
void exchange_setup_facts(Facts& f, const LoadedHive& software);
// Reads: registry.software. exchange.version, exchange.build (null without Exchange; file_version_facts sets it).
void exchange_version_fact(Facts& f, const LoadedHive& software);
void exchange_build_fact(Facts& f, const LoadedHive& software);
// Reads: registry.software, registry.system. OWA, RPC over HTTP, the registry's stores, the POP3 Connector.
// After: exchange_setup_facts, sbs.installed, host.computer_name.
void exchange_facts(Facts& f, const LoadedHive& software, const LoadedHive& system, Diagnostics& diags);
// One Exchange store as api.directory lists it (exchange.stores[]), read by directory.cpp.
struct DirectoryStore {
  struct File {
    bool configured = false;  // the store names this file (msExchEDBFile / msExchSLVFile)
    std::optional<std::string> path, size_error;
    std::optional<std::uint64_t> size_bytes;
  };
  std::optional<std::string> name, dn, server, storage_group;
  std::string kind;  // "mailbox", "public", or "" when unreadable
  std::optional<std::int64_t> circular_logging, mailbox_count;
  bool mailbox_count_truncated = false;
  File edb, stm;
};
// The directory's stores, or why they are unknown (usable false: status, reason).
struct DirectoryStores {
  bool usable = false;
  bool truncated = false;
  std::vector<DirectoryStore> stores;
  FactStatus status = FactStatus::collection_failed;
  std::string reason;
  std::string source;
};
// Joins the directory's stores to the registry's exchange.stores: sizes, circular logging, mailbox counts, the
// size limit and how full each store is, and the size events of exchange.store_size_events; also
// exchange.edition, exchange.stores_measured and exchange.storage_groups. Called by directory_facts.
void exchange_store_size_facts(Facts& f, const DirectoryStores& dir);
// exchange.store_size_events from the parsed Application log (called by event_log_facts): the Information
// Store's size-limit events between `from` and `to` (Unix seconds, UTC), and each database's latest free-space
// event. `id` is the log's artifact id.
void exchange_store_event_facts(Facts& f, const parsers::EventLog& log, std::int64_t from, std::int64_t to,
                                std::string_view id);

// ---- versions.cpp -----------------------------------------------------------------------------------------
// Reads: registry.software. wss.v2_installed, wss.v3_installed, wsus.installed, wsus.version.
void product_key_facts(Facts& f, const LoadedHive& software);
// Reads: registry.software. sql.instances.
void sql_instances_fact(Facts& f, const LoadedHive& software);
// Reads: registry.software (Uninstall). msxml6.version, the stand-in file_version_facts replaces.
void msxml6_fact(Facts& f, const LoadedHive& software);
// Reads: registry.software. wss.v2_version / v2_service_pack, sql.instance_versions, wsus.service_pack_number.
// After: wsus.version.
void version_facts(Facts& f, const LoadedHive& software);
// Reads: api.file_versions. msxml6.*, wss.v2_*, exchange.build / build_service_pack / store_version,
// windows_update_agent.version, windows_installer.version, file_versions.files. After: the registry facts whose
// stand-ins it replaces (msxml6.version, wss.v2_version, exchange.installed).
void file_version_facts(Facts& f, const Bundle& b, Diagnostics& diags);
// wss.v2_sp3_package. After: programs.installed, updates.installed.
void wss_package_fact(Facts& f);

// ---- migration_prep.cpp -----------------------------------------------------------------------------------
// Reads: registry.software. powershell.version.
void powershell_fact(Facts& f, const LoadedHive& software);
// Reads: registry.software. dotnet.<ndp>.*.
void dotnet_facts(Facts& f, const LoadedHive& software);
// Reads: file.migration_logs.* (names and ADPrep logs). migration_prep.logs, adprep.runs, adprep.failed.
void migration_log_facts(Facts& f, const Bundle& b, Diagnostics& diags);
// Reads: file.migration_logs.* (the tool's logs). migration_prep.ran / last_run / errors / ...
void migration_prep_facts(Facts& f, const Bundle& b, Diagnostics& diags);

// ---- lob.cpp ----------------------------------------------------------------------------------------------
// Reads: registry.software (Uninstall). programs.installed, programs.count, mbca.installed.
void programs_facts(Facts& f, const LoadedHive& software);
// Reads: registry.software (Uninstall, ProgramFilesDir). lob.*. After: services.list, os.system_root.
void lob_facts(Facts& f, const LoadedHive& software);

// ---- certificates.cpp ------------------------------------------------------------------------------------
// Reads: api.certificates (LocalMachine\MY). certificates.local_machine_my.
void certificate_facts(Facts& f, const Bundle& b, Diagnostics& diags);

// ---- network.cpp ------------------------------------------------------------------------------------------
// Reads: registry.system. isa.firewall_service_present (and isa.installed when the service exists).
// After: sbs_edition_facts (isa.installed).
void isa_service_facts(Facts& f, const LoadedHive& system);
// Reads: registry.system. rras.start / configuration_flags / router_type / remote_access_configured.
void rras_registry_facts(Facts& f, const LoadedHive& system);
// Reads: registry.system (Tcpip\Parameters\PersistentRoutes). network.persistent_routes.
void persistent_route_facts(Facts& f, const LoadedHive& system);
// Reads: registry.system. dns_server.*.
void dns_server_facts(Facts& f, const LoadedHive& system);
// Reads: api.network, else command.ipconfig_all (both, to cross-check them). network.adapters /
// active_adapter_count / default_gateways / public_addresses / ip_routing_enabled / reading_differences.
void network_facts(Facts& f, const Bundle& b, Diagnostics& diags);
// network.lan_adapter, lan_prefix_length, dns_servers_not_self, dhcp_enabled_adapters. After: network_facts.
void network_derived_facts(Facts& f);

// ---- dhcp.cpp ---------------------------------------------------------------------------------------------
// Reads: registry.system. dhcp_server.installed.
void dhcp_server_installed_fact(Facts& f, const LoadedHive& system);
// Reads: command.netsh_dhcp. dhcp_server.scopes, dhcp_server.scope_routers.
void dhcp_facts(Facts& f, const Bundle& b, Diagnostics& diags);

// ---- directory.cpp ----------------------------------------------------------------------------------------
// Reads: registry.system (NTDS\Parameters). ad.is_domain_controller / schema_version / schema_version_name /
// database_path / log_path.
void ad_registry_facts(Facts& f, const LoadedHive& system);
// Reads: api.directory. directory.*, exchange.organization / servers / stores (joined by
// exchange_store_size_facts). After: network.adapters, exchange.stores (registry), host.computer_name,
// ad.schema_version.
void directory_facts(Facts& f, const Bundle& b, Diagnostics& diags);
// The Windows release of an Active Directory schema objectVersion ("unknown" for one not in the table).
const char* schema_version_name(std::int64_t version);

// ---- restart.cpp ------------------------------------------------------------------------------------------
// Reads: registry.system, registry.software, api.volatile_registry (the live markers). system.pending_*.
void pending_restart_facts(Facts& f, const Bundle& b, const LoadedHive& software, const LoadedHive& system,
                           Diagnostics& diags);

// ---- time.cpp ---------------------------------------------------------------------------------------------
// Reads: manifest. time.zone.bias_minutes, .standard_name, .daylight_name.
void time_zone_facts(Facts& f, const Bundle& b);
// Reads: manifest, registry.software. time.zone.id.
void time_zone_id_fact(Facts& f, const Bundle& b, const LoadedHive& software);
// Reads: api.time. time.sntp_* / offset_* / w32time_type.
void time_facts(Facts& f, const Bundle& b, Diagnostics& diags);
// Reads: command.w32tm_monitor. time.w32tm_monitor.*.
void w32tm_monitor_facts(Facts& f, const Bundle& b, Diagnostics& diags);
// Reads: command.w32tm_tz. time.tz_w32tm.
void w32tm_tz_facts(Facts& f, const Bundle& b, Diagnostics& diags);
// Reads facts: time.w32time_type, directory.fsmo, host.*, time.w32tm_monitor.servers. time.pdc_clock.
// After: time_facts, w32tm_monitor_facts, directory_facts.
void pdc_clock_fact(Facts& f);

// ---- updates.cpp ------------------------------------------------------------------------------------------
// Reads: command.wmic_qfe, registry.software (update keys), and systeminfo's hotfixes. updates.installed /
// count / unavailable_sources. After: systeminfo_facts.
void updates_facts(Facts& f, const Bundle& b, const LoadedHive& software, const SysteminfoRead& systeminfo,
                   Diagnostics& diags);
// Reads: file.windowsupdate_log. updates.pending, pending_searched, pending_count, search_state, last_search,
// last_completed_search, failure_codes_recent, agent_version, wu_log_first / last.
void windows_update_log_facts(Facts& f, const Bundle& b, Diagnostics& diags);
// "KB925398" / "Q147222" (upper case) from an update id such as "kb925398-v2" or "Q147222"; empty when
// the text is no update id ("File 1").
std::string normalize_update_id(std::string_view id);
// One update seen in one source: "KB925398" in "registry.software:Microsoft\Updates\...\KB925398".
struct UpdateSighting {
  std::string id;
  std::string source;
};
// The updates the SOFTWARE hive lists under Microsoft\Updates\Windows Server 2003\SP*\ and
// Microsoft\Windows NT\CurrentVersion\HotFix\ (empty when the hive is not loaded).
std::vector<UpdateSighting> registry_updates(const LoadedHive& software);

// ---- health.cpp -------------------------------------------------------------------------------------------
// Reads: command.dcdiag. dcdiag.ran, dcdiag.failed_tests, ad.fsmo.
void dcdiag_facts(Facts& f, const Bundle& b, Diagnostics& diags);
// Reads: command.netdiag. netdiag.ran, netdiag.failed_tests.
void netdiag_facts(Facts& f, const Bundle& b, Diagnostics& diags);
// Reads: api.replication (preferred), command.repadmin_showrepl (fallback and evidence), manifest (the
// collection's time and bias). repadmin.*.
void repadmin_facts(Facts& f, const Bundle& b, Diagnostics& diags);
// Reads: the Support Tools' command records. support_tools.missing.
void support_tools_facts(Facts& f, const Bundle& b);

// ---- services.cpp -----------------------------------------------------------------------------------------
// Reads: api.services. services.list / running / count / complete.
void services_facts(Facts& f, const Bundle& b, Diagnostics& diags);
// services.stopped_automatic(_lower), rras.running. After: services_facts.
void services_derived_facts(Facts& f);

// ---- disks.cpp --------------------------------------------------------------------------------------------
// Reads: api.volumes. disks.volumes, disks.min_free_percent.
void volumes_facts(Facts& f, const Bundle& b, Diagnostics& diags);
// disks.critical_volumes: the volumes holding Windows, Active Directory's database and logs, or this server's
// Exchange databases. After: os.system_root, ad.database_path, ad.log_path, directory_facts (exchange.stores).
void disk_role_facts(Facts& f);
// The volume a Windows path lies on, upper case: "c:\\WINDOWS\\NTDS\\ntds.dit" -> "C:\\"; a path under
// "%SystemRoot%" -> the volume of `system_root`; anything else (UNC, relative, empty) -> "".
std::string volume_root(std::string_view path, std::string_view system_root);

// ---- backup.cpp -------------------------------------------------------------------------------------------
// Reads: file.ntbackup_logs.*. backup.*. After: os.system_root, exchange.installed, programs.installed,
// services.list.
void backup_facts(Facts& f, const Bundle& b, Diagnostics& diags);

// ---- events.cpp -------------------------------------------------------------------------------------------
// Reads: eventlog.*. events.<log>.errors_last_30_days, frs.journal_wrap, and (through
// exchange_store_event_facts) exchange.store_size_events.
void event_log_facts(Facts& f, const Bundle& b, Diagnostics& diags);

// ---- sysvol.cpp -------------------------------------------------------------------------------------------
// Reads: registry.system (Netlogon\Parameters SysVol, NtFrs\Parameters\Replica Sets), api.file_versions
// (`sysvol`). sysvol.expected, sysvol.junctions, sysvol.junction_problems. After: host.dns_domain.
void sysvol_facts(Facts& f, const Bundle& b, const LoadedHive& system, Diagnostics& diags);
// Reads: api.file_versions (`companyweb`). companyweb.content_databases / content_database_bytes /
// content_database_mb.
void companyweb_facts(Facts& f, const Bundle& b, Diagnostics& diags);

}  // namespace migready::facts::detail

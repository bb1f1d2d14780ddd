// Shared by the facts sources (build_facts.cpp, facts_registry.cpp, facts_commands.cpp, facts_api.cpp,
// facts_files.cpp, and the issue-5 sources facts_restart / _exchange / _versions / _network / _services /
// _lob / _prep.cpp); private to the facts module. Every source follows one pattern: find the artifact, say
// why it cannot be used (collection_failed), decode and parse it (parse_failed with the parser's error),
// then set present facts. Nothing here reports a diagnostic for an artifact that was simply not
// collected: the bundle's collection problems already name those.
#pragma once

#include <rapidjson/document.h>

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bundle/bundle.hpp"
#include "core/diagnostics.hpp"
#include "facts/facts.hpp"
#include "hive/hive.hpp"
#include "parsers/evt.hpp"

namespace migready::facts::detail {

using bundle::ArtifactRecord;
using bundle::Bundle;

// Bounds on list facts, so one hostile or huge source cannot blow up the facts document (docs/facts.md).
inline constexpr std::size_t kMaxUpdates = 2000;
inline constexpr std::size_t kMaxPrograms = 500;
inline constexpr std::size_t kMaxServices = 1000;
inline constexpr std::size_t kMaxVolumes = 64;
inline constexpr std::size_t kMaxTests = 200;       // dcdiag / netdiag failed tests
inline constexpr std::size_t kMaxMessages = 10;     // messages kept per failed test
inline constexpr std::size_t kMaxReplFailures = 200;
inline constexpr std::size_t kMaxMonitorServers = 200;
inline constexpr std::size_t kMaxDhcpScopes = 500;
inline constexpr std::size_t kMaxBackupRuns = 100;
inline constexpr std::size_t kMaxMigrationLogs = 100;
inline constexpr std::size_t kMaxEventGroups = 200;  // (source, event id) groups per log
inline constexpr std::size_t kMaxExamples = 10;      // example paths kept per pending-restart reason
inline constexpr std::size_t kMaxPortEntries = 256;  // RpcProxy ValidPorts entries
inline constexpr std::size_t kMaxStores = 200;       // Exchange stores
inline constexpr std::size_t kMaxForwarders = 64;    // DNS forwarders
inline constexpr std::size_t kMaxSqlInstances = 256;
inline constexpr std::size_t kMaxPrepErrors = 50;    // Migration Preparation Tool error lines
inline constexpr std::size_t kMaxDirectoryObjects = 1000;  // api.directory list entries (DCs, members, accounts, ...)
inline constexpr std::size_t kMaxAddresses = 64;           // addresses the server's FQDN resolves to

// Why an artifact's bytes cannot be used, in words; empty when they can.
std::string unavailable_reason(const Bundle& b, const ArtifactRecord* art);

struct LoadedHive {
  std::optional<hive::Hive> hive;
  std::string artifact_id;
  std::string reason;  // why hive is empty
  bool is_reg_export = false;  // read from a .reg export (registry API: volatile keys included)
  FactStatus status = FactStatus::collection_failed;
};

// Opens a registry artifact once (a SOFTWARE hive can be hundreds of MB, and its problems are reported
// once, at open).
LoadedHive load_hive(const Bundle& b, std::string_view id, Diagnostics& diags);

// "artifact-id:key\value".
std::string source_of(const LoadedHive& h, std::string_view key, std::string_view value);

// Registry value facts: present with the value, or null (absent key or value; `absent` for dword_fact
// when given); parse_failed on a wrong type; the hive's own status when it could not be opened.
void string_fact(Facts& f, std::string_view path, const LoadedHive& h, std::string_view key, std::string_view value);
void dword_fact(Facts& f, std::string_view path, const LoadedHive& h, std::string_view key, std::string_view value,
                std::optional<std::int64_t> absent = std::nullopt);
void key_exists_fact(Facts& f, std::string_view path, const LoadedHive& h, std::string_view key);

// A REG_SZ / REG_EXPAND_SZ value of a key, empty when absent or of another type.
std::string key_string(const hive::Key& key, std::string_view name);
// A REG_DWORD value of a key, nullopt when absent or of another type.
std::optional<std::uint32_t> key_dword(const hive::Key& key, std::string_view name);

// Dotted versions compared numerically ("6.10.1129.0" > "6.0.3883.0"); a non-numeric part compares as 0.
bool version_less(std::string_view a, std::string_view b);

// The value of a fact when it is present, else null.
const rapidjson::Value* present_value(const Facts& f, std::string_view path);
// Marks `path` with the status, source and reason of the fact `from`, which is not present (a derived
// fact is as unknown as what it derives from).
void inherit_unavailable(Facts& f, std::string_view path, std::string_view from);

// The artifact's bytes as UTF-8, decoded by its `encoding` (a UTF-16LE byte order mark wins; command
// output without an encoding is OEM). A lossy decode is one warning.
std::string decode_artifact(const Bundle& b, const ArtifactRecord& art, Diagnostics& diags);

// A text artifact ready to parse, or why not.
struct TextArtifact {
  const ArtifactRecord* art = nullptr;
  std::string text;    // UTF-8
  std::string where;   // the bundle path, for parser diagnostics
  std::string reason;  // non-empty: not usable (collection_failed)
};
TextArtifact load_text(const Bundle& b, std::string_view id, Diagnostics& diags);

// Marks every path unavailable with one status, source and reason.
void mark_all(Facts& f, std::initializer_list<std::string_view> paths, FactStatus status, std::string_view source,
              std::string_view reason);
// The SYSTEM hive's current control set ("ControlSet001", from Select\Current), or nullopt after marking every
// path unavailable: with the hive's own status when it was not loaded, parse_failed when Select is unusable.
std::optional<std::string> control_set_or_mark(Facts& f, const LoadedHive& system,
                                               std::initializer_list<std::string_view> paths);

// The artifacts a search row expanded to: ids "<row>.<...>" (docs/bundle-format.md, "One row, several
// artifacts"), in manifest order. `row_record` is the row's own entry (present only when nothing was found).
struct RowArtifacts {
  std::vector<const ArtifactRecord*> files;
  const ArtifactRecord* row_record = nullptr;
};
RowArtifacts row_artifacts(const Bundle& b, std::string_view row_id);

// JSON helpers on the facts allocator.
rapidjson::Value json_string(std::string_view s, rapidjson::Document::AllocatorType& alloc);
rapidjson::Value json_strings(const std::vector<std::string>& list, rapidjson::Document::AllocatorType& alloc,
                              std::size_t cap = SIZE_MAX);
rapidjson::Value json_optional(const std::optional<std::string>& s, rapidjson::Document::AllocatorType& alloc);

// ASCII case-insensitive comparisons (registry names and tool output compare case-insensitively).
bool equals_ci(std::string_view a, std::string_view b) noexcept;
// ASCII letters lowered (registry and directory names compare case-insensitively).
std::string ascii_lower(std::string_view s);
bool starts_with_ci(std::string_view text, std::string_view prefix) noexcept;

// "YYYY-MM-DDThh:mm:ss[.fff]Z" to Unix seconds; nullopt when not in that form.
std::optional<std::int64_t> parse_iso_utc(std::string_view iso);

// A virtual platform named in manufacturer / model / BIOS text ("VMware", "VirtualBox", "Microsoft Hyper-V /
// Virtual PC", "QEMU/KVM", "Xen", "Parallels"); empty when none is recognized.
std::string virtual_platform_hint(std::string_view text);

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

// API documents (docs/bundle-format.md, "API artifacts"): untrusted JSON whose `schema` must match. A member
// of the wrong type reads as absent.
std::optional<std::string> member_string(const rapidjson::Value& o, const char* key);
std::optional<std::uint64_t> member_uint(const rapidjson::Value& o, const char* key);
struct ApiDoc {
  std::optional<rapidjson::Document> doc;
  FactStatus status = FactStatus::collection_failed;  // when doc is empty
  std::string reason;                                 // why doc is empty
};
ApiDoc read_api_doc(const Bundle& b, std::string_view id, std::string_view schema, Diagnostics& diags);
// read_api_doc, marking `paths` unavailable when the document cannot be used.
std::optional<rapidjson::Document> load_api_doc(Facts& f, const Bundle& b, std::string_view id,
                                                std::string_view schema, std::initializer_list<std::string_view> paths,
                                                Diagnostics& diags);

// The sources, each setting its facts (and marking them unavailable when their artifact is).
void software_facts(Facts& f, const LoadedHive& software);
void system_hive_facts(Facts& f, const LoadedHive& system);
// Command outputs; also updates.* (with the SOFTWARE hive's update keys) and hardware.virtual_machine_hint.
void command_facts(Facts& f, const Bundle& b, const LoadedHive& software, Diagnostics& diags);
void api_facts(Facts& f, const Bundle& b, Diagnostics& diags);
void file_facts(Facts& f, const Bundle& b, Diagnostics& diags);
void event_log_facts(Facts& f, const Bundle& b, Diagnostics& diags);

// Issue-5 facts (docs/facts.md, "Pending restart" onwards).
// The hives' markers, and api.volatile_registry's live reading of the SOFTWARE ones.
void pending_restart_facts(Facts& f, const Bundle& b, const LoadedHive& software, const LoadedHive& system,
                           Diagnostics& diags);
// From api.file_versions (after the registry facts, whose stand-ins it replaces).
void file_version_facts(Facts& f, const Bundle& b, Diagnostics& diags);
void exchange_facts(Facts& f, const LoadedHive& software, const LoadedHive& system, Diagnostics& diags);
void version_facts(Facts& f, const LoadedHive& software);
// wss.v2_sp3_package, from programs.installed and updates.installed: after both are built.
void wss_package_fact(Facts& f);
void dns_server_facts(Facts& f, const LoadedHive& system);
// From network.adapters (after the ipconfig facts).
void network_derived_facts(Facts& f);
// From services.list (after api_facts).
void services_derived_facts(Facts& f);
// From the SOFTWARE hive's Uninstall keys and services.list (after api_facts).
void lob_facts(Facts& f, const LoadedHive& software);
void migration_prep_facts(Facts& f, const Bundle& b, Diagnostics& diags);

// Issue-8 facts from api.directory (docs/facts.md, "Active Directory and Exchange's configuration"), after
// network.adapters, exchange.stores (registry) and the manifest facts, which they join.
void directory_facts(Facts& f, const Bundle& b, Diagnostics& diags);
// The volume a Windows path lies on, upper case: "c:\\WINDOWS\\NTDS\\ntds.dit" -> "C:\\"; a path under
// "%SystemRoot%" -> the volume of `system_root`; anything else (UNC, relative, empty) -> "".
std::string volume_root(std::string_view path, std::string_view system_root);
// disks.critical_volumes: the volumes holding Windows, Active Directory's database and logs, or this server's
// Exchange databases (after directory_facts, whose exchange.stores carry the databases' paths).
void disk_role_facts(Facts& f);

// One Exchange store as api.directory lists it (exchange.stores[]), read by facts_directory.cpp.
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
// Joins the directory's stores to the registry's exchange.stores (facts_exchange.cpp): sizes, circular logging,
// mailbox counts, the size limit and how full each store is, and the size events of
// exchange.store_size_events; also exchange.edition, exchange.stores_measured and exchange.storage_groups.
void exchange_store_size_facts(Facts& f, const DirectoryStores& dir);
// exchange.store_size_events from the parsed Application log (facts_exchange.cpp, called by event_log_facts):
// the Information Store's size-limit events between `from` and `to` (Unix seconds, UTC), and each database's
// latest free-space event. `id` is the log's artifact id.
void exchange_store_event_facts(Facts& f, const parsers::EventLog& log, std::int64_t from, std::int64_t to,
                                std::string_view id);
// The Windows release of an Active Directory schema objectVersion ("unknown" for one not in the table).
const char* schema_version_name(std::int64_t version);

}  // namespace migready::facts::detail

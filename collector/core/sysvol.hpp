// Two readings of api.file_versions (system/file-versions.json) that are about folders and files on the
// server's disk rather than versions: the SYSVOL junction points (`sysvol` part) and the files of the
// Companyweb (WSS 2.0) databases (`companyweb` part). Portable: the plans, the REPARSE_DATA_BUFFER parser and
// the JSON shaping are unit-tested natively; the Win32 half (collector/win32/sysvol.cpp) reads the registry,
// lists the folders and asks NTFS for each reparse point. Contract: docs/bundle-format.md, "api.file_versions".
//
// SYSVOL (KB 324175, "Best Practices for SYSVOL Maintenance"): Netlogon\Parameters "SysVol" names
// <SYSVOL>\sysvol (C:\WINDOWS\SYSVOL\sysvol); in it and in <SYSVOL>\staging areas each entry named after the
// domain is a junction: sysvol\<domain> -> <SYSVOL>\domain, staging areas\<domain> -> <SYSVOL>\staging\domain.
// The collector lists both folders and, per entry, reads whether it is a reparse point and where it points;
// which target is right is the analyzer's judgement.
//
//   plan_sysvol("C:\WINDOWS\SYSVOL\sysvol")
//   -> folders [sysvol: C:\WINDOWS\SYSVOL\sysvol, staging areas: C:\WINDOWS\SYSVOL\staging areas]
//
//   parse_reparse_buffer(<the 60 bytes FSCTL_GET_REPARSE_POINT returns for a junction to C:\Users>)
//   -> tag 0xA0000003, substitute "\??\C:\Users", print "C:\Users"; junction_target(...) = "C:\Users"
//
// Companyweb (KB 827701): SBS 2003 keeps the WSS 2.0 databases STS_Config.mdf, STS_<server>_1.mdf and their
// _log.ldf files in the Data folder of the WMSDE instance SHAREPOINT: <SQLDataRoot>\Data, SQLDataRoot read
// from HKLM\SOFTWARE\Microsoft\Microsoft SQL Server\SHAREPOINT\Setup; the default folder follows it.
//
//   plan_companyweb("C:\Program Files\Microsoft SQL Server\MSSQL$SHAREPOINT", "C:\Program Files")
//   -> [C:\Program Files\Microsoft SQL Server\MSSQL$SHAREPOINT\Data]   (the same folder once)
//
// Registry text and NTFS bytes are hostile: folders go through file_versions::join_path (trimmed, bounded),
// the parser checks every offset and length against the bytes it was given.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/json_writer.hpp"

namespace migready::collector::sysvol {

inline constexpr std::uint32_t kTagMountPoint = 0xA0000003u;  // IO_REPARSE_TAG_MOUNT_POINT (a junction)
inline constexpr std::size_t kMaxReparseBytes = 16 * 1024;    // MAXIMUM_REPARSE_DATA_BUFFER_SIZE
inline constexpr std::size_t kMaxEntries = 64;                // per folder; more is truncated
inline constexpr std::size_t kMaxFiles = 64;                  // Companyweb database files; more is truncated
inline constexpr std::string_view kInstance = "SHAREPOINT";   // the WMSDE instance of SBS 2003's Companyweb

// ---- the REPARSE_DATA_BUFFER (MS-FSCC 2.1.2.1 and 2.1.2.5) ----------------------------------------------

struct ReparseData {
  std::uint32_t tag = 0;                       // ReparseTag
  std::optional<std::string> substitute_name;  // mount points only, UTF-8
  std::optional<std::string> print_name;       // mount points only, UTF-8
  std::optional<std::string> error;            // set: the bytes are not a well-formed buffer
};

// What FSCTL_GET_REPARSE_POINT returned (`bytes` = exactly the bytes it wrote). Never reads outside `bytes`.
// Fewer than 8 bytes, a ReparseDataLength past the end, or (for a mount point) a name outside the path
// buffer, an odd offset or length: `error` says which, and names stay empty. Another tag: only `tag`.
ReparseData parse_reparse_buffer(std::span<const unsigned char> bytes);

// The folder a junction's substitute name designates: "\??\C:\WINDOWS\SYSVOL\domain" -> the same without
// "\??\"; a name in another form is returned as it is.
std::string junction_target(std::string_view substitute_name);

// ---- sysvol ----------------------------------------------------------------------------------------------

struct FolderPlan {
  std::string name;  // "sysvol", "staging areas"
  std::string path;
};

// The two folders to list, from the Netlogon SysVol value; none when it is empty, over-long or has no parent.
std::vector<FolderPlan> plan_sysvol(std::string_view netlogon_sysvol);

struct EntryReading {
  std::string name;
  std::string path;
  std::optional<std::uint32_t> attributes;   // FindFirstFileW's dwFileAttributes
  std::optional<std::uint32_t> reparse_tag;  // FSCTL_GET_REPARSE_POINT answered
  std::optional<std::string> substitute_name;
  std::optional<std::string> print_name;
  std::optional<std::string> error;  // a failed call, or a malformed buffer
};

struct FolderReading {
  std::string name;
  std::string path;
  bool present = false;              // the folder exists
  bool truncated = false;            // more than kMaxEntries entries
  std::optional<std::string> error;  // listing it failed (not: it does not exist)
  std::vector<EntryReading> entries;
};

enum class PartStatus { ok, truncated, not_found, failed, denied };
std::string_view part_status_name(PartStatus s);

struct SysvolPart {
  PartStatus status = PartStatus::ok;  // not_found: no Netlogon SysVol value (not a domain controller)
  std::optional<std::string> error;
  std::optional<std::string> netlogon_sysvol;  // the value as read (expanded)
  std::vector<FolderReading> folders;
};

// status from the folders: failed/denied (the first error's) over truncated over ok; not_found kept.
void settle(SysvolPart& part, bool denied);

void write_sysvol(JsonWriter& w, const SysvolPart& part);

// ---- companyweb ------------------------------------------------------------------------------------------

// The Data folders to try, in order: <SQLDataRoot>\Data, then <program_files>\Microsoft SQL
// Server\MSSQL$SHAREPOINT\Data (once, compared case-insensitively).
std::vector<std::string> plan_companyweb(const std::optional<std::string>& sql_data_root,
                                         std::string_view program_files);

struct FileReading {
  std::string name;
  std::uint64_t size_bytes = 0;
  std::uint64_t last_write = 0;  // FILETIME ticks, UTC
};

struct CompanywebPart {
  PartStatus status = PartStatus::ok;  // not_found: no Data folder exists (no WSS on WMSDE)
  std::optional<std::string> error;
  std::optional<std::string> sql_data_root;  // the registry's SQLDataRoot, expanded
  std::vector<std::string> searched;         // the folders tried
  std::optional<std::string> folder;         // the one listed
  std::vector<FileReading> files;            // STS_* in it
};

void write_companyweb(JsonWriter& w, const CompanywebPart& part);

}  // namespace migready::collector::sysvol

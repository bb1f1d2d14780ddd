// File and event-log rows (contract Kind::file, Kind::event_log): the thin Win32 half of
// core/file_search. Read-only towards the server: files are opened with GENERIC_READ only, sharing read,
// write and delete (the logs are open in their writers), never written, moved or re-stamped; the registry is
// opened with KEY_READ; event logs are copied with BackupEventLogW into the collector's own temporary
// folder. Contract: docs/bundle-format.md, "File artifacts".
#pragma once

#include <windows.h>

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "contract/artifacts.hpp"
#include "core/manifest.hpp"
#include "win32/files.hpp"

namespace migready::collector::win32 {

// Stores the temporary `file` in the zip at `entry`, fills rec.path/size/sha256 and deletes the file; on
// failure records why in `rec` (the caller's store()).
using StoreFile = std::function<bool(ArtifactRecord& rec, std::string_view entry, const std::wstring& file)>;

struct FileRowContext {
  const TempDir& temp;
  std::size_t index;            // the row's number, for unique temporary file names
  DWORD backup_privilege_error;  // 0 when SeBackupPrivilege is enabled
  StoreFile store;
};

// Collects a file row. `base` carries the row's id, source.what and start time. Returns one record per
// file found (a single-file row: exactly one, with the row's id and path), or one `missing`/`failed` record
// with the row's id when nothing was found or the search could not run. Stops between files on Ctrl-C.
std::vector<ArtifactRecord> collect_file_row(const contract::ArtifactSpec& spec, const ArtifactRecord& base,
                                             const FileRowContext& ctx);

// Collects an event-log row into `rec`: `missing` when the log is not registered under
// HKLM\SYSTEM\CurrentControlSet\Services\Eventlog, else OpenEventLogW + BackupEventLogW to a temporary
// .evt file that must begin with the EVT header; anything else is `failed` (or `denied`) with the reason.
void collect_event_log(const contract::ArtifactSpec& spec, ArtifactRecord& rec, const FileRowContext& ctx);

}  // namespace migready::collector::win32

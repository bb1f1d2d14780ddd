// Free space: the collector must never be what fills a server's disk (SBS 2003 keeps the Exchange databases
// and logs on C:, and Exchange dismounts its stores when that disk fills). Portable so it is unit-tested
// natively; the Win32 layer (collection.cpp, win32/files) supplies the numbers: GetDiskFreeSpaceExW per
// volume, the sizes of the hive files in %windir%\system32\config and of the .evt files.
//
// Before anything is written the peak need is estimated (estimate_space) and the temporary and output
// volumes are checked (check_space): each must keep its margin free after the need. During the run every
// zip entry is checked against the output volume before it is stored (fits): the estimate counts what can be
// known beforehand, the check at storing catches what it could not (a .reg export larger than its hive,
// files a search row finds, another program filling the disk meanwhile).
//
// | quantity                  | value                                                                        |
// |---------------------------|------------------------------------------------------------------------------|
// | margin of a volume        | max(5 % of its size, 256 MiB) free after the need (kMarginPercent,           |
// |                           | kMarginFloorBytes). 5 % is the line the analyzer's DISK_FREE_SPACE_CRITICAL  |
// |                           | (rules/bpa.json) calls critical: the collector never pushes a volume below  |
// |                           | it. The floor keeps room on small volumes for what keeps writing meanwhile  |
// |                           | (Exchange 2003's transaction logs are 5 MB files, KB 240145: ~50 of them)   |
// | largest temporary file    | the largest of: each hive file, each .evt (plus its capped copy when over   |
// |                           | kEventLogCap), the command output cap, each file row's cap per file         |
// | zip growth                | every hive, every .evt up to its cap, each file row's cap once (the files a |
// |                           | search finds are not known before it runs), one command output at its cap,  |
// |                           | each plus stored_bound's overhead                                           |
// | a size that cannot be read| left out of the estimate (the check at storing covers it)                   |
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace migready::collector {

inline constexpr unsigned kMarginPercent = 5;
inline constexpr std::uint64_t kMarginFloorBytes = 256ull << 20;

// A volume as GetVolumePathNameW + GetDiskFreeSpaceExW see it.
struct VolumeSpace {
  std::string root;               // "C:\" (UTF-8); compared ASCII-case-insensitively to tell volumes apart
  std::uint64_t free_bytes = 0;   // available to the running user (lpFreeBytesAvailableToCaller)
  std::uint64_t total_bytes = 0;  // lpTotalNumberOfBytes
};

// True when both are one volume: the same root (ASCII-case-insensitively) and the same size (a volume mounted
// in a folder of another, which GetVolumePathNameW may not see through, has its own size).
bool same_volume(const VolumeSpace& a, const VolumeSpace& b);

// The free space a volume must keep: max(kMarginPercent % of total_bytes, kMarginFloorBytes).
std::uint64_t safety_margin(std::uint64_t total_bytes);

// What the zip may take for an entry of `bytes` raw bytes: deflate falls back to stored blocks (5 bytes of
// header per 64 KiB at worst), plus the local header, data descriptor and central directory record
// (a few hundred bytes with the name): bytes + bytes/1024 + 4 KiB, saturating.
std::uint64_t stored_bound(std::uint64_t bytes);

struct SpaceInputs {
  std::vector<std::uint64_t> hive_bytes;       // the hive file each registry row saves (known ones only)
  std::vector<std::uint64_t> event_log_bytes;  // each event log's .evt file (known ones only)
  std::uint64_t event_log_cap = 0;             // kEventLogCap
  std::vector<std::uint64_t> file_caps;        // each file row's cap per file
  std::uint64_t command_output_cap = 0;         // kCommandOutputCap or --output-cap
};

struct SpaceEstimate {
  std::uint64_t largest_temp = 0;  // bytes of temporary files alive at once, at most
  std::uint64_t zip = 0;           // bytes the bundle may grow to
};
SpaceEstimate estimate_space(const SpaceInputs& inputs);

// The refusal message when the temporary or the output volume would fall under its margin (both on one
// volume: their needs add up), naming the volume, its free space, the need, the margin and the options
// --out DIR and --temp DIR; nullopt when both fit.
std::optional<std::string> check_space(const VolumeSpace& temp, const VolumeSpace& out, const SpaceEstimate& need);

// Where the private temporary folder may go, best first (when --temp is not given): the candidates
// (%TEMP% when it exists, the bundle's folder, %windir%\Temp, in this fallback order) ordered by the free space
// of their volumes counted in whole steps of kMarginFloorBytes, so volumes within a step are a tie and keep the
// fallback order (two drive letters of one disk never swap over a few bytes written meanwhile); folders on one
// volume share the first measurement of it; an unknown volume counts as no free space. `best`, the fixed volume
// with the most free space, goes first as its root without the backslash ("D:") when it is a whole step ahead
// of the first candidate and none of them is on it.
struct TempCandidate {
  std::string folder;                  // UTF-8
  std::optional<VolumeSpace> volume;   // nullopt when it cannot be read
};
std::vector<std::string> order_temp_folders(const std::vector<TempCandidate>& candidates,
                                            const std::optional<VolumeSpace>& best);

// Whether `bytes` more can be written to the volume and still leave its margin free.
bool fits(const VolumeSpace& volume, std::uint64_t bytes);

// "512 bytes", "12.3 KiB", "340.0 MiB", "1.2 GiB".
std::string format_bytes(std::uint64_t bytes);

// What to do about a full volume: "free space on C:\ or run again with --out DIR and --temp DIR on a volume
// with more room (a data volume or a USB disk)".
std::string disk_full_hint(const std::string& root);

// The hive file in %windir%\system32\config that RegSaveKey saves for a registry row: "SYSTEM" for
// HKEY_LOCAL_MACHINE\SYSTEM (also SOFTWARE, SAM, SECURITY), "DEFAULT" for HKEY_USERS\.DEFAULT; "" for any
// other key (no single file holds it). Case-insensitive.
std::string hive_file_name(const std::string& root, const std::string& subkey);

}  // namespace migready::collector

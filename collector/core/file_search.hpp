// Portable decisions of the file and event-log rows (contract Kind::file / Kind::event_log), kept out of
// the Win32 layer so they are unit-tested natively: where each file row looks, how far a search may go, which
// part of a capped file is kept, and how a found file is named in the bundle. The Win32 layer
// (win32/file_artifacts) supplies a folder lister, the profile list and the expanded environment, then reads
// the files this chooses. Contract: docs/bundle-format.md, "File artifacts".
//
// Limits (FileRowRules, one row per contract id):
//
//   row id                     keeps  cap per file  files per row  looks in
//   file.ntbackup_logs         tail   16 MiB        50             every profile's NTBackup\data (the local
//                                                                  application data folder as this Windows
//                                                                  names it, and the English and German
//                                                                  names), backup*.log
//   file.migration_logs        tail   16 MiB        50             %windir%\debug\adprep\logs\*\ADPrep.log;
//                                                                  %ProgramFiles% and All Users' application
//                                                                  data (CSIDL_COMMON_APPDATA), depth 3, names
//                                                                  containing "SourceTool" or "Migration"
//   file.sbs_bpa_reports       head   16 MiB        50             %ProgramFiles%, depth 3, folders named like
//                                                                  "Best Practices Analyzer" or "SBSBPA"
//   file.windowsupdate_log     tail    4 MiB         1             %windir%\WindowsUpdate.log
//
// A tree search visits at most kMaxSearchEntries directory entries per row and never descends into reparse
// points (junctions, mount points: loops and other volumes). More files found than the row may hold: the
// most recently written are kept, and every kept file's entry says how many were found.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/manifest.hpp"

namespace migready::collector {

enum class Keep { head, tail };

struct FileRowRules {
  std::string_view id;
  Keep keep;
  std::uint64_t cap_bytes;
  std::size_t max_files;  // 1: a single-file row, whose artifact carries the row's own id and path
};
// The rules of a file row; nullptr for an id this collector has no rules for.
const FileRowRules* file_row_rules(std::string_view id);

inline constexpr unsigned kMaxSearchDepth = 3;          // a tree search's root children are depth 1
inline constexpr std::size_t kMaxSearchEntries = 20000;  // directory entries visited per row
inline constexpr std::size_t kMaxSearched = 256;        // manifest schema: source.searched maxItems
inline constexpr std::uint64_t kEventLogCap = 512ull << 20;  // below the analyzer's 1 GiB per entry

// ---- reading ------------------------------------------------------------------------------------------

// Which bytes of a file of `size` bytes to store under a cap. Tail: the last `cap` bytes, with the start
// moved forward to a multiple of `align` (2 for UTF-16LE text, so no code unit is split); head: the first
// `cap` bytes. `capped` is true when bytes are left out (status `truncated`).
struct ReadPlan {
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
  bool capped = false;
};
ReadPlan plan_read(std::uint64_t size, std::uint64_t cap, Keep keep, std::uint64_t align = 1);

// The file starts with the UTF-16LE byte order mark FF FE.
bool has_utf16le_bom(std::string_view head);
// The first bytes of a Windows NT/2000/2003 event log file: ELF_LOGFILE_HEADER's HeaderSize 0x30
// (offset 0, little-endian) and Signature "LfLe" (offset 4). Needs at least 8 bytes.
bool looks_like_evt(std::string_view head);

// The manifest `encoding` of a stored file from its name and first bytes (contract::sniff_text_form; pass up
// to contract::kTextFormHeadBytes): FF FE or the UTF-16LE pattern of ASCII text without a BOM -> utf-16le,
// EF BB BF -> utf-8; otherwise ansi for .log/.txt/.csv (what 2003's tools write), none (the field left out)
// for anything else (an XML or HTML report declares its own encoding).
Encoding file_encoding(std::string_view name, std::string_view head);

// ---- naming -------------------------------------------------------------------------------------------

// One id segment: ASCII letters lowercased, digits and '_' kept, every other character (one per UTF-8
// code point) becomes '_', runs of '_' collapse, leading/trailing '_' dropped, at most 40 characters;
// "" -> "x". "ADPrep.log" -> "adprep_log", "Lokale Einstellungen" -> "lokale_einstellungen".
std::string id_segment(std::string_view text);
// One path component: [A-Za-z0-9_.-] kept, every other code point '_', at most 64 characters; a component
// starting with '.' (".", "..", ".hidden") gets a '_' in front; "" -> "_".
std::string path_component(std::string_view text);

// Names the artifacts a row expands to: id "<row id>.<segment>.<segment>...", path
// "<row path>/<component>/<component>..." from the found file's labels (e.g. {"Administrator",
// "backup01.log"}). Ids stay <= 128 and paths <= 240 characters; a clash with an earlier name
// (ASCII-case-insensitive for paths, as a zip extracted on Windows would clash) gets "_2", "_3"... on its
// last segment and component.
class ArtifactNamer {
 public:
  ArtifactNamer(std::string_view row_id, std::string_view row_path);
  struct Name {
    std::string id;
    std::string path;
  };
  Name name(const std::vector<std::string>& labels);

 private:
  std::string m_row_id;
  std::string m_row_path;
  std::vector<std::string> m_ids;
  std::vector<std::string> m_paths;  // lowercased
};

// ---- searching ----------------------------------------------------------------------------------------

// `*` and `?` wildcards, ASCII-case-insensitive (Windows file names): "backup*.log" matches "Backup01.LOG".
bool wildcard_match(std::string_view pattern, std::string_view name);

struct DirEntry {
  std::string name;  // UTF-8
  bool directory = false;
  bool reparse = false;  // FILE_ATTRIBUTE_REPARSE_POINT: never descended into
  std::uint64_t size = 0;
  std::uint64_t written = 0;  // last write time, FILETIME ticks (only compared)
};
struct Listing {
  std::vector<DirEntry> entries;
  std::uint32_t error = 0;  // Win32 error; 2 (file) / 3 (path not found): the folder does not exist
};
// Lists one folder (UTF-8 path, no trailing backslash): the Win32 layer's FindFirstFileW, a fake in tests.
using FolderLister = std::function<Listing(const std::string& folder)>;

struct FoundFile {
  std::string path;                 // full path, UTF-8: the artifact's source.what
  std::vector<std::string> labels;  // what it is named after in the bundle (ArtifactNamer)
  std::uint64_t size = 0;
  std::uint64_t written = 0;
};
struct SearchResult {
  std::vector<FoundFile> files;       // at most the row's max_files, most recently written first
  std::size_t found = 0;              // files that matched, before the max_files cap
  std::vector<std::string> searched;  // every place looked in (at most kMaxSearched)
  std::vector<std::string> notes;     // limits reached, folders that could not be listed
};

// Where the row's searches start, from the server (the Win32 layer expands and reads these).
struct SearchRoots {
  std::vector<std::string> profiles;  // ProfileList\<SID>\ProfileImagePath, expanded
  std::string windir;                 // %windir%
  std::string program_files;          // the native Program Files (%ProgramFiles%), "" when unknown
  std::string program_files_x86;      // under WOW64 "Program Files (x86)" (win32/wow64.hpp), else ""
  std::string all_users;              // %ALLUSERSPROFILE%, "" when unset
  // All Users' application data as Windows names it in its language (SHGetFolderPathW CSIDL_COMMON_APPDATA:
  // "...\All Users\Anwendungsdaten" on a German 2003); "" when not read: all_users + "\Application Data".
  std::string all_users_app_data;
  // The running user's local application data relative to its profile (CSIDL_LOCAL_APPDATA under
  // CSIDL_PROFILE: "Local Settings\Application Data" on an English 2003, "Lokale Einstellungen\Anwendungsdaten"
  // on a German one): the same folder names in every profile of this Windows. "" when not read.
  std::string local_app_data;
};

// Runs the search of the multi-file row `row_id` (file.ntbackup_logs, file.migration_logs,
// file.sbs_bpa_reports) through `list`. An unknown id finds nothing and searches nothing.
SearchResult search_file_row(std::string_view row_id, const SearchRoots& roots, const FolderLister& list);

// The single file of a one-file row: "%windir%\WindowsUpdate.log" -> "C:\WINDOWS\WindowsUpdate.log";
// "" for an unknown id.
std::string single_file_path(std::string_view row_id, const SearchRoots& roots);

// `path` relative to `folder` when it lies under it (ASCII case-insensitive, backslashes):
// ("C:\Dokumente und Einstellungen\jsmith\Lokale Einstellungen\Anwendungsdaten", "C:\Dokumente und
// Einstellungen\jsmith") -> "Lokale Einstellungen\Anwendungsdaten"; "" otherwise.
std::string relative_to(std::string_view path, std::string_view folder);

// Extensions of the text/report files a tree search takes (a folder named "Migration" also holds exes).
bool is_report_file(std::string_view name);

}  // namespace migready::collector

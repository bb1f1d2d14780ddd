// api.file_versions (system/file-versions.json): where each of the six files is looked for, and the JSON
// document of what was found. Portable, so the search plan and the shape are unit-tested natively; the Win32
// half (collector/win32/file_versions.cpp) reads the registry and the files. Contract: docs/bundle-format.md,
// "api.file_versions".
//
//   plan_file_versions({windir "C:\WINDOWS", common_program_files "C:\Program Files\Common Files",
//                       program_files "C:\Program Files", wss_location none,
//                       exchange_services "D:\Exchsrvr"})
//   -> msxml6          msxml6.dll   [C:\WINDOWS\system32\msxml6.dll]
//      wuaueng         wuaueng.dll  [C:\WINDOWS\system32\wuaueng.dll]
//      msi             msi.dll      [C:\WINDOWS\system32\msi.dll]
//      owssvr          OWSSVR.DLL   [C:\Program Files\Common Files\Microsoft Shared\web server extensions\60\ISAPI\OWSSVR.DLL]
//      exchange_store  store.exe    [D:\Exchsrvr\bin\store.exe, C:\Program Files\Exchsrvr\bin\store.exe]
//      exchange_cdoex  cdoex.dll    [D:\Exchsrvr\bin\cdoex.dll, C:\Program Files\Exchsrvr\bin\cdoex.dll]
//
// The registry's folder (WSS `Location`, Exchange Setup `Services`) comes first; the default folder follows
// it as the fallback (also when the registry names a folder where the file is not), unless it is the same
// path (compared case-insensitively, ASCII). The Win32 layer tries the candidates in order, records each in
// `searched`, and stops at the first that exists. A folder that is unknown ("" or an unset variable) gives
// no candidate, so `searched` shows exactly what was looked at. Registry text is hostile: trailing NULs and
// backslashes are trimmed, an empty or over-long (> 1024 characters) folder is ignored.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "contract/api/documents.hpp"
#include "core/sysvol.hpp"

namespace migready::collector::file_versions {

inline constexpr std::string_view kSchema = contract::find_api_document("api.file_versions")->schema;
inline constexpr std::size_t kMaxFolderLength = 1024;

// Where to look; "" = unknown. Environment variables expanded by the caller.
struct Locations {
  std::string windir;                           // %windir% (else %SystemRoot%)
  std::string common_program_files;             // the native Common Files (%CommonProgramFiles%)
  std::string program_files;                    // the native Program Files (%ProgramFiles%)
  std::string common_program_files_x86;         // under WOW64 the (x86) ones, tried after the native; else ""
  std::string program_files_x86;
  std::optional<std::string> wss_location;      // HKLM\SOFTWARE\Microsoft\Shared Tools\Web Server Extensions\6.0 Location
  std::optional<std::string> exchange_services;  // HKLM\SOFTWARE\Microsoft\Exchange\Setup Services
};

struct FilePlan {
  std::string id;    // "msxml6", "wuaueng", "msi", "owssvr", "exchange_store", "exchange_cdoex"
  std::string file;  // "msxml6.dll", ...
  std::vector<std::string> candidates;  // full paths, in the order they are tried
};

// Always the six rows of the contract, in its order.
std::vector<FilePlan> plan_file_versions(const Locations& where);

// `folder` + "\" + `name`, with `folder`'s trailing backslashes (and NULs) trimmed; "" when `folder` is
// empty after trimming or longer than kMaxFolderLength.
std::string join_path(std::string_view folder, std::string_view name);

// VS_FIXEDFILEINFO's version dwords as "a.b.c.d": a = HIWORD(ms), b = LOWORD(ms), c = HIWORD(ls),
// d = LOWORD(ls). (0x0006000A, 0x04690000) -> "6.10.1129.0".
std::string version_string(std::uint32_t ms, std::uint32_t ls);

struct FixedVersion {  // from VerQueryValueW(..., "\\") (VS_FIXEDFILEINFO, language-neutral)
  std::uint32_t file_ms = 0;     // dwFileVersionMS
  std::uint32_t file_ls = 0;     // dwFileVersionLS
  std::uint32_t product_ms = 0;  // dwProductVersionMS
  std::uint32_t product_ls = 0;  // dwProductVersionLS
};

struct FileReading {
  std::string id;
  std::string file;
  std::vector<std::string> searched;        // every path tried, in order
  std::optional<std::string> path;          // the one found (set = present)
  std::optional<FixedVersion> version;      // absent: no version resource, or reading it failed (see error)
  std::optional<std::uint64_t> size_bytes;  // GetFileAttributesExW
  std::optional<std::uint64_t> last_write;  // FILETIME ticks, UTC
  std::optional<std::string> error;         // a failed call: "GetFileVersionInfoW: Access is denied. (Win32 error 5)"
};

struct FileVersionsDocument {
  std::vector<FileReading> files;
  std::optional<sysvol::SysvolPart> sysvol;          // written when set (core/sysvol.hpp)
  std::optional<sysvol::CompanywebPart> companyweb;  // written when set
};

// The document: always complete (one file's failure stays in its own `error`). A reading without `path`
// is written `present: false` with path, versions, size and time null, whatever else it holds; `error` is
// written as it is (a candidate whose attributes could not be read, e.g. access denied on its folder).
std::string file_versions_json(const FileVersionsDocument& doc);

}  // namespace migready::collector::file_versions

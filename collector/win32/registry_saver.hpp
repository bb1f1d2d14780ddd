// Registry trees, read only: saved as a regf hive (RegSaveKeyW, which writes a file and needs
// SeBackupPrivilege) or, as the fallback, exported through the registry API to a REGEDIT5 .reg file.
//
// The export streams UTF-16LE text to disk key by key (SOFTWARE can be hundreds of MB of text), never
// follows registry symbolic links (every key is opened with REG_OPTION_OPEN_LINK, so a link such as
// SYSTEM\CurrentControlSet is written as the link key itself with its SymbolicLinkValue), stops descending
// at kMaxRegDepth and checks for Ctrl-C between keys. A key it cannot open is skipped and counted.
#pragma once

#include <windows.h>

#include <cstdint>
#include <optional>
#include <string>

namespace migready::collector::win32 {

inline constexpr unsigned kMaxRegDepth = 512;             // Windows' own limit on key nesting
inline constexpr std::uint64_t kMaxRegExportBytes = 2ull << 30;  // 2 GiB of text: `truncated` beyond

// Enables SeBackupPrivilege in this process's token (only there). 0 on success, else the Win32 error
// (ERROR_NOT_ALL_ASSIGNED when the account does not hold the privilege).
DWORD enable_backup_privilege();

// HKEY_LOCAL_MACHINE, HKEY_USERS, HKEY_CURRENT_USER, HKEY_CLASSES_ROOT, HKEY_CURRENT_CONFIG.
std::optional<HKEY> root_key(const std::string& name);

// RegOpenKeyExW + RegSaveKeyW to `file` (which must not exist). 0 on success, else the Win32 error; `step`
// names the call that failed.
DWORD save_hive(HKEY root, const std::wstring& subkey, const std::wstring& file, std::string& step);

// True when the file begins with "regf" (Wine's RegSaveKeyW writes its own text format instead).
bool is_regf_file(const std::wstring& file);

struct RegExportResult {
  DWORD error = 0;            // opening the top key or writing the file failed (nothing useful exported)
  std::string error_step;     // the call that failed
  bool truncated = false;     // stopped at kMaxRegExportBytes
  bool cancelled = false;     // stopped by Ctrl-C
  std::uint64_t keys = 0, values = 0;
  std::uint64_t skipped_keys = 0;  // subkeys that could not be opened or enumerated, or were too deep
  std::string first_skipped;       // "HKEY_LOCAL_MACHINE\SOFTWARE\X: Access is denied. (Win32 error 5)"
};

// Exports `root_name\subkey` and everything below to `file` (created; must not exist).
RegExportResult export_reg(HKEY root, const std::wstring& root_name, const std::wstring& subkey,
                           const std::wstring& file);

}  // namespace migready::collector::win32

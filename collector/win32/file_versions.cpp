#include "win32/file_versions.hpp"

#include <windows.h>
#include <winver.h>

#include <algorithm>
#include <vector>

#include "win32/files.hpp"
#include "win32/unique.hpp"
#include "win32/registry_view.hpp"
#include "win32/wide.hpp"
#include "win32/wow64.hpp"

namespace migready::collector::win32 {
namespace {

namespace fv = file_versions;

constexpr wchar_t kWssKey[] = L"SOFTWARE\\Microsoft\\Shared Tools\\Web Server Extensions\\6.0";
constexpr wchar_t kExchangeSetupKey[] = L"SOFTWARE\\Microsoft\\Exchange\\Setup";
constexpr DWORD kMaxVersionInfo = 1u << 20;  // a version resource is a few KiB; refuse anything absurd

std::string call_error(const char* call, DWORD code) { return std::string(call) + ": " + error_text(code); }

void append(std::optional<std::string>& error, const std::string& text) {
  error = error ? *error + "; " + text : text;
}

// A REG_SZ / REG_EXPAND_SZ value of HKLM\<key>, read with kRegRead (expanded when REG_EXPAND_SZ); nullopt
// when the key or value is absent, unreadable, of another type or longer than 32 KiB.
std::optional<std::string> read_folder_value(const wchar_t* key_path, const wchar_t* name) {
  UniqueKey key;
  if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, key_path, 0, kRegRead, key.out()) != ERROR_SUCCESS) return std::nullopt;
  std::vector<wchar_t> data(MAX_PATH + 1);
  DWORD type = 0;
  for (int attempt = 0;; ++attempt) {
    DWORD bytes = static_cast<DWORD>(data.size() * sizeof(wchar_t));
    const LONG rc = RegQueryValueExW(key.get(), name, nullptr, &type, reinterpret_cast<BYTE*>(data.data()), &bytes);
    if (rc == ERROR_MORE_DATA && attempt < 3 && bytes <= 32768) {
      data.assign(bytes / sizeof(wchar_t) + 1, L'\0');
      continue;
    }
    if (rc != ERROR_SUCCESS || (type != REG_SZ && type != REG_EXPAND_SZ)) return std::nullopt;
    // The data need not be NUL-terminated: cut at the first NUL within what was returned.
    std::wstring text(data.data(), std::min<std::size_t>(bytes / sizeof(wchar_t), data.size()));
    if (const auto nul = text.find(L'\0'); nul != std::wstring::npos) text.resize(nul);
    if (type == REG_EXPAND_SZ) return expand_environment(text);
    return to_utf8(text);
  }
}

// Size, last write time and the fixed version of `path`, which GetFileAttributesExW just found.
void read_version(const std::wstring& path, fv::FileReading& reading) {
  DWORD handle = 0;
  const DWORD size = GetFileVersionInfoSizeW(path.c_str(), &handle);
  if (size == 0) {
    const DWORD error = GetLastError();
    // No version resource at all: the versions stay null, and that is not an error.
    if (error == ERROR_RESOURCE_DATA_NOT_FOUND || error == ERROR_RESOURCE_TYPE_NOT_FOUND ||
        error == ERROR_RESOURCE_NAME_NOT_FOUND || error == ERROR_RESOURCE_LANG_NOT_FOUND) {
      return;
    }
    append(reading.error, call_error("GetFileVersionInfoSizeW", error));
    return;
  }
  if (size > kMaxVersionInfo) {
    append(reading.error, "GetFileVersionInfoSizeW: a version resource of " + std::to_string(size) +
                              " bytes (more than " + std::to_string(kMaxVersionInfo) + ")");
    return;
  }
  std::vector<DWORD> block(size / sizeof(DWORD) + 1);  // DWORD-aligned, as the structures inside need
  if (!GetFileVersionInfoW(path.c_str(), 0, size, block.data())) {
    append(reading.error, call_error("GetFileVersionInfoW", GetLastError()));
    return;
  }
  void* fixed = nullptr;
  UINT length = 0;
  if (!VerQueryValueW(block.data(), L"\\", &fixed, &length) || fixed == nullptr ||
      length < sizeof(VS_FIXEDFILEINFO)) {
    append(reading.error, "VerQueryValueW(\"\\\"): the version resource has no VS_FIXEDFILEINFO");
    return;
  }
  const auto* info = static_cast<const VS_FIXEDFILEINFO*>(fixed);
  const auto* begin = reinterpret_cast<const BYTE*>(block.data());
  const auto* at = reinterpret_cast<const BYTE*>(info);
  if (at < begin || at + sizeof(VS_FIXEDFILEINFO) > begin + block.size() * sizeof(DWORD)) {
    append(reading.error, "VerQueryValueW(\"\\\"): VS_FIXEDFILEINFO lies outside the version block");
    return;
  }
  if (info->dwSignature != VS_FFI_SIGNATURE) {
    append(reading.error, "VerQueryValueW(\"\\\"): VS_FIXEDFILEINFO has a bad signature");
    return;
  }
  reading.version = fv::FixedVersion{info->dwFileVersionMS, info->dwFileVersionLS, info->dwProductVersionMS,
                                     info->dwProductVersionLS};
}

fv::FileReading read_file(const fv::FilePlan& plan) {
  fv::FileReading reading;
  reading.id = plan.id;
  reading.file = plan.file;
  for (const std::string& candidate : plan.candidates) {
    reading.searched.push_back(candidate);
    const std::wstring path = to_wide(candidate);
    WIN32_FILE_ATTRIBUTE_DATA data{};
    if (!GetFileAttributesExW(path.c_str(), GetFileExInfoStandard, &data)) {
      const DWORD error = GetLastError();
      if (error != ERROR_FILE_NOT_FOUND && error != ERROR_PATH_NOT_FOUND && error != ERROR_INVALID_NAME &&
          error != ERROR_BAD_NETPATH && error != ERROR_BAD_PATHNAME) {
        // Whether it is there is unknown (e.g. the folder refused us): say so, then try the next place.
        append(reading.error, call_error("GetFileAttributesExW", error) + " (" + candidate + ")");
      }
      continue;
    }
    if ((data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) != 0) continue;  // a folder by that name
    reading.path = candidate;
    reading.size_bytes = (static_cast<std::uint64_t>(data.nFileSizeHigh) << 32) | data.nFileSizeLow;
    reading.last_write = (static_cast<std::uint64_t>(data.ftLastWriteTime.dwHighDateTime) << 32) |
                         data.ftLastWriteTime.dwLowDateTime;
    read_version(path, reading);
    break;
  }
  return reading;
}

}  // namespace

fv::FileVersionsDocument read_file_versions() {
  fv::Locations where;
  where.windir = expand_environment(L"%windir%");
  if (where.windir.empty()) where.windir = expand_environment(L"%SystemRoot%");
  where.common_program_files = native_common_program_files();
  where.program_files = native_program_files();
  where.common_program_files_x86 = x86_common_program_files();
  where.program_files_x86 = x86_program_files();
  where.wss_location = read_folder_value(kWssKey, L"Location");
  where.exchange_services = read_folder_value(kExchangeSetupKey, L"Services");

  fv::FileVersionsDocument doc;
  for (const fv::FilePlan& plan : fv::plan_file_versions(where)) {
    const NativeFileSystem native;  // under WOW64: system32's own msxml6/msi/wuaueng, not SysWOW64's
    doc.files.push_back(read_file(plan));
  }
  return doc;
}

}  // namespace migready::collector::win32

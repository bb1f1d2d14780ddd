#include "win32/file_versions.hpp"

#include <windows.h>
#include <winioctl.h>
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
namespace sv = sysvol;

constexpr wchar_t kWssKey[] = L"SOFTWARE\\Microsoft\\Shared Tools\\Web Server Extensions\\6.0";
constexpr wchar_t kExchangeSetupKey[] = L"SOFTWARE\\Microsoft\\Exchange\\Setup";
constexpr wchar_t kNetlogonKey[] = L"SYSTEM\\CurrentControlSet\\Services\\Netlogon\\Parameters";
constexpr wchar_t kSharePointSetupKey[] = L"SOFTWARE\\Microsoft\\Microsoft SQL Server\\SHAREPOINT\\Setup";
constexpr DWORD kMaxVersionInfo = 1u << 20;  // a version resource is a few KiB; refuse anything absurd

std::string call_error(const char* call, DWORD code) { return std::string(call) + ": " + error_text(code); }

void append(std::optional<std::string>& error, const std::string& text) {
  error = error ? *error + "; " + text : text;
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

// An error that says the path is not there (an answer), not that looking failed.
bool is_absent(DWORD error) {
  return error == ERROR_FILE_NOT_FOUND || error == ERROR_PATH_NOT_FOUND || error == ERROR_INVALID_NAME ||
         error == ERROR_BAD_NETPATH || error == ERROR_BAD_PATHNAME;
}

// Where a reparse point leads, without following it: opened with FILE_READ_ATTRIBUTES only (read-only;
// FSCTL_GET_REPARSE_POINT needs no other right), FILE_FLAG_OPEN_REPARSE_POINT so the reparse point itself
// is opened, FILE_FLAG_BACKUP_SEMANTICS because it is a folder.
void read_reparse_point(sv::EntryReading& entry) {
  const UniqueHandle handle(CreateFileW(to_wide(entry.path).c_str(), FILE_READ_ATTRIBUTES,
                                        FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE, nullptr, OPEN_EXISTING,
                                        FILE_FLAG_OPEN_REPARSE_POINT | FILE_FLAG_BACKUP_SEMANTICS, nullptr));
  if (!handle) {
    entry.error = call_error("CreateFileW(FILE_FLAG_OPEN_REPARSE_POINT)", GetLastError());
    return;
  }
  std::vector<unsigned char> buffer(sv::kMaxReparseBytes);
  DWORD returned = 0;
  if (!DeviceIoControl(handle.get(), FSCTL_GET_REPARSE_POINT, nullptr, 0, buffer.data(),
                       static_cast<DWORD>(buffer.size()), &returned, nullptr)) {
    entry.error = call_error("DeviceIoControl(FSCTL_GET_REPARSE_POINT)", GetLastError());
    return;
  }
  const sv::ReparseData data =
      sv::parse_reparse_buffer(std::span<const unsigned char>(buffer.data(), std::min<std::size_t>(returned, buffer.size())));
  if (data.error) {
    entry.error = "FSCTL_GET_REPARSE_POINT: " + *data.error;
    return;
  }
  entry.reparse_tag = data.tag;
  entry.substitute_name = data.substitute_name;
  entry.print_name = data.print_name;
}

// Every entry of one SYSVOL folder (kMaxEntries at most), with its reparse point read.
sv::FolderReading read_sysvol_folder(const sv::FolderPlan& plan, bool& denied) {
  sv::FolderReading folder;
  folder.name = plan.name;
  folder.path = plan.path;
  WIN32_FIND_DATAW found{};
  const HANDLE find = FindFirstFileW(to_wide(plan.path + "\\*").c_str(), &found);
  if (find == INVALID_HANDLE_VALUE) {
    const DWORD error = GetLastError();
    if (!is_absent(error)) {
      denied = denied || error == ERROR_ACCESS_DENIED;
      folder.present = GetFileAttributesW(to_wide(plan.path).c_str()) != INVALID_FILE_ATTRIBUTES;
      folder.error = call_error("FindFirstFileW", error) + " (" + plan.path + ")";
    }
    return folder;
  }
  folder.present = true;
  do {
    const std::wstring name = found.cFileName;
    if (name == L"." || name == L"..") continue;
    if (folder.entries.size() == sv::kMaxEntries) {
      folder.truncated = true;
      break;
    }
    sv::EntryReading entry;
    entry.name = to_utf8(name);
    entry.path = plan.path + "\\" + entry.name;
    entry.attributes = found.dwFileAttributes;
    if ((found.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT) != 0) read_reparse_point(entry);
    folder.entries.push_back(std::move(entry));
  } while (FindNextFileW(find, &found));
  const DWORD error = GetLastError();
  if (!folder.truncated && error != ERROR_NO_MORE_FILES) {
    folder.error = call_error("FindNextFileW", error) + " (" + plan.path + ")";
  }
  FindClose(find);
  return folder;
}

sv::SysvolPart read_sysvol() {
  sv::SysvolPart part;
  part.netlogon_sysvol = read_hklm_string(kNetlogonKey, L"SysVol");
  const std::vector<sv::FolderPlan> plan = part.netlogon_sysvol ? sv::plan_sysvol(*part.netlogon_sysvol)
                                                                 : std::vector<sv::FolderPlan>{};
  if (plan.empty()) {
    part.status = sv::PartStatus::not_found;
    return part;
  }
  bool denied = false;
  for (const sv::FolderPlan& folder : plan) part.folders.push_back(read_sysvol_folder(folder, denied));
  sv::settle(part, denied);
  return part;
}

// The STS_* files in the first Data folder of the SHAREPOINT instance that exists.
sv::CompanywebPart read_companyweb(const std::string& program_files) {
  sv::CompanywebPart part;
  part.sql_data_root = read_hklm_string(kSharePointSetupKey, L"SQLDataRoot");
  for (const std::string& candidate : sv::plan_companyweb(part.sql_data_root, program_files)) {
    part.searched.push_back(candidate);
    const DWORD attributes = GetFileAttributesW(to_wide(candidate).c_str());
    if (attributes == INVALID_FILE_ATTRIBUTES) {
      const DWORD error = GetLastError();
      if (!is_absent(error)) {
        part.status = error == ERROR_ACCESS_DENIED ? sv::PartStatus::denied : sv::PartStatus::failed;
        part.error = call_error("GetFileAttributesW", error) + " (" + candidate + ")";
        return part;
      }
      continue;
    }
    if ((attributes & FILE_ATTRIBUTE_DIRECTORY) == 0) continue;
    part.folder = candidate;
    WIN32_FIND_DATAW found{};
    const HANDLE find = FindFirstFileW(to_wide(candidate + "\\STS_*").c_str(), &found);
    if (find == INVALID_HANDLE_VALUE) {
      const DWORD error = GetLastError();
      if (error != ERROR_FILE_NOT_FOUND) {
        part.status = error == ERROR_ACCESS_DENIED ? sv::PartStatus::denied : sv::PartStatus::failed;
        part.error = call_error("FindFirstFileW", error) + " (" + candidate + ")";
      }
      return part;
    }
    do {
      if ((found.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) != 0) continue;
      if (part.files.size() == sv::kMaxFiles) {
        part.status = sv::PartStatus::truncated;
        break;
      }
      sv::FileReading file;
      file.name = to_utf8(found.cFileName);
      file.size_bytes = (static_cast<std::uint64_t>(found.nFileSizeHigh) << 32) | found.nFileSizeLow;
      file.last_write = (static_cast<std::uint64_t>(found.ftLastWriteTime.dwHighDateTime) << 32) |
                        found.ftLastWriteTime.dwLowDateTime;
      part.files.push_back(std::move(file));
    } while (FindNextFileW(find, &found));
    FindClose(find);
    return part;
  }
  part.status = sv::PartStatus::not_found;
  return part;
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
  where.wss_location = read_hklm_string(kWssKey, L"Location");
  where.exchange_services = read_hklm_string(kExchangeSetupKey, L"Services");

  fv::FileVersionsDocument doc;
  for (const fv::FilePlan& plan : fv::plan_file_versions(where)) {
    const NativeFileSystem native;  // under WOW64: system32's own msxml6/msi/wuaueng, not SysWOW64's
    doc.files.push_back(read_file(plan));
  }
  doc.sysvol = read_sysvol();
  doc.companyweb = read_companyweb(where.program_files);
  return doc;
}

}  // namespace migready::collector::win32

#include "win32/files.hpp"

#include <algorithm>
#include <cstring>

#include "win32/wide.hpp"

namespace migready::collector::win32 {
namespace {
constexpr std::size_t kBufferSize = 256 * 1024;

std::wstring strip_backslash(std::wstring path) {
  while (path.size() > 3 && (path.back() == L'\\' || path.back() == L'/')) path.pop_back();
  return path;
}
}  // namespace

DWORD FileSink::create(const std::wstring& path) {
  m_file = CreateFileW(path.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_NEW,
                       FILE_ATTRIBUTE_TEMPORARY | FILE_FLAG_SEQUENTIAL_SCAN, nullptr);
  if (m_file == INVALID_HANDLE_VALUE) return m_error = GetLastError();
  m_buffer.reserve(kBufferSize);
  return 0;
}

bool FileSink::flush() {
  if (m_file == INVALID_HANDLE_VALUE || m_error != 0) return false;
  std::size_t done = 0;
  while (done < m_buffer.size()) {
    DWORD written = 0;
    const DWORD chunk = static_cast<DWORD>(m_buffer.size() - done);
    if (!WriteFile(m_file, m_buffer.data() + done, chunk, &written, nullptr) || written == 0) {
      m_error = GetLastError();
      if (m_error == 0) m_error = ERROR_WRITE_FAULT;
      return false;
    }
    done += written;
  }
  m_buffer.clear();
  return true;
}

bool FileSink::write(const void* data, std::size_t size) {
  if (m_file == INVALID_HANDLE_VALUE || m_error != 0) return false;
  const char* p = static_cast<const char*>(data);
  while (size > 0) {
    const std::size_t take = std::min(size, kBufferSize - m_buffer.size());
    m_buffer.insert(m_buffer.end(), p, p + take);
    p += take, size -= take, m_size += take;
    if (m_buffer.size() == kBufferSize && !flush()) return false;
  }
  return true;
}

bool FileSink::close() {
  if (m_file == INVALID_HANDLE_VALUE) return m_error == 0;
  const bool ok = flush();
  CloseHandle(m_file);
  m_file = INVALID_HANDLE_VALUE;
  return ok && m_error == 0;
}

DWORD TempDir::create(const std::vector<std::wstring>& bases) {
  const DWORD pid = GetCurrentProcessId();
  DWORD err = ERROR_PATH_NOT_FOUND;
  for (std::wstring base : bases) {
    while (!base.empty() && (base.back() == L'\\' || base.back() == L'/')) base.pop_back();  // "D:\\" -> "D:"
    if (base.empty()) continue;
    for (unsigned attempt = 0; attempt < 100; ++attempt) {
      std::wstring candidate = base + L"\\migready-" + std::to_wstring(pid) + L"-" +
                               std::to_wstring(GetTickCount()) + L"-" + std::to_wstring(attempt);
      if (CreateDirectoryW(candidate.c_str(), nullptr)) {
        m_path = std::move(candidate);
        return 0;
      }
      err = GetLastError();
      if (err != ERROR_ALREADY_EXISTS) break;  // this base cannot take it: the next one
    }
  }
  return err;
}

void TempDir::remove() {
  if (m_path.empty()) return;
  WIN32_FIND_DATAW data;
  const HANDLE find = FindFirstFileW((m_path + L"\\*").c_str(), &data);
  if (find != INVALID_HANDLE_VALUE) {
    do {
      if ((data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) == 0) DeleteFileW(file(data.cFileName).c_str());
    } while (FindNextFileW(find, &data));
    FindClose(find);
  }
  RemoveDirectoryW(m_path.c_str());
  m_path.clear();
}

DWORD volume_space(const std::wstring& path, VolumeSpace& out) {
  wchar_t root[MAX_PATH + 1];
  if (!GetVolumePathNameW(path.c_str(), root, MAX_PATH + 1)) return GetLastError();
  ULARGE_INTEGER available{}, total{}, free_total{};
  if (!GetDiskFreeSpaceExW(path.c_str(), &available, &total, &free_total)) return GetLastError();
  out.root = to_utf8(root);
  out.free_bytes = available.QuadPart;
  out.total_bytes = total.QuadPart;
  return 0;
}

std::string temp_disk_full_note(DWORD error, const std::wstring& folder) {
  if (error != ERROR_DISK_FULL && error != ERROR_HANDLE_DISK_FULL) return {};
  VolumeSpace volume;
  const std::string root = volume_space(folder, volume) == 0 ? volume.root : to_utf8(folder);
  return "ERROR_DISK_FULL: the temporary files' volume " + root + " is full; " + disk_full_hint(root);
}

std::wstring most_free_fixed_volume() {
  wchar_t drives[26 * 4 + 2];
  const DWORD n = GetLogicalDriveStringsW(static_cast<DWORD>(std::size(drives)), drives);
  if (n == 0 || n >= std::size(drives)) return {};
  std::wstring best;
  std::uint64_t best_free = 0;
  for (const wchar_t* d = drives; *d != L'\0'; d += wcslen(d) + 1) {
    if (GetDriveTypeW(d) != DRIVE_FIXED) continue;
    ULARGE_INTEGER available{};
    if (!GetDiskFreeSpaceExW(d, &available, nullptr, nullptr)) continue;
    if (best.empty() || available.QuadPart > best_free) best = d, best_free = available.QuadPart;
  }
  return best;
}

std::int64_t file_size(const std::wstring& path) {
  WIN32_FILE_ATTRIBUTE_DATA data;
  if (!GetFileAttributesExW(path.c_str(), GetFileExInfoStandard, &data)) return -1;
  return static_cast<std::int64_t>((static_cast<std::uint64_t>(data.nFileSizeHigh) << 32) | data.nFileSizeLow);
}

std::string file_head(const std::wstring& path, std::size_t count) {
  const HANDLE f = CreateFileW(path.c_str(), GENERIC_READ, FILE_SHARE_READ, nullptr, OPEN_EXISTING, 0, nullptr);
  if (f == INVALID_HANDLE_VALUE) return {};
  std::string out(count, '\0');
  DWORD got = 0;
  if (!ReadFile(f, out.data(), static_cast<DWORD>(count), &got, nullptr)) got = 0;
  CloseHandle(f);
  out.resize(got);
  return out;
}

std::wstring exe_folder() {
  std::wstring path(32768, L'\0');
  const DWORD n = GetModuleFileNameW(nullptr, path.data(), static_cast<DWORD>(path.size()));
  if (n == 0 || n >= path.size()) return {};
  path.resize(n);
  const std::size_t slash = path.find_last_of(L"\\/");
  if (slash == std::wstring::npos) return {};
  return strip_backslash(path.substr(0, slash + 1));
}

std::wstring temp_folder() {
  wchar_t buffer[MAX_PATH + 2];
  const DWORD n = GetTempPathW(MAX_PATH + 1, buffer);
  if (n == 0 || n > MAX_PATH + 1) return L"C:\\";
  return strip_backslash(std::wstring(buffer, n));
}

std::wstring windows_temp_folder() {
  wchar_t buffer[MAX_PATH + 1];
  const UINT n = GetWindowsDirectoryW(buffer, MAX_PATH + 1);
  if (n == 0 || n > MAX_PATH) return {};
  return strip_backslash(std::wstring(buffer, n)) + L"\\Temp";
}

bool is_directory(const std::wstring& path) {
  const DWORD attributes = GetFileAttributesW(path.c_str());
  return attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_DIRECTORY) != 0;
}

std::string expand_environment(const std::wstring& text) {
  std::wstring out(1024, L'\0');
  for (int attempt = 0; attempt < 3; ++attempt) {
    const DWORD n = ExpandEnvironmentStringsW(text.c_str(), out.data(), static_cast<DWORD>(out.size()));
    if (n == 0) return {};
    if (n <= out.size()) {
      out.resize(n - 1);
      if (out.find(L'%') != std::wstring::npos) return {};
      return to_utf8(out);
    }
    out.assign(n, L'\0');
  }
  return {};
}

}  // namespace migready::collector::win32

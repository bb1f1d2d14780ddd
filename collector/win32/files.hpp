// Files: a buffered write-only sink (streams command output and .reg text to disk, never holding it all in
// memory) and the private temporary folder every intermediate file lives in.
#pragma once

#include <windows.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/disk_space.hpp"

namespace migready::collector::win32 {

class FileSink {
 public:
  FileSink() = default;
  FileSink(const FileSink&) = delete;
  FileSink& operator=(const FileSink&) = delete;
  ~FileSink() { close(); }

  // Creates `path` (which must not exist). Returns the Win32 error, 0 on success.
  DWORD create(const std::wstring& path);
  // False once a write failed (error() says why); later writes are ignored.
  bool write(const void* data, std::size_t size);
  bool flush();
  // Flushes and closes; false when anything failed.
  bool close();
  std::uint64_t size() const { return m_size; }
  DWORD error() const { return m_error; }

 private:
  HANDLE m_file = INVALID_HANDLE_VALUE;
  std::vector<char> m_buffer;
  std::uint64_t m_size = 0;
  DWORD m_error = 0;
};

// A new, uniquely named folder (migready-<pid>-<tick>-<n>) in the first of `bases` where one can be created;
// the destructor deletes every file in it and the folder.
class TempDir {
 public:
  TempDir() = default;
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() { remove(); }

  // 0, or the error of the last base tried.
  DWORD create(const std::vector<std::wstring>& bases);
  bool valid() const { return !m_path.empty(); }
  const std::wstring& path() const { return m_path; }
  std::wstring file(const std::wstring& name) const { return m_path + L"\\" + name; }
  void remove();

 private:
  std::wstring m_path;
};

// The volume holding `path` (an existing file or folder): its root from GetVolumePathNameW ("C:\\") and its
// free and total bytes from GetDiskFreeSpaceExW (free = available to this user). Returns the Win32 error, 0 on
// success.
DWORD volume_space(const std::wstring& path, VolumeSpace& out);
// For a full disk (ERROR_DISK_FULL, ERROR_HANDLE_DISK_FULL) writing a temporary file in `folder`:
// "ERROR_DISK_FULL: the temporary files' volume T:\\ is full; <disk_full_hint>"; "" for any other error.
std::string temp_disk_full_note(DWORD error, const std::wstring& folder);
// The root ("D:\\") of the fixed volume (GetDriveTypeW DRIVE_FIXED) with the most free space; "" when none
// can be read.
std::wstring most_free_fixed_volume();

// Size of a file in bytes, or -1.
std::int64_t file_size(const std::wstring& path);
// The first `count` bytes of a file (fewer if it is shorter; empty if it cannot be read).
std::string file_head(const std::wstring& path, std::size_t count);
// The folder of this exe, without a trailing backslash.
std::wstring exe_folder();
// GetTempPathW without a trailing backslash (it does not check that the folder exists).
std::wstring temp_folder();
// GetWindowsDirectoryW + "\\Temp"; "" when the Windows folder is not known.
std::wstring windows_temp_folder();
// True when `path` names an existing folder.
bool is_directory(const std::wstring& path);
// ExpandEnvironmentStringsW as UTF-8; "" when the text cannot be expanded or a variable is not set (the
// result would still hold '%').
std::string expand_environment(const std::wstring& text);

}  // namespace migready::collector::win32

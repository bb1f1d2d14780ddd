// Every OS-specific call of the analyzer lives in this module: platform.cpp (portable path helpers),
// platform_posix.cpp (Linux) and platform_win32.cpp (Windows 7 and later); each .cpp compiles to nothing on the
// other system, so a build picks its side with no list of files per system.
//
// Strings are UTF-8 everywhere in the analyzer, paths included. On Windows the conversion to UTF-16 happens
// here, at the edge: the command line (arguments), every file opened (CreateFileW, _wfopen, MoveFileExW) and
// every std::filesystem::path (fs_path, path_utf8), so no path ever goes through the ANSI code page. An
// absolute path of 260 UTF-16 units or more gets the `\\?\` prefix (slashes turned into backslashes, `.` and
// `..` resolved) in the calls of this module; std::filesystem calls elsewhere (triage's folder search) take
// the path as it is.
#pragma once

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace migready::platform {

// ---- the command line and the console ----

// The program's arguments after argv[0], in UTF-8. POSIX: argv as it is. Windows: the C runtime's UTF-16
// argv (__wgetmainargs: the same splitting rules as argv), since the narrow argv is in the ANSI code page, in
// which "試験" (and "ü", outside Western code pages) is already "??".
std::vector<std::string> arguments(int argc, char** argv);

// Called first thing in main. Windows: standard output and error in binary mode, so a report is written byte
// for byte as on Linux (LF line ends, no CRLF translation: every editor on Windows 7 and later but Notepad
// before Windows 10 1809 reads them, and the bytes match the Linux build's); on a real console (GetConsoleMode
// succeeds) std::cout and std::cerr write UTF-16 through WriteConsoleW (so UTF-8 text shows right even on
// Windows 7, whose console miscounts UTF-8 writes), the output code page is set to UTF-8 for the C streams, and
// virtual terminal processing is switched on where the console has it (Windows 10 1511 and later); the code
// page and the console modes are restored at exit. POSIX: nothing.
void console_setup();

// True when standard output (error) is a terminal: POSIX isatty; Windows a console (GetConsoleMode succeeds;
// _isatty would also say yes for NUL). Said once per run: colours, triage's progress line.
bool stdout_is_terminal();
bool stderr_is_terminal();
// True when escape sequences (colours, erasing a line) are understood on standard output (error): POSIX the
// terminal; Windows a console with virtual terminal processing on (never the Windows 7 console, a pipe or a
// file).
bool stdout_takes_escapes();
bool stderr_takes_escapes();

// Windows: when the console window is this process's alone (GetConsoleProcessList says 1: Explorer started
// the program, say a bundle dropped on migready.exe) and standard input and output are that console, prints
// "Press any key to close this window." and waits for a key, so the window does not vanish with the report.
// Never waits when started from cmd or PowerShell, or with input or output redirected. POSIX: nothing.
void hold_console_window();

// The number of CPUs this process may run on (its affinity mask on Linux and Windows, so `taskset`, `start
// /affinity` and container limits count), at least 1.
unsigned cpu_count();

// ---- paths ----

// A UTF-8 path as a std::filesystem::path (built from a u8string: UTF-16 on Windows, the same bytes on POSIX).
std::filesystem::path fs_path(std::string_view utf8);
// And back: the path's UTF-8 (u8string), never the ANSI code page. POSIX: the same bytes as path.string().
std::string path_utf8(const std::filesystem::path& path);
// The last component of a path, as bundles and loose files are named in reports: after the last '/' (POSIX),
// after the last '/', '\' or drive colon (Windows). "dir/x.zip" -> "x.zip".
std::string_view file_name(std::string_view path);

// ---- files ----

// std::fopen of a UTF-8 path (Windows: _wfopen). nullptr and errno on failure, as fopen.
std::FILE* open_file(const std::string& path, const char* mode);

// A whole file mapped read-only (POSIX: Boost.Iostreams mapped_file_source, mmap; Windows: CreateFileW with
// shared read and delete, CreateFileMappingW, MapViewOfFile), so a hive is parsed in place, without a copy. An
// empty file maps to an empty span (mapping zero bytes is an error on both systems). The bytes stay valid
// while the MappedFile lives; it may be moved.
class MappedFile {
 public:
  MappedFile(MappedFile&&) noexcept;
  MappedFile& operator=(MappedFile&&) noexcept;
  ~MappedFile();
  std::span<const std::uint8_t> bytes() const noexcept;

 private:
  friend Result<MappedFile> map_file(const std::string& path);
  struct Impl;  // per system
  explicit MappedFile(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

// Errc::io with where = path and the system's reason. The reasons both systems share read the same words
// (Windows says them as Linux's strerror does): "No such file or directory" (a missing file or folder),
// "Permission denied", "is a directory"; any other Windows error is its system message and number.
Result<MappedFile> map_file(const std::string& path);

// Writes `data` to `path` so that `path` is either untouched or holds all of `data`, never a part: a new
// temporary file in the same directory, flushed to disk, then renamed over `path` (POSIX rename; Windows
// MoveFileExW with MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH). On failure the temporary file is
// removed. Errc::io with where = path and the system's reason, in map_file's words.
Result<void> write_file_atomically(const std::string& path, std::string_view data);

// Creates `path`, which must not exist (never overwrites: Errc::io "File exists"), readable by its owner
// only, and writes `data` (a secret key). POSIX: open(O_CREAT | O_EXCL, 0600), then fsync. Windows: CreateFileW
// CREATE_NEW; the file takes its folder's inherited permissions (a user's profile folder is private to the
// user). A failure after creating removes the file.
Result<void> write_new_private_file(const std::string& path, std::string_view data);

}  // namespace migready::platform

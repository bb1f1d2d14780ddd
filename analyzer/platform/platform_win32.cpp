// The Windows side of the platform module (Windows 7 SP1 and later; mingw-w64). UTF-16 stays in this file:
// everything it hands out or takes is UTF-8.
#ifdef _WIN32

#include <windows.h>

#include <conio.h>
#include <fcntl.h>
#include <io.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <random>
#include <streambuf>
#include <thread>

#include "platform/platform.hpp"

#ifndef ENABLE_VIRTUAL_TERMINAL_PROCESSING
#define ENABLE_VIRTUAL_TERMINAL_PROCESSING 0x0004
#endif

// The C runtime's own parser of the UTF-16 command line (msvcrt.dll, every Windows): the arguments split by
// the rules every C program's argv follows. Not in mingw-w64's public headers; CommandLineToArgvW would split
// by slightly other rules and load shell32.dll (and a dozen DLLs with it) for this one call.
struct MsvcrtStartupInfo {
  int new_mode;
};
extern "C" int __cdecl __wgetmainargs(int* argc, wchar_t*** argv, wchar_t*** env, int expand_wildcards,
                                      MsvcrtStartupInfo* startup);

namespace migready::platform {
namespace {

std::wstring widen(std::string_view utf8) {
  if (utf8.empty()) return {};
  const int n = MultiByteToWideChar(CP_UTF8, 0, utf8.data(), static_cast<int>(utf8.size()), nullptr, 0);
  std::wstring wide(static_cast<std::size_t>(n > 0 ? n : 0), L'\0');
  if (n > 0) MultiByteToWideChar(CP_UTF8, 0, utf8.data(), static_cast<int>(utf8.size()), wide.data(), n);
  return wide;
}

// Invalid UTF-16 (a lone surrogate) becomes U+FFFD.
std::string narrow(std::wstring_view wide) {
  if (wide.empty()) return {};
  const int n = WideCharToMultiByte(CP_UTF8, 0, wide.data(), static_cast<int>(wide.size()), nullptr, 0, nullptr, nullptr);
  std::string utf8(static_cast<std::size_t>(n > 0 ? n : 0), '\0');
  if (n > 0) WideCharToMultiByte(CP_UTF8, 0, wide.data(), static_cast<int>(wide.size()), utf8.data(), n, nullptr, nullptr);
  return utf8;
}

// The UTF-16 path given to CreateFileW, _wfopen and MoveFileExW. Below MAX_PATH as the user wrote it; from
// MAX_PATH (260) on, the absolute path (GetFullPathNameW: slashes to backslashes, `.` and `..` resolved, since
// the prefix turns both off) with `\\?\` (or `\\?\UNC\` for \\server\share), which lifts the limit to 32767.
std::wstring win_path(std::string_view utf8) {
  std::wstring wide = widen(utf8);
  if (wide.rfind(L"\\\\?\\", 0) == 0) return wide;
  const DWORD need = GetFullPathNameW(wide.c_str(), 0, nullptr, nullptr);
  if (need < MAX_PATH) return wide;  // 0 (failed: let the open fail with its own reason) or short
  std::wstring full(need, L'\0');
  const DWORD got = GetFullPathNameW(wide.c_str(), need, full.data(), nullptr);
  if (got == 0 || got >= need) return wide;
  full.resize(got);
  if (full.rfind(L"\\\\", 0) == 0) return L"\\\\?\\UNC\\" + full.substr(2);
  return L"\\\\?\\" + full;
}

// A Windows error in the words Linux's strerror uses where the two systems mean the same, so a message reads
// the same on both builds; else the system's own text and the number.
std::string error_text(DWORD error) {
  switch (error) {
    case ERROR_FILE_NOT_FOUND:
    case ERROR_PATH_NOT_FOUND:
    case ERROR_INVALID_DRIVE:
    case ERROR_BAD_NETPATH:
    case ERROR_BAD_NET_NAME:
      return "No such file or directory";
    case ERROR_ACCESS_DENIED: return "Permission denied";
    case ERROR_DISK_FULL:
    case ERROR_HANDLE_DISK_FULL: return "No space left on device";
    case ERROR_WRITE_PROTECT: return "Read-only file system";
    case ERROR_FILENAME_EXCED_RANGE: return "File name too long";
    case ERROR_NOT_ENOUGH_MEMORY:
    case ERROR_OUTOFMEMORY: return "Cannot allocate memory";
    default: break;
  }
  wchar_t* text = nullptr;
  const DWORD n = FormatMessageW(FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM |
                                     FORMAT_MESSAGE_IGNORE_INSERTS,
                                 nullptr, error, 0, reinterpret_cast<wchar_t*>(&text), 0, nullptr);
  std::string message = n > 0 && text != nullptr ? narrow(std::wstring_view(text, n)) : std::string();
  if (text != nullptr) LocalFree(text);
  while (!message.empty() && (message.back() == '\n' || message.back() == '\r' || message.back() == ' ' ||
                              message.back() == '.')) {
    message.pop_back();
  }
  return (message.empty() ? std::string("error") : message) + " (Windows error " + std::to_string(error) + ")";
}

// ---- console ----

struct Console {
  bool out_console = false, err_console = false;
  bool out_escapes = false, err_escapes = false;
  UINT saved_code_page = 0;  // 0: not changed
  DWORD saved_out_mode = 0, saved_err_mode = 0;
};
Console g_console;

bool is_console(DWORD which) {
  DWORD mode = 0;
  const HANDLE h = GetStdHandle(which);
  return h != nullptr && h != INVALID_HANDLE_VALUE && GetConsoleMode(h, &mode) != 0;
}

// std::cout / std::cerr on a console: UTF-8 in, UTF-16 out through WriteConsoleW. Windows 7's console, asked to
// write UTF-8 bytes with code page 65001, reports characters written instead of bytes, so the C runtime sees a
// short write and the stream fails at the first "ü"; WriteConsoleW has no code page at all. A UTF-8 sequence
// split between two writes waits for its end.
class ConsoleBuf final : public std::streambuf {
 public:
  explicit ConsoleBuf(HANDLE handle) : m_handle(handle) {}

 protected:
  int_type overflow(int_type c) override {
    if (traits_type::eq_int_type(c, traits_type::eof())) return sync() == 0 ? traits_type::not_eof(c) : c;
    m_pending.push_back(traits_type::to_char_type(c));
    if (m_pending.size() >= kChunk && !write_complete()) return traits_type::eof();
    return c;
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    m_pending.append(s, static_cast<std::size_t>(n));
    if (m_pending.size() >= kChunk && !write_complete()) return 0;
    return n;
  }
  int sync() override { return write_complete() ? 0 : -1; }

 private:
  static constexpr std::size_t kChunk = 8192;

  // Writes every complete UTF-8 sequence of m_pending; keeps a cut one (at most 3 bytes) for the next write.
  bool write_complete() {
    std::size_t end = m_pending.size();
    for (std::size_t back = 1; back <= 3 && back <= m_pending.size(); ++back) {
      const auto c = static_cast<unsigned char>(m_pending[m_pending.size() - back]);
      if ((c & 0xC0) != 0x80) {  // a lead byte (or ASCII): is its sequence complete?
        const std::size_t length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        if (length > back) end = m_pending.size() - back;
        break;
      }
    }
    const std::wstring wide = widen(std::string_view(m_pending).substr(0, end));
    m_pending.erase(0, end);
    for (std::size_t done = 0; done < wide.size();) {
      // Windows 7's console refuses writes above about 64 KiB; 8 K characters at a time.
      const DWORD want = static_cast<DWORD>(std::min<std::size_t>(wide.size() - done, kChunk));
      DWORD written = 0;
      if (!WriteConsoleW(m_handle, wide.data() + done, want, &written, nullptr) || written == 0) return false;
      done += written;
    }
    return true;
  }

  HANDLE m_handle;
  std::string m_pending;
};

// The console is the user's cmd window too: its code page and modes are given back at exit and on Ctrl-C.
void restore_console_settings() {
  if (g_console.saved_code_page != 0) SetConsoleOutputCP(g_console.saved_code_page);
  if (g_console.out_escapes) SetConsoleMode(GetStdHandle(STD_OUTPUT_HANDLE), g_console.saved_out_mode);
  if (g_console.err_escapes) SetConsoleMode(GetStdHandle(STD_ERROR_HANDLE), g_console.saved_err_mode);
}

void restore_console() {
  std::cout.flush();
  std::cerr.flush();
  restore_console_settings();
}

BOOL WINAPI on_console_break(DWORD) {
  restore_console_settings();
  return FALSE;  // then the default: the process ends
}

}  // namespace

std::vector<std::string> arguments(int argc, char** argv) {
  int n = 0;
  wchar_t** wide = nullptr;
  wchar_t** environment = nullptr;
  MsvcrtStartupInfo startup{0};
  // No wildcard expansion: a bundle named with '*' or '?' is taken as written, as the narrow argv was.
  if (__wgetmainargs(&n, &wide, &environment, 0, &startup) < 0 || wide == nullptr) {
    return argc > 1 ? std::vector<std::string>(argv + 1, argv + argc) : std::vector<std::string>();
  }
  std::vector<std::string> out;
  for (int i = 1; i < n; ++i) out.push_back(narrow(wide[i]));
  return out;
}

void console_setup() {
  // Reports are LF and UTF-8, byte for byte the Linux build's, whether they go to a file, a pipe or a console.
  _setmode(_fileno(stdout), _O_BINARY);
  _setmode(_fileno(stderr), _O_BINARY);
  g_console.out_console = is_console(STD_OUTPUT_HANDLE);
  g_console.err_console = is_console(STD_ERROR_HANDLE);
  if (!g_console.out_console && !g_console.err_console) return;
  // Only a console is changed; a pipe or a file gets the bytes as they are.
  const UINT code_page = GetConsoleOutputCP();
  if (code_page != CP_UTF8 && SetConsoleOutputCP(CP_UTF8)) g_console.saved_code_page = code_page;
  DWORD mode = 0;
  if (g_console.out_console && GetConsoleMode(GetStdHandle(STD_OUTPUT_HANDLE), &mode)) {
    g_console.saved_out_mode = mode;
    g_console.out_escapes = (mode & ENABLE_VIRTUAL_TERMINAL_PROCESSING) != 0 ||
                            SetConsoleMode(GetStdHandle(STD_OUTPUT_HANDLE), mode | ENABLE_VIRTUAL_TERMINAL_PROCESSING);
    // Never destroyed: the C++ runtime flushes std::cout after every static object is gone.
    static ConsoleBuf* const out_buf = new ConsoleBuf(GetStdHandle(STD_OUTPUT_HANDLE));
    std::cout.flush();
    std::cout.rdbuf(out_buf);
  }
  if (g_console.err_console && GetConsoleMode(GetStdHandle(STD_ERROR_HANDLE), &mode)) {
    g_console.saved_err_mode = mode;
    g_console.err_escapes = (mode & ENABLE_VIRTUAL_TERMINAL_PROCESSING) != 0 ||
                            SetConsoleMode(GetStdHandle(STD_ERROR_HANDLE), mode | ENABLE_VIRTUAL_TERMINAL_PROCESSING);
    static ConsoleBuf* const err_buf = new ConsoleBuf(GetStdHandle(STD_ERROR_HANDLE));
    std::cerr.flush();
    std::cerr.rdbuf(err_buf);
  }
  std::atexit(restore_console);
  SetConsoleCtrlHandler(on_console_break, TRUE);
}

bool stdout_is_terminal() { return is_console(STD_OUTPUT_HANDLE); }
bool stderr_is_terminal() { return is_console(STD_ERROR_HANDLE); }
bool stdout_takes_escapes() { return g_console.out_escapes && stdout_is_terminal(); }
bool stderr_takes_escapes() { return g_console.err_escapes && stderr_is_terminal(); }

void hold_console_window() {
  DWORD processes[2];
  if (GetConsoleProcessList(processes, 2) != 1) return;  // 0: no console; 2 or more: cmd, PowerShell, ...
  if (!is_console(STD_INPUT_HANDLE) || !is_console(STD_OUTPUT_HANDLE)) return;
  std::cout << "\nPress any key to close this window." << std::flush;
  (void)_getch();
  std::cout << "\n" << std::flush;
}

unsigned cpu_count() {
  DWORD_PTR process = 0, system = 0;
  if (GetProcessAffinityMask(GetCurrentProcess(), &process, &system) && process != 0) {
    return static_cast<unsigned>(std::popcount(static_cast<unsigned long long>(process)));
  }
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : n;
}

std::FILE* open_file(const std::string& path, const char* mode) {
  return _wfopen(win_path(path).c_str(), widen(mode).c_str());
}

// ---- mapping ----

struct MappedFile::Impl {
  const void* view = nullptr;  // nullptr for an empty file
  std::size_t size = 0;
  Impl() = default;
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  ~Impl() {
    if (view != nullptr) UnmapViewOfFile(view);
  }
};

MappedFile::MappedFile(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
MappedFile::MappedFile(MappedFile&&) noexcept = default;
MappedFile& MappedFile::operator=(MappedFile&&) noexcept = default;
MappedFile::~MappedFile() = default;

std::span<const std::uint8_t> MappedFile::bytes() const noexcept {
  if (!m_impl || m_impl->view == nullptr) return {};
  return {static_cast<const std::uint8_t*>(m_impl->view), m_impl->size};
}

Result<MappedFile> map_file(const std::string& path) {
  const std::wstring wide = win_path(path);
  // Attributes first: CreateFileW on a folder says "access denied", where Linux says what it is.
  const DWORD attributes = GetFileAttributesW(wide.c_str());
  if (attributes == INVALID_FILE_ATTRIBUTES) return make_error(Errc::io, error_text(GetLastError()), path);
  if ((attributes & FILE_ATTRIBUTE_DIRECTORY) != 0) return make_error(Errc::io, "is a directory", path);
  // Others may read it, or delete or rename it (the view stays valid), but not write it while it is mapped.
  const HANDLE file = CreateFileW(wide.c_str(), GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_DELETE, nullptr,
                                  OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, nullptr);
  if (file == INVALID_HANDLE_VALUE) return make_error(Errc::io, error_text(GetLastError()), path);
  auto impl = std::make_unique<MappedFile::Impl>();
  LARGE_INTEGER size{};
  if (!GetFileSizeEx(file, &size)) {
    const DWORD error = GetLastError();
    CloseHandle(file);
    return make_error(Errc::io, error_text(error), path);
  }
  if (size.QuadPart == 0) {
    CloseHandle(file);
    return MappedFile(std::move(impl));
  }
  if (static_cast<unsigned long long>(size.QuadPart) > SIZE_MAX) {
    CloseHandle(file);
    return make_error(Errc::io, "cannot map the file: larger than the address space", path);
  }
  const HANDLE mapping = CreateFileMappingW(file, nullptr, PAGE_READONLY, 0, 0, nullptr);
  const DWORD mapping_error = GetLastError();
  CloseHandle(file);  // the mapping holds the file open
  if (mapping == nullptr) return make_error(Errc::io, "cannot map the file: " + error_text(mapping_error), path);
  impl->view = MapViewOfFile(mapping, FILE_MAP_READ, 0, 0, 0);
  const DWORD view_error = GetLastError();
  CloseHandle(mapping);  // the view holds the mapping
  if (impl->view == nullptr) return make_error(Errc::io, "cannot map the file: " + error_text(view_error), path);
  impl->size = static_cast<std::size_t>(size.QuadPart);
  return MappedFile(std::move(impl));
}

// ---- atomic writes ----

namespace {

// Writes all of `data` to `file`, flushes and closes it (always closed): 0, or the first error.
DWORD write_flush_close(HANDLE file, std::string_view data) {
  DWORD error = 0;
  for (std::size_t done = 0; done < data.size() && error == 0;) {
    const DWORD want = static_cast<DWORD>(std::min<std::size_t>(data.size() - done, std::size_t{1} << 30));
    DWORD written = 0;
    if (!WriteFile(file, data.data() + done, want, &written, nullptr)) error = GetLastError();
    else if (written == 0) error = ERROR_WRITE_FAULT;
    done += written;
  }
  if (error == 0 && !FlushFileBuffers(file)) error = GetLastError();
  if (!CloseHandle(file) && error == 0) error = GetLastError();
  return error;
}

}  // namespace

Result<void> write_file_atomically(const std::string& path, std::string_view data) {
  const std::size_t slash = path.find_last_of("/\\:");
  const std::string dir = slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
  const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  if (base.empty()) return make_error(Errc::io, "is a directory", path);
  const std::wstring target = win_path(path);
  // MoveFileExW onto a folder says "access denied"; say what Linux's rename says.
  const DWORD attributes = GetFileAttributesW(target.c_str());
  if (attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_DIRECTORY) != 0) {
    return make_error(Errc::io, "Is a directory", path);
  }

  // A fresh name beside the target, created exclusively (CREATE_NEW), so two writers never share one.
  std::random_device random;
  std::wstring tmp;
  HANDLE file = INVALID_HANDLE_VALUE;
  DWORD error = ERROR_FILE_EXISTS;
  for (int attempt = 0; attempt < 16 && file == INVALID_HANDLE_VALUE && error == ERROR_FILE_EXISTS; ++attempt) {
    char suffix[16];
    std::snprintf(suffix, sizeof suffix, "%08x", static_cast<unsigned>(random()));
    tmp = win_path(dir + "." + base + ".tmp-" + suffix);
    file = CreateFileW(tmp.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, nullptr);
    if (file == INVALID_HANDLE_VALUE) error = GetLastError();
  }
  if (file == INVALID_HANDLE_VALUE) {
    return make_error(Errc::io, "cannot create a temporary file: " + error_text(error), path);
  }
  auto fail = [&](DWORD why) {
    DeleteFileW(tmp.c_str());
    return make_error(Errc::io, error_text(why), path);
  };
  if (const DWORD written = write_flush_close(file, data); written != 0) return fail(written);
  if (!MoveFileExW(tmp.c_str(), target.c_str(), MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)) {
    return fail(GetLastError());
  }
  return {};
}

Result<void> write_new_private_file(const std::string& path, std::string_view data) {
  const std::wstring target = win_path(path);
  HANDLE file = CreateFileW(target.c_str(), GENERIC_WRITE, 0, nullptr, CREATE_NEW, FILE_ATTRIBUTE_NORMAL, nullptr);
  if (file == INVALID_HANDLE_VALUE) {
    const DWORD error = GetLastError();
    return make_error(Errc::io, error == ERROR_FILE_EXISTS ? std::string("File exists") : error_text(error), path);
  }
  if (const DWORD error = write_flush_close(file, data); error != 0) {
    DeleteFileW(target.c_str());
    return make_error(Errc::io, error_text(error), path);
  }
  return {};
}

}  // namespace migready::platform

#endif  // _WIN32

// The 32-bit collector on 64-bit Windows (WOW64). There, by default, the i686 exe would see a 32-bit world:
// %windir%\system32 is SysWOW64 (its msxml6.dll, msi.dll, wuaueng.dll and 32-bit tools), %ProgramFiles% is
// "Program Files (x86)", and HKLM\SOFTWARE is Wow6432Node. The collector reports the native server instead:
//   - registry keys are opened with KEY_WOW64_64KEY (win32/registry_view.hpp), on every system;
//   - file-system redirection is disabled, on the collector's thread only, around each read of a system
//     folder and each command start (NativeFileSystem below); never for the whole run, since a DLL that
//     Windows loads while it is off would come from the 64-bit system32 and fail;
//   - the native Program Files is read from the 64-bit registry view, and (x86) is searched too.
// When the process is WOW64 but redirection cannot be disabled, the run stops before writing anything and
// names the x64 build. Microsoft's pages: "File System Redirector", IsWow64Process,
// Wow64DisableWow64FsRedirection (both resolved with GetProcAddress: Windows XP SP2 / Server 2003 SP1).
#pragma once

#include <windows.h>

#include <optional>
#include <string>

namespace migready::collector::win32 {

struct Wow64State {
  std::optional<bool> active;  // IsWow64Process; false when the function is absent (no 64-bit Windows lacks it)
  bool redirection_available = false;  // both redirection functions resolved and a trial disable worked
  std::string error;                   // why `active` is unknown, or why redirection cannot be disabled
};

// Detects once (the first call, from the collector's main thread) and remembers; later calls return the
// same state. NativeFileSystem guards do nothing until this has run and found WOW64 with redirection.
const Wow64State& detect_wow64();

// Scope guard: file-system redirection off on this thread while it lives, when the process is WOW64;
// nothing otherwise. Not nested (the inner guard would restore too early): one per operation.
class NativeFileSystem {
 public:
  NativeFileSystem();
  ~NativeFileSystem();
  NativeFileSystem(const NativeFileSystem&) = delete;
  NativeFileSystem& operator=(const NativeFileSystem&) = delete;

 private:
  PVOID m_old = nullptr;
  bool m_disabled = false;
};

// The native Program Files and Common Files folders: under WOW64 the 64-bit registry view's ProgramFilesDir /
// CommonFilesDir (HKLM\SOFTWARE\Microsoft\Windows\CurrentVersion), since the environment names the (x86)
// ones; elsewhere %ProgramFiles% / %CommonProgramFiles%. "" when unknown.
std::string native_program_files();
std::string native_common_program_files();
// Under WOW64, %ProgramFiles% / %CommonProgramFiles% (the (x86) folders, where 32-bit programs install);
// "" when not WOW64 or equal to the native folder.
std::string x86_program_files();
std::string x86_common_program_files();

}  // namespace migready::collector::win32

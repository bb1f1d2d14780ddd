#include "win32/wow64.hpp"

#include "contract/ascii.hpp"
#include "win32/files.hpp"
#include "win32/registry_view.hpp"
#include "win32/wide.hpp"

namespace migready::collector::win32 {
namespace {

using IsWow64ProcessFn = BOOL(WINAPI*)(HANDLE, PBOOL);
using DisableRedirectionFn = BOOL(WINAPI*)(PVOID*);
using RevertRedirectionFn = BOOL(WINAPI*)(PVOID);

struct Detected {
  bool done = false;
  Wow64State state;
  DisableRedirectionFn disable = nullptr;
  RevertRedirectionFn revert = nullptr;
};

Detected g_detected;  // written once, by detect_wow64 on the main thread, before any other thread starts

template <typename Fn>
Fn kernel32_function(const char* name) {
  const HMODULE kernel32 = GetModuleHandleW(L"kernel32.dll");
  if (kernel32 == nullptr) return nullptr;
  // GetProcAddress returns FARPROC; the cast to the documented signature is the only way to call it.
  return reinterpret_cast<Fn>(reinterpret_cast<void*>(GetProcAddress(kernel32, name)));
}

constexpr wchar_t kCurrentVersionKey[] = L"SOFTWARE\\Microsoft\\Windows\\CurrentVersion";

bool wow64_active() {
  const Detected& d = g_detected;
  return d.done && d.state.active.value_or(false);
}

std::string x86_folder(const wchar_t* variable, const std::string& native) {
  if (!wow64_active()) return {};
  const std::string x86 = expand_environment(variable);
  return contract::equals_ci(x86, native) ? std::string() : x86;
}

}  // namespace

const Wow64State& detect_wow64() {
  Detected& d = g_detected;
  if (d.done) return d.state;
  d.done = true;
  const auto is_wow64 = kernel32_function<IsWow64ProcessFn>("IsWow64Process");
  if (is_wow64 == nullptr) {
    d.state.active = false;  // Server 2003 RTM and older 32-bit Windows: no 64-bit Windows lacks the function
    return d.state;
  }
  BOOL wow64 = FALSE;
  if (!is_wow64(GetCurrentProcess(), &wow64)) {
    d.state.error = "IsWow64Process: " + error_text(GetLastError());
    return d.state;
  }
  d.state.active = wow64 != FALSE;
  if (!wow64) return d.state;
  d.disable = kernel32_function<DisableRedirectionFn>("Wow64DisableWow64FsRedirection");
  d.revert = kernel32_function<RevertRedirectionFn>("Wow64RevertWow64FsRedirection");
  if (d.disable == nullptr || d.revert == nullptr) {
    d.state.error = "kernel32.dll lacks Wow64DisableWow64FsRedirection / Wow64RevertWow64FsRedirection";
    d.disable = nullptr;
    return d.state;
  }
  PVOID old = nullptr;
  if (!d.disable(&old)) {
    d.state.error = "Wow64DisableWow64FsRedirection: " + error_text(GetLastError());
    d.disable = nullptr;
    return d.state;
  }
  d.revert(old);
  d.state.redirection_available = true;
  return d.state;
}

NativeFileSystem::NativeFileSystem() {
  const Detected& d = g_detected;
  if (!wow64_active() || d.disable == nullptr) return;
  m_disabled = d.disable(&m_old) != FALSE;
}

NativeFileSystem::~NativeFileSystem() {
  if (m_disabled) g_detected.revert(m_old);
}

std::string native_program_files() {
  if (wow64_active()) return read_hklm_string(kCurrentVersionKey, L"ProgramFilesDir").value_or("");
  return expand_environment(L"%ProgramFiles%");
}

std::string native_common_program_files() {
  if (wow64_active()) return read_hklm_string(kCurrentVersionKey, L"CommonFilesDir").value_or("");
  return expand_environment(L"%CommonProgramFiles%");
}

std::string x86_program_files() { return x86_folder(L"%ProgramFiles%", native_program_files()); }

std::string x86_common_program_files() {
  return x86_folder(L"%CommonProgramFiles%", native_common_program_files());
}

}  // namespace migready::collector::win32

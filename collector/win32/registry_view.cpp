#include "win32/registry_view.hpp"

#include <algorithm>
#include <vector>

#include "win32/files.hpp"
#include "win32/unique.hpp"
#include "win32/wide.hpp"

namespace migready::collector::win32 {

std::optional<std::string> read_hklm_string(const wchar_t* key_path, const wchar_t* name) {
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

}  // namespace migready::collector::win32

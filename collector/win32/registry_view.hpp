// The access every registry key the collector opens is asked with: read-only, and the native view.
// KEY_WOW64_64KEY makes the i686 exe on 64-bit Windows read SOFTWARE itself, not Wow6432Node, as the saved
// hives hold it (on 32-bit Windows the flag is ignored). tests/cli/check-registry-view fails on any
// RegOpenKeyExW in collector/ that asks for something else.
#pragma once

#include <windows.h>

namespace migready::collector::win32 {

inline constexpr REGSAM kRegRead = KEY_READ | KEY_WOW64_64KEY;          // values and subkeys
inline constexpr REGSAM kRegQuery = KEY_QUERY_VALUE | KEY_WOW64_64KEY;  // values only

}  // namespace migready::collector::win32

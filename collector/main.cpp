// migready-collect.exe: a thin wmain over run_collection (collection.hpp). Usage: core/options.hpp.
#include <windows.h>

#include <optional>
#include <string>
#include <vector>

#include "collection.hpp"
#include "core/manifest.hpp"
#include "core/options.hpp"
#include "win32/console.hpp"
#include "win32/wide.hpp"

#ifndef MIGREADY_VERSION
#define MIGREADY_VERSION "0.0.0"
#endif

int wmain(int argc, wchar_t** argv) {
  using namespace migready::collector;
  std::vector<std::string> args;
  for (int i = 1; i < argc; ++i) args.push_back(win32::to_utf8(argv[i]));
  // The simple bind's password: from the environment only, never the command line (the manifest records it).
  std::optional<std::string> ldap_password;
  const std::wstring variable = win32::to_wide(kLdapPasswordVariable);
  if (const DWORD size = GetEnvironmentVariableW(variable.c_str(), nullptr, 0); size > 0 && size < 32768) {
    std::wstring value(size, L'\0');
    const DWORD got = GetEnvironmentVariableW(variable.c_str(), value.data(), size);
    if (got < size) ldap_password = win32::to_utf8(std::wstring_view(value.data(), got));
  }
  const ParsedOptions parsed = parse_options(args, ldap_password);
  if (!parsed.options) {
    win32::write_stderr("migready-collect: " + parsed.error + "\n\n" + usage_text());
    return kExitUsage;
  }
  if (parsed.options->help) {
    win32::write_stdout(usage_text());
    return kExitComplete;
  }
  if (parsed.options->version) {
    win32::write_stdout(std::string(kCollectorName) + " " + MIGREADY_VERSION + "\n");
    return kExitComplete;
  }
  return run_collection(*parsed.options);
}

// migready-collect.exe: a thin wmain over run_collection (collection.hpp). Usage: core/options.hpp.
#include <windows.h>

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
  const ParsedOptions parsed = parse_options(args);
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

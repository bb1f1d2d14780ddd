// Portable decisions of the collection steps, kept out of the Win32 layer so they are unit-tested:
// splitting a table command line, naming the program candidates, splitting a registry path, and turning a
// command's run into a manifest status (docs/bundle-format.md, `status`).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/manifest.hpp"

namespace migready::collector {

struct CommandParts {
  std::string program;  // first token, quotes removed: "ipconfig"
  std::string args;     // the rest, verbatim, leading blanks removed: "/all"
};
CommandParts split_command(std::string_view command_line);

// File names to try for a program in each folder: "ipconfig" -> {"ipconfig.exe", "ipconfig.com"}; a name
// that already has an extension is tried as is.
std::vector<std::string> program_file_names(std::string_view program);

struct RegistryPath {
  std::string root;    // "HKEY_LOCAL_MACHINE"
  std::string subkey;  // "SYSTEM" ("" for the root itself)
};
std::optional<RegistryPath> split_registry_path(std::string_view what);

// What happened to one command run.
struct CommandRun {
  bool exited = false;        // the process ended by itself (exit_code is meaningful)
  std::uint32_t exit_code = 0;
  bool timed_out = false;     // killed at its time limit
  bool truncated = false;     // output reached the cap; the process was killed
  bool cancelled = false;     // killed because the user pressed Ctrl-C
  std::uint64_t output_bytes = 0;
};

struct CommandVerdict {
  Status status = Status::failed;
  bool store_output = false;   // whether the output becomes a zip entry (path/size/sha256 set)
  std::optional<std::string> error;
};

// Rules: timeout -> timeout; truncated -> truncated; Ctrl-C -> failed ("interrupted"); a run to completion
// is ok whatever its exit code when it printed something, failed when it printed nothing and exited
// non-zero; ok with an empty entry when it printed nothing and exited 0. Output is stored when non-empty
// (or the status is ok).
CommandVerdict classify_command(const CommandRun& run);

// "1.2 s" style duration for progress lines.
std::string format_seconds(std::uint64_t milliseconds);

}  // namespace migready::collector

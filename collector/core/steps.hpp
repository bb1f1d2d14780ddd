// Portable decisions of the collection steps, kept out of the Win32 layer so they are unit-tested:
// splitting a table command line, naming the program candidates, the folders a program is looked for in,
// a row's service condition, splitting a registry path, and turning a command's run into a manifest status
// (docs/bundle-format.md, `status`).
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

// Where a table program is looked for, in this order, each folder once (compared ASCII-case-insensitively,
// quotes and trailing separators removed):
//   1. system_dir                      C:\WINDOWS\system32 (GetSystemDirectoryW)
//   2. system_dir\wbem                 wmic.exe; not on every PATH
//   3. program_files\Support Tools     netdiag, dcdiag, repadmin (Windows Support Tools); skipped when unset
//      program_files_x86\Support Tools (the 32-bit collector on 64-bit Windows: win32/wow64.hpp)
//   4. each PATH folder, in order      only absolute ones ("C:\x", "\\server\share"): a relative entry
//                                      ("." or "bin") would search the current folder, a hijack path
// The trusted install locations come before PATH, so a same-named program in a PATH folder never wins.
struct SearchPlaces {
  std::string system_dir;     // UTF-8
  std::string program_files;      // the native Program Files, "" when unknown
  std::string program_files_x86;  // under WOW64 the (x86) one, else ""
  std::string path;           // %PATH%, ';'-separated
};
std::vector<std::string> command_search_folders(const SearchPlaces& places);

// A row with `only_if_service` runs only when that service is installed (docs/collector.md). The Win32 layer
// probes with OpenSCManagerW(SC_MANAGER_CONNECT) + OpenServiceW(SERVICE_QUERY_STATUS); this decides.
enum class ServiceProbe {
  installed,      // OpenServiceW succeeded
  not_installed,  // ERROR_SERVICE_DOES_NOT_EXIST
  denied,         // ERROR_ACCESS_DENIED from either call
  failed,         // any other error (detail says which)
};
struct ServiceCondition {
  bool run = true;                    // false: record the artifact without running the command
  Status status = Status::ok;         // when !run: missing, denied or failed
  std::optional<std::string> error;   // when !run: "the DHCP Server service (DHCPServer) is not installed"
  std::vector<std::string> searched;  // when !run: {"service control manager: DHCPServer"}
};
// `detail` is the Win32 error's text, used for denied and failed.
ServiceCondition decide_service_condition(std::string_view service, ServiceProbe probe, std::string_view detail);
// "the DHCP Server service (DHCPServer)" for services whose display name is known, else "the service NAME".
std::string describe_service(std::string_view service);

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
  std::uint32_t write_error = 0;  // the Win32 error writing the output file (ERROR_DISK_FULL): the process was
                                  // killed and only what reached the file is kept
  std::uint64_t output_bytes = 0;  // bytes captured (after a write error: the bytes in the file)
};

struct CommandVerdict {
  Status status = Status::failed;
  bool store_output = false;   // whether the output becomes a zip entry (path/size/sha256 set)
  std::optional<std::string> error;
};

// Rules: timeout -> timeout; truncated -> truncated; Ctrl-C -> failed ("interrupted"); a failed write of the
// output (a full disk) -> truncated when some output reached the file, else failed, never ok; a run to completion
// is ok whatever its exit code when it printed something, failed when it printed nothing and exited
// non-zero; ok with an empty entry when it printed nothing and exited 0. Output is stored when non-empty
// (or the status is ok).
CommandVerdict classify_command(const CommandRun& run);

// The manifest `encoding` of a command's output from its first bytes (contract::sniff_text_form; pass up to
// contract::kTextFormHeadBytes): `utf-16le` for the byte order mark FF FE (Wine's wmic writes so into a pipe)
// or the UTF-16LE pattern of ASCII text without one, `utf-8` for EF BB BF, else `oem`. Narrow bytes cannot
// tell OEM from ANSI: console programs usually use the OEM code page (Raymond Chen, "Keep your eye on the
// code page", 2005), and no source was found that a tool of the artifact table writes ANSI (which Support
// Tools built on the C runtime might), so narrow output is recorded `oem` and the analyzer weighs the letters
// (facts/read.hpp, decode_artifact). Real 2003 wmic into a pipe writes narrow text with "\r\r\n" line ends:
// `oem`, the line ends left to the analyzer. The bytes are stored as they came either way.
Encoding command_output_encoding(std::string_view head);

// Two notes joined with "; ", either may be empty: no note is ever dropped because another one exists.
std::string join_notes(std::string_view first, std::string_view second);

// "1.2 s" style duration for progress lines.
std::string format_seconds(std::uint64_t milliseconds);

}  // namespace migready::collector

// Runs one table command with its output captured, bounded in time and size, and its whole process tree
// killable.
//
// How: the program is resolved to a full path (System32, System32\wbem, %ProgramFiles%\Support Tools, then
// each absolute PATH folder: core/steps.hpp, command_search_folders; every candidate is recorded for
// `source.searched`), started suspended in the private temporary folder (never the admin's current folder)
// with stdin from NUL and stdout+stderr into one anonymous pipe, put in a Job object with
// JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE, then resumed. The child inherits exactly those two handles: every other
// handle the collector opens (the bundle zip, temporary files) is created not inheritable, so a process that
// outlives the run (net.exe's net1.exe) cannot hold the bundle open. The pipe is polled with PeekNamedPipe
// (never a blocking read), so a silent or hung program cannot block the collector: at the time limit, at the
// output cap or on Ctrl-C the tree is killed, and what was captured is kept. When the program exits while a
// grandchild still holds the pipe, reading stops after a short grace period and the tree is killed; when
// the pipe ends first, the process is waited for a moment so its exit code is recorded.
//
// Without a job (before Windows 8 a process already in a job cannot be put in another: RunAs, Task
// Scheduler and a Remote Desktop "start a program" start the collector in one, and
// AssignProcessToJobObject fails with ERROR_ACCESS_DENIED), the outcome's note says so and the tree is
// killed by enumerating it: CreateToolhelp32Snapshot, each process's parent id and creation time
// (core/process_tree.hpp), children before parents, the program itself last.
#pragma once

#include <windows.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/steps.hpp"

namespace migready::collector::win32 {

struct ProcessRequest {
  std::string command_line;              // UTF-8, from the artifact table: "ipconfig /all"
  unsigned timeout_seconds = 120;
  std::uint64_t output_cap = 64ull << 20;  // bytes kept; reaching it ends the run as `truncated`
  std::wstring output_file;               // created by the runner; holds the raw output bytes
  std::wstring working_folder;            // the child's current folder (the private temporary folder)
  // False runs the tree without a job object, as when Windows refuses one (see above): the collector always
  // asks for a job; the runner's own test (tests/integration/runner-harness.cpp) sets false, because Wine
  // nests jobs as Windows 8 does and cannot refuse.
  bool use_job = true;
};

struct ProcessOutcome {
  bool found = false;                    // the program exists (else `missing`)
  std::vector<std::string> searched;     // every path looked at, in order
  std::string resolved;                  // the full path run
  bool started = false;
  DWORD start_error = 0;                 // CreateProcessW / setup error when !started
  std::string note;                      // a degradation worth recording (e.g. no job object)
  CommandRun run;
};

ProcessOutcome run_process(const ProcessRequest& request);

// Whether a service is installed, for rows with `only_if_service`: OpenSCManagerW(SC_MANAGER_CONNECT) and
// OpenServiceW(SERVICE_QUERY_STATUS), the least rights that can tell; nothing is queried or changed and both
// handles are closed. `error` is the Win32 error behind not_installed, denied and failed.
ServiceProbe probe_service(const std::string& name, DWORD& error);

}  // namespace migready::collector::win32

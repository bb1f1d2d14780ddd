// Runs one table command with its output captured, bounded in time and size, and its whole process tree
// killable.
//
// How: the program is resolved to a full path (System32, System32\wbem, %ProgramFiles%\Support Tools, then
// each absolute PATH folder: core/steps.hpp, command_search_folders; every candidate is recorded for
// `source.searched`), started suspended with stdin from NUL and stdout+stderr into one
// anonymous pipe, put in a Job object with JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE, then resumed. The pipe is
// polled with PeekNamedPipe (never a blocking read), so a silent or hung program cannot block the collector:
// at the time limit, at the output cap or on Ctrl-C the job is terminated (the whole tree), and what was
// captured is kept. When the program exits while a grandchild still holds the pipe, reading stops after a
// short grace period and the job is terminated.
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

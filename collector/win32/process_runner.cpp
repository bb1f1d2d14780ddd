#include "win32/process_runner.hpp"
#include "win32/unique.hpp"

#include <algorithm>

#include <tlhelp32.h>
#include <winsvc.h>

#include "core/process_tree.hpp"
#include "win32/console.hpp"
#include "win32/files.hpp"
#include "win32/wide.hpp"
#include "win32/wow64.hpp"

namespace migready::collector::win32 {
namespace {

constexpr DWORD kPollMs = 20;
// Asked of CreatePipe: a chatty tool (dcdiag /v, wmic) fills a small pipe between two polls and then waits.
constexpr DWORD kPipeBytes = 64 * 1024;
constexpr DWORD kGraceAfterExitMs = 2000;
// After the pipe ended: how long the process may take to exit before it counts as "did not finish". Closing
// its output is one of the last things a tool does, so it is normally signalled a moment later.
constexpr DWORD kExitAfterEofMs = 2000;
// Rounds of snapshot-and-kill when no job holds the tree: a process may start a child while its own children
// are killed.
constexpr int kKillRounds = 4;
constexpr std::size_t kReadChunk = 64 * 1024;

std::wstring environment_variable(const wchar_t* name) {
  const DWORD needed = GetEnvironmentVariableW(name, nullptr, 0);
  if (needed == 0) return {};
  std::wstring value(needed, L'\0');
  const DWORD n = GetEnvironmentVariableW(name, value.data(), needed);
  value.resize(n < needed ? n : 0);
  return value;
}

std::vector<std::wstring> search_folders() {
  SearchPlaces places;
  wchar_t system[MAX_PATH + 1];
  const UINT n = GetSystemDirectoryW(system, MAX_PATH + 1);
  if (n > 0 && n <= MAX_PATH) places.system_dir = to_utf8(std::wstring(system, n));
  places.program_files = native_program_files();
  places.program_files_x86 = x86_program_files();
  places.path = to_utf8(environment_variable(L"PATH"));
  std::vector<std::wstring> folders;
  for (const std::string& folder : command_search_folders(places)) folders.push_back(to_wide(folder));
  return folders;
}

bool is_file(const std::wstring& path) {
  const DWORD attributes = GetFileAttributesW(path.c_str());
  return attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_DIRECTORY) == 0;
}

std::wstring resolve(const std::string& program, std::vector<std::string>& searched) {
  const std::vector<std::string> names = program_file_names(program);
  if (program.find_first_of("\\/:") != std::string::npos) {
    for (const std::string& name : names) {
      const std::wstring candidate = to_wide(name);
      searched.push_back(name);
      if (is_file(candidate)) return candidate;
    }
    return {};
  }
  for (const std::wstring& folder : search_folders()) {
    for (const std::string& name : names) {
      const std::wstring candidate = folder + L"\\" + to_wide(name);
      searched.push_back(to_utf8(candidate));
      if (is_file(candidate)) return candidate;
    }
  }
  return {};
}

std::uint64_t creation_time(HANDLE process) {
  FILETIME created{}, exited{}, kernel{}, user{};
  if (!GetProcessTimes(process, &created, &exited, &kernel, &user)) return 0;
  return (static_cast<std::uint64_t>(created.dwHighDateTime) << 32) | created.dwLowDateTime;
}

// Every process in the system with its parent id and creation time (0 when it cannot be opened).
std::vector<ProcessRow> process_snapshot() {
  std::vector<ProcessRow> rows;
  const UniqueHandle snap(CreateToolhelp32Snapshot(TH32CS_SNAPPROCESS, 0));
  if (!snap) return rows;
  PROCESSENTRY32W entry{};
  entry.dwSize = sizeof entry;
  for (BOOL more = Process32FirstW(snap.get(), &entry); more; more = Process32NextW(snap.get(), &entry)) {
    ProcessRow row{entry.th32ProcessID, entry.th32ParentProcessID, 0};
    if (row.pid != 0) {
      const UniqueHandle h(OpenProcess(PROCESS_QUERY_INFORMATION, FALSE, row.pid));
      if (h) row.created = creation_time(h.get());
    }
    rows.push_back(row);
  }
  return rows;
}

// Kills the descendants of `root` (children first), found by enumeration; the caller kills the root. A
// process is opened again and its creation time compared before it is terminated, so an id reused since the
// snapshot is never hit. Returns how many were terminated.
int kill_descendants(HANDLE root, DWORD root_pid) {
  const std::uint64_t root_created = creation_time(root);
  int killed = 0;
  for (int round = 0; round < kKillRounds; ++round) {
    const std::vector<ProcessRow> tree =
        descendants_deepest_first(process_snapshot(), root_pid, root_created, GetCurrentProcessId());
    if (tree.empty()) break;
    for (const ProcessRow& row : tree) {
      const UniqueHandle h(OpenProcess(PROCESS_TERMINATE | PROCESS_QUERY_INFORMATION | SYNCHRONIZE, FALSE, row.pid));
      if (!h || creation_time(h.get()) != row.created) continue;
      if (TerminateProcess(h.get(), 1)) {
        ++killed;
        WaitForSingleObject(h.get(), 1000);
      }
    }
  }
  return killed;
}

}  // namespace

ProcessOutcome run_process(const ProcessRequest& request) {
  ProcessOutcome out;
  const CommandParts parts = split_command(request.command_line);
  std::wstring exe;
  {
    const NativeFileSystem native;  // under WOW64: the native system32's tools, not SysWOW64's (win32/wow64.hpp)
    exe = resolve(parts.program, out.searched);
  }
  if (exe.empty()) return out;
  out.found = true;
  out.resolved = to_utf8(exe);

  FileSink sink;
  if (const DWORD err = sink.create(request.output_file); err != 0) {
    out.start_error = err;
    return out;
  }

  SECURITY_ATTRIBUTES inherit{sizeof(SECURITY_ATTRIBUTES), nullptr, TRUE};
  UniqueHandle read_end, write_end;
  if (!CreatePipe(read_end.out(), write_end.out(), &inherit, kPipeBytes) ||
      !SetHandleInformation(read_end.get(), HANDLE_FLAG_INHERIT, 0)) {
    out.start_error = GetLastError();
    return out;
  }
  UniqueHandle null_in(CreateFileW(L"NUL", GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE, &inherit, OPEN_EXISTING,
                             0, nullptr));
  if (!null_in) {
    out.start_error = GetLastError();
    return out;
  }

  UniqueHandle job(request.use_job ? CreateJobObjectW(nullptr, nullptr) : nullptr);
  if (!request.use_job) {
    out.note = "not run in a job object (the runner's test)";
  } else if (job) {
    JOBOBJECT_EXTENDED_LIMIT_INFORMATION limits{};
    limits.BasicLimitInformation.LimitFlags =
        JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE | JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION;
    if (!SetInformationJobObject(job.get(), JobObjectExtendedLimitInformation, &limits, sizeof limits)) {
      out.note = "job limits not set: " + error_text(GetLastError());
    }
  } else {
    out.note = "no job object (" + error_text(GetLastError()) + ")";
  }

  STARTUPINFOW startup{};
  startup.cb = sizeof startup;
  startup.dwFlags = STARTF_USESTDHANDLES;
  startup.hStdInput = null_in.get();
  startup.hStdOutput = write_end.get();
  startup.hStdError = write_end.get();
  std::wstring command = L"\"" + exe + L"\"";
  if (!parts.args.empty()) command += L" " + to_wide(parts.args);
  PROCESS_INFORMATION info{};
  // Breaking away from a job the collector itself may run in lets our own job hold the child (before
  // Windows 8 a process belongs to one job only); when breakaway is not allowed, start it without.
  DWORD flags = CREATE_SUSPENDED | CREATE_NO_WINDOW | CREATE_BREAKAWAY_FROM_JOB;
  // The private temporary folder as the current folder: a tool that writes beside itself (a log, a dump)
  // writes there and the folder is removed after the collection; the admin's folder is never touched.
  const wchar_t* folder = request.working_folder.empty() ? nullptr : request.working_folder.c_str();
  BOOL created = FALSE;
  DWORD start_error = 0;
  {
    const NativeFileSystem native;  // the path `resolve` found names the native tool: start that one
    created = CreateProcessW(exe.c_str(), command.data(), nullptr, nullptr, TRUE, flags, nullptr, folder,
                             &startup, &info);
    if (!created && GetLastError() == ERROR_ACCESS_DENIED) {
      flags &= ~static_cast<DWORD>(CREATE_BREAKAWAY_FROM_JOB);
      created = CreateProcessW(exe.c_str(), command.data(), nullptr, nullptr, TRUE, flags, nullptr, folder,
                               &startup, &info);
    }
    if (!created) start_error = GetLastError();
  }
  if (!created) {
    out.start_error = start_error;
    return out;
  }
  out.started = true;
  UniqueHandle process(info.hProcess);
  UniqueHandle thread(info.hThread);
  bool in_job = false;
  if (job) {
    in_job = AssignProcessToJobObject(job.get(), process.get()) != FALSE;
    if (!in_job) {
      const DWORD err = GetLastError();
      std::string note = "not in a job object (AssignProcessToJobObject: " + error_text(err) + ")";
      if (err == ERROR_ACCESS_DENIED) {
        note += "; the collector itself runs in a job (RunAs, Task Scheduler or a Remote Desktop \"start a "
                "program\" start it in one, and before Windows 8 a process belongs to one job only)";
      }
      out.note = join_notes(out.note, note);
    }
  }
  if (!in_job) {
    out.note = join_notes(out.note, "the process tree is killed by enumerating it (Toolhelp32) instead");
  }
  ResumeThread(thread.get());
  thread.reset();
  write_end.reset();  // only the child holds the write end now: EOF when it (and its children) exit
  null_in.reset();

  const DWORD root_pid = info.dwProcessId;
  const auto kill_tree = [&]() {
    if (in_job) {
      TerminateJobObject(job.get(), 1);
    } else {
      kill_descendants(process.get(), root_pid);
      TerminateProcess(process.get(), 1);
    }
  };

  std::vector<char> buffer(kReadChunk);
  CommandRun& run = out.run;
  const DWORD started = GetTickCount();
  const DWORD limit_ms = request.timeout_seconds * 1000u;
  bool process_done = false;
  DWORD done_at = 0;
  bool progressed = false;  // the last drain read something: poll again at once, the tool is writing
  // Reads what is in the pipe now; false at EOF or a read error.
  const auto drain = [&]() -> bool {
    progressed = false;
    for (;;) {
      DWORD available = 0;
      if (!PeekNamedPipe(read_end.get(), nullptr, 0, nullptr, &available, nullptr)) return false;
      if (available == 0) return true;
      DWORD got = 0;
      const DWORD want = std::min<DWORD>(available, static_cast<DWORD>(buffer.size()));
      if (!ReadFile(read_end.get(), buffer.data(), want, &got, nullptr) || got == 0) return false;
      progressed = true;
      const std::uint64_t room = request.output_cap - run.output_bytes;
      const std::uint64_t keep = std::min<std::uint64_t>(got, room);
      if (!sink.write(buffer.data(), static_cast<std::size_t>(keep))) {
        run.write_error = sink.error() != 0 ? sink.error() : ERROR_WRITE_FAULT;  // a full disk: stop, kill
        return false;
      }
      run.output_bytes += keep;
      if (keep < got || run.output_bytes >= request.output_cap) {
        run.truncated = keep < got;
        if (run.truncated) return false;
      }
    }
  };

  for (;;) {
    const bool open = drain();
    if (run.truncated || run.write_error != 0 || !open) break;
    if (cancel_requested()) {
      run.cancelled = true;
      break;
    }
    if (!process_done && GetTickCount() - started >= limit_ms) {
      run.timed_out = true;
      break;
    }
    const DWORD wait_ms = progressed ? 0 : kPollMs;
    if (process_done) {
      if (GetTickCount() - done_at >= kGraceAfterExitMs) break;
      if (cancel_event() != nullptr) {
        WaitForSingleObject(cancel_event(), wait_ms);
      } else {
        Sleep(wait_ms);
      }
    } else {
      HANDLE waits[2] = {process.get(), cancel_event()};
      const DWORD count = waits[1] != nullptr ? 2u : 1u;
      if (WaitForMultipleObjects(count, waits, FALSE, wait_ms) == WAIT_OBJECT_0) {
        process_done = true;
        done_at = GetTickCount();
      }
    }
  }

  if (!process_done && !run.timed_out && !run.cancelled && !run.truncated) {
    // The pipe ended (the tool closed its output or exited): give the process a moment to be signalled, so
    // its exit code is recorded instead of "did not finish". Ctrl-C still ends the wait.
    HANDLE waits[2] = {process.get(), cancel_event()};
    const DWORD count = waits[1] != nullptr ? 2u : 1u;
    if (WaitForMultipleObjects(count, waits, FALSE, kExitAfterEofMs) != WAIT_OBJECT_0 && cancel_requested()) {
      run.cancelled = true;
    }
  }
  if (!process_done) process_done = WaitForSingleObject(process.get(), 0) == WAIT_OBJECT_0;
  if (process_done && !run.truncated && run.write_error == 0) {
    DWORD code = 0;
    if (GetExitCodeProcess(process.get(), &code)) {
      run.exited = true;
      run.exit_code = code;
    }
  }
  if (!run.exited || run.timed_out || run.cancelled || run.write_error != 0) {
    run.exited = false;  // a killed run has no exit code worth recording
  }
  kill_tree();  // ends the process (if still running) and anything it started
  WaitForSingleObject(process.get(), 5000);
  if (!run.truncated && run.write_error == 0) drain();  // what was written before the kill
  // A failed final flush (the last buffered bytes did not reach the disk) cuts the output as much as a failed
  // write during the run.
  if (!sink.close() && run.write_error == 0) run.write_error = sink.error() != 0 ? sink.error() : ERROR_WRITE_FAULT;
  if (run.write_error != 0) {
    out.note = join_notes(out.note, "output file: " + error_text(run.write_error));
    const std::int64_t kept = file_size(request.output_file);  // what reached the disk before the failure
    run.output_bytes = kept > 0 ? static_cast<std::uint64_t>(kept) : 0;
  }
  return out;
}

ServiceProbe probe_service(const std::string& name, DWORD& error) {
  error = 0;
  const auto classify = [&](DWORD code) {
    error = code;
    if (code == ERROR_SERVICE_DOES_NOT_EXIST) return ServiceProbe::not_installed;
    return code == ERROR_ACCESS_DENIED ? ServiceProbe::denied : ServiceProbe::failed;
  };
  const UniqueServiceHandle manager(OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CONNECT));
  if (!manager) return classify(GetLastError());
  const UniqueServiceHandle service(OpenServiceW(manager.get(), to_wide(name).c_str(), SERVICE_QUERY_STATUS));
  return service ? ServiceProbe::installed : classify(GetLastError());
}

}  // namespace migready::collector::win32

// runner-harness: the collector's process runner and zip writer, driven alone, for
// tests/integration/check-child-processes under Wine. It is built with the collector (collector/CMakeLists.txt)
// from the very sources the collector uses, and does what a collection does around one command row:
//
//   runner-harness.exe ZIP TEMP_FOLDER TIMEOUT_SECONDS job|nojob COMMAND_LINE
//
// opens ZIP.partial with ZipWriter, runs COMMAND_LINE with run_process (output into TEMP_FOLDER\out.txt,
// started in TEMP_FOLDER, the time limit; `nojob` runs the tree without a job object, as on a Windows that
// refuses one, which Wine cannot do: it nests jobs), stores the output and an outcome.txt in the zip,
// closes it and renames ZIP.partial to ZIP, as the collector does at its end. It prints (and stores) one
// `key=value` line per fact: found, started, exited, exit_code, timed_out, truncated, status, error, note,
// duration_ms; then prints rename=ok or rename=failed: <error>. Exit code 0 when it could run at all.
#include <windows.h>

#include <string>

#include "core/steps.hpp"
#include "win32/console.hpp"
#include "win32/process_runner.hpp"
#include "win32/wide.hpp"
#include "win32/zip_writer.hpp"

using namespace migready::collector;
using namespace migready::collector::win32;

int wmain(int argc, wchar_t** argv) {
  if (argc != 6) {
    write_stderr("usage: runner-harness ZIP TEMP_FOLDER TIMEOUT_SECONDS job|nojob COMMAND_LINE\n");
    return 2;
  }
  install_ctrl_handler();
  const std::wstring zip_path = argv[1];
  const std::wstring partial = zip_path + L".partial";
  ZipWriter zip;
  std::string error;
  if (!zip.open(partial, error)) {
    write_stderr("cannot create " + to_utf8(partial) + ": " + error + "\n");
    return 2;
  }
  ProcessRequest request;
  request.command_line = to_utf8(argv[5]);
  request.timeout_seconds = static_cast<unsigned>(std::stoul(argv[3]));
  request.output_file = std::wstring(argv[2]) + L"\\out.txt";
  request.working_folder = argv[2];
  request.use_job = std::wstring(argv[4]) == L"job";
  DeleteFileW(request.output_file.c_str());
  const DWORD started = GetTickCount();
  const ProcessOutcome outcome = run_process(request);
  const DWORD duration = GetTickCount() - started;
  const CommandVerdict verdict = classify_command(outcome.run);

  std::string lines;
  const auto line = [&](const std::string& key, const std::string& value) { lines += key + "=" + value + "\n"; };
  line("found", outcome.found ? "true" : "false");
  line("started", outcome.started ? "true" : "false");
  line("start_error", std::to_string(outcome.start_error));
  line("exited", outcome.run.exited ? "true" : "false");
  line("exit_code", outcome.run.exited ? std::to_string(outcome.run.exit_code) : "null");
  line("timed_out", outcome.run.timed_out ? "true" : "false");
  line("truncated", outcome.run.truncated ? "true" : "false");
  line("status", std::string(status_name(verdict.status)));
  line("error", verdict.error.value_or(""));
  line("note", outcome.note);
  line("duration_ms", std::to_string(duration));
  write_stdout(lines);

  StoredEntry stored;
  if (outcome.started && !zip.add_file("out.txt", request.output_file, stored, error)) {
    write_stdout("store=failed: " + error + "\n");
  }
  DeleteFileW(request.output_file.c_str());
  if (!zip.add_bytes("outcome.txt", lines, stored, error) || !zip.close(error)) {
    write_stdout("zip=failed: " + error + "\n");
    return 2;
  }
  if (MoveFileExW(partial.c_str(), zip_path.c_str(), MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)) {
    write_stdout("rename=ok\n");
  } else {
    write_stdout("rename=failed: " + error_text(GetLastError()) + "\n");
  }
  return 0;
}

// Ctrl-C / Ctrl-Break handling. The handler (run by the system on its own thread) only sets a flag and
// signals a manual-reset event; the collection loop polls the flag between steps and the process runner
// waits on the event, so a running command's job is killed at once. Close/logoff/shutdown also set it.
#pragma once

#include <windows.h>

#include <string>

namespace migready::collector::win32 {

// Installs the handler; call once at start-up. Returns false when the event could not be created.
bool install_ctrl_handler();
bool cancel_requested();
// The manual-reset event set on cancellation (never null after install_ctrl_handler() succeeded).
HANDLE cancel_event();
// "interrupted by Ctrl-C" etc.; empty while not cancelled.
std::string cancel_reason();

// Writes UTF-8 text to stderr (progress) or stdout; WriteConsoleW on a console so names show correctly.
void write_stderr(std::string_view utf8);
void write_stdout(std::string_view utf8);

}  // namespace migready::collector::win32

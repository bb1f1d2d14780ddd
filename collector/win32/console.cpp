#include "win32/console.hpp"

#include "win32/wide.hpp"

namespace migready::collector::win32 {
namespace {

volatile LONG g_cancel_signal = -1;  // -1 none, else the CTRL_* event
HANDLE g_cancel_event = nullptr;

BOOL WINAPI on_ctrl(DWORD type) {
  InterlockedExchange(&g_cancel_signal, static_cast<LONG>(type));
  if (g_cancel_event != nullptr) SetEvent(g_cancel_event);
  // Ctrl-C/Break: handled, the main thread closes the bundle. Close/logoff/shutdown: the system ends the
  // process after this returns, whatever we answer; the .partial file is then left behind.
  return (type == CTRL_C_EVENT || type == CTRL_BREAK_EVENT) ? TRUE : FALSE;
}

void write_handle(DWORD which, std::string_view utf8) {
  const HANDLE h = GetStdHandle(which);
  if (h == nullptr || h == INVALID_HANDLE_VALUE) return;
  DWORD mode = 0;
  if (GetConsoleMode(h, &mode)) {
    const std::wstring wide = to_wide(utf8);
    DWORD written = 0;
    WriteConsoleW(h, wide.data(), static_cast<DWORD>(wide.size()), &written, nullptr);
  } else {
    DWORD written = 0;
    WriteFile(h, utf8.data(), static_cast<DWORD>(utf8.size()), &written, nullptr);
  }
}

}  // namespace

bool install_ctrl_handler() {
  g_cancel_event = CreateEventW(nullptr, TRUE, FALSE, nullptr);
  if (g_cancel_event == nullptr) return false;
  return SetConsoleCtrlHandler(on_ctrl, TRUE) != FALSE;
}

bool cancel_requested() { return InterlockedCompareExchange(&g_cancel_signal, -1, -1) != -1; }

HANDLE cancel_event() { return g_cancel_event; }

std::string cancel_reason() {
  switch (InterlockedCompareExchange(&g_cancel_signal, -1, -1)) {
    case -1: return {};
    case CTRL_C_EVENT: return "interrupted by Ctrl-C";
    case CTRL_BREAK_EVENT: return "interrupted by Ctrl-Break";
    case CTRL_CLOSE_EVENT: return "interrupted: the console window was closed";
    case CTRL_LOGOFF_EVENT: return "interrupted: the user logged off";
    case CTRL_SHUTDOWN_EVENT: return "interrupted: the system is shutting down";
    default: return "interrupted";
  }
}

void write_stderr(std::string_view utf8) { write_handle(STD_ERROR_HANDLE, utf8); }
void write_stdout(std::string_view utf8) { write_handle(STD_OUTPUT_HANDLE, utf8); }

}  // namespace migready::collector::win32

/* Stand-ins for the Windows tools Wine lacks (netdiag, dcdiag, repadmin, w32tm), built with mingw-w64 and run
 * by the collector under Wine in tests/integration/run-collector-wine. One source, built once per tool name;
 * what it does depends on the name it was started as and its first argument:
 *
 *   netdiag /v            prints fixtures/netdiag.v.txt with CR CR LF line ends, exits 1 (a failed test;
 *                         proves a tool that printed and exited non-zero is `ok` with its exit code, and that
 *                         the form real wmic writes into a pipe is recorded `oem` and read without empty lines)
 *   dcdiag /v             prints fixtures/dcdiag.v.txt (two failed tests), exits 0 as 2003's dcdiag does
 *   repadmin /replsummary prints fixtures/repadmin.replsummary.txt, exits 0
 *   repadmin /showrepl    prints fixtures/repadmin.showrepl.txt, starts `repadmin /standin-child` (which
 *                         inherits the output pipe) and both hang forever: the collector must kill the tree
 *                         at the time limit (`timeout`, output kept). Both rewrite a heartbeat file beside the
 *                         exe (repadmin-parent.beat, repadmin-child.beat) every 100 ms, so the test can tell
 *                         when they died.
 *   w32tm /tz             prints fixtures/w32tm.tz.txt as UTF-16LE without a byte order mark, exits 0 (the
 *                         collector must record `utf-16le` from the bytes alone)
 *   w32tm /monitor        floods: writes monitor lines until the pipe breaks (`truncated` at the cap)
 *
 * Every run also writes <exe folder>\<tool>.cwd: the current folder it was started in (the collector must
 * start it in its private temporary folder, never in the admin's folder).
 *
 * As `kids` (tests/integration/check-child-processes, through the runner's harness):
 *   kids /grandchild N    prints its current folder and the files it holds open, starts `kids /survivor N`
 *                         (inheriting every inheritable handle, the output pipe included, as net.exe starts
 *                         net1.exe) and exits 0 at once; the survivor prints the same, then lives N seconds
 *                         rewriting kids-survivor.beat every 100 ms
 *   kids /close-early     prints a line, closes its output, sleeps 500 ms and exits 7 (the exit code must be
 *                         recorded although the pipe ended first)
 *   kids /hang-tree       starts `kids /hang-child` (sharing the pipe) and both hang, beating kids-parent.beat
 *                         and kids-child.beat: the tree must be killed at the time limit
 * "The files it holds open": every handle value from 4 to 16380 that GetFileType calls a disk file, named
 * with GetFinalPathNameByHandleW (Vista+, looked up at run time: the stand-ins only ever run under Wine),
 * one "holds: <path>" line each.
 *
 * Any tool first waits (at most 4 s) while a file <exe folder>\<tool>.hold exists, after creating
 * <tool>.held to say it is waiting: a test that must change something (fill a disk) while the collector runs
 * this tool and before it prints creates the first, waits for the second, and deletes the first when done
 * (tests/integration/check-disk-full).
 *
 * The fixtures are read at run time from <exe folder>\<tool>.<arg>.txt and written with LF -> CRLF, as a
 * Windows console tool writes text (netdiag and w32tm /tz in the other forms above); the test compares the
 * stored bytes with the same conversion.
 * Windows Server 2003 API only; no CRT stdio (raw WriteFile on the inherited handle). */
#include <windows.h>

#include <io.h>
#include <stdlib.h>
#include <string.h>

static HANDLE out_handle(void) { return GetStdHandle(STD_OUTPUT_HANDLE); }

static int write_all(const char *data, DWORD size) {
  while (size > 0) {
    DWORD wrote = 0;
    if (!WriteFile(out_handle(), data, size, &wrote, NULL) || wrote == 0) return 0;
    data += wrote;
    size -= wrote;
  }
  return 1;
}

static int write_text(const char *text) { return write_all(text, (DWORD)strlen(text)); }

/* The folder of this exe, with a trailing backslash. */
static void exe_folder(char *folder, DWORD size) {
  DWORD n = GetModuleFileNameA(NULL, folder, size);
  if (n == 0 || n >= size) n = 0;
  folder[n] = '\0';
  char *slash = strrchr(folder, '\\');
  if (slash != NULL) slash[1] = '\0';
}

/* The exe's base name without extension, lower case: "repadmin". */
static void tool_name(char *name, DWORD size) {
  char path[MAX_PATH];
  DWORD n = GetModuleFileNameA(NULL, path, MAX_PATH);
  if (n == 0 || n >= MAX_PATH) n = 0;
  path[n] = '\0';
  const char *base = strrchr(path, '\\');
  base = base != NULL ? base + 1 : path;
  DWORD i = 0;
  for (; base[i] != '\0' && base[i] != '.' && i + 1 < size; ++i) {
    char c = base[i];
    name[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
  }
  name[i] = '\0';
}

/* The forms a fixture is written in: each LF as CR LF (a console tool), as CR CR LF (wmic into a pipe: its CR LF
 * through a C-runtime text stream), or every byte as a UTF-16LE code unit with CR LF and no byte order mark. */
enum form { form_crlf, form_crcrlf, form_utf16le_no_bom };

/* Prints <exe folder>\<tool>.<arg>.txt in `how`; 0 when it cannot be read. */
static int print_fixture_as(const char *tool, const char *arg, enum form how) {
  char path[MAX_PATH * 2];
  exe_folder(path, MAX_PATH);
  if (strlen(path) + strlen(tool) + strlen(arg) + 8 >= sizeof path) return 0;
  strcat(path, tool);
  strcat(path, ".");
  strcat(path, arg);
  strcat(path, ".txt");
  HANDLE file = CreateFileA(path, GENERIC_READ, FILE_SHARE_READ, NULL, OPEN_EXISTING, 0, NULL);
  if (file == INVALID_HANDLE_VALUE) {
    write_text("stand-in: fixture not found: ");
    write_text(path);
    write_text("\r\n");
    return 0;
  }
  char buffer[4096];
  char converted[4 * sizeof buffer];  /* the most a byte becomes: LF as UTF-16 CR LF */
  DWORD got = 0;
  int ok = 1;
  while (ok && ReadFile(file, buffer, sizeof buffer, &got, NULL) && got > 0) {
    DWORD n = 0;
    for (DWORD i = 0; i < got; ++i) {
      if (how == form_utf16le_no_bom) {
        if (buffer[i] == '\n') {
          converted[n++] = '\r';
          converted[n++] = '\0';
        }
        converted[n++] = buffer[i];
        converted[n++] = '\0';
        continue;
      }
      if (buffer[i] == '\n') converted[n++] = '\r';
      if (buffer[i] == '\n' && how == form_crcrlf) converted[n++] = '\r';
      converted[n++] = buffer[i];
    }
    ok = write_all(converted, n);
  }
  CloseHandle(file);
  return ok;
}

static int print_fixture(const char *tool, const char *arg) { return print_fixture_as(tool, arg, form_crlf); }

/* Rewrites <exe folder>\<name> with the tick count: a heartbeat the test reads the time of. */
static void beat(const char *name) {
  char path[MAX_PATH * 2];
  exe_folder(path, MAX_PATH);
  strcat(path, name);
  HANDLE file = CreateFileA(path, GENERIC_WRITE, FILE_SHARE_READ, NULL, CREATE_ALWAYS, 0, NULL);
  if (file == INVALID_HANDLE_VALUE) return;
  char text[16];
  DWORD tick = GetTickCount();
  int n = 0;
  do {
    text[n++] = (char)('0' + tick % 10);
    tick /= 10;
  } while (tick != 0 && n < 15);
  DWORD wrote = 0;
  WriteFile(file, text, (DWORD)n, &wrote, NULL);
  CloseHandle(file);
}

static void hang(const char *beat_name) {
  for (;;) {
    beat(beat_name);
    Sleep(100);
  }
}

/* Starts this exe again as `<exe> <arg>`, inheriting every inheritable handle (the collector's pipe too). */
static void start_self(const char *arg) {
  char exe[MAX_PATH];
  DWORD n = GetModuleFileNameA(NULL, exe, MAX_PATH);
  if (n == 0 || n >= MAX_PATH) return;
  exe[n] = '\0';
  char command[MAX_PATH + 64] = "\"";
  strcat(command, exe);
  strcat(command, "\" ");
  strcat(command, arg);
  STARTUPINFOA startup;
  memset(&startup, 0, sizeof startup);
  startup.cb = sizeof startup;
  startup.dwFlags = STARTF_USESTDHANDLES;
  startup.hStdInput = GetStdHandle(STD_INPUT_HANDLE);
  startup.hStdOutput = GetStdHandle(STD_OUTPUT_HANDLE);
  startup.hStdError = GetStdHandle(STD_ERROR_HANDLE);
  PROCESS_INFORMATION info;
  if (CreateProcessA(exe, command, NULL, NULL, TRUE, 0, NULL, NULL, &startup, &info)) {
    CloseHandle(info.hThread);
    CloseHandle(info.hProcess);
  }
}


/* Writes <exe folder>\<tool>.cwd with the current folder. */
static void record_cwd(const char *tool) {
  char path[MAX_PATH * 2];
  exe_folder(path, MAX_PATH);
  strcat(path, tool);
  strcat(path, ".cwd");
  char cwd[MAX_PATH];
  DWORD n = GetCurrentDirectoryA(MAX_PATH, cwd);
  if (n == 0 || n >= MAX_PATH) return;
  HANDLE file = CreateFileA(path, GENERIC_WRITE, FILE_SHARE_READ, NULL, CREATE_ALWAYS, 0, NULL);
  if (file == INVALID_HANDLE_VALUE) return;
  DWORD wrote = 0;
  WriteFile(file, cwd, n, &wrote, NULL);
  CloseHandle(file);
}

typedef DWORD(WINAPI *final_path_fn)(HANDLE, LPSTR, DWORD, DWORD);

/* "cwd: <folder>" and one "holds: <path>" line per disk file this process has a handle to. */
static void print_cwd_and_files(const char *who) {
  char line[MAX_PATH * 2 + 32];
  char cwd[MAX_PATH];
  DWORD n = GetCurrentDirectoryA(MAX_PATH, cwd);
  cwd[n < MAX_PATH ? n : 0] = '\0';
  strcpy(line, who);
  strcat(line, " cwd: ");
  strcat(line, cwd);
  strcat(line, "\r\n");
  write_text(line);
  final_path_fn final_path =
      (final_path_fn)(void (*)(void))GetProcAddress(GetModuleHandleA("kernel32.dll"), "GetFinalPathNameByHandleA");
  if (final_path == NULL) {
    write_text("stand-in: no GetFinalPathNameByHandleA\r\n");
    return;
  }
  for (ULONG_PTR value = 4; value < 16384; value += 4) {
    HANDLE h = (HANDLE)value;
    if (GetFileType(h) != FILE_TYPE_DISK) continue;
    char name[MAX_PATH];
    DWORD len = final_path(h, name, MAX_PATH, 0);
    if (len == 0 || len >= MAX_PATH) continue;
    strcpy(line, who);
    strcat(line, " holds: ");
    strcat(line, name);
    strcat(line, "\r\n");
    write_text(line);
  }
}

static int kids(const char *arg, const char *value) {
  if (_stricmp(arg, "grandchild") == 0) {
    char child[64] = "/survivor ";
    strncat(child, value, 16);
    print_cwd_and_files("parent");
    start_self(child);
    return 0;
  }
  if (_stricmp(arg, "survivor") == 0) {
    print_cwd_and_files("survivor");
    DWORD until = GetTickCount() + (DWORD)atoi(value) * 1000u;
    while ((int)(until - GetTickCount()) > 0) {
      beat("kids-survivor.beat");
      Sleep(100);
    }
    return 0;
  }
  if (_stricmp(arg, "close-early") == 0) {
    write_text("closing my output now\r\n");
    /* Every handle on the pipe: the C runtime's descriptors 1 and 2 (Wine's msvcrt holds duplicates of the
     * standard handles there; Windows' uses the handles themselves, so closing them twice fails harmlessly),
     * then the standard handles. */
    HANDLE out = GetStdHandle(STD_OUTPUT_HANDLE);
    HANDLE err = GetStdHandle(STD_ERROR_HANDLE);
    _close(1);
    _close(2);
    CloseHandle(out);
    if (err != out) CloseHandle(err);
    Sleep(500);
    return 7;
  }
  if (_stricmp(arg, "hang-tree") == 0) {
    write_text("hanging with a child\r\n");
    start_self("/hang-child");
    hang("kids-parent.beat");
  }
  if (_stricmp(arg, "hang-child") == 0) hang("kids-child.beat");
  write_text("stand-in: unexpected kids arguments\r\n");
  return 87;
}

static int flood(void) {
  static const char block[] =
      "SBS01.contoso.local *** PDC *** [192.168.16.2]:\r\n"
      "    ICMP: 0ms delay.\r\n"
      "    NTP: +0.0000000s offset from SBS01.contoso.local\r\n"
      "        RefID: 'LOCL' [76.79.67.76]\r\n";
  for (;;) {
    if (!write_all(block, sizeof block - 1)) return 0;
  }
}

/* Waits while <exe folder>\<tool>.hold exists, 4 s at most, having created <tool>.held. */
static void wait_for_release(const char *tool) {
  char path[MAX_PATH * 2];
  exe_folder(path, MAX_PATH);
  if (strlen(path) + strlen(tool) + 8 >= sizeof path) return;
  strcat(path, tool);
  strcat(path, ".hold");
  if (GetFileAttributesA(path) == INVALID_FILE_ATTRIBUTES) return;
  char held[MAX_PATH * 2];
  strcpy(held, path);
  memcpy(held + strlen(held) - 4, "held", 4); /* <tool>.hold -> <tool>.held */
  HANDLE marker = CreateFileA(held, GENERIC_WRITE, 0, NULL, CREATE_ALWAYS, 0, NULL);
  if (marker != INVALID_HANDLE_VALUE) CloseHandle(marker);
  for (int waited = 0; waited < 4000 && GetFileAttributesA(path) != INVALID_FILE_ATTRIBUTES; waited += 50) Sleep(50);
}

int main(int argc, char **argv) {
  char tool[64];
  tool_name(tool, sizeof tool);
  wait_for_release(tool);
  const char *arg = argc > 1 ? argv[1] : "";
  if (arg[0] == '/' || arg[0] == '-') ++arg;
  record_cwd(tool);
  if (strcmp(tool, "kids") == 0) return kids(arg, argc > 2 ? argv[2] : "0");
  if (strcmp(tool, "netdiag") == 0 && _stricmp(arg, "v") == 0) return print_fixture_as(tool, "v", form_crcrlf) ? 1 : 99;
  if (strcmp(tool, "dcdiag") == 0 && _stricmp(arg, "v") == 0) return print_fixture(tool, "v") ? 0 : 99;
  if (strcmp(tool, "repadmin") == 0 && _stricmp(arg, "replsummary") == 0) {
    return print_fixture(tool, "replsummary") ? 0 : 99;
  }
  if (strcmp(tool, "repadmin") == 0 && _stricmp(arg, "showrepl") == 0) {
    print_fixture(tool, "showrepl");
    start_self("/standin-child");
    hang("repadmin-parent.beat");
  }
  if (strcmp(tool, "repadmin") == 0 && strcmp(arg, "standin-child") == 0) hang("repadmin-child.beat");
  if (strcmp(tool, "w32tm") == 0 && _stricmp(arg, "tz") == 0) {
    return print_fixture_as(tool, "tz", form_utf16le_no_bom) ? 0 : 99;
  }
  if (strcmp(tool, "w32tm") == 0 && _stricmp(arg, "monitor") == 0) return flood();
  write_text("stand-in: unexpected tool or arguments\r\n");
  return 87;
}

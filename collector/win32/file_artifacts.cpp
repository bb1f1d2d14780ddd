#include "win32/file_artifacts.hpp"

#include <algorithm>
#include <cwchar>

#include <shlobj.h>

#include "contract/text_form.hpp"
#include "core/file_search.hpp"
#include "core/time_format.hpp"
#include "win32/console.hpp"
#include "win32/files.hpp"
#include "win32/registry_view.hpp"
#include "win32/system_info.hpp"
#include "win32/wide.hpp"
#include "win32/wow64.hpp"

namespace migready::collector::win32 {
namespace {

constexpr std::size_t kChunk = 256 * 1024;
constexpr std::string_view kProfileList = "SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\ProfileList";
constexpr std::string_view kEventlogKey = "SYSTEM\\CurrentControlSet\\Services\\Eventlog";

Status status_for(DWORD error) {
  if (error == ERROR_ACCESS_DENIED || error == ERROR_PRIVILEGE_NOT_HELD) return Status::denied;
  if (error == ERROR_FILE_NOT_FOUND || error == ERROR_PATH_NOT_FOUND) return Status::missing;
  return Status::failed;
}

void add_error(ArtifactRecord& rec, const std::string& text) {
  if (text.empty()) return;
  rec.error = rec.error ? *rec.error + "; " + text : text;
}

class Handle {
 public:
  explicit Handle(HANDLE h) : m_h(h) {}
  ~Handle() {
    if (m_h != INVALID_HANDLE_VALUE && m_h != nullptr) CloseHandle(m_h);
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  HANDLE get() const { return m_h; }
  bool valid() const { return m_h != INVALID_HANDLE_VALUE && m_h != nullptr; }

 private:
  HANDLE m_h;
};

class Key {
 public:
  Key() = default;
  ~Key() {
    if (m_key != nullptr) RegCloseKey(m_key);
  }
  Key(const Key&) = delete;
  Key& operator=(const Key&) = delete;
  LONG open(HKEY parent, const std::wstring& sub) { return RegOpenKeyExW(parent, sub.c_str(), 0, kRegRead, &m_key); }
  HKEY get() const { return m_key; }

 private:
  HKEY m_key = nullptr;
};

Listing list_folder(const std::string& folder) {
  Listing out;
  WIN32_FIND_DATAW data;
  const HANDLE find = FindFirstFileW(to_wide(folder + "\\*").c_str(), &data);
  if (find == INVALID_HANDLE_VALUE) {
    out.error = GetLastError();
    if (out.error == ERROR_NO_MORE_FILES) out.error = 0;  // an empty root
    return out;
  }
  do {
    const std::wstring_view name(data.cFileName);
    if (name == L"." || name == L"..") continue;
    DirEntry e;
    e.name = to_utf8(name);
    e.directory = (data.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) != 0;
    e.reparse = (data.dwFileAttributes & FILE_ATTRIBUTE_REPARSE_POINT) != 0;
    e.size = (static_cast<std::uint64_t>(data.nFileSizeHigh) << 32) | data.nFileSizeLow;
    e.written = (static_cast<std::uint64_t>(data.ftLastWriteTime.dwHighDateTime) << 32) | data.ftLastWriteTime.dwLowDateTime;
    out.entries.push_back(std::move(e));
  } while (FindNextFileW(find, &data));
  const DWORD end = GetLastError();
  FindClose(find);
  if (end != ERROR_NO_MORE_FILES) out.error = end;
  return out;
}

// A shell folder's path (SHGetFolderPathW, the current path, not created); "" when the shell has none.
std::string shell_folder(int csidl) {
  wchar_t path[MAX_PATH] = {};
  if (SHGetFolderPathW(nullptr, csidl | CSIDL_FLAG_DONT_VERIFY, nullptr, SHGFP_TYPE_CURRENT, path) != S_OK) return {};
  return to_utf8(path);
}

// ProfileList\<SID>\ProfileImagePath of every profile, expanded (%SystemDrive%, %SystemRoot%).
std::vector<std::string> read_profiles(std::string& note) {
  std::vector<std::string> profiles;
  Key list;
  const LONG opened = list.open(HKEY_LOCAL_MACHINE, to_wide(kProfileList));
  if (opened != ERROR_SUCCESS) {
    note = "cannot open HKEY_LOCAL_MACHINE\\" + std::string(kProfileList) + ": " + error_text(static_cast<DWORD>(opened));
    return profiles;
  }
  for (DWORD i = 0; i < 10000; ++i) {
    wchar_t sid[256];
    DWORD length = 256;
    const LONG r = RegEnumKeyExW(list.get(), i, sid, &length, nullptr, nullptr, nullptr, nullptr);
    if (r == ERROR_NO_MORE_ITEMS) break;
    if (r != ERROR_SUCCESS) continue;
    Key profile;
    if (profile.open(list.get(), std::wstring(sid, length)) != ERROR_SUCCESS) continue;
    std::vector<wchar_t> value(1024);
    DWORD type = 0;
    DWORD bytes = static_cast<DWORD>(value.size() * sizeof(wchar_t));
    LONG q = RegQueryValueExW(profile.get(), L"ProfileImagePath", nullptr, &type, reinterpret_cast<BYTE*>(value.data()), &bytes);
    if (q == ERROR_MORE_DATA && bytes < (1u << 20)) {
      value.assign(bytes / sizeof(wchar_t) + 1, L'\0');
      bytes = static_cast<DWORD>(value.size() * sizeof(wchar_t));
      q = RegQueryValueExW(profile.get(), L"ProfileImagePath", nullptr, &type, reinterpret_cast<BYTE*>(value.data()), &bytes);
    }
    if (q != ERROR_SUCCESS || (type != REG_SZ && type != REG_EXPAND_SZ)) continue;
    std::wstring path(value.data(), std::min<std::size_t>(bytes / sizeof(wchar_t), value.size()));
    path.resize(std::wcslen(path.c_str()));  // stop at the first NUL
    if (path.empty()) continue;
    const std::string expanded = expand_environment(path);
    if (!expanded.empty()) profiles.push_back(expanded);
  }
  return profiles;
}

struct Copy {
  DWORD error = 0;
  std::string step;  // the call that failed
  std::uint64_t size = 0;
  ReadPlan plan;
  std::uint64_t copied = 0;
  std::string head;  // the file's first bytes (up to contract::kTextFormHeadBytes)
};

// Copies the part of `source` the plan chooses into the new file `target`. The source is opened for reading
// only, sharing everything, with backup semantics (SeBackupPrivilege reads past the ACL of another
// profile); the position is given per read (OVERLAPPED offsets), so nothing about the file is changed.
Copy copy_range(const std::wstring& source, const std::wstring& target, std::uint64_t cap, Keep keep) {
  Copy c;
  const Handle in(CreateFileW(source.c_str(), GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE,
                              nullptr, OPEN_EXISTING, FILE_FLAG_SEQUENTIAL_SCAN | FILE_FLAG_BACKUP_SEMANTICS, nullptr));
  if (!in.valid()) {
    c.error = GetLastError();
    c.step = "CreateFileW";
    return c;
  }
  BY_HANDLE_FILE_INFORMATION info;
  if (!GetFileInformationByHandle(in.get(), &info)) {
    c.error = GetLastError();
    c.step = "GetFileInformationByHandle";
    return c;
  }
  if ((info.dwFileAttributes & FILE_ATTRIBUTE_DIRECTORY) != 0) {
    c.error = ERROR_DIRECTORY;
    c.step = "a folder, not a file:";
    return c;
  }
  c.size = (static_cast<std::uint64_t>(info.nFileSizeHigh) << 32) | info.nFileSizeLow;

  std::vector<char> buffer(kChunk);
  auto read_at = [&](std::uint64_t offset, DWORD want, DWORD& got) {
    OVERLAPPED at{};
    at.Offset = static_cast<DWORD>(offset & 0xFFFFFFFFu);
    at.OffsetHigh = static_cast<DWORD>(offset >> 32);
    got = 0;
    if (ReadFile(in.get(), buffer.data(), want, &got, &at)) return true;
    const DWORD e = GetLastError();
    if (e == ERROR_HANDLE_EOF) return true;
    c.error = e;
    c.step = "ReadFile";
    return false;
  };
  DWORD got = 0;
  if (!read_at(0, static_cast<DWORD>(contract::kTextFormHeadBytes), got)) return c;
  c.head.assign(buffer.data(), got);
  const bool utf16 = contract::encoding_of(contract::sniff_text_form(c.head), Encoding::none) == Encoding::utf16le;
  c.plan = plan_read(c.size, cap, keep, utf16 ? 2 : 1);

  FileSink sink;
  if (const DWORD e = sink.create(target); e != 0) {
    c.error = e;
    c.step = "creating the temporary copy";
    return c;
  }
  while (c.copied < c.plan.length) {
    const DWORD want = static_cast<DWORD>(std::min<std::uint64_t>(kChunk, c.plan.length - c.copied));
    if (!read_at(c.plan.offset + c.copied, want, got)) break;
    if (got == 0) break;  // the file shrank while it was read
    if (!sink.write(buffer.data(), got)) {
      c.error = sink.error();
      c.step = "writing the temporary copy";
      break;
    }
    c.copied += got;
  }
  if (!sink.close() && c.error == 0) {
    c.error = sink.error() != 0 ? sink.error() : ERROR_WRITE_FAULT;
    c.step = "writing the temporary copy";
  }
  return c;
}

std::string mib_text(std::uint64_t bytes) {
  if (bytes % (1024 * 1024) == 0) return std::to_string(bytes / (1024 * 1024)) + " MiB";
  return std::to_string(bytes) + " bytes";
}

// Copies one file into `rec` (status, encoding, error, stored bytes).
void collect_one(const std::string& path, const std::string& entry, const FileRowRules& rules, ArtifactRecord& rec,
                 const FileRowContext& ctx, std::size_t n) {
  const std::wstring temp = ctx.temp.file(std::to_wstring(ctx.index) + L"-" + std::to_wstring(n) + L".dat");
  const Copy c = copy_range(to_wide(path), temp, rules.cap_bytes, rules.keep);
  if (c.error != 0 && c.copied == 0) {
    DeleteFileW(temp.c_str());
    rec.status = status_for(c.error);
    rec.exit_code = c.error;
    if (rec.status == Status::missing) rec.searched = {path};
    add_error(rec, c.step + " " + path + ": " + error_text(c.error));
    add_error(rec, temp_disk_full_note(c.error, ctx.temp.path()));
    return;
  }
  rec.encoding = file_encoding(path, c.head);
  rec.status = c.plan.capped ? Status::truncated : Status::ok;
  if (c.plan.capped) {
    add_error(rec, std::string("the file has ") + std::to_string(c.size) + " bytes; " +
                       (rules.keep == Keep::tail ? "the last " : "the first ") + std::to_string(c.plan.length) +
                       " were kept (cap " + mib_text(rules.cap_bytes) + ")" +
                       (rules.keep == Keep::tail && c.plan.offset > 0 && has_utf16le_bom(c.head)
                            ? ", from a UTF-16 code unit boundary, without the byte order mark"
                            : ""));
  }
  if (c.error != 0) {
    rec.status = Status::failed;
    rec.exit_code = c.error;
    add_error(rec, c.step + " failed after " + std::to_string(c.copied) + " bytes: " + error_text(c.error));
    add_error(rec, temp_disk_full_note(c.error, ctx.temp.path()));
  } else if (c.copied < c.plan.length) {
    add_error(rec, "the file shrank while it was read: " + std::to_string(c.copied) + " of " +
                       std::to_string(c.plan.length) + " bytes");
  }
  ctx.store(rec, entry, temp);
}

SearchRoots read_roots(bool with_profiles, std::vector<std::string>& searched, std::vector<std::string>& notes) {
  SearchRoots roots;
  roots.windir = expand_environment(L"%windir%");
  if (roots.windir.empty()) roots.windir = expand_environment(L"%SystemRoot%");
  roots.program_files = native_program_files();
  roots.program_files_x86 = x86_program_files();
  roots.all_users = expand_environment(L"%ALLUSERSPROFILE%");
  // The shell's folders name these in the server's language; a failure leaves the English fallbacks.
  roots.all_users_app_data = shell_folder(CSIDL_COMMON_APPDATA);
  roots.local_app_data = relative_to(shell_folder(CSIDL_LOCAL_APPDATA), shell_folder(CSIDL_PROFILE));
  if (with_profiles) {
    std::string note;
    roots.profiles = read_profiles(note);
    searched.push_back("HKEY_LOCAL_MACHINE\\" + std::string(kProfileList) + " (" + std::to_string(roots.profiles.size()) +
                       " profiles)");
    if (!note.empty()) notes.push_back(note);
  }
  return roots;
}

std::string now_utc() { return format_utc(now().utc); }

}  // namespace

std::vector<ArtifactRecord> collect_file_row(const contract::ArtifactSpec& spec, const ArtifactRecord& base,
                                             const FileRowContext& ctx) {
  ArtifactRecord row = base;
  row.kind = Kind::file;
  row.source_type = SourceType::file;
  row.format = Format::text;
  const FileRowRules* rules = file_row_rules(spec.id);
  if (rules == nullptr) {
    row.status = Status::failed;
    row.error = "this collector version has no rules for this file artifact";
    return {row};
  }

  std::vector<std::string> searched;
  std::vector<std::string> notes;
  const SearchRoots roots = read_roots(spec.id == "file.ntbackup_logs", searched, notes);

  if (rules->max_files == 1) {
    const std::string path = single_file_path(spec.id, roots);
    if (path.empty()) {
      row.status = Status::failed;
      row.error = "the folder to look in is unknown (%windir% is not set)";
      return {row};
    }
    row.source_what = path;
    collect_one(path, std::string(spec.path), *rules, row, ctx, 1);
    if (row.status == Status::missing) row.error = "not found: " + path;
    return {row};
  }

  SearchResult result = search_file_row(spec.id, roots, [](const std::string& folder) { return list_folder(folder); });
  searched.insert(searched.end(), result.searched.begin(), result.searched.end());
  if (searched.size() > kMaxSearched) searched.resize(kMaxSearched);
  notes.insert(notes.end(), result.notes.begin(), result.notes.end());
  std::string note_text;
  for (const std::string& n : notes) note_text += (note_text.empty() ? "" : "; ") + n;

  if (result.files.empty()) {
    row.status = Status::missing;
    row.searched = searched;
    row.error = "no file found";
    if (!note_text.empty()) *row.error += "; " + note_text;
    return {row};
  }

  std::string kept_note;
  if (result.found > result.files.size()) {
    kept_note = "the search found " + std::to_string(result.found) + " files; the " +
                std::to_string(result.files.size()) + " most recently written were collected (the row's limit)";
  }
  ArtifactNamer namer(spec.id, spec.path);
  std::vector<ArtifactRecord> records;
  std::size_t n = 0;
  for (const FoundFile& f : result.files) {
    if (cancel_requested()) break;  // the run stops after this row; the manifest says it is incomplete
    const DWORD tick = GetTickCount();
    ArtifactRecord rec = row;
    const ArtifactNamer::Name name = namer.name(f.labels);
    rec.id = name.id;
    rec.source_what = f.path;
    rec.started_utc = now_utc();
    add_error(rec, kept_note);
    add_error(rec, note_text);
    collect_one(f.path, name.path, *rules, rec, ctx, ++n);
    rec.duration_ms = GetTickCount() - tick;
    records.push_back(std::move(rec));
  }
  if (records.empty()) {  // interrupted before the first file
    row.status = Status::failed;
    row.error = "interrupted before any file was collected";
    records.push_back(std::move(row));
  }
  return records;
}

void collect_event_log(const contract::ArtifactSpec& spec, ArtifactRecord& rec, const FileRowContext& ctx) {
  rec.kind = Kind::event_log;
  rec.source_type = SourceType::api;
  rec.format = Format::evt;
  const std::wstring name = to_wide(spec.what);
  rec.source_what = "OpenEventLogW(NULL, \"" + std::string(spec.what) + "\") + BackupEventLogW";

  // OpenEventLogW silently opens Application for a log that does not exist, so ask the registry first.
  const std::string key = std::string(kEventlogKey) + "\\" + std::string(spec.what);
  Key registered;
  const LONG opened = registered.open(HKEY_LOCAL_MACHINE, to_wide(key));
  if (opened == ERROR_FILE_NOT_FOUND) {
    rec.status = Status::missing;
    rec.searched = {"HKEY_LOCAL_MACHINE\\" + key};
    rec.error = "the " + std::string(spec.what) + " event log does not exist on this server";
    return;
  }
  if (opened != ERROR_SUCCESS) {
    rec.status = status_for(static_cast<DWORD>(opened)) == Status::denied ? Status::denied : Status::failed;
    rec.exit_code = opened;
    rec.error = "RegOpenKeyExW HKEY_LOCAL_MACHINE\\" + key + ": " + error_text(static_cast<DWORD>(opened));
    return;
  }

  const HANDLE log = OpenEventLogW(nullptr, name.c_str());
  if (log == nullptr) {
    const DWORD e = GetLastError();
    rec.status = e == ERROR_ACCESS_DENIED ? Status::denied : Status::failed;
    rec.exit_code = e;
    rec.error = "OpenEventLogW: " + error_text(e);
    return;
  }
  const std::wstring evt = ctx.temp.file(std::to_wstring(ctx.index) + L".evt");
  const BOOL saved = BackupEventLogW(log, evt.c_str());
  const DWORD backup_error = saved ? 0 : GetLastError();
  CloseEventLog(log);
  if (!saved) {
    DeleteFileW(evt.c_str());
    rec.status = (backup_error == ERROR_ACCESS_DENIED || backup_error == ERROR_PRIVILEGE_NOT_HELD) ? Status::denied
                                                                                                    : Status::failed;
    rec.exit_code = backup_error;
    rec.error = "BackupEventLogW: " + error_text(backup_error);
    add_error(rec, temp_disk_full_note(backup_error, ctx.temp.path()));
    if (ctx.backup_privilege_error != 0) {
      *rec.error += " (SeBackupPrivilege could not be enabled: " + error_text(ctx.backup_privilege_error) + ")";
    }
    return;
  }
  const std::int64_t size = file_size(evt);
  if (size < 0) {
    rec.status = Status::failed;
    rec.error = "BackupEventLogW reported success but wrote no file";
    return;
  }
  const std::string head = file_head(evt, 8);
  if (!looks_like_evt(head)) {
    DeleteFileW(evt.c_str());
    rec.status = Status::failed;
    rec.error = "BackupEventLogW reported success but the file (" + std::to_string(size) +
                " bytes) does not begin with an event log header (0x30, \"LfLe\")";
    return;
  }
  rec.status = Status::ok;
  if (static_cast<std::uint64_t>(size) > kEventLogCap) {
    const std::wstring head_copy = ctx.temp.file(std::to_wstring(ctx.index) + L"-head.evt");
    const Copy c = copy_range(evt, head_copy, kEventLogCap, Keep::head);
    DeleteFileW(evt.c_str());
    if (c.error != 0) {
      DeleteFileW(head_copy.c_str());
      rec.status = Status::failed;
      rec.exit_code = c.error;
      rec.error = c.step + " (capping the saved log): " + error_text(c.error);
      add_error(rec, temp_disk_full_note(c.error, ctx.temp.path()));
      return;
    }
    rec.status = Status::truncated;
    rec.error = "the saved log has " + std::to_string(size) + " bytes; the first " + std::to_string(c.copied) +
                " were kept (cap " + mib_text(kEventLogCap) + ")";
    ctx.store(rec, spec.path, head_copy);
    return;
  }
  ctx.store(rec, spec.path, evt);
}

}  // namespace migready::collector::win32

#include "collection.hpp"

#include <windows.h>

#include <algorithm>
#include <string>
#include <vector>

#include "contract/age_recipient.hpp"
#include "contract/artifacts.hpp"
#include "contract/text_form.hpp"
#include "core/disk_space.hpp"
#include "core/file_search.hpp"
#include "core/manifest.hpp"
#include "core/naming.hpp"
#include "core/steps.hpp"
#include "core/summary.hpp"
#include "core/time_format.hpp"
#include "win32/api_artifacts.hpp"
#include "win32/console.hpp"
#include "win32/file_artifacts.hpp"
#include "win32/files.hpp"
#include "win32/process_runner.hpp"
#include "win32/registry_saver.hpp"
#include "win32/registry_view.hpp"
#include "win32/system_info.hpp"
#include "win32/unique.hpp"
#include "win32/wide.hpp"
#include "win32/wow64.hpp"
#include "win32/zip_writer.hpp"

#ifndef MIGREADY_VERSION
#define MIGREADY_VERSION "0.0.0"
#endif

namespace migready::collector {
namespace {

using contract::ArtifactSpec;
using win32::to_utf8;
using win32::to_wide;

struct Context {
  const Options& options;
  win32::ZipWriter& zip;
  win32::TempDir& temp;
  std::wstring out_folder;  // the bundle's folder: its volume is checked before every entry
  DWORD backup_privilege_error = 0;
  std::string zip_error;    // set when the zip broke: nothing more can be stored
  std::string space_error;  // set when an entry would have crossed the output volume's margin: the run stops
};

// Whether `bytes` more can go into the zip and leave the output volume its margin (core/disk_space.hpp); when
// not, `why` says so and the run stops. A volume that cannot be read is not a reason to stop.
bool room_for(Context& ctx, std::uint64_t bytes, std::string& why) {
  VolumeSpace volume;
  if (win32::volume_space(ctx.out_folder, volume) != 0 || fits(volume, stored_bound(bytes))) return true;
  why = "not stored: " + format_bytes(bytes) + " more in the bundle would leave " + volume.root + " with less than " +
        format_bytes(safety_margin(volume.total_bytes)) + " free (it has " + format_bytes(volume.free_bytes) +
        "); " + disk_full_hint(volume.root);
  ctx.space_error = "the bundle's volume " + volume.root + " has " + format_bytes(volume.free_bytes) +
                    " free, near its margin of " + format_bytes(safety_margin(volume.total_bytes)) +
                    ": the collection stopped so that it does not fill the disk";
  return false;
}

// "ERROR_DISK_FULL: the temporary files' volume T:\ is full; <hint>" for a full disk, else "".
std::string disk_full_note(const Context& ctx, DWORD error) {
  return win32::temp_disk_full_note(error, ctx.temp.path());
}

// Stores `file` at `entry` and fills path/size/sha256; on failure records why (the artifact keeps its
// status but has no bytes).
bool store(Context& ctx, ArtifactRecord& rec, std::string_view entry, const std::wstring& file) {
  win32::StoredEntry stored;
  std::string error;
  const std::int64_t size = win32::file_size(file);
  if (size >= 0 && !room_for(ctx, static_cast<std::uint64_t>(size), error)) {
    DeleteFileW(file.c_str());
    rec.status = Status::failed;
    rec.error = join_notes(rec.error.value_or(""), error);
    return false;
  }
  const bool ok = ctx.zip.add_file(entry, file, stored, error);
  DeleteFileW(file.c_str());
  if (!ok) {
    rec.status = Status::failed;
    rec.error = join_notes(rec.error.value_or(""), error);
    if (ctx.zip.failed()) ctx.zip_error = error;
    return false;
  }
  rec.path = std::string(entry);
  rec.size = stored.size;
  rec.sha256 = stored.sha256;
  return true;
}

Status status_for_error(DWORD error) {
  return (error == ERROR_ACCESS_DENIED || error == ERROR_PRIVILEGE_NOT_HELD) ? Status::denied : Status::failed;
}

void collect_registry(Context& ctx, const ArtifactSpec& spec, std::size_t index, ArtifactRecord& rec) {
  rec.kind = Kind::registry;
  rec.source_type = SourceType::registry;
  rec.format = Format::regf;
  const auto where = split_registry_path(spec.what);
  const auto root = where ? win32::root_key(where->root) : std::nullopt;
  if (!root) {
    rec.status = Status::failed;
    rec.error = "unknown registry root in \"" + std::string(spec.what) + "\"";
    return;
  }
  const std::wstring subkey = to_wide(where->subkey);
  const std::wstring hive = ctx.temp.file(std::to_wstring(index) + L".hiv");
  std::string step;
  const DWORD save_error = win32::save_hive(*root, subkey, hive, step);
  std::string why;
  if (save_error == 0) {
    if (win32::is_regf_file(hive)) {
      rec.status = Status::ok;
      store(ctx, rec, spec.path, hive);
      return;
    }
    std::string head = win32::file_head(hive, 16);
    for (char& c : head) {
      if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7F) c = '.';
    }
    why = "RegSaveKeyW wrote a file that is not a regf hive (it begins \"" + head + "\")";
  } else {
    why = step + " failed: " + win32::error_text(save_error);
    if (const std::string full = disk_full_note(ctx, save_error); !full.empty()) why += " (" + full + ")";
    if (ctx.backup_privilege_error != 0) {
      why += " (SeBackupPrivilege could not be enabled: " + win32::error_text(ctx.backup_privilege_error) + ")";
    }
  }
  DeleteFileW(hive.c_str());
  if (spec.alt_path.empty()) {
    rec.status = status_for_error(save_error);
    rec.exit_code = save_error != 0 ? std::optional<std::int64_t>(save_error) : std::nullopt;
    rec.error = why;
    return;
  }

  rec.format = Format::reg;
  rec.encoding = Encoding::utf16le;
  const std::wstring reg = ctx.temp.file(std::to_wstring(index) + L".reg");
  const win32::RegExportResult exported = win32::export_reg(*root, to_wide(where->root), subkey, reg);
  if (exported.error != 0) {
    DeleteFileW(reg.c_str());
    rec.status = status_for_error(exported.error);
    rec.exit_code = exported.error;
    rec.error = why + "; the .reg export failed too: " + exported.error_step + ": " + win32::error_text(exported.error);
    if (const std::string full = disk_full_note(ctx, exported.error); !full.empty()) *rec.error += " (" + full + ")";
    return;
  }
  std::string error = why + "; exported through the registry API as REGEDIT5 text instead (" +
                      std::to_string(exported.keys) + " keys, " + std::to_string(exported.values) + " values)";
  if (exported.skipped_keys > 0) {
    error += "; " + std::to_string(exported.skipped_keys) + " keys could not be read, first: " + exported.first_skipped;
  }
  if (exported.cancelled) {
    rec.status = Status::failed;
    error += "; interrupted by the user, the export is partial";
  } else if (exported.truncated) {
    rec.status = Status::truncated;
    error += "; stopped at the size cap";
  } else {
    rec.status = Status::ok;
  }
  rec.error = error;
  store(ctx, rec, spec.alt_path, reg);
}

void collect_command(Context& ctx, const ArtifactSpec& spec, std::size_t index, ArtifactRecord& rec) {
  rec.kind = Kind::command;
  rec.source_type = SourceType::command;
  rec.format = Format::text;
  rec.encoding = Encoding::oem;
  if (!spec.only_if_service.empty()) {
    DWORD probe_error = 0;
    const std::string service(spec.only_if_service);
    const ServiceProbe probe = win32::probe_service(service, probe_error);
    const ServiceCondition condition = decide_service_condition(service, probe, win32::error_text(probe_error));
    if (!condition.run) {
      rec.status = condition.status;
      rec.searched = condition.searched;
      rec.error = condition.error;
      if (probe != ServiceProbe::not_installed) rec.exit_code = probe_error;
      return;
    }
  }
  win32::ProcessRequest request;
  request.command_line = std::string(spec.what);
  request.timeout_seconds = ctx.options.timeout_seconds.value_or(spec.timeout_seconds > 0 ? spec.timeout_seconds : 120);
  request.output_cap = ctx.options.output_cap.value_or(kCommandOutputCap);
  request.output_file = ctx.temp.file(std::to_wstring(index) + L".txt");
  request.working_folder = ctx.temp.path();
  const win32::ProcessOutcome outcome = win32::run_process(request);
  if (!outcome.found) {
    rec.status = Status::missing;
    rec.searched = outcome.searched;
    rec.error = "program not found: " + split_command(spec.what).program;
    return;
  }
  if (!outcome.started) {
    DeleteFileW(request.output_file.c_str());
    rec.status = status_for_error(outcome.start_error);
    rec.exit_code = outcome.start_error;
    rec.error = "could not start " + outcome.resolved + ": " + win32::error_text(outcome.start_error);
    return;
  }
  const CommandVerdict verdict = classify_command(outcome.run);
  rec.status = verdict.status;
  if (outcome.run.exited) rec.exit_code = outcome.run.exit_code;
  rec.error = verdict.error;
  std::string note = join_notes(rec.error.value_or(""), outcome.note);
  note = join_notes(note, disk_full_note(ctx, outcome.run.write_error));
  if (!note.empty()) rec.error = note;
  if (verdict.store_output) {
    rec.encoding = command_output_encoding(win32::file_head(request.output_file, contract::kTextFormHeadBytes));
    store(ctx, rec, spec.path, request.output_file);
  } else {
    DeleteFileW(request.output_file.c_str());
  }
}

void collect_api_row(Context& ctx, const ArtifactSpec& spec, ArtifactRecord& rec) {
  rec.kind = Kind::api;
  rec.source_type = SourceType::api;
  rec.format = Format::json;
  rec.encoding = Encoding::utf8;
  win32::ApiOutput out;
  if (const win32::ApiProducer* producer = win32::find_api_producer(spec.id)) {
    out = producer->produce(ctx.options);
  } else {
    out.error = "this collector version cannot collect " + std::string(spec.id);
  }
  rec.status = out.status;
  rec.exit_code = out.exit_code;
  rec.error = out.error;
  if (out.json.empty()) return;
  win32::StoredEntry stored;
  std::string error;
  if (!room_for(ctx, out.json.size(), error) || !ctx.zip.add_bytes(spec.path, out.json, stored, error)) {
    rec.status = Status::failed;
    rec.error = join_notes(rec.error.value_or(""), error);
    if (ctx.zip.failed()) ctx.zip_error = error;
    return;
  }
  rec.path = std::string(spec.path);
  rec.size = stored.size;
  rec.sha256 = stored.sha256;
}

win32::FileRowContext file_context(Context& ctx, std::size_t index) {
  return {ctx.temp, index, ctx.backup_privilege_error,
          [&ctx](ArtifactRecord& rec, std::string_view entry, const std::wstring& file) {
            return store(ctx, rec, entry, file);
          }};
}

// A file row may expand to one artifact per file found: the progress line then counts them by status.
std::string row_outcome(const std::vector<ArtifactRecord>& records) {
  if (records.size() == 1) return std::string(status_name(records.front().status));
  std::string out = std::to_string(records.size());
  out += " files:";
  for (std::size_t s = 0; s < std::size(contract::kStatusNames); ++s) {
    const auto n = std::count_if(records.begin(), records.end(),
                                 [s](const ArtifactRecord& r) { return static_cast<std::size_t>(r.status) == s; });
    if (n == 0) continue;
    out += ' ';
    out += std::to_string(n);
    out += ' ';
    out += contract::kStatusNames[s];
  }
  return out;
}

std::uint64_t elapsed_ms(DWORD since) { return GetTickCount() - since; }

// Creates the .partial zip in `folder`; sealed to `recipient` when given (<name>.age.partial, an age file).
bool open_zip(win32::ZipWriter& zip, const std::wstring& folder, const std::string& name,
              const std::optional<contract::age::Key>& recipient, std::wstring& partial, std::string& error) {
  const bool separated = !folder.empty() && (folder.back() == L'\\' || folder.back() == L'/');  // a root, "M:\\"
  partial = folder + (separated ? L"" : L"\\") + to_wide(name) + (recipient ? L".age" : L"") + to_wide(kPartialSuffix);
  return zip.open(partial, error, recipient ? &*recipient : nullptr);
}

std::wstring without_trailing_separator(std::wstring folder) {
  while (folder.size() > 3 && (folder.back() == L'\\' || folder.back() == L'/')) folder.pop_back();
  return folder;
}

// The sizes the estimate needs (core/disk_space.hpp): each registry row's hive file in
// %windir%\system32\config, each event log's .evt (its Eventlog\<log>\File value), each file row's cap.
// A size that cannot be read is left out.
SpaceInputs gather_space_inputs(const Options& options) {
  SpaceInputs in;
  in.command_output_cap = options.output_cap.value_or(kCommandOutputCap);
  in.event_log_cap = kEventLogCap;
  wchar_t system[MAX_PATH + 1];
  const UINT n = GetSystemDirectoryW(system, MAX_PATH + 1);
  const std::wstring config = n > 0 && n <= MAX_PATH ? std::wstring(system, n) + L"\\config\\" : std::wstring();
  const win32::NativeFileSystem native;  // under WOW64: the server's system32\config, not SysWOW64's
  for (const ArtifactSpec& spec : contract::kArtifacts) {
    if (spec.kind == Kind::registry && !config.empty()) {
      const auto where = split_registry_path(spec.what);
      const std::string hive = where ? hive_file_name(where->root, where->subkey) : std::string();
      const std::int64_t size = hive.empty() ? -1 : win32::file_size(config + to_wide(hive));
      if (size >= 0) in.hive_bytes.push_back(static_cast<std::uint64_t>(size));
    } else if (spec.kind == Kind::event_log) {
      win32::UniqueKey key;
      const std::wstring path = L"SYSTEM\\CurrentControlSet\\Services\\Eventlog\\" + to_wide(spec.what);
      if (RegOpenKeyExW(HKEY_LOCAL_MACHINE, path.c_str(), 0, win32::kRegQuery, key.out()) != ERROR_SUCCESS) continue;
      wchar_t value[MAX_PATH + 1] = {};
      DWORD type = 0;
      DWORD bytes = sizeof value - sizeof(wchar_t);
      if (RegQueryValueExW(key.get(), L"File", nullptr, &type, reinterpret_cast<BYTE*>(value), &bytes) !=
              ERROR_SUCCESS ||
          (type != REG_SZ && type != REG_EXPAND_SZ)) {
        continue;
      }
      const std::string file = win32::expand_environment(value);
      const std::int64_t size = file.empty() ? -1 : win32::file_size(to_wide(file));
      if (size >= 0) in.event_log_bytes.push_back(static_cast<std::uint64_t>(size));
    } else if (spec.kind == Kind::file) {
      if (const FileRowRules* rules = file_row_rules(spec.id)) in.file_caps.push_back(rules->cap_bytes);
    }
  }
  return in;
}

// Where the private temporary folder may go, best first. With --temp only that folder (created when missing,
// one level). Else %TEMP% (when it exists: GetTempPathW does not check), the bundle's folder and %windir%\Temp,
// in the order core/disk_space.hpp's order_temp_folders gives (the most free space first).
std::vector<std::wstring> temp_bases(const Options& options, const std::wstring& bundle_folder,
                                     bool& system_temp_missing) {
  system_temp_missing = false;
  if (options.temp_dir) {
    const std::wstring folder = without_trailing_separator(to_wide(*options.temp_dir));
    CreateDirectoryW(folder.c_str(), nullptr);
    return {folder};
  }
  const std::wstring system_temp = win32::temp_folder();
  std::vector<std::wstring> bases;
  if (win32::is_directory(system_temp)) {
    bases.push_back(system_temp);
  } else {
    system_temp_missing = true;
  }
  bases.push_back(bundle_folder);
  bases.push_back(win32::windows_temp_folder());
  std::vector<TempCandidate> candidates;
  for (const std::wstring& base : bases) {
    TempCandidate c{to_utf8(base), std::nullopt};
    VolumeSpace volume;
    if (!base.empty() && win32::volume_space(base, volume) == 0) c.volume = volume;
    candidates.push_back(std::move(c));
  }
  std::optional<VolumeSpace> best;
  const std::wstring best_root = win32::most_free_fixed_volume();
  if (VolumeSpace volume; !best_root.empty() && win32::volume_space(best_root, volume) == 0) best = volume;
  std::vector<std::wstring> out;
  for (const std::string& folder : order_temp_folders(candidates, best)) out.push_back(to_wide(folder));
  return out;
}

}  // namespace

int run_collection(const Options& options) {
  if (!win32::install_ctrl_handler()) win32::write_stderr("warning: Ctrl-C handler not installed\n");
  const win32::Instant started = win32::now();

  Manifest manifest;
  manifest.collector.version = MIGREADY_VERSION;
#if defined(_WIN64)
  manifest.collector.arch = Arch::x64;
#else
  manifest.collector.arch = Arch::x86;
#endif
  manifest.collector.command_line = win32::command_line();
  // The 32-bit exe on 64-bit Windows (win32/wow64.hpp): it reads the native system only if file-system
  // redirection can be turned off around its reads; else it stops here, before anything is written.
  const win32::Wow64State& wow64 = win32::detect_wow64();
  manifest.collector.wow64 = contract::Wow64Info{wow64.active, wow64.active.value_or(false) && wow64.redirection_available,
                                                 wow64.error};
  if (wow64.active.value_or(false) && !wow64.redirection_available) {
    win32::write_stderr("error: this is the 32-bit collector running on 64-bit Windows (WOW64), and it cannot turn "
                        "off WOW64 file-system redirection (" + wow64.error + "): it would read SysWOW64 and the "
                        "32-bit tools instead of the server's own. Run the x64 build instead "
                        "(collector-x86_64\\migready-collect.exe). Nothing was collected.\n");
    return kExitNoBundle;
  }
  if (!wow64.active) {
    win32::write_stderr("warning: whether this is a 32-bit process on 64-bit Windows is unknown (" + wow64.error +
                        "); the manifest says so\n");
  }
  manifest.host = win32::query_host();
  manifest.user = win32::query_user();
  manifest.locale = win32::query_locale();
  manifest.collection.started_utc = format_utc(started.utc);
  manifest.collection.started_local = format_local(started.local);

  const std::string name = bundle_file_name(manifest.host.computer_name, started.utc);
  // Where the bundle goes: --out (created when missing, one level), else this exe's folder, else %TEMP%.
  std::vector<std::wstring> out_folders;
  if (options.out_dir) {
    out_folders.push_back(without_trailing_separator(to_wide(*options.out_dir)));
  } else {
    out_folders.push_back(win32::exe_folder());
    out_folders.push_back(win32::temp_folder());
  }
  CreateDirectoryW(out_folders.front().c_str(), nullptr);  // the others only when tried (never a missing %TEMP%)

  // The private temporary folder. Only the rows that write a temporary file need it.
  win32::TempDir temp;
  bool system_temp_missing = false;
  const std::vector<std::wstring> bases = temp_bases(options, out_folders.front(), system_temp_missing);
  const DWORD temp_error = temp.create(bases);
  if (temp_error != 0 && options.temp_dir) {
    win32::write_stderr("error: cannot create a temporary folder in --temp " + *options.temp_dir + ": " +
                        win32::error_text(temp_error) + "\n");
    return kExitNoBundle;
  }
  if (temp_error == 0 && system_temp_missing) {
    win32::write_stderr("note: the TEMP folder " + to_utf8(win32::temp_folder()) +
                        " does not exist; temporary files go to " + to_utf8(temp.path()) + "\n");
  }

  // Free space, before anything is written to the bundle (core/disk_space.hpp): the estimate against the
  // temporary files' and the bundle's volumes, each keeping its margin.
  const SpaceEstimate need = estimate_space(gather_space_inputs(options));
  // --encrypt-to was checked by parse_options; parsed again here into the key the encryptor takes.
  std::optional<contract::age::Key> recipient;
  if (options.encrypt_to) {
    std::string why;
    recipient = contract::age::parse_recipient(*options.encrypt_to, why);
    if (!recipient) {
      win32::write_stderr("error: --encrypt-to: " + why + "\n");
      return kExitUsage;
    }
  }
  win32::ZipWriter zip;
  std::wstring partial;
  std::wstring out_folder;
  std::string error;
  bool opened = false;
  for (const std::wstring& folder : out_folders) {
    if (folder != out_folders.front() && !win32::is_directory(folder)) continue;
    VolumeSpace out_volume;
    VolumeSpace temp_volume;
    const DWORD out_error = win32::volume_space(folder, out_volume);
    const DWORD temp_space_error = temp.valid() ? win32::volume_space(temp.path(), temp_volume) : ERROR_PATH_NOT_FOUND;
    if (out_error == 0) {
      SpaceEstimate checked = need;
      if (temp_space_error != 0) {
        temp_volume = out_volume;  // no temporary folder (its rows fail) or its volume unknown: only the bundle
        checked.largest_temp = 0;
      }
      if (const auto refused = check_space(temp_volume, out_volume, checked)) {
        win32::write_stderr("error: " + *refused + "\n");
        return kExitNoBundle;  // the temporary folder (empty) goes with `temp`
      }
      win32::write_stderr("note: free space: the bundle's volume " + out_volume.root + " " +
                          format_bytes(out_volume.free_bytes) + ", the temporary files' volume " +
                          (temp_space_error == 0 ? temp_volume.root + " " + format_bytes(temp_volume.free_bytes)
                                                 : std::string("unknown")) +
                          "; estimated need " + format_bytes(need.zip) + " for the bundle and " +
                          format_bytes(need.largest_temp) + " for temporary files\n");
    } else {
      win32::write_stderr("warning: the free space of " + to_utf8(folder) + " cannot be read (" +
                          win32::error_text(out_error) + "); each entry is still checked before it is stored\n");
    }
    opened = open_zip(zip, folder, name, recipient, partial, error);
    if (opened) {
      out_folder = folder;
      break;
    }
  }
  if (!opened) {
    win32::write_stderr("error: cannot create the bundle " + to_utf8(partial) + ": " + error + "\n");
    return kExitNoBundle;
  }
  Context ctx{options, zip, temp, out_folder, win32::enable_backup_privilege(), {}, {}};

  // --only: the rows not asked for are left out of the bundle and the manifest; `partial` says what was asked.
  std::size_t total = std::size(contract::kArtifacts);
  if (options.only) {
    contract::PartialInfo partial_info;
    partial_info.requested = options.only->requested;
    total = 0;
    for (std::size_t i = 0; i < std::size(contract::kArtifacts); ++i) {
      if (!options.only->rows[i]) continue;
      partial_info.artifacts.emplace_back(contract::kArtifacts[i].id);
      ++total;
    }
    std::string rows;
    for (const std::string& id : partial_info.artifacts) rows += " " + id;
    win32::write_stderr("note: --only: collecting " + std::to_string(total) + " of " +
                        std::to_string(std::size(contract::kArtifacts)) + " artifacts:" + rows +
                        "; the bundle says it is partial (migready merge adds it to a full one)\n");
    manifest.partial = std::move(partial_info);
  }
  std::vector<std::string> skipped;
  std::string stop_reason;
  StopCause stop_cause = StopCause::interrupted;
  std::size_t index = 0;
  std::size_t row = 0;
  for (const ArtifactSpec& spec : contract::kArtifacts) {
    if (options.only && !options.only->rows[row++]) continue;
    ++index;
    if (stop_reason.empty() && win32::cancel_requested()) stop_reason = win32::cancel_reason();
    if (stop_reason.empty() && !ctx.zip_error.empty()) {
      stop_reason = "the zip could not be written: " + ctx.zip_error;
      stop_cause = StopCause::zip_failed;
    }
    if (stop_reason.empty() && !ctx.space_error.empty()) {
      stop_reason = ctx.space_error;
      stop_cause = StopCause::disk_margin;
    }
    if (!stop_reason.empty()) {
      skipped.emplace_back(spec.id);
      continue;
    }
    const std::string label = "[" + std::to_string(index) + "/" + std::to_string(total) + "] " + std::string(spec.id);
    win32::write_stderr(label + " ...");

    ArtifactRecord rec;
    std::vector<ArtifactRecord> expanded;  // a file row's records, one per file found
    rec.id = std::string(spec.id);
    rec.source_what = std::string(spec.what);
    rec.started_utc = format_utc(win32::now().utc);
    const DWORD tick = GetTickCount();
    if (temp_error != 0 && spec.kind != Kind::api) {
      rec.status = Status::failed;
      rec.error = "no temporary folder (" +
                  std::string(options.temp_dir ? "--temp" : "TEMP, the bundle's folder and %windir%\\Temp") +
                  " tried): " + win32::error_text(temp_error);
    } else if (spec.kind == Kind::registry) {
      collect_registry(ctx, spec, index, rec);
    } else if (spec.kind == Kind::command) {
      collect_command(ctx, spec, index, rec);
    } else if (spec.kind == Kind::api) {
      collect_api_row(ctx, spec, rec);
    } else if (spec.kind == Kind::event_log) {
      win32::collect_event_log(spec, rec, file_context(ctx, index));
    } else if (spec.kind == Kind::file) {
      expanded = win32::collect_file_row(spec, rec, file_context(ctx, index));
    } else {
      rec.kind = Kind::api;
      rec.source_type = SourceType::api;
      rec.format = Format::binary;
      rec.status = Status::failed;
      rec.error = "this collector version cannot collect this kind of artifact";
    }
    rec.duration_ms = elapsed_ms(tick);
    // A file row's records carry their own timing; a single one (single-file row, nothing found) the row's.
    if (expanded.size() == 1) expanded.front().duration_ms = rec.duration_ms;
    if (expanded.empty()) expanded.push_back(std::move(rec));
    win32::write_stderr(" " + row_outcome(expanded) + " (" + format_seconds(elapsed_ms(tick)) + ")\n");
    for (ArtifactRecord& r : expanded) manifest.artifacts.push_back(std::move(r));
  }
  if (stop_reason.empty() && win32::cancel_requested()) stop_reason = win32::cancel_reason();
  temp.remove();

  const win32::Instant ended = win32::now();
  manifest.collection.ended_utc = format_utc(ended.utc);
  manifest.collection.ended_local = format_local(ended.local);
  manifest.collection.time_zone = win32::query_time_zone();
  if (!stop_reason.empty()) {
    manifest.complete = false;
    std::string reason = stop_reason;
    if (!skipped.empty()) {
      reason += "; not collected:";
      for (const std::string& id : skipped) reason += " " + id;
    }
    manifest.incomplete_reason = reason;
  }

  win32::StoredEntry stored;
  std::string zip_error;
  const bool manifest_ok =
      zip.add_bytes(contract::kManifestPath, serialize_manifest(manifest), stored, zip_error);
  const bool disk_full = zip.disk_full();
  const bool closed = zip.close(zip_error) && manifest_ok;
  if (!closed) {
    // What the zip writer wrote stays: every entry before the failure is whole, with its local header, but
    // the central directory (and perhaps the manifest) could not be added, so it keeps its .partial name.
    std::string message = "error: writing the bundle failed: " + zip_error + "\n";
    VolumeSpace volume;
    const std::string root = win32::volume_space(out_folder, volume) == 0 ? volume.root : to_utf8(out_folder);
    if (disk_full || zip.disk_full()) {
      message += "error: ERROR_DISK_FULL: the bundle's volume " + root + " is full; " + disk_full_hint(root) + "\n";
    }
    if (recipient) {
      message += "The unfinished sealed bundle is kept as " + to_utf8(partial) +
                 ": it has no last chunk, so age and migready refuse it as truncated; collect again.\n";
    } else {
      message += "The unfinished bundle is kept as " + to_utf8(partial) +
                 ": the entries written before the failure can be listed and extracted from its local headers "
                 "(bsdtar -tf, zip -FF); the analyzer reads only a finished .zip.\n";
    }
    win32::write_stderr(message);
    return kExitNoBundle;
  }
  const std::wstring final_path = partial.substr(0, partial.size() - kPartialSuffix.size());
  if (!MoveFileExW(partial.c_str(), final_path.c_str(), MOVEFILE_WRITE_THROUGH)) {
    win32::write_stderr("error: renaming " + to_utf8(partial) + ": " + win32::error_text(GetLastError()) + "\n");
    return kExitNoBundle;
  }
  bool all_ok = true;
  for (const ArtifactRecord& rec : manifest.artifacts) all_ok = all_ok && rec.status == Status::ok;
  // The summary (stderr) ends with the incomplete reason, if any; the path stays the last line of stdout.
  const std::int64_t bundle_size = win32::file_size(final_path);
  win32::write_stderr(format_summary(to_utf8(final_path),
                                     bundle_size < 0 ? kUnknownSize : static_cast<std::uint64_t>(bundle_size),
                                     manifest, skipped.size(), stop_cause));
  if (options.encrypt_to) win32::write_stderr(format_sealed_note(to_utf8(final_path), *options.encrypt_to));
  win32::write_stdout(to_utf8(final_path) + "\n");
  return exit_code_for(manifest.complete, all_ok);
}

}  // namespace migready::collector

#include "core/file_versions_json.hpp"

#include "contract/ascii.hpp"
#include "core/json_writer.hpp"
#include "core/sntp.hpp"
#include "core/time_format.hpp"

namespace migready::collector::file_versions {
namespace {

void add_candidate(std::vector<std::string>& candidates, std::string path) {
  if (path.empty()) return;
  for (const std::string& c : candidates) {
    if (contract::equals_ci(c, path)) return;  // Windows paths compare case-insensitively
  }
  candidates.push_back(std::move(path));
}


}  // namespace

std::string join_path(std::string_view folder, std::string_view name) {
  if (const auto nul = folder.find('\0'); nul != std::string_view::npos) folder = folder.substr(0, nul);
  while (!folder.empty() && folder.back() == '\\') folder.remove_suffix(1);
  if (folder.empty() || folder.size() > kMaxFolderLength) return {};
  std::string out(folder);
  out += '\\';
  out += name;
  return out;
}

std::vector<FilePlan> plan_file_versions(const Locations& where) {
  std::vector<FilePlan> plan;
  const std::string system32 = join_path(where.windir, "system32");
  for (const auto& [id, file] : {std::pair{"msxml6", "msxml6.dll"}, std::pair{"wuaueng", "wuaueng.dll"},
                                 std::pair{"msi", "msi.dll"}}) {
    FilePlan row{id, file, {}};
    if (!system32.empty()) add_candidate(row.candidates, join_path(system32, file));
    plan.push_back(std::move(row));
  }

  FilePlan owssvr{"owssvr", "OWSSVR.DLL", {}};
  if (where.wss_location) {
    const std::string isapi = join_path(*where.wss_location, "ISAPI");
    if (!isapi.empty()) add_candidate(owssvr.candidates, join_path(isapi, owssvr.file));
  }
  for (const std::string* common : {&where.common_program_files, &where.common_program_files_x86}) {
    const std::string default_wss = join_path(*common, "Microsoft Shared\\web server extensions\\60\\ISAPI");
    if (!default_wss.empty()) add_candidate(owssvr.candidates, join_path(default_wss, owssvr.file));
  }
  plan.push_back(std::move(owssvr));

  std::string exchange_bin;
  if (where.exchange_services) exchange_bin = join_path(*where.exchange_services, "bin");
  const std::string default_bin = join_path(where.program_files, "Exchsrvr\\bin");
  const std::string default_bin_x86 = join_path(where.program_files_x86, "Exchsrvr\\bin");
  for (const auto& [id, file] : {std::pair{"exchange_store", "store.exe"}, std::pair{"exchange_cdoex", "cdoex.dll"}}) {
    FilePlan row{id, file, {}};
    if (!exchange_bin.empty()) add_candidate(row.candidates, join_path(exchange_bin, file));
    if (!default_bin.empty()) add_candidate(row.candidates, join_path(default_bin, file));
    if (!default_bin_x86.empty()) add_candidate(row.candidates, join_path(default_bin_x86, file));
    plan.push_back(std::move(row));
  }
  return plan;
}

std::string version_string(std::uint32_t ms, std::uint32_t ls) {
  return std::to_string(ms >> 16) + "." + std::to_string(ms & 0xFFFFu) + "." + std::to_string(ls >> 16) + "." +
         std::to_string(ls & 0xFFFFu);
}

std::string file_versions_json(const FileVersionsDocument& doc) {
  JsonWriter w;
  w.begin_object();
  w.key("schema").value(kSchema);
  w.key("complete").value(true);
  w.key("error").null();
  w.key("files").begin_array();
  for (const FileReading& f : doc.files) {
    const bool present = f.path.has_value();
    w.begin_object();
    w.key("id").value(f.id);
    w.key("file").value(f.file);
    w.key("searched").begin_array();
    for (const std::string& s : f.searched) w.value(s);
    w.end_array();
    w.key("present").value(present);
    w.key("path").value_or_null(f.path);
    w.key("file_version");
    if (present && f.version) {
      w.value(version_string(f.version->file_ms, f.version->file_ls));
    } else {
      w.null();
    }
    w.key("product_version");
    if (present && f.version) {
      w.value(version_string(f.version->product_ms, f.version->product_ls));
    } else {
      w.null();
    }
    w.key("size_bytes");
    if (present && f.size_bytes) {
      w.value(*f.size_bytes);
    } else {
      w.null();
    }
    w.key("last_write_utc");
    if (present && f.last_write) {
      w.value(format_utc(sntp::civil_from_filetime(*f.last_write)));
    } else {
      w.null();
    }
    w.key("error").value_or_null(f.error);
    w.end_object();
  }
  w.end_array();
  if (doc.sysvol) sysvol::write_sysvol(w.key("sysvol"), *doc.sysvol);
  if (doc.companyweb) sysvol::write_companyweb(w.key("companyweb"), *doc.companyweb);
  w.end_object();
  return w.str();
}

}  // namespace migready::collector::file_versions

#include "core/sysvol.hpp"

#include "contract/ascii.hpp"
#include "core/file_versions_json.hpp"
#include "core/sntp.hpp"
#include "core/time_format.hpp"
#include "core/utf.hpp"

namespace migready::collector::sysvol {
namespace {

std::uint16_t le16(std::span<const unsigned char> b, std::size_t at) {
  return static_cast<std::uint16_t>(b[at] | (b[at + 1] << 8));
}

std::uint32_t le32(std::span<const unsigned char> b, std::size_t at) {
  return static_cast<std::uint32_t>(b[at]) | (static_cast<std::uint32_t>(b[at + 1]) << 8) |
         (static_cast<std::uint32_t>(b[at + 2]) << 16) | (static_cast<std::uint32_t>(b[at + 3]) << 24);
}

std::string utf16le(std::span<const unsigned char> b) {
  std::u16string text;
  text.reserve(b.size() / 2);
  for (std::size_t i = 0; i + 1 < b.size(); i += 2) text.push_back(static_cast<char16_t>(le16(b, i)));
  return utf16_to_utf8(text);
}

// Both names live in PathBuffer; their offsets and lengths are bytes into it (MS-FSCC 2.1.2.5).
std::optional<std::string> name_in(std::span<const unsigned char> path_buffer, std::uint16_t offset,
                                   std::uint16_t length, const char* which, std::optional<std::string>& error) {
  if (offset % 2 != 0 || length % 2 != 0) {
    error = std::string(which) + " has an odd offset or length";
    return std::nullopt;
  }
  if (static_cast<std::size_t>(offset) + length > path_buffer.size()) {
    error = std::string(which) + " lies outside the path buffer";
    return std::nullopt;
  }
  return utf16le(path_buffer.subspan(offset, length));
}

}  // namespace

ReparseData parse_reparse_buffer(std::span<const unsigned char> bytes) {
  ReparseData out;
  if (bytes.size() > kMaxReparseBytes) bytes = bytes.first(kMaxReparseBytes);
  if (bytes.size() < 8) {
    out.error = "the reparse buffer has " + std::to_string(bytes.size()) + " bytes, fewer than its 8-byte header";
    return out;
  }
  out.tag = le32(bytes, 0);
  const std::size_t data_length = le16(bytes, 4);
  if (8 + data_length > bytes.size()) {
    out.error = "ReparseDataLength " + std::to_string(data_length) + " runs past the " + std::to_string(bytes.size()) +
                " bytes returned";
    return out;
  }
  if (out.tag != kTagMountPoint) return out;
  if (data_length < 8) {
    out.error = "a mount point's data has " + std::to_string(data_length) + " bytes, fewer than its 8-byte header";
    return out;
  }
  const auto data = bytes.subspan(8, data_length);
  const auto path_buffer = data.subspan(8);
  std::optional<std::string> error;
  auto substitute = name_in(path_buffer, le16(data, 0), le16(data, 2), "SubstituteName", error);
  auto print = error ? std::nullopt : name_in(path_buffer, le16(data, 4), le16(data, 6), "PrintName", error);
  if (error) {
    out.error = std::move(error);
    return out;
  }
  out.substitute_name = std::move(substitute);
  out.print_name = std::move(print);
  return out;
}

std::string junction_target(std::string_view substitute_name) {
  constexpr std::string_view kNtPrefix = "\\??\\";
  if (substitute_name.substr(0, kNtPrefix.size()) == kNtPrefix) substitute_name.remove_prefix(kNtPrefix.size());
  return std::string(substitute_name);
}

std::vector<FolderPlan> plan_sysvol(std::string_view netlogon_sysvol) {
  const std::string sysvol = file_versions::join_path(netlogon_sysvol, "");
  if (sysvol.size() < 2) return {};
  const std::string folder = sysvol.substr(0, sysvol.size() - 1);  // without the '\' join_path added
  const auto slash = folder.rfind('\\');
  if (slash == std::string::npos || slash == 0) return {};
  const std::string root = folder.substr(0, slash);
  return {{"sysvol", folder}, {"staging areas", file_versions::join_path(root, "staging areas")}};
}

std::string_view part_status_name(PartStatus s) {
  switch (s) {
    case PartStatus::ok:
      return "ok";
    case PartStatus::truncated:
      return "truncated";
    case PartStatus::not_found:
      return "not_found";
    case PartStatus::failed:
      return "failed";
    case PartStatus::denied:
      return "denied";
  }
  return "failed";
}

void settle(SysvolPart& part, bool denied) {
  if (part.status == PartStatus::not_found) return;
  bool truncated = false;
  for (const FolderReading& f : part.folders) {
    truncated = truncated || f.truncated;
    if (f.error) part.error = part.error ? *part.error + "; " + *f.error : *f.error;
  }
  if (part.error) {
    part.status = denied ? PartStatus::denied : PartStatus::failed;
  } else {
    part.status = truncated ? PartStatus::truncated : PartStatus::ok;
  }
}

void write_sysvol(JsonWriter& w, const SysvolPart& part) {
  w.begin_object();
  w.key("status").value(part_status_name(part.status));
  w.key("error").value_or_null(part.error);
  w.key("netlogon_sysvol").value_or_null(part.netlogon_sysvol);
  w.key("folders").begin_array();
  for (const FolderReading& f : part.folders) {
    w.begin_object();
    w.key("name").value(f.name);
    w.key("path").value(f.path);
    w.key("present").value(f.present);
    w.key("truncated").value(f.truncated);
    w.key("error").value_or_null(f.error);
    w.key("entries").begin_array();
    for (std::size_t i = 0; i < f.entries.size() && i < kMaxEntries; ++i) {
      const EntryReading& e = f.entries[i];
      w.begin_object();
      w.key("name").value(e.name);
      w.key("path").value(e.path);
      w.key("attributes").value_or_null(e.attributes);
      const bool reparse = e.attributes && (*e.attributes & 0x400u) != 0;  // FILE_ATTRIBUTE_REPARSE_POINT
      w.key("reparse_point");
      if (e.attributes) {
        w.value(reparse);
      } else {
        w.null();
      }
      w.key("reparse_tag").value_or_null(e.reparse_tag);
      w.key("substitute_name").value_or_null(e.substitute_name);
      w.key("print_name").value_or_null(e.print_name);
      w.key("target");
      if (e.reparse_tag == kTagMountPoint && e.substitute_name) {
        w.value(junction_target(*e.substitute_name));
      } else {
        w.null();
      }
      w.key("error").value_or_null(e.error);
      w.end_object();
    }
    w.end_array();
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

std::vector<std::string> plan_companyweb(const std::optional<std::string>& sql_data_root,
                                         std::string_view program_files) {
  std::vector<std::string> out;
  if (sql_data_root) {
    const std::string data = file_versions::join_path(*sql_data_root, "Data");
    if (!data.empty()) out.push_back(data);
  }
  const std::string instance = file_versions::join_path(program_files, "Microsoft SQL Server\\MSSQL$SHAREPOINT");
  const std::string fallback = instance.empty() ? "" : file_versions::join_path(instance, "Data");
  if (!fallback.empty() && (out.empty() || !contract::equals_ci(out.front(), fallback))) out.push_back(fallback);
  return out;
}

void write_companyweb(JsonWriter& w, const CompanywebPart& part) {
  w.begin_object();
  w.key("status").value(part_status_name(part.status));
  w.key("error").value_or_null(part.error);
  w.key("instance").value(kInstance);
  w.key("sql_data_root").value_or_null(part.sql_data_root);
  w.key("searched").begin_array();
  for (const std::string& s : part.searched) w.value(s);
  w.end_array();
  w.key("folder").value_or_null(part.folder);
  w.key("files").begin_array();
  for (std::size_t i = 0; i < part.files.size() && i < kMaxFiles; ++i) {
    const FileReading& f = part.files[i];
    w.begin_object();
    w.key("name").value(f.name);
    w.key("size_bytes").value(f.size_bytes);
    w.key("last_write_utc").value(format_utc(sntp::civil_from_filetime(f.last_write)));
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

}  // namespace migready::collector::sysvol

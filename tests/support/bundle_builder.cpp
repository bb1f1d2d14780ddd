#include "support/bundle_builder.hpp"

#include <archive.h>
#include <archive_entry.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <fstream>
#include <stdexcept>

#include "core/json.hpp"
#include "contract/sha256.hpp"

namespace migready::test {
namespace {

constexpr const char* kBaseManifest = R"({
  "format": "migready-bundle", "format_version": "1.0",
  "collector": {"name": "migready-collect", "version": "0.1.0", "arch": "x86", "command_line": "migready-collect.exe"},
  "complete": true, "incomplete_reason": null,
  "host": {"computer_name": "SBS01", "dns_domain": "contoso.local", "netbios_domain": "CONTOSO",
    "os": {"major": 5, "minor": 2, "build": 3790, "service_pack": "Service Pack 2", "sp_major": 2, "sp_minor": 0,
           "product_type": "domain_controller", "suite_mask": 49,
           "suites": ["small_business", "terminal", "small_business_restricted"], "is_sbs": true, "arch": "x86"},
    "code_pages": {"ansi": 1252, "oem": 850}},
  "collection": {"started_utc": "2026-11-25T14:30:05Z", "ended_utc": "2026-11-25T14:31:12Z",
    "started_local": "2026-11-25T15:30:05", "ended_local": "2026-11-25T15:31:12",
    "time_zone": {"bias_minutes": -60, "standard_name": "W. Europe Standard Time", "standard_bias_minutes": 0,
                  "daylight_name": "W. Europe Daylight Time", "daylight_bias_minutes": -60, "state": "standard"}},
  "user": {"name": "CONTOSO\\Administrator", "sid": "S-1-5-21-1-2-3-500", "groups": [
    {"sid": "S-1-5-21-1-2-3-512", "name": "CONTOSO\\Domain Admins", "enabled": true},
    {"sid": "S-1-5-21-1-2-3-518", "name": "CONTOSO\\Schema Admins", "enabled": true},
    {"sid": "S-1-5-21-1-2-3-519", "name": "CONTOSO\\Enterprise Admins", "enabled": true}]},
  "artifacts": []
})";

la_ssize_t write_to_string(archive*, void* out, const void* buffer, size_t length) {
  static_cast<std::string*>(out)->append(static_cast<const char*>(buffer), length);
  return static_cast<la_ssize_t>(length);
}

}  // namespace

BundleBuilder::BundleBuilder() { m_manifest.Parse(kBaseManifest); }

json::Value& BundleBuilder::add_artifact(const std::string& id, const std::string& path, const std::string& kind,
                                              const std::string& format, const std::string& bytes,
                                              const std::string& what) {
  auto& a = m_manifest.GetAllocator();
  json::Value entry(rapidjson::kObjectType);
  auto s = [&](const std::string& v) { return json::Value(v.c_str(), a); };
  entry.AddMember("id", s(id), a);
  entry.AddMember("path", s(path), a);
  entry.AddMember("kind", s(kind), a);
  entry.AddMember("format", s(format), a);
  json::Value source(rapidjson::kObjectType);
  source.AddMember("type", s(kind == "event_log" ? "api" : kind), a);
  source.AddMember("what", s(what), a);
  entry.AddMember("source", source, a);
  entry.AddMember("status", "ok", a);
  entry.AddMember("exit_code", kind == "command" ? json::Value(0) : json::Value(), a);
  entry.AddMember("started_utc", "2026-11-25T14:30:06Z", a);
  entry.AddMember("duration_ms", 10, a);
  entry.AddMember("size", static_cast<std::uint64_t>(bytes.size()), a);
  entry.AddMember("sha256", s(contract::sha256_hex(bytes)), a);
  entry.AddMember("error", json::Value(), a);
  m_manifest["artifacts"].PushBack(entry, a);
  m_files.emplace_back(path, bytes);
  return m_manifest["artifacts"][m_manifest["artifacts"].Size() - 1];
}

std::string BundleBuilder::manifest_json() const {
  json::StringBuffer buffer;
  json::Writer<json::StringBuffer> w(buffer);
  m_manifest.Accept(w);
  return buffer.GetString();
}

std::string BundleBuilder::zip(bool include_manifest) const {
  std::vector<RawEntry> entries;
  if (include_manifest) entries.push_back({"manifest.json", manifest_json()});
  for (const auto& [path, bytes] : m_files) entries.push_back({path, bytes});
  return make_zip(entries);
}

std::string make_zip(const std::vector<RawEntry>& entries, const std::string& format) {
  std::string out;
  archive* a = archive_write_new();
  if (format == "tar") {
    archive_write_set_format_ustar(a);
  } else {
    archive_write_set_format_zip(a);
    archive_write_set_options(a, "zip:compression=deflate");
  }
  archive_write_set_bytes_in_last_block(a, 1);
  if (archive_write_open(a, &out, nullptr, write_to_string, nullptr) != ARCHIVE_OK) {
    throw std::runtime_error(archive_error_string(a));
  }
  for (const auto& e : entries) {
    archive_entry* entry = archive_entry_new();
    archive_entry_set_pathname(entry, e.path.c_str());
    archive_entry_set_perm(entry, 0644);
    if (e.hardlink) {
      archive_entry_set_filetype(entry, AE_IFREG);
      archive_entry_set_hardlink(entry, e.link_target.c_str());
      archive_entry_set_size(entry, 0);
    } else {
      archive_entry_set_filetype(entry, e.type);
      if (e.type == AE_IFLNK) archive_entry_set_symlink(entry, e.link_target.c_str());
      archive_entry_set_size(entry, static_cast<la_int64_t>(e.type == AE_IFREG ? e.bytes.size() : 0));
    }
    archive_write_header(a, entry);
    if (e.type == AE_IFREG && !e.hardlink && !e.bytes.empty()) archive_write_data(a, e.bytes.data(), e.bytes.size());
    archive_entry_free(entry);
  }
  archive_write_close(a);
  archive_write_free(a);
  return out;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot open " + path);
  return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

}  // namespace migready::test

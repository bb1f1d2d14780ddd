// An in-memory bundle builder for tests: real zips written by libarchive, with a manifest whose artifact
// entries (size, sha256) are computed from the bytes added, so each test states only what it changes.
//
//   BundleBuilder b;                                   // a valid manifest for host SBS01, no artifacts
//   b.add_artifact("command.ipconfig_all", "commands/ipconfig_all.txt", "command", "text", bytes);
//   b.manifest()["host"]["os"]["sp_major"] = 1;        // edit anything (RapidJSON)
//   std::string zip = b.zip();                         // manifest.json + every file, deflated
#pragma once

#include <rapidjson/document.h>

#include <string>
#include <utility>
#include <vector>

#include "core/json.hpp"

namespace migready::test {

class BundleBuilder {
 public:
  BundleBuilder();

  // Adds a file and its manifest entry (status ok).
  json::Value& add_artifact(const std::string& id, const std::string& path, const std::string& kind,
                                 const std::string& format, const std::string& bytes,
                                 const std::string& what = "test");
  // Adds a file no artifact names (or a raw entry for hostile-archive tests).
  void add_file(const std::string& path, const std::string& bytes) { m_files.emplace_back(path, bytes); }

  json::Document& manifest() { return m_manifest; }
  std::string manifest_json() const;

  // The zip. `include_manifest` false leaves manifest.json out.
  std::string zip(bool include_manifest = true) const;

 private:
  json::Document m_manifest;
  std::vector<std::pair<std::string, std::string>> m_files;
};

// An archive of the given raw entries (for hostile cases: links, duplicates, odd names).
struct RawEntry {
  RawEntry(std::string p, std::string b) : path(std::move(p)), bytes(std::move(b)) {}
  RawEntry(std::string p, std::string b, unsigned t, std::string target, bool hard = false)
      : path(std::move(p)), bytes(std::move(b)), type(t), link_target(std::move(target)), hardlink(hard) {}
  std::string path;
  std::string bytes;
  unsigned type = 0100000;  // AE_IFREG
  std::string link_target;  // for symlinks / hardlinks
  bool hardlink = false;
};
// `format` is "zip" (deflate) or "tar" (ustar).
std::string make_zip(const std::vector<RawEntry>& entries, const std::string& format = "zip");

std::string read_file(const std::string& path);

}  // namespace migready::test

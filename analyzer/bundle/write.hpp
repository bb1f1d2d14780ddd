// Writing a bundle: the zip `migready merge` produces, in memory, so the caller writes it with the platform's
// atomic write (platform::write_file_atomically) and a half-written bundle never has the final name.
//
//   Result<std::string> zip = write_zip({{"manifest.json", json}, {"registry/SYSTEM.hiv", hive}});
//
// Entries are regular files (mode 0644), deflated, named as given: the caller passes names a bundle may hold
// (the manifest schema's path pattern), so nothing here re-checks them. libarchive writes the zip, as the
// collector does; the reader (bundle.hpp) opens what this writes.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.hpp"

namespace migready::bundle {

struct ZipEntry {
  std::string name;
  std::string_view bytes;  // must outlive the call
};

// Errc::format with libarchive's message when it refuses an entry. `mtime`: seconds since 1970 for every entry.
Result<std::string> write_zip(const std::vector<ZipEntry>& entries, std::int64_t mtime);

}  // namespace migready::bundle

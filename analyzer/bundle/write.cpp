#include "bundle/write.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <memory>

namespace migready::bundle {
namespace {

la_ssize_t append(archive*, void* out, const void* buffer, size_t length) {
  static_cast<std::string*>(out)->append(static_cast<const char*>(buffer), length);
  return static_cast<la_ssize_t>(length);
}

Error zip_error(archive* a, const std::string& what) {
  const char* why = a != nullptr ? archive_error_string(a) : nullptr;
  return make_error(Errc::format, what + ": " + (why != nullptr ? why : "libarchive failed"), "");
}

}  // namespace

Result<std::string> write_zip(const std::vector<ZipEntry>& entries, std::int64_t mtime) {
  std::string out;
  std::unique_ptr<archive, decltype(&archive_write_free)> a(archive_write_new(), &archive_write_free);
  if (!a || archive_write_set_format_zip(a.get()) != ARCHIVE_OK ||
      archive_write_set_options(a.get(), "zip:compression=deflate") != ARCHIVE_OK ||
      archive_write_set_bytes_in_last_block(a.get(), 1) != ARCHIVE_OK ||
      archive_write_open(a.get(), &out, nullptr, &append, nullptr) != ARCHIVE_OK) {
    return zip_error(a.get(), "cannot start the zip");
  }
  std::unique_ptr<archive_entry, decltype(&archive_entry_free)> e(archive_entry_new(), &archive_entry_free);
  for (const ZipEntry& entry : entries) {
    archive_entry_clear(e.get());
    archive_entry_set_pathname_utf8(e.get(), entry.name.c_str());
    archive_entry_set_filetype(e.get(), AE_IFREG);
    archive_entry_set_perm(e.get(), 0644);
    archive_entry_set_size(e.get(), static_cast<la_int64_t>(entry.bytes.size()));
    archive_entry_set_mtime(e.get(), static_cast<time_t>(mtime), 0);
    if (archive_write_header(a.get(), e.get()) != ARCHIVE_OK) return zip_error(a.get(), entry.name);
    std::size_t done = 0;
    while (done < entry.bytes.size()) {
      const la_ssize_t n = archive_write_data(a.get(), entry.bytes.data() + done, entry.bytes.size() - done);
      if (n <= 0) return zip_error(a.get(), entry.name);
      done += static_cast<std::size_t>(n);
    }
  }
  if (archive_write_close(a.get()) != ARCHIVE_OK) return zip_error(a.get(), "closing the zip");
  return out;
}

}  // namespace migready::bundle

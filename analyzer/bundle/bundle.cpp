#include "bundle/bundle.hpp"

#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <memory>

#if !defined(_WIN32)
#include <locale.h>
#endif

#include "bundle/manifest_schema.hpp"
#include "bundle/sealed.hpp"
#include "contract/sha256.hpp"
#include "core/text.hpp"
#include "platform/platform.hpp"

namespace migready::bundle {
namespace {

using ArchivePtr = std::unique_ptr<archive, decltype(&archive_read_free)>;

ArchivePtr new_reader() {
  ArchivePtr a(archive_read_new(), &archive_read_free);
  archive_read_support_format_zip(a.get());
  archive_read_support_format_tar(a.get());
  archive_read_support_format_gnutar(a.get());
  archive_read_support_format_cab(a.get());
  archive_read_support_filter_gzip(a.get());
  archive_read_support_filter_none(a.get());
  return a;
}

std::string libarchive_error(archive* a) {
  const char* message = archive_error_string(a);
  return message ? message : "unknown libarchive error";
}

#if !defined(_WIN32)
// libarchive converts a zip name flagged UTF-8 (and a pax name) to the charset of the locale in force when it
// first converts one (nl_langinfo(CODESET), cached per archive) and back when asked for UTF-8. Under the C
// locale a non-ASCII UTF-8 name has no form at all. This puts C.UTF-8 in force for LC_CTYPE on the calling
// thread only (uselocale: the process locale and other threads, such as triage's readers, are untouched), so
// names come out as their UTF-8 bytes whatever LANG is. Without a UTF-8 locale the thread keeps its own.
// The locale object is made once and shared by every thread for the life of the process, never freed: freeing
// one per bundle raced, in glibc's locale teardown (_nl_cleanup_ctype, __gconv_close_transform), with
// triage's other readers (ThreadSanitizer, tests/tsan/check-triage-race).
class Utf8NameLocale {
 public:
  Utf8NameLocale() {
    static const locale_t utf8 = [] {
      for (const char* name : {"C.UTF-8", "C.utf8", "en_US.UTF-8"}) {
        const locale_t made = newlocale(LC_CTYPE_MASK, name, static_cast<locale_t>(nullptr));
        if (made != static_cast<locale_t>(nullptr)) return made;
      }
      return static_cast<locale_t>(nullptr);
    }();
    if (utf8 != static_cast<locale_t>(nullptr)) m_previous = uselocale(utf8);
  }
  ~Utf8NameLocale() {
    if (m_previous != static_cast<locale_t>(nullptr)) uselocale(m_previous);
  }
  Utf8NameLocale(const Utf8NameLocale&) = delete;
  Utf8NameLocale& operator=(const Utf8NameLocale&) = delete;

 private:
  locale_t m_previous = static_cast<locale_t>(nullptr);
};
#else
// Windows: libarchive holds names in UTF-16 and gives UTF-8 whatever the ANSI code page.
struct Utf8NameLocale {};
#endif

// A name that is not valid UTF-8, printable: each byte of an invalid sequence as \xNN (a backslash is refused
// in names, so the form cannot be mistaken for a real name).
std::string escape_invalid_utf8(std::string_view name) {
  std::string out;
  std::size_t i = 0;
  while (i < name.size()) {
    // The longest valid sequence at i (1..4 bytes), else one invalid byte.
    std::size_t len = 0;
    for (std::size_t n = 1; n <= 4 && i + n <= name.size(); ++n) {
      if (text::valid_utf8(name.substr(i, n))) {
        len = n;
        break;
      }
    }
    if (len == 0) {
      char buffer[8];
      std::snprintf(buffer, sizeof buffer, "\\x%02X", static_cast<unsigned>(static_cast<unsigned char>(name[i])));
      out += buffer;
      ++i;
    } else {
      out.append(name.substr(i, len));
      i += len;
    }
  }
  return out;
}

// The path rules of docs/bundle-format.md, applied to every name before anything is read.
Result<void> check_entry_name(std::string_view name, const Limits& limits, const std::string& where) {
  if (name.empty()) return make_error(Errc::format, "entry with an empty name", where);
  if (name.size() > limits.max_path_length) {
    return make_error(Errc::limit, "entry name longer than " + std::to_string(limits.max_path_length) + " bytes",
                      where);
  }
  if (name.front() == '/') return make_error(Errc::unsafe, "absolute path '" + std::string(name) + "'", where);
  if (name.find('\\') != std::string_view::npos || name.find(':') != std::string_view::npos) {
    return make_error(Errc::unsafe, "backslash or drive letter in '" + std::string(name) + "'", where);
  }
  for (char c : name) {
    if (static_cast<unsigned char>(c) < 0x20) {
      return make_error(Errc::unsafe, "control character in an entry name", where);
    }
  }
  std::size_t start = 0;
  while (start <= name.size()) {
    std::size_t end = name.find('/', start);
    if (end == std::string_view::npos) end = name.size();
    std::string_view part = name.substr(start, end - start);
    if (part == "..") return make_error(Errc::unsafe, "'..' in '" + std::string(name) + "'", where);
    start = end + 1;
  }
  return {};
}

Result<std::map<std::string, std::string, std::less<>>> read_entries(archive* a, const std::string& name,
                                                                     const Limits& limits, Diagnostics& diags) {
  std::map<std::string, std::string, std::less<>> entries;
  std::uint64_t total = 0;
  std::size_t count = 0;
  std::array<char, 64 * 1024> chunk{};
  [[maybe_unused]] const Utf8NameLocale utf8_names;  // Windows: an empty type
  for (;;) {
    archive_entry* entry = nullptr;
    int r = archive_read_next_header(a, &entry);
    if (r == ARCHIVE_EOF) break;
    std::string header_warning;  // said after the name is known: a name's own problem is said once, precisely
    if (r == ARCHIVE_WARN) {
      header_warning = libarchive_error(a);
    } else if (r != ARCHIVE_OK) {
      return make_error(Errc::format, "not a readable archive: " + libarchive_error(a),
                        name + "@entry " + std::to_string(count));
    }
    if (++count > limits.max_entries) {
      return make_error(Errc::limit, "more than " + std::to_string(limits.max_entries) + " entries", name);
    }
    // The UTF-8 name where libarchive has one (Utf8NameLocale), else its raw bytes (a name that is not valid
    // UTF-8, flagged or not). Real bundles name entries in ASCII (docs/bundle-format.md); any other name is
    // no artifact's path, so it is read only to be warned about, as any entry no artifact names.
    const char* utf8_name = archive_entry_pathname_utf8(entry);
    const char* raw_name = utf8_name != nullptr ? utf8_name : archive_entry_pathname(entry);
    if (raw_name == nullptr && !header_warning.empty()) {
      // A name libarchive could not convert at all (a zip it wrote itself, flagged UTF-8, with bytes that are
      // not): no artifact's path either, so the same warning, by the entry's number.
      diags.warn(Errc::format,
                 "entry name is not valid UTF-8 (" + header_warning + "); no artifact names it; ignored",
                 name + "@entry " + std::to_string(count));
      continue;
    }
    std::string path = raw_name != nullptr ? raw_name : "";
    const bool valid_name = text::valid_utf8(path);
    const std::string where = name + ":" + (valid_name ? path : escape_invalid_utf8(path));
    if (auto ok = check_entry_name(path, limits, where); !ok) return ok.error();
    if (!valid_name) {
      // Not valid UTF-8: no artifact's path (ASCII), and no form to report it by but an escaped one.
      diags.warn(Errc::format,
                 "entry name is not valid UTF-8 (each invalid byte shown as \\xNN); no artifact names it; ignored",
                 where);
      continue;
    }
    if (!header_warning.empty()) diags.warn(Errc::format, header_warning, where);
    if (archive_entry_hardlink(entry) != nullptr || archive_entry_symlink(entry) != nullptr) {
      return make_error(Errc::unsafe, "link entry", where);
    }
    const auto type = archive_entry_filetype(entry);
    if (type == AE_IFDIR) continue;
    if (type != AE_IFREG) return make_error(Errc::unsafe, "device, fifo or socket entry", where);
    if (path.back() == '/') return make_error(Errc::format, "file entry named like a directory", where);
    if (entries.count(path) != 0) return make_error(Errc::unsafe, "duplicate entry name", where);
    if (archive_entry_size_is_set(entry) != 0 && archive_entry_size(entry) >= 0 &&
        static_cast<std::uint64_t>(archive_entry_size(entry)) > limits.max_entry_size) {
      return make_error(Errc::limit, "entry declares " + std::to_string(archive_entry_size(entry)) +
                                         " bytes, over the limit of " + std::to_string(limits.max_entry_size),
                        where);
    }

    std::string data;
    for (;;) {
      la_ssize_t n = archive_read_data(a, chunk.data(), chunk.size());
      if (n == 0) break;
      if (n < 0) return make_error(Errc::format, "cannot read entry data: " + libarchive_error(a), where);
      const auto got = static_cast<std::uint64_t>(n);
      total += got;
      if (data.size() + got > limits.max_entry_size) {
        return make_error(Errc::limit, "entry larger than " + std::to_string(limits.max_entry_size) + " bytes",
                          where);
      }
      if (total > limits.max_total_size) {
        return make_error(Errc::limit,
                          "archive holds more than " + std::to_string(limits.max_total_size) + " bytes", where);
      }
      const auto compressed = static_cast<std::uint64_t>(std::max<la_int64_t>(archive_filter_bytes(a, -1), 1));
      if (total > limits.ratio_floor && total / compressed > limits.max_ratio) {
        return make_error(Errc::limit,
                          "compression ratio over " + std::to_string(limits.max_ratio) + ":1 (zip bomb?)", where);
      }
      data.append(chunk.data(), static_cast<std::size_t>(n));
    }
    entries.emplace(std::move(path), std::move(data));
  }
  return entries;
}

// Cross-checks every artifact against the entries: the one place that decides whether bytes are trusted.
void verify_artifacts(Bundle& b, Diagnostics& diags) {
  std::map<std::string_view, const ArtifactRecord*> named;
  for (const auto& art : b.manifest.artifacts) {
    if (art.status != Status::ok) {
      std::string what = "collection " + std::string(contract::status_name(art.status));
      if (art.error) what += ": " + *art.error;
      b.problems.push_back({art.id, what});
    }
    if (!art.path) continue;
    if (named.count(*art.path) != 0) {
      b.problems.push_back({art.id, "shares its path '" + *art.path + "' with artifact " + named[*art.path]->id, true});
      continue;
    }
    named[*art.path] = &art;
    auto it = b.entries.find(*art.path);
    if (it == b.entries.end()) {
      b.problems.push_back({art.id, "listed in the manifest as '" + *art.path + "' but not in the bundle", true});
      continue;
    }
    if (art.size && *art.size != it->second.size()) {
      b.problems.push_back({art.id, "size is " + std::to_string(it->second.size()) + " bytes, the manifest says " +
                                        std::to_string(*art.size) + " (corrupt or altered)", true});
      continue;
    }
    const std::string actual = contract::sha256_hex(it->second);
    if (!art.sha256 || *art.sha256 != actual) {
      b.problems.push_back({art.id, "SHA-256 mismatch: bundle has " + actual + ", manifest says " +
                                        art.sha256.value_or("null") + " (corrupt or altered)", true});
      continue;
    }
    b.verified_paths.insert(*art.path);
  }
  for (const auto& [path, bytes] : b.entries) {
    if (path != "manifest.json" && named.count(path) == 0) {
      diags.warn(Errc::format, "entry not named by any artifact; ignored", b.name + ":" + path);
    }
  }
}

}  // namespace

const ArtifactRecord* Bundle::artifact(std::string_view id) const {
  for (const auto& art : manifest.artifacts) {
    if (art.id == id) return &art;
  }
  return nullptr;
}

const std::string* Bundle::entry_bytes(const ArtifactRecord& art) const {
  if (!art.path || verified_paths.count(*art.path) == 0) return nullptr;
  auto it = entries.find(*art.path);
  return it == entries.end() ? nullptr : &it->second;
}

static Result<Bundle> finish_open(archive* a, std::string name, const Limits& limits, Diagnostics& diags) {
  auto entries = read_entries(a, name, limits, diags);
  if (!entries) return std::move(entries).error();
  Bundle b;
  b.name = std::move(name);
  b.entries = std::move(*entries);
  auto manifest_it = b.entries.find("manifest.json");
  if (manifest_it == b.entries.end()) {
    return make_error(Errc::format, "no manifest.json: not a migready bundle", b.name);
  }
  auto manifest = parse_manifest(manifest_it->second, b.name + ":manifest.json");
  if (!manifest) return std::move(manifest).error();
  b.manifest = std::move(*manifest);
  verify_artifacts(b, diags);
  return b;
}

Result<Bundle> open_bundle(const std::string& path, const Limits& limits, Diagnostics& diags) {
  // A sealed bundle is told by its header, whatever its name: decrypted in memory, never to disk.
  if (std::FILE* f = platform::open_file(path, "rb")) {
    char head[64];
    const std::size_t got = std::fread(head, 1, sizeof head, f);
    std::fclose(f);
    if (is_sealed(std::string_view(head, got))) {
      auto mapped = platform::map_file(path);
      if (!mapped) return std::move(mapped).error();
      const auto bytes = mapped->bytes();
      return open_sealed_memory(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()),
                                std::string(platform::file_name(path)), limits, diags);
    }
  }
  ArchivePtr a = new_reader();
#ifdef _WIN32
  // libarchive's narrow name is in the ANSI code page on Windows: the UTF-16 one opens any name (and a long
  // one: libarchive retries with the \\?\ prefix).
  if (archive_read_open_filename_w(a.get(), platform::fs_path(path).c_str(), 64 * 1024) != ARCHIVE_OK) {
    std::string reason = libarchive_error(a.get());
    // It names the file through the C locale ("?" for what it cannot show); name it as the user wrote it. A
    // folder cannot be opened on Windows, where Linux opens it and fails at the first read: say that.
    std::error_code ec;
    if (std::filesystem::is_directory(platform::fs_path(path), ec)) reason = "Error reading '" + path + "'";
    else if (reason.rfind("Failed to open '", 0) == 0) reason = "Failed to open '" + path + "'";
    return make_error(Errc::io, "cannot open as an archive: " + reason, path);
  }
#else
  if (archive_read_open_filename(a.get(), path.c_str(), 64 * 1024) != ARCHIVE_OK) {
    return make_error(Errc::io, "cannot open as an archive: " + libarchive_error(a.get()), path);
  }
#endif
  return finish_open(a.get(), std::string(platform::file_name(path)), limits, diags);
}

Result<Bundle> open_bundle_memory(std::string_view bytes, std::string name, const Limits& limits,
                                  Diagnostics& diags) {
  ArchivePtr a = new_reader();
  if (archive_read_open_memory(a.get(), bytes.data(), bytes.size()) != ARCHIVE_OK) {
    return make_error(Errc::format, "cannot open as an archive: " + libarchive_error(a.get()), name);
  }
  return finish_open(a.get(), std::move(name), limits, diags);
}

}  // namespace migready::bundle

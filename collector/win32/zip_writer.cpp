#include "win32/zip_writer.hpp"

#ifndef LIBARCHIVE_STATIC
#define LIBARCHIVE_STATIC
#endif
#include <archive.h>
#include <archive_entry.h>

#include <algorithm>
#include <cerrno>
#include <vector>

#include "contract/age.hpp"
#include "contract/sha256.hpp"
#include "win32/wide.hpp"

namespace migready::collector::win32 {

struct Sealing {
  contract::age::Encryptor encryptor;
  std::string out;  // sealed bytes not yet written
};

namespace {

constexpr std::size_t kChunk = 256 * 1024;

// Seconds since 1970 from the system clock (avoids the CRT's time(), whose 64-bit variant differs between
// msvcrt.dll versions).
std::int64_t unix_now() {
  FILETIME ft;
  GetSystemTimeAsFileTime(&ft);
  const std::uint64_t ticks = (static_cast<std::uint64_t>(ft.dwHighDateTime) << 32) | ft.dwLowDateTime;
  return static_cast<std::int64_t>(ticks / 10000000ULL) - 11644473600LL;
}

// Writes all of `buffer` to `h`; false with the archive's error set (ENOSPC for a full disk).
bool write_all(struct archive* a, HANDLE h, const void* buffer, std::size_t length) {
  const char* p = static_cast<const char*>(buffer);
  std::size_t done = 0;
  while (done < length) {
    const DWORD chunk = static_cast<DWORD>(std::min<std::size_t>(length - done, std::size_t{1} << 30));
    DWORD wrote = 0;
    if (!WriteFile(h, p + done, chunk, &wrote, nullptr) || wrote == 0) {
      const DWORD err = GetLastError();
      // ENOSPC for a full disk: ZipWriter::fail() recognizes it by the archive's errno, which survives the
      // calls made since (the thread's last error may not).
      const int code = err == ERROR_DISK_FULL || err == ERROR_HANDLE_DISK_FULL ? ENOSPC : EIO;
      archive_set_error(a, code, "%s", error_text(err != 0 ? err : ERROR_WRITE_FAULT).c_str());
      return false;
    }
    done += wrote;
  }
  return true;
}

// libarchive's output callbacks; the client data is the ZipWriter's Sink. The Win32 error text goes into the
// archive's error, so "zip data ...: There is not enough space on the disk." reaches the manifest. Sealed,
// the bytes go through the encryptor first: only whole sealed chunks reach the file.
la_ssize_t write_block(struct archive* a, void* client, const void* buffer, std::size_t length) {
  auto& sink = *static_cast<ZipWriter::Sink*>(client);
  if (sink.sealing == nullptr) {
    return write_all(a, sink.file, buffer, length) ? static_cast<la_ssize_t>(length) : -1;
  }
  std::string& out = sink.sealing->out;
  sink.sealing->encryptor.update(buffer, length, out);
  const bool ok = out.empty() || write_all(a, sink.file, out.data(), out.size());
  out.clear();
  return ok ? static_cast<la_ssize_t>(length) : -1;
}

int close_file(struct archive* a, void* client) {
  auto& sink = *static_cast<ZipWriter::Sink*>(client);
  HANDLE& h = sink.file;
  if (h == INVALID_HANDLE_VALUE) return ARCHIVE_OK;
  bool sealed_ok = true;
  if (sink.sealing != nullptr && sink.finish && sink.sealing->encryptor.is_open()) {
    std::string& out = sink.sealing->out;
    sink.sealing->encryptor.finish(out);
    sealed_ok = write_all(a, h, out.data(), out.size());
    out.clear();
  }
  const BOOL closed = CloseHandle(h);
  h = INVALID_HANDLE_VALUE;
  if (!sealed_ok) return ARCHIVE_FATAL;  // its error is set: the last sealed chunk could not be written
  if (!closed) {
    archive_set_error(a, EIO, "%s", error_text(GetLastError()).c_str());
    return ARCHIVE_FATAL;
  }
  return ARCHIVE_OK;
}

}  // namespace

ZipWriter::~ZipWriter() {
  m_sink.finish = false;  // a zip never closed is not whole: no last chunk
  if (m_archive != nullptr) archive_write_free(m_archive);  // closes the file through close_file
  if (m_sink.file != INVALID_HANDLE_VALUE) CloseHandle(m_sink.file);
}

bool ZipWriter::fail(std::string& error, std::string_view what) {
  const DWORD last_error = GetLastError();  // what the C runtime's failed WriteFile left, before anything else
  m_failed = true;
  const char* message = m_archive != nullptr ? archive_error_string(m_archive) : nullptr;
  error = std::string(what) + ": " + (message != nullptr ? message : "libarchive error");
  if ((m_archive != nullptr && archive_errno(m_archive) == ENOSPC) || last_error == ERROR_DISK_FULL ||
      last_error == ERROR_HANDLE_DISK_FULL) {
    m_disk_full = true;
    error += " (ERROR_DISK_FULL: " + error_text(ERROR_DISK_FULL) + ")";
  }
  return false;
}

bool ZipWriter::open(const std::wstring& path, std::string& error, const std::array<std::uint8_t, 32>* recipient) {
  m_sink.finish = false;
  if (m_archive != nullptr) archive_write_free(m_archive);  // a failed earlier open()
  if (m_sink.file != INVALID_HANDLE_VALUE) CloseHandle(m_sink.file);
  m_sink.file = INVALID_HANDLE_VALUE;
  m_sink.sealing = nullptr;
  m_sealing.reset();
  m_failed = false;
  m_disk_full = false;
  m_archive = archive_write_new();
  if (m_archive == nullptr) {
    error = "archive_write_new failed";
    m_failed = true;
    return false;
  }
  if (archive_write_set_format_zip(m_archive) != ARCHIVE_OK) return fail(error, "zip format");
  if (archive_write_zip_set_compression_deflate(m_archive) != ARCHIVE_OK) return fail(error, "deflate");
  // Padding the last block is for tapes; a zip file ends where its central directory ends.
  if (archive_write_set_bytes_in_last_block(m_archive, 1) != ARCHIVE_OK) return fail(error, "block size");
  // Not inheritable (null security attributes); others may read it while it grows, nobody may write it.
  if (recipient != nullptr) {
    m_sealing = {new Sealing, [](Sealing* p) { delete p; }};
    std::string header;
    if (!m_sealing->encryptor.begin(*recipient, header, error)) {
      error = "sealing: " + error;
      m_failed = true;
      return false;
    }
    m_sealing->out = std::move(header);  // written with the first block
    m_sink.sealing = m_sealing.get();
  }
  m_sink.file = CreateFileW(path.c_str(), GENERIC_WRITE, FILE_SHARE_READ, nullptr, CREATE_ALWAYS,
                            FILE_ATTRIBUTE_NORMAL, nullptr);
  if (m_sink.file == INVALID_HANDLE_VALUE) {
    error = "create zip: " + error_text(GetLastError());
    m_failed = true;
    return false;
  }
  if (archive_write_open(m_archive, &m_sink, nullptr, write_block, close_file) != ARCHIVE_OK) {
    return fail(error, "create zip");
  }
  return true;
}

bool ZipWriter::header(std::string_view entry_path, std::uint64_t size, std::string& error) {
  archive_entry* entry = archive_entry_new();
  if (entry == nullptr) return fail(error, "archive_entry_new");
  const std::string path(entry_path);
  archive_entry_copy_pathname(entry, path.c_str());
  archive_entry_set_filetype(entry, AE_IFREG);
  archive_entry_set_perm(entry, 0644);
  archive_entry_set_size(entry, static_cast<la_int64_t>(size));
  archive_entry_set_mtime(entry, static_cast<time_t>(unix_now()), 0);
  const int rc = archive_write_header(m_archive, entry);
  archive_entry_free(entry);
  if (rc != ARCHIVE_OK) return fail(error, "zip entry " + path);
  return true;
}

bool ZipWriter::add_file(std::string_view entry_path, const std::wstring& file, StoredEntry& stored,
                         std::string& error) {
  if (m_failed) return false;
  const HANDLE f = CreateFileW(file.c_str(), GENERIC_READ, FILE_SHARE_READ, nullptr, OPEN_EXISTING,
                              FILE_FLAG_SEQUENTIAL_SCAN, nullptr);
  if (f == INVALID_HANDLE_VALUE) {
    error = "reading " + to_utf8(file) + ": " + error_text(GetLastError());
    return false;  // the zip itself is still fine
  }
  LARGE_INTEGER size{};
  if (!GetFileSizeEx(f, &size)) {
    error = "size of " + to_utf8(file) + ": " + error_text(GetLastError());
    CloseHandle(f);
    return false;
  }
  const auto total = static_cast<std::uint64_t>(size.QuadPart);
  if (!header(entry_path, total, error)) {
    CloseHandle(f);
    return false;
  }
  contract::Sha256 hash;
  std::vector<char> buffer(kChunk);
  std::uint64_t done = 0;
  while (done < total) {
    DWORD got = 0;
    if (!ReadFile(f, buffer.data(), static_cast<DWORD>(buffer.size()), &got, nullptr) || got == 0) {
      error = "reading " + to_utf8(file) + ": " + error_text(GetLastError());
      CloseHandle(f);
      m_failed = true;  // the entry's header promised `total` bytes: the zip cannot be trusted now
      return false;
    }
    got = static_cast<DWORD>(std::min<std::uint64_t>(got, total - done));
    hash.update(buffer.data(), got);
    if (archive_write_data(m_archive, buffer.data(), got) < 0) {
      CloseHandle(f);
      return fail(error, "zip data " + std::string(entry_path));
    }
    done += got;
  }
  CloseHandle(f);
  if (archive_write_finish_entry(m_archive) != ARCHIVE_OK) return fail(error, "zip entry end");
  stored.size = total;
  stored.sha256 = hash.hex_digest();
  return true;
}

bool ZipWriter::add_bytes(std::string_view entry_path, std::string_view bytes, StoredEntry& stored,
                          std::string& error) {
  if (m_failed) return false;
  if (!header(entry_path, bytes.size(), error)) return false;
  if (!bytes.empty() && archive_write_data(m_archive, bytes.data(), bytes.size()) < 0) {
    return fail(error, "zip data " + std::string(entry_path));
  }
  if (archive_write_finish_entry(m_archive) != ARCHIVE_OK) return fail(error, "zip entry end");
  stored.size = bytes.size();
  stored.sha256 = contract::sha256_hex(bytes);
  return true;
}

bool ZipWriter::close(std::string& error) {
  if (m_archive == nullptr) return false;
  m_sink.finish = !m_failed;  // sealed: the last chunk only for a whole zip
  const int rc = archive_write_close(m_archive);
  bool ok = rc == ARCHIVE_OK && !m_failed;
  if (rc != ARCHIVE_OK) fail(error, "closing the zip");
  archive_write_free(m_archive);
  m_archive = nullptr;
  return ok;
}

}  // namespace migready::collector::win32

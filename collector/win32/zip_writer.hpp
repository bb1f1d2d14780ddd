// The bundle zip, written with libarchive (zip format, deflate). Entries are streamed from files in
// 256 KiB chunks and hashed (SHA-256) on the way in, so the manifest's size/sha256 describe exactly the
// bytes stored. Any libarchive failure is fatal for the zip: the caller stops adding and reports it.
// The file is created here with CreateFileW and a handle that is not inheritable, and libarchive writes
// through callbacks: its own archive_write_open_filename_w opens with _wopen, whose handle every child
// process (bInheritHandles=TRUE) would inherit, so a grandchild outliving its command (net.exe starts
// net1.exe) would hold the .partial open and the final rename would fail.
//
// Sealed (open() given an age recipient, `--encrypt-to`): the same callbacks pass every byte libarchive
// writes through an age encryptor (contract/age.hpp) before WriteFile, so the file on disk is the age file
// and the plaintext zip exists only in memory, one 64 KiB chunk at a time. The last chunk is written by
// close() only when the zip is whole; a failed zip leaves an age file without its last chunk, which every
// reader refuses as truncated.
#pragma once

#include <windows.h>

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

struct archive;

namespace migready::collector::win32 {

struct Sealing;  // zip_writer.cpp: the age encryptor and its output buffer

struct StoredEntry {
  std::uint64_t size = 0;
  std::string sha256;  // lowercase hex
};

class ZipWriter {
 public:
  ZipWriter() = default;
  ZipWriter(const ZipWriter&) = delete;
  ZipWriter& operator=(const ZipWriter&) = delete;
  ~ZipWriter();

  // Creates `path` (overwriting a stale file of that name). False with `error` set on failure; open() may
  // then be called again with another path. With `recipient` (an X25519 public key) the file is sealed.
  bool open(const std::wstring& path, std::string& error, const std::array<std::uint8_t, 32>* recipient = nullptr);
  bool add_file(std::string_view entry_path, const std::wstring& file, StoredEntry& stored, std::string& error);
  bool add_bytes(std::string_view entry_path, std::string_view bytes, StoredEntry& stored, std::string& error);
  // Writes the central directory and closes the file.
  bool close(std::string& error);
  bool failed() const { return m_failed; }
  // The failure was a full disk (libarchive's errno ENOSPC, the C runtime's ERROR_DISK_FULL): no write on
  // that volume succeeds now, so not even the central directory can be added.
  bool disk_full() const { return m_disk_full; }

  // What libarchive's callbacks write to: the file, and the encryptor when sealed.
  struct Sink {
    HANDLE file = INVALID_HANDLE_VALUE;
    Sealing* sealing = nullptr;  // owned by m_sealing
    bool finish = false;                // close(): the zip is whole, write the last chunk
  };

 private:
  bool header(std::string_view entry_path, std::uint64_t size, std::string& error);
  bool fail(std::string& error, std::string_view what);

  struct archive* m_archive = nullptr;
  Sink m_sink;
  std::unique_ptr<Sealing, void (*)(Sealing*)> m_sealing{nullptr, nullptr};
  bool m_failed = false;
  bool m_disk_full = false;
};

}  // namespace migready::collector::win32

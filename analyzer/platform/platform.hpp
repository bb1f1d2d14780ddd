// Every OS-specific call of the analyzer lives in platform.cpp, so a Windows build swaps one file.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace migready::platform {

// True when standard output is a terminal (colors, progress).
bool stdout_is_terminal();
// True when standard error is a terminal (triage's progress line goes there).
bool stderr_is_terminal();

// The number of CPUs this process may run on (its affinity mask on Linux, so `taskset` and container limits
// count), at least 1.
unsigned cpu_count();

// A whole file mapped read-only (Boost.Iostreams mapped_file_source: mmap / MapViewOfFile), so a hive is
// parsed in place, without a copy. An empty file maps to an empty span (mapping zero bytes is an error on
// both systems). The bytes stay valid while the MappedFile lives; it may be moved.
class MappedFile {
 public:
  MappedFile(MappedFile&&) noexcept;
  MappedFile& operator=(MappedFile&&) noexcept;
  ~MappedFile();
  std::span<const std::uint8_t> bytes() const noexcept;

 private:
  friend Result<MappedFile> map_file(const std::string& path);
  struct Impl;
  explicit MappedFile(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> m_impl;
};

// Errc::io with where = path and the system's reason ("No such file or directory", "is a directory").
Result<MappedFile> map_file(const std::string& path);

// Writes `data` to `path` so that `path` is either untouched or holds all of `data`, never a part: a new
// temporary file in the same directory, flushed to disk, then renamed over `path`. On failure the temporary
// file is removed. Errc::io with where = path and the system's reason.
Result<void> write_file_atomically(const std::string& path, std::string_view data);

}  // namespace migready::platform

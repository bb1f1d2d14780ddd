#include "platform/platform.hpp"

#ifndef _WIN32
#include <boost/iostreams/device/mapped_file.hpp>
#endif

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <random>
#include <exception>
#include <thread>
#include <sys/stat.h>

#ifdef _WIN32
#include <io.h>
#include <stdio.h>
#include <windows.h>
#else
#include <fcntl.h>
#include <sched.h>
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace migready::platform {

bool stdout_is_terminal() {
#ifdef _WIN32
  return _isatty(_fileno(stdout)) != 0;
#else
  return isatty(STDOUT_FILENO) == 1;
#endif
}

bool stderr_is_terminal() {
#ifdef _WIN32
  return _isatty(_fileno(stderr)) != 0;
#else
  return isatty(STDERR_FILENO) == 1;
#endif
}

unsigned cpu_count() {
#if defined(__linux__)
  cpu_set_t set;
  CPU_ZERO(&set);
  if (::sched_getaffinity(0, sizeof set, &set) == 0) {
    const int n = CPU_COUNT(&set);
    if (n > 0) return static_cast<unsigned>(n);
  }
#endif
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : n;
}

#ifdef _WIN32
// A view of a read-only file mapping: the mapping handle may be closed once the view exists.
struct MappedFile::Impl {
  const std::uint8_t* data = nullptr;  // null for an empty file
  std::size_t size = 0;
  Impl() = default;
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  ~Impl() {
    if (data != nullptr) UnmapViewOfFile(data);
  }
};
#else
struct MappedFile::Impl {
  boost::iostreams::mapped_file_source source;  // not open for an empty file
};
#endif

MappedFile::MappedFile(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
MappedFile::MappedFile(MappedFile&&) noexcept = default;
MappedFile& MappedFile::operator=(MappedFile&&) noexcept = default;
MappedFile::~MappedFile() = default;

#ifdef _WIN32
std::span<const std::uint8_t> MappedFile::bytes() const noexcept {
  if (!m_impl || m_impl->data == nullptr) return {};
  return {m_impl->data, m_impl->size};
}

Result<MappedFile> map_file(const std::string& path) {
  const int wide_size = MultiByteToWideChar(CP_UTF8, MB_ERR_INVALID_CHARS, path.data(), static_cast<int>(path.size()),
                                            nullptr, 0);
  if (wide_size <= 0 && !path.empty()) return make_error(Errc::io, "the path is not valid UTF-8", path);
  std::wstring wide(static_cast<std::size_t>(wide_size), L'\0');
  MultiByteToWideChar(CP_UTF8, 0, path.data(), static_cast<int>(path.size()), wide.data(), wide_size);
  HANDLE file = CreateFileW(wide.c_str(), GENERIC_READ, FILE_SHARE_READ | FILE_SHARE_DELETE, nullptr, OPEN_EXISTING,
                            FILE_ATTRIBUTE_NORMAL, nullptr);
  if (file == INVALID_HANDLE_VALUE) {
    const DWORD error = GetLastError();
    const DWORD attributes = GetFileAttributesW(wide.c_str());
    if (attributes != INVALID_FILE_ATTRIBUTES && (attributes & FILE_ATTRIBUTE_DIRECTORY) != 0) {
      return make_error(Errc::io, "is a directory", path);
    }
    if (error == ERROR_FILE_NOT_FOUND || error == ERROR_PATH_NOT_FOUND) {
      return make_error(Errc::io, "No such file or directory", path);
    }
    if (error == ERROR_ACCESS_DENIED) return make_error(Errc::io, "Permission denied", path);
    return make_error(Errc::io, "cannot open the file (Windows error " + std::to_string(error) + ")", path);
  }
  auto impl = std::make_unique<MappedFile::Impl>();
  LARGE_INTEGER size{};
  if (!GetFileSizeEx(file, &size)) {
    const DWORD error = GetLastError();
    CloseHandle(file);
    return make_error(Errc::io, "cannot read the file's size (Windows error " + std::to_string(error) + ")", path);
  }
  if (size.QuadPart == 0) {
    CloseHandle(file);
    return MappedFile(std::move(impl));
  }
  HANDLE mapping = CreateFileMappingW(file, nullptr, PAGE_READONLY, 0, 0, nullptr);
  const DWORD mapping_error = GetLastError();
  CloseHandle(file);
  if (mapping == nullptr) {
    return make_error(Errc::io, "cannot map the file (Windows error " + std::to_string(mapping_error) + ")", path);
  }
  const void* view = MapViewOfFile(mapping, FILE_MAP_READ, 0, 0, 0);
  const DWORD view_error = GetLastError();
  CloseHandle(mapping);
  if (view == nullptr) {
    return make_error(Errc::io, "cannot map the file (Windows error " + std::to_string(view_error) + ")", path);
  }
  impl->data = static_cast<const std::uint8_t*>(view);
  impl->size = static_cast<std::size_t>(size.QuadPart);
  return MappedFile(std::move(impl));
}
#else
std::span<const std::uint8_t> MappedFile::bytes() const noexcept {
  if (!m_impl || !m_impl->source.is_open()) return {};
  // mapped_file_source hands out char; the bytes are the same object representation.
  return {reinterpret_cast<const std::uint8_t*>(m_impl->source.data()), m_impl->source.size()};
}

Result<MappedFile> map_file(const std::string& path) {
  // stat first: Boost's messages for a missing file or a directory are vague ("failed opening file").
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return make_error(Errc::io, std::strerror(errno), path);
  if ((st.st_mode & S_IFMT) == S_IFDIR) return make_error(Errc::io, "is a directory", path);
  auto impl = std::make_unique<MappedFile::Impl>();
  if (st.st_size == 0) return MappedFile(std::move(impl));
  try {
    impl->source.open(path);
  } catch (const std::exception& e) {
    return make_error(Errc::io, std::string("cannot map the file: ") + e.what(), path);
  }
  if (!impl->source.is_open()) return make_error(Errc::io, "cannot map the file", path);
#if defined(__linux__) && defined(MADV_POPULATE_READ)
  // Every caller reads the whole file (a hive walked or exported). Mapping all its pages in one call
  // costs far less than a page fault per 64 KiB touched: 3.5 ms of 15 on a 15 MiB hive, measured on a
  // VM. Best effort: an older kernel says EINVAL and the pages fault in as before.
  (void)::madvise(const_cast<char*>(impl->source.data()), impl->source.size(), MADV_POPULATE_READ);
#endif
  return MappedFile(std::move(impl));
}
#endif

Result<void> write_file_atomically(const std::string& path, std::string_view data) {
  const std::size_t slash = path.find_last_of("/\\");
  const std::string dir = slash == std::string::npos ? "." : path.substr(0, slash + 1);
  const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  if (base.empty()) return make_error(Errc::io, "is a directory", path);
#ifdef _WIN32
  // A fresh name opened exclusively ("x"), then MoveFileEx with write-through.
  std::random_device rd;
  std::string tmp;
  std::FILE* f = nullptr;
  for (int attempt = 0; attempt < 16 && f == nullptr; ++attempt) {
    tmp = dir + base + ".tmp-" + std::to_string(rd());
    f = std::fopen(tmp.c_str(), "wbx");
  }
  if (f == nullptr) return make_error(Errc::io, std::string("cannot create a temporary file: ") + std::strerror(errno), path);
  const bool written = std::fwrite(data.data(), 1, data.size(), f) == data.size() && std::fflush(f) == 0 &&
                       _commit(_fileno(f)) == 0;
  const int saved = errno;
  if (std::fclose(f) != 0 || !written) {
    std::remove(tmp.c_str());
    return make_error(Errc::io, std::strerror(written ? errno : saved), path);
  }
  if (!MoveFileExA(tmp.c_str(), path.c_str(), MOVEFILE_REPLACE_EXISTING | MOVEFILE_WRITE_THROUGH)) {
    std::remove(tmp.c_str());
    return make_error(Errc::io, "cannot replace the file (Windows error " + std::to_string(GetLastError()) + ")", path);
  }
  return {};
#else
  std::string tmp = (slash == std::string::npos ? std::string() : dir) + "." + base + ".tmp-XXXXXX";
  const int fd = ::mkstemp(tmp.data());
  if (fd < 0) return make_error(Errc::io, std::string("cannot create a temporary file: ") + std::strerror(errno), path);
  auto fail = [&](int error) {
    ::close(fd);
    ::unlink(tmp.c_str());
    return make_error(Errc::io, std::strerror(error), path);
  };
  // mkstemp makes the file 0600; a report is an ordinary file: 0666 less the umask, as open() would.
  const mode_t mask = ::umask(0);
  ::umask(mask);
  if (::fchmod(fd, 0666 & ~mask) != 0) return fail(errno);
  std::size_t done = 0;
  while (done < data.size()) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return fail(n < 0 ? errno : EIO);
    done += static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) return fail(errno);
  if (::close(fd) != 0) {
    const int error = errno;
    ::unlink(tmp.c_str());
    return make_error(Errc::io, std::strerror(error), path);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int error = errno;
    ::unlink(tmp.c_str());
    return make_error(Errc::io, std::strerror(error), path);
  }
  return {};
#endif
}

}  // namespace migready::platform

// The POSIX side of the platform module (Linux; macOS and the BSDs would build it too).
#ifndef _WIN32

#include <boost/iostreams/device/mapped_file.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <thread>

#include <fcntl.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "platform/platform.hpp"

namespace migready::platform {

std::vector<std::string> arguments(int argc, char** argv) {
  return argc > 1 ? std::vector<std::string>(argv + 1, argv + argc) : std::vector<std::string>();
}

void console_setup() {}

bool stdout_is_terminal() { return isatty(STDOUT_FILENO) == 1; }
bool stderr_is_terminal() { return isatty(STDERR_FILENO) == 1; }
bool stdout_takes_escapes() { return stdout_is_terminal(); }
bool stderr_takes_escapes() { return stderr_is_terminal(); }

void hold_console_window() {}

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

std::FILE* open_file(const std::string& path, const char* mode) { return std::fopen(path.c_str(), mode); }

struct MappedFile::Impl {
  boost::iostreams::mapped_file_source source;  // not open for an empty file
};

MappedFile::MappedFile(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}
MappedFile::MappedFile(MappedFile&&) noexcept = default;
MappedFile& MappedFile::operator=(MappedFile&&) noexcept = default;
MappedFile::~MappedFile() = default;

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

namespace {

// Writes all of `data` to `fd`, fsyncs and closes it (always closed): 0, or the first errno.
int write_sync_close(int fd, std::string_view data) {
  int error = 0;
  for (std::size_t done = 0; done < data.size() && error == 0;) {
    const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) error = n < 0 ? errno : EIO;
    else done += static_cast<std::size_t>(n);
  }
  if (error == 0 && ::fsync(fd) != 0) error = errno;
  if (::close(fd) != 0 && error == 0) error = errno;
  return error;
}

}  // namespace

Result<void> write_file_atomically(const std::string& path, std::string_view data) {
  const std::size_t slash = path.find_last_of("/\\");
  const std::string dir = slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
  const std::string base = slash == std::string::npos ? path : path.substr(slash + 1);
  if (base.empty()) return make_error(Errc::io, "is a directory", path);
  std::string tmp = dir + "." + base + ".tmp-XXXXXX";
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
  if (const int error = write_sync_close(fd, data); error != 0) {
    ::unlink(tmp.c_str());
    return make_error(Errc::io, std::strerror(error), path);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) {
    const int error = errno;
    ::unlink(tmp.c_str());
    return make_error(Errc::io, std::strerror(error), path);
  }
  return {};
}

Result<void> write_new_private_file(const std::string& path, std::string_view data) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return make_error(Errc::io, std::strerror(errno), path);
  auto fail = [&](int error) {
    ::close(fd);
    ::unlink(path.c_str());
    return make_error(Errc::io, std::strerror(error), path);
  };
  // The umask can only take bits away; 0600 is what must stay, whatever it was.
  if (::fchmod(fd, 0600) != 0) return fail(errno);
  if (const int error = write_sync_close(fd, data); error != 0) {
    ::unlink(path.c_str());
    return make_error(Errc::io, std::strerror(error), path);
  }
  return {};
}

}  // namespace migready::platform

#endif  // !_WIN32

// The portable part of the platform module: paths between UTF-8 and std::filesystem.
#include "platform/platform.hpp"

namespace migready::platform {

std::filesystem::path fs_path(std::string_view utf8) {
  // From char8_t: libstdc++ converts UTF-8 to the native UTF-16 on Windows (a std::string would go through
  // the ANSI code page); on POSIX the bytes are kept as they are.
  return std::filesystem::path(std::u8string(utf8.begin(), utf8.end()));
}

std::string path_utf8(const std::filesystem::path& path) {
  const std::u8string text = path.u8string();
  return std::string(text.begin(), text.end());
}

std::string_view file_name(std::string_view path) {
#ifdef _WIN32
  const std::size_t cut = path.find_last_of("/\\:");
#else
  const std::size_t cut = path.rfind('/');
#endif
  return cut == std::string_view::npos ? path : path.substr(cut + 1);
}

}  // namespace migready::platform

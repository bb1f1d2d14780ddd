#include "core/naming.hpp"

#include "core/utf.hpp"

namespace migready::collector {

std::string sanitize_host(std::string_view computer_name_utf8) {
  std::string out;
  std::size_t pos = 0;
  while (pos < computer_name_utf8.size()) {
    const char32_t cp = decode_utf8(computer_name_utf8, pos);
    const bool keep = (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') || cp == '-';
    out.push_back(keep ? static_cast<char>(cp) : '_');
  }
  return out.empty() ? std::string("unknown") : out;
}

std::string bundle_file_name(std::string_view computer_name_utf8, const CivilTime& started_utc) {
  return "migready-" + sanitize_host(computer_name_utf8) + "-" + format_compact_utc(started_utc) + ".zip";
}

}  // namespace migready::collector

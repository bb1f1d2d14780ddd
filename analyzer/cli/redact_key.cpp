#include "cli/redact_key.hpp"

#include <filesystem>
#include <string_view>
#include <system_error>

#include <sodium.h>

#include "platform/platform.hpp"

namespace migready::cli {

Result<report::RedactKey> redaction_key(const std::string& key_file, bool& created) {
  created = false;
  report::RedactKey key;
  if (key_file.empty() || !std::filesystem::exists(platform::fs_path(key_file))) {
    // libsodium's generator: getrandom(2) on Linux, RtlGenRandom on Windows (as for keygen's keys).
    if (sodium_init() < 0) return make_error(Errc::io, "cannot initialise libsodium for a random key", key_file);
    randombytes_buf(key.bytes.data(), key.bytes.size());
    if (key_file.empty()) return key;
    if (auto written = platform::write_new_private_file(key_file, report::format_redact_key(key)); !written) {
      return written.error();
    }
    created = true;
    return key;
  }
  auto mapped = platform::map_file(key_file);
  if (!mapped) return mapped.error();
  const auto bytes = mapped->bytes();
  if (bytes.size() > kMaxKeyFileBytes) {
    return make_error(Errc::limit, "a redaction key file is one line of 64 hexadecimal digits; this one holds " +
                                       std::to_string(bytes.size()) + " bytes", key_file);
  }
  return report::parse_redact_key(std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()), key_file);
}

}  // namespace migready::cli

#include "report/hmac_sha256.hpp"

#include <sodium.h>

namespace migready::report {

Hmac256 hmac_sha256(std::span<const std::uint8_t> key, std::string_view message) {
  // The multi-part form takes a key of any length (hashed first past the 64-byte block, as RFC 2104 says);
  // crypto_auth_hmacsha256() itself wants exactly 32 bytes. None of these calls can fail.
  // libsodium declares its pointers non-null even for zero lengths: an empty key or message points here.
  static constexpr unsigned char kNothing = 0;
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, key.empty() ? &kNothing : key.data(), key.size());
  crypto_auth_hmacsha256_update(
      &state, message.empty() ? &kNothing : reinterpret_cast<const unsigned char*>(message.data()), message.size());
  Hmac256 mac{};
  crypto_auth_hmacsha256_final(&state, mac.data());
  sodium_memzero(&state, sizeof state);
  return mac;
}

}  // namespace migready::report

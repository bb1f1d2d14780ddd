// HMAC-SHA-256 (RFC 2104 over FIPS 180-4), the one keyed hash of the analyzer: `--redact` derives every
// pseudonym from it (report/redact.hpp). libsodium's crypto_auth_hmacsha256, the library that also seals
// bundles (contract/age.hpp). Tested with the RFC 4231 vectors (tests/unit/report/test_hmac_sha256.cpp).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

namespace migready::report {

using Hmac256 = std::array<std::uint8_t, 32>;

// The MAC of `message` under `key` (any length: a key longer than the 64-byte block is hashed first, as the
// RFC says). Never fails.
Hmac256 hmac_sha256(std::span<const std::uint8_t> key, std::string_view message);

}  // namespace migready::report

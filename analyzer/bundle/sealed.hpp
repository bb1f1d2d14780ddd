// Sealed bundles: a bundle zip inside an age file (contract/age.hpp), as `migready-collect.exe --encrypt-to`
// writes it. open_bundle() recognizes one by its first bytes (never by the name alone), decrypts it in memory
// with the identities the caller loaded, and reads the zip from memory under the same Limits; nothing
// decrypted is written to disk.
//
//   auto keys = load_identities({"desk.key"});                 // Errc::io / format with desk.key:line
//   Limits limits; limits.identities = *keys;
//   auto b = open_bundle("migready-SBS01-….zip.age", limits, diags);
//
// Errors of a sealed bundle name the check that failed and where (`where` is "<file>@<offset>"):
//   usage        sealed, but no --identity given; or wrong key (none of the identities opens it)
//   unsupported  another age version, the ASCII armor, a passphrase (scrypt) file
//   format       the age header breaks the format or its limits; truncated (no nonce, last chunk missing)
//   integrity    header MAC mismatch, a payload chunk failing authentication, bytes after the last chunk
//   limit        the decrypted zip would exceed Limits::max_total_size
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bundle/bundle.hpp"
#include "contract/age.hpp"
#include "core/diagnostics.hpp"
#include "core/result.hpp"

namespace migready::bundle {

// The identities (X25519 secret keys) for sealed bundles, wiped when the last user lets go.
struct Identities {
  std::vector<contract::age::Identity> keys;
  Identities() = default;
  Identities(const Identities&) = delete;
  Identities& operator=(const Identities&) = delete;
  ~Identities() {
    for (auto& k : keys) k.wipe();
  }
};

// An identity file is at most this large (age-keygen's is 3 lines, under 200 bytes).
inline constexpr std::size_t kMaxIdentityFileBytes = 64 * 1024;

// Reads each file in age-keygen's format (contract::age::parse_identities). Errors: io (cannot read),
// limit (larger than kMaxIdentityFileBytes), format (`where` file:line), usage (no file given).
Result<std::shared_ptr<const Identities>> load_identities(const std::vector<std::string>& files);

// Whether `prefix` (a file's first bytes) starts an age file (any version, or its armor).
bool is_sealed(std::string_view prefix);

// Decrypts a sealed bundle already in memory and opens the zip inside; `name` names it in messages.
Result<Bundle> open_sealed_memory(std::string_view file, std::string name, const Limits& limits, Diagnostics& diags);

}  // namespace migready::bundle

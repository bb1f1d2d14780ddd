// An age X25519 recipient (`age1…`, Bech32 of the 32-byte public key): parsed and written without libsodium,
// so the collector's option parser (collector/core, also compiled natively without it) checks
// `--encrypt-to` before anything is collected. The rest of the format is contract/age.hpp.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "contract/ascii.hpp"
#include "contract/bech32.hpp"

namespace migready::contract::age {

using Key = std::array<std::uint8_t, 32>;
inline constexpr std::string_view kRecipientHrp = "age";

inline std::string encode_recipient(const Key& public_key) {
  return bech32::encode(kRecipientHrp, public_key.data(), public_key.size());
}

// `age1…`: nullopt with `error` naming what is wrong.
// A secret key given by mistake (AGE-SECRET-KEY-1…) is refused without echoing it.
inline std::optional<Key> parse_recipient(std::string_view text, std::string& error) {
  if (ascii_lower(text.substr(0, 15)) == "age-secret-key-") {
    error = "that is a secret key (AGE-SECRET-KEY-1...), not a recipient: give the public key (age1...) that "
            "'migready keygen' printed; the secret key stays with the desk";
    return std::nullopt;
  }
  // Built by appending: GCC 12's -Wrestrict misfires on "'" + std::string(...) (a known false positive).
  error.assign(1, '\'');
  error.append(text.data(), text.size());
  error += "' is not an age ";
  std::string why;
  const auto d = bech32::decode(text, why);
  if (!d) {
    error += "recipient: it " + why;
    return std::nullopt;
  }
  if (d->hrp != kRecipientHrp) {
    error += "X25519 recipient (it starts with '" + d->hrp + "1', not 'age1')";
    return std::nullopt;
  }
  if (d->data.size() != 32) {
    error += "recipient: it holds " + std::to_string(d->data.size()) + " bytes, an X25519 public key 32";
    return std::nullopt;
  }
  error.clear();
  Key k{};
  for (std::size_t i = 0; i < k.size(); ++i) k[i] = d->data[i];
  return k;
}

}  // namespace migready::contract::age

// Bech32 (BIP 173), as age writes its keys: `age1…` recipients and `AGE-SECRET-KEY-1…` identities
// (age-encryption.org/v1, "Recipient and identity encoding"). Header-only and dependency-free: the collector
// checks `--encrypt-to` with it before it collects anything, the analyzer reads identity files with it.
//
//   std::string s = migready::contract::bech32::encode("age", bytes);   // lower case
//   std::string error;
//   auto d = migready::contract::bech32::decode("age1…", error);       // d->hrp == "age", d->data: bytes
//
// As age does: the checksum is Bech32's (not Bech32m), the 90-character limit of BIP 173 is not applied
// (age's identities are longer), upper or lower case but never mixed. Limits: kMaxLength characters in all.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "contract/ascii.hpp"

namespace migready::contract::bech32 {

inline constexpr std::size_t kMaxLength = 1024;
inline constexpr std::string_view kCharset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

struct Decoded {
  std::string hrp;                 // lower case
  std::vector<std::uint8_t> data;  // the 8-bit bytes (the 5-bit groups regrouped, padding checked)
};

namespace detail {

inline std::uint32_t polymod(const std::vector<std::uint8_t>& values) {
  constexpr std::uint32_t kGenerator[5] = {0x3b6a57b2u, 0x26508e6du, 0x1ea119fau, 0x3d4233ddu, 0x2a1462b3u};
  std::uint32_t chk = 1;
  for (const std::uint8_t v : values) {
    const std::uint32_t top = chk >> 25;
    chk = ((chk & 0x1ffffffu) << 5) ^ v;
    for (int i = 0; i < 5; ++i) {
      if (((top >> i) & 1u) != 0) chk ^= kGenerator[i];
    }
  }
  return chk;
}

inline std::vector<std::uint8_t> hrp_expand(std::string_view hrp) {
  std::vector<std::uint8_t> out;
  out.reserve(hrp.size() * 2 + 1);
  for (const char c : hrp) out.push_back(static_cast<std::uint8_t>(static_cast<unsigned char>(c) >> 5));
  out.push_back(0);
  for (const char c : hrp) out.push_back(static_cast<std::uint8_t>(static_cast<unsigned char>(c) & 31));
  return out;
}

// Regroups bits; `pad` on encoding. Decoding refuses more than 4 padding bits or non-zero padding.
inline std::optional<std::vector<std::uint8_t>> convert_bits(const std::vector<std::uint8_t>& in, int from, int to,
                                                             bool pad) {
  std::uint32_t acc = 0;
  int bits = 0;
  const std::uint32_t maxv = (1u << to) - 1;
  std::vector<std::uint8_t> out;
  for (const std::uint8_t value : in) {
    if ((value >> from) != 0) return std::nullopt;
    acc = (acc << from) | value;
    bits += from;
    while (bits >= to) {
      bits -= to;
      out.push_back(static_cast<std::uint8_t>((acc >> bits) & maxv));
    }
  }
  if (pad) {
    if (bits > 0) out.push_back(static_cast<std::uint8_t>((acc << (to - bits)) & maxv));
  } else if (bits >= from || ((acc << (to - bits)) & maxv) != 0) {
    return std::nullopt;
  }
  return out;
}

}  // namespace detail

// Lower-case Bech32 of `data` (8-bit bytes) under `hrp` (lower case, printable ASCII).
inline std::string encode(std::string_view hrp, const std::uint8_t* data, std::size_t size) {
  const std::vector<std::uint8_t> bytes(data, data + size);
  const std::vector<std::uint8_t> groups = *detail::convert_bits(bytes, 8, 5, true);
  std::vector<std::uint8_t> values = detail::hrp_expand(hrp);
  values.insert(values.end(), groups.begin(), groups.end());
  values.insert(values.end(), 6, 0);
  const std::uint32_t mod = detail::polymod(values) ^ 1u;
  std::string out(hrp);
  out += '1';
  for (const std::uint8_t g : groups) out += kCharset[g];
  for (int i = 0; i < 6; ++i) out += kCharset[(mod >> (5 * (5 - i))) & 31];
  return out;
}

// Decodes `text`; nullopt with `error` saying what is wrong (mixed case, a character outside the alphabet,
// no separator, a bad checksum, bad padding).
inline std::optional<Decoded> decode(std::string_view text, std::string& error) {
  if (text.size() > kMaxLength) {
    error = "longer than " + std::to_string(kMaxLength) + " characters";
    return std::nullopt;
  }
  bool lower = false;
  bool upper = false;
  for (const char c : text) {
    if (c < 33 || c > 126) {
      error = "contains a character that is not printable ASCII";
      return std::nullopt;
    }
    lower = lower || (c >= 'a' && c <= 'z');
    upper = upper || (c >= 'A' && c <= 'Z');
  }
  if (lower && upper) {
    error = "mixes upper and lower case";
    return std::nullopt;
  }
  const std::string folded = ascii_lower(text);
  const std::size_t sep = folded.rfind('1');
  if (sep == std::string::npos || sep == 0) {
    error = "has no human-readable part before the separator '1'";
    return std::nullopt;
  }
  if (folded.size() - sep - 1 < 6) {
    error = "is too short for its 6-character checksum";
    return std::nullopt;
  }
  Decoded d;
  d.hrp = folded.substr(0, sep);
  std::vector<std::uint8_t> values = detail::hrp_expand(d.hrp);
  std::vector<std::uint8_t> groups;
  for (std::size_t i = sep + 1; i < folded.size(); ++i) {
    const std::size_t v = kCharset.find(folded[i]);
    if (v == std::string_view::npos) {
      error = "has '" + std::string(1, text[i]) + "' at character " + std::to_string(i + 1) +
              ", which is not in the Bech32 alphabet";
      return std::nullopt;
    }
    groups.push_back(static_cast<std::uint8_t>(v));
  }
  values.insert(values.end(), groups.begin(), groups.end());
  if (detail::polymod(values) != 1u) {
    error = "has a bad checksum (a character mistyped or missing)";
    return std::nullopt;
  }
  groups.resize(groups.size() - 6);
  auto bytes = detail::convert_bits(groups, 5, 8, false);
  if (!bytes) {
    error = "has invalid padding bits";
    return std::nullopt;
  }
  d.data = std::move(*bytes);
  return d;
}

}  // namespace migready::contract::bech32

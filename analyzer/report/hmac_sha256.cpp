#include "report/hmac_sha256.hpp"

#include "contract/sha256.hpp"

namespace migready::report {

Hmac256 hmac_sha256(std::span<const std::uint8_t> key, std::string_view message) {
  constexpr std::size_t kBlock = 64;
  std::array<std::uint8_t, kBlock> k{};  // the key, zero-padded to the block (hashed first when longer)
  if (key.size() > kBlock) {
    contract::Sha256 h;
    h.update(key.data(), key.size());
    const auto d = h.digest();
    for (std::size_t i = 0; i < d.size(); ++i) k[i] = d[i];
  } else {
    for (std::size_t i = 0; i < key.size(); ++i) k[i] = key[i];
  }
  std::array<std::uint8_t, kBlock> pad{};
  contract::Sha256 inner;
  for (std::size_t i = 0; i < kBlock; ++i) pad[i] = static_cast<std::uint8_t>(k[i] ^ 0x36u);
  inner.update(pad.data(), pad.size());
  inner.update(message);
  const auto inner_digest = inner.digest();
  contract::Sha256 outer;
  for (std::size_t i = 0; i < kBlock; ++i) pad[i] = static_cast<std::uint8_t>(k[i] ^ 0x5cu);
  outer.update(pad.data(), pad.size());
  outer.update(inner_digest.data(), inner_digest.size());
  return outer.digest();
}

}  // namespace migready::report

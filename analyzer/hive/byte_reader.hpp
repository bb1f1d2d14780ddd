// ByteReader: the one way the hive module touches raw bytes. Every read is bounds-checked and fails
// (std::nullopt) instead of overflowing; multi-byte integers are assembled little-endian byte by byte, so
// nothing is ever cast onto the buffer and alignment never matters. Offsets are std::size_t; callers
// widen 32-bit file offsets before adding to them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>

namespace migready::hive::detail {

class ByteReader {
 public:
  ByteReader() = default;
  explicit ByteReader(std::span<const std::uint8_t> bytes) noexcept : m_bytes(bytes) {}

  std::size_t size() const noexcept { return m_bytes.size(); }
  std::span<const std::uint8_t> bytes() const noexcept { return m_bytes; }

  // True when [offset, offset + length) lies inside the buffer; written so that it cannot overflow.
  bool has(std::size_t offset, std::size_t length) const noexcept {
    return offset <= m_bytes.size() && length <= m_bytes.size() - offset;
  }

  std::optional<std::span<const std::uint8_t>> sub(std::size_t offset, std::size_t length) const noexcept {
    if (!has(offset, length)) return std::nullopt;
    return m_bytes.subspan(offset, length);
  }

  std::optional<std::uint8_t> u8(std::size_t offset) const noexcept {
    if (!has(offset, 1)) return std::nullopt;
    return m_bytes[offset];
  }

  std::optional<std::uint16_t> u16(std::size_t offset) const noexcept {
    if (!has(offset, 2)) return std::nullopt;
    return static_cast<std::uint16_t>(m_bytes[offset] | (m_bytes[offset + 1] << 8));
  }

  std::optional<std::uint32_t> u32(std::size_t offset) const noexcept {
    if (!has(offset, 4)) return std::nullopt;
    std::uint32_t v = 0;
    for (std::size_t i = 4; i-- > 0;) v = (v << 8) | m_bytes[offset + i];
    return v;
  }

  std::optional<std::int32_t> i32(std::size_t offset) const noexcept {
    auto v = u32(offset);
    if (!v) return std::nullopt;
    return static_cast<std::int32_t>(*v);  // two's complement, defined since C++20
  }

  std::optional<std::uint64_t> u64(std::size_t offset) const noexcept {
    if (!has(offset, 8)) return std::nullopt;
    std::uint64_t v = 0;
    for (std::size_t i = 8; i-- > 0;) v = (v << 8) | m_bytes[offset + i];
    return v;
  }

  // Two ASCII bytes, e.g. "nk"; false when out of bounds.
  bool sig2(std::size_t offset, char a, char b) const noexcept {
    return has(offset, 2) && m_bytes[offset] == static_cast<std::uint8_t>(a) &&
           m_bytes[offset + 1] == static_cast<std::uint8_t>(b);
  }

 private:
  std::span<const std::uint8_t> m_bytes;
};

}  // namespace migready::hive::detail

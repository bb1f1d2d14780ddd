// ByteReader: the one way the analyzer touches raw bytes (the regf hive reader, the .evt parser). Every read
// is bounds-checked and fails (std::nullopt) instead of overflowing; multi-byte integers are copied (memcpy)
// into a local and byte-swapped on a big-endian host, so nothing is ever cast onto the buffer and alignment
// never matters (the compiler turns the memcpy into one unaligned load). Offsets are std::size_t; callers
// widen 32-bit file offsets before adding to them.
#pragma once

#include <cstddef>
#include <bit>
#include <cstdint>
#include <cstring>
#include <optional>
#include <span>

namespace migready {

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
    return load<std::uint16_t>(offset);
  }

  std::optional<std::uint32_t> u32(std::size_t offset) const noexcept {
    if (!has(offset, 4)) return std::nullopt;
    return load<std::uint32_t>(offset);
  }

  std::optional<std::int32_t> i32(std::size_t offset) const noexcept {
    auto v = u32(offset);
    if (!v) return std::nullopt;
    return static_cast<std::int32_t>(*v);  // two's complement, defined since C++20
  }

  std::optional<std::uint64_t> u64(std::size_t offset) const noexcept {
    if (!has(offset, 8)) return std::nullopt;
    return load<std::uint64_t>(offset);
  }

  // A hint that offset will be read soon (a list's cells are scattered over the file: asking for all
  // of them before reading the first overlaps the cache misses). Reads nothing; out of bounds is a no-op.
  void prefetch(std::size_t offset) const noexcept {
    if (offset < m_bytes.size()) __builtin_prefetch(m_bytes.data() + offset);
  }

  // Two ASCII bytes, e.g. "nk"; false when out of bounds.
  bool sig2(std::size_t offset, char a, char b) const noexcept {
    return has(offset, 2) && m_bytes[offset] == static_cast<std::uint8_t>(a) &&
           m_bytes[offset + 1] == static_cast<std::uint8_t>(b);
  }

 private:
  // Little-endian load of an unsigned T at offset; the caller has checked has(offset, sizeof(T)).
  template <typename T>
  T load(std::size_t offset) const noexcept {
    T v;
    std::memcpy(&v, m_bytes.data() + offset, sizeof v);
    if constexpr (std::endian::native == std::endian::big) v = byteswap(v);
    return v;
  }
  template <typename T>
  static T byteswap(T v) noexcept {  // std::byteswap is C++23
    T r = 0;
    for (std::size_t i = 0; i < sizeof v; ++i) r = static_cast<T>((r << 8) | ((v >> (8 * i)) & 0xFF));
    return r;
  }

  std::span<const std::uint8_t> m_bytes;
};

}  // namespace migready

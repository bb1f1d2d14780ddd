#include "hive/text_codec.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

namespace migready::hive::detail {

namespace {

// Converts up to `limit` (at most kChunkUnits) of the `units` UTF-16LE units at p into `to`, which holds
// 3 * kChunkUnits + 4 bytes: a unit gives at most 3 bytes, a surrogate pair 4 for 2 units, and a pair
// that starts at the last unit of the chunk reads its low half from beyond `limit` (within `units`).
// Returns the bytes written; `used` = units consumed, `stopped` = a NUL ended the string.
constexpr std::size_t kChunkUnits = 256;

std::size_t convert_chunk(const std::uint8_t* p, std::size_t units, std::size_t limit, bool stop_at_nul, char* to,
                          std::size_t& used, bool& stopped) {
  char* o = to;
  std::size_t i = 0;
  while (i < limit) {
    // Four ASCII units at a time: every unit below 0x80 and (when stopping at NUL) none zero.
    if (i + 4 <= limit) {
      std::uint64_t w;
      std::memcpy(&w, p + 2 * i, 8);
      if constexpr (std::endian::native == std::endian::little) {
        constexpr std::uint64_t kHigh = 0xFF80FF80FF80FF80ull;
        // A zero 16-bit lane: (x - 1) & ~x has its top bit set only for lanes that were zero.
        const std::uint64_t zero = (w - 0x0001000100010001ull) & ~w & 0x8000800080008000ull;
        if ((w & kHigh) == 0 && (!stop_at_nul || zero == 0)) {
          o[0] = static_cast<char>(w);
          o[1] = static_cast<char>(w >> 16);
          o[2] = static_cast<char>(w >> 32);
          o[3] = static_cast<char>(w >> 48);
          o += 4;
          i += 4;
          continue;
        }
      }
    }
    char32_t u = static_cast<char32_t>(p[2 * i] | (p[2 * i + 1] << 8));
    if (u < 0x80) {
      if (u == 0 && stop_at_nul) {
        stopped = true;
        break;
      }
      *o++ = static_cast<char>(u);
      ++i;
      continue;
    }
    if (u < 0x800) {
      *o++ = static_cast<char>(0xC0 | (u >> 6));
      *o++ = static_cast<char>(0x80 | (u & 0x3F));
      ++i;
      continue;
    }
    if (u >= 0xD800 && u <= 0xDFFF) {
      const char32_t low = i + 1 < units ? static_cast<char32_t>(p[2 * i + 2] | (p[2 * i + 3] << 8)) : 0;
      if (u <= 0xDBFF && low >= 0xDC00 && low <= 0xDFFF) {
        const char32_t c = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00);
        *o++ = static_cast<char>(0xF0 | (c >> 18));
        *o++ = static_cast<char>(0x80 | ((c >> 12) & 0x3F));
        *o++ = static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        *o++ = static_cast<char>(0x80 | (c & 0x3F));
        i += 2;
        continue;
      }
      u = 0xFFFD;  // an unpaired surrogate, as append_utf8 would write it
    }
    *o++ = static_cast<char>(0xE0 | (u >> 12));
    *o++ = static_cast<char>(0x80 | ((u >> 6) & 0x3F));
    *o++ = static_cast<char>(0x80 | (u & 0x3F));
    ++i;
  }
  used = i;
  return static_cast<std::size_t>(o - to);
}

}  // namespace

void append_utf16le_as_utf8(std::string& out, std::span<const std::uint8_t> bytes, bool stop_at_nul) {
  // Through a stack buffer, a chunk at a time: out grows by what was written, never zero-filled first.
  const std::size_t units = bytes.size() / 2;
  const std::uint8_t* p = bytes.data();
  char buffer[kChunkUnits * 3 + 4];
  bool stopped = false;
  for (std::size_t at = 0; at < units && !stopped;) {
    const std::size_t limit = std::min(kChunkUnits, units - at);
    std::size_t used = 0;
    const std::size_t n = convert_chunk(p + 2 * at, units - at, limit, stop_at_nul, buffer, used, stopped);
    out.append(buffer, n);
    at += used;
  }
}

void append_latin1_as_utf8(std::string& out, std::span<const std::uint8_t> bytes) {
  char buffer[512];
  std::size_t n = 0;
  for (std::uint8_t b : bytes) {
    if (n + 2 > sizeof buffer) {
      out.append(buffer, n);
      n = 0;
    }
    if (b < 0x80) {
      buffer[n++] = static_cast<char>(b);
    } else {
      buffer[n++] = static_cast<char>(0xC0 | (b >> 6));
      buffer[n++] = static_cast<char>(0x80 | (b & 0x3F));
    }
  }
  out.append(buffer, n);
}

std::string utf16le_to_utf8(std::span<const std::uint8_t> bytes, bool stop_at_nul) {
  std::string out;
  append_utf16le_as_utf8(out, bytes, stop_at_nul);
  return out;
}

std::string latin1_to_utf8(std::span<const std::uint8_t> bytes) {
  std::string out;
  append_latin1_as_utf8(out, bytes);
  return out;
}

std::string latin1_to_utf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  for (char c : bytes) append_utf8(out, static_cast<unsigned char>(c));
  return out;
}

namespace {

// Decodes one UTF-8 sequence at text[i]; returns the code point and advances i, or nullopt-like
// 0xFFFFFFFF for an invalid sequence (i advanced by one byte).
char32_t next_utf8(std::string_view text, std::size_t& i) {
  const auto b0 = static_cast<unsigned char>(text[i]);
  if (b0 < 0x80) {
    ++i;
    return b0;
  }
  std::size_t len = 0;
  char32_t cp = 0;
  char32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) { len = 2; cp = b0 & 0x1Fu; min = 0x80; }
  else if ((b0 & 0xF0) == 0xE0) { len = 3; cp = b0 & 0x0Fu; min = 0x800; }
  else if ((b0 & 0xF8) == 0xF0) { len = 4; cp = b0 & 0x07u; min = 0x10000; }
  else { ++i; return 0xFFFFFFFF; }
  if (len > text.size() - i) { ++i; return 0xFFFFFFFF; }
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(text[i + k]);
    if ((b & 0xC0) != 0x80) { ++i; return 0xFFFFFFFF; }
    cp = (cp << 6) | (b & 0x3Fu);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) { ++i; return 0xFFFFFFFF; }
  i += len;
  return cp;
}

}  // namespace

bool is_valid_utf8(std::string_view text) {
  for (std::size_t i = 0; i < text.size();) {
    if (next_utf8(text, i) == 0xFFFFFFFF) return false;
  }
  return true;
}

std::vector<std::uint8_t> utf8_to_utf16le(std::string_view text) {
  std::vector<std::uint8_t> out;
  out.reserve(text.size() * 2);
  auto put = [&](char32_t u) {
    out.push_back(static_cast<std::uint8_t>(u & 0xFF));
    out.push_back(static_cast<std::uint8_t>((u >> 8) & 0xFF));
  };
  for (std::size_t i = 0; i < text.size();) {
    char32_t cp = next_utf8(text, i);
    if (cp == 0xFFFFFFFF) cp = 0xFFFD;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      put(0xD800 + (cp >> 10));
      put(0xDC00 + (cp & 0x3FF));
    } else {
      put(cp);
    }
  }
  return out;
}

}  // namespace migready::hive::detail

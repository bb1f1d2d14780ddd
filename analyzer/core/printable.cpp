// text::printable and text::invisible (core/printable.hpp).
#include "core/printable.hpp"

#include <utility>

#include "core/text.hpp"

namespace migready::text {

namespace {

// Unicode 15.1 general categories Cf, Zl and Zp, as inclusive ranges in code point order.
constexpr std::pair<char32_t, char32_t> kFormatRanges[] = {
    {0x00AD, 0x00AD},   {0x0600, 0x0605},   {0x061C, 0x061C},   {0x06DD, 0x06DD},   {0x070F, 0x070F},
    {0x0890, 0x0891},   {0x08E2, 0x08E2},   {0x180E, 0x180E},   {0x200B, 0x200F},   {0x2028, 0x202E},
    {0x2060, 0x2064},   {0x2066, 0x206F},   {0xFEFF, 0xFEFF},   {0xFFF9, 0xFFFB},   {0x110BD, 0x110BD},
    {0x110CD, 0x110CD}, {0x13430, 0x1343F}, {0x1BCA0, 0x1BCA3}, {0x1D173, 0x1D17A}, {0xE0001, 0xE0001},
    {0xE0020, 0xE007F},
};

}  // namespace

bool invisible(char32_t c) noexcept {
  if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) return true;
  if (c < 0xAD) return false;
  for (const auto& [first, last] : kFormatRanges) {
    if (c < first) return false;
    if (c <= last) return true;
  }
  return false;
}

std::string printable(std::string_view text, PrintableOptions options) {
  static constexpr char kHex[] = "0123456789abcdef";
  const std::string clean = sanitize_utf8(text).utf8;
  std::string out;
  out.reserve(clean.size());
  std::size_t i = 0;
  while (i < clean.size()) {
    const auto b = static_cast<unsigned char>(clean[i]);
    // `clean` is valid UTF-8, so the lead byte gives the length and the sequence is complete.
    const std::size_t len = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    char32_t c = len == 1 ? b : len == 2 ? (b & 0x1F) : len == 3 ? (b & 0x0F) : (b & 0x07);
    for (std::size_t k = 1; k < len; ++k) c = (c << 6) | (static_cast<unsigned char>(clean[i + k]) & 0x3F);
    if (c == '\n' && options.keep_newlines) {
      out += '\n';
    } else if (c == '\t') {
      out += options.keep_tabs ? '\t' : ' ';
    } else if (!invisible(c)) {
      out.append(clean, i, len);
    } else if (c < 0x80) {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 0xF];
    } else {
      // "\u{NNNN}": at least four digits, as many as the code point needs (U+E0041 is "\u{e0041}").
      out += "\\u{";
      int shift = c > 0xFFFF ? (c > 0xFFFFF ? 20 : 16) : 12;
      for (; shift >= 0; shift -= 4) out += kHex[(c >> shift) & 0xF];
      out += '}';
    }
    i += len;
  }
  return out;
}

}  // namespace migready::text

// What a text's own bytes say about its encoding, the one home for both programs: the collector records it as
// an artifact's manifest `encoding`, the analyzer checks that record against the stored bytes (a BOM or the
// UTF-16LE pattern wins over the record, and the disagreement is a diagnostic).
//
// The forms Windows tools write, and what is told from the first bytes:
//   FF FE ...          utf16le_bom      wmic redirected to a file, regedit's .reg, Wine's wmic into a pipe
//   EF BB BF ...       utf8_bom         Notepad's "UTF-8", XML reports
//   41 00 42 00 ...    utf16le_pattern  UTF-16LE without a BOM (a file kept from its tail, a tool that writes
//                                       wide characters without one): ASCII text's high byte is 0 in (nearly)
//                                       every code unit and its low byte (nearly) never
//   FE FF ...          utf16be_bom      not written by Windows tools; read as the BOM says
//   anything else      narrow           one byte per character in a code page (OEM or ANSI: the bytes cannot
//                                       tell which; docs/bundle-format.md, "encoding")
// Line ends are not told here: the analyzer reads "\n", "\r\n" and wmic's "\r\r\n" alike.
//
//   contract::sniff_text_form("\xFF\xFE" "C\0") == TextForm::utf16le_bom
//   contract::sniff_text_form("Caption=\r\r\n") == TextForm::narrow
//   contract::encoding_of(TextForm::utf16le_pattern, Encoding::oem) == Encoding::utf16le
#pragma once

#include <algorithm>
#include <cstddef>
#include <string_view>

#include "contract/manifest.hpp"

namespace migready::contract {

enum class TextForm { narrow, utf8_bom, utf16le_bom, utf16le_pattern, utf16be_bom };

// How many leading bytes sniff_text_form looks at; callers may pass more or fewer (a short text is judged on
// what there is).
inline constexpr std::size_t kTextFormHeadBytes = 4096;

// At least two whole code units, 95 % of them with a zero high byte and under 5 % with a zero low byte. An odd
// last byte is ignored (a head cut anywhere, or damaged output, is judged on its whole units).
inline bool looks_like_utf16le(std::string_view bytes) noexcept {
  const std::size_t n = std::min<std::size_t>(bytes.size(), kTextFormHeadBytes) & ~std::size_t{1};
  if (n < 4) return false;
  std::size_t zero_high = 0, zero_low = 0;
  for (std::size_t i = 0; i < n; i += 2) {
    zero_low += bytes[i] == '\0';
    zero_high += bytes[i + 1] == '\0';
  }
  const std::size_t units = n / 2;
  return zero_high * 100 >= units * 95 && zero_low * 100 < units * 5;
}

inline TextForm sniff_text_form(std::string_view head) noexcept {
  if (head.size() >= 3 && head.substr(0, 3) == "\xEF\xBB\xBF") return TextForm::utf8_bom;
  if (head.size() >= 2 && head.substr(0, 2) == "\xFF\xFE") return TextForm::utf16le_bom;
  if (head.size() >= 2 && head.substr(0, 2) == "\xFE\xFF") return TextForm::utf16be_bom;
  if (looks_like_utf16le(head)) return TextForm::utf16le_pattern;
  return TextForm::narrow;
}

// The manifest `encoding` for a text of that form: `narrow` (oem, ansi, or none when the file names its own)
// when the bytes do not decide, and for UTF-16BE, which the manifest has no name for (the analyzer follows
// the BOM).
constexpr Encoding encoding_of(TextForm form, Encoding narrow) noexcept {
  switch (form) {
    case TextForm::utf8_bom: return Encoding::utf8;
    case TextForm::utf16le_bom:
    case TextForm::utf16le_pattern: return Encoding::utf16le;
    case TextForm::utf16be_bom:
    case TextForm::narrow: break;
  }
  return narrow;
}

// "UTF-16LE with a byte order mark", for diagnostics.
constexpr std::string_view text_form_name(TextForm form) noexcept {
  switch (form) {
    case TextForm::utf8_bom: return "UTF-8 with a byte order mark";
    case TextForm::utf16le_bom: return "UTF-16LE with a byte order mark";
    case TextForm::utf16le_pattern: return "UTF-16LE without a byte order mark (a zero byte after every ASCII one)";
    case TextForm::utf16be_bom: return "UTF-16BE with a byte order mark";
    case TextForm::narrow: break;
  }
  return "narrow text";
}

}  // namespace migready::contract

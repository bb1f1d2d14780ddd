// Text decoding: collected bytes to UTF-8, the analyzer's one internal encoding.
//
// Command output arrives in the server's OEM code page (manifest host.code_pages.oem, e.g. 437 or 850),
// .reg exports and some logs in UTF-16LE. Decoding never fails: undecodable bytes become U+FFFD, and the
// caller learns whether that happened (to raise one warning, not one per byte).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace migready::text {

struct Decoded {
  std::string utf8;
  bool lossy = false;  // some input could not be decoded and was replaced by U+FFFD
};

// True for the code pages this build can decode (65001 UTF-8, 20127 ASCII, and the single-byte tables of
// scripts/gen-codepages.py: OEM 437, 737, 775, 850-869, ANSI 874, 1250-1258).
bool code_page_supported(std::uint32_t code_page) noexcept;

// Decodes bytes in a Windows code page. An unsupported code page decodes ASCII and marks the rest lossy.
Decoded decode_code_page(std::string_view bytes, std::uint32_t code_page);

// Decodes UTF-16LE (a leading BOM is skipped; an odd trailing byte and unpaired surrogates are lossy).
Decoded decode_utf16le(std::string_view bytes);

// Replaces invalid UTF-8 sequences with U+FFFD.
Decoded sanitize_utf8(std::string_view bytes);

void append_utf8(std::string& out, char32_t code_point);

}  // namespace migready::text

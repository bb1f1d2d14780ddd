// Text decoding: collected bytes to UTF-8, the analyzer's one internal encoding.
//
// Command output arrives in the server's OEM code page (manifest host.code_pages.oem, e.g. 437 or 850), some
// in its ANSI code page or UTF-16LE (with or without a BOM), .reg exports and some logs in UTF-16LE. Decoding never fails: undecodable bytes become U+FFFD, and the
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

// Decodes UTF-16BE (a leading BOM FE FF is skipped; damage as for decode_utf16le).
Decoded decode_utf16be(std::string_view bytes);

// Replaces invalid UTF-8 sequences with U+FFFD.
Decoded sanitize_utf8(std::string_view bytes);

// True when every byte sequence is well-formed UTF-8 (no overlong forms, surrogates or values past U+10FFFF).
bool valid_utf8(std::string_view bytes) noexcept;

// The encoding of a loose file, as decode_loose found it.
enum class Encoding {
  utf8_bom,     // EF BB BF
  utf16le_bom,  // FF FE
  utf16be_bom,  // FE FF
  utf16le,      // guessed: no BOM, a zero high byte in (nearly) every unit, as in ASCII text saved as "Unicode"
  utf8,         // guessed: no BOM, valid UTF-8 with at least one non-ASCII sequence
  code_page,    // the caller's OEM code page: no BOM and no better guess (plain ASCII lands here too)
};

struct Detected {
  Decoded text;  // without the BOM
  Encoding encoding = Encoding::code_page;
  bool guessed() const noexcept { return encoding == Encoding::utf16le || encoding == Encoding::utf8; }
};

// Decodes a file of unknown origin (a tool's output pasted into a ticket or mail, saved by any editor). In this
// order: a BOM decides; else UTF-16LE when at least 95% of the odd bytes of the first 4 KiB are 0 and under 5%
// of the even ones (contract::sniff_text_form: ASCII text in UTF-16LE; UTF-16BE without a BOM is not guessed); else UTF-8 when the bytes are valid UTF-8
// and not all ASCII (a German or French paste saved by Notepad++ or a mail client: valid UTF-8 is almost never
// an accident in OEM text, whose accented letters are lone bytes >= 0x80); else `code_page`. Never fails.
// Bundle artifacts do not come here: facts/read.hpp's decode_artifact reads them by their manifest `encoding`,
// checked against the same BOM and UTF-16LE pattern.
Detected decode_loose(std::string_view bytes, std::uint32_t code_page);

// How well narrow text reads in a single-byte code page, counted over the non-ASCII bytes next to an ASCII
// letter (inside a word: "Pr\x84fung", "\x9Aber"): how many decode to a letter and how many to anything else
// (a symbol, a box-drawing piece, a control, U+FFFD). Text written in another code page shows in `others`:
// ANSI "\xFC" (u umlaut) reads as OEM 850's superscript three, OEM 850's "\x84" (a umlaut) as ANSI 1252's
// low double quote. Box-drawing lines and other bytes away from letters are not counted. Both zero for a code
// page this build cannot decode. Evidence only: the caller decides what it is worth.
struct CodePageFit {
  std::size_t letters = 0;
  std::size_t others = 0;
};
CodePageFit code_page_fit(std::string_view bytes, std::uint32_t code_page);

// "UTF-8 with BOM", "UTF-16LE without BOM", "code page 850", ...
std::string encoding_name(Encoding encoding, std::uint32_t code_page);

void append_utf8(std::string& out, char32_t code_point);

}  // namespace migready::text

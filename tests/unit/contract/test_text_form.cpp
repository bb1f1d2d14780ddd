// contract/text_form.hpp: what a text's first bytes say about its encoding, for the collector's record and the
// analyzer's check. Real bytes: tests/fixtures/text_forms/SOURCES.md.
#include <catch2/catch.hpp>

#include <string>

#include "contract/text_form.hpp"
#include "support/bundle_builder.hpp"

using migready::contract::Encoding;
using migready::contract::encoding_of;
using migready::contract::kTextFormHeadBytes;
using migready::contract::sniff_text_form;
using migready::contract::TextForm;

namespace {

std::string bytes(const char* s, std::size_t n) { return std::string(s, n); }

// ASCII as UTF-16LE code units, no BOM.
std::string wide(const std::string& ascii) {
  std::string out;
  for (char c : ascii) {
    out += c;
    out += '\0';
  }
  return out;
}

}  // namespace

TEST_CASE("text_form: each form Windows tools write", "[contract][text_form]") {
  const std::string wmic_pipe = migready::test::read_file(std::string(MIGREADY_FIXTURES_DIR) +
                                                          "/text_forms/wmic-os-get-caption-fr-win10.txt");
  REQUIRE(wmic_pipe.find("\r\r\n") != std::string::npos);
  CHECK(sniff_text_form(wmic_pipe) == TextForm::narrow);  // real wmic into a pipe: narrow, CR CR LF
  CHECK(sniff_text_form("\xFF\xFE" + wide("Caption=\r\r\n")) == TextForm::utf16le_bom);  // Wine's wmic
  CHECK(sniff_text_form(wide("Caption=\r\r\nCSName=SBS01\r\r\n")) == TextForm::utf16le_pattern);
  CHECK(sniff_text_form("\xEF\xBB\xBF<?xml version=\"1.0\"?>") == TextForm::utf8_bom);
  CHECK(sniff_text_form(bytes("\xFE\xFF\0C\0a", 6)) == TextForm::utf16be_bom);
  CHECK(sniff_text_form("Windows IP Configuration\r\n") == TextForm::narrow);
  // German OEM (850) text: bytes >= 0x80, never a zero.
  CHECK(sniff_text_form("Prim\x84res DNS-Suffix . . . . . . . :\r\n") == TextForm::narrow);
}

TEST_CASE("text_form: hostile and short bytes", "[contract][text_form]") {
  CHECK(sniff_text_form("") == TextForm::narrow);
  CHECK(sniff_text_form("\xFF") == TextForm::narrow);                   // half a BOM
  CHECK(sniff_text_form("\xFF\xFE") == TextForm::utf16le_bom);          // a lone BOM: empty UTF-16 text
  CHECK(sniff_text_form("\xEF\xBB") == TextForm::narrow);               // two thirds of the UTF-8 BOM
  CHECK(sniff_text_form("\xEF\xBB\xBF") == TextForm::utf8_bom);         // a lone UTF-8 BOM
  CHECK(sniff_text_form(bytes("\xFF\xFE" "A\0B", 5)) == TextForm::utf16le_bom);  // odd length after a BOM
  // Odd length without a BOM: judged on the whole code units, the stray last byte ignored.
  CHECK(sniff_text_form(wide("KB925398") + "K") == TextForm::utf16le_pattern);
  CHECK(sniff_text_form(bytes("A\0", 2)) == TextForm::narrow);          // one code unit is too little to tell
  CHECK(sniff_text_form(bytes("A\0B\0", 4)) == TextForm::utf16le_pattern);
  CHECK(sniff_text_form(std::string(64, '\0')) == TextForm::narrow);   // zeros: no low bytes, not text
  CHECK(sniff_text_form(bytes("\0A\0B\0C\0D", 8)) == TextForm::narrow);  // big-endian without a BOM: not guessed
  // One NUL in narrow text is not the pattern; a UTF-16 text with a few non-ASCII units still is.
  CHECK(sniff_text_form(bytes("Caption=\0\r\r\n", 12)) == TextForm::narrow);
  std::string mostly = wide(std::string(40, 'x'));
  mostly += bytes("\xE4\x4E", 2);  // one CJK unit among 40 ASCII ones
  CHECK(sniff_text_form(mostly) == TextForm::utf16le_pattern);
  // Only the first kTextFormHeadBytes count: UTF-16 after a long narrow head is narrow text.
  CHECK(sniff_text_form(std::string(kTextFormHeadBytes, 'x') + wide(std::string(kTextFormHeadBytes, 'y'))) ==
        TextForm::narrow);
}

TEST_CASE("text_form: the manifest encoding recorded for each form", "[contract][text_form]") {
  CHECK(encoding_of(TextForm::utf16le_bom, Encoding::oem) == Encoding::utf16le);
  CHECK(encoding_of(TextForm::utf16le_pattern, Encoding::ansi) == Encoding::utf16le);
  CHECK(encoding_of(TextForm::utf8_bom, Encoding::none) == Encoding::utf8);
  CHECK(encoding_of(TextForm::narrow, Encoding::oem) == Encoding::oem);
  CHECK(encoding_of(TextForm::narrow, Encoding::ansi) == Encoding::ansi);
  CHECK(encoding_of(TextForm::narrow, Encoding::none) == Encoding::none);
  // UTF-16BE has no manifest name: the narrow default is recorded and the analyzer follows the BOM.
  CHECK(encoding_of(TextForm::utf16be_bom, Encoding::oem) == Encoding::oem);
}

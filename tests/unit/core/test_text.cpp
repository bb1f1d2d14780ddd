#include <catch2/catch.hpp>

#include "core/text.hpp"

using namespace migready;

TEST_CASE("OEM and ANSI code pages decode to UTF-8", "[core][text]") {
  // "Netzwerkverbindung Ä" in code page 850 and 437 (0x8E = Ä in both), "é" = 0x82.
  auto d850 = text::decode_code_page("LAN-Verbindung \x8E \x82", 850);
  CHECK(d850.utf8 == "LAN-Verbindung \xC3\x84 \xC3\xA9");
  CHECK_FALSE(d850.lossy);
  CHECK(text::decode_code_page("\x8E", 437).utf8 == "\xC3\x84");
  CHECK(text::decode_code_page("\x80", 1252).utf8 == "\xE2\x82\xAC");  // euro sign
  CHECK(text::decode_code_page("\xA4", 866).utf8 == "\xD0\xB4");       // Cyrillic small de
  CHECK(text::code_page_supported(850));
  CHECK_FALSE(text::code_page_supported(932));
  auto unknown = text::decode_code_page("ok \xFF", 932);
  CHECK(unknown.lossy);
  CHECK(unknown.utf8 == "ok \xEF\xBF\xBD");
  auto undefined = text::decode_code_page("\x81", 1252);  // undefined in 1252
  CHECK(undefined.lossy);
}

TEST_CASE("UTF-16LE decodes with BOM, surrogates and damage", "[core][text]") {
  using namespace std::string_literals;
  CHECK(text::decode_utf16le("\xFF\xFE" "A\0B\0"s).utf8 == "AB");
  CHECK(text::decode_utf16le("\x3D\xD8\x00\xDE"s).utf8 == "\xF0\x9F\x98\x80");  // U+1F600
  auto unpaired = text::decode_utf16le("\x3D\xD8" "A\0"s);
  CHECK(unpaired.lossy);
  CHECK(unpaired.utf8 == "\xEF\xBF\xBD" "A");
  auto odd = text::decode_utf16le("A\0B"s);
  CHECK(odd.lossy);
  CHECK(odd.utf8 == "A\xEF\xBF\xBD");
}

TEST_CASE("invalid UTF-8 is replaced, valid UTF-8 kept", "[core][text]") {
  CHECK(text::sanitize_utf8("gr\xC3\xBC\xC3\x9F").utf8 == "gr\xC3\xBC\xC3\x9F");
  CHECK_FALSE(text::sanitize_utf8("gr\xC3\xBC\xC3\x9F").lossy);
  CHECK(text::sanitize_utf8("\xC0\xAF").lossy);            // overlong '/'
  CHECK(text::sanitize_utf8("\xED\xA0\x80").lossy);        // surrogate
  CHECK(text::sanitize_utf8("\xF4\x90\x80\x80").lossy);    // > U+10FFFF
  CHECK(text::sanitize_utf8("abc\xE2\x82").utf8 == "abc\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST_CASE("a loose file's encoding: BOMs decide, then UTF-16LE, UTF-8, the OEM code page", "[core][text]") {
  using namespace std::string_literals;
  using text::Encoding;
  // BOMs: stripped, never guessed.
  auto utf8_bom = text::decode_loose("\xEF\xBB\xBF" "gr\xC3\xBC\xC3\x9F"s, 850);
  CHECK(utf8_bom.encoding == Encoding::utf8_bom);
  CHECK(utf8_bom.text.utf8 == "gr\xC3\xBC\xC3\x9F");
  CHECK_FALSE(utf8_bom.guessed());
  auto le_bom = text::decode_loose("\xFF\xFE" "A\0\xFC\0"s, 850);
  CHECK(le_bom.encoding == Encoding::utf16le_bom);
  CHECK(le_bom.text.utf8 == "A\xC3\xBC");
  auto be_bom = text::decode_loose("\xFE\xFF" "\0A\0\xFC"s, 850);
  CHECK(be_bom.encoding == Encoding::utf16be_bom);
  CHECK(be_bom.text.utf8 == "A\xC3\xBC");
  // UTF-16LE without a BOM: "ipconfig" saved as "Unicode" by Notepad without its BOM.
  auto le = text::decode_loose("i\0p\0c\0o\0n\0f\0i\0g\0\r\0\n\0"s, 850);
  CHECK(le.encoding == Encoding::utf16le);
  CHECK(le.guessed());
  CHECK(le.text.utf8 == "ipconfig\r\n");
  // UTF-8 without a BOM: valid, with non-ASCII bytes, wins over the OEM page ("Verbindung über" in UTF-8).
  auto utf8 = text::decode_loose("Verbindung \xC3\xBC" "ber"s, 850);
  CHECK(utf8.encoding == Encoding::utf8);
  CHECK(utf8.guessed());
  CHECK(utf8.text.utf8 == "Verbindung \xC3\xBC" "ber");
  // The same word in code page 850 (0x81 = ü) is not valid UTF-8: the OEM page reads it.
  auto oem = text::decode_loose("Verbindung \x81" "ber"s, 850);
  CHECK(oem.encoding == Encoding::code_page);
  CHECK_FALSE(oem.guessed());
  CHECK(oem.text.utf8 == "Verbindung \xC3\xBC" "ber");
  // Plain ASCII: the code page (nothing to guess), and a short or binary-looking file is not UTF-16.
  CHECK(text::decode_loose("Windows IP Configuration\r\n"s, 437).encoding == Encoding::code_page);
  CHECK(text::decode_loose("A\0"s, 437).encoding == Encoding::code_page);
  CHECK(text::decode_loose("\0\0\0\0\0\0\0\0"s, 437).encoding == Encoding::code_page);
  CHECK(text::encoding_name(Encoding::code_page, 850) == "code page 850");
  CHECK(text::encoding_name(Encoding::utf8, 850) == "UTF-8 without BOM");
  CHECK(text::valid_utf8("gr\xC3\xBC\xC3\x9F"));
  CHECK_FALSE(text::valid_utf8("\xC0\xAF"));
}

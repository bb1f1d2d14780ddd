#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "core/reg_format.hpp"
#include "core/utf.hpp"

using namespace migready::collector;

namespace {

std::string line(std::u16string_view name, std::uint32_t type, const std::vector<std::uint8_t>& data) {
  std::u16string out;
  append_reg_value(out, name, type, data);
  return utf16_to_utf8(out);
}

std::vector<std::uint8_t> le(std::u16string_view text, bool nul = true) {
  std::vector<std::uint8_t> out;
  append_utf16le(out, text);
  if (nul) out.insert(out.end(), {0, 0});
  return out;
}

}  // namespace

TEST_CASE("reg: header and keys", "[collector][reg]") {
  std::u16string out;
  append_reg_header(out);
  append_reg_key(out, u"HKEY_LOCAL_MACHINE\\SYSTEM\\Select");
  append_reg_key_end(out);
  CHECK(utf16_to_utf8(out) ==
        "Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SYSTEM\\Select]\r\n\r\n");
}

TEST_CASE("reg: REG_SZ", "[collector][reg]") {
  CHECK(line(u"Name", reg_type::kSz, le(u"SBS01")) == "\"Name\"=\"SBS01\"\r\n");
  CHECK(line(u"", reg_type::kSz, le(u"default")) == "@=\"default\"\r\n");
  CHECK(line(u"q\"\\", reg_type::kSz, le(u"C:\\a \"b\"")) == "\"q\\\"\\\\\"=\"C:\\\\a \\\"b\\\"\"\r\n");
  CHECK(line(u"NoNul", reg_type::kSz, le(u"x", false)) == "\"NoNul\"=\"x\"\r\n");
  CHECK(line(u"Empty", reg_type::kSz, {}) == "\"Empty\"=\"\"\r\n");
  CHECK(line(u"U", reg_type::kSz, le(u"M\u00fcnchen")) == "\"U\"=\"M\xc3\xbcnchen\"\r\n");
  // Not representable as a quoted string -> hex(1)
  CHECK(line(u"Odd", reg_type::kSz, {0x41, 0x00, 0x42}) == "\"Odd\"=hex(1):41,00,42\r\n");
  CHECK(line(u"Nul", reg_type::kSz, {0x41, 0, 0, 0, 0x42, 0, 0, 0}) == "\"Nul\"=hex(1):41,00,00,00,42,00,00,00\r\n");
  CHECK(line(u"Nl", reg_type::kSz, le(u"a\r\nb")) == "\"Nl\"=hex(1):61,00,0d,00,0a,00,62,00,00,00\r\n");
}

TEST_CASE("reg: REG_DWORD", "[collector][reg]") {
  CHECK(line(u"Start", reg_type::kDword, {0x02, 0, 0, 0}) == "\"Start\"=dword:00000002\r\n");
  CHECK(line(u"Big", reg_type::kDword, {0x78, 0x56, 0x34, 0x12}) == "\"Big\"=dword:12345678\r\n");
  CHECK(line(u"Max", reg_type::kDword, {0xff, 0xff, 0xff, 0xff}) == "\"Max\"=dword:ffffffff\r\n");
  CHECK(line(u"Short", reg_type::kDword, {0x01, 0x02}) == "\"Short\"=hex(4):01,02\r\n");
}

TEST_CASE("reg: every other type as hex", "[collector][reg]") {
  CHECK(line(u"B", reg_type::kBinary, {0x00, 0xab, 0xff}) == "\"B\"=hex:00,ab,ff\r\n");
  CHECK(line(u"B0", reg_type::kBinary, {}) == "\"B0\"=hex:\r\n");
  CHECK(line(u"N", reg_type::kNone, {0x01}) == "\"N\"=hex(0):01\r\n");
  CHECK(line(u"E", reg_type::kExpandSz, le(u"%S%")) == "\"E\"=hex(2):25,00,53,00,25,00,00,00\r\n");
  CHECK(line(u"BE", reg_type::kDwordBigEndian, {0, 0, 0, 1}) == "\"BE\"=hex(5):00,00,00,01\r\n");
  CHECK(line(u"SymbolicLinkValue", reg_type::kLink, le(u"\\R", false)) ==
        "\"SymbolicLinkValue\"=hex(6):5c,00,52,00\r\n");
  CHECK(line(u"M", reg_type::kMultiSz, {0x61, 0, 0, 0, 0x62, 0, 0, 0, 0, 0}) ==
        "\"M\"=hex(7):61,00,00,00,62,00,00,00,00,00\r\n");
  CHECK(line(u"R", 8, {0x01}) == "\"R\"=hex(8):01\r\n");
  CHECK(line(u"F", 9, {0x01}) == "\"F\"=hex(9):01\r\n");
  CHECK(line(u"L", 10, {0x01}) == "\"L\"=hex(a):01\r\n");
  CHECK(line(u"Q", reg_type::kQword, {1, 0, 0, 0, 0, 0, 0, 0}) == "\"Q\"=hex(b):01,00,00,00,00,00,00,00\r\n");
  CHECK(line(u"X", 0x12345, {}) == "\"X\"=hex(12345):\r\n");
}

TEST_CASE("reg: UTF-16LE bytes", "[collector][reg]") {
  std::vector<std::uint8_t> out;
  append_utf16le(out, u"A\u20ac");
  CHECK(out == std::vector<std::uint8_t>{0x41, 0x00, 0xac, 0x20});
  CHECK(kUtf16LeBom[0] == 0xFF);
  CHECK(kUtf16LeBom[1] == 0xFE);
}

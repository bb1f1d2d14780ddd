#include <catch2/catch.hpp>

#include "core/utf.hpp"

using namespace migready::collector;

TEST_CASE("utf16 -> utf8", "[collector][utf]") {
  CHECK(utf16_to_utf8(u"") == "");
  CHECK(utf16_to_utf8(u"SBS01") == "SBS01");
  CHECK(utf16_to_utf8(u"\u00fc\u20ac") == "\xc3\xbc\xe2\x82\xac");
  CHECK(utf16_to_utf8(u"\U0001F600") == "\xf0\x9f\x98\x80");
  const char16_t lone_high[] = {u'a', 0xD800, u'b', 0};
  CHECK(utf16_to_utf8(lone_high) == "a\xef\xbf\xbd" "b");
  const char16_t lone_low[] = {0xDC00, 0};
  CHECK(utf16_to_utf8(lone_low) == "\xef\xbf\xbd");
  const char16_t high_at_end[] = {u'x', 0xDBFF, 0};
  CHECK(utf16_to_utf8(high_at_end) == "x\xef\xbf\xbd");
  const char16_t reversed[] = {0xDC00, 0xD800, 0};
  CHECK(utf16_to_utf8(reversed) == "\xef\xbf\xbd\xef\xbf\xbd");
  const std::u16string with_nul(u"a\0b", 3);
  CHECK(utf16_to_utf8(with_nul) == std::string("a\0b", 3));
}

TEST_CASE("utf8 -> utf16", "[collector][utf]") {
  CHECK(utf8_to_utf16("Z:\\tmp") == u"Z:\\tmp");
  CHECK(utf8_to_utf16("\xf0\x9f\x98\x80") == u"\U0001F600");
  CHECK(utf8_to_utf16("\xff") == u"\uFFFD");
  CHECK(utf16_to_utf8(utf8_to_utf16("Gr\xc3\xbc\xc3\x9f" "e")) == "Gr\xc3\xbc\xc3\x9f" "e");
}

// text::printable and text::invisible: every listed code point escaped, localized text unchanged.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <utility>

#include "core/printable.hpp"
#include "core/text.hpp"

using namespace migready;

TEST_CASE("printable: controls and format characters become visible, localized text stays", "[core][text][printable]") {
  // The bidi controls of the issue, each alone and inside a file name ("gnp<RLO>exe.png" shows as "exe.png").
  const std::pair<char32_t, const char*> listed[] = {
      {0x202A, "\\u{202a}"}, {0x202B, "\\u{202b}"}, {0x202C, "\\u{202c}"}, {0x202D, "\\u{202d}"},
      {0x202E, "\\u{202e}"}, {0x2066, "\\u{2066}"}, {0x2067, "\\u{2067}"}, {0x2068, "\\u{2068}"},
      {0x2069, "\\u{2069}"}, {0x200E, "\\u{200e}"}, {0x200F, "\\u{200f}"}, {0x061C, "\\u{061c}"},
      // Zero-width and other invisible format characters, the separators, a tag, the soft hyphen.
      {0x200B, "\\u{200b}"}, {0x200C, "\\u{200c}"}, {0x200D, "\\u{200d}"}, {0x2060, "\\u{2060}"},
      {0x2061, "\\u{2061}"}, {0x2062, "\\u{2062}"}, {0x2063, "\\u{2063}"}, {0x2064, "\\u{2064}"},
      {0xFEFF, "\\u{feff}"}, {0x00AD, "\\u{00ad}"}, {0x2028, "\\u{2028}"}, {0x2029, "\\u{2029}"},
      {0x206A, "\\u{206a}"}, {0xFFF9, "\\u{fff9}"}, {0xE0001, "\\u{e0001}"}, {0xE0041, "\\u{e0041}"},
      {0x1D173, "\\u{1d173}"},
      // C1 and C0 as before.
      {0x0085, "\\u{0085}"}, {0x009B, "\\u{009b}"}, {0x1B, "\\x1b"}, {0x07, "\\x07"}, {0x7F, "\\x7f"},
      {0x0D, "\\x0d"}, {0x00, "\\x00"},
  };
  for (const auto& [code_point, shown] : listed) {
    INFO("U+" << std::hex << static_cast<std::uint32_t>(code_point));
    CHECK(text::invisible(code_point));
    std::string raw;
    text::append_utf8(raw, code_point);
    CHECK(text::printable(raw) == shown);
    CHECK(text::printable("gnp" + raw + "exe.png") == "gnp" + std::string(shown) + "exe.png");
  }
  // An OSC title sequence: ESC ] 0 ; title BEL.
  CHECK(text::printable("a\x1b]0;pwned\x07z") == "a\\x1b]0;pwned\\x07z");
  // Tabs and line feeds by option.
  CHECK(text::printable("a\tb\nc") == "a b\\x0ac");
  CHECK(text::printable("a\tb\nc", {.keep_newlines = true}) == "a b\nc");
  CHECK(text::printable("a\tb\nc", {.keep_tabs = true}) == "a\tb\\x0ac");
  // Invalid UTF-8 is U+FFFD, which is visible and stays.
  CHECK(text::printable("a\xFF") == "a\xEF\xBF\xBD");
  // German, French, Japanese, Arabic and Hebrew letters, a no-break space, an emoji and a Japanese
  // ideographic variation sequence (U+845B U+E0100) are left as they are.
  for (const std::string legit : {"M\xC3\xBCller", "Soci\xC3\xA9t\xC3\xA9 G\xC3\xA9n\xC3\xA9rale",
                                  "\xE3\x82\xB5\xE3\x83\xBC\xE3\x83\x90\xE3\x83\xBC", "Stra\xC3\x9F" "e",
                                  "\xD8\xB3\xD9\x84\xD8\xA7\xD9\x85", "\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D",
                                  "1\xC2\xA0" "000 \xE2\x82\xAC", "\xF0\x9F\x98\x80", "\xE8\x91\x9B\xF3\xA0\x84\x80",
                                  "C:\\Program Files\\App <1> & \"2\""}) {
    CHECK(text::printable(legit) == legit);
  }
  CHECK_FALSE(text::invisible(U' '));
  CHECK_FALSE(text::invisible(0x00A0));
  CHECK_FALSE(text::invisible(0xFE0F));
  CHECK_FALSE(text::invisible(0xE0100));
  CHECK_FALSE(text::invisible(0xFFFD));
  CHECK_FALSE(text::invisible(0x30FC));
}

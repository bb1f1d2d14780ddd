// The languages the text parsers know, and how a Windows LANGID names one. Console tools print their labels
// in the running user's UI language (the manifest's locale.user_ui_language, format 1.2), so that LANGID
// chooses a parser's label table; the output's own header then confirms it. A parser never guesses the
// language line by line.
//
// Primary language ids are the low 10 bits of a LANGID (winnt.h LANG_*; Microsoft, "Language Identifier
// Constants and Strings"): 0x07 German, 0x09 English, 0x0a Spanish, 0x0c French, 0x10 Italian, 0x11
// Japanese, 0x13 Dutch, 0x16 Portuguese.
#pragma once

#include <cstdint>
#include <iterator>
#include <optional>
#include <string_view>

namespace migready::parsers {

enum class Language { en, de, fr, es, it, nl, pt, ja };

// Index = enum value; the names are ISO 639-1 codes, as `migready parse --lang` and the facts spell them.
inline constexpr std::string_view kLanguageNames[] = {"en", "de", "fr", "es", "it", "nl", "pt", "ja"};
inline constexpr std::uint16_t kLanguagePrimaryIds[] = {0x09, 0x07, 0x0c, 0x0a, 0x10, 0x13, 0x16, 0x11};

constexpr std::string_view language_name(Language l) { return kLanguageNames[static_cast<int>(l)]; }

constexpr std::optional<Language> parse_language(std::string_view name) {
  for (int i = 0; i < static_cast<int>(std::size(kLanguageNames)); ++i) {
    if (kLanguageNames[i] == name) return static_cast<Language>(i);
  }
  return std::nullopt;
}

constexpr std::uint16_t primary_language_id(std::uint16_t langid) { return langid & 0x3ffu; }

// The parsers' language for a LANGID; nullopt for a language they do not know (Russian, Chinese, ...).
constexpr std::optional<Language> language_from_langid(std::uint16_t langid) {
  const std::uint16_t primary = primary_language_id(langid);
  for (int i = 0; i < static_cast<int>(std::size(kLanguagePrimaryIds)); ++i) {
    if (kLanguagePrimaryIds[i] == primary) return static_cast<Language>(i);
  }
  return std::nullopt;
}

static_assert(std::size(kLanguageNames) == std::size(kLanguagePrimaryIds));
static_assert(language_from_langid(0x0407) == Language::de && language_from_langid(0x0416) == Language::pt &&
              language_from_langid(0x0411) == Language::ja && !language_from_langid(0x0419));

}  // namespace migready::parsers

// The language a bundle's tool outputs were printed in, decided once per bundle from the manifest, and the
// reader of a command output whose parser has label tables per language. Private to the facts module.
//
// Console tools print their labels in the running user's UI language, so the manifest's
// locale.user_ui_language (GetUserDefaultUILanguage; system_ui_language when that is 0) names the language a
// localized parser expects; the parser confirms it by the output's header and refuses an output whose header
// is in another language. Three cases:
//   - no locale (a 1.0/1.1 bundle) or a locale naming no UI language: no expected language; each parser's
//     header decides for its whole output (never line by line).
//   - a LANGID whose language has label tables (parsers/language.hpp): that language is expected.
//   - a LANGID whose language no parser knows (Russian 0x0419, Chinese 0x0804, ...), or one a given artifact's
//     parser has no table for (systeminfo in Italian): that artifact's facts are parse_failed ("not checked" in
//     the report) with a reason naming the language, and collection.text_unread lists the artifacts left
//     unread so for COLLECTION_TEXT_LANGUAGE_UNSUPPORTED.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <iterator>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "contract/manifest.hpp"
#include "facts/read.hpp"
#include "parsers/ipconfig.hpp"
#include "parsers/language.hpp"
#include "parsers/systeminfo.hpp"

namespace migready::facts::detail {

struct TextLanguage {
  std::optional<std::uint16_t> langid;        // the UI LANGID; nullopt: no locale, or it names none
  std::optional<parsers::Language> language;  // the parsers' language for it; nullopt: no langid, or unsupported
  std::string source;                         // "manifest:locale.user_ui_language" (or system_ui_language)

  bool unsupported() const { return langid.has_value() && !language.has_value(); }
};

// The bundle's text language (pure: a function of the manifest only).
TextLanguage text_language(const contract::Manifest& m);

// "Russian (LANGID 0x0419)"; a primary language not in winnt.h's list is "LANGID 0x0c1a".
std::string describe_langid(std::uint16_t langid);
// The English name of a LANGID's primary language ("Russian"), empty when not in the table.
std::string_view langid_language_name(std::uint16_t langid);

// The text artifacts whose parsers read labels per language, and the languages each parser has tables for. An
// artifact read with parse_localized_artifact belongs here (one not listed is taken as read in every language,
// its parser deciding); collection.text_unread lists the ones the bundle holds in a language not listed.
struct LocalizedArtifact {
  std::string_view id;
  std::string_view tool;  // as the reason names it: "ipconfig"
  std::span<const parsers::Language> languages;
};
// Every language: the w32tm parsers read English only (parsers/w32tm_monitor.hpp, w32tm_tz.hpp) but give
// their own error for an output in a language they lack, naming it; only an unknown LANGID skips them here.
inline constexpr parsers::Language kParserDecides[] = {
    parsers::Language::en, parsers::Language::de, parsers::Language::fr, parsers::Language::es,
    parsers::Language::it, parsers::Language::nl, parsers::Language::pt, parsers::Language::ja};
inline constexpr LocalizedArtifact kLocalizedTextArtifacts[] = {
    {"command.ipconfig_all", "ipconfig", parsers::kIpconfigLanguages},
    {"command.systeminfo", "systeminfo", parsers::kSysteminfoLanguages},
    {"command.w32tm_monitor", "w32tm /monitor", kParserDecides},
    {"command.w32tm_tz", "w32tm /tz", kParserDecides},
};
const LocalizedArtifact* localized_artifact(std::string_view id);

// Whether the bundle's language leaves artifact `id` unread: an unknown LANGID, or a language its parser has no
// table for. False without a locale (the header decides).
bool text_unreadable(const TextLanguage& lang, std::string_view id);
// The reason the facts of such an artifact carry.
std::string unsupported_language_reason(const TextLanguage& lang, std::string_view id);
// The reason for an output of any tool when no parser knows the LANGID's language (lang.unsupported()).
std::string unsupported_language_reason(const TextLanguage& lang);

// parse_artifact (read.hpp) for a parser that takes the expected language:
// `parse(text, where, diags, std::optional<parsers::Language>)`, the parsers' own order. An artifact that cannot be
// used is collection_failed as always; in an unsupported language the text is not parsed and `paths` are parse_failed
// with unsupported_language_reason; else the parser gets the bundle's language (nullopt without a locale: its header
// decides).
template <typename T, typename Parse>
std::optional<T> parse_localized_artifact(Facts& f, const Bundle& b, std::string_view id,
                                          std::initializer_list<std::string_view> paths, Parse parse,
                                          Diagnostics& diags, std::string* failure = nullptr) {
  const TextLanguage lang = text_language(b.manifest);
  auto with_language = [&](std::string_view text, const std::string& where, Diagnostics& d) {
    return parse(text, where, d, lang.language);
  };
  if (text_unreadable(lang, id) && unavailable_reason(b, b.artifact(id)).empty()) {
    const std::string why = unsupported_language_reason(lang, id);
    for (auto path : paths) f.set_unavailable(path, FactStatus::parse_failed, id, why);
    if (failure) *failure = why;
    return std::nullopt;
  }
  return parse_artifact<T>(f, b, id, paths, with_language, diags, failure);
}

}  // namespace migready::facts::detail

// How a text parser settles the language of the output in front of it: the caller's expected language
// (the manifest's UI language, or `migready parse --lang`) is confirmed by the output's own header or fixed
// phrases, never guessed line by line. Internal to parsers/: each parser keeps its own phrase table and
// asks here only for the verdict, so every tool words a mismatch and an unsupported language the same way.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/diagnostics.hpp"
#include "core/result.hpp"
#include "parsers/language.hpp"

namespace migready::parsers {

// "German (de)": the language as the error messages name it.
std::string language_label(Language l);

// A localized tool's fixed phrase, seen in a real output of that language, for a parser that has no table
// for the language yet: the output is then known to be in it, and is refused as unsupported rather than
// misread as "not TOOL output".
struct ForeignPhrase {
  Language language;
  std::string_view phrase;  // a substring of the localized output (its header)
};

// The language to read `tool`'s output in.
//   - `found`: the language whose header or fixed phrase the output holds (nullopt: none).
//   - `expected`: what the caller expects (nullopt: the output decides).
//   - `known`: the languages the parser has a phrase table for (each backed by a real sample).
// Found and expected differ: a format error naming both. Found but without a table: an `unsupported` error.
// Found: that language. Nothing found and the expected language has no table: an `unsupported` error saying
// so (the facts then say "not checked" with it). Nothing found otherwise: nullopt, and the parser reports its
// own "not TOOL output" error.
Result<std::optional<Language>> settle_language(std::string_view tool, std::optional<Language> expected,
                                                std::optional<Language> found, std::span<const Language> known,
                                                const std::string& where);

// True when `l` is one of `known`.
bool is_known_language(Language l, std::span<const Language> known);

// The language of the first of `foreign` whose phrase `text` holds.
std::optional<Language> find_foreign(std::string_view text, std::span<const ForeignPhrase> foreign);

// A parser whose phrase table is English only (no real localized output was found): `parse_en(text, where,
// diags)` reads it, and its success (the English header and lines found) is what confirms English. A foreign
// phrase of `foreign` in the text, an English parse against a non-English `expected`, or a failed parse with
// a non-English `expected` fail as settle_language says; the English parse's warnings are kept only when its
// result is returned. Sets the result's `language`.
template <typename T, typename ParseEn>
Result<T> parse_english_only(std::string_view tool, std::string_view text, const std::string& where, Diagnostics& diags,
                             std::optional<Language> expected, ParseEn parse_en,
                             std::span<const ForeignPhrase> foreign = {}) {
  static constexpr Language kEnglish[] = {Language::en};
  std::optional<Language> found = find_foreign(text, foreign);
  Diagnostics scratch;
  std::optional<Result<T>> parsed;
  if (!found) {
    parsed.emplace(parse_en(text, where, scratch));
    if (*parsed) found = Language::en;
  }
  auto settled = settle_language(tool, expected, found, kEnglish, where + ":1");
  if (!settled) return std::move(settled).error();
  for (const auto& d : scratch.entries()) diags.add(d.severity, d.code, d.message, d.where);
  if (!*parsed) return std::move(*parsed).error();
  T out = std::move(**parsed);
  out.language = Language::en;
  return out;
}

}  // namespace migready::parsers

// The table of tool-output parsers, by the tool name `migready parse TOOL FILE` takes. Each entry runs its
// parser (decoded UTF-8 text in) and renders what it extracted as JSON, for engineers handed a loose text
// file and for the parsers' golden tests (tests/fixtures/<tool>/<case>.txt -> <case>.expected.json).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "contract/manifest.hpp"
#include "core/diagnostics.hpp"
#include "core/result.hpp"
#include "parsers/language.hpp"

namespace migready::parsers {

struct ParserEntry {
  std::string_view tool;         // "ipconfig"
  std::string_view description;  // "ipconfig /all"
  // Parses `text` (UTF-8) and returns the result as a pretty-printed JSON document.
  Result<std::string> (*parse_to_json)(std::string_view text, const std::string& where, Diagnostics& diags);
  // True for binary formats (an .evt file): `text` is then the raw file, not decoded text. Default false.
  bool binary = false;
  // Parsers with label tables per language: the same, told the language the text should be in (`migready
  // parse --lang xx`; nullopt: the output's header decides, as parse_to_json does). Null for a parser that
  // reads one language.
  Result<std::string> (*parse_localized_to_json)(std::string_view text, const std::string& where,
                                                 Diagnostics& diags, std::optional<Language> expected) = nullptr;
};

std::span<const ParserEntry> parser_table();
const ParserEntry* find_parser(std::string_view tool);

// What `migready parse` is told beside the file. Defaults: nothing.
struct ParseOptions {
  // --locale: the server's short date picture (and time format), with which the `*_iso` twins of date texts
  // are read (parsers/date_text.hpp). Without it a date gets an ISO value only when the text fixes its order.
  std::optional<contract::DateTimeConventions> dates;
  // --lang: the language the text should be in, for an entry with parse_localized_to_json (its header must
  // agree); nullopt: the header decides.
  std::optional<Language> lang;
};

// entry.parse_to_json (entry.parse_localized_to_json when options.lang is set) with `options`. A date text that gets no ISO value says why in a warning
// ("where: time_text \"4/1/2019 ...\" has no ISO value: ambiguous: ...").
Result<std::string> run_parser(const ParserEntry& entry, std::string_view text, const std::string& where,
                               const ParseOptions& options, Diagnostics& diags);

// The conventions `migready parse --locale VALUE` means: VALUE is a short date picture with d, M and y
// ("dd.MM.yyyy"; times then read in 24 hours, or 12 with AM/PM) or one of the locale names of
// kLocaleDefaults (parser_table.cpp; "de-DE"). nullopt for anything else.
std::optional<contract::DateTimeConventions> conventions_for_locale(std::string_view value);

}  // namespace migready::parsers

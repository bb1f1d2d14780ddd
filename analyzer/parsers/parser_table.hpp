// The table of tool-output parsers, by the tool name `migready parse TOOL FILE` takes. Each entry runs its
// parser (decoded UTF-8 text in) and renders what it extracted as JSON, for engineers handed a loose text
// file and for the parsers' golden tests (tests/fixtures/<tool>/<case>.txt -> <case>.expected.json).
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

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

}  // namespace migready::parsers

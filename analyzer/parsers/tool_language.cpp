#include "parsers/tool_language.hpp"

#include <algorithm>

namespace migready::parsers {
namespace {

// Index = enum value, as kLanguageNames.
constexpr std::string_view kEnglishNames[] = {"English", "German", "French",     "Spanish",
                                              "Italian", "Dutch",  "Portuguese", "Japanese"};
static_assert(std::size(kEnglishNames) == std::size(kLanguageNames));

}  // namespace

std::string language_label(Language l) {
  return std::string(kEnglishNames[static_cast<int>(l)]) + " (" + std::string(language_name(l)) + ")";
}

bool is_known_language(Language l, std::span<const Language> known) {
  return std::find(known.begin(), known.end(), l) != known.end();
}

std::optional<Language> find_foreign(std::string_view text, std::span<const ForeignPhrase> foreign) {
  for (const auto& f : foreign) {
    if (text.find(f.phrase) != std::string_view::npos) return f.language;
  }
  return std::nullopt;
}

Result<std::optional<Language>> settle_language(std::string_view tool, std::optional<Language> expected,
                                                std::optional<Language> found, std::span<const Language> known,
                                                const std::string& where) {
  if (found && expected && *found != *expected) {
    return make_error(Errc::format,
                      std::string(tool) + " output is in " + language_label(*found) + " (its own header or fixed phrases say so), but " +
                          language_label(*expected) + " was expected",
                      where);
  }
  if (found && !is_known_language(*found, known)) {
    return make_error(Errc::unsupported,
                      std::string(tool) + " output in " + language_label(*found) +
                          " is not supported: no real sample of it was found (docs/parsers.md, \"Languages\")",
                      where);
  }
  if (found) return found;
  if (expected && !is_known_language(*expected, known)) {
    return make_error(Errc::unsupported,
                      std::string(tool) + " output in " + language_label(*expected) +
                          " is not supported: no real sample of it was found (docs/parsers.md, \"Languages\")",
                      where);
  }
  return std::optional<Language>{};
}

}  // namespace migready::parsers

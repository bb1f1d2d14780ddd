// The bundle's text language (language.hpp).
#include "facts/language.hpp"

#include <algorithm>
#include <cstdio>

namespace migready::facts::detail {
namespace {

// winnt.h's LANG_* primary language ids (the low 10 bits of a LANGID; Microsoft, "Language Identifier
// Constants and Strings"), for naming a language in a reason or finding. Index = primary id.
constexpr std::string_view kPrimaryNames[] = {"",           "Arabic",     "Bulgarian",
                                              "Catalan",    "Chinese",    "Czech",
                                              "Danish",     "German",     "Greek",
                                              "English",    "Spanish",    "Finnish",
                                              "French",     "Hebrew",     "Hungarian",
                                              "Icelandic",  "Italian",    "Japanese",
                                              "Korean",     "Dutch",      "Norwegian",
                                              "Polish",     "Portuguese", "Romansh",
                                              "Romanian",   "Russian",    "Croatian / Serbian / Bosnian",
                                              "Slovak",     "Albanian",   "Swedish",
                                              "Thai",       "Turkish",    "Urdu",
                                              "Indonesian", "Ukrainian",  "Belarusian",
                                              "Slovenian",  "Estonian",   "Latvian",
                                              "Lithuanian"};

}  // namespace

TextLanguage text_language(const contract::Manifest& m) {
  TextLanguage out;
  if (!m.locale) return out;
  if (m.locale->user_ui_language != 0) {
    out.langid = m.locale->user_ui_language;
    out.source = "manifest:locale.user_ui_language";
  } else if (m.locale->system_ui_language != 0) {
    out.langid = m.locale->system_ui_language;
    out.source = "manifest:locale.system_ui_language";
  } else {
    return out;
  }
  out.language = parsers::language_from_langid(*out.langid);
  return out;
}

std::string_view langid_language_name(std::uint16_t langid) {
  const std::uint16_t primary = parsers::primary_language_id(langid);
  return primary < std::size(kPrimaryNames) ? kPrimaryNames[primary] : std::string_view();
}

std::string describe_langid(std::uint16_t langid) {
  char hex[16];
  std::snprintf(hex, sizeof hex, "0x%04x", static_cast<unsigned>(langid));
  const std::string_view name = langid_language_name(langid);
  return name.empty() ? "LANGID " + std::string(hex) : std::string(name) + " (LANGID " + hex + ")";
}

const LocalizedArtifact* localized_artifact(std::string_view id) {
  for (const auto& a : kLocalizedTextArtifacts) {
    if (a.id == id) return &a;
  }
  return nullptr;
}

bool text_unreadable(const TextLanguage& lang, std::string_view id) {
  if (!lang.langid) return false;
  if (!lang.language) return true;
  const LocalizedArtifact* a = localized_artifact(id);
  return a != nullptr && std::find(a->languages.begin(), a->languages.end(), *lang.language) == a->languages.end();
}

std::string unsupported_language_reason(const TextLanguage& lang) {
  return "the tool printed its output in " + describe_langid(lang.langid.value_or(0)) +
         ", a language migready's text parsers have no labels for (docs/parsers.md, \"Languages\")";
}

std::string unsupported_language_reason(const TextLanguage& lang, std::string_view id) {
  const LocalizedArtifact* a = localized_artifact(id);
  const std::string tool = a != nullptr ? std::string(a->tool) : std::string(id);
  const std::string language = describe_langid(lang.langid.value_or(0));
  if (!lang.language) {
    return tool + " printed its output in " + language +
           ", a language migready's text parsers have no labels for (docs/parsers.md, \"Languages\")";
  }
  return tool + " printed its output in " + language + ", a language migready's " + tool +
         " parser has no labels for: no real output of it was found (docs/parsers.md, \"Languages\")";
}

}  // namespace migready::facts::detail

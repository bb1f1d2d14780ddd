// libFuzzer target: every text parser in parsers::parser_table() (the binary ones have their own target).
//
// Input: "<tool>\n<text>" runs that tool's parser on <text> (the seed corpus is built this way from
// tests/fixtures/<tool>/*.txt); anything else picks the parser by its first byte and passes the rest. The text
// also takes `migready parse`'s path: decoded as a loose file and cleaned as a paste (parsers/pasted.hpp), and,
// for a parser that reads several languages, `--lang` with each language the input's length picks.
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "core/text.hpp"
#include "parsers/parser_table.hpp"
#include "parsers/pasted.hpp"

using namespace migready;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::vector<const parsers::ParserEntry*> text_parsers = [] {
    std::vector<const parsers::ParserEntry*> v;
    for (const auto& e : parsers::parser_table())
      if (!e.binary) v.push_back(&e);
    return v;
  }();
  if (size == 0 || text_parsers.empty()) return 0;

  std::string_view in(reinterpret_cast<const char*>(data), size);
  const parsers::ParserEntry* entry = nullptr;
  std::string_view text;
  if (auto nl = in.find('\n'); nl != std::string_view::npos && nl <= 32) {
    if (const auto* e = parsers::find_parser(in.substr(0, nl)); e && !e->binary) {
      entry = e;
      text = in.substr(nl + 1);
    }
  }
  if (!entry) {
    entry = text_parsers[data[0] % text_parsers.size()];
    text = in.substr(1);
  }
  Diagnostics diag;
  auto json = entry->parse_to_json(text, std::string(entry->tool) + ".txt", diag);
  (void)json;
  const parsers::Pasted pasted = parsers::normalize_pasted(migready::text::decode_loose(text, 437).text.utf8);
  Diagnostics loose_diag;
  auto loose = entry->parse_to_json(pasted.text, std::string(entry->tool) + ".txt", loose_diag);
  (void)loose;
  if (entry->parse_localized_to_json != nullptr) {
    const auto lang = static_cast<parsers::Language>(size % std::size(parsers::kLanguageNames));
    Diagnostics lang_diag;
    auto localized = entry->parse_localized_to_json(text, std::string(entry->tool) + ".txt", lang_diag, lang);
    (void)localized;
  }
  return 0;
}

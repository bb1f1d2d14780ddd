// Data-driven golden tests for every parser in the parser table: tests/fixtures/<tool>/<case>.txt is parsed
// and compared with <case>.expected.json (what `migready parse <tool> <case>.txt` prints), or, for a case
// that must fail, its error must contain the text in <case>.expected-error.txt. A fixture without either is
// a failure. Regenerate the JSON with MIGREADY_UPDATE_GOLDEN=1 and review the diff.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "core/text.hpp"
#include "parsers/parser_table.hpp"
#include "parsers/pasted.hpp"
#include "support/bundle_builder.hpp"

using namespace migready;
namespace fs = std::filesystem;

namespace {

// The text a parser gets from a loose file, exactly as `migready parse` reads one (its default code page 437):
// the encoding detected, then what pasting does to text undone (a collected fixture has nothing to undo).
std::string decode(const std::string& bytes) {
  return parsers::normalize_pasted(text::decode_loose(bytes, 437).text.utf8).text;
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

TEST_CASE("every parser matches its golden fixtures", "[parsers][golden]") {
  const bool update = std::getenv("MIGREADY_UPDATE_GOLDEN") != nullptr;
  for (const auto& parser : parsers::parser_table()) {
    const fs::path dir = fs::path(MIGREADY_FIXTURES_DIR) / std::string(parser.tool);
    INFO("tool " << parser.tool << ": fixtures in " << dir.string());
    REQUIRE(fs::is_directory(dir));
    std::size_t cases = 0;
    for (const auto& entry : fs::directory_iterator(dir)) {
      if (entry.path().extension() != ".txt" || entry.path().string().find(".expected") != std::string::npos) continue;
      ++cases;
      const fs::path txt = entry.path();
      const fs::path expected_json = fs::path(txt).replace_extension(".expected.json");
      const fs::path expected_error = fs::path(txt).replace_extension(".expected-error.txt");
      INFO("case " << txt.filename().string());
      Diagnostics diags;
      auto json = parser.parse_to_json(decode(test::read_file(txt.string())), txt.filename().string(), diags);
      if (fs::exists(expected_error)) {
        REQUIRE_FALSE(json);
        CHECK_THAT(json.error().to_string(), Catch::Contains(trim(test::read_file(expected_error.string()))));
        continue;
      }
      REQUIRE(json);
      if (update) {
        std::ofstream(expected_json, std::ios::binary) << *json;
        continue;
      }
      REQUIRE(fs::exists(expected_json));
      CHECK(*json == test::read_file(expected_json.string()));
    }
    CHECK(cases > 0);
  }
}

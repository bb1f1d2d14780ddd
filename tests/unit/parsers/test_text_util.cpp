// parsers/text_util.hpp: the one line splitter every parser shares reads "\n", "\r\n" and wmic's "\r\r\n" alike.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "parsers/support_tools_text.hpp"
#include "parsers/text_util.hpp"
#include "support/bundle_builder.hpp"

using namespace migready::parsers;

namespace {

std::vector<std::string> owned(const std::vector<std::string_view>& lines) { return {lines.begin(), lines.end()}; }

}  // namespace

TEST_CASE("split_lines: LF, CR LF and CR CR LF are one line end each", "[parsers][text_util]") {
  const std::vector<std::string> want = {"HotFixID", "KB2849697", "", "KB2849696"};
  CHECK(owned(text_util::split_lines("HotFixID\nKB2849697\n\nKB2849696\n")) == want);
  CHECK(owned(text_util::split_lines("HotFixID\r\nKB2849697\r\n\r\nKB2849696\r\n")) == want);
  CHECK(owned(text_util::split_lines("HotFixID\r\r\nKB2849697\r\r\n\r\r\nKB2849696\r\r\n")) == want);
  CHECK(owned(text_util::split_lines("HotFixID\r\r\nKB2849697\n\r\nKB2849696")) == want);  // mixed, no final end
  CHECK(owned(support_tools::split_lines("HotFixID\r\r\nKB2849697\r\r\n\r\r\nKB2849696\r\r\n")) == want);
  CHECK(text_util::split_lines("").empty());
  CHECK(owned(text_util::split_lines("\r\r\n")) == std::vector<std::string>{""});
  CHECK(owned(text_util::split_lines("\r")) == std::vector<std::string>{""});
  // A CR inside a line is the line's (only a run of CRs before the LF, or at the very end, is a line end).
  CHECK(owned(text_util::split_lines("a\rb\r\r\n")) == std::vector<std::string>{"a\rb"});
}

TEST_CASE("split_lines: real wmic output through a pipe", "[parsers][text_util]") {
  // `wmic os get Caption` on a French Windows 10 (tests/fixtures/text_forms/SOURCES.md): two rows and wmic's
  // closing blank line, no empty line between them.
  const std::string bytes = migready::test::read_file(std::string(MIGREADY_FIXTURES_DIR) +
                                                      "/text_forms/wmic-os-get-caption-fr-win10.txt");
  const auto lines = owned(text_util::split_lines(bytes));
  REQUIRE(lines.size() == 3);
  CHECK(lines[0] == "Caption" + std::string(29, ' '));
  CHECK(lines[1] == "Microsoft Windows 10 Professionnel  ");
  CHECK(lines[2].empty());
}

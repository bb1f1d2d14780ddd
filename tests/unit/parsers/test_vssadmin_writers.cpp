// What the golden files do not show: the states that matter, a truncated and an empty output, French,
// a blank list and the texts of a command that did not run.
#include <catch2/catch.hpp>

#include "core/text.hpp"
#include "parsers/vssadmin_writers.hpp"
#include "support/bundle_builder.hpp"

using namespace migready;
using migready::test::read_file;

namespace {
std::string fixture(const std::string& name) {
  return read_file(MIGREADY_FIXTURES_DIR "/vssadmin_writers/" + name);
}

bool warned(const Diagnostics& diags, std::string_view part, std::string_view where) {
  for (const auto& d : diags.entries()) {
    if (d.message.find(part) != std::string::npos && d.where == where) return true;
  }
  return false;
}
}  // namespace

TEST_CASE("vssadmin list writers: 2003, failed writers with no error", "[parsers][vssadmin_writers]") {
  Diagnostics diags;
  auto r = parsers::parse_vssadmin_writers(fixture("ws2003-hyperv-guest-failed.txt"), "v.txt", diags);
  REQUIRE(r);
  CHECK(diags.empty());
  REQUIRE(r->writers.size() == 6);
  CHECK(r->writers[0].name == "System Writer");
  CHECK(r->writers[0].state_code == std::optional<int>(9));
  CHECK(r->writers[0].no_error == std::optional<bool>(true));
  CHECK(r->writers[2].name == "MSDEWriter");
  CHECK(r->writers[2].state_code == std::optional<int>(1));
  CHECK(r->writers[2].instance_id == "{ecabb5e5-6526-42b4-b008-e74a7ce9edaa}");
}

TEST_CASE("vssadmin list writers: a retryable error is not 'no error'", "[parsers][vssadmin_writers]") {
  Diagnostics diags;
  auto r = parsers::parse_vssadmin_writers(fixture("exchange-writer-retryable-trimmed.txt"), "v.txt", diags);
  REQUIRE(r);
  REQUIRE(r->writers.size() == 5);
  CHECK(r->writers[4].name == "Microsoft Exchange Writer");
  CHECK(r->writers[4].last_error == std::optional<std::string>("Retryable error"));
  CHECK(r->writers[4].no_error == std::optional<bool>(false));
}

TEST_CASE("vssadmin list writers: French labels", "[parsers][vssadmin_writers]") {
  Diagnostics diags;
  const auto text = text::decode_utf16le(fixture("french-win11-trimmed.txt")).utf8;
  auto r = parsers::parse_vssadmin_writers(text, "v.txt", diags);
  REQUIRE(r);
  CHECK(diags.empty());
  REQUIRE(r->writers.size() == 4);
  CHECK(r->writers[3].name == "System Writer");
  CHECK(r->writers[3].state_code == std::optional<int>(1));
  CHECK(r->writers[3].last_error == std::optional<std::string>("Aucune erreur"));
  CHECK(r->writers[3].no_error == std::optional<bool>(true));
}

TEST_CASE("vssadmin list writers: truncated inside a writer", "[parsers][vssadmin_writers]") {
  std::string text = fixture("ws2012-waiting-for-responses-trimmed.txt");
  text.resize(text.find("   State: [1] Stable", text.find("'System Writer'")));
  Diagnostics diags;
  auto r = parsers::parse_vssadmin_writers(text, "v.txt", diags);
  REQUIRE(r);
  REQUIRE(r->writers.size() == 4);
  CHECK_FALSE(r->writers[3].state_code);
  CHECK_FALSE(r->writers[3].no_error);
  CHECK(warned(diags, "has no state line", "v.txt:25"));
}

TEST_CASE("vssadmin list writers: empty output, a blank list, a command that did not run",
          "[parsers][vssadmin_writers]") {
  Diagnostics diags;
  auto empty = parsers::parse_vssadmin_writers("", "v.txt", diags);
  REQUIRE_FALSE(empty);
  CHECK_THAT(empty.error().to_string(), Catch::Contains("not vssadmin list writers output"));

  // KB 940184: the list may be blank; the header alone is a valid, empty list with a warning.
  const std::string full = fixture("ws2003-hyperv-guest-failed.txt");
  const std::string header = full.substr(0, full.find("Writer name"));
  REQUIRE(header.ends_with("Microsoft Corp.\r\n\r\n"));
  auto blank = parsers::parse_vssadmin_writers(header, "v.txt", diags);
  REQUIRE(blank);
  CHECK(blank->writers.empty());
  CHECK(warned(diags, "lists no writers", "v.txt:1"));

  auto missing = parsers::parse_vssadmin_writers(
      "'vssadmin' is not recognized as an internal or external command,\r\noperable program or batch file.\r\n",
      "v.txt", diags);
  REQUIRE_FALSE(missing);
  CHECK_THAT(missing.error().to_string(), Catch::Contains("did not run: the command was not found"));

  auto failed = parsers::parse_vssadmin_writers(fixture("error-0x8000ffff.txt"), "v.txt", diags);
  REQUIRE_FALSE(failed);
  CHECK_THAT(failed.error().to_string(), Catch::Contains("failed: 0x8000FFFF"));
}

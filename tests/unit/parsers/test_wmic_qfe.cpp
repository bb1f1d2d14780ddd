#include <catch2/catch.hpp>

#include "core/text.hpp"
#include "parsers/wmic_qfe.hpp"
#include "support/bundle_builder.hpp"

using namespace migready;
using migready::test::read_file;

namespace {
// wmic's fixtures are UTF-16LE, as wmic writes them; parsers take UTF-8.
std::string fixture(const std::string& name) {
  return text::decode_utf16le(read_file(MIGREADY_FIXTURES_DIR "/wmic_qfe/" + name)).utf8;
}
}  // namespace

TEST_CASE("wmic qfe: Server 2003 list with CR CR LF endings", "[parsers][wmic_qfe]") {
  Diagnostics diags;
  const std::string text = fixture("sbs2003.txt");
  REQUIRE(text.find("\r\r\n") != std::string::npos);
  auto r = parsers::parse_wmic_qfe(text, "wmic_qfe.txt", diags);
  REQUIRE(r);
  CHECK(diags.empty());
  REQUIRE(r->updates.size() == 6);
  CHECK(r->updates[0].hotfix_id == "File 1");
  CHECK(r->updates[0].kb == "KB923561");  // XP/2003 keep the id in ServicePackInEffect
  CHECK(r->updates[1].kb.empty());        // "File 1" with "SP3": no id to give
  CHECK(r->updates[2].kb == "Q147222");
  const auto& sec = r->updates[3];
  CHECK(sec.hotfix_id == "KB925398");
  CHECK(sec.kb == "KB925398");
  CHECK(sec.description == "Security Update");
  CHECK(sec.installed_by == "CONTOSO\\Administrator");
  CHECK(sec.cs_name == "SBS01");
  CHECK(sec.caption == "http://support.microsoft.com/?kbid=925398");
  CHECK(sec.status.empty());
  CHECK(r->updates[4].installed_on == "01cc5d4e8a3c1f00");
  CHECK(r->updates[5].installed_on == "6/14/2010");
  CHECK(r->updates[0].line == 2);
}

TEST_CASE("wmic qfe: failures and damage", "[parsers][wmic_qfe]") {
  Diagnostics diags;
  SECTION("no instances is an empty list") {
    auto r = parsers::parse_wmic_qfe(fixture("no-instances.txt"), "x.txt", diags);
    REQUIRE(r);
    CHECK(r->updates.empty());
  }
  SECTION("a WMI error block") {
    auto r = parsers::parse_wmic_qfe(fixture("wmi-access-denied.txt"), "x.txt", diags);
    REQUIRE_FALSE(r);
    CHECK(r.error().message == "wmic qfe failed: Access denied (0x80041003)");
    CHECK(r.error().where == "x.txt:1");
  }
  SECTION("command not found") {
    auto r = parsers::parse_wmic_qfe(read_file(MIGREADY_FIXTURES_DIR "/wmic_qfe/not-found.txt"), "x.txt", diags);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message, Catch::Contains("not found"));
  }
  SECTION("lost blank lines and a cut-off record") {
    auto r = parsers::parse_wmic_qfe(read_file(MIGREADY_FIXTURES_DIR "/wmic_qfe/truncated.txt"), "x.txt", diags);
    REQUIRE(r);
    REQUIRE(r->updates.size() == 2);
    CHECK(r->updates[0].hotfix_id == "KB914961");
    CHECK(r->updates[0].service_pack_in_effect == "SP2");
    CHECK(r->updates[1].description == "Update");
    CHECK(r->updates[1].hotfix_id.empty());  // "HotFixID=KB93", cut: ignored, not a wrong id
    CHECK(r->updates[1].line == 12);
    REQUIRE(diags.entries().size() == 1);
    CHECK(diags.entries()[0].where == "x.txt:16");
  }
  SECTION("empty") {
    auto r = parsers::parse_wmic_qfe("", "x.txt", diags);
    REQUIRE_FALSE(r);
  }
  SECTION("unknown keys and stray lines are warnings") {
    auto r = parsers::parse_wmic_qfe("HotFixID=KB1\r\r\nColour=blue\r\r\nstray\r\r\n", "x.txt", diags);
    REQUIRE(r);
    CHECK(r->updates.size() == 1);
    REQUIRE(diags.entries().size() == 2);
    CHECK(diags.entries()[0].where == "x.txt:2");
    CHECK(diags.entries()[1].where == "x.txt:3");
  }
}

// The table forms are plain text as pasted (these fixtures are UTF-8 with CRLF, as copied from their posts).
TEST_CASE("wmic qfe: the default table (wmic qfe, wmic qfe list)", "[parsers][wmic_qfe]") {
  Diagnostics diags;
  auto r = parsers::parse_wmic_qfe(read_file(MIGREADY_FIXTURES_DIR "/wmic_qfe/win10-default-table.txt"), "t.txt",
                                   diags);
  REQUIRE(r);
  CHECK(diags.empty());
  CHECK(r->form == "table");
  REQUIRE(r->updates.size() == 6);
  CHECK(r->updates[0].caption == "http://support.microsoft.com/?kbid=4552931");
  CHECK(r->updates[0].cs_name == "BILLYBOSS");
  CHECK(r->updates[0].hotfix_id == "KB4552931");
  CHECK(r->updates[0].kb == "KB4552931");
  CHECK(r->updates[0].installed_by == "NT AUTHORITY\\SYSTEM");
  CHECK(r->updates[0].installed_on == "5/26/2020");
  CHECK(r->updates[0].fix_comments.empty());
  CHECK(r->updates[0].line == 2);
  CHECK(r->updates[2].description == "Security Update");
  CHECK(r->updates[2].installed_by.empty());  // blanks under the column
  CHECK(r->updates[2].installed_on == "4/1/2019");
  CHECK(r->updates[5].installed_by == "BILLYBOSS\\nathan");
}

// A real `wmic qfe list brief` (Windows 10 1909): no Caption or CSName column, every row padded by wmic.
TEST_CASE("wmic qfe: list brief", "[parsers][wmic_qfe]") {
  Diagnostics diags;
  const std::string text = read_file(MIGREADY_FIXTURES_DIR "/wmic_qfe/win10-1909-list-brief.txt");
  REQUIRE(text.find("3/27/2021                                    \r\n") != std::string::npos);  // the padding is kept
  auto r = parsers::parse_wmic_qfe(text, "b.txt", diags);
  REQUIRE(r);
  CHECK(diags.empty());
  CHECK(r->form == "table");
  REQUIRE(r->updates.size() == 9);
  const auto& first = r->updates[0];
  CHECK(first.hotfix_id == "KB4601056");
  CHECK(first.kb == "KB4601056");
  CHECK(first.description == "Update");
  CHECK(first.installed_by == "NT AUTHORITY\\SYSTEM");
  CHECK(first.installed_on == "3/27/2021");
  CHECK(first.caption.empty());  // list brief has no Caption and no CSName column
  CHECK(first.cs_name.empty());
  CHECK(first.line == 2);
  CHECK(r->updates[1].hotfix_id == "KB4513661");
  CHECK(r->updates[1].installed_by.empty());  // blank under InstalledBy
  CHECK(r->updates[1].installed_on == "1/9/2020");
  CHECK(r->updates[2].description == "Security Update");
  CHECK(r->updates[8].hotfix_id == "KB5000808");
  CHECK(r->updates[8].installed_on == "3/27/2021");
  CHECK(r->updates[8].line == 10);
}

// Samba bug 15428, comment 11: `wmic qfe list brief /format:table` of a Windows 10 22H2, every line wrapped at
// 75 columns by Bugzilla's mail (tests/fixtures/wmic_qfe/SOURCES.md). Wrong columns must not become updates.
TEST_CASE("wmic qfe: a table wrapped by a mail client is not misread", "[parsers][wmic_qfe]") {
  Diagnostics diags;
  const std::string text = read_file(MIGREADY_FIXTURES_DIR "/wmic_qfe/win10-22h2-list-brief-mail-wrapped.txt");
  SECTION("its header goes on in the next line: nothing read, and said where") {
    auto r = parsers::parse_wmic_qfe(text, "w.txt", diags);
    REQUIRE_FALSE(r);
    CHECK_THAT(r.error().message, Catch::Contains("header goes on in line 2"));
    CHECK(r.error().where == "w.txt:2");
  }
  SECTION("the same paste without the header's second line: each row's tail is a warning, not an update") {
    const std::size_t second = text.find('\n') + 1;
    const std::string cut = text.substr(0, second) + text.substr(text.find('\n', second) + 1);
    auto r = parsers::parse_wmic_qfe(cut, "w.txt", diags);
    REQUIRE(r);
    REQUIRE(r->updates.size() == 12);
    CHECK(r->updates[0].hotfix_id == "KB5028849");
    CHECK(r->updates[0].installed_by == "NT AUTHORITY\\SYSTEM");
    CHECK(r->updates[0].installed_on.empty());  // on the tail line, which is not read
    CHECK(r->updates[11].hotfix_id == "KB5005699");
    REQUIRE(diags.entries().size() == 12);
    CHECK(diags.entries()[0].where == "w.txt:3");
    CHECK_THAT(diags.entries()[0].message, Catch::Contains("without a HotFixID"));
  }
}

TEST_CASE("wmic qfe: get with chosen columns, and a cut table", "[parsers][wmic_qfe]") {
  Diagnostics diags;
  SECTION("wmic qfe get hotfixid") {
    auto r = parsers::parse_wmic_qfe(read_file(MIGREADY_FIXTURES_DIR "/wmic_qfe/win7-get-hotfixid.txt"), "g.txt",
                                     diags);
    REQUIRE(r);
    CHECK(diags.empty());
    CHECK(r->form == "table");
    REQUIRE(r->updates.size() == 18);
    CHECK(r->updates[0].hotfix_id == "KB2849697");
    CHECK(r->updates[17].kb == "KB2545698");
    CHECK(r->updates[17].installed_on.empty());
  }
  SECTION("a row cut by the end of the text is a warning, not an update") {
    auto r = parsers::parse_wmic_qfe(read_file(MIGREADY_FIXTURES_DIR "/wmic_qfe/table-truncated.txt"), "c.txt",
                                     diags);
    REQUIRE(r);
    CHECK(r->updates.size() == 5);
    REQUIRE(diags.entries().size() == 1);
    CHECK(diags.entries()[0].where == "c.txt:7");
  }
  SECTION("the list form stays the list form") {
    auto r = parsers::parse_wmic_qfe(fixture("sbs2003.txt"), "l.txt", diags);
    REQUIRE(r);
    CHECK(r->form == "list");
  }
  SECTION("a header word that is no property is not a table") {
    auto r = parsers::parse_wmic_qfe("HotFixID  Colour\r\nKB1       blue\r\n", "x.txt", diags);
    REQUIRE_FALSE(r);
  }
}

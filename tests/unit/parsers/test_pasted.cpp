// normalize_pasted: each clean-up on inline text (its sign present, and absent), then the real pastes of
// tests/fixtures/pasted/ against their clean twins.
#include <catch2/catch.hpp>

#include "parsers/pasted.hpp"
#include "parsers/repadmin_showrepl.hpp"
#include "support/bundle_builder.hpp"

using namespace migready;
using parsers::normalize_pasted;

namespace {

std::string fixture(const std::string& name) {
  return test::read_file(std::string(MIGREADY_FIXTURES_DIR) + "/pasted/" + name);
}

bool has_note(const parsers::Pasted& p, const std::string& part) {
  for (const auto& n : p.notes) {
    if (n.find(part) != std::string::npos) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("text with nothing to clean comes back byte for byte", "[parsers][pasted]") {
  // A tool's own trailing space ("IS_GC "), CR LF, CR CR LF and blank lines are the tool's, not the paste's.
  const std::string clean =
      "Default-First-Site-Name\\SBS01\r\nDC Options: IS_GC \r\nSite Options: (none)\r\n\r\n"
      "==== INBOUND NEIGHBORS ====\r\n\r\nHotFixID=KB123\r\r\n";
  auto p = normalize_pasted(clean);
  CHECK(p.notes.empty());
  CHECK(p.text == clean);
  CHECK(normalize_pasted("").text.empty());
  CHECK(normalize_pasted("\n\n").notes.empty());
}

TEST_CASE("non-breaking spaces and the &nbsp entity become spaces", "[parsers][pasted]") {
  auto p = normalize_pasted("Host Name\xC2\xA0. . : sbs01\nNode Type&nbsp;. . : Hybrid\n");
  CHECK(p.text == "Host Name . . : sbs01\nNode Type . . : Hybrid\n");
  REQUIRE(p.notes.size() == 1);
  CHECK(p.notes[0] == "replaced 2 non-breaking spaces (U+00A0 or &nbsp;) with plain spaces");
}

TEST_CASE("trailing spaces go when most lines carry them", "[parsers][pasted]") {
  auto p = normalize_pasted("a  \r\nb\t\r\nc \r\nd\r\n");
  CHECK(p.text == "a\r\nb\r\nc\r\nd\r\n");  // CR LF kept
  CHECK(has_note(p, "removed trailing spaces or tabs from 3 of 4 lines"));
  // One in four: the tool's own; left alone.
  CHECK(normalize_pasted("a \nb\nc\nd\n").notes.empty());
}

TEST_CASE("a blank line after every line is removed, paragraph breaks kept", "[parsers][pasted]") {
  auto p = normalize_pasted("\nHeader\n\n\n\n  one\n\n  two \n\n  three\n\n\n");
  // Lines of text: Header, (blank), one, two, three; the original paragraph break stays one blank line.
  CHECK(p.text == "\nHeader\n\n  one\n  two \n  three\n\n\n");
  CHECK(has_note(p, "removed the blank line after every line (4 lines removed)"));
  // A blank line missing once: not doubled, nothing removed.
  CHECK(normalize_pasted("a\n\nb\n\nc\nd\n\ne\n").notes.empty());
  // Too short to tell.
  CHECK(normalize_pasted("a\n\nb\n\nc\n").notes.empty());
  // Whitespace-only separators count as blank (a forum's "&nbsp;" paragraphs).
  CHECK(normalize_pasted("a\n \nb\n&nbsp;\nc\n\t\nd\n").text == "a\nb\nc\nd\n");
}

TEST_CASE("a common indentation is removed", "[parsers][pasted]") {
  auto p = normalize_pasted("    Site\\DC\n\n      nested\n    back\n");
  CHECK(p.text == "Site\\DC\n\n  nested\nback\n");
  CHECK(has_note(p, "removed an indentation of 4 characters from every line"));
  CHECK(normalize_pasted("Site\\DC\n    nested\n").notes.empty());
  CHECK(normalize_pasted("\tone\n  two\n").notes.empty());  // tab and spaces share no indentation
}

TEST_CASE("the command-prompt line and a closing bare prompt are removed", "[parsers][pasted]") {
  auto p = normalize_pasted("C:\\>ipconfig /all\n\nWindows IP Configuration\n\nC:\\>\n");
  CHECK(p.text == "\nWindows IP Configuration\n\n");
  CHECK(has_note(p, "removed the command-prompt line \"C:\\>ipconfig /all\""));
  CHECK(has_note(p, "removed the closing prompt \"C:\\>\""));
  auto deep = normalize_pasted("C:\\Documents and Settings\\Administrator>repadmin /showrepl\nSite\\DC\n");
  CHECK(deep.text == "Site\\DC\n");
  CHECK(normalize_pasted("PS C:\\Users\\admin> dcdiag\nDirectory Server Diagnosis\n").text ==
        "Directory Server Diagnosis\n");
  // A prompt line in the middle (a second command) and a closing prompt with a command are output, not noise.
  CHECK(normalize_pasted("Site\\DC\nC:\\>dir\nmore\n").notes.empty());
  CHECK(normalize_pasted("Site\\DC\nmore\nC:\\>dir\n").notes.empty());
  // "Site\DC" is not a prompt.
  CHECK(normalize_pasted("Default-First-Site-Name\\DC2\n").notes.empty());
}

TEST_CASE("a real ipconfig double-spaced or between prompts comes back as printed", "[parsers][pasted]") {
  // A real Windows XP ipconfig /all (../shared/real-outputs, from jc's test fixtures), as a mail client or a
  // remote console double-spaces it (trailing spaces too), and as copied from cmd.exe with its prompts.
  const std::string real = test::read_file(std::string(MIGREADY_SHARED_DIR) + "/real-outputs/ipconfig/jc_windows-xp_ipconfig_all.txt");
  REQUIRE(normalize_pasted(real).notes.empty());
  std::string doubled_text, start = "C:\\Documents and Settings\\Administrator>";
  for (std::size_t at = 0, end = 0; at < real.size(); at = end + 1) {
    end = real.find('\n', at);
    if (end == std::string::npos) end = real.size();
    doubled_text += real.substr(at, end - at) + "  \n\n";
  }
  auto doubled = normalize_pasted(doubled_text);
  auto console = normalize_pasted(start + "ipconfig /all\n" + real + start + "\n");
  CHECK(has_note(doubled, "blank line after every line"));
  CHECK(has_note(doubled, "trailing spaces"));
  CHECK(has_note(console, "command-prompt line"));
  CHECK(has_note(console, "closing prompt"));
  auto strip = [](const std::string& s) {  // blank lines around the text may differ; the lines may not
    std::string out;
    for (std::size_t at = 0, end = 0; at < s.size(); at = end + 1) {
      end = s.find('\n', at);
      if (end == std::string::npos) end = s.size();
      std::string line = s.substr(at, end - at);
      while (!line.empty() && (line.back() == ' ' || line.back() == '\r')) line.pop_back();
      if (!line.empty()) out += line + "\n";
    }
    return out;
  };
  CHECK(strip(doubled.text) == strip(real));
  CHECK(strip(console.text) == strip(real));
  CHECK(doubled.text.find("Windows IP Configuration\n\n   Host Name") != std::string::npos);
}

TEST_CASE("the real pasted repadmin outputs keep their neighbours", "[parsers][pasted]") {
  {
    // A Markdown code block: indented four spaces, the prompt line kept.
    auto p = normalize_pasted(fixture("repadmin_showrepl-markdown-indented.txt"));
    Diagnostics diags;
    auto r = parsers::parse_repadmin_showrepl(p.text, "markdown-indented.txt", diags);
    REQUIRE(r);
    CHECK(r->dc == "DC");
    CHECK(r->site == "Default-First-Site-Name");
    REQUIRE(r->neighbors.size() == 5);
    CHECK(r->neighbors[4].naming_context == "DC=ForestDnsZones,DC=elatov,DC=local");
    CHECK(r->neighbors[4].source_dc == "DC2");
    CHECK(r->neighbors[4].succeeded == true);
  }
  {
    // Microsoft's docs source: two trailing spaces on every line, blank lines of two spaces, the prompt line.
    auto p = normalize_pasted(fixture("repadmin_showrepl-trailing-spaces.txt"));
    CHECK(has_note(p, "trailing spaces"));
    CHECK(has_note(p, "command-prompt line"));
    Diagnostics diags;
    auto r = parsers::parse_repadmin_showrepl(p.text, "trailing-spaces.txt", diags);
    REQUIRE(r);
    CHECK(r->dc == "DC4");
    REQUIRE(r->neighbors.size() == 2);
    CHECK(r->neighbors[0].direction == "outbound");
    CHECK(r->neighbors[1].source_dc == "DC2");
    CHECK(r->neighbors[1].last_attempt == "2011-11-11 15:04:15");
  }
}

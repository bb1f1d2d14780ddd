// facts/read.hpp: a text artifact is read the same whatever form its tool wrote it in (UTF-16LE with and
// without a BOM, UTF-8 with a BOM, narrow OEM or ANSI; CR LF, wmic's CR CR LF, LF), through the path every
// bundle artifact takes (the zip, the manifest's `encoding`, decode_artifact, the parser, the facts). Each text
// is a real output (tests/fixtures/text_forms/SOURCES.md says which and how its form was made).
#include <catch2/catch.hpp>

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "core/json.hpp"
#include "bundle/bundle.hpp"
#include "core/text.hpp"
#include "facts/read.hpp"
#include "facts_test_util.hpp"
#include "support/bundle_builder.hpp"

using namespace migready;
using namespace migready::test::facts_util;

namespace {

std::string fixture(const std::string& rel) { return test::read_file(std::string(MIGREADY_FIXTURES_DIR) + "/" + rel); }

// Every "\r\n" of `text` replaced by `end`.
std::string with_line_ends(const std::string& text, const std::string& end) {
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      out += end;
      ++i;
    } else {
      out += text[i];
    }
  }
  return out;
}

// ASCII text as UTF-16LE code units (the wmic fixtures are ASCII).
std::string utf16le(const std::string& ascii, bool bom) {
  REQUIRE(std::all_of(ascii.begin(), ascii.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; }));
  std::string out = bom ? "\xFF\xFE" : "";
  for (char c : ascii) {
    out += c;
    out += '\0';
  }
  return out;
}

// UTF-8 text in a single-byte code page, by the analyzer's own tables (every character must have a byte).
std::string in_code_page(const std::string& utf8, std::uint32_t code_page) {
  std::array<std::string, 128> upper;
  for (std::size_t i = 0; i < upper.size(); ++i) {
    upper[i] = text::decode_code_page(std::string(1, static_cast<char>(0x80 + i)), code_page).utf8;
  }
  std::string out;
  for (std::size_t i = 0; i < utf8.size();) {
    const auto lead = static_cast<unsigned char>(utf8[i]);
    if (lead < 0x80) {
      out += utf8[i++];
      continue;
    }
    const std::size_t len = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
    const std::string ch = utf8.substr(i, len);
    const auto at = std::find(upper.begin(), upper.end(), ch);
    INFO(ch << " has no byte in code page " << code_page);
    REQUIRE(at != upper.end());
    out += static_cast<char>(0x80 + static_cast<int>(at - upper.begin()));
    i += len;
  }
  return out;
}

std::string manifest_encoding(const char* name) { return name ? name : "(absent)"; }

void add_command(test::BundleBuilder& b, const std::string& id, const std::string& bytes, const char* encoding) {
  auto& entry = add(b, id, "commands/" + id.substr(id.find('.') + 1) + ".txt", "command", "text", bytes);
  if (encoding) entry.AddMember("encoding", json::Value(encoding, b.manifest().GetAllocator()), b.manifest().GetAllocator());
}

std::vector<std::string> update_ids(const facts::Facts& f) {
  std::vector<std::string> ids;
  for (const auto& u : value(f, "updates.installed").GetArray()) ids.push_back(u["id"].GetString());
  return ids;
}

std::vector<std::string> messages(const Diagnostics& diags) {
  std::vector<std::string> out;
  for (const auto& d : diags.entries()) out.push_back(d.where + ": " + d.message);
  return out;
}

// A diagnostic about one line of `path` (a parser's warning: "path:N").
bool line_warning(const Diagnostics& diags, const std::string& path) {
  for (const auto& d : diags.entries()) {
    if (d.where.rfind(path + ":", 0) == 0) return true;
  }
  return false;
}

bool says(const Diagnostics& diags, const std::string& part) {
  for (const auto& m : messages(diags)) {
    if (m.find(part) != std::string::npos) return true;
  }
  return false;
}

// The text of command.<id> as the facts module reads it, with the diagnostics of reading it.
struct Read {
  std::string text;
  Diagnostics diags;
};
Read read_text(const std::string& bytes, const char* encoding) {
  test::BundleBuilder builder;
  add_command(builder, "command.ipconfig_all", bytes, encoding);
  Read r;
  auto b = bundle::open_bundle_memory(builder.zip(), "t.zip", {}, r.diags);
  REQUIRE(b);
  const auto* art = b->artifact("command.ipconfig_all");
  REQUIRE(art != nullptr);
  r.text = facts::detail::decode_artifact(*b, *art, r.diags);
  return r;
}

}  // namespace

TEST_CASE("read: wmic qfe in every form it is written in gives the same updates", "[facts][read]") {
  for (const char* name : {"win7-get-hotfixid.txt", "win10-1909-list-brief.txt"}) {
    const std::string crlf = fixture(std::string("wmic_qfe/") + name);
    REQUIRE(crlf.find("\r\n") != std::string::npos);
    struct Form {
      const char* what;
      std::string bytes;
      const char* recorded;
      bool contradiction;  // the record disagrees with the bytes: read by the bytes, one warning
    };
    const std::vector<Form> forms = {
        {"CR LF, oem", crlf, "oem", false},
        {"CR CR LF (2003 wmic into a pipe), oem", with_line_ends(crlf, "\r\r\n"), "oem", false},
        {"CR CR LF, no encoding recorded", with_line_ends(crlf, "\r\r\n"), nullptr, false},
        {"LF, oem", with_line_ends(crlf, "\n"), "oem", false},
        {"UTF-16LE with BOM (Wine's wmic), utf-16le", utf16le(crlf, true), "utf-16le", false},
        {"UTF-16LE with BOM, CR CR LF, utf-16le", utf16le(with_line_ends(crlf, "\r\r\n"), true), "utf-16le", false},
        {"UTF-16LE without BOM, utf-16le", utf16le(crlf, false), "utf-16le", false},
        {"UTF-16LE without BOM recorded oem", utf16le(crlf, false), "oem", true},
        {"UTF-16LE with BOM recorded oem", utf16le(with_line_ends(crlf, "\r\r\n"), true), "oem", true},
        {"UTF-8 with BOM recorded oem", "\xEF\xBB\xBF" + crlf, "oem", true},
        {"UTF-8 with BOM, utf-8", "\xEF\xBB\xBF" + with_line_ends(crlf, "\r\r\n"), "utf-8", false},
    };
    std::vector<std::string> baseline;
    for (const Form& form : forms) {
      INFO(name << ", " << form.what << ", recorded " << manifest_encoding(form.recorded));
      test::BundleBuilder builder;
      add_command(builder, "command.wmic_qfe", form.bytes, form.recorded);
      Diagnostics diags;
      const auto f = build(builder, diags);
      INFO(Catch::Detail::stringify(messages(diags)));
      const std::vector<std::string> ids = update_ids(f);
      if (baseline.empty()) {
        baseline = ids;
        REQUIRE(baseline.size() > 5);
      }
      CHECK(ids == baseline);
      CHECK(says(diags, "but the bytes are") == form.contradiction);
      CHECK_FALSE(line_warning(diags, "commands/wmic_qfe.txt"));  // no line of it misread
      CHECK_FALSE(says(diags, "not valid"));      // nothing decoded lossily
    }
  }
}

TEST_CASE("read: the contradiction says what was recorded and what the bytes are", "[facts][read]") {
  const std::string crlf = fixture("wmic_qfe/win7-get-hotfixid.txt");
  Read r = read_text(utf16le(crlf, false), "oem");
  CHECK(r.text == crlf);
  CHECK(says(r.diags, "commands/ipconfig_all.txt: recorded as `oem`, but the bytes are UTF-16LE without a byte order "
                      "mark"));
  Read none = read_text("\xEF\xBB\xBF" + crlf, nullptr);
  CHECK(none.text == crlf);  // the BOM is not part of the text
  CHECK(says(none.diags, "with no recorded encoding, but the bytes are UTF-8 with a byte order mark"));
  Read be = read_text(std::string("\xFE\xFF\0O\0K", 6), "utf-16le");
  CHECK(be.text == "OK");
  CHECK(says(be.diags, "but the bytes are UTF-16BE"));
}

TEST_CASE("read: German text in OEM and in ANSI, whichever was recorded", "[facts][read]") {
  // A real German ipconfig (tests/fixtures/ipconfig/de-xp-pppoe.txt): "Primäres DNS-Suffix", "NetBIOS über
  // TCP/IP"; the manifest's host code pages are the builder's, OEM 850 and ANSI 1252.
  const std::string utf8 = fixture("ipconfig/de-xp-pppoe.txt");
  REQUIRE(utf8.find("Prim\xC3\xA4res") != std::string::npos);
  const std::string oem = in_code_page(utf8, 850);
  const std::string ansi = in_code_page(utf8, 1252);
  REQUIRE(oem != ansi);

  SECTION("OEM recorded oem: read as recorded, nothing said") {
    Read r = read_text(oem, "oem");
    CHECK(r.text == utf8);
    CHECK(r.diags.empty());
  }
  SECTION("ANSI recorded ansi: read as recorded, nothing said") {
    Read r = read_text(ansi, "ansi");
    CHECK(r.text == utf8);
    CHECK(r.diags.empty());
  }
  SECTION("ANSI recorded oem (a C-runtime tool): read as ANSI, and said") {
    Read r = read_text(ansi, "oem");
    CHECK(r.text == utf8);
    CHECK(says(r.diags, "recorded as `oem` (code page 850), but 1 of its non-ASCII bytes inside words are not letters "
                        "there and all are in code page 1252 (ANSI): read as code page 1252"));
  }
  SECTION("OEM recorded ansi: read as OEM, and said") {
    Read r = read_text(oem, "ansi");
    CHECK(r.text == utf8);
    CHECK(says(r.diags, "read as code page 850"));
  }
  SECTION("no encoding recorded: OEM, the console tools' default") {
    CHECK(read_text(oem, nullptr).text == utf8);
  }
}

TEST_CASE("read: ASCII and box-drawing text keeps the recorded code page", "[facts][read]") {
  // Nothing inside a word to weigh: the record stands, whatever the other code page would make of it.
  Read ascii = read_text("Windows IP Configuration\r\r\n", "oem");
  CHECK(ascii.text == "Windows IP Configuration\r\r\n");
  CHECK(ascii.diags.empty());
  Read box = read_text("\xC4\xC4\xC4\xC4 \r\n", "oem");  // OEM box-drawing line, "ÄÄÄÄ" in ANSI
  CHECK(box.text == "\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80 \r\n");
  CHECK(box.diags.empty());
}

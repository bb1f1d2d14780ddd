// .reg export: value formats, wrapping, ordering, headers, subtree, errors; and a round trip that reads
// the export back and compares it with the hive it came from (and with hivexregedit's export).
#include <catch2/catch.hpp>

#include "hive/hive.hpp"
#include "hive/reg_export.hpp"
#include "hive_test_util.hpp"

using migready::Diagnostics;
using migready::Errc;
using migready::hive::export_reg;
using migready::hive::format_reg_value;
using migready::hive::Hive;
using migready::hive::RegExportOptions;

namespace {

Hive open_text(std::string_view text, Diagnostics& diag) {
  auto hive = Hive::open_reg(text, "t.reg", "", diag);
  REQUIRE(hive);
  return std::move(*hive);
}

std::string export_text(const Hive& hive, std::string_view key = "", RegExportOptions options = {}) {
  Diagnostics diag;
  std::string out;
  auto stats = export_reg(hive, key, options, [&](std::string_view s) { out += s; }, diag);
  REQUIRE(stats);
  CHECK(diag.empty());
  return out;
}

// The value `name` of key `path` in a hive made from .reg text, formatted.
std::string formatted(std::string_view value_line, std::string_view name) {
  Diagnostics diag;
  const std::string text = "Windows Registry Editor Version 5.00\n\n[\\K]\n" + std::string(value_line) + "\n";
  const Hive hive = open_text(text, diag);
  auto value = hive.find("K")->value(name);
  REQUIRE(value);
  return format_reg_value(*value);
}

}  // namespace

TEST_CASE("export: value formats", "[hive][reg_export]") {
  CHECK(formatted(R"("s"="hello")", "s") == "\"s\"=\"hello\"\n");
  CHECK(formatted(R"(@="x")", "") == "@=\"x\"\n");
  CHECK(formatted(R"("q\"b\\s"="a\"b\\c")", "q\"b\\s") == "\"q\\\"b\\\\s\"=\"a\\\"b\\\\c\"\n");
  CHECK(formatted(R"("u"="Zeichenkette ü €")", "u") == "\"u\"=\"Zeichenkette ü €\"\n");
  CHECK(formatted(R"("e"="")", "e") == "\"e\"=\"\"\n");
  CHECK(formatted("\"d\"=dword:0000abcd", "d") == "\"d\"=dword:0000abcd\n");
  CHECK(formatted("\"b\"=hex:01,02,ff", "b") == "\"b\"=hex:01,02,ff\n");
  CHECK(formatted("\"b\"=hex:", "b") == "\"b\"=hex:\n");
  CHECK(formatted("\"x\"=hex(2):25,00,00,00", "x") == "\"x\"=hex(2):25,00,00,00\n");
  CHECK(formatted("\"m\"=hex(7):61,00,00,00,00,00", "m") == "\"m\"=hex(7):61,00,00,00,00,00\n");
  CHECK(formatted("\"q\"=hex(b):01,00,00,00,00,00,00,00", "q") == "\"q\"=hex(b):01,00,00,00,00,00,00,00\n");
  CHECK(formatted("\"n\"=hex(0):", "n") == "\"n\"=hex(0):\n");
  CHECK(formatted("\"big\"=hex(1234):de,ad", "big") == "\"big\"=hex(1234):de,ad\n");
  CHECK(formatted("\"top\"=hex(ffffffff):01", "top") == "\"top\"=hex(ffffffff):01\n");
  // A DWORD that is not 4 bytes keeps its bytes.
  CHECK(formatted("\"d3\"=hex(4):01,02,03", "d3") == "\"d3\"=hex(4):01,02,03\n");
  CHECK(formatted("\"be\"=hex(5):12,34,56,78", "be") == "\"be\"=hex(5):12,34,56,78\n");
}

TEST_CASE("export: REG_SZ that text cannot reproduce stays hex(1)", "[hive][reg_export]") {
  // No terminator, an embedded NUL, CR/LF, an unpaired surrogate, an odd length, no data at all.
  CHECK(formatted("\"s\"=hex(1):61,00", "s") == "\"s\"=hex(1):61,00\n");
  CHECK(formatted("\"s\"=hex(1):61,00,00,00,62,00,00,00", "s") == "\"s\"=hex(1):61,00,00,00,62,00,00,00\n");
  CHECK(formatted("\"s\"=hex(1):61,00,0a,00,00,00", "s") == "\"s\"=hex(1):61,00,0a,00,00,00\n");
  CHECK(formatted("\"s\"=hex(1):61,00,0d,00,00,00", "s") == "\"s\"=hex(1):61,00,0d,00,00,00\n");
  CHECK(formatted("\"s\"=hex(1):00,d8,61,00,00,00", "s") == "\"s\"=hex(1):00,d8,61,00,00,00\n");
  CHECK(formatted("\"s\"=hex(1):00,dc,00,00", "s") == "\"s\"=hex(1):00,dc,00,00\n");
  CHECK(formatted("\"s\"=hex(1):61,00,00", "s") == "\"s\"=hex(1):61,00,00\n");
  CHECK(formatted("\"s\"=hex(1):", "s") == "\"s\"=hex(1):\n");
  // A surrogate pair is fine: U+1F600.
  CHECK(formatted("\"s\"=hex(1):3d,d8,00,de,00,00", "s") == "\"s\"=\"\xF0\x9F\x98\x80\"\n");
}

TEST_CASE("export: REG_SZ with a control or format character is hex(1), exact and invisible to a terminal",
          "[hive][reg_export]") {
  // ESC [ 3 1 m, BEL, U+202E (RLO), U+200B: each forces hex(1); a TAB alone stays text.
  CHECK(formatted("\"s\"=hex(1):1b,00,5b,00,33,00,31,00,6d,00,00,00", "s") ==
        "\"s\"=hex(1):1b,00,5b,00,33,00,31,00,6d,00,00,00\n");
  CHECK(formatted("\"s\"=hex(1):61,00,07,00,00,00", "s") == "\"s\"=hex(1):61,00,07,00,00,00\n");
  CHECK(formatted("\"s\"=hex(1):61,00,2e,20,62,00,00,00", "s") == "\"s\"=hex(1):61,00,2e,20,62,00,00,00\n");
  CHECK(formatted("\"s\"=hex(1):0b,20,00,00", "s") == "\"s\"=hex(1):0b,20,00,00\n");
  CHECK(formatted("\"s\"=hex(1):61,00,09,00,62,00,00,00", "s") == "\"s\"=\"a\tb\"\n");
  // Localized text stays text: "Müller", "サーバー".
  CHECK(formatted("\"s\"=\"M\xC3\xBCller\"", "s") == "\"s\"=\"M\xC3\xBCller\"\n");
  CHECK(formatted("\"s\"=\"\xE3\x82\xB5\xE3\x83\xBC\xE3\x83\x90\xE3\x83\xBC\"", "s") ==
        "\"s\"=\"\xE3\x82\xB5\xE3\x83\xBC\xE3\x83\x90\xE3\x83\xBC\"\n");
}

TEST_CASE("export: key and value names with controls are written escaped, with one warning",
          "[hive][reg_export]") {
  Diagnostics diag;
  const Hive hive = open_text("Windows Registry Editor Version 5.00\n\n[\\K\x1b]0;t\x07]\n"
                              "\"v\x1b[2J\"=dword:00000001\n\"gnp\xE2\x80\xAE" "exe.png\"=\"x\"\n"
                              "\"M\xC3\xBCller\"=\"y\"\n",
                              diag);
  Diagnostics export_diag;
  std::string out;
  auto stats = export_reg(hive, "", {}, [&](std::string_view s) { out += s; }, export_diag);
  REQUIRE(stats);
  CHECK(out ==
        "Windows Registry Editor Version 5.00\n\n[\\]\n\n"
        "[\\K\\x1b]0;t\\x07]\n"
        "\"M\xC3\xBCller\"=\"y\"\n"
        "\"gnp\\\\u{202e}exe.png\"=\"x\"\n"
        "\"v\\\\x1b[2J\"=dword:00000001\n\n");
  CHECK(out.find('\x1b') == std::string::npos);
  CHECK(out.find('\x07') == std::string::npos);
  REQUIRE(export_diag.entries().size() == 1);
  CHECK(export_diag.entries()[0].message.find("3 key or value names") == 0);
}

TEST_CASE("export: hex wraps like regedit, 25 bytes per continuation line", "[hive][reg_export]") {
  std::string line = "\"b\"=hex:";
  for (int i = 0; i < 60; ++i) line += (i ? ",a" : "a") + std::to_string(i % 10);
  const std::string out = formatted(line, "b");
  // "b"=hex: is 8 columns; 23 bytes bring it to 77 (8 + 23 * 3), so the first line holds 23 bytes.
  std::vector<std::string> lines;
  for (std::size_t pos = 0; pos < out.size();) {
    const std::size_t nl = out.find('\n', pos);
    lines.push_back(out.substr(pos, nl - pos));
    pos = nl + 1;
  }
  REQUIRE(lines.size() == 3);
  CHECK(lines[0].size() == 8 + 23 * 3 + 1);
  CHECK(lines[0].back() == '\\');
  CHECK(lines[1].rfind("  a3,a4,", 0) == 0);
  CHECK(lines[1].size() == 2 + 25 * 3 + 1);
  CHECK(lines[2] == "  a8,a9,a0,a1,a2,a3,a4,a5,a6,a7,a8,a9");
  // Non-ASCII name characters count once.
  const std::string wide = formatted("\"ü\"=hex:" + line.substr(8), "ü");
  CHECK(wide.find('\\') == std::string("\"ü\"=hex:").size() + 23 * 3);
}

TEST_CASE("export: keys pre-order with sorted subkeys, values sorted, headers", "[hive][reg_export]") {
  Diagnostics diag;
  const Hive hive = open_text("Windows Registry Editor Version 5.00\n\n"
                              "[\\b]\n\"z\"=dword:00000001\n\"a\"=dword:00000002\n@=\"d\"\n\n"
                              "[\\a b]\n\n[\\a\\Z]\n\n[\\a\\c]\n\n[\\C]\n\n",
                              diag);
  CHECK(export_text(hive) ==
        "Windows Registry Editor Version 5.00\n\n"
        "[\\]\n\n"
        "[\\C]\n\n"
        "[\\a]\n\n[\\a\\Z]\n\n[\\a\\c]\n\n"
        "[\\a b]\n\n"
        "[\\b]\n@=\"d\"\n\"a\"=dword:00000002\n\"z\"=dword:00000001\n\n");

  RegExportOptions prefixed;
  prefixed.prefix = "HKEY_LOCAL_MACHINE\\SOFTWARE\\";
  prefixed.header = false;
  CHECK(export_text(hive, "A", prefixed) ==
        "[HKEY_LOCAL_MACHINE\\SOFTWARE\\a]\n\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\a\\Z]\n\n"
        "[HKEY_LOCAL_MACHINE\\SOFTWARE\\a\\c]\n\n");
  CHECK(export_text(hive, "\\a\\z\\", prefixed) == "[HKEY_LOCAL_MACHINE\\SOFTWARE\\a\\Z]\n\n");
  prefixed.prefix = "HKEY_LOCAL_MACHINE\\SOFTWARE";
  CHECK(export_text(hive, "", prefixed).rfind("[HKEY_LOCAL_MACHINE\\SOFTWARE]\n\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\C]\n", 0) == 0);
}

TEST_CASE("export: a missing key writes nothing and names the key", "[hive][reg_export]") {
  Diagnostics diag;
  const Hive hive = open_text("Windows Registry Editor Version 5.00\n\n[\\a\\b]\n\n", diag);
  std::string out;
  auto stats = export_reg(hive, "a\\nope\\c", {}, [&](std::string_view s) { out += s; }, diag);
  REQUIRE_FALSE(stats);
  CHECK(stats.error().code == Errc::not_found);
  CHECK(stats.error().message.find("\"a\\nope\"") != std::string::npos);
  CHECK(out.empty());
}

TEST_CASE("export: depth cap and small chunks", "[hive][reg_export]") {
  Diagnostics diag;
  const Hive hive = open_text("Windows Registry Editor Version 5.00\n\n[\\a\\b\\c\\d]\n\"v\"=dword:00000001\n\n", diag);
  RegExportOptions options;
  options.max_depth = 2;
  options.chunk_size = 1;
  std::string out;
  std::size_t calls = 0;
  auto stats = export_reg(hive, "", options, [&](std::string_view s) { out += s, ++calls; }, diag);
  REQUIRE(stats);
  CHECK(stats->keys == 3);
  CHECK(stats->values == 0);
  CHECK(out.find("[\\a\\b]") != std::string::npos);
  CHECK(out.find("[\\a\\b\\c]") == std::string::npos);
  CHECK(calls >= 3);  // one flush per key at least, with chunk_size 1
  REQUIRE(diag.entries().size() == 1);
  CHECK(diag.entries()[0].message.find("\\a\\b\\c") != std::string::npos);
}

TEST_CASE("export: round trip through our .reg reader equals the hive and hivexregedit's export",
          "[hive][reg_export][hivex]") {
  const auto fixtures = std::filesystem::path(MIGREADY_FIXTURES_DIR) / "hive";
  for (const auto& path : {hive_test::hivex_merge(fixtures / "all_types.reg", "export_all_types.hive"),
                           std::filesystem::path(MIGREADY_SHARED_DIR) / "hives" / "special",
                           hive_test::real_hive("winxp-sp3-SYSTEM"), hive_test::real_hive("yarp-BigDataHive")}) {
    INFO("hive: " << path.string());
    const auto bytes = hive_test::read_bytes(path);
    Diagnostics diag;
    auto hive = Hive::open_regf(bytes, "H", diag);
    REQUIRE(hive);
    // "special" has a key and a value whose names hold a NUL: written escaped ("zero\\x00key", one warning),
    // so those two do not come back; every other hive round-trips exactly.
    Diagnostics export_diag;
    std::string text;
    REQUIRE(export_reg(*hive, "", {}, [&](std::string_view s) { text += s; }, export_diag));
    const bool escaped = !export_diag.empty();
    if (escaped) {
      REQUIRE(export_diag.entries().size() == 1);
      CHECK(export_diag.entries()[0].message.find("2 key or value names hold control") == 0);
      CHECK(text.find('\0') == std::string::npos);
    }
    Diagnostics read_diag;
    auto back = Hive::open_reg(text, "export.reg", "", read_diag);
    REQUIRE(back);
    CHECK(read_diag.empty());
    const auto original = hive_test::normalise(*hive);
    // hivexregedit, read by the same reader, yields the same tree.
    Diagnostics hivex_diag;
    auto theirs = Hive::open_reg(hive_test::hivex_export(path), "hivex.reg", "", hivex_diag);
    REQUIRE(theirs);
    CHECK(hive_test::normalise(*theirs) == original);
    if (escaped) continue;
    CHECK(hive_test::normalise(*back) == original);
    // Exporting our own export again changes nothing (the writer is deterministic).
    CHECK(export_text(*back) == text);
  }
}

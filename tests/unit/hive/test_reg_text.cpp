// .reg text reader: syntax, encodings, root prefix, deletions, limits.
#include <catch2/catch.hpp>

#include "hive/hive.hpp"
#include "hive_test_util.hpp"

using migready::Diagnostics;
using migready::Errc;
using migready::hive::Hive;
using migready::hive::Limits;
using migready::hive::ValueType;

namespace {

bool has_warning(const Diagnostics& diag, std::string_view text, std::string_view where = {}) {
  for (const auto& d : diag.entries()) {
    if (d.message.find(text) != std::string::npos && (where.empty() || d.where == where)) return true;
  }
  return false;
}

const char* const kSample =
    "Windows Registry Editor Version 5.00\r\n"
    "\r\n"
    "; a comment\r\n"
    "[HKEY_LOCAL_MACHINE\\SYSTEM\\Select]\r\n"
    "\"Current\"=dword:00000001\r\n"
    "\r\n"
    "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet001\\Control\\ComputerName\\ComputerName]\r\n"
    "@=\"mnmsrvc\"\r\n"
    "\"ComputerName\"=\"SRV2003\"\r\n"
    "\"Path\"=\"C:\\\\Windows\\\\\\\"q\\\"\"\r\n"
    "\"Multi\"=hex(7):61,00,00,00,\\\r\n"
    "  62,00,00,00,00,00\r\n"
    "\"Bin\"=hex:01,02\r\n"
    "\"Q\"=hex(b):01,00,00,00,00,00,00,00\r\n"
    "\"Gone\"=-\r\n"
    "\r\n"
    "[-HKEY_LOCAL_MACHINE\\SYSTEM\\Old]\r\n"
    "\r\n"
    "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Elsewhere]\r\n"
    "\"x\"=dword:1\r\n"
    "\r\n"
    "[HKEY_LOCAL_MACHINE\\SYSTEM\\Bad]\r\n"
    "\"d\"=dword:xyz\r\n"
    "\"h\"=hex:0g\r\n"
    "garbage\r\n";

}  // namespace

TEST_CASE("reg text: a regedit 5 export", "[hive][reg]") {
  Diagnostics diag;
  auto hive = Hive::open_reg(kSample, "system.reg", "HKEY_LOCAL_MACHINE\\SYSTEM", diag);
  REQUIRE(hive);
  CHECK(migready::hive::current_control_set(*hive).value() == "ControlSet001");
  auto cn = hive->find("controlset001\\CONTROL\\ComputerName\\ComputerName");
  REQUIRE(cn);
  CHECK(cn->name() == "ComputerName");
  CHECK_FALSE(cn->last_write().has_value());
  CHECK(cn->where() == "system.reg:7");
  CHECK(cn->value("")->as_string().value() == "mnmsrvc");
  CHECK(cn->value("computername")->as_string().value() == "SRV2003");
  CHECK(cn->value("Path")->as_string().value() == "C:\\Windows\\\"q\"");
  CHECK(cn->value("Multi")->as_multi_sz().value() == std::vector<std::string>{"a", "b"});
  CHECK(cn->value("Multi")->where() == "system.reg:11");
  CHECK(cn->value("Bin")->type() == ValueType::binary);
  CHECK(cn->value("Q")->as_qword().value() == 1);
  CHECK(cn->value("Gone").error().code == Errc::not_found);
  CHECK(has_warning(diag, "deletion", "system.reg:15"));
  CHECK(has_warning(diag, "key deletion", "system.reg:17"));
  CHECK(has_warning(diag, "outside", "system.reg:19"));
  CHECK(has_warning(diag, "bad dword", "system.reg:23"));
  CHECK(has_warning(diag, "bad hex byte", "system.reg:24"));
  CHECK(has_warning(diag, "unrecognised", "system.reg:25"));
  CHECK(hive->find("Bad")->values().empty());
  CHECK(hive->root().subkeys().size() == 3);  // Select, ControlSet001, Bad
}

TEST_CASE("reg text: UTF-16LE with BOM and REGEDIT4 ANSI", "[hive][reg]") {
  const std::string utf8 = "Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SYSTEM\\K\xC3\xA9\xE2\x82\xAC]\r\n"
                           "\"n\xC3\xA4\"=\"v\xC3\xBC\xE2\x82\xAC\"\r\n";
  std::string utf16 = "\xFF\xFE";
  for (char16_t c : std::u16string(u"Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SYSTEM\\K\u00e9\u20ac]\r\n\"n\u00e4\"=\"v\u00fc\u20ac\"\r\n")) {
    utf16.push_back(static_cast<char>(c & 0xFF));
    utf16.push_back(static_cast<char>(c >> 8));
  }
  for (const std::string* text : std::vector<const std::string*>{&utf8, &utf16}) {
    Diagnostics diag;
    auto hive = Hive::open_reg(*text, "x.reg", "HKEY_LOCAL_MACHINE\\SYSTEM", diag);
    REQUIRE(hive);
    CHECK(diag.empty());
    CHECK(hive->find("K\xC3\xA9\xE2\x82\xAC")->value("n\xC3\xA4")->as_string().value() == "v\xC3\xBC\xE2\x82\xAC");
  }
  // REGEDIT4: Latin-1 bytes, and hex(2) data is ANSI that gets widened.
  const std::string ansi = "REGEDIT4\n\n[HKEY_LOCAL_MACHINE\\SYSTEM\\K\xE9]\n\"e\"=hex(2):25,41,25,00\n\"s\"=\"\xFC\"\n";
  Diagnostics diag;
  auto hive = Hive::open_reg(ansi, "x.reg", "HKEY_LOCAL_MACHINE\\SYSTEM", diag);
  REQUIRE(hive);
  auto k = hive->find("K\xC3\xA9");
  REQUIRE(k);
  CHECK(k->value("e")->as_string().value() == "%A%");
  CHECK(k->value("e")->data().size() == 8);
  CHECK(k->value("s")->as_string().value() == "\xC3\xBC");
}

TEST_CASE("reg text: header, prefix and limits", "[hive][reg]") {
  Diagnostics diag;
  CHECK(Hive::open_reg("", "x.reg", "", diag).error().code == Errc::format);
  auto bad = Hive::open_reg("\n\nhello\n", "x.reg", "", diag);
  REQUIRE_FALSE(bad);
  CHECK(bad.error().where == "x.reg:3");

  // Empty prefix: hivexregedit's "[\Key]" paths.
  auto hx = Hive::open_reg("Windows Registry Editor Version 5.00\n\n[\\]\n@=dword:00000002\n\n[\\A\\B]\n", "e.reg", "", diag);
  REQUIRE(hx);
  CHECK(hx->root().value("")->as_dword().value() == 2);
  CHECK(hx->find("A\\B"));

  // The key named by the prefix is the root; a trailing backslash on the prefix is fine.
  auto pre = Hive::open_reg("REGEDIT4\n[HKEY_LOCAL_MACHINE\\SYSTEM]\n\"v\"=dword:3\n", "p.reg", "hkey_local_machine\\system\\", diag);
  REQUIRE(pre);
  CHECK(pre->root().value("v")->as_dword().value() == 3);

  Limits limits;
  limits.max_depth = 3;
  limits.max_keys = 5;
  limits.max_line_length = 64;
  std::string text = "REGEDIT4\n[R\\a\\b\\c\\d]\n";
  for (int i = 0; i < 10; ++i) text += "[R\\k" + std::to_string(i) + "]\n";
  text += "[R\\k0]\n\"long\"=hex:" + std::string(100, '0') + "\n";
  text += "\"cont\"=hex:00,\\\n" + std::string(30, ' ') + "00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,00,\\\n  00\n";
  Diagnostics d2;
  auto limited = Hive::open_reg(text, "l.reg", "R", d2, limits);
  REQUIRE(limited);
  CHECK(has_warning(d2, "deeper", "l.reg:2"));
  CHECK(has_warning(d2, "more than 5 keys"));
  CHECK(has_warning(d2, "line longer"));
  CHECK(has_warning(d2, "value longer"));
  CHECK(limited->find("k0")->values().empty());
}

TEST_CASE("reg text: hostile text never crashes", "[hive][reg]") {
  const std::string base = kSample;
  std::uint32_t seed = 12345;
  for (int iter = 0; iter < 2000; ++iter) {
    std::string text = base;
    for (int k = 0; k < 8; ++k) {
      seed = seed * 1664525u + 1013904223u;
      const std::size_t pos = seed % text.size();
      seed = seed * 1664525u + 1013904223u;
      static constexpr char kAlphabet[] = "[]\\\"@=:,-;(\n\r0aFx\xFF\xC3";
      text[pos] = kAlphabet[seed % (sizeof kAlphabet - 1)];
    }
    Diagnostics diag;
    auto hive = Hive::open_reg(text, "f.reg", "HKEY_LOCAL_MACHINE\\SYSTEM", diag);
    if (hive) hive_test::walk_everything(*hive);
  }
  SUCCEED();
}

// Value decoders and current_control_set, on values built through the .reg reader.
#include <catch2/catch.hpp>

#include "hive/hive.hpp"

using migready::Diagnostics;
using migready::Errc;
using migready::hive::Hive;
using migready::hive::ValueType;

namespace {

Hive make(std::string_view body) {
  Diagnostics diag;
  auto hive = Hive::open_reg("Windows Registry Editor Version 5.00\n[R]\n" + std::string(body), "v.reg", "R", diag);
  REQUIRE(hive);
  return std::move(*hive);
}

}  // namespace

TEST_CASE("value: typed decoders check type and length", "[hive][value]") {
  auto hive = make(
      "\"s\"=hex(1):41,00,42,00,00,00,43,00\n"
      "\"odd\"=hex(1):41,00,42\n"
      "\"surrogate\"=hex(1):3d,d8,00,de,00,d8\n"
      "\"m\"=hex(7):61,00,00,00,00,00,62,00,00,00\n"
      "\"m_unterminated\"=hex(7):61,00,00,00,62,00\n"
      "\"m_empty\"=hex(7):\n"
      "\"d3\"=hex(4):01,02,03\n"
      "\"dbe\"=hex(5):00,00,01,02\n"
      "\"q\"=hex(b):ff,ff,ff,ff,ff,ff,ff,ff\n"
      "\"q4\"=hex(b):01,00,00,00\n"
      "\"bin\"=hex:00\n");
  const auto root = hive.root();
  CHECK(root.value("s")->as_string().value() == "AB");
  CHECK(root.value("odd")->as_string().value() == "A");
  CHECK(root.value("surrogate")->as_string().value() == "\xF0\x9F\x98\x80\xEF\xBF\xBD");
  CHECK(root.value("m")->as_multi_sz().value() == std::vector<std::string>{"a"});
  CHECK(root.value("m_unterminated")->as_multi_sz().value() == std::vector<std::string>{"a", "b"});
  CHECK(root.value("m_empty")->as_multi_sz().value().empty());
  auto d3 = root.value("d3")->as_dword();
  REQUIRE_FALSE(d3);
  CHECK(d3.error().code == Errc::format);
  CHECK(d3.error().where == "v.reg:9");
  CHECK(root.value("dbe")->as_dword().value() == 0x0102u);
  CHECK(root.value("q")->as_qword().value() == ~0ull);
  CHECK_FALSE(root.value("q4")->as_qword());
  CHECK_FALSE(root.value("bin")->as_string());
  CHECK_FALSE(root.value("bin")->as_multi_sz());
  CHECK_FALSE(root.value("s")->as_dword());
  CHECK(migready::hive::value_type_name(ValueType::multi_sz) == "REG_MULTI_SZ");
  CHECK(migready::hive::value_type_name(static_cast<ValueType>(0x1234)) == "REG_0x1234");
}

TEST_CASE("value: current_control_set", "[hive][value]") {
  CHECK(migready::hive::current_control_set(
            make("[R\\Select]\n\"Current\"=dword:00000003\n\n[R\\ControlSet003\\Services]\n")).value() ==
        "ControlSet003");
  CHECK(migready::hive::current_control_set(
            make("[R\\Select]\n\"Current\"=dword:000003e7\n\n[R\\controlset999\\Control]\n")).value() ==
        "ControlSet999");
  // A set Select names but the hive lacks, or holds as an empty key: not_found, never an empty set.
  const auto missing = migready::hive::current_control_set(
      make("[R\\Select]\n\"Current\"=dword:000003e7\n\n[R\\ControlSet001\\Services]\n"));
  CHECK(missing.error().code == Errc::not_found);
  CHECK(missing.error().message == "Select\\Current names ControlSet999, which the SYSTEM hive does not have");
  const auto empty = migready::hive::current_control_set(
      make("[R\\Select]\n\"Current\"=dword:00000002\n\n[R\\ControlSet002]\n\"x\"=dword:00000001\n"));
  CHECK(empty.error().code == Errc::not_found);
  CHECK(empty.error().message.find("ControlSet002, which is empty") != std::string::npos);
  CHECK(migready::hive::current_control_set(make("[R\\Select]\n\"Current\"=dword:00000000\n")).error().code ==
        Errc::format);
  CHECK(migready::hive::current_control_set(make("[R\\Select]\n\"Current\"=dword:000003e8\n")).error().code ==
        Errc::format);
  CHECK(migready::hive::current_control_set(make("[R\\Select]\n\"Current\"=\"1\"\n")).error().code == Errc::format);
  CHECK(migready::hive::current_control_set(make("[R\\Select]\n")).error().code == Errc::not_found);
  CHECK(migready::hive::current_control_set(make("")).error().code == Errc::not_found);
}

TEST_CASE("value: a Hive can be moved without invalidating keys and values", "[hive][value]") {
  auto hive = make("[R\\A]\n\"x\"=dword:5\n");
  auto key = hive.find("A").value();
  auto value = key.value("x").value();
  Hive moved = std::move(hive);
  CHECK(key.value("x")->as_dword().value() == 5);
  CHECK(value.as_dword().value() == 5);
  CHECK(moved.find("a")->name() == "A");
}

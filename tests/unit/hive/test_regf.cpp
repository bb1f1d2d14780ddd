// regf reader: error branches on byte images built inline, and hives written by hivex.
#include <catch2/catch.hpp>

#include "hive/hive.hpp"
#include "hive_test_util.hpp"

using migready::Diagnostics;
using migready::Errc;
using migready::hive::Hive;
using migready::hive::Limits;
using migready::hive::ValueType;
using hive_test::RegfBuilder;

namespace {

bool has_warning(const Diagnostics& diag, std::string_view text) {
  for (const auto& d : diag.entries()) {
    if (d.message.find(text) != std::string::npos) return true;
  }
  return false;
}

// Not "k" + std::to_string(i): GCC 12 -O2 reports a false -Wrestrict on it.
std::string key_name(int i) {
  std::string name = std::to_string(i);
  name.insert(name.begin(), 'k');
  return name;
}

std::string dump(const Diagnostics& diag) {
  std::string out;
  for (const auto& d : diag.entries()) out += d.where + ": " + d.message + "\n";
  return out;
}

// root -> {A, B}; A has values "s" (REG_SZ "hi"), "d" (resident DWORD 7).
struct Small {
  RegfBuilder b;
  std::uint32_t root = 0, a = 0, bkey = 0, list = 0, values = 0, vs = 0, vd = 0;
  Small() {
    const std::vector<std::uint8_t> hi{'h', 0, 'i', 0, 0, 0};
    const std::uint32_t data = b.cell(hi);
    vs = b.vk("s", 1, 6, data);
    vd = b.vk("d", 4, 0x80000004u, 7);
    values = b.offsets({vs, vd});
    a = b.nk("A", 0, 0xFFFFFFFFu, 2, values);
    bkey = b.nk("B", 0, 0xFFFFFFFFu, 0, 0xFFFFFFFFu);
    list = b.list("lf", {a, bkey});
    root = b.nk("ROOT", 2, list, 0, 0xFFFFFFFFu, 0x24);
  }
  std::vector<std::uint8_t> bytes() const { return b.finish(root); }
};

}  // namespace

TEST_CASE("regf: a small built hive reads back", "[hive][regf]") {
  Small s;
  const auto bytes = s.bytes();
  Diagnostics diag;
  auto hive = Hive::open_regf(bytes, "SYSTEM", diag);
  REQUIRE(hive);
  CHECK(diag.empty());
  INFO(dump(diag));
  CHECK(hive->root().name() == "ROOT");
  CHECK(hive->root().last_write() == 0x01cf'0000'01d0'0000ull);
  auto keys = hive->root().subkeys();
  REQUIRE(keys.size() == 2);
  CHECK(keys[0].name() == "A");
  auto a = hive->find("a");
  REQUIRE(a);
  CHECK(a->where() == "SYSTEM@0x" + [&] { char buf[16]; std::snprintf(buf, sizeof buf, "%x", s.a + 0x1000); return std::string(buf); }());
  CHECK(a->value("S")->as_string().value() == "hi");
  CHECK(a->value("d")->as_dword().value() == 7);
  CHECK(a->value("d")->data().size() == 4);
  CHECK(a->value("missing").error().code == Errc::not_found);
  CHECK(hive->find("A\\nope").error().code == Errc::not_found);
  CHECK(hive->find("\\").has_value());
}

TEST_CASE("regf: unusable base blocks fail the open", "[hive][regf]") {
  Small s;
  Diagnostics diag;
  SECTION("empty and short input") {
    CHECK(Hive::open_regf({}, "X", diag).error().code == Errc::format);
    const auto bytes = s.bytes();
    CHECK(Hive::open_regf(std::span(bytes).first(100), "X", diag).error().code == Errc::format);
    CHECK(Hive::open_regf(std::span(bytes).first(0x1000), "X", diag).error().code == Errc::format);
  }
  SECTION("bad signature") {
    auto bytes = s.bytes();
    bytes[0] = 'R';
    auto r = Hive::open_regf(bytes, "X", diag);
    REQUIRE_FALSE(r);
    CHECK(r.error().where == "X@0x0");
  }
  SECTION("unknown major version") {
    auto bytes = s.bytes();
    bytes[0x14] = 2;
    CHECK(Hive::open_regf(bytes, "X", diag).error().code == Errc::unsupported);
  }
  SECTION("root offset out of bounds") {
    auto bytes = s.bytes();
    bytes[0x24] = 0xF0;
    bytes[0x27] = 0x7F;
    CHECK(Hive::open_regf(bytes, "X", diag).error().code == Errc::format);
  }
  SECTION("root offset inside a cell") {
    auto bytes = s.bytes();
    bytes[0x24] = static_cast<std::uint8_t>(bytes[0x24] + 8);
    CHECK_FALSE(Hive::open_regf(bytes, "X", diag));
  }
  SECTION("root is not an nk cell") {
    auto bytes = s.bytes();
    bytes[0x24] = static_cast<std::uint8_t>(s.list);
    bytes[0x25] = static_cast<std::uint8_t>(s.list >> 8);
    CHECK_FALSE(Hive::open_regf(bytes, "X", diag));
  }
  SECTION("no hive bin") {
    auto bytes = s.bytes();
    bytes[0x1000] = 'X';
    CHECK_FALSE(Hive::open_regf(bytes, "X", diag));
    CHECK(has_warning(diag, "hbin"));
  }
}

TEST_CASE("regf: header problems are warnings", "[hive][regf]") {
  Small s;
  auto bytes = s.bytes();
  SECTION("checksum") {
    bytes[0x1FC] ^= 1;
    Diagnostics diag;
    REQUIRE(Hive::open_regf(bytes, "X", diag));
    CHECK(has_warning(diag, "checksum"));
  }
  SECTION("hive bins size larger than the file (truncated)") {
    bytes[0x29] = 0x70;
    Diagnostics diag;
    auto hive = Hive::open_regf(bytes, "X", diag);
    REQUIRE(hive);
    CHECK(has_warning(diag, "truncated"));
    CHECK(hive->root().subkeys().size() == 2);
  }
}

TEST_CASE("regf: bad cells are skipped with a warning naming the offset", "[hive][regf]") {
  Small s;
  SECTION("subkey offset out of bounds") {
    s.b.put_u32(s.list + 4 + 4, 0x7FFFFFF8u);
    const auto bytes = s.bytes();
    Diagnostics diag;
    auto hive = Hive::open_regf(bytes, "SYSTEM", diag);
    REQUIRE(hive);
    CHECK(hive->root().subkeys().size() == 1);
    CHECK(has_warning(diag, "not the start of a cell"));
    bool where_ok = false;
    for (const auto& d : diag.entries()) where_ok |= d.where == "SYSTEM@0x80000ff8";
    CHECK(where_ok);
  }
  SECTION("subkey list entry points at a value cell") {
    s.b.put_u32(s.list + 4 + 4 + 8, s.vs);
    const auto bytes = s.bytes();
    Diagnostics diag;
    auto hive = Hive::open_regf(bytes, "X", diag);
    REQUIRE(hive);
    CHECK(hive->root().subkeys().size() == 1);
    CHECK(has_warning(diag, "nk"));
  }
  SECTION("huge subkey count in a small list") {
    s.b.put_u16(s.list + 4 + 2, 0xFFFF);
    const auto bytes = s.bytes();
    Diagnostics diag;
    auto hive = Hive::open_regf(bytes, "X", diag);
    REQUIRE(hive);
    CHECK(hive->root().subkeys().size() == 2);
    CHECK(has_warning(diag, "declares 65535"));
  }
  SECTION("huge value count") {
    s.b.put_u32(s.a + 4 + 0x24, 0xFFFFFFFFu);
    const auto bytes = s.bytes();
    Diagnostics diag;
    auto hive = Hive::open_regf(bytes, "X", diag);
    REQUIRE(hive);
    CHECK(hive->find("A")->values().size() == 2);
    CHECK(has_warning(diag, "values"));
  }
  SECTION("truncated cell: key name longer than its cell") {
    s.b.put_u16(s.bkey + 4 + 0x48, 0x400);
    const auto bytes = s.bytes();
    Diagnostics diag;
    auto hive = Hive::open_regf(bytes, "X", diag);
    REQUIRE(hive);
    CHECK(hive->root().subkeys().size() == 1);
    CHECK(has_warning(diag, "name runs past"));
  }
  SECTION("truncated value: data length larger than its cell") {
    s.b.put_u32(s.vs + 4 + 4, 100);
    const auto bytes = s.bytes();
    Diagnostics diag;
    auto hive = Hive::open_regf(bytes, "X", diag);
    REQUIRE(hive);
    auto v = hive->find("A")->value("s");
    REQUIRE(v);
    CHECK(v->data().size() == 12);  // what the 16-byte cell holds
    CHECK(has_warning(diag, "truncated"));
  }
  SECTION("resident data longer than 4 bytes") {
    s.b.put_u32(s.vd + 4 + 4, 0x80000010u);
    const auto bytes = s.bytes();
    Diagnostics diag;
    auto hive = Hive::open_regf(bytes, "X", diag);
    REQUIRE(hive);
    CHECK(hive->find("A")->values().size() == 1);
    CHECK(has_warning(diag, "resident"));
  }
  SECTION("free (unallocated) cell referenced") {
    s.b.put_u32(s.bkey, 0x58);
    const auto bytes = s.bytes();
    Diagnostics diag;
    auto hive = Hive::open_regf(bytes, "X", diag);
    REQUIRE(hive);
    CHECK(hive->root().subkeys().size() == 1);
    CHECK(has_warning(diag, "free"));
  }
}

TEST_CASE("regf: cycles and shared cells do not loop", "[hive][regf]") {
  RegfBuilder b;
  const std::uint32_t child = b.nk("child", 1, 0, 0, 0xFFFFFFFFu);  // list patched below
  const std::uint32_t root_list = b.list("lf", {child});
  const std::uint32_t root = b.nk("root", 1, root_list, 0, 0xFFFFFFFFu);
  const std::uint32_t child_list = b.list("li", {root, child});  // back to the root and to itself
  b.put_u32(child + 4 + 0x1C, child_list);
  b.put_u32(child + 4 + 0x14, 2);
  const auto bytes = b.finish(root);
  Diagnostics diag;
  auto hive = Hive::open_regf(bytes, "X", diag);
  REQUIRE(hive);
  CHECK(hive_test::walk_everything(*hive) == 2);
  CHECK(has_warning(diag, "cycle"));
}

TEST_CASE("regf: ri lists, nested ri, and limits", "[hive][regf]") {
  RegfBuilder b;
  std::vector<std::uint32_t> kids;
  for (int i = 0; i < 6; ++i) kids.push_back(b.nk(key_name(i), 0, 0xFFFFFFFFu, 0, 0xFFFFFFFFu));
  const std::uint32_t lh = b.list("lh", {kids[0], kids[1]});
  const std::uint32_t li = b.list("li", {kids[2], kids[3]});
  const std::uint32_t inner_ri = b.list("ri", {b.list("lf", {kids[4], kids[5]})});
  const std::uint32_t ri = b.list("ri", {lh, li, inner_ri});
  const std::uint32_t root = b.nk("root", 6, ri, 0, 0xFFFFFFFFu);
  const auto bytes = b.finish(root);
  Diagnostics diag;
  auto hive = Hive::open_regf(bytes, "X", diag);
  REQUIRE(hive);
  CHECK(hive->root().subkeys().size() == 4);
  CHECK(has_warning(diag, "nested"));

  Limits limits;
  limits.max_subkeys_per_key = 3;
  Diagnostics diag2;
  auto limited = Hive::open_regf(bytes, "X", diag2, limits);
  REQUIRE(limited);
  CHECK(limited->root().subkeys().size() == 3);
  CHECK(has_warning(diag2, "subkeys; rest skipped"));
}

TEST_CASE("regf: depth limit", "[hive][regf]") {
  RegfBuilder b;
  std::uint32_t key = b.nk("leaf", 0, 0xFFFFFFFFu, 0, 0xFFFFFFFFu);
  for (int i = 0; i < 20; ++i) key = b.nk(key_name(i), 1, b.list("lf", {key}), 0, 0xFFFFFFFFu);
  const auto bytes = b.finish(key);
  Limits limits;
  limits.max_depth = 5;
  Diagnostics diag;
  auto hive = Hive::open_regf(bytes, "X", diag, limits);
  REQUIRE(hive);
  CHECK(hive_test::walk_everything(*hive) == 6);
  CHECK(has_warning(diag, "deeper"));
}

TEST_CASE("regf: big data (db) assembles segments, UTF-16 names", "[hive][regf]") {
  RegfBuilder b;
  std::vector<std::uint8_t> seg1(16344, 0xAB), seg2(100, 0xCD);
  const std::uint32_t s1 = b.cell(seg1);
  const std::uint32_t s2 = b.cell(seg2);
  const std::uint32_t seglist = b.offsets({s1, s2});
  const std::uint32_t db = b.cell({'d', 'b', 2, 0, static_cast<std::uint8_t>(seglist), static_cast<std::uint8_t>(seglist >> 8), 0, 0, 0, 0, 0, 0});
  const std::string wide_name{"\x41\x00\xAC\x20", 4};  // "A€" UTF-16LE
  const std::uint32_t big = b.vk("big", 3, 16444, db);
  const std::uint32_t wide = b.vk(wide_name, 4, 0x80000004u, 1, 0);
  const std::uint32_t latin = b.vk("\xE4", 4, 0x80000002u, 0x0102, 1);
  const std::uint32_t root = b.nk(wide_name, 0, 0xFFFFFFFFu, 3, b.offsets({big, wide, latin}), 0);
  SECTION("version 1.5") {
    const auto bytes = b.finish(root, 5);
    Diagnostics diag;
    auto hive = Hive::open_regf(bytes, "X", diag);
    REQUIRE(hive);
    INFO(dump(diag));
    CHECK(diag.empty());
    CHECK(hive->root().name() == "A\xE2\x82\xAC");
    auto v = hive->root().value("big");
    REQUIRE(v);
    REQUIRE(v->data().size() == 16444);
    CHECK(v->data()[16343] == 0xAB);
    CHECK(v->data()[16344] == 0xCD);
    CHECK(hive->root().value("a\xE2\x82\xAC")->as_dword().value() == 1);
    auto l = hive->root().value("\xC3\xA4");
    REQUIRE(l);
    CHECK(l->data().size() == 2);
    CHECK(l->as_dword().error().code == Errc::format);
  }
  SECTION("version 1.3 has no big data") {
    const auto bytes = b.finish(root, 3);
    Diagnostics diag;
    auto hive = Hive::open_regf(bytes, "X", diag);
    REQUIRE(hive);
    CHECK(hive->root().value("big")->data().size() == 12);
    CHECK(has_warning(diag, "truncated"));
  }
}

TEST_CASE("regf: hives written by hivexregedit", "[hive][regf][hivex]") {
  const auto fixtures = std::filesystem::path(MIGREADY_FIXTURES_DIR) / "hive";
  const auto path = hive_test::hivex_merge(fixtures / "all_types.reg", "all_types.hive");
  const auto bytes = hive_test::read_bytes(path);
  Diagnostics diag;
  auto hive = Hive::open_regf(bytes, "SOFTWARE", diag);
  REQUIRE(hive);
  INFO(dump(diag));
  auto types = hive->find("Types");
  REQUIRE(types);
  CHECK(types->value("")->as_string().value() == "default value");
  CHECK(types->value("sz")->as_string().value() == "hello");
  CHECK(types->value("expand")->type() == ValueType::expand_sz);
  CHECK(types->value("expand")->as_string().value() == "%SystemRoot%");
  CHECK(types->value("dword")->as_dword().value() == 0x12345678u);
  CHECK(types->value("dword_be")->as_dword().value() == 0x12345678u);
  CHECK(types->value("qword")->as_qword().value() == 0x0102030405060708ull);
  CHECK(types->value("multi")->as_multi_sz().value() == std::vector<std::string>{"a", "bc"});
  CHECK(static_cast<std::uint32_t>(types->value("unknown")->type()) == 0x1234u);
  CHECK(types->value("binary")->data().size() == 4);
  CHECK(types->value("zero_len_bin")->data().empty());
  CHECK(types->value("quote\"back\\slash")->as_string().value() == "a\"b\\c");
  CHECK(types->value("sz")->as_dword().error().code == Errc::format);
  CHECK(types->subkey("EMPTY")->subkeys().empty());
  CHECK(types->subkey("empty")->values().empty());
  CHECK(hive->find("Caf\xC3\xA9\xE2\x82\xAC")->value("v\xC3\xA4\xE2\x82\xAC")->as_dword().value() == 1);
  // Select\Current read from the hive (2); the fixture has no ControlSet002, so it is named as missing.
  CHECK(migready::hive::current_control_set(*hive).error().message ==
        "Select\\Current names ControlSet002, which the SYSTEM hive does not have");
  CHECK(hive->root().last_write().has_value());
}

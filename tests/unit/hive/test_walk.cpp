// Hive::walk and open_regf with a visitor (the one-pass walk `migready hive walk` uses) against the
// vector API, and the UTF-16 decoder's fast paths against a plain reference.
#include <catch2/catch.hpp>

#include <random>

#include "core/text.hpp"
#include "hive/hive.hpp"
#include "hive/text_codec.hpp"
#include "hive_test_util.hpp"

using migready::Diagnostics;
using migready::hive::Hive;
using hive_test::RegfBuilder;
using hive_test::TraceVisitor;

namespace {

std::vector<std::string> messages(const Diagnostics& diag) {
  std::vector<std::string> out;
  for (const auto& d : diag.entries()) out.push_back(d.where + ": " + d.message);
  return out;
}

// open_regf with a visitor must see what walk() on the plainly opened hive sees, and report the same.
void check_one_pass(const std::vector<std::uint8_t>& bytes, const std::string& name) {
  Diagnostics plain_diag;
  auto plain = Hive::open_regf(bytes, name, plain_diag);
  TraceVisitor during_open;
  Diagnostics visited_diag;
  auto visited = Hive::open_regf(bytes, name, visited_diag, during_open);
  REQUIRE(plain.has_value() == visited.has_value());
  CHECK(messages(plain_diag) == messages(visited_diag));
  if (!plain) {
    CHECK(during_open.lines.empty());
    return;
  }
  TraceVisitor after_open;
  plain->walk(after_open);
  CHECK(during_open.lines == after_open.lines);
  CHECK(after_open.lines == hive_test::trace_recursive(*plain));
  TraceVisitor after_visited_open;
  visited->walk(after_visited_open);  // the tree built while visiting is the same tree
  CHECK(after_visited_open.lines == after_open.lines);

  TraceVisitor nameless(false);
  Diagnostics nameless_diag;
  REQUIRE(Hive::open_regf(bytes, name, nameless_diag, nameless));
  REQUIRE(nameless.lines.size() == after_open.lines.size());
  for (std::size_t i = 0; i < nameless.lines.size(); ++i) {
    if (after_open.lines[i][0] == 'K') CHECK(nameless.lines[i] == after_open.lines[i]);
  }
}

// The decoder as it was before the fast paths: one code point at a time through core's encoder.
std::string reference_utf16(const std::vector<std::uint8_t>& bytes, bool stop_at_nul) {
  std::string out;
  const std::size_t units = bytes.size() / 2;
  auto unit = [&](std::size_t i) { return static_cast<char32_t>(bytes[2 * i] | (bytes[2 * i + 1] << 8)); };
  for (std::size_t i = 0; i < units; ++i) {
    const char32_t u = unit(i);
    if (u == 0 && stop_at_nul) break;
    if (u >= 0xD800 && u <= 0xDBFF && i + 1 < units && unit(i + 1) >= 0xDC00 && unit(i + 1) <= 0xDFFF) {
      migready::text::append_utf8(out, 0x10000 + ((u - 0xD800) << 10) + (unit(i + 1) - 0xDC00));
      ++i;
      continue;
    }
    migready::text::append_utf8(out, u);
  }
  return out;
}

}  // namespace

TEST_CASE("walk: one pass at open equals walk() and recursion, on real hives", "[hive][walk]") {
  for (const char* name : {"winxp-sp3-SYSTEM", "vista-corrupted-SYSTEM", "win7-NTUSER.DAT", "yarp-BigDataHive",
                           "yarp-DuplicateSubkeysHive", "yarp-BadListHive", "yarp-BadSubkeyHive",
                           "yarp-TruncatedHive", "python-registry-UNICODE_TESTS", "plaso-regf_corrupt_sub_key_list.hiv"}) {
    INFO(name);
    check_one_pass(hive_test::read_bytes(hive_test::real_hive(name)), name);
  }
}

TEST_CASE("walk: duplicates in one list, shared cells and cycles visit in subkeys() order", "[hive][walk]") {
  RegfBuilder b;
  const std::uint32_t shared = b.nk("shared", 0, 0xFFFFFFFFu, 0, 0xFFFFFFFFu);
  const std::uint32_t c = b.nk("c", 1, b.list("lf", {shared}), 0, 0xFFFFFFFFu);
  const std::uint32_t v = b.vk("v", 4, 0x80000004u, 7, 1);
  const std::uint32_t bkey = b.nk("b", 1, b.list("li", {shared}), 1, b.offsets({v}));
  const std::uint32_t root_list = b.list("lh", {bkey, c, bkey});  // b twice in one list
  const std::uint32_t root = b.nk("root", 3, root_list, 0, 0xFFFFFFFFu);
  b.put_u32(c + 4 + 0x1C, b.list("li", {shared, root}));  // c also points back at the root
  b.put_u32(c + 4 + 0x14, 2);
  const auto bytes = b.finish(root);
  check_one_pass(bytes, "X");
  Diagnostics diag;
  auto hive = Hive::open_regf(bytes, "X", diag);
  REQUIRE(hive);
  TraceVisitor t;
  hive->walk(t);
  REQUIRE(t.lines.size() == 5);
  CHECK(t.lines[0].rfind("K 0 root ", 0) == 0);
  CHECK(t.lines[1].rfind("K 1 b ", 0) == 0);
  CHECK(t.lines[2].rfind("V v 4 07000000 ", 0) == 0);
  CHECK(t.lines[3].rfind("K 2 shared ", 0) == 0);  // first met under b, the first in list order
  CHECK(t.lines[4].rfind("K 1 c ", 0) == 0);
}

TEST_CASE("walk: subkeys and the walk keep list order, not name order", "[hive][walk]") {
  RegfBuilder b;
  const std::uint32_t z = b.nk("z", 0, 0xFFFFFFFFu, 0, 0xFFFFFFFFu);
  const std::uint32_t a = b.nk("a", 0, 0xFFFFFFFFu, 0, 0xFFFFFFFFu);
  const std::uint32_t m = b.nk("m", 0, 0xFFFFFFFFu, 0, 0xFFFFFFFFu);
  const auto bytes = b.finish(b.nk("root", 3, b.list("li", {z, a, m}), 0, 0xFFFFFFFFu));
  Diagnostics diag;
  auto hive = Hive::open_regf(bytes, "X", diag);
  REQUIRE(hive);
  std::vector<std::string> names;
  for (const auto& k : hive->root().subkeys()) names.push_back(k.name());
  CHECK(names == std::vector<std::string>{"z", "a", "m"});
  TraceVisitor t;
  REQUIRE(Hive::open_regf(bytes, "X", diag, t));
  REQUIRE(t.lines.size() == 4);
  CHECK(t.lines[1].rfind("K 1 z ", 0) == 0);
  CHECK(t.lines[3].rfind("K 1 m ", 0) == 0);
}

TEST_CASE("walk: mutated hives, one pass at open equals walk()", "[hive][walk][mutation]") {
  const auto original = hive_test::read_bytes(hive_test::real_hive("yarp-BigDataHive"));
  std::mt19937 rng(1234u);
  for (int i = 0; i < 400; ++i) {
    std::vector<std::uint8_t> bytes = original;
    for (int f = 0, flips = 1 + static_cast<int>(rng() % 12); f < flips; ++f) {
      bytes[0x1000 + rng() % (std::min<std::size_t>(bytes.size(), 0x3000) - 0x1000)] = static_cast<std::uint8_t>(rng());
    }
    check_one_pass(bytes, "M");
  }
}

TEST_CASE("walk: a .reg hive walks like its recursion", "[hive][walk]") {
  Diagnostics diag;
  auto hive = Hive::open_reg(
      "Windows Registry Editor Version 5.00\n[R]\n\"a\"=dword:00000001\n[R\\X]\n@=\"d\"\n[R\\X\\Y]\n[R\\Z]\n"
      "\"m\"=hex(7):61,00,00,00,00,00\n",
      "t.reg", "R", diag);
  REQUIRE(hive);
  TraceVisitor t;
  hive->walk(t);
  CHECK(t.lines == hive_test::trace_recursive(*hive));
  CHECK(t.lines.size() == 7);
  CHECK(hive_test::walk_everything(*hive) == 4);
}

TEST_CASE("walk: UTF-16 decoding equals the plain reference at every length and boundary", "[hive][walk]") {
  std::mt19937 rng(99u);
  // Units chosen to hit every branch: ASCII runs (the 4-unit fast path), NUL, 2- and 3-byte forms,
  // paired, unpaired and reversed surrogates; lengths around the 256-unit chunk.
  const std::vector<std::uint16_t> palette = {0x41, 0x7F, 0x00, 0x80, 0x7FF, 0x800, 0xFFFF, 0xD83D, 0xDE00, 0xDBFF, 0xDC00};
  for (int round = 0; round < 2000; ++round) {
    std::size_t units = rng() % 600;
    if (round < 40) units = 250 + static_cast<std::size_t>(round % 12);  // 250..261: across the chunk end
    std::vector<std::uint8_t> bytes;
    const bool mostly_ascii = rng() % 2 == 0;
    for (std::size_t i = 0; i < units; ++i) {
      std::uint16_t u = mostly_ascii && rng() % 8 != 0 ? static_cast<std::uint16_t>(0x20 + rng() % 0x5F)
                                                       : palette[rng() % palette.size()];
      if (round < 40 && i == 255) u = 0xD83D;  // a pair split by the chunk end
      if (round < 40 && i == 256) u = 0xDE00;
      bytes.push_back(static_cast<std::uint8_t>(u));
      bytes.push_back(static_cast<std::uint8_t>(u >> 8));
    }
    if (rng() % 4 == 0) bytes.push_back(0x41);  // an odd final byte is ignored
    for (bool stop : {false, true}) {
      INFO("round " << round << " stop " << stop);
      CHECK(migready::hive::detail::utf16le_to_utf8(bytes, stop) == reference_utf16(bytes, stop));
      std::string appended = "prefix";
      migready::hive::detail::append_utf16le_as_utf8(appended, bytes, stop);
      CHECK(appended == "prefix" + reference_utf16(bytes, stop));
    }
    std::string latin;
    for (std::uint8_t x : bytes) migready::text::append_utf8(latin, x);
    CHECK(migready::hive::detail::latin1_to_utf8(std::span<const std::uint8_t>(bytes)) == latin);
  }
}

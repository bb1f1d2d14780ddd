// Hostile sharing (issue 19): one value, value list or data cell listed many times must not multiply the
// warnings, the memory or the work. Sizes are scaled down; each test counts work, not wall time.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "hive/hive.hpp"
#include "hive_test_util.hpp"

using namespace migready;
using migready::hive::Hive;
using migready::hive::Limits;
using hive_test::RegfBuilder;

namespace {

constexpr std::size_t kSegment = 16344;

// A big-data (db) value of `segments` full segments, all of them one cell of `fill` bytes.
std::uint32_t shared_big_data(RegfBuilder& b, std::size_t segments, std::uint8_t fill) {
  std::vector<std::uint8_t> bytes(kSegment, 0);  // UTF-16LE: fill, NUL, fill, NUL, ...
  for (std::size_t i = 0; i < kSegment; i += 2) bytes[i] = fill;
  const std::uint32_t seg = b.cell(bytes);
  const std::uint32_t seg_list = b.offsets(std::vector<std::uint32_t>(segments, seg));
  std::vector<std::uint8_t> db{'d', 'b', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  db[2] = static_cast<std::uint8_t>(segments);
  db[3] = static_cast<std::uint8_t>(segments >> 8);
  for (int i = 0; i < 4; ++i) db[4 + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(seg_list >> (8 * i));
  return b.cell(db);
}

class ByteCounter : public hive::HiveVisitor {
 public:
  void value(const hive::Key&, const hive::Value& v) override {
    ++values;
    bytes += v.data().size();
  }
  std::size_t values = 0;
  std::uint64_t bytes = 0;
};

std::size_t count_with(const Diagnostics& diag, std::string_view text) {
  std::size_t n = 0;
  for (const auto& d : diag.entries()) if (d.message.find(text) != std::string::npos) ++n;
  return n;
}

}  // namespace

TEST_CASE("regf: a value listed many times is reported once, not once per listing", "[hive][regf][shared]") {
  RegfBuilder b;
  const std::string name(8000, '\x07');  // BEL, as the 32,767 control characters
  const std::uint32_t v = b.vk(name, 1, 8, 0x7FFFFFF0u);  // its data offset is no cell: a warning per read
  const std::uint32_t root = b.nk("ROOT", 0, 0xFFFFFFFFu, 2000, b.offsets(std::vector<std::uint32_t>(2000, v)), 0x24);
  const auto bytes = b.finish(root);
  for (const bool visit : {false, true}) {
    Diagnostics diag;
    ByteCounter counter;
    auto hive = visit ? Hive::open_regf(bytes, "SOFTWARE", diag, counter) : Hive::open_regf(bytes, "SOFTWARE", diag);
    REQUIRE(hive);
    REQUIRE(diag.entries().size() == 1);  // "value \"\a\a...\": data offset ... is not the start of a cell"
    CHECK(diag.entries()[0].message.rfind("value \"\x07\x07", 0) == 0);
    CHECK(diag.entries()[0].message.find("[cut: ") != std::string::npos);
    std::size_t warning_bytes = 0;
    for (const auto& d : diag.entries()) warning_bytes += d.message.size() + d.where.size();
    CHECK(warning_bytes < 3 * Diagnostics::kMaxTextBytes);
  }
}

TEST_CASE("regf: value data handed out is budgeted per reference, a shared big-data cell assembled once",
          "[hive][regf][shared]") {
  RegfBuilder b;
  constexpr std::size_t kSegments = 40;  // 653,760 bytes, one 16 KiB cell 40 times
  const std::uint32_t size = kSegments * kSegment;
  const std::uint32_t v = b.vk("Big", 3, size, shared_big_data(b, kSegments, 0x01));
  constexpr std::uint32_t kListed = 5000;  // 3.3 GB if every listing were handed out in full
  const std::uint32_t root = b.nk("ROOT", 0, 0xFFFFFFFFu, kListed,
                                  b.offsets(std::vector<std::uint32_t>(kListed, v)), 0x24);
  const auto bytes = b.finish(root);
  Limits limits;
  limits.max_decoded_bytes = 8u << 20;
  const std::uint64_t budget = limits.max_decoded_bytes + 2 * (bytes.size() - 0x1000);
  Diagnostics diag;
  ByteCounter at_open;
  auto hive = Hive::open_regf(bytes, "SOFTWARE", diag, at_open, limits);
  REQUIRE(hive);
  CHECK(at_open.bytes <= budget);
  CHECK(at_open.values >= budget / (size + 3) - 1);  // data and the 3-byte name, per reference
  CHECK(count_with(diag, "input exceeds LIMIT (" + std::to_string(budget) + ")") == 1);
  CHECK(count_with(diag, "value \"Big\"") == 1);
  // Spent: later reads fail with the limit, walks hand out nothing more.
  auto later = hive->root().value("Big");
  REQUIRE_FALSE(later);
  CHECK(later.error().code == Errc::limit);
  ByteCounter walk;
  hive->walk(walk);
  CHECK(walk.bytes == 0);
}

TEST_CASE("regf: Key::value reads only the value asked for, and only as much as asked", "[hive][regf][shared]") {
  RegfBuilder b;
  constexpr std::size_t kSegments = 40;
  const std::uint32_t size = kSegments * kSegment;
  const std::uint32_t big = b.vk("Big", 1, size, shared_big_data(b, kSegments, 'A'));
  const std::uint32_t small = b.vk("x", 4, 0x80000004u, 7);
  std::vector<std::uint32_t> list(50, big);
  list.push_back(small);
  const std::uint32_t root = b.nk("ROOT", 0, 0xFFFFFFFFu, static_cast<std::uint32_t>(list.size()), b.offsets(list), 0x24);
  const auto bytes = b.finish(root);
  Limits limits;
  limits.max_decoded_bytes = 2u << 20;  // about three reads of "Big" in full
  Diagnostics diag;
  auto hive = Hive::open_regf(bytes, "SOFTWARE", diag, limits);
  REQUIRE(hive);
  CHECK(diag.empty());  // validating the 50 listings read the value once
  for (int i = 0; i < 1000; ++i) {
    auto x = hive->root().value("x");  // does not read the 50 big listings before it
    REQUIRE(x);
    CHECK(*x->as_dword() == 7);
  }
  for (int i = 0; i < 1000; ++i) {
    auto head = hive->root().value("Big", 64);  // 64 bytes, not 653,760
    REQUIRE(head);
    CHECK(head->truncated());
    CHECK(head->data().size() == 64);
    CHECK(*head->as_string() == std::string(32, 'A'));
  }
  auto as_dword = hive->root().value("Big", 8);
  REQUIRE(as_dword);
  CHECK_FALSE(as_dword->as_dword());  // a cut value is no DWORD
  auto whole = hive->root().value("Big");
  REQUIRE(whole);
  CHECK_FALSE(whole->truncated());
  CHECK(whole->data().size() == size);
}

// Seeded mutation test: flip random bytes of small valid hives, open and walk the whole tree each time.
// It must never crash, hang or read out of bounds (run the test build under ASan/UBSan to see the last).
#include <catch2/catch.hpp>

#include <random>

#include "hive/hive.hpp"
#include "hive_test_util.hpp"

using migready::Diagnostics;
using migready::hive::Hive;

namespace {

void mutate_and_walk(const std::vector<std::uint8_t>& original, std::uint32_t seed, int iterations,
                     std::size_t focus_begin, std::size_t focus_end) {
  std::mt19937 rng(seed);
  std::size_t opened = 0;
  for (int i = 0; i < iterations; ++i) {
    std::vector<std::uint8_t> bytes = original;
    const int flips = 1 + static_cast<int>(rng() % 16);
    for (int f = 0; f < flips; ++f) {
      const std::size_t pos = focus_begin + rng() % (focus_end - focus_begin);
      switch (rng() % 3) {
        case 0: bytes[pos] ^= static_cast<std::uint8_t>(1u << (rng() % 8)); break;
        case 1: bytes[pos] = static_cast<std::uint8_t>(rng()); break;
        default: bytes[pos] = (rng() % 2) ? 0xFF : 0x00; break;
      }
    }
    if (rng() % 16 == 0) bytes.resize(rng() % bytes.size());  // truncation
    Diagnostics diag;
    // walk_everything reads every value several ways and compares: a spent decoded-bytes budget would
    // (rightly) refuse the later reads. The budget has its own tests (test_shared_cells.cpp).
    migready::hive::Limits limits;
    limits.max_decoded_bytes = std::uint64_t{1} << 40;
    auto hive = Hive::open_regf(bytes, "M", diag, limits);
    if (hive) {
      ++opened;
      hive_test::walk_everything(*hive);
      (void)migready::hive::current_control_set(*hive);
    }
  }
  CHECK(opened > 0);  // the mutations must not all be rejected at the base block
}

}  // namespace

TEST_CASE("mutation: hivex-written hive", "[hive][mutation]") {
  const auto path = hive_test::hivex_merge(std::filesystem::path(MIGREADY_FIXTURES_DIR) / "hive" / "all_types.reg",
                                           "mutation_all_types.hive");
  auto bytes = hive_test::read_bytes(path);
  // Cells live in the first bins; mutate there mostly, and the base block sometimes.
  const std::size_t end = std::min<std::size_t>(bytes.size(), 0x1000 + 0x3000);
  mutate_and_walk(bytes, 20240601u, 3000, 0x1000, end);
  mutate_and_walk(bytes, 7u, 500, 0, 0x200);
}

TEST_CASE("mutation: real Windows hives", "[hive][mutation]") {
  for (const char* name : {"yarp-BigDataHive", "python-registry-UNICODE_TESTS", "yarp-MultiSzHive"}) {
    INFO(name);
    const auto bytes = hive_test::read_bytes(hive_test::real_hive(name));
    mutate_and_walk(bytes, 42u, 1500, 0x1000, std::min<std::size_t>(bytes.size(), 0x3000));
  }
}

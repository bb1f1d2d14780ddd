#include <catch2/catch.hpp>

#include "core/disk_space.hpp"

using namespace migready::collector;

namespace {
constexpr std::uint64_t MiB = 1ull << 20;
constexpr std::uint64_t GiB = 1ull << 30;
}  // namespace

TEST_CASE("disk_space: safety_margin is 5 percent with a 256 MiB floor", "[collector][disk_space]") {
  CHECK(safety_margin(0) == kMarginFloorBytes);
  CHECK(safety_margin(1 * GiB) == kMarginFloorBytes);         // 5 % = 51 MiB: the floor wins
  CHECK(safety_margin(100 * GiB) == 5 * GiB);                  // 5 % exactly
  CHECK(safety_margin(5120 * MiB + 99) == 256 * MiB + 4);      // 5 % of 5 GiB + 99 bytes, no overflow path
  CHECK(safety_margin(~0ull) > (~0ull) / 21);                  // saturates nowhere, stays 5 %
}

TEST_CASE("disk_space: fits keeps the margin free", "[collector][disk_space]") {
  const VolumeSpace v{"C:\\", 10 * GiB, 100 * GiB};  // margin 5 GiB
  CHECK(fits(v, 5 * GiB));
  CHECK_FALSE(fits(v, 5 * GiB + 1));
  CHECK(fits(v, 0));
  const VolumeSpace under{"C:\\", 4 * GiB, 100 * GiB};  // already under its margin: nothing fits
  CHECK_FALSE(fits(under, 0));
  CHECK_FALSE(fits(under, 1));
}

TEST_CASE("disk_space: estimate_space takes the largest temporary file and sums the zip", "[collector][disk_space]") {
  SpaceInputs in;
  in.command_output_cap = 64 * MiB;
  in.event_log_cap = 512 * MiB;
  in.hive_bytes = {20 * MiB, 90 * MiB};
  in.event_log_bytes = {16 * MiB, 600 * MiB};  // the second is over the cap
  in.file_caps = {16 * MiB, 4 * MiB};
  const SpaceEstimate e = estimate_space(in);
  CHECK(e.largest_temp == 600 * MiB + 512 * MiB);  // the whole .evt and its capped copy at once
  const std::uint64_t raw = 64 * MiB + 20 * MiB + 90 * MiB + 16 * MiB + 512 * MiB + 16 * MiB + 4 * MiB;
  CHECK(e.zip >= raw + MiB);
  CHECK(e.zip <= raw + raw / 1024 + 7 * 4096 + MiB);

  SECTION("with no known sizes the command cap is the need") {
    SpaceInputs small;
    small.command_output_cap = 400 * 1024;
    const SpaceEstimate s = estimate_space(small);
    CHECK(s.largest_temp == 400 * 1024);
    CHECK(s.zip == stored_bound(400 * 1024) + MiB);
  }
  SECTION("a hive larger than the output cap is the largest temporary file") {
    SpaceInputs h;
    h.command_output_cap = MiB;
    h.hive_bytes = {300 * MiB};
    CHECK(estimate_space(h).largest_temp == 300 * MiB);
  }
}

TEST_CASE("disk_space: same_volume", "[collector][disk_space]") {
  CHECK(same_volume({"C:\\", 1, 100}, {"c:\\", 50, 100}));
  CHECK_FALSE(same_volume({"C:\\", 1, 100}, {"D:\\", 1, 100}));
  CHECK_FALSE(same_volume({"Z:\\", 1, 100}, {"Z:\\", 1, 200}));  // a mount under Z: that Wine shows as Z:
}

TEST_CASE("disk_space: stored_bound", "[collector][disk_space]") {
  CHECK(stored_bound(0) == 4096);
  CHECK(stored_bound(1024 * 1024) == 1024 * 1024 + 1024 + 4096);
  CHECK(stored_bound(~0ull) == ~0ull);  // saturates
}

TEST_CASE("disk_space: check_space", "[collector][disk_space]") {
  const SpaceEstimate need{100 * MiB, 300 * MiB};
  SECTION("two roomy volumes pass") {
    CHECK_FALSE(check_space({"C:\\", 20 * GiB, 40 * GiB}, {"D:\\", 20 * GiB, 40 * GiB}, need));
  }
  SECTION("one volume: the needs add up") {
    // 40 GiB: margin 2 GiB. 2 GiB + 350 MiB free holds either need alone, not both.
    const VolumeSpace c{"C:\\", 2 * GiB + 350 * MiB, 40 * GiB};
    CHECK_FALSE(check_space(c, {"D:\\", 20 * GiB, 40 * GiB}, need));
    CHECK_FALSE(check_space({"D:\\", 20 * GiB, 40 * GiB}, c, need));
    const auto refused = check_space(c, {"c:\\", c.free_bytes, c.total_bytes}, need);
    REQUIRE(refused);
    CHECK(refused->find("c:\\ (temporary files and the bundle) has 2.3 GiB free of 40.0 GiB") != std::string::npos);
    CHECK(refused->find("may need up to 400.0 MiB") != std::string::npos);
    CHECK(refused->find("must leave 2.0 GiB free") != std::string::npos);
  }
  SECTION("the message names the volume, the estimate, the margin and both options") {
    const auto refused = check_space({"C:\\", 20 * GiB, 40 * GiB}, {"E:\\", 200 * MiB, 1 * GiB}, need);
    REQUIRE(refused);
    CHECK(refused->find("E:\\ (the bundle) has 200.0 MiB free of 1.0 GiB") != std::string::npos);
    CHECK(refused->find("300.0 MiB") != std::string::npos);
    CHECK(refused->find("256.0 MiB") != std::string::npos);
    CHECK(refused->find("--out DIR") != std::string::npos);
    CHECK(refused->find("--temp DIR") != std::string::npos);
    CHECK(refused->find("C:\\") == std::string::npos);  // the temporary volume is fine: not named
  }
  SECTION("both volumes short: both named") {
    const auto refused = check_space({"C:\\", 300 * MiB, 40 * GiB}, {"E:\\", 200 * MiB, 1 * GiB}, need);
    REQUIRE(refused);
    CHECK(refused->find("C:\\ (temporary files)") != std::string::npos);
    CHECK(refused->find("E:\\ (the bundle)") != std::string::npos);
  }
}

TEST_CASE("disk_space: format_bytes", "[collector][disk_space]") {
  CHECK(format_bytes(0) == "0 bytes");
  CHECK(format_bytes(1023) == "1023 bytes");
  CHECK(format_bytes(1024) == "1.0 KiB");
  CHECK(format_bytes(380928) == "372.0 KiB");
  CHECK(format_bytes(1024 * 1024 - 1) == "1024.0 KiB");
  CHECK(format_bytes(256 * MiB) == "256.0 MiB");
  CHECK(format_bytes(GiB + GiB / 4) == "1.3 GiB");  // 1.25 rounds half up
  CHECK(format_bytes(2 * GiB - 1) == "2.0 GiB");
}

TEST_CASE("disk_space: hive_file_name", "[collector][disk_space]") {
  CHECK(hive_file_name("HKEY_LOCAL_MACHINE", "SYSTEM") == "SYSTEM");
  CHECK(hive_file_name("hkey_local_machine", "software") == "SOFTWARE");
  CHECK(hive_file_name("HKEY_USERS", ".DEFAULT") == "DEFAULT");
  CHECK(hive_file_name("HKEY_LOCAL_MACHINE", "SOFTWARE\\Microsoft").empty());
  CHECK(hive_file_name("HKEY_CURRENT_USER", "").empty());
}

TEST_CASE("disk_space: disk_full_hint names the volume and the options", "[collector][disk_space]") {
  const std::string hint = disk_full_hint("Z:\\");
  CHECK(hint.find("Z:\\") != std::string::npos);
  CHECK(hint.find("--out DIR") != std::string::npos);
  CHECK(hint.find("--temp DIR") != std::string::npos);
}

TEST_CASE("disk_space: order_temp_folders prefers the volume with the most free space", "[collector][disk_space]") {
  const VolumeSpace c1{"C:\\", 3 * GiB, 40 * GiB};
  const VolumeSpace c2{"C:\\", 3 * GiB - 4096, 40 * GiB};  // the same volume, measured a moment later
  const VolumeSpace e{"E:\\", 30 * GiB, 100 * GiB};
  const std::vector<TempCandidate> on_c = {
      {"C:\\Documents and Settings\\admin\\Local Settings\\Temp", c1}, {"C:\\migready", c2}, {"C:\\WINDOWS\\Temp", c1}};
  SECTION("one volume: the fallback order stays") {
    CHECK(order_temp_folders(on_c, c1) ==
          std::vector<std::string>{on_c[0].folder, on_c[1].folder, on_c[2].folder});
  }
  SECTION("a fixed volume a step ahead that holds none of them goes first, as its root") {
    CHECK(order_temp_folders(on_c, e).front() == "E:");
    CHECK(order_temp_folders(on_c, e).size() == 4);
  }
  SECTION("the bundle's folder on the roomier volume comes before %TEMP%") {
    const std::vector<TempCandidate> mixed = {{"C:\\Temp", c1}, {"E:\\out", e}, {"C:\\WINDOWS\\Temp", c1}};
    CHECK(order_temp_folders(mixed, e) == std::vector<std::string>{"E:\\out", "C:\\Temp", "C:\\WINDOWS\\Temp"});
  }
  SECTION("within one 256 MiB step two volumes are a tie") {
    const VolumeSpace z{"Z:\\", 3 * GiB + 100 * MiB, 40 * GiB};  // Wine: C: and Z: on one host disk
    const std::vector<TempCandidate> wine = {{"C:\\users\\me\\Temp", c1}, {"Z:\\out", z}};
    CHECK(order_temp_folders(wine, z) == std::vector<std::string>{"C:\\users\\me\\Temp", "Z:\\out"});
  }
  SECTION("an unknown volume goes last; no best volume adds nothing") {
    const std::vector<TempCandidate> unknown = {{"X:\\Temp", std::nullopt}, {"C:\\out", c1}};
    CHECK(order_temp_folders(unknown, std::nullopt) == std::vector<std::string>{"C:\\out", "X:\\Temp"});
  }
}

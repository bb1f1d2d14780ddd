#include <catch2/catch.hpp>

#include "contract/hex.hpp"

using migready::contract::hex_number;

TEST_CASE("hex_number: 0x and lower-case digits, no leading zeros", "[contract][hex]") {
  CHECK(hex_number(0) == "0x0");
  CHECK(hex_number(0x30) == "0x30");
  CHECK(hex_number(0x1020) == "0x1020");
  CHECK(hex_number(0xDEADBEEF) == "0xdeadbeef");
  CHECK(hex_number(0xFFFFFFFFFFFFFFFFull) == "0xffffffffffffffff");
}

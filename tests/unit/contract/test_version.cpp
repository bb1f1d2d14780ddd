#include <catch2/catch.hpp>

#include <cstdint>
#include <vector>

#include "contract/version.hpp"

namespace c = migready::contract;

TEST_CASE("version: dotted numbers compare numerically", "[contract][version]") {
  CHECK(c::version_less("6.0.3883.0", "6.10.1129.0"));
  CHECK_FALSE(c::version_less("6.10.1129.0", "6.0.3883.0"));
  CHECK_FALSE(c::version_less("6.0", "6.0.0.0"));  // trailing zero parts do not count
  CHECK_FALSE(c::version_less("6.0.0.0", "6.0"));
  CHECK(c::version_less("6.0", "6.0.1"));
  // A file version's trailer stops the reading.
  CHECK(c::version_parts("6.0.3790.1830 (srv03_sp1_rtm.050324-1447)") == std::vector<std::uint64_t>{6, 0, 3790, 1830});
  CHECK_FALSE(c::version_less("6.0.3790.1830 (srv03_sp1_rtm.050324-1447)", "6.0.3790.1830"));
  // No leading digit: no parts, before every version.
  CHECK(c::version_parts("n/a").empty());
  CHECK(c::version_less("", "0.1"));
  // A hostile 40-digit part is capped, not overflowed.
  CHECK(c::version_parts("9999999999999999999999999999999999999999") == std::vector<std::uint64_t>{1'000'000'000});
}

#include <catch2/catch.hpp>

#include "core/time_format.hpp"

using namespace migready::collector;

TEST_CASE("time formats", "[collector][time]") {
  const CivilTime t{2026, 11, 25, 14, 30, 5, 7};
  CHECK(format_utc(t) == "2026-11-25T14:30:05.007Z");
  CHECK(format_local(t) == "2026-11-25T14:30:05.007");
  CHECK(format_compact_utc(t) == "20261125T143005Z");
  const CivilTime odd{3, 1, 2, 0, 0, 60, 1500};
  CHECK(format_utc(odd) == "0003-01-02T00:00:59.999Z");  // clamped into the schema's pattern
}

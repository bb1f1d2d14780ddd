#include <catch2/catch.hpp>

#include "core/naming.hpp"

using namespace migready::collector;

TEST_CASE("bundle file name", "[collector][naming]") {
  CHECK(bundle_file_name("SBS01", CivilTime{2026, 11, 25, 14, 30, 5, 0}) == "migready-SBS01-20261125T143005Z.zip");
  CHECK(sanitize_host("sbs-01") == "sbs-01");
  CHECK(sanitize_host("SBS_01.corp") == "SBS_01_corp");
  CHECK(sanitize_host("A B") == "A_B");
  CHECK(sanitize_host("M\xc3\x9cNCHEN") == "M_NCHEN");              // one '_' per character, not per byte
  CHECK(sanitize_host("\xf0\x9f\x98\x80x") == "_x");
  CHECK(sanitize_host("a/..\\b") == "a____b");
  CHECK(sanitize_host("") == "unknown");
}

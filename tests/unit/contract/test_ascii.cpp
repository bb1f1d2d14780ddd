#include <catch2/catch.hpp>

#include <string>

#include "contract/ascii.hpp"

namespace c = migready::contract;

TEST_CASE("ascii: only ASCII letters fold", "[contract][ascii]") {
  CHECK(c::ascii_lower("SBS01-Exchange_2003") == "sbs01-exchange_2003");
  CHECK(c::ascii_upper("kb925398-v2") == "KB925398-V2");
  // UTF-8 bytes pass through: "Ä" (C3 84) is not "ä" (C3 A4) here, and no byte of it folds.
  CHECK(c::ascii_lower("\xC3\x84") == "\xC3\x84");
  CHECK(c::ascii_lower('@') == '@');
  CHECK(c::ascii_lower('[') == '[');
  static_assert(c::equals_ci("NTDS Settings", "ntds settings"));
  static_assert(!c::equals_ci("NTDS", "NTD"));
  static_assert(!c::equals_ci("@", "`"));  // 0x40 and 0x60 differ by 0x20 but are not letters
  CHECK(c::starts_with_ci("CN=NTDS Settings,CN=SBS01", "cn=ntds settings"));
  CHECK_FALSE(c::starts_with_ci("CN", "CN="));
  CHECK(c::ends_with_ci("C:\\WINDOWS\\system32\\NTBACKUP.EXE", "ntbackup.exe"));
  CHECK_FALSE(c::ends_with_ci("exe", ".exe"));
  CHECK(c::find_ci("Volume in drive C is SYSTEM", "drive c") == 10);
  CHECK(c::find_ci("abc", "") == 0);
  CHECK(c::find_ci("abc", "abcd") == std::string::npos);
  CHECK(c::find_ci("abcABC", "abc", 1) == 3);
  CHECK(c::contains_ci("The command completed SUCCESSFULLY.", "successfully"));
}

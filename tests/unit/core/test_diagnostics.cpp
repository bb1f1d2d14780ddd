#include <catch2/catch.hpp>

#include <string>

#include "core/diagnostics.hpp"

using namespace migready;

TEST_CASE("Diagnostics cuts a long message and where, and says how much", "[core][diagnostics]") {
  Diagnostics d;
  // 3-byte characters, so the cut has to step back to a character boundary.
  std::string long_text;
  for (int i = 0; i < 2000; ++i) long_text += "\xE2\x82\xAC";
  d.warn(Errc::format, long_text, std::string(10'000, 'w'));
  REQUIRE(d.entries().size() == 1);
  const auto& e = d.entries()[0];
  CHECK(e.message.size() <= Diagnostics::kMaxTextBytes + 40);
  CHECK(e.message.find("... [cut: 3954 bytes]") != std::string::npos);
  CHECK(e.message.substr(0, 2046) == long_text.substr(0, 2046));  // 682 whole characters
  CHECK(e.where.size() <= Diagnostics::kMaxTextBytes + 40);
  CHECK(e.where.find("[cut: 7952 bytes]") != std::string::npos);
}

TEST_CASE("Diagnostics stops keeping entries at its total size and counts the rest", "[core][diagnostics]") {
  Diagnostics d;
  const std::string big(Diagnostics::kMaxTextBytes, 'x');
  std::size_t kept_bytes = 0;
  for (int i = 0; i < 5000; ++i) d.warn(Errc::format, big, big);
  for (const auto& e : d.entries()) kept_bytes += e.message.size() + e.where.size();
  CHECK(kept_bytes <= Diagnostics::kMaxTotalBytes);
  CHECK(d.entries().size() == Diagnostics::kMaxTotalBytes / (2 * Diagnostics::kMaxTextBytes));
  CHECK(d.entries().size() + d.dropped() == 5000);
  d.warn(Errc::format, "short");  // the budget is spent exactly: even a short one is counted, not kept
  CHECK(d.dropped() == 5000 - 1024 + 1);
}

// Dotted version numbers ("6.0.3790.1830", "6.5.7638.1", "11.0.5604"), the one comparison for both programs.
//
// A version is its leading run of digits and dots: reading stops at the first other character, so a file
// version's trailer ("6.0.3790.1830 (srv03_sp1_rtm.050324-1447)") and a suffix ("2.0.50727.42-beta") do not
// count. Parts compare as numbers (each capped at 10^9, so a hostile 40-digit part cannot overflow), and
// trailing zero parts do not count: "6.0" == "6.0.0.0" < "6.0.1". A text without a leading digit has no
// parts and sorts before every version.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string_view>
#include <vector>

namespace migready::contract {

inline std::vector<std::uint64_t> version_parts(std::string_view s) {
  std::vector<std::uint64_t> parts;
  std::uint64_t n = 0;
  bool digits = false;
  for (char c : s) {
    if (c >= '0' && c <= '9') {
      n = std::min<std::uint64_t>(n * 10 + static_cast<std::uint64_t>(c - '0'), 1'000'000'000);
      digits = true;
    } else if (c == '.') {
      parts.push_back(n);
      n = 0;
      digits = false;
    } else {
      break;
    }
  }
  if (digits || !parts.empty()) parts.push_back(n);
  while (!parts.empty() && parts.back() == 0) parts.pop_back();
  return parts;
}

inline bool version_less(std::string_view a, std::string_view b) { return version_parts(a) < version_parts(b); }

}  // namespace migready::contract

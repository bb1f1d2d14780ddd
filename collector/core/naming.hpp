// The bundle's file name (docs/bundle-format.md, "The file"):
//   migready-<HOST>-<YYYYMMDDTHHMMSSZ>.zip
// <HOST> is the computer name with every character (code point, not byte) outside A-Za-z0-9- replaced by
// '_'; an empty name becomes "unknown". The analyzer never relies on the name; the manifest is the truth.
#pragma once

#include <string>
#include <string_view>

#include "core/time_format.hpp"

namespace migready::collector {

inline constexpr std::string_view kPartialSuffix = ".partial";

std::string sanitize_host(std::string_view computer_name_utf8);
std::string bundle_file_name(std::string_view computer_name_utf8, const CivilTime& started_utc);

}  // namespace migready::collector

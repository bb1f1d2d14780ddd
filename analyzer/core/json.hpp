// JSON from a bundle is customer input: parse_untrusted_json is the one way the analyzer reads it.
// Iterative parsing (no recursion, whatever the nesting), a nesting limit checked without recursion (so
// later recursive walks such as schema validation are safe), no trailing bytes, and an error whose `where`
// is "<where>:<line>".
#pragma once

#include <rapidjson/document.h>

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace migready {

Result<rapidjson::Document> parse_untrusted_json(std::string_view text, std::size_t max_depth, const std::string& where);

}  // namespace migready

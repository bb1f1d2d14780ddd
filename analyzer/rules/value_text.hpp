// Values as text: dates read from strings, values written for people and for `rules show`
// (value_text.cpp says more). Every phase uses it; it uses none of them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "contract/civil_time.hpp"
#include "rules/model.hpp"

namespace migready::rules {

// Dates are read with contract::parse_iso_instant (contract/civil_time.hpp).
using contract::Instant;
// A value that is a string holding a date; nullopt for null, other types and other strings.
std::optional<Instant> instant_of(const Value* v);

// `s` cut to at most 2000 bytes (kMaxRendered; never inside a UTF-8 sequence), then "…": hostile lists stay
// readable.
std::string cap(std::string s);
// One line of JSON without spaces.
std::string compact_json(const Value& v);
// A value for people: strings as they are, yes/no, numbers, lists joined (objects by their "name").
std::string render(const Value& v);
// JSON for `rules show`: a value that fits in the width stays on one line, others are opened up.
void readable_json(const Value& v, std::size_t indent, std::string& out);

}  // namespace migready::rules

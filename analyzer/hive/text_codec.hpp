// Text conversions shared by both hive readers. All output is UTF-8; invalid input never fails, it
// becomes U+FFFD, so a hostile name can garble itself but not the caller.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/text.hpp"

namespace migready::hive::detail {

using migready::text::append_utf8;  // one UTF-8 encoder for the whole analyzer (core/text.hpp)
// UTF-16LE -> UTF-8. An odd final byte is ignored; with stop_at_nul the first U+0000 ends the string.
std::string utf16le_to_utf8(std::span<const std::uint8_t> bytes, bool stop_at_nul);
std::string latin1_to_utf8(std::span<const std::uint8_t> bytes);
// The same, appended to `out` (the hot paths: a reused buffer, written through a pointer, ASCII first).
void append_utf16le_as_utf8(std::string& out, std::span<const std::uint8_t> bytes, bool stop_at_nul);
void append_latin1_as_utf8(std::string& out, std::span<const std::uint8_t> bytes);
std::string latin1_to_utf8(std::string_view bytes);
bool is_valid_utf8(std::string_view text);
// UTF-8 -> UTF-16LE (invalid sequences -> U+FFFD); no terminator added.
std::vector<std::uint8_t> utf8_to_utf16le(std::string_view text);

}  // namespace migready::hive::detail

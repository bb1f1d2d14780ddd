// Detects the text Windows prints when a command could not run at all, before any parser reads it.
// One table, checked once per artifact (insights-core's CommandParser "bad lines").
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace migready::parsers {

// The reason, e.g. "the command was not found", when `text` (decoded UTF-8) is such a failure message.
std::optional<std::string> command_failure(std::string_view text);

}  // namespace migready::parsers

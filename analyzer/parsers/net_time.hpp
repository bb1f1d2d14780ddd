// parse_net_time: `net time` output (decoded to UTF-8) to the time server it asked and the time it read.
//
// Sample input (a member of an SBS 2003 domain; tests/fixtures/net_time/domain-member.txt):
//
//   Current time at \\SBS01 is 11/25/2026 3:30:05 PM
//
//   The command completed successfully.
//
// Output: server "SBS01", time_text "11/25/2026 3:30:05 PM", completed true, error "".
//
// The time is the server's local wall-clock time in the collecting host's date format, with no zone, so it
// stays text; later Windows add "Local time (GMT+01:00) at \\SBS01 is ...", kept as local_zone
// "GMT+01:00" and local_time_text. A time server net time could not reach is a fact, not a parse failure:
//
//   Could not locate a time-server.
//
//   More help is available by typing NET HELPMSG 3912.
//
// gives error "Could not locate a time-server.", helpmsg 3912; "System error 53 has occurred." followed by
// "The network path was not found." gives system_error 53 and error "The network path was not found.".
// Lines that fit no pattern are warnings with their line number. Fails only when the text is a command
// failure message (not found, "Access is denied", which `net time` prints after "System error 5") or
// holds none of the lines above.
//
// Languages: net time prints in the user's UI language. The phrase table has English and French (a real
// French paste, tests/fixtures/net_time/SOURCES.md):
//
//   L'heure en cours sur \\lilou2k est 4/5/2001 12:52 AM
//
//   La commande s'est terminée correctement.
//
// The language is the one whose fixed phrases the output holds; `expected` (the manifest's UI language, or
// `migready parse --lang`) must agree, else the parse fails naming both. An expected language without a
// table (German, Spanish, ... : no real sample found) fails as unsupported when the output holds no known
// phrase. Only the English table knows the error lines ("System error N", HELPMSG, no time server).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/diagnostics.hpp"
#include "core/result.hpp"
#include "parsers/language.hpp"

namespace migready::parsers {

struct NetTime {
  Language language = Language::en;  // the phrase table the output was read with
  std::string server;           // "SBS01", without the leading backslashes
  std::string time_text;        // "11/25/2026 3:30:05 PM", as printed
  std::string local_zone;       // "GMT+01:00", from the "Local time (...)" line of later Windows
  std::string local_time_text;  // the time on that line
  bool completed = false;       // "The command completed successfully."
  std::string error;            // what net time said instead of a time; empty when it read one
  std::optional<int> system_error;  // N of "System error N has occurred."
  std::optional<int> helpmsg;       // N of "NET HELPMSG N"
};

// `where` names the source in diagnostics, e.g. "commands/net_time.txt".
// `expected`: the language the output should be in (nullopt: its phrases decide).
Result<NetTime> parse_net_time(std::string_view text, const std::string& where, Diagnostics& diags,
                               std::optional<Language> expected = std::nullopt);

}  // namespace migready::parsers

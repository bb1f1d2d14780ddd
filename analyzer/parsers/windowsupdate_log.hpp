// parse_windowsupdate_log: the Windows Update Agent's text log (%windir%\WindowsUpdate.log, agent 5.x to 7.x:
// Windows 2000, XP, Server 2003, Vista, 7, Server 2008 and 2008 R2) to the agent's searches, its failures by
// HRESULT, the agent's version and the time the log covers. Its lines are not localized.
//
// Sample input (tests/fixtures/windowsupdate_log/configmgr-search-found-163-trimmed.txt, from Microsoft's
// "Track software update compliance assessment"; the agent writes the fields separated by tabs, a published
// copy often by spaces, and both are read):
//
//   2014-01-20  12:18:48:662  968  f58  Agent  ** START ** Agent: Finding updates [CallerId = CcmExec]
//   2014-01-20  12:18:52:680  968  f58  Agent  * Added update {4AE85C00-0EAA-4BE0-B81B-DBD7053D5FAE}.104 tosearch result
//   2014-01-20  12:18:52:694  968  f58  Agent  * Found 163 updates and 70 categories in search; evaluated appl. rules of 622 out of 1150 deployed entities
//   2014-01-20  12:18:52:745  968  f58  Agent  ** END ** Agent: Finding updates [CallerId = CcmExec]
//
// Output: searches [{caller "CcmExec", started "2014-01-20 12:18:48:662" (iso "2014-01-20T12:18:48"), ended …,
// found 163, categories 70, update_ids ["{4AE85C00-…}.104"], outcome "found", line 1}], first/last time.
//
// A line is "date time pid tid component text" (KB 902093 "How to read the Windowsupdate.log file"); the
// date is yyyy-mm-dd and the time hh:mm:ss with ":mmm" milliseconds (KB 902093's table leaves them out: both
// are read). Times are the server's local clock, kept as written and as a local ISO 8601 time without zone.
//
// What is read, by its text (English, the only language the agent writes):
//   - Agent "** START **  Agent: Finding updates [CallerId = X]" opens a search, "**  END  **  Agent:
//     Finding updates [CallerId = X]" closes it; "* Found N updates and M categories in search" is its result
//     (the search completed); "* Added update {id}.rev to search result" names an update found.
//   - A line with "WARNING:", "FATAL:", "failed" or "error" and an HRESULT with the failure bit set
//     ("0x8024402C", "hr = 80072ee2", "hr:80070005") is a failure, whatever its component; the first one of the search's
//     process while a search is open is the search's error.
//   - The agent's version: Agent "* WU client version 7.6.7600.256", or Misc "Logging initialized (build:
//     7.6.7600.256, …)".
// A search's outcome: "found" (its Found line was read), "failed" (it ended without a Found line, with an
// error), "no_result" (it ended without either), "unfinished" (the log stops inside it: the agent was still
// searching, or the log was cut there; its error, if any, is kept). A search whose START line is not in the
// log (the collector keeps the log's last 4 MiB; a pasted log may lose it) begins at its first line that is
// read: the agent's "* Online = …" line (the first inside every search), its Found or Added line, or its END.
// Not read, for want of a real sample: download and install lines (titles, results), AU's own "# N updates
// detected". Windows 10's log (Get-WindowsUpdateLog, "yyyy/mm/dd hh:mm:ss.fffffff") is another format:
// refused.
//
// Linear in the text: each line is matched once against the line pattern and, by its component and a
// substring test, against at most one more pattern. Bounds (kept are the latest): kMaxSearches 64 searches,
// kMaxFailures 100 failure lines, kMaxCodes 64 distinct codes (later codes are counted in
// `other_code_failures`), kMaxUpdateIds 200 ids per search, kMaxWarnedLines 10 unreadable lines warned one
// by one (one more warning counts the rest). Fails when no line has the log's form.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostics.hpp"
#include "core/result.hpp"

namespace migready::parsers {

// A time of the log, the server's local clock.
struct WuLogTime {
  std::string text;  // "2014-01-20 12:18:48:662", date and time as written, joined by one space
  std::string iso;   // "2014-01-20T12:18:48", local (no zone, milliseconds dropped)
};

// A Windows Update Agent result code the agent's documentation names.
struct WuResultCode {
  std::uint32_t code;
  std::string_view name;     // "WU_E_PT_WINHTTP_NAME_NOT_RESOLVED"
  std::string_view meaning;  // as Microsoft's table words it
};

// The documented name and meaning of an HRESULT, nullptr for one not in the table (windowsupdate_log.cpp
// says where the table comes from).
const WuResultCode* wu_result_code(std::uint32_t code);
// "0x8024402C".
std::string format_hresult(std::uint32_t code);

struct WuSearch {
  std::string caller;  // "AutomaticUpdates", "CcmExec"; empty when the START and END lines are not in the log
  std::optional<WuLogTime> started, ended;
  std::optional<std::int64_t> found;       // "Found N updates"
  std::optional<std::int64_t> categories;  // "… and M categories"
  std::vector<std::string> update_ids;     // "{4AE85C00-0EAA-4BE0-B81B-DBD7053D5FAE}.104"
  std::optional<std::uint32_t> error;      // the first failure of the search's process while it was open
  std::string outcome;                     // "found", "failed", "no_result", "unfinished"
  int line = 0;                            // the search's first line read
};

struct WuFailure {
  WuLogTime time;
  std::string component;  // "Agent", "Misc", "PT"
  std::uint32_t code = 0;
  std::string text;       // the line's text, trimmed (at most 300 bytes)
  int line = 0;
};

struct WuCodeCount {
  std::uint32_t code = 0;
  std::int64_t count = 0;
  WuLogTime first, last;
};

struct WindowsUpdateLog {
  std::optional<WuLogTime> first, last;  // the earliest and latest time of a line read
  std::int64_t lines = 0;                // lines read
  std::int64_t unread_lines = 0;         // non-empty lines without the log's form
  std::string agent_version;             // the last one the log names; empty when none
  std::int64_t searches_total = 0;
  std::vector<WuSearch> searches;        // oldest first, the latest kMaxSearches
  std::int64_t failures_total = 0;
  std::vector<WuFailure> failures;       // oldest first, the latest kMaxFailures
  std::vector<WuCodeCount> codes;        // by code, in the order first seen
  std::int64_t other_code_failures = 0;  // failures whose code did not fit in `codes`
};

// `where` names the source in diagnostics, e.g. "files/WindowsUpdate.log".
Result<WindowsUpdateLog> parse_windowsupdate_log(std::string_view text, const std::string& where, Diagnostics& diags);

}  // namespace migready::parsers

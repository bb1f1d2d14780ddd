// parse_ntbackup_log: an NTBackup report log (backup01.log ... backup10.log; UTF-16LE on disk, decoded to
// UTF-8 here) to typed backup sets and an overall outcome.
//
// Sample input (Windows Server 2003 SBS backup, trimmed; tests/fixtures/ntbackup_log/sbs-full-skipped.txt):
//
//   Backup Status
//   Operation: Backup
//   Active backup destination: File
//   Media name: "SBS Backup created 11/20/2026 at 11:00 PM"
//
//   Volume shadow copy creation: Attempt 1.
//   Backup (via shadow copy) of "C: "
//   Backup set #1 on media #1
//   Backup description: "SBS Backup created on 11/20/2026 at 11:00 PM"
//   Media name: "SBS Backup created 11/20/2026 at 11:00 PM"
//
//   Backup Type: Normal
//
//   Backup started on 11/20/2026 at 11:02 PM.
//   Warning: Unable to open "C:\pagefile.sys" - skipped.
//   Reason: The process cannot access the file because it is being used by another process.
//
//   Backup completed on 11/20/2026 at 11:41 PM.
//   Directories: 2345
//   Files: 56789
//   Bytes: 12,345,678,901
//   Time:  39 minutes and 12 seconds
//   ----------------------
//
// Output: operation "Backup", destination "File", one set {kind backup, what "C:", via_shadow_copy true,
// set_number 1, media_number 1, backup_type "Normal", started {text "11/20/2026 at 11:02 PM", local
// "2026-11-20T23:02:00"}, completed {... "2026-11-20T23:41:00"}, directories 2345, files 56789, bytes
// 12345678901, duration_seconds 2352, issues [{warning, "Unable to open \"C:\\pagefile.sys\" - skipped.",
// reason "The process cannot access ..."}], status completed_with_warnings}, outcome
// completed_with_warnings.
//
// A set opens at `Backup of "X"`, `Backup (via shadow copy) of "X"`, `Verify of "X"` or `Restore of "X"`
// (or, when that line is missing, at "<Kind> started on"). Times are the server's local time without a
// zone; only the US form "M/D/YYYY at h:mm AM|PM" is converted (`local`), any other form is kept as text
// with `local` null. "Warning: ..." and "Error..." lines are issues of the open set (or of the log when no
// set is open); a following "Reason: ..." line is attached to the previous issue.
//
// Set status: completed (a "... completed on" line, no issue), completed_with_warnings (warnings only),
// failed (an error), ended (the log says "The operation was ended."), incomplete (started, never
// completed). Verify sets with "Different: N" > 0 count as completed_with_warnings.
// Overall outcome: ended if the operation was ended; failed if any error or "The operation did not
// successfully complete."; unknown when no set was found or a set is incomplete (a truncated log);
// completed_with_warnings when any warning; else completed.
//
// Only English wording is recognized (logs are localized: German "Sicherung abgeschlossen am ..."); lines
// that fit no pattern are warnings `where:LINE` (the first 20, then one count), and the parse still returns
// what it found. Fails only when the text is empty or holds neither a status header, an operation nor a
// set. Limits: 4096 sets, 10,000 issues per set (more are counted, not kept).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostics.hpp"
#include "core/result.hpp"
#include "parsers/language.hpp"

namespace migready::parsers {

struct NtbackupTime {
  std::string text;                  // as written: "11/20/2026 at 11:02 PM"
  std::optional<std::string> local;  // "2026-11-20T23:02:00" (server local time), null when not US form
};

struct NtbackupIssue {
  bool error = false;                // false: a warning
  std::string message;               // after "Warning: "; an error line is kept whole
  std::string reason;                // the following "Reason: " line, if any
  int line = 0;
};

enum class NtbackupStatus { completed, completed_with_warnings, failed, ended, incomplete, unknown };
const char* ntbackup_status_name(NtbackupStatus status) noexcept;

struct NtbackupSet {
  std::string kind;                  // "backup", "verify", "restore"
  std::string what;                  // "C:", "System State", "SBS01\Microsoft Information Store\First Storage Group"
  bool via_shadow_copy = false;
  std::optional<std::uint32_t> set_number;
  std::optional<std::uint32_t> media_number;
  std::string description;
  std::string media_name;
  std::string backup_type;           // "Normal", "Incremental", "Differential", "Copy", "Daily"
  std::optional<NtbackupTime> started;
  std::optional<NtbackupTime> completed;
  std::optional<std::uint64_t> directories;
  std::optional<std::uint64_t> files;
  std::optional<std::uint64_t> bytes;
  std::optional<std::uint64_t> different;   // verify only
  std::string duration_text;         // "39 minutes and 12 seconds"
  std::optional<std::uint64_t> duration_seconds;
  std::vector<NtbackupIssue> issues;
  std::size_t issues_dropped = 0;
  NtbackupStatus status = NtbackupStatus::incomplete;
  int line = 0;
};

struct NtbackupLog {
  Language language = Language::en;     // the phrase table the output was read with
  std::vector<std::string> operations;  // "Backup", "Verify", in order
  std::string destination;              // "File", "Tape", ...
  std::string media_name;               // the first, log-level one
  std::vector<NtbackupSet> sets;
  std::vector<NtbackupIssue> issues;    // not inside a set: shadow copy errors, operation messages
  bool ended = false;                   // "The operation was ended."
  bool did_not_complete = false;        // "The operation did not successfully complete."
  NtbackupStatus outcome = NtbackupStatus::unknown;
};

// `where` names the source in diagnostics, e.g. "logs/ntbackup/backup01.log".
// `expected`: the language the output should be in (nullopt: the output decides). The table is English
// only (no real localized output was found; docs/parsers.md, "Languages"): English output against a
// non-English `expected` fails naming both, and output that is not English with a non-English
// `expected` fails as unsupported.
Result<NtbackupLog> parse_ntbackup_log(std::string_view text, const std::string& where, Diagnostics& diags,
                                       std::optional<Language> expected = std::nullopt);

// The registry's renderer (`migready parse ntbackup_log`): the parse result as a pretty-printed JSON document.
Result<std::string> ntbackup_log_json(std::string_view text, const std::string& where, Diagnostics& diags,
                                      std::optional<Language> expected);

}  // namespace migready::parsers

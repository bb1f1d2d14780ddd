// The fix script: a report's fix steps (rules/fix.hpp) as one commented Windows batch file for an engineer to
// review and run on the Source Server by hand (`migready fix-script BUNDLE -o fix.cmd`). migready never runs
// it. The file is made for Windows Server 2003's cmd.exe:
//   - CRLF line ends, ASCII only (anything else from the bundle becomes '?'), no parenthesized blocks (a ')'
//     inside one ends it), delayed expansion off, labels and `goto` for the flow;
//   - the steps in the document's order: by the section order of the report (rules::section_rank), then the
//     rule's place in the rule set; a step whose filled command was already written is said, not repeated;
//   - each step: comments with the rule, its finding, the risk, how to undo it and where its syntax is
//     documented; then its guard (read-only checks, each: a word of a line of its output, read by `for /f`):
//     when every check says done, "already done" and on; otherwise the command is shown and
//     `set /p` asks (only "y" runs it; no answer, end of input or anything else skips);
//   - a step whose placeholders could not be filled is comments only, saying why;
//   - comments carry bundle text only through comment_text(): no character cmd.exe acts on in a `rem` line.
// The header names the bundle, host and collection time, the generation time, and that it must be reviewed.
#pragma once

#include <string>
#include <string_view>

#include "report/report.hpp"

namespace migready::report {

struct FixScriptOptions {
  std::string bundle_label;   // what the header calls the bundle: its file name
  std::string generated_utc;  // "2026-12-07T09:30:00Z"
  std::string version;        // migready's version
};

// The whole .cmd file (CRLF). A report without fix steps gives a script that says so and changes nothing.
std::string render_fix_script(const Report& report, const FixScriptOptions& options);

// Text safe in a `rem` line: printable ASCII; & | < > ^ become + / [ ] ', % doubles, anything else '?'.
std::string comment_text(std::string_view text);

// How many distinct steps the script holds (fillable or not), for the CLI's message.
std::size_t fix_script_steps(const Report& report);

}  // namespace migready::report

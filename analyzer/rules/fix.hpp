// Fixes as exact commands: the structured "fix" steps a rule may carry beside its prose remediation, as they
// come out filled for one finding. docs/rules.md ("Fix steps") is the reference; this is the contract.
//
// A rule's step (rules/*.json):
//   {"title": "Give the PDC emulator an external time source",
//    "command": "w32tm /config /manualpeerlist:time.windows.com /syncfromflags:manual /reliable:yes /update",
//    "guard": [{"command": "reg query HKLM\\SYSTEM\\CurrentControlSet\\Services\\W32Time\\Parameters /v Type",
//               "done_if": {"line": "Type", "word": 3, "is": "NTP"}}],
//    "risk": "...", "undo": "...", "source": "https://support.microsoft.com/kb/816042"}
// "command" and each guard's "command" are templates ({fact.path}, {item.field}, as in messages); "risk" and
// "undo" are templates too, but text for people. A step without a guard says why running it twice is
// harmless in "repeatable". Every command template must match one documented syntax of fix_syntax.cpp
// (kCommandSyntaxes: sc config/qc/query, net start/stop, w32tm, reg query/add, ren), checked at load.
//
// Filling (fill_fix_step): each placeholder takes its fact's value. A value goes into a command only if it
// is printable ASCII without the characters cmd.exe gives a meaning (& | < > ^ % " ! ( ) and control
// characters), and, outside double quotes, without the separators (space, tab , ; =). Anything else, and a
// fact that was not collected, is null or empty, leaves the step not fillable: `command` is empty and
// `reason` says which fact and why. A filled command is never run by migready; the fix script
// (report/fix_script.hpp) asks before each one.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace migready::rules {

// A read-only command that tells whether the step is already done: done when a line of its output has
// `line` as its first word and `is` as its word number `word`, and no word after it (case-insensitive; words
// split at spaces and tabs, so it holds whichever reg.exe or sc.exe writes). Examples:
//   sc query w32time      "        STATE              : 4  RUNNING"   line STATE, word 4, is RUNNING
//   sc qc w32time         "        START_TYPE         : 2   AUTO_START"  line START_TYPE, word 4, is AUTO_START
//   reg query KEY /v Type "    Type    REG_SZ    NTP"                  line Type, word 3, is NTP
// Words, not a text search: the script reads them with cmd's own `for /f`, never findstr (whose /c: and
// exit codes Wine's cmd gets wrong), and a value "NTP & echo x" has a fifth word, so it is not NTP.
struct FixCheck {
  std::string command;  // filled; "" when the step is not fillable
  std::string line;     // the line's first word
  int word = 1;         // 1..8
  std::string is;       // what that word must be
};

struct FixStep {
  std::string title;
  std::string command;  // filled; "" when !fillable
  bool fillable = true;
  std::string reason;           // why not fillable: "the fact 'x' was not collected", "...holds '&'"
  std::vector<FixCheck> guard;  // all must report done; empty only when `repeatable` says why
  std::string repeatable;       // why running it again is harmless (a step without a guard)
  std::string risk, undo, source;
  std::string command_template;  // as written in the rule, for `rules show` and not-fillable steps
};

// What a rule carries, for `migready rules show` and the syntax listing test.
struct FixInfo {
  std::string title, command, source, syntax_source;  // syntax_source: the documented syntax it matched
  std::vector<FixCheck> guard;                        // templates
};

// Why `value` (from a fact) cannot go into a command line as it is, or nullopt when it can.
// `quoted`: the placeholder stands between double quotes in its template.
std::optional<std::string> unsafe_in_command(std::string_view value, bool quoted);

// Checks a command template (placeholders written {...}) against the documented syntaxes. Returns the
// source URL of the syntax it matches, or an error message naming what is wrong.
struct SyntaxMatch {
  bool ok = false;
  std::string source;   // when ok: where the syntax is documented
  std::string message;  // when !ok
};
SyntaxMatch check_command_syntax(std::string_view command_template);

}  // namespace migready::rules

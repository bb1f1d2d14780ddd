// normalize_pasted: undoes what tickets, mail clients, forums and Markdown do to a tool's output pasted into
// them, so that `migready parse TOOL FILE` reads a loose file as the tool printed it. Pure; no I/O.
//
// Not for bundle artifacts: the collector stores the bytes the tool wrote, and a clean-up there could only
// hide a real defect. Only `migready parse` calls it, before the parser.
//
// Each clean-up applies only when its sign is unmistakable, and each one applied adds a note (printed as a
// warning: the person must know the text was altered). In this order:
//
//   clean-up                  applied when                                          example (tests/fixtures/pasted/)
//   non-breaking spaces       U+00A0 or the literal "&nbsp;" anywhere               forum HTML copied as text
//                             (each becomes a space)
//   trailing spaces, tabs     most lines of text end in them (tools print a few,    Markdown's "  " line breaks
//                             which the parsers allow for)                          (repadmin_showrepl-trailing-spaces)
//   a blank line after every  between the first and last non-blank line, every     a mail client's or remote
//   line                      second line is blank or only spaces (at least 4       console's double spacing
//                             lines of text; real paragraph breaks, doubled too,
//                             stay one blank line)
//   a common indentation      every non-blank line starts with the same >= 1        repadmin_showrepl-markdown-indented
//                             spaces or a tab (a Markdown code block, a quote)
//   command-prompt lines      the first non-blank line is a prompt with a command   both repadmin pastes
//                             ("C:\>ipconfig /all", "PS C:\> dcdiag", "C:\Documents
//                             and Settings\Administrator>repadmin /showrepl"),
//                             or the last is a bare prompt ("C:\...>")
//
// Line ends: CR LF is kept when the text used it; lone LF otherwise. Text with no clean-up applied is returned
// byte for byte. Line numbers in a parser's warnings refer to the cleaned text.
//
// Not undone: lines wrapped by a mail client (format=flowed, 72/76 columns). A wrapped "Description . . . :"
// value cannot be told from a value that continues on the next line, so no rule is safe; such lines stay as
// they are and the parser warns about the fragments. HTML entities other than "&nbsp;" (&amp; &lt; &gt;
// &quot;) are left too: no real paste with them was found, and "&amp;" is legitimate in a DN or a path.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace migready::parsers {

struct Pasted {
  std::string text;                // UTF-8
  std::vector<std::string> notes;  // one sentence per clean-up applied, e.g. "removed the blank line after every line (41 lines)"
};

Pasted normalize_pasted(std::string_view utf8);

}  // namespace migready::parsers

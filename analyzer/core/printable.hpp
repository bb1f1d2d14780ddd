// What a person may see of untrusted text: the one escaper for every output a reader reads (text, HTML and
// CSV reports, verify, diff, triage, the hive commands, warnings on standard error).
//
//   text::printable("gnp\u202Eexe.png")   // "gnp\u{202e}exe.png", not "gnpexe.png" shown as "exe.png"
//   text::printable("a\x1b]0;t\x07")      // "a\x1b]0;t\x07" (the OSC sequence as text)
//   text::printable("M\u00fcller")         // unchanged: letters of any script are text
#pragma once

#include <string>
#include <string_view>

namespace migready::text {

// True for a code point a reader cannot see, or that changes how the text around it is shown: every control
// (C0 including TAB and LF, DEL, C1), every format character (general category Cf: the bidi embeddings,
// overrides, isolates and marks U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C; the zero-width
// U+200B-U+200D, U+2060-U+2064, U+FEFF; the soft hyphen U+00AD; the tags U+E0000-U+E007F; ...) and the line
// and paragraph separators U+2028, U+2029 (Unicode 15.1's Cc, Cf, Zl, Zp). ZWJ and ZWNJ are in: they join
// Persian and Indic letters and emoji, which SBS 2003 bundles do not hold, and an escaped one still reads.
// Not in: letters, marks and spaces of any script (German, French, Japanese text is untouched), the
// variation selectors (Japanese ideographic variants use them) and U+FFFD.
bool invisible(char32_t code_point) noexcept;

// Bundle text made safe for a terminal, a page or a spreadsheet cell: invalid UTF-8 becomes U+FFFD, every
// invisible() code point becomes visible: "\xNN" for C0 and DEL, "\u{NNNN}" (lower-case hex, at least four
// digits) for the others, e.g. "gnp\u{202e}exe.png"; a tab becomes a space unless `keep_tabs`, a LF stays
// only with `keep_newlines`. The one escaper: reports, verify, diff, triage and the hive commands all use it.
struct PrintableOptions {
  bool keep_newlines = false;
  bool keep_tabs = false;
};
std::string printable(std::string_view text, PrintableOptions options = {});

}  // namespace migready::text

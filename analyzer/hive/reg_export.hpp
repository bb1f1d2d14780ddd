// migready::hive::export_reg: write a hive, or one key's subtree, as a .reg export ("Windows Registry
// Editor Version 5.00"), the text `migready hive export` prints.
//
//   Diagnostics diag;
//   auto hive = Hive::open_regf(bytes, "SYSTEM", diag);
//   std::string text;
//   auto stats = export_reg(*hive, "Select", {}, [&](std::string_view s) { text += s; }, diag);
//   // text:                                        // stats->keys == 1, stats->values == 4
//   //   Windows Registry Editor Version 5.00
//   //
//   //   [\Select]
//   //   "Current"=dword:00000001
//   //   ...
//
// Format (regedit's 5.00 syntax, laid out like `hivexregedit --export HIVE '\'` so the two can be compared)
// - Lines end in LF (what hivexregedit writes on this host); the text is UTF-8, never UTF-16 (regedit's own
//   export is UTF-16LE with CRLF: `iconv -t UTF-16LE` and `unix2dos` convert, our .reg reader reads both).
// - Keys in pre-order, every key's subkeys sorted by name, byte-wise on UTF-8 (= code point order, what
//   hivexregedit's Perl `cmp` does); each key's values sorted the same way. Ties keep hive order. Regedit
//   sorts case-insensitively and keeps values in hive order: only the order differs, not the content.
// - Header `[PREFIX\Path\To\Key]` with the names as stored in the hive (not as `key_path` spelled them);
//   the root is `[PREFIX]`. With PREFIX "" (the default) the headers are hivexregedit's `[\Path]` and
//   `[\]`. (hivexregedit prints a prefixed root as `[PREFIX\]`; we print `[PREFIX]`, as regedit does.)
// - After the header, one line per value, then an empty line. The default value is `@`; other names are
//   quoted with `\` and `"` escaped.
// - REG_SZ as `"text"` (`\` and `"` escaped) when that text reads back to exactly the same bytes: even
//   length, one final UTF-16 NUL and no other, valid UTF-16 (no unpaired surrogate), and no control or
//   format character but TAB (text::invisible: no CR, LF, ESC, BEL, U+202E, ...; `hex(1):` is exact and
//   cannot drive the terminal that shows the export).
//   Otherwise, and for every other string type, `hex(1):` bytes (hivexregedit prints every string as
//   `hex(1):`, so its REG_SZ lines differ in form, not in data). REG_DWORD of exactly 4 bytes as
//   `dword:%08x`; REG_BINARY as `hex:` (hivexregedit: `hex(3):`); everything else, including a DWORD of
//   another length and unknown types, as `hex(%x):` with the type number in lower-case hex.
// - Hex data is wrapped as regedit and Wine wrap it: after the comma that brings a line to 77 columns or
//   more, `\`, a line break and two spaces (25 bytes per continuation line). hivexregedit does not wrap.
// - Key and value names are written through text::printable (a TAB stays): a name holding a control or
//   format character (CR, LF, ESC, BEL, an OSC sequence, U+202E, ...) has it written as `\xNN` / `\u{NNNN}`,
//   with its `\` doubled as any other in a quoted name. .reg text has no exact form for such names (no .reg
//   writer escapes them): a value imports under its escaped name; a key's escape reads as a path separator
//   (regedit makes nested keys, hivexregedit refuses the missing parent). One warning says how many.
//   Names that hold `]` (key) are written as they are. Names decoded lossily (unpaired surrogates) stay lossy.
//
// Errors and limits
// - Errc::not_found when `key_path` (backslash path relative to the root, ASCII case-insensitive, "" or
//   "\" = the root) does not exist; nothing is written then. Otherwise export_reg always completes.
// - Keys deeper than options.max_depth below the exported key are skipped with one warning each (the
//   reader's own Limits bound the tree already; this bounds the export's stack independently).
// - `sink` receives the text in chunks of about options.chunk_size bytes, in order; it must not throw
//   for the export to complete (an exception propagates and the output is cut short).
//
// Options (RegExportOptions{} defaults)
//   prefix       ""        key header prefix, e.g. "HKEY_LOCAL_MACHINE\SYSTEM"; one trailing `\` ignored
//   header       true      begin with "Windows Registry Editor Version 5.00" and an empty line
//   max_depth    512       key nesting below the exported key
//   chunk_size   256 KiB   bytes buffered before each call of sink
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "core/diagnostics.hpp"
#include "core/result.hpp"
#include "hive/hive.hpp"

namespace migready::hive {

struct RegExportOptions {
  std::string prefix;
  bool header = true;
  std::uint32_t max_depth = 512;
  std::size_t chunk_size = 256u << 10;
};

struct RegExportStats {
  std::uint64_t keys = 0;    // key headers written
  std::uint64_t values = 0;  // values written
};

using RegSink = std::function<void(std::string_view chunk)>;

Result<RegExportStats> export_reg(const Hive& hive, std::string_view key_path, const RegExportOptions& options,
                                  const RegSink& sink, Diagnostics& diag);

// One value as export_reg writes it: `"name"=...` and a final "\n" (wrapped hex spans several lines).
std::string format_reg_value(const Value& value);

}  // namespace migready::hive

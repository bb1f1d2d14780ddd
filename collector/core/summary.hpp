// The console summary printed (to stderr) once the bundle has its final name: what a technician at the
// server reads before sending the zip. Pure text formatting, no I/O; collection.cpp prints it, then the bundle
// path as the last line of stdout (scripts rely on that line, so it is not part of this summary).
//
// Sample (an interrupted run):
//   bundle: C:\migready\migready-SBS01-20261125T143005Z.zip (186761 bytes, 182.4 KiB)
//   artifacts: 6 collected: 4 ok, 1 failed, 1 missing; 11 not collected (interrupted)
//   not ok:
//     command.netdiag: missing: program not found: netdiag
//     command.repadmin_showrepl: failed: interrupted by the user; killed with its process tree after 0.2 ...
//   incomplete: interrupted by Ctrl-C; not collected: command.repadmin_replsummary ...
//
// Limits: each error is shortened to kSummaryErrorChars code points (control characters become spaces, a
// cut ends in "..."); the incomplete reason is printed in full (it names every skipped artifact id).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/manifest.hpp"

namespace migready::collector {

inline constexpr std::size_t kSummaryErrorChars = 100;

// `text` on one line (CR, LF, tab and other C0 controls -> ' ', runs of spaces collapsed, trimmed), at most
// `max_code_points` code points; longer text is cut at a code point boundary and ends in "..." (counted in
// the limit). max_code_points < 4 gives at most that many characters without the ellipsis.
std::string shorten_for_console(std::string_view utf8, std::size_t max_code_points);

// "0 bytes", "999 bytes", "186761 bytes, 182.4 KiB", "5242880 bytes, 5.0 MiB", GiB likewise.
std::string format_byte_size(std::uint64_t bytes);

// Why an incomplete run stopped, in the artifacts line: "(interrupted)", "(stopped at the disk margin)",
// "(stopped: the zip could not be written)".
enum class StopCause { interrupted, disk_margin, zip_failed };

// The summary lines above, each ending in "\n". `bundle_size` kUnknownSize leaves the size out (it could not
// be read). `skipped` is how many table rows were not collected; `cause` is used only when the manifest is
// incomplete.
inline constexpr std::uint64_t kUnknownSize = UINT64_MAX;
std::string format_summary(std::string_view bundle_path_utf8, std::uint64_t bundle_size, const Manifest& manifest,
                           std::size_t skipped, StopCause cause = StopCause::interrupted);

// The lines the summary ends with for a sealed bundle (--encrypt-to): that it is sealed, to whom, and how
// the desk opens it.
std::string format_sealed_note(std::string_view bundle_path_utf8, std::string_view recipient);

}  // namespace migready::collector

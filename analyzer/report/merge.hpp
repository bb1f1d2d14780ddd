// `migready merge BUNDLE PARTIAL... -o NEW`: the bundles of one host, collected at different times (a full run
// and runs of `migready-collect.exe --only ...`), made into one bundle that analyze, diff and verify read as any.
//
//   Diagnostics diags;
//   Result<Merged> m = merge_bundles({"full.zip", "only-time.zip"}, bundle::Limits{}, diags);
//   if (!m) { /* an input unreadable, hosts differ, or the result would break a limit: nothing written */ }
//   platform::write_file_atomically("merged.zip", m->zip);   // what `migready merge -o` does
//   for (const auto& line : m->taken) ...                    // what was taken from where, for stderr
//
// Every input is read as `analyze` reads a bundle (bundle::open_bundle_memory under `limits`: archive, names,
// sizes, manifest schema, every artifact's SHA-256), so every byte of it is hostile and refused the same way.
//
// Which copy of an artifact wins. Artifacts are compared per row of the artifact table (a file row's expanded
// files travel together, so a re-collected folder replaces the old one whole; an id of no row is its own
// group). Among the inputs holding a group, the newest copy whose artifacts include one with status `ok` wins;
// when none is ok, the newest copy that is intact wins (a failed re-collection never replaces a good one; a
// failure newer than another failure is the current answer). Copies whose bytes do not match their manifest are
// never taken; when nothing else is there the artifact is kept as `failed`, without bytes, saying why. "Newest"
// is the latest `started_utc` among the group's artifacts, ties broken by the later argument; an input whose
// run started before one given ahead of it is said (`clock_notes`): a server clock set back between the runs
// (the very fix a time finding asks for) makes the older evidence look newer.
//
// Refused (Errc::usage, nothing written): fewer than two inputs, more than kMaxMergeInputs, the same bundle
// twice (by SHA-256), bundles of different hosts (the manifests' host.computer_name, host.dns_domain,
// host.netbios_domain compared ASCII-case-insensitively, host.os.major/minor/build and host.os.arch; the error
// names the field and both values), a major format other than 1 (bundle::open_bundle refuses it), two chosen
// artifacts sharing one path, and a result past `limits` (entries, total size): the result must be a bundle
// this analyzer can open.
//
// The new manifest is the first input's, with format_version contract::kFormatVersion (1.4), no `partial`, a
// `merged_from` list (each input: name, SHA-256, run start, collector version, format, its `partial`, how many
// artifacts it gave), `complete` only when every input is complete (else the reasons, by bundle), and each
// artifact as its source manifest wrote it plus `provenance` (which run it came from), its size and SHA-256
// unchanged. An artifact already carrying a provenance (an input that was itself merged) keeps it. The zip is
// checked by opening it again before it is returned.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "bundle/bundle.hpp"
#include "core/diagnostics.hpp"
#include "core/result.hpp"

namespace migready::report {

inline constexpr std::size_t kMaxMergeInputs = 64;  // the manifest schema's merged_from maxItems

struct Merged {
  std::string zip;                       // the new bundle's bytes
  std::string manifest_json;             // its manifest.json
  std::vector<std::string> taken;        // "api.time: from b.zip (ok, 2026-11-26T09:00:00Z); not from a.zip (timeout)"
  std::vector<std::string> clock_notes;  // inputs whose run started before an earlier argument's
  std::size_t artifacts = 0;             // in the new manifest
};

// `paths`: the bundles, in the order given (the first one's host, collection and user blocks are kept).
Result<Merged> merge_bundles(const std::vector<std::string>& paths, const bundle::Limits& limits, Diagnostics& diags);

}  // namespace migready::report

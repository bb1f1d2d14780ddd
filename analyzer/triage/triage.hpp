// `migready triage`: many bundles judged in parallel, one report per bundle, one ranked summary.
//
//   auto found = find_bundles({"inbox/", "late.zip"});        // every bundle, in a deterministic order
//   auto outcome = run(*found, rules, options, on_progress);  // reports + summary.csv/.json + index.html
//
// Memory is bounded whatever the number of bundles: `workers` threads pull the next bundle index from one
// shared counter; a worker holds one bundle (opened in memory under bundle::Limits) and its report at a time,
// writes the report's HTML and JSON as soon as it is done, and keeps only the small TriageRow (summary.hpp: the
// rows, their ranking and the summary documents).
// Each bundle goes through report::analyze_file, so its reports are byte for byte `migready analyze`'s.
//
// Time budget (Options::bundle_timeout_seconds): a worker is a thread and cannot be stopped. When a bundle runs
// past its budget the coordinator stops waiting for it: its row says it took too long, the stages not yet
// started are skipped (analyze_file's `stop`), a new worker takes the next bundles, and the late result is
// dropped unwritten (a worker writes only after checking, under the batch's lock, that its bundle did not time
// out). The summary is then written without waiting for that worker (abandoned_workers()).
//
// Fault isolation: a bundle that cannot be read (not an archive, truncated, hostile beyond the limits, an
// internal error while judging it) or a folder that cannot be listed becomes a row with its error; the batch
// never stops for one bundle. Every file is written atomically (platform::write_file_atomically).
//
// Output folder layout:
//   DIR/index.html            ranked table linking every report (self-contained, no script)
//   DIR/summary.csv           one line per bundle (docs/support-desk.md)
//   DIR/summary.json          "schema": "migready-triage/1" (docs/support-desk.md)
//   DIR/reports/NAME.html     each bundle's report, NAME from report_names (unique per run)
//   DIR/reports/NAME.json
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "bundle/bundle.hpp"
#include "core/result.hpp"
#include "report/analyze.hpp"
#include "report/waivers.hpp"
#include "report/redact.hpp"
#include "triage/summary.hpp"
#include "rules/rules.hpp"
#include "triage/summary.hpp"

namespace migready::triage {

// A bundle by its name: ends in .zip, .tar, .tar.gz, .tgz, .cab, .zip.age or .age (sealed), in any case,
// after at least one byte.
bool is_bundle_name(std::string_view file_name);
// The length of that extension (7 for "x.TAR.GZ"), 0 when the name is not a bundle's; report_names drops it.
std::size_t bundle_extension_length(std::string_view file_name);

struct Found {
  std::string path;   // as given, or the folder given joined with the path below it
  std::string error;  // "" for a bundle to judge; else why this folder could not be searched (becomes a row)
};

// Limits of the search below a folder given.
inline constexpr std::size_t kMaxDepth = 64;

// Every bundle under `paths`, in order: a file given is taken whatever its name (it was asked for); a folder
// is searched recursively for files with a bundle name (is_bundle_name), entries sorted by name, symlinked
// folders not followed (no cycles, no escape), only regular files (a FIFO or device named x.zip is skipped);
// the same file reached twice (same canonical path) is taken once. Fails (Errc::io, where = the path) only
// when a PATH given does not exist: that is the caller's usage error, not a bundle's.
Result<std::vector<Found>> find_bundles(const std::vector<std::string>& paths);

inline constexpr double kDefaultBundleTimeoutSeconds = 300;

struct Options {
  std::string output_dir = "migready-triage";
  unsigned workers = 1;  // at least 1; never more threads than bundles
  report::Plan plan;
  bundle::Limits limits;
  std::string generator;  // "migready 0.1.0", for the summary
  std::string fail_on;    // "error" / "warning" / "never", for the summary
  // Waivers (report/waivers.hpp): `waivers` (--waivers FILE) applies to every bundle; without it, and unless
  // `waivers_beside` is false (--no-waivers), each bundle's own kDefaultWaiversName beside it, when there (an
  // invalid one makes that bundle's row unreadable, with the file:line:column error; their rule ids are
  // checked against the rules run() is given). `as_of` is the day expiry is judged on ("YYYY-MM-DD"; "" =
  // today, UTC).
  std::optional<report::WaiverSet> waivers;
  bool waivers_beside = true;
  std::string as_of;
  // --redact: every bundle's reports and its summary row are redacted (report/redact.hpp) with this key, each
  // bundle by what its own facts name; reports are named "bundle-N" (N its place in the order found, from 1),
  // and a row's path is the bundle's file name (folders dropped: they are often named after the customer),
  // redacted. Unset: nothing is redacted.
  std::optional<report::RedactKey> redact;
  // --bundle-timeout: a bundle still being read or judged this many seconds after its worker took it is a row
  // "took longer than N s; not analyzed", and the batch goes on without it (0: no budget). The time a normal
  // bundle takes is well under a second, the largest real ones a few seconds (docs/performance.md): the
  // default leaves two orders of magnitude. Writing a judged bundle's reports is not cut (they are bounded).
  double bundle_timeout_seconds = kDefaultBundleTimeoutSeconds;
};

struct Progress {
  std::size_t done = 0, total = 0;
  double elapsed_seconds = 0;
};

// "triage: 120/1000 bundles, 41.3/s, ETA 0:21" (ETA once something is done).
std::string progress_line(const Progress& p);

struct Outcome {
  std::vector<TriageRow> rows;  // ranked (rank_rows)
  double elapsed_seconds = 0;
  bool reports_not_written = false;     // some row has status write_failed
  std::size_t waivers_beside_used = 0;  // bundles judged with the waivers file beside them
  std::size_t timed_out = 0;            // bundles over Options::bundle_timeout_seconds (rows, unreadable)
};

// True once a run() left a worker thread behind (a bundle over its time budget: threads cannot be stopped).
// Such a worker still reads the RuleSet given to run() and may still allocate, but never writes into the output
// folder; the caller must then end the process (flush, then std::_Exit) rather than return from main, and keep
// the RuleSet alive until then.
bool abandoned_workers() noexcept;

// Judges every found bundle and writes the output folder (created with its parents when missing).
// `on_progress` (optional) is called from the calling thread about 4 times a second and once at the end.
// Errors (Errc::io, where = the file): the output folder cannot be created or written, or a summary file
// cannot be written. A report that cannot be written is a row (write_failed), not an error.
Result<Outcome> run(const std::vector<Found>& found, const rules::RuleSet& rules, const Options& options,
                    const std::function<void(const Progress&)>& on_progress);

}  // namespace migready::triage

// `migready verify`: is a bundle intact, for intake? Integrity only, no judgement of the server.
//
//   Diagnostics diags;
//   Result<Verification> v = verify_bundle(path, bundle::Limits{}, diags);
//   if (!v) { /* unreadable or not a bundle (the CLI exits 2) */ }
//   v->intact() ? 0 : 1
//
// What bundle::open_bundle already enforces makes a bundle unreadable (an error, not a Verification): the
// archive must be readable and within the limits, entry names safe, manifest.json present, parsed and valid
// against contract/manifest.schema.json (format major 1). A readable bundle is then checked for:
//
//   problems (not intact)   an artifact whose entry is missing, whose size or SHA-256 differs from the
//                           manifest, or whose path another artifact shares (bundle::CollectionProblem with
//                           corrupt = true); an entry no artifact names ("" as artifact id); a collection the
//                           collector itself marked incomplete ("" as artifact id); an API document (system/
//                           *.json) that does not satisfy its schema in contract/api/ (bundle/api_schema.hpp)
//   notes (still intact)    artifacts the collector recorded as not collected in full (status missing,
//                           failed, denied, timeout, truncated): the bundle is what the collector wrote, and
//                           `analyze` reports what they mean
//
// The JSON form: "schema": "migready-verify/1", documented in docs/report-format.md.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "bundle/bundle.hpp"
#include "core/diagnostics.hpp"
#include "core/result.hpp"

namespace migready::report {

inline constexpr const char* kVerifySchema = "migready-verify/1";

struct VerifyLine {
  std::string artifact_id;  // "" when the line is about the bundle as a whole or an unlisted entry
  std::string problem;
};

struct Verification {
  std::string bundle_name;
  std::size_t artifacts = 0;  // in the manifest
  std::size_t verified = 0;   // stored, with size and SHA-256 matching the manifest
  std::vector<VerifyLine> problems;
  std::vector<VerifyLine> notes;

  bool intact() const noexcept { return problems.empty(); }
};

// The checks above on an opened bundle (pure: no I/O).
Verification verify(const bundle::Bundle& bundle);
// Opens `path` under `limits` and verifies it. Fails as bundle::open_bundle does.
Result<Verification> verify_bundle(const std::string& path, const bundle::Limits& limits, Diagnostics& diags);

// "INTACT: 28 artifacts, 26 verified (size and SHA-256), 2 not collected by the collector" /
// "NOT INTACT: 1 problem in 28 artifacts".
std::string verify_verdict(const Verification& v);
// One line per problem ("PROBLEM registry.system: SHA-256 mismatch: ..."), per note ("note file.x: ..."),
// then the verdict line. Bundle text is made printable (no control characters reach the terminal).
std::string render_verify_text(const Verification& v);
// The JSON document; for an unreadable bundle, render_verify_error_json.
std::string render_verify_json(const Verification& v);
// {"schema": "migready-verify/1", "bundle": NAME, "readable": false, "intact": false, "error": {...}}.
std::string render_verify_error_json(const std::string& bundle_name, const Error& error);

}  // namespace migready::report

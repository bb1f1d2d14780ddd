// Opening a customer's bundle: untrusted bytes in, a validated manifest and in-memory entries out.
//
//   Diagnostics diags;
//   Result<Bundle> b = open_bundle("migready-SBS01-20261125T143005Z.zip", Limits{}, diags);
//   if (!b) { /* unreadable: b.error().to_string() names what and where; the CLI exits 2 */ }
//   const ArtifactRecord* sys = b->artifact("registry.system");
//   const std::string* bytes = sys ? b->entry_bytes(*sys) : nullptr;   // null if not stored or corrupt
//
// The archive is read with libarchive (zip; tar, tar.gz and cab too, since customers re-pack) straight into
// memory: nothing is ever extracted to disk, nothing in it is executed. Every limit below is enforced while
// reading, so a zip bomb stops at the limit, not at the end. Refused outright (the whole bundle is
// unreadable): absolute paths, "..", backslashes or drive letters in names, symbolic and hard links,
// device/fifo/socket entries, duplicate names, too many entries, sizes or ratio over the limits.
//
// The manifest must exist, parse and satisfy contract/manifest.schema.json with format major 1; otherwise
// the bundle is unreadable. A missing or corrupt *artifact* is not fatal: it becomes a CollectionProblem
// naming the artifact, and entry_bytes() returns null for it so no parser ever reads unverified bytes.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "contract/manifest.hpp"
#include "core/diagnostics.hpp"
#include "core/result.hpp"

namespace migready::bundle {

struct Identities;  // bundle/sealed.hpp

// Defaults (documented in docs/bundle-format.md, "Analyzer limits"):
//   max_entries        10,000        files in the archive
//   max_entry_size     1 GiB         one file uncompressed (a large SBS SOFTWARE hive is ~300 MB)
//   max_total_size     4 GiB         all files uncompressed
//   max_ratio          1000          uncompressed bytes per compressed byte read, once past 16 MiB
//   max_path_length    240           bytes in an entry name
struct Limits {
  std::size_t max_entries = 10'000;
  std::uint64_t max_entry_size = std::uint64_t{1} << 30;
  std::uint64_t max_total_size = std::uint64_t{4} << 30;
  std::uint64_t max_ratio = 1000;
  std::uint64_t ratio_floor = std::uint64_t{16} << 20;
  std::size_t max_path_length = 240;
  // The keys that open a sealed bundle (an age file around the zip; bundle/sealed.hpp). A sealed bundle's
  // decrypted zip counts against max_total_size. None: a sealed bundle is refused with Errc::usage.
  std::shared_ptr<const Identities> identities;
};

// The manifest's model is the contract's, shared with the collector (contract/manifest.hpp).
using contract::ArtifactRecord;
using contract::Manifest;
using contract::Status;

// Something wrong with one artifact: shown in the report as a collection finding.
struct CollectionProblem {
  std::string artifact_id;
  std::string problem;
  // True when the bundle's bytes do not match its manifest (entry missing, size or SHA-256 mismatch, a path
  // shared by two artifacts): damage after collection. False when it is the collector's own record that the
  // artifact was not collected in full (status other than ok). `migready verify` fails only on the former.
  bool corrupt = false;
};

struct Bundle {
  std::string name;  // the archive's file name, for messages
  Manifest manifest;
  std::map<std::string, std::string, std::less<>> entries;  // path -> bytes, every file in the archive
  std::set<std::string, std::less<>> verified_paths;        // entries whose size and SHA-256 match the manifest
  std::vector<CollectionProblem> problems;

  const ArtifactRecord* artifact(std::string_view id) const;
  // The verified bytes of an artifact, or null (not stored, missing from the zip, or hash mismatch).
  const std::string* entry_bytes(const ArtifactRecord& artifact) const;
};

// Reads and checks a bundle file; a sealed one (bundle/sealed.hpp: recognized by its first bytes) is
// decrypted in memory first, with its own errors. Errors: io (cannot open), format (not an archive, broken manifest),
// unsafe (path rules), limit (a limit above), schema (manifest violates the schema; `where` is
// "<bundle>:manifest.json#<JSON Pointer>"), unsupported (format major version other than 1).
Result<Bundle> open_bundle(const std::string& path, const Limits& limits, Diagnostics& diags);

// Same, for an archive already in memory (tests, and bundles nested in other archives).
Result<Bundle> open_bundle_memory(std::string_view bytes, std::string name, const Limits& limits,
                                  Diagnostics& diags);

// Parses and validates manifest.json alone. `where` prefixes error locations.
Result<Manifest> parse_manifest(std::string_view json, const std::string& where);

}  // namespace migready::bundle

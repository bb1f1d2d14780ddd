// The artifact readers every facts source uses: one way to find an artifact, say why it cannot be used,
// decode it and hand it to its parser. Private to the facts module.
//
// The failure contract, the same for every source:
//   - the artifact is not in the bundle, failed collection, or its stored bytes are missing or corrupt:
//     the facts read from it are collection_failed, with unavailable_reason's words as the reason and the
//     artifact id as the source. No diagnostic: the bundle's collection problems already name it.
//   - the bytes are there and cannot be read (a hive that does not open, JSON that does not parse or names
//     another schema, a parser's error): the facts are parse_failed with the error's text. A hive's or an API
//     document's error is also a diagnostic; a parser's error is the facts' reason only (its warnings about
//     single lines are its own diagnostics).
// Text is decoded once per artifact (decode_artifact); a lossy decode is one warning.
#pragma once

#include <rapidjson/document.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/json.hpp"
#include "bundle/bundle.hpp"
#include "core/diagnostics.hpp"
#include "facts/facts.hpp"
#include "hive/hive.hpp"

namespace migready::facts::detail {

using bundle::ArtifactRecord;
using bundle::Bundle;

// Why an artifact's bytes cannot be used, in words; empty when they can. `art` null: not in the bundle.
std::string unavailable_reason(const Bundle& b, const ArtifactRecord* art);

// A registry artifact (a regf hive, or a .reg export from the registry API) opened once: a SOFTWARE hive can
// be hundreds of MB, and its problems are reported once, at open.
struct LoadedHive {
  std::optional<hive::Hive> hive;
  std::string artifact_id;
  std::string reason;  // why hive is empty
  bool is_reg_export = false;  // read from a .reg export (registry API: volatile keys included)
  FactStatus status = FactStatus::collection_failed;  // when hive is empty
  // The SYSTEM hive's current control set ("ControlSet001"), resolved once by load_system_hive, so every fact
  // read under it rests on the same check. When empty, why: the hive's own status and reason without a hive;
  // collection_failed when the hive does not hold the set Select\Current names (or has no Select\Current);
  // parse_failed for a Select\Current that is not a DWORD in 1..999.
  std::optional<std::string> control_set;
  FactStatus control_set_status = FactStatus::collection_failed;
  std::string control_set_reason = "the control set was not resolved (not opened by load_system_hive)";
};
// Not usable: collection_failed with unavailable_reason. Does not open: parse_failed with the hive's error
// (also a diagnostic).
LoadedHive load_hive(const Bundle& b, std::string_view id, Diagnostics& diags);
// registry.system by load_hive, with its control set resolved. A control set that cannot be resolved is also a
// diagnostic saying the SYSTEM hive is inconsistent (one per bundle, not one per fact).
LoadedHive load_system_hive(const Bundle& b, Diagnostics& diags);

// The artifact's bytes as UTF-8, decoded by its `encoding`, checked against the bytes
// (contract/text_form.hpp): a BOM (UTF-16LE, UTF-8, UTF-16BE) or the UTF-16LE pattern wins over the record,
// with one warning when they disagree. Narrow text without an encoding is OEM, in the manifest's code page;
// OEM against ANSI is decided by the record, unless the recorded code page reads symbols inside words where
// the other reads only letters (text::code_page_fit): then the other, with a warning. Line ends stay as they
// are ("\r\n", wmic's "\r\r\n", "\n": text_util::split_lines reads all). A lossy decode is one warning. The
// bytes must be usable (unavailable_reason empty).
std::string decode_artifact(const Bundle& b, const ArtifactRecord& art, Diagnostics& diags);

// A text artifact ready to parse, or why not (reason non-empty: collection_failed).
struct TextArtifact {
  const ArtifactRecord* art = nullptr;
  std::string text;    // UTF-8
  std::string where;   // the bundle path, for parser diagnostics
  std::string reason;  // non-empty: not usable
};
TextArtifact load_text(const Bundle& b, std::string_view id, Diagnostics& diags);

// A command output read and parsed: load_text, then `parse(text, where, diags)`, a pure function from
// analyzer/parsers returning Result<T>. Returns the parsed value; else marks every path of `paths`
// collection_failed (with unavailable_reason) or parse_failed (with the parser's error), source `id`, and
// returns nullopt. `failure`, when given, receives that reason.
template <typename T, typename Parse>
std::optional<T> parse_artifact(Facts& f, const Bundle& b, std::string_view id,
                                std::initializer_list<std::string_view> paths, Parse parse, Diagnostics& diags,
                                std::string* failure = nullptr) {
  TextArtifact t = load_text(b, id, diags);
  if (!t.reason.empty()) {
    for (auto path : paths) f.set_unavailable(path, FactStatus::collection_failed, id, t.reason);
    if (failure) *failure = t.reason;
    return std::nullopt;
  }
  Result<T> parsed = parse(t.text, t.where, diags);
  if (!parsed) {
    for (auto path : paths) f.set_unavailable(path, FactStatus::parse_failed, id, parsed.error().to_string());
    if (failure) *failure = parsed.error().to_string();
    return std::nullopt;
  }
  return std::move(*parsed);
}

// An API document (docs/bundle-format.md, "API artifacts"): untrusted JSON (at most 16 levels deep) whose
// `schema` member must be `schema`. Not usable: collection_failed with unavailable_reason. Not JSON, or
// another schema: parse_failed with "<path>: not a <schema> document" or the JSON error; a document that breaks
// its JSON Schema (contract/api/, bundle::validate_api_document): parse_failed with the offending member's
// JSON Pointer and what was expected. Each is also a warning.
struct ApiDoc {
  std::optional<json::Document> doc;
  FactStatus status = FactStatus::collection_failed;  // when doc is empty
  std::string reason;                                 // why doc is empty
};
ApiDoc read_api_doc(const Bundle& b, std::string_view id, std::string_view schema, Diagnostics& diags);
// read_api_doc, marking every path of `paths` with its status and reason (source `id`) when the document
// cannot be used.
std::optional<json::Document> load_api_doc(Facts& f, const Bundle& b, std::string_view id,
                                                std::string_view schema, std::initializer_list<std::string_view> paths,
                                                Diagnostics& diags);

// The artifacts a search row expanded to: ids "<row>.<...>" (docs/bundle-format.md, "One row, several
// artifacts"), in manifest order. `row_record` is the row's own entry (present only when nothing was found).
struct RowArtifacts {
  std::vector<const ArtifactRecord*> files;
  const ArtifactRecord* row_record = nullptr;
};
RowArtifacts row_artifacts(const Bundle& b, std::string_view row_id);
// For each of row.files, in order: empty, or why its bytes are not its own: an earlier artifact of the row names
// the same bundle path ("X shares its path 'p' with Y"; `verify` reports it as corrupt). Only the first one's
// hash was checked against those bytes, and reading the one file once per artifact would cost its size times
// the artifact count (issue 19): readers skip such an artifact with this reason.
std::vector<std::string> shared_path_reasons(const RowArtifacts& row);

}  // namespace migready::facts::detail

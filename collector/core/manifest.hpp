// The manifest model and its serializer: manifest.json exactly as docs/bundle-format.md and
// contract/manifest.schema.json define it (format 1.4).
//
// The model holds decoded, UTF-8 values; the Win32 layer fills it, serialize_manifest() writes it. Every
// field the schema requires is always written; std::optional fields are written as null when empty, except
// `incomplete_reason` (written only when `complete` is false), `encoding` (omitted for binary formats),
// `source.searched` (written when not empty) and `locale` (written when set; the collector always sets it, a
// failed lookup leaving its "" / 0 / null), `partial` (a --only run), `merged_from` and an artifact's
// `provenance` (written when set; `migready merge` writes its own manifest, these are here so the model and the
// schema are checked against each other). Strings longer than the schema's maxLength are cut at a code
// point boundary so the manifest always validates; integers are clamped to the schema's ranges.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "contract/manifest.hpp"

namespace migready::collector {

inline constexpr std::string_view kCollectorName = "migready-collect";

// The model is the contract's (contract/manifest.hpp), shared with the analyzer.
using contract::Arch;
using contract::ArtifactRecord;
using contract::CollectionInfo;
using contract::CollectorInfo;
using contract::Encoding;
using contract::Format;
using contract::GroupInfo;
using contract::HostInfo;
using contract::DateTimeConventions;
using contract::Kind;
using contract::LocaleInfo;
using contract::Manifest;
using contract::MergedFrom;
using contract::PartialInfo;
using contract::Provenance;
using contract::OsInfo;
using contract::SourceType;
using contract::Status;
using contract::TimeZoneInfo;
using contract::TimeZoneState;
using contract::UserInfo;
using contract::Wow64Info;
using contract::arch_name;
using contract::encoding_name;
using contract::format_name;
using contract::kind_name;
using contract::product_type_name;
using contract::source_type_name;
using contract::status_name;
using contract::suite_is_sbs;
using contract::suite_names;
using contract::time_zone_state_name;

// manifest.json's bytes (UTF-8, pretty-printed, trailing newline).
std::string serialize_manifest(const Manifest& manifest);

// `text` cut to at most `max_code_points` code points (schema maxLength counts code points).
std::string clamp_code_points(std::string_view text, std::size_t max_code_points);

}  // namespace migready::collector

// Small helpers the facts sources share: registry values into facts, facts read back, JSON values on the
// facts allocator, API document members. Private to the facts module. Case folding and version comparison
// are contract/'s (the collector uses the same), imported here.
#pragma once

#include <rapidjson/document.h>

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.hpp"
#include "contract/ascii.hpp"
#include "contract/version.hpp"
#include "facts/facts.hpp"
#include "facts/read.hpp"
#include "hive/hive.hpp"

namespace migready::facts::detail {

// Registry names and tool output compare case-insensitively (ASCII letters only).
using contract::ascii_lower;
using contract::ends_with_ci;
using contract::equals_ci;
using contract::find_ci;
using contract::starts_with_ci;
// Dotted versions compared numerically ("6.10.1129.0" > "6.0.3883.0"), up to the first character that is
// neither digit nor dot.
using contract::version_less;

// "artifact-id:key\value" (or "artifact-id:key" for an empty value name).
std::string source_of(const LoadedHive& h, std::string_view key, std::string_view value);

// Registry value facts: present with the value, or null (absent key or value; `absent` for dword_fact
// when given); parse_failed on a wrong type; the hive's own status and reason when it could not be opened.
void string_fact(Facts& f, std::string_view path, const LoadedHive& h, std::string_view key, std::string_view value);
void dword_fact(Facts& f, std::string_view path, const LoadedHive& h, std::string_view key, std::string_view value,
                std::optional<std::int64_t> absent = std::nullopt);
// Present: whether the key exists.
void key_exists_fact(Facts& f, std::string_view path, const LoadedHive& h, std::string_view key);

// A registry string value read capped: at most kMaxRegistryStringChars UTF-16 units (limits.hpp) of the
// value's data are read and decoded, a longer string ends in kTruncatedMark. Errors as Value::as_string.
Result<std::string> capped_string(const hive::Key& key, std::string_view name);
// The same for REG_MULTI_SZ: each item capped likewise, at most kMaxRegistryStringChars items' worth of
// data read (the list is cut there, the last item marked).
Result<std::vector<std::string>> capped_multi_sz(const hive::Key& key, std::string_view name);
// A REG_SZ / REG_EXPAND_SZ value of a key (capped_string), empty when absent or of another type.
std::string key_string(const hive::Key& key, std::string_view name);
// A REG_DWORD value of a key, nullopt when absent or of another type.
std::optional<std::uint32_t> key_dword(const hive::Key& key, std::string_view name);

// The SYSTEM hive's current control set ("ControlSet001", from Select\Current: LoadedHive::control_set), or
// nullopt after marking every path unavailable with LoadedHive::control_set_status and _reason.
std::optional<std::string> control_set_or_mark(Facts& f, const LoadedHive& system,
                                               std::initializer_list<std::string_view> paths);

// Marks every path unavailable with one status, source and reason.
void mark_all(Facts& f, std::initializer_list<std::string_view> paths, FactStatus status, std::string_view source,
              std::string_view reason);
// Nothing found by a search row: true when the row says so (`missing`, a real answer: no such file), else marks
// `paths` collection_failed with why and returns false.
bool row_found_nothing(Facts& f, const Bundle& b, std::string_view row_id, const RowArtifacts& row,
                       std::initializer_list<std::string_view> paths);
// The value of a fact when it is present, else null.
const json::Value* present_value(const Facts& f, std::string_view path);
// Marks `path` with the status, source and reason of the fact `from`, which is not present (a derived
// fact is as unknown as what it derives from).
void inherit_unavailable(Facts& f, std::string_view path, std::string_view from);

// JSON values on the facts allocator.
json::Value json_string(std::string_view s, json::Document::AllocatorType& alloc);
json::Value json_strings(const std::vector<std::string>& list, json::Document::AllocatorType& alloc,
                              std::size_t cap = SIZE_MAX);
json::Value json_optional(const std::optional<std::string>& s, json::Document::AllocatorType& alloc);

// Members of an untrusted API document: a member of the wrong type (or a non-object) reads as absent.
std::optional<std::string> member_string(const json::Value& o, const char* key);
std::optional<std::uint64_t> member_uint(const json::Value& o, const char* key);
// The strings of an array member, in order; other elements are skipped, a missing or mistyped member is empty.
std::vector<std::string> member_strings(const json::Value& o, const char* key);

// An ISO 8601 UTC time ("YYYY-MM-DDThh:mm:ss[.fff]Z", contract::parse_iso_instant) to Unix seconds; nullopt
// when it is no valid date and time or lacks the "Z".
std::optional<std::int64_t> parse_iso_utc(std::string_view iso);
// Whole days from a server-local time ("2026-08-14T21:32:10") to the collection's start, the local time made
// UTC with the bias recorded at collection (UTC = local + bias); negative when after it. Null when either does
// not parse.
std::optional<std::int64_t> days_before_collection(const std::optional<std::string>& local_iso, const Bundle& b);

}  // namespace migready::facts::detail

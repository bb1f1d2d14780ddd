// Helpers shared by the facts sources (support.hpp).
#include "facts/support.hpp"

#include "core/json.hpp"
#include "contract/civil_time.hpp"
#include "facts/limits.hpp"

namespace migready::facts::detail {

namespace {

// A DWORD is 4 bytes: reading 8 shows a longer value is no DWORD without reading all of it.
constexpr std::size_t kDwordRead = 8;
// The data read for a capped string: the units kept.
constexpr std::size_t kStringRead = kMaxRegistryStringChars * 2;

// True when the UTF-16LE data holds a NUL unit: the string ends there, however long the value is.
bool has_nul(std::span<const std::uint8_t> data) {
  for (std::size_t i = 0; i + 1 < data.size(); i += 2) {
    if (data[i] == 0 && data[i + 1] == 0) return true;
  }
  return false;
}

}  // namespace

std::string source_of(const LoadedHive& h, std::string_view key, std::string_view value) {
  std::string s = h.artifact_id + ":" + std::string(key);
  if (!value.empty()) s += "\\" + std::string(value);
  return s;
}

// Reads a string value into a fact: present (value or, when the key or value is absent, null).
void string_fact(Facts& f, std::string_view path, const LoadedHive& h, std::string_view key, std::string_view value) {
  if (!h.hive) return f.set_unavailable(path, h.status, h.artifact_id, h.reason);
  auto k = h.hive->find(key);
  auto s = k ? capped_string(*k, value) : Result<std::string>(k.error());
  if (s) return f.set(path, *s, source_of(h, key, value));
  if (s.error().code == Errc::not_found) return f.set_null(path, source_of(h, key, value));
  f.set_unavailable(path, FactStatus::parse_failed, source_of(h, key, value), s.error().to_string());
}

// Reads a DWORD into a fact; absent -> `absent` (null when not given).
void dword_fact(Facts& f, std::string_view path, const LoadedHive& h, std::string_view key, std::string_view value,
                std::optional<std::int64_t> absent) {
  if (!h.hive) return f.set_unavailable(path, h.status, h.artifact_id, h.reason);
  auto k = h.hive->find(key);
  auto v = k ? k->value(value, kDwordRead) : Result<hive::Value>(k.error());
  auto d = v ? v->as_dword() : Result<std::uint32_t>(v.error());
  if (d) return f.set(path, std::int64_t{*d}, source_of(h, key, value));
  if (d.error().code == Errc::not_found) {
    if (absent) return f.set(path, *absent, source_of(h, key, value));
    return f.set_null(path, source_of(h, key, value));
  }
  f.set_unavailable(path, FactStatus::parse_failed, source_of(h, key, value), d.error().to_string());
}

void key_exists_fact(Facts& f, std::string_view path, const LoadedHive& h, std::string_view key) {
  if (!h.hive) return f.set_unavailable(path, h.status, h.artifact_id, h.reason);
  f.set(path, h.hive->find(key).has_value(), source_of(h, key, ""));
}


// A string longer than the cap is its first units decoded (a high surrogate cut from its low half there
// becomes U+FFFD, as an unpaired one does anywhere) and the mark.
Result<std::string> capped_string(const hive::Key& key, std::string_view name) {
  auto v = key.value(name, kStringRead);
  if (!v) return v.error();
  auto s = v->as_string();
  if (s && v->truncated() && !has_nul(v->data())) *s += kTruncatedMark;
  return s;
}

Result<std::vector<std::string>> capped_multi_sz(const hive::Key& key, std::string_view name) {
  auto v = key.value(name, kStringRead);
  if (!v) return v.error();
  auto list = v->as_multi_sz();
  if (!list) return list;
  if (v->truncated() && !list->empty()) list->back() += kTruncatedMark;
  return list;
}

std::string key_string(const hive::Key& key, std::string_view name) {
  auto s = capped_string(key, name);
  return s ? *s : std::string();
}

std::optional<std::uint32_t> key_dword(const hive::Key& key, std::string_view name) {
  auto v = key.value(name, kDwordRead);
  if (!v) return std::nullopt;
  auto d = v->as_dword();
  return d ? std::optional<std::uint32_t>(*d) : std::nullopt;
}

std::optional<std::string> control_set_or_mark(Facts& f, const LoadedHive& system,
                                               std::initializer_list<std::string_view> paths) {
  if (!system.hive || !system.control_set) {
    mark_all(f, paths, system.control_set_status, system.artifact_id, system.control_set_reason);
    return std::nullopt;
  }
  return system.control_set;
}

void mark_all(Facts& f, std::initializer_list<std::string_view> paths, FactStatus status, std::string_view source,
              std::string_view reason) {
  for (auto path : paths) f.set_unavailable(path, status, source, reason);
}

const json::Value* present_value(const Facts& f, std::string_view path) {
  const json::Value* fact = f.find(path);
  if (fact == nullptr || !fact->IsObject()) return nullptr;
  auto status = fact->FindMember("status");
  if (status == fact->MemberEnd() || !status->value.IsString() || std::string_view(status->value.GetString()) != "present") {
    return nullptr;
  }
  auto value = fact->FindMember("value");
  return value == fact->MemberEnd() ? nullptr : &value->value;
}

void inherit_unavailable(Facts& f, std::string_view path, std::string_view from) {
  const json::Value* fact = f.find(from);
  if (fact == nullptr) {
    return f.set_unavailable(path, FactStatus::collection_failed, from, "the fact " + std::string(from) + " was not built");
  }
  auto text = [&](const char* key) {
    auto it = fact->FindMember(key);
    return it != fact->MemberEnd() && it->value.IsString() ? std::string(it->value.GetString()) : std::string();
  };
  const std::string status = text("status");
  const FactStatus s = status == "parse_failed" ? FactStatus::parse_failed
                       : status == "missing"    ? FactStatus::missing
                                                : FactStatus::collection_failed;
  f.set_unavailable(path, s, text("source"), text("reason"));
}

json::Value json_string(std::string_view s, json::Document::AllocatorType& alloc) {
  return json::Value(s.data(), static_cast<rapidjson::SizeType>(s.size()), alloc);
}

json::Value json_strings(const std::vector<std::string>& list, json::Document::AllocatorType& alloc,
                              std::size_t cap) {
  json::Value arr(rapidjson::kArrayType);
  for (std::size_t i = 0; i < list.size() && i < cap; ++i) arr.PushBack(json_string(list[i], alloc), alloc);
  return arr;
}

json::Value json_optional(const std::optional<std::string>& s, json::Document::AllocatorType& alloc) {
  return s ? json_string(*s, alloc) : json::Value();
}

std::optional<std::string> member_string(const json::Value& o, const char* key) {
  if (!o.IsObject()) return std::nullopt;
  auto it = o.FindMember(key);
  if (it == o.MemberEnd() || !it->value.IsString()) return std::nullopt;
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

std::vector<std::string> member_strings(const json::Value& o, const char* key) {
  std::vector<std::string> out;
  if (!o.IsObject()) return out;
  auto it = o.FindMember(key);
  if (it == o.MemberEnd() || !it->value.IsArray()) return out;
  for (const auto& s : it->value.GetArray()) {
    if (s.IsString()) out.emplace_back(s.GetString(), s.GetStringLength());
  }
  return out;
}

std::optional<std::uint64_t> member_uint(const json::Value& o, const char* key) {
  if (!o.IsObject()) return std::nullopt;
  auto it = o.FindMember(key);
  if (it == o.MemberEnd() || !it->value.IsUint64()) return std::nullopt;
  return it->value.GetUint64();
}

bool row_found_nothing(Facts& f, const Bundle& b, std::string_view row_id, const RowArtifacts& row,
                       std::initializer_list<std::string_view> paths) {
  if (row.row_record != nullptr && row.row_record->status == contract::Status::missing) return true;
  std::string reason = unavailable_reason(b, row.row_record);
  if (reason.empty()) reason = "the row's own entry holds bytes, but no file artifact";
  mark_all(f, paths, FactStatus::collection_failed, row_id, reason);
  return false;
}

std::optional<std::int64_t> parse_iso_utc(std::string_view iso) {
  const auto t = contract::parse_iso_instant(iso);
  if (!t || !t->utc) return std::nullopt;
  return t->seconds;
}

std::optional<std::int64_t> days_before_collection(const std::optional<std::string>& local_iso, const Bundle& b) {
  if (!local_iso) return std::nullopt;
  const auto local = parse_iso_utc(*local_iso + "Z");  // the wall-clock figures, read as if UTC
  const auto started = parse_iso_utc(b.manifest.collection.started_utc);
  if (!local || !started) return std::nullopt;
  const std::int64_t utc = *local + std::int64_t{b.manifest.collection.time_zone.bias_minutes} * 60;
  const std::int64_t seconds = *started - utc;
  return seconds >= 0 ? seconds / 86400 : -((-seconds + 86399) / 86400);
}

}  // namespace migready::facts::detail

// Helpers shared by the facts sources (facts_internal.hpp).
#include <re2/re2.h>

#include <cctype>
#include <span>

#include "core/text.hpp"
#include "facts/facts_internal.hpp"

namespace migready::facts::detail {

std::string unavailable_reason(const Bundle& b, const ArtifactRecord* art) {
  if (art == nullptr) return "not in this bundle (the collector did not gather it)";
  if (b.entry_bytes(*art) != nullptr) return {};
  std::string reason = "collection " + std::string(contract::status_name(art->status));
  if (art->error) reason += ": " + *art->error;
  if (art->status == contract::Status::ok) reason = "stored bytes missing or corrupt";
  return reason;
}

LoadedHive load_hive(const Bundle& b, std::string_view id, Diagnostics& diags) {
  LoadedHive out;
  out.artifact_id = std::string(id);
  const ArtifactRecord* art = b.artifact(id);
  if (auto why = unavailable_reason(b, art); !why.empty()) {
    out.reason = why;
    return out;
  }
  const std::string& bytes = *b.entry_bytes(*art);
  const std::string name = *art->path;
  Result<hive::Hive> opened = art->format == contract::Format::reg
      ? hive::Hive::open_reg(bytes, name, art->source_what, diags)
      : hive::Hive::open_regf(std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()), name, diags);
  if (!opened) {
    out.status = FactStatus::parse_failed;
    out.reason = opened.error().to_string();
    diags.add(opened.error());
    return out;
  }
  out.hive.emplace(std::move(*opened));
  out.is_reg_export = art->format == contract::Format::reg;
  return out;
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

bool equals_ci(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  }
  return true;
}

bool starts_with_ci(std::string_view text, std::string_view prefix) noexcept {
  return text.size() >= prefix.size() && equals_ci(text.substr(0, prefix.size()), prefix);
}

std::string source_of(const LoadedHive& h, std::string_view key, std::string_view value) {
  std::string s = h.artifact_id + ":" + std::string(key);
  if (!value.empty()) s += "\\" + std::string(value);
  return s;
}

// Reads a string value into a fact: present (value or, when the key or value is absent, null).
void string_fact(Facts& f, std::string_view path, const LoadedHive& h, std::string_view key, std::string_view value) {
  if (!h.hive) return f.set_unavailable(path, h.status, h.artifact_id, h.reason);
  auto k = h.hive->find(key);
  auto v = k ? k->value(value) : Result<hive::Value>(k.error());
  auto s = v ? v->as_string() : Result<std::string>(v.error());
  if (s) return f.set(path, *s, source_of(h, key, value));
  if (s.error().code == Errc::not_found) return f.set_null(path, source_of(h, key, value));
  f.set_unavailable(path, FactStatus::parse_failed, source_of(h, key, value), s.error().to_string());
}

// Reads a DWORD into a fact; absent -> `absent` (null when not given).
void dword_fact(Facts& f, std::string_view path, const LoadedHive& h, std::string_view key, std::string_view value,
                std::optional<std::int64_t> absent) {
  if (!h.hive) return f.set_unavailable(path, h.status, h.artifact_id, h.reason);
  auto k = h.hive->find(key);
  auto v = k ? k->value(value) : Result<hive::Value>(k.error());
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

std::string key_string(const hive::Key& key, std::string_view name) {
  auto v = key.value(name);
  if (!v) return {};
  auto s = v->as_string();
  return s ? *s : std::string();
}

std::optional<std::uint32_t> key_dword(const hive::Key& key, std::string_view name) {
  auto v = key.value(name);
  if (!v) return std::nullopt;
  auto d = v->as_dword();
  return d ? std::optional<std::uint32_t>(*d) : std::nullopt;
}

bool version_less(std::string_view a, std::string_view b) {
  auto next = [](std::string_view& s) {
    std::uint64_t n = 0;
    while (!s.empty() && s.front() != '.') {
      const char c = s.front();
      if (c >= '0' && c <= '9' && n < 1000000000) n = n * 10 + static_cast<std::uint64_t>(c - '0');
      s.remove_prefix(1);
    }
    if (!s.empty()) s.remove_prefix(1);
    return n;
  };
  while (!a.empty() || !b.empty()) {
    const auto x = next(a), y = next(b);
    if (x != y) return x < y;
  }
  return false;
}

const rapidjson::Value* present_value(const Facts& f, std::string_view path) {
  const rapidjson::Value* fact = f.find(path);
  if (fact == nullptr || !fact->IsObject()) return nullptr;
  auto status = fact->FindMember("status");
  if (status == fact->MemberEnd() || !status->value.IsString() || std::string_view(status->value.GetString()) != "present") {
    return nullptr;
  }
  auto value = fact->FindMember("value");
  return value == fact->MemberEnd() ? nullptr : &value->value;
}

void inherit_unavailable(Facts& f, std::string_view path, std::string_view from) {
  const rapidjson::Value* fact = f.find(from);
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

std::string decode_artifact(const Bundle& b, const ArtifactRecord& art, Diagnostics& diags) {
  const std::string& bytes = *b.entry_bytes(art);
  const std::string where = art.path.value_or(art.id);
  text::Decoded decoded;
  std::uint32_t code_page = 0;
  const bool bom16 = bytes.size() >= 2 && bytes[0] == '\xFF' && bytes[1] == '\xFE';
  if (bom16 || art.encoding == contract::Encoding::utf16le) {
    decoded = text::decode_utf16le(bytes);
  } else if (art.encoding == contract::Encoding::utf8) {
    std::string_view view(bytes);
    if (view.substr(0, 3) == "\xEF\xBB\xBF") view.remove_prefix(3);
    decoded = text::sanitize_utf8(view);
  } else {
    code_page = art.encoding == contract::Encoding::ansi ? b.manifest.host.ansi_code_page
                                                         : b.manifest.host.oem_code_page;
    decoded = text::decode_code_page(bytes, code_page);
  }
  if (decoded.lossy) {
    diags.warn(Errc::format,
               code_page != 0 ? "some bytes are not valid in code page " + std::to_string(code_page)
                              : std::string("some bytes are not valid text in the artifact's encoding"),
               where);
  }
  return std::move(decoded.utf8);
}

TextArtifact load_text(const Bundle& b, std::string_view id, Diagnostics& diags) {
  TextArtifact out;
  out.art = b.artifact(id);
  out.reason = unavailable_reason(b, out.art);
  if (!out.reason.empty()) return out;
  out.where = out.art->path.value_or(std::string(id));
  out.text = decode_artifact(b, *out.art, diags);
  return out;
}

void mark_all(Facts& f, std::initializer_list<std::string_view> paths, FactStatus status, std::string_view source,
              std::string_view reason) {
  for (auto path : paths) f.set_unavailable(path, status, source, reason);
}

std::optional<std::string> control_set_or_mark(Facts& f, const LoadedHive& system,
                                               std::initializer_list<std::string_view> paths) {
  if (!system.hive) {
    mark_all(f, paths, system.status, system.artifact_id, system.reason);
    return std::nullopt;
  }
  auto ccs = hive::current_control_set(*system.hive);
  if (!ccs) {
    mark_all(f, paths, FactStatus::parse_failed, system.artifact_id, ccs.error().to_string());
    return std::nullopt;
  }
  return std::move(*ccs);
}

RowArtifacts row_artifacts(const Bundle& b, std::string_view row_id) {
  RowArtifacts out;
  for (const auto& art : b.manifest.artifacts) {
    if (art.id == row_id) {
      out.row_record = &art;
    } else if (art.id.size() > row_id.size() + 1 && art.id.compare(0, row_id.size(), row_id) == 0 &&
               art.id[row_id.size()] == '.') {
      out.files.push_back(&art);
    }
  }
  return out;
}

rapidjson::Value json_string(std::string_view s, rapidjson::Document::AllocatorType& alloc) {
  return rapidjson::Value(s.data(), static_cast<rapidjson::SizeType>(s.size()), alloc);
}

rapidjson::Value json_strings(const std::vector<std::string>& list, rapidjson::Document::AllocatorType& alloc,
                              std::size_t cap) {
  rapidjson::Value arr(rapidjson::kArrayType);
  for (std::size_t i = 0; i < list.size() && i < cap; ++i) arr.PushBack(json_string(list[i], alloc), alloc);
  return arr;
}

rapidjson::Value json_optional(const std::optional<std::string>& s, rapidjson::Document::AllocatorType& alloc) {
  return s ? json_string(*s, alloc) : rapidjson::Value();
}

std::optional<std::int64_t> parse_iso_utc(std::string_view iso) {
  static const RE2 kIso(R"((\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d+)?Z)");
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (!RE2::FullMatch(iso, kIso, &y, &mo, &d, &h, &mi, &s)) return std::nullopt;
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return std::nullopt;
  // Days from the civil date (H. Hinnant's days_from_civil).
  const int yy = y - (mo <= 2 ? 1 : 0);
  const int era = (yy >= 0 ? yy : yy - 399) / 400;
  const int yoe = yy - era * 400;
  const int doy = (153 * (mo + (mo > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  const std::int64_t days = std::int64_t{era} * 146097 + doe - 719468;
  return days * 86400 + h * 3600 + mi * 60 + s;
}

std::string virtual_platform_hint(std::string_view text) {
  static const RE2 kVmware(R"((?i)vmware)");
  static const RE2 kVbox(R"((?i)virtualbox|\bvbox\b|innotek)");
  static const RE2 kHyperv(R"((?i)microsoft corporation.*virtual|virtual machine|hyper-v|virtual pc)");
  static const RE2 kQemu(R"((?i)qemu|\bkvm\b|bochs)");
  static const RE2 kXen(R"((?i)\bxen\b)");
  static const RE2 kParallels(R"((?i)parallels)");
  if (RE2::PartialMatch(text, kVmware)) return "VMware";
  if (RE2::PartialMatch(text, kVbox)) return "VirtualBox";
  if (RE2::PartialMatch(text, kHyperv)) return "Microsoft Hyper-V / Virtual PC";
  if (RE2::PartialMatch(text, kQemu)) return "QEMU/KVM";
  if (RE2::PartialMatch(text, kXen)) return "Xen";
  if (RE2::PartialMatch(text, kParallels)) return "Parallels";
  return {};
}

}  // namespace migready::facts::detail

// manifest.json: parse, validate against the compiled-in schema, then read into the typed Manifest.
// Validation happens first, so the typed reads below may rely on every required field and type.
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/pointer.h>
#include <rapidjson/schema.h>
#include <rapidjson/stringbuffer.h>

#include "bundle/bundle.hpp"
#include "bundle/lent.hpp"
#include "bundle/manifest_schema.hpp"
#include "core/json.hpp"

namespace migready::bundle {
namespace {

// One per thread at work: RapidJSON's schema keeps each "pattern" as a GenericRegex whose search state lives in
// the regex object, so two threads validating against one SchemaDocument corrupt each other (triage's workers
// crashed in GenericRegex::SearchWithAnchoring); lent from a pool, not thread_local (lent.hpp says why).
// Building one costs well under a millisecond.
detail::LendingPool<json::SchemaDocument>::Lease lend_schema_document() {
  static detail::LendingPool<json::SchemaDocument> pool;
  return pool.lend([] {
    json::Document d;
    const auto text = manifest_schema_json();
    d.Parse(text.data(), text.size());
    // The schema is ours and is tested; a parse failure here is a build defect, caught by every test.
    return std::make_unique<json::SchemaDocument>(d);
  });
}

std::string str(const json::Value& v, const char* key) {
  const auto& m = v[key];
  return m.IsString() ? std::string(m.GetString(), m.GetStringLength()) : std::string();
}

std::optional<std::string> opt_str(const json::Value& v, const char* key) {
  auto it = v.FindMember(key);
  if (it == v.MemberEnd() || !it->value.IsString()) return std::nullopt;
  return std::string(it->value.GetString(), it->value.GetStringLength());
}

std::uint32_t u32(const json::Value& v, const char* key) { return v[key].GetUint(); }

std::vector<std::string> strings(const json::Value& array) {
  std::vector<std::string> out;
  for (const auto& s : array.GetArray()) out.emplace_back(s.GetString(), s.GetStringLength());
  return out;
}

// Format 1.4's `partial` (validated: both lists exist and hold strings).
contract::PartialInfo partial_info(const json::Value& v) {
  return {strings(v["requested"]), strings(v["artifacts"])};
}
std::int32_t i32(const json::Value& v, const char* key) { return v[key].GetInt(); }

// A valid manifest is 5 levels deep; anything far deeper is hostile.
constexpr std::size_t kMaxManifestDepth = 32;

}  // namespace

Result<Manifest> parse_manifest(std::string_view json, const std::string& where) {
  auto parsed = parse_untrusted_json(json, kMaxManifestDepth, where);
  if (!parsed) {
    Error e = std::move(parsed).error();
    e.message = "manifest.json: " + e.message;
    return e;
  }
  json::Document& doc = *parsed;
  // Refuse an unknown major version before the schema, which only knows 1.x, says something vaguer.
  if (doc.IsObject()) {
    auto v = doc.FindMember("format_version");
    if (v != doc.MemberEnd() && v->value.IsString()) {
      std::string_view version(v->value.GetString(), v->value.GetStringLength());
      if (version.substr(0, 2) != "1.") {
        return make_error(Errc::unsupported,
                          "unsupported bundle format " + std::string(version) + " (this analyzer reads 1.x)",
                          where + "#/format_version");
      }
    }
  }
  const auto schema = lend_schema_document();
  json::SchemaValidator validator(*schema);
  if (!doc.Accept(validator)) {
    json::StringBuffer pointer;
    validator.GetInvalidDocumentPointer().StringifyUriFragment(pointer);
    json::StringBuffer schema_pointer;
    validator.GetInvalidSchemaPointer().StringifyUriFragment(schema_pointer);
    std::string at = pointer.GetString();
    if (at == "#") at = "#/";
    std::string message = std::string("manifest violates the schema: '") + validator.GetInvalidSchemaKeyword() +
                          "' of " + schema_pointer.GetString();
    // A pattern refused: say which string (short ones; the manifest is valid UTF-8 by now), and for an
    // artifact's path what the format allows (a non-ASCII name in the zip is read, but no artifact may use it).
    const json::Value* bad = validator.GetInvalidDocumentPointer().Get(doc);
    if (std::string_view(validator.GetInvalidSchemaKeyword()) == "pattern" && bad != nullptr && bad->IsString() &&
        bad->GetStringLength() <= 256) {
      message += ": '" + std::string(bad->GetString(), bad->GetStringLength()) + "'";
      json::Document schema_doc;  // only on this error path: the pattern, in the schema's words
      const auto schema_text = manifest_schema_json();
      schema_doc.Parse(schema_text.data(), schema_text.size());
      const json::Value* node = json::Pointer(schema_pointer.GetString()).Get(schema_doc);
      if (node != nullptr && node->IsObject() && node->HasMember("pattern") && (*node)["pattern"].IsString()) {
        message += " does not match " + std::string((*node)["pattern"].GetString());
      }
      if (at.rfind("#/artifacts/", 0) == 0 && at.size() > 5 && at.compare(at.size() - 5, 5, "/path") == 0) {
        message += " is not a bundle path: '/'-separated ASCII [A-Za-z0-9_.-] components (docs/bundle-format.md)";
      }
    }
    return make_error(Errc::schema, std::move(message), where + at);
  }

  // Validated: every required field exists with its type, every enum holds a known name.
  Manifest m;
  m.format_version = str(doc, "format_version");
  const auto& collector = doc["collector"];
  m.collector.name = str(collector, "name");
  m.collector.version = str(collector, "version");
  m.collector.arch = contract::parse_arch(str(collector, "arch")).value_or(contract::Arch::unknown);
  m.collector.command_line = str(collector, "command_line");
  // Format 1.3+: absent from older manifests; the schema requires both fields when it is there.
  if (auto wow64 = collector.FindMember("wow64"); wow64 != collector.MemberEnd()) {
    const auto& w = wow64->value;
    contract::Wow64Info info;
    if (w["active"].IsBool()) info.active = w["active"].GetBool();
    info.redirection_disabled = w["redirection_disabled"].GetBool();
    info.error = opt_str(w, "error").value_or("");
    m.collector.wow64 = std::move(info);
  }
  m.complete = doc["complete"].GetBool();
  m.incomplete_reason = opt_str(doc, "incomplete_reason");

  const auto& host = doc["host"];
  m.host.computer_name = str(host, "computer_name");
  m.host.dns_domain = opt_str(host, "dns_domain");
  m.host.netbios_domain = opt_str(host, "netbios_domain");
  const auto& os = host["os"];
  m.host.os.major = u32(os, "major");
  m.host.os.minor = u32(os, "minor");
  m.host.os.build = u32(os, "build");
  m.host.os.service_pack = str(os, "service_pack");
  m.host.os.sp_major = u32(os, "sp_major");
  m.host.os.sp_minor = u32(os, "sp_minor");
  m.host.os.product_type = contract::parse_product_type(str(os, "product_type"));
  // `suites` and `is_sbs` are derived from suite_mask on both sides (contract::suite_names).
  m.host.os.suite_mask = u32(os, "suite_mask");
  m.host.os.arch = contract::parse_arch(str(os, "arch")).value_or(contract::Arch::unknown);
  m.host.ansi_code_page = u32(host["code_pages"], "ansi");
  m.host.oem_code_page = u32(host["code_pages"], "oem");

  const auto& collection = doc["collection"];
  m.collection.started_utc = str(collection, "started_utc");
  m.collection.ended_utc = str(collection, "ended_utc");
  m.collection.started_local = str(collection, "started_local");
  m.collection.ended_local = str(collection, "ended_local");
  const auto& tz = collection["time_zone"];
  m.collection.time_zone = contract::TimeZoneInfo{
      i32(tz, "bias_minutes"), str(tz, "standard_name"), i32(tz, "standard_bias_minutes"), str(tz, "daylight_name"),
      i32(tz, "daylight_bias_minutes"),
      contract::parse_time_zone_state(str(tz, "state")).value_or(contract::TimeZoneState::unknown)};

  const auto& user = doc["user"];
  m.user.name = str(user, "name");
  m.user.sid = str(user, "sid");
  for (const auto& g : user["groups"].GetArray()) {
    m.user.groups.push_back({str(g, "sid"), opt_str(g, "name"), g["enabled"].GetBool()});
  }

  // Format 1.2+: absent from older manifests. The schema bounds every field; first_day_of_week may be null.
  if (auto locale = doc.FindMember("locale"); locale != doc.MemberEnd()) {
    const auto& l = locale->value;
    contract::LocaleInfo info;
    info.system_lcid = u32(l, "system_lcid");
    info.user_lcid = u32(l, "user_lcid");
    info.system_ui_language = static_cast<std::uint16_t>(u32(l, "system_ui_language"));
    info.user_ui_language = static_cast<std::uint16_t>(u32(l, "user_ui_language"));
    const auto& c = l["user"];
    info.user = {str(c, "short_date"), str(c, "long_date"),      str(c, "time_format"),
                 str(c, "date_separator"), str(c, "time_separator"), str(c, "am"),
                 str(c, "pm"),          str(c, "decimal"),        str(c, "thousands"),
                 c["first_day_of_week"].IsUint() ? std::optional<std::uint32_t>(c["first_day_of_week"].GetUint())
                                                 : std::nullopt};
    m.locale = std::move(info);
  }

  // Format 1.4+: a --only run, and the inputs of a merged bundle.
  if (auto partial = doc.FindMember("partial"); partial != doc.MemberEnd()) m.partial = partial_info(partial->value);
  if (auto merged = doc.FindMember("merged_from"); merged != doc.MemberEnd()) {
    for (const auto& f : merged->value.GetArray()) {
      contract::MergedFrom from{str(f, "bundle"),
                                str(f, "bundle_sha256"),
                                str(f, "run_started_utc"),
                                str(f, "collector_version"),
                                str(f, "format_version"),
                                std::nullopt,
                                static_cast<std::size_t>(f["artifacts_taken"].GetUint64())};
      if (auto p = f.FindMember("partial"); p != f.MemberEnd()) from.partial = partial_info(p->value);
      m.merged_from.push_back(std::move(from));
    }
  }

  for (const auto& a : doc["artifacts"].GetArray()) {
    ArtifactRecord r;
    r.id = str(a, "id");
    r.path = opt_str(a, "path");
    r.kind = contract::parse_kind(str(a, "kind")).value_or(contract::Kind::file);
    r.format = contract::parse_format(str(a, "format")).value_or(contract::Format::binary);
    r.encoding = contract::parse_encoding(opt_str(a, "encoding").value_or("")).value_or(contract::Encoding::none);
    r.source_type = contract::parse_source_type(str(a["source"], "type")).value_or(contract::SourceType::api);
    r.source_what = str(a["source"], "what");
    if (auto searched = a["source"].FindMember("searched"); searched != a["source"].MemberEnd()) {
      for (const auto& place : searched->value.GetArray()) r.searched.emplace_back(place.GetString(), place.GetStringLength());
    }
    r.status = contract::parse_status(str(a, "status")).value_or(contract::Status::failed);
    if (a["exit_code"].IsInt64()) r.exit_code = a["exit_code"].GetInt64();
    r.started_utc = str(a, "started_utc");
    r.duration_ms = a["duration_ms"].GetUint64();
    if (a["size"].IsUint64()) r.size = a["size"].GetUint64();
    r.sha256 = opt_str(a, "sha256");
    r.error = opt_str(a, "error");
    if (auto p = a.FindMember("provenance"); p != a.MemberEnd()) {
      const auto& v = p->value;
      r.provenance = contract::Provenance{str(v, "bundle"), str(v, "bundle_sha256"), str(v, "run_started_utc"),
                                          str(v, "collector_version"), str(v, "format_version")};
    }
    m.artifacts.push_back(std::move(r));
  }
  return m;
}

}  // namespace migready::bundle

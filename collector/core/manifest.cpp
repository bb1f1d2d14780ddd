#include "core/manifest.hpp"

#include <algorithm>
#include <array>

#include "contract/artifacts.hpp"
#include "core/json_writer.hpp"
#include "core/utf.hpp"

namespace migready::collector {

namespace {

// Schema maxLength values (contract/manifest.schema.json).
constexpr std::size_t kMaxName = 64, kMaxCommandLine = 8192, kMaxReason = 4096, kMaxHostField = 256,
                      kMaxServicePack = 256, kMaxZoneName = 64, kMaxAccount = 512, kMaxSid = 256, kMaxWhat = 8192,
                      kMaxSearched = 1024, kMaxError = 8192, kMaxSearchedItems = 256, kMaxWow64Error = 512,
                      kMaxBundleName = 1024, kMaxId = 128, kMaxPartialItems = 256;
// GetLocaleInfoW's documented maxima (LOCALE_SSHORTDATE ... LOCALE_STHOUSAND pages), less the terminating null.
constexpr std::size_t kMaxPicture = 79, kMaxSeparator = 3, kMaxDesignator = 14;
constexpr std::uint32_t kMaxLcid = 0xFFFFF;  // a LANGID and a 4-bit sort id; the higher bits are reserved
constexpr std::uint64_t kMaxDurationMs = 86400000;
constexpr std::uint64_t kMaxSize = 17179869184ULL;

std::int64_t clamp_minutes(std::int32_t v) { return std::clamp<std::int64_t>(v, -1440, 1440); }

void optional_string(JsonWriter& w, const std::optional<std::string>& v, std::size_t max) {
  if (v) {
    w.value(clamp_code_points(*v, max));
  } else {
    w.null();
  }
}

void write_artifact(JsonWriter& w, const ArtifactRecord& a) {
  w.begin_object();
  w.key("id").value(a.id);
  w.key("path");
  optional_string(w, a.path, 240);
  w.key("kind").value(kind_name(a.kind));
  w.key("format").value(format_name(a.format));
  if (a.encoding != Encoding::none) w.key("encoding").value(encoding_name(a.encoding));
  w.key("source").begin_object();
  w.key("type").value(source_type_name(a.source_type));
  w.key("what").value(clamp_code_points(a.source_what.empty() ? std::string("?") : a.source_what, kMaxWhat));
  if (!a.searched.empty()) {
    w.key("searched").begin_array();
    for (std::size_t i = 0; i < a.searched.size() && i < kMaxSearchedItems; ++i) {
      w.value(clamp_code_points(a.searched[i], kMaxSearched));
    }
    w.end_array();
  }
  w.end_object();
  w.key("status").value(status_name(a.status));
  w.key("exit_code");
  if (a.exit_code) {
    w.value(std::clamp<std::int64_t>(*a.exit_code, -2147483648LL, 4294967295LL));
  } else {
    w.null();
  }
  w.key("started_utc").value(a.started_utc);
  w.key("duration_ms").value(std::min(a.duration_ms, kMaxDurationMs));
  w.key("size");
  if (a.size) {
    w.value(std::min(*a.size, kMaxSize));
  } else {
    w.null();
  }
  w.key("sha256");
  optional_string(w, a.sha256, 64);
  w.key("error");
  optional_string(w, a.error, kMaxError);
  if (const auto& p = a.provenance) {
    w.key("provenance").begin_object();
    w.key("bundle").value(clamp_code_points(p->bundle, kMaxBundleName));
    w.key("bundle_sha256").value(p->bundle_sha256);
    w.key("run_started_utc").value(p->run_started_utc);
    w.key("collector_version").value(p->collector_version);
    w.key("format_version").value(p->format_version);
    w.end_object();
  }
  w.end_object();
}

void write_id_list(JsonWriter& w, const std::vector<std::string>& ids) {
  w.begin_array();
  for (std::size_t i = 0; i < ids.size() && i < kMaxPartialItems; ++i) w.value(clamp_code_points(ids[i], kMaxId));
  w.end_array();
}

void write_partial(JsonWriter& w, const PartialInfo& p) {
  w.begin_object();
  w.key("requested");
  write_id_list(w, p.requested);
  w.key("artifacts");
  write_id_list(w, p.artifacts);
  w.end_object();
}

void write_locale(JsonWriter& w, const LocaleInfo& l) {
  w.key("locale").begin_object();
  w.key("system_lcid").value(std::uint64_t{l.system_lcid <= kMaxLcid ? l.system_lcid : 0});
  w.key("user_lcid").value(std::uint64_t{l.user_lcid <= kMaxLcid ? l.user_lcid : 0});
  w.key("system_ui_language").value(std::uint64_t{l.system_ui_language});
  w.key("user_ui_language").value(std::uint64_t{l.user_ui_language});
  const DateTimeConventions& c = l.user;
  w.key("user").begin_object();
  w.key("short_date").value(clamp_code_points(c.short_date, kMaxPicture));
  w.key("long_date").value(clamp_code_points(c.long_date, kMaxPicture));
  w.key("time_format").value(clamp_code_points(c.time_format, kMaxPicture));
  w.key("date_separator").value(clamp_code_points(c.date_separator, kMaxSeparator));
  w.key("time_separator").value(clamp_code_points(c.time_separator, kMaxSeparator));
  w.key("am").value(clamp_code_points(c.am, kMaxDesignator));
  w.key("pm").value(clamp_code_points(c.pm, kMaxDesignator));
  w.key("decimal").value(clamp_code_points(c.decimal, kMaxSeparator));
  w.key("thousands").value(clamp_code_points(c.thousands, kMaxSeparator));
  w.key("first_day_of_week");
  if (c.first_day_of_week && *c.first_day_of_week <= 6) {
    w.value(std::uint64_t{*c.first_day_of_week});
  } else {
    w.null();
  }
  w.end_object();
  w.end_object();
}

}  // namespace


std::string clamp_code_points(std::string_view text, std::size_t max_code_points) {
  std::size_t pos = 0;
  std::size_t count = 0;
  while (pos < text.size() && count < max_code_points) {
    decode_utf8(text, pos);
    ++count;
  }
  return std::string(text.substr(0, pos));
}

std::string serialize_manifest(const Manifest& m) {
  JsonWriter w;
  w.begin_object();
  w.key("format").value(migready::contract::kFormatName);
  w.key("format_version").value(migready::contract::kFormatVersion);

  w.key("collector").begin_object();
  w.key("name").value(clamp_code_points(kCollectorName, kMaxName));
  w.key("version").value(m.collector.version);
  w.key("arch").value(arch_name(m.collector.arch == Arch::x64 ? Arch::x64 : Arch::x86));
  w.key("command_line").value(clamp_code_points(m.collector.command_line, kMaxCommandLine));
  if (const auto& wow64 = m.collector.wow64) {
    w.key("wow64").begin_object();
    w.key("active").value_or_null(wow64->active);
    w.key("redirection_disabled").value(wow64->redirection_disabled);
    if (!wow64->error.empty()) w.key("error").value(clamp_code_points(wow64->error, kMaxWow64Error));
    w.end_object();
  }
  w.end_object();

  w.key("complete").value(m.complete);
  if (!m.complete) {
    w.key("incomplete_reason");
    optional_string(w, m.incomplete_reason ? m.incomplete_reason : std::optional<std::string>("unknown"),
                    kMaxReason);
  }

  const HostInfo& h = m.host;
  w.key("host").begin_object();
  w.key("computer_name").value(clamp_code_points(h.computer_name.empty() ? std::string("?") : h.computer_name,
                                                 kMaxHostField));
  w.key("dns_domain");
  optional_string(w, h.dns_domain, kMaxHostField);
  w.key("netbios_domain");
  optional_string(w, h.netbios_domain, kMaxHostField);
  w.key("os").begin_object();
  w.key("major").value(std::uint64_t{h.os.major});
  w.key("minor").value(std::uint64_t{h.os.minor});
  w.key("build").value(std::uint64_t{h.os.build});
  w.key("service_pack").value(clamp_code_points(h.os.service_pack, kMaxServicePack));
  w.key("sp_major").value(std::uint64_t{h.os.sp_major});
  w.key("sp_minor").value(std::uint64_t{h.os.sp_minor});
  w.key("product_type").value(product_type_name(h.os.product_type));
  w.key("suite_mask").value(std::uint64_t{h.os.suite_mask});
  w.key("suites").begin_array();
  for (const std::string& name : suite_names(h.os.suite_mask)) w.value(name);
  w.end_array();
  w.key("is_sbs").value(suite_is_sbs(h.os.suite_mask));
  w.key("arch").value(arch_name(h.os.arch));
  w.end_object();
  w.key("code_pages").begin_object();
  w.key("ansi").value(std::uint64_t{h.ansi_code_page});
  w.key("oem").value(std::uint64_t{h.oem_code_page});
  w.end_object();
  w.end_object();

  const CollectionInfo& c = m.collection;
  w.key("collection").begin_object();
  w.key("started_utc").value(c.started_utc);
  w.key("ended_utc").value(c.ended_utc);
  w.key("started_local").value(c.started_local);
  w.key("ended_local").value(c.ended_local);
  w.key("time_zone").begin_object();
  w.key("bias_minutes").value(clamp_minutes(c.time_zone.bias_minutes));
  w.key("standard_name").value(clamp_code_points(c.time_zone.standard_name, kMaxZoneName));
  w.key("standard_bias_minutes").value(clamp_minutes(c.time_zone.standard_bias_minutes));
  w.key("daylight_name").value(clamp_code_points(c.time_zone.daylight_name, kMaxZoneName));
  w.key("daylight_bias_minutes").value(clamp_minutes(c.time_zone.daylight_bias_minutes));
  w.key("state").value(time_zone_state_name(c.time_zone.state));
  w.end_object();
  w.end_object();

  w.key("user").begin_object();
  w.key("name").value(clamp_code_points(m.user.name, kMaxAccount));
  w.key("sid").value(clamp_code_points(m.user.sid, kMaxSid));
  w.key("groups").begin_array();
  for (const GroupInfo& g : m.user.groups) {
    w.begin_object();
    w.key("sid").value(clamp_code_points(g.sid, kMaxSid));
    w.key("name");
    optional_string(w, g.name, kMaxAccount);
    w.key("enabled").value(g.enabled);
    w.end_object();
  }
  w.end_array();
  w.end_object();

  if (m.locale) write_locale(w, *m.locale);
  if (m.partial) {
    w.key("partial");
    write_partial(w, *m.partial);
  }
  if (!m.merged_from.empty()) {
    w.key("merged_from").begin_array();
    for (const MergedFrom& f : m.merged_from) {
      w.begin_object();
      w.key("bundle").value(clamp_code_points(f.bundle, kMaxBundleName));
      w.key("bundle_sha256").value(f.bundle_sha256);
      w.key("run_started_utc").value(f.run_started_utc);
      w.key("collector_version").value(f.collector_version);
      w.key("format_version").value(f.format_version);
      if (f.partial) {
        w.key("partial");
        write_partial(w, *f.partial);
      }
      w.key("artifacts_taken").value(std::uint64_t{f.artifacts_taken});
      w.end_object();
    }
    w.end_array();
  }

  w.key("artifacts").begin_array();
  for (const ArtifactRecord& a : m.artifacts) write_artifact(w, a);
  w.end_array();

  w.end_object();
  return w.str();
}

}  // namespace migready::collector

// Time: the time zone recorded at collection (manifest), the collector's SNTP measurement of the clock and
// w32time's configuration (api.time), and w32tm's monitor and time zone outputs (read in the bundle's text
// language, facts/language.hpp).
#include <algorithm>
#include <cmath>

#include "core/json.hpp"
#include "contract/ascii.hpp"
#include "core/byte_reader.hpp"
#include "facts/language.hpp"
#include "facts/sources.hpp"
#include "parsers/w32tm_monitor.hpp"
#include "parsers/w32tm_tz.hpp"

namespace migready::facts::detail {

void time_zone_facts(Facts& f, const Bundle& b) {
  const auto& m = b.manifest;
  const std::string src = "manifest";
  const auto& tz = m.collection.time_zone;
  f.set("time.zone.bias_minutes", std::int64_t{tz.bias_minutes}, src);
  f.set("time.zone.standard_name", tz.standard_name, src);
  f.set("time.zone.daylight_name", tz.daylight_name, src);
}

// The zone's Windows id, which names it in every language: the key of SOFTWARE\...\Time Zones whose Std and
// Dlt are the names the manifest recorded (GetTimeZoneInformation gives them in the server's language:
// "Westeuropäische Normalzeit" on a German Windows, whose key is still "W. Europe Standard Time") and whose
// TZI begins with the same bias. Null when no key matches, or several do.
void time_zone_id_fact(Facts& f, const Bundle& b, const LoadedHive& sw) {
  static constexpr std::string_view kPath = "time.zone.id", kKey = "Microsoft\\Windows NT\\CurrentVersion\\Time Zones";
  if (!sw.hive) return f.set_unavailable(kPath, sw.status, sw.artifact_id, sw.reason);
  const auto& tz = b.manifest.collection.time_zone;
  auto zones = sw.hive->find(kKey);
  if (!zones || tz.standard_name.empty()) return f.set_null(kPath, source_of(sw, kKey, ""));
  std::vector<std::string> matches;
  zones->for_each_subkey([&](const hive::Key& zone) {
    if (key_string(zone, "Std") != tz.standard_name || key_string(zone, "Dlt") != tz.daylight_name) return;
    // TZI: REG_TZI_FORMAT, a little-endian LONG Bias first (minutes, UTC = local + bias).
    if (auto tzi = zone.value("TZI")) {
      if (const auto bias = ByteReader(tzi->data()).i32(0); bias && *bias != tz.bias_minutes) return;
    }
    matches.push_back(zone.name());
  });
  if (matches.size() != 1) return f.set_null(kPath, source_of(sw, kKey, ""));
  f.set(kPath, matches.front(), source_of(sw, std::string(kKey) + "\\" + matches.front(), "Std"));
}

// The collector's time state (api.time, schema migready-api-time/1): the SNTP measurement of the clock and
// w32time's type. A document without sntp.measured is parse_failed like one of another schema.
void time_facts(Facts& f, const Bundle& b, Diagnostics& diags) {
  const std::string id = "api.time";
  static constexpr std::string_view kPaths[] = {"time.sntp_measured",     "time.offset_seconds",
                                                "time.offset_abs_seconds", "time.offset_direction",
                                                "time.sntp_server",        "time.sntp_error",
                                                "time.w32time_type"};
  ApiDoc read = read_api_doc(b, id, "migready-api-time/1", diags);
  if (read.doc) {
    const json::Value& doc = *read.doc;
    if (!doc.HasMember("sntp") || !doc["sntp"].IsObject() || !doc["sntp"].HasMember("measured") ||
        !doc["sntp"]["measured"].IsBool()) {
      const ArtifactRecord* art = b.artifact(id);
      read.reason = art->path.value_or(id) + ": no sntp.measured";
      diags.warn(Errc::format, read.reason, art->path.value_or(id));
      read.status = FactStatus::parse_failed;
      read.doc.reset();
    }
  }
  if (!read.doc) {
    for (auto path : kPaths) f.set_unavailable(path, read.status, id, read.reason);
    return;
  }
  const json::Value& doc = *read.doc;
  const json::Value& sntp = doc["sntp"];
  const bool measured = sntp["measured"].GetBool();
  f.set("time.sntp_measured", measured, id);
  const std::string server = member_string(sntp, "host").value_or("?") + ":" +
                             (sntp.HasMember("port") && sntp["port"].IsUint() ? std::to_string(sntp["port"].GetUint()) : "?");
  f.set("time.sntp_server", server, id + ":sntp");
  if (measured && sntp.HasMember("offset_us") && sntp["offset_us"].IsInt64()) {
    const double seconds = static_cast<double>(sntp["offset_us"].GetInt64()) / 1e6;
    f.set("time.offset_seconds", json::Value(seconds), id + ":sntp.offset_us");
    f.set("time.offset_abs_seconds", json::Value(seconds < 0 ? -seconds : seconds), id + ":sntp.offset_us");
    // SNTP's offset is the time server minus this server: positive means this server's clock is behind.
    f.set("time.offset_direction", std::string_view(seconds > 0 ? "behind" : "ahead of"), id + ":sntp.offset_us");
    f.set_null("time.sntp_error", id + ":sntp.error");
  } else {
    const std::string error = member_string(sntp, "error").value_or("no offset recorded");
    f.set_unavailable("time.offset_seconds", FactStatus::missing, id + ":sntp", error);
    f.set_unavailable("time.offset_abs_seconds", FactStatus::missing, id + ":sntp", error);
    f.set_unavailable("time.offset_direction", FactStatus::missing, id + ":sntp", error);
    f.set("time.sntp_error", error, id + ":sntp.error");
  }
  const json::Value* w32 = doc.HasMember("w32time") && doc["w32time"].IsObject() ? &doc["w32time"] : nullptr;
  if (auto type = w32 ? member_string(*w32, "type") : std::nullopt) f.set("time.w32time_type", *type, id + ":w32time.type");
  else f.set_null("time.w32time_type", id + ":w32time.type");
}
void w32tm_monitor_facts(Facts& f, const Bundle& b, Diagnostics& diags) {
  const std::string id = "command.w32tm_monitor";
  auto parsed = parse_localized_artifact<parsers::W32tmMonitor>(
      f, b, id, {"time.w32tm_monitor.servers", "time.w32tm_monitor.max_abs_offset_seconds", "time.w32tm_monitor.error"},
      parsers::parse_w32tm_monitor, diags);
  if (!parsed) return;
  auto& alloc = f.allocator();
  json::Value list(rapidjson::kArrayType);
  std::optional<double> max_abs;
  for (const auto& s : parsed->servers) {
    if (s.ntp_offset_seconds) max_abs = std::max(max_abs.value_or(0.0), std::fabs(*s.ntp_offset_seconds));
    if (list.Size() >= kMaxMonitorServers) continue;
    json::Value o(rapidjson::kObjectType);
    o.AddMember("name", json_string(s.name, alloc), alloc);
    o.AddMember("is_pdc", s.is_pdc, alloc);
    o.AddMember("address", json_string(s.address, alloc), alloc);
    o.AddMember("offset_seconds", s.ntp_offset_seconds ? json::Value(*s.ntp_offset_seconds) : json::Value(),
                alloc);
    o.AddMember("offset_from", json_string(s.ntp_offset_from, alloc), alloc);
    o.AddMember("ntp_error", json_string(s.ntp_error, alloc), alloc);
    o.AddMember("ref_id", json_string(s.ref_id, alloc), alloc);
    o.AddMember("stratum", s.stratum ? json::Value(*s.stratum) : json::Value(), alloc);
    o.AddMember("line", s.line, alloc);
    list.PushBack(o, alloc);
  }
  f.set("time.w32tm_monitor.servers", std::move(list), id);
  f.set("time.w32tm_monitor.max_abs_offset_seconds", max_abs ? json::Value(*max_abs) : json::Value(), id);
  if (parsed->error.empty()) f.set_null("time.w32tm_monitor.error", id);
  else f.set("time.w32tm_monitor.error", parsed->error, id);
}

void w32tm_tz_facts(Facts& f, const Bundle& b, Diagnostics& diags) {
  const std::string id = "command.w32tm_tz";
  auto parsed =
      parse_localized_artifact<parsers::W32tmTz>(f, b, id, {"time.tz_w32tm"}, parsers::parse_w32tm_tz, diags);
  if (!parsed) return;
  auto& alloc = f.allocator();
  auto opt = [](const std::optional<int>& v) { return v ? json::Value(*v) : json::Value(); };
  auto rule = [&](const parsers::W32tmTzRule& r) {
    if (!r.present) return json::Value();
    json::Value o(rapidjson::kObjectType);
    o.AddMember("name", json_string(r.name, alloc), alloc);
    o.AddMember("bias_minutes", opt(r.bias_minutes), alloc);
    o.AddMember("month", opt(r.month), alloc);
    o.AddMember("day", opt(r.day), alloc);
    o.AddMember("day_of_week", opt(r.day_of_week), alloc);
    return o;
  };
  json::Value v(rapidjson::kObjectType);
  v.AddMember("current", json_string(parsed->current, alloc), alloc);
  v.AddMember("bias_minutes", opt(parsed->bias_minutes), alloc);
  v.AddMember("standard", rule(parsed->standard), alloc);
  v.AddMember("daylight", rule(parsed->daylight), alloc);
  f.set("time.tz_w32tm", std::move(v), id);
}

// The PDC emulator's time source, one element per PDC emulator known. When this server holds the role
// (directory.fsmo) and W32Time's Parameters\Type was read (api.time), the element is this server, judged in
// every language: its type and whether its domain is the forest root, with w32tm /monitor's reference for it as
// evidence when that was read. Otherwise the monitor's PDC lines, as observed. Which type means "its own clock" is the rule's to say (rules/time.json).
void pdc_clock_fact(Facts& f) {
  constexpr std::string_view kPath = "time.pdc_clock";
  auto& alloc = f.allocator();
  const json::Value* monitor = present_value(f, "time.w32tm_monitor.servers");
  const json::Value* fsmo = present_value(f, "directory.fsmo");
  const json::Value* type = present_value(f, "time.w32time_type");
  const json::Value* computer = present_value(f, "host.computer_name");
  const json::Value* domain = present_value(f, "host.dns_domain");
  const std::optional<std::string> pdc =
      fsmo != nullptr && fsmo->IsObject() ? member_string(*fsmo, "pdc_emulator") : std::nullopt;
  const bool this_is_pdc = pdc && computer != nullptr && computer->IsString() && !pdc->empty() &&
                           contract::equals_ci(*pdc, computer->GetString());
  auto copy_of = [&](const json::Value* v) { return v != nullptr ? json::Value(*v, alloc) : json::Value(); };
  auto element = [&](std::string_view name, const json::Value* w32time_type, const json::Value* forest_root,
                     const json::Value* server) {
    json::Value o(rapidjson::kObjectType);
    o.AddMember("name", json_string(name, alloc), alloc);
    o.AddMember("w32time_type", copy_of(w32time_type), alloc);
    o.AddMember("forest_root", copy_of(forest_root), alloc);
    auto copy = [&](const char* key) {
      if (server == nullptr || !server->HasMember(key)) return json::Value();
      return json::Value((*server)[key], alloc);
    };
    o.AddMember("ref_id", copy("ref_id"), alloc);
    o.AddMember("address", copy("address"), alloc);
    // What was read, in words, for the finding: the configuration, then the observation.
    std::string reading;
    if (w32time_type != nullptr && w32time_type->IsString()) {
      reading = std::string("W32Time's Parameters\\Type is ") + w32time_type->GetString();
    }
    auto ref = server != nullptr ? member_string(*server, "ref_id") : std::nullopt;
    if (ref && !ref->empty()) reading += (reading.empty() ? "" : "; ") + std::string("w32tm /monitor shows the reference ") + *ref;
    else if (!reading.empty()) reading += "; w32tm /monitor was not read for it";
    o.AddMember("reading", json_string(reading, alloc), alloc);
    return o;
  };
  json::Value list(rapidjson::kArrayType);
  if (this_is_pdc && type != nullptr && type->IsString()) {
    // The name as w32tm /monitor and DNS give it: the directory's dNSHostName, else the host's FQDN; lower case.
    const json::Value* fqdn = present_value(f, "network.fqdn");
    std::string name;
    if (fqdn != nullptr && fqdn->IsString() && fqdn->GetStringLength() > 0) {
      name = contract::ascii_lower(std::string_view(fqdn->GetString()));
    } else {
      name = contract::ascii_lower(std::string_view(computer->GetString()));
      if (domain != nullptr && domain->IsString() && domain->GetStringLength() > 0) {
        name += "." + contract::ascii_lower(std::string_view(domain->GetString()));
      }
    }
    // The monitor's line for this server: its first label is this computer's name.
    const json::Value* seen = nullptr;
    if (monitor != nullptr && monitor->IsArray()) {
      for (const auto& s : monitor->GetArray()) {
        auto n = s.IsObject() ? member_string(s, "name") : std::nullopt;
        if (n && contract::equals_ci(std::string_view(*n).substr(0, n->find('.')), computer->GetString())) {
          seen = &s;
          break;
        }
      }
    }
    list.PushBack(element(name, type, present_value(f, "directory.forest_root_domain"), seen), alloc);
    std::string source = std::string("api.time, api.directory") + (seen != nullptr ? ", command.w32tm_monitor" : "");
    return f.set(kPath, std::move(list), source);
  }
  if (monitor == nullptr || !monitor->IsArray()) return inherit_unavailable(f, kPath, "time.w32tm_monitor.servers");
  for (const auto& s : monitor->GetArray()) {
    if (!s.IsObject() || !s.HasMember("is_pdc") || !s["is_pdc"].IsBool() || !s["is_pdc"].GetBool()) continue;
    list.PushBack(element(member_string(s, "name").value_or(""), nullptr, nullptr, &s), alloc);
  }
  f.set(kPath, std::move(list), "command.w32tm_monitor");
}

}  // namespace migready::facts::detail

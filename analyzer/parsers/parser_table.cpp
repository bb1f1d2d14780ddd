#include "parsers/parser_table.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include "parsers/ipconfig.hpp"
#include "parsers/systeminfo.hpp"
#include "parsers/wmic_qfe.hpp"
#include "parsers/net_time.hpp"
#include "parsers/w32tm_tz.hpp"
#include "parsers/w32tm_monitor.hpp"
#include "parsers/w32tm_status.hpp"
#include "parsers/support_tools_json.hpp"
#include "parsers/ntbackup_log.hpp"
#include "parsers/evt.hpp"
#include "parsers/netsh_dhcp.hpp"
#include "parsers/date_text.hpp"
#include "parsers/vssadmin_writers.hpp"
#include "parsers/windowsupdate_log.hpp"
#include "parsers/json_out.hpp"
#include "contract/ascii.hpp"

namespace migready::parsers {
namespace {

// A localized row's parse_to_json: the header decides the language.
template <Result<std::string> (*F)(std::string_view, const std::string&, Diagnostics&, std::optional<Language>)>
Result<std::string> header_language(std::string_view text, const std::string& where, Diagnostics& diags) {
  return F(text, where, diags, std::nullopt);
}

// The run_parser call in progress on this thread (null: parse_to_json called directly): its options, and per
// date field the texts that got no ISO value (the first is warned about, the rest counted).
struct RunState {
  const ParseOptions* options = nullptr;
  std::vector<std::pair<std::string, std::size_t>> unread;  // field, texts after the first
};
thread_local RunState* t_run = nullptr;

// A date text's ISO value, read with --locale's conventions when given; a text that gets none says why.
std::optional<std::string> iso(std::string_view text, std::string_view field, const std::string& where,
                               Diagnostics& diags) {
  const contract::DateTimeConventions* conventions =
      t_run != nullptr && t_run->options->dates ? &*t_run->options->dates : nullptr;
  DateReading r = read_date_text(text, conventions);
  if (r.iso || r.reason.empty()) return r.iso;
  if (t_run != nullptr) {
    auto seen = std::find_if(t_run->unread.begin(), t_run->unread.end(),
                             [&](const auto& u) { return u.first == field; });
    if (seen != t_run->unread.end()) {
      ++seen->second;
      return r.iso;
    }
    t_run->unread.emplace_back(std::string(field), 0);
  }
  diags.warn(Errc::format, std::string(field) + " \"" + std::string(text) + "\" has no ISO value: " + r.reason,
             where);
  return r.iso;
}

Result<std::string> ipconfig_json(std::string_view text, const std::string& where, Diagnostics& diags,
                                  std::optional<Language> expected) {
  auto parsed = parse_ipconfig(text, where, diags, expected);
  if (!parsed) return std::move(parsed).error();
  JsonOut j;
  j.begin_object();
  j.field("language", language_name(parsed->language));
  j.field("host_name", parsed->host_name);
  j.field("primary_dns_suffix", parsed->primary_dns_suffix);
  j.field("node_type", parsed->node_type);
  j.field("ip_routing_enabled", parsed->ip_routing_enabled);
  j.field("dns_suffix_search_list", parsed->dns_suffix_search_list);
  j.key("adapters").begin_array();
  for (const auto& a : parsed->adapters) {
    j.begin_object();
    j.field("kind", a.kind).field("name", a.name).field("description", a.description);
    j.field("physical_address", a.physical_address).field("dhcp_enabled", a.dhcp_enabled);
    j.field("media_disconnected", a.media_disconnected);
    j.field("ipv4", a.ipv4).field("ipv6", a.ipv6).field("subnet_masks", a.subnet_masks).field("gateways", a.gateways);
    j.field("dns_servers", a.dns_servers).field("dhcp_server", a.dhcp_server).field("line", a.line);
    j.end_object();
  }
  j.end_array();
  j.end_object();
  return j.str();
}

Result<std::string> systeminfo_json(std::string_view text, const std::string& where, Diagnostics& diags,
                                    std::optional<Language> expected) {
  auto parsed = parse_systeminfo(text, where, diags, expected);
  if (!parsed) return std::move(parsed).error();
  JsonOut j;
  j.begin_object();
  j.field("language", language_name(parsed->language));
  j.field("host_name", parsed->host_name).field("os_name", parsed->os_name);
  j.field("os_version", parsed->os_version).field("os_version_number", parsed->os_version_number);
  j.field("os_build", parsed->os_build).field("service_pack", parsed->service_pack);
  j.field("os_configuration", parsed->os_configuration);
  j.field("system_manufacturer", parsed->system_manufacturer).field("system_model", parsed->system_model);
  j.field("system_type", parsed->system_type).field("bios_version", parsed->bios_version);
  j.field("hypervisor", parsed->hypervisor);
  j.field("original_install_date", parsed->original_install_date);
  j.field("original_install_date_iso", iso(parsed->original_install_date, "original_install_date", where, diags));
  j.field("boot_time", parsed->boot_time).field("boot_time_iso", iso(parsed->boot_time, "boot_time", where, diags));
  j.field("up_time", parsed->up_time);
  j.field("time_zone", parsed->time_zone);
  j.field("total_physical_memory_mb", parsed->total_physical_memory_mb);
  j.field("available_physical_memory_mb", parsed->available_physical_memory_mb);
  j.field("domain", parsed->domain).field("logon_server", parsed->logon_server);
  j.field("hotfix_count", parsed->hotfix_count).field("hotfixes", parsed->hotfixes);
  j.key("network_cards").begin_array();
  for (const auto& n : parsed->network_cards) {
    j.begin_object();
    j.field("description", n.description).field("connection_name", n.connection_name);
    j.field("dhcp_enabled", n.dhcp_enabled).field("dhcp_server", n.dhcp_server).field("status", n.status);
    j.field("ip_addresses", n.ip_addresses).field("line", n.line);
    j.end_object();
  }
  j.end_array();
  j.end_object();
  return j.str();
}

Result<std::string> wmic_qfe_json(std::string_view text, const std::string& where, Diagnostics& diags) {
  auto parsed = parse_wmic_qfe(text, where, diags);
  if (!parsed) return std::move(parsed).error();
  JsonOut j;
  j.begin_object();
  j.field("form", parsed->form);
  j.key("updates").begin_array();
  for (const auto& u : parsed->updates) {
    j.begin_object();
    j.field("hotfix_id", u.hotfix_id).field("kb", u.kb).field("description", u.description);
    j.field("caption", u.caption).field("cs_name", u.cs_name).field("fix_comments", u.fix_comments);
    j.field("install_date", u.install_date).field("installed_by", u.installed_by);
    j.field("installed_on", u.installed_on);
    j.field("installed_on_iso", iso(u.installed_on, "installed_on", where, diags));
    j.field("name", u.name);
    j.field("service_pack_in_effect", u.service_pack_in_effect).field("status", u.status).field("line", u.line);
    j.end_object();
  }
  j.end_array();
  j.end_object();
  return j.str();
}

Result<std::string> net_time_json(std::string_view text, const std::string& where, Diagnostics& diags,
                                  std::optional<Language> expected) {
  auto parsed = parse_net_time(text, where, diags, expected);
  if (!parsed) return std::move(parsed).error();
  JsonOut j;
  j.begin_object();
  j.field("language", std::string(language_name(parsed->language)));
  j.field("server", parsed->server).field("time_text", parsed->time_text);
  j.field("time_iso", iso(parsed->time_text, "time_text", where, diags));
  j.field("local_zone", parsed->local_zone).field("local_time_text", parsed->local_time_text);
  j.field("local_time_iso", iso(parsed->local_time_text, "local_time_text", where, diags));
  j.field("completed", parsed->completed).field("error", parsed->error);
  j.field("system_error", parsed->system_error).field("helpmsg", parsed->helpmsg);
  j.end_object();
  return j.str();
}

Result<std::string> w32tm_tz_json(std::string_view text, const std::string& where, Diagnostics& diags,
                                  std::optional<Language> expected) {
  auto parsed = parse_w32tm_tz(text, where, diags, expected);
  if (!parsed) return std::move(parsed).error();
  JsonOut j;
  auto rule = [&j](std::string_view key, const W32tmTzRule& r) {
    j.key(key).begin_object();
    j.field("present", r.present).field("name", r.name).field("bias_minutes", r.bias_minutes);
    j.field("month", r.month).field("day", r.day).field("day_of_week", r.day_of_week);
    j.end_object();
  };
  j.begin_object();
  j.field("language", std::string(language_name(parsed->language)));
  j.field("current", parsed->current).field("bias_minutes", parsed->bias_minutes);
  rule("standard", parsed->standard);
  rule("daylight", parsed->daylight);
  j.end_object();
  return j.str();
}

Result<std::string> w32tm_monitor_json(std::string_view text, const std::string& where, Diagnostics& diags,
                                       std::optional<Language> expected) {
  auto parsed = parse_w32tm_monitor(text, where, diags, expected);
  if (!parsed) return std::move(parsed).error();
  JsonOut j;
  j.begin_object();
  j.field("language", std::string(language_name(parsed->language)));
  j.key("servers").begin_array();
  for (const auto& s : parsed->servers) {
    j.begin_object();
    j.field("name", s.name).field("is_pdc", s.is_pdc).field("address", s.address);
    j.field("address_error", s.address_error);
    j.field("icmp_delay_ms", s.icmp_delay_ms).field("icmp_error", s.icmp_error);
    j.field("ntp_offset_seconds", s.ntp_offset_seconds).field("ntp_offset_from", s.ntp_offset_from);
    j.field("ntp_error", s.ntp_error).field("ref_id", s.ref_id).field("ref_id_address", s.ref_id_address);
    j.field("stratum", s.stratum).field("line", s.line);
    j.end_object();
  }
  j.end_array();
  j.field("error", parsed->error);
  j.end_object();
  return j.str();
}

Result<std::string> w32tm_status_json(std::string_view text, const std::string& where, Diagnostics& diags,
                                      std::optional<Language> expected) {
  auto parsed = parse_w32tm_status(text, where, diags, expected);
  if (!parsed) return std::move(parsed).error();
  const W32tmStatus& s = *parsed;
  JsonOut j;
  j.begin_object();
  j.field("language", std::string(language_name(s.language)));
  j.field("leap_indicator", s.leap_indicator).field("leap_text", s.leap_text).field("stratum", s.stratum);
  j.field("precision", s.precision).field("root_delay_seconds", s.root_delay_seconds);
  j.field("root_dispersion_seconds", s.root_dispersion_seconds);
  j.field("reference_id", s.reference_id).field("reference", s.reference);
  j.field("last_sync_text", s.last_sync_text);
  j.field("last_sync_iso", iso(s.last_sync_text, "last_sync_text", where, diags));
  j.field("source", s.source).field("poll_interval", s.poll_interval);
  j.field("poll_interval_seconds", s.poll_interval_seconds).field("phase_offset_seconds", s.phase_offset_seconds);
  j.field("state_machine", s.state_machine).field("state_machine_text", s.state_machine_text);
  j.field("last_sync_error", s.last_sync_error).field("last_sync_error_text", s.last_sync_error_text);
  j.field("seconds_since_last_good_sync", s.seconds_since_last_good_sync);
  j.field("error", s.error).field("error_code", s.error_code);
  j.end_object();
  return j.str();
}

Result<std::string> vssadmin_writers_json(std::string_view text, const std::string& where, Diagnostics& diags) {
  auto parsed = parse_vssadmin_writers(text, where, diags);
  if (!parsed) return std::move(parsed).error();
  JsonOut j;
  j.begin_object();
  j.key("writers").begin_array();
  for (const auto& w : parsed->writers) {
    j.begin_object();
    j.field("name", w.name).field("writer_id", w.writer_id).field("instance_id", w.instance_id);
    j.field("state_code", w.state_code).field("state", w.state).field("last_error", w.last_error);
    j.field("no_error", w.no_error).field("line", w.line);
    j.end_object();
  }
  j.end_array();
  j.end_object();
  return j.str();
}

Result<std::string> windowsupdate_log_json(std::string_view text, const std::string& where, Diagnostics& diags) {
  auto parsed = parse_windowsupdate_log(text, where, diags);
  if (!parsed) return std::move(parsed).error();
  auto time = [](JsonOut& j, std::string_view key, const std::optional<WuLogTime>& t) {
    j.key(key);
    if (t) j.value(t->text);
    else j.null();
    j.key(std::string(key) + "_iso");
    if (t) j.value(t->iso);
    else j.null();
  };
  auto code = [](JsonOut& j, std::string_view key, std::uint32_t c) {
    const WuResultCode* known = wu_result_code(c);
    j.field(key, format_hresult(c));
    j.key(std::string(key) + "_name");
    if (known) j.value(known->name);
    else j.null();
  };
  JsonOut j;
  j.begin_object();
  time(j, "first", parsed->first);
  time(j, "last", parsed->last);
  j.field("lines", parsed->lines).field("unread_lines", parsed->unread_lines);
  j.field("agent_version", parsed->agent_version);
  j.field("searches_total", parsed->searches_total);
  j.key("searches").begin_array();
  for (const auto& s : parsed->searches) {
    j.begin_object();
    j.field("caller", s.caller);
    time(j, "started", s.started);
    time(j, "ended", s.ended);
    j.field("found", s.found).field("categories", s.categories).field("update_ids", s.update_ids);
    if (s.error) code(j, "error", *s.error);
    else j.key("error").null();
    j.field("outcome", s.outcome).field("line", s.line);
    j.end_object();
  }
  j.end_array();
  j.field("failures_total", parsed->failures_total);
  j.key("failures").begin_array();
  for (const auto& f : parsed->failures) {
    j.begin_object();
    time(j, "time", f.time);
    j.field("component", f.component);
    code(j, "code", f.code);
    j.field("text", f.text).field("line", f.line);
    j.end_object();
  }
  j.end_array();
  j.key("codes").begin_array();
  for (const auto& c : parsed->codes) {
    j.begin_object();
    code(j, "code", c.code);
    const WuResultCode* known = wu_result_code(c.code);
    j.key("meaning");
    if (known) j.value(known->meaning);
    else j.null();
    j.field("count", c.count);
    time(j, "first", c.first);
    time(j, "last", c.last);
    j.end_object();
  }
  j.end_array();
  j.field("other_code_failures", parsed->other_code_failures);
  j.end_object();
  return j.str();
}

// The Windows default short date and time formats of the locales `migready parse --locale NAME` knows. The
// order of day, month and year is what matters (one- and two-digit numbers are read alike); AM/PM only in en-US.
// Sources: en-US "M/d/yyyy" and "h:mm:ss tt" (3:51:24 PM), de-DE "dd.MM.yyyy" (10.04.2001), es-ES 24-hour
// (15:51:24), fr-FR 24-hour (15:51): Microsoft, .NET Framework 3.0 "Standard DateTime Format Strings Output
// Examples" (learn.microsoft.com/en-us/previous-versions/dotnet/netframework-3.0/hc4ky857(v=vs.85)); fr-FR
// "dd/MM/yyyy", ja-JP "yyyy/MM/dd": .NET Framework 1.1 DateTimeFormatInfo.ShortDatePattern example
// (learn.microsoft.com/ja-jp/previous-versions/dotnet/netframework-1.1/151kkadx(v=vs.71)). Unsourced (no
// Microsoft page found): the rest of each row, and es-ES, it-IT, nl-NL, pt-BR and en-GB's short dates.
struct LocaleDefaults {
  std::string_view name, short_date, time_format, time_separator, am, pm;
};
constexpr LocaleDefaults kLocaleDefaults[] = {
    {"en-US", "M/d/yyyy", "h:mm:ss tt", ":", "AM", "PM"},
    {"en-GB", "dd/MM/yyyy", "HH:mm:ss", ":", "", ""},
    {"de-DE", "dd.MM.yyyy", "HH:mm:ss", ":", "", ""},
    {"fr-FR", "dd/MM/yyyy", "HH:mm:ss", ":", "", ""},
    {"es-ES", "dd/MM/yyyy", "H:mm:ss", ":", "", ""},
    {"it-IT", "dd/MM/yyyy", "H.mm.ss", ".", "", ""},
    {"nl-NL", "d-M-yyyy", "H:mm:ss", ":", "", ""},
    {"pt-BR", "dd/MM/yyyy", "HH:mm:ss", ":", "", ""},
    {"ja-JP", "yyyy/MM/dd", "H:mm:ss", ":", "", ""},
};

// One row per tool; `migready parse --help` lists them in this order.
constexpr ParserEntry kParsers[] = {
    {"ipconfig", "ipconfig /all (en, de, fr, es, it, nl, pt, ja)", header_language<ipconfig_json>, false,
     ipconfig_json},
    {"systeminfo", "systeminfo (en, de, fr, es, pt, ja)", header_language<systeminfo_json>, false, systeminfo_json},
    {"wmic_qfe", "wmic qfe: list full, the default table, list brief, get columns", wmic_qfe_json},
    {"net_time", "net time (en, fr)", header_language<net_time_json>, false, net_time_json},
    {"w32tm_tz", "w32tm /tz", header_language<w32tm_tz_json>, false, w32tm_tz_json},
    {"w32tm_monitor", "w32tm /monitor", header_language<w32tm_monitor_json>, false, w32tm_monitor_json},
    {"w32tm_status", "w32tm /query /status [/verbose] (Vista/2008 and later; en, de, fr, ja)",
     header_language<w32tm_status_json>, false, w32tm_status_json},
    {"dcdiag", "dcdiag /v", header_language<dcdiag_json>, false, dcdiag_json},
    {"netdiag", "netdiag /v", header_language<netdiag_json>, false, netdiag_json},
    {"repadmin_showrepl", "repadmin /showrepl", header_language<repadmin_showrepl_json>, false, repadmin_showrepl_json},
    {"repadmin_replsummary", "repadmin /replsummary", header_language<repadmin_replsummary_json>, false,
     repadmin_replsummary_json},
    {"ntbackup_log", "NTBackup report log (backupNN.log)", header_language<ntbackup_log_json>, false,
     ntbackup_log_json},
    {"evt", "binary event log (.evt, NT 5.x); the raw file is passed, not decoded text", evt_json, true},
    {"netsh_dhcp", "netsh dhcp server dump", netsh_dhcp_json},
    {"vssadmin_writers", "vssadmin list writers", vssadmin_writers_json},
    {"windowsupdate_log", "%windir%\\WindowsUpdate.log (Windows Update Agent 5.x-7.x)", windowsupdate_log_json},
};

}  // namespace

std::span<const ParserEntry> parser_table() { return kParsers; }

Result<std::string> run_parser(const ParserEntry& entry, std::string_view text, const std::string& where,
                               const ParseOptions& options, Diagnostics& diags) {
  RunState state{&options, {}};
  t_run = &state;
  auto json = options.lang && entry.parse_localized_to_json != nullptr
                  ? entry.parse_localized_to_json(text, where, diags, options.lang)
                  : entry.parse_to_json(text, where, diags);
  t_run = nullptr;
  for (const auto& [field, more] : state.unread) {
    if (more > 0) diags.warn(Errc::format, std::to_string(more) + " more " + field + " texts have no ISO value", where);
  }
  return json;
}

std::optional<contract::DateTimeConventions> conventions_for_locale(std::string_view value) {
  for (const auto& l : kLocaleDefaults) {
    if (contract::equals_ci(value, l.name)) {
      contract::DateTimeConventions c;
      c.short_date = l.short_date;
      c.time_format = l.time_format;
      c.time_separator = l.time_separator;
      c.am = l.am;
      c.pm = l.pm;
      return c;
    }
  }
  // A picture: at least a day, a month and a year, nothing but pictures and separators.
  const bool pictures = value.find('d') != std::string_view::npos && value.find('M') != std::string_view::npos &&
                        value.find('y') != std::string_view::npos;
  if (!pictures || value.size() > 79) return std::nullopt;
  for (const char ch : value) {
    const bool ok = ch == 'd' || ch == 'M' || ch == 'y' || ch == '/' || ch == '.' || ch == '-' || ch == ' ';
    if (!ok) return std::nullopt;
  }
  contract::DateTimeConventions c;
  c.short_date = std::string(value);
  return c;
}

const ParserEntry* find_parser(std::string_view tool) {
  for (const auto& entry : kParsers) {
    if (entry.tool == tool) return &entry;
  }
  return nullptr;
}

}  // namespace migready::parsers

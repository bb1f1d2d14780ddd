#include "core/time_state.hpp"

#include "contract/api/documents.hpp"
#include "core/json_writer.hpp"

namespace migready::collector {
namespace {

void write_rule(JsonWriter& w, const TransitionRule& r) {
  w.begin_object();
  w.key("year").value(r.year);
  w.key("month").value(r.month);
  w.key("day_of_week").value(r.day_of_week);
  w.key("day").value(r.day);
  w.key("hour").value(r.hour);
  w.key("minute").value(r.minute);
  w.key("second").value(r.second);
  w.end_object();
}

void optional_value(JsonWriter& w, const std::optional<std::string>& v) {
  if (v) {
    w.value(*v);
  } else {
    w.null();
  }
}

}  // namespace

SntpTarget choose_sntp_target(const std::optional<sntp::HostPort>& option,
                              const std::optional<std::string>& w32time_ntp_server) {
  if (option) return {option->host, option->port, "option"};
  if (w32time_ntp_server) {
    if (auto first = sntp::first_ntp_server(*w32time_ntp_server)) return {*first, sntp::kDefaultPort, "w32time"};
  }
  return {"time.windows.com", sntp::kDefaultPort, "default"};
}

std::string time_state_json(const TimeState& s) {
  JsonWriter w;
  w.begin_object();
  w.key("schema").value(contract::find_api_document("api.time")->schema);
  w.key("clock").begin_object();
  w.key("utc").value(format_utc(s.utc));
  w.key("local").value(format_local(s.local));
  w.end_object();

  w.key("time_zone").begin_object();
  w.key("bias_minutes").value(static_cast<std::int64_t>(s.zone.bias_minutes));
  w.key("standard_name").value(s.zone.standard_name);
  w.key("standard_bias_minutes").value(static_cast<std::int64_t>(s.zone.standard_bias_minutes));
  w.key("standard_start");
  write_rule(w, s.standard_start);
  w.key("daylight_name").value(s.zone.daylight_name);
  w.key("daylight_bias_minutes").value(static_cast<std::int64_t>(s.zone.daylight_bias_minutes));
  w.key("daylight_start");
  write_rule(w, s.daylight_start);
  w.key("state").value(time_zone_state_name(s.zone.state));
  w.end_object();

  w.key("w32time").begin_object();
  w.key("type");
  optional_value(w, s.w32time_type);
  w.key("ntp_server");
  optional_value(w, s.w32time_ntp_server);
  w.key("error");
  optional_value(w, s.w32time_error);
  w.end_object();

  w.key("sntp").begin_object();
  w.key("host").value(s.sntp_host);
  w.key("port").value(static_cast<unsigned>(s.sntp_port));
  w.key("chosen_by").value(s.sntp_chosen_by);
  w.key("requests_sent").value(s.sntp_requests_sent);
  w.key("elapsed_ms").value(s.sntp_elapsed_ms);
  const bool measured = s.sntp && s.sntp->sample;
  w.key("measured").value(measured);
  if (measured) {
    const sntp::SntpSample& m = *s.sntp->sample;
    // Microseconds; offset > 0 means this server's clock is behind the time server.
    w.key("offset_us").value(m.offset_us);
    w.key("delay_us").value(m.delay_us);
    w.key("stratum").value(m.stratum);
    w.key("leap").value(m.leap);
    w.key("version").value(m.version);
    w.key("reference_id").value(m.reference_id);
    w.key("root_delay_us").value(m.root_delay_us);
    w.key("root_dispersion_us").value(m.root_dispersion_us);
    w.key("server_transmit_utc").value(format_utc(m.server_transmit_utc));
    w.key("error").null();
  } else {
    w.key("error").value(s.sntp ? s.sntp->error : std::string("not queried"));
    if (s.sntp && !s.sntp->kiss_code.empty()) w.key("kiss_code").value(s.sntp->kiss_code);
  }
  w.end_object();
  w.end_object();
  return w.str();
}

}  // namespace migready::collector

#include "core/replication.hpp"

#include "contract/api/documents.hpp"
#include "core/directory.hpp"
#include "core/json_writer.hpp"
#include "core/sntp.hpp"
#include "core/time_format.hpp"

namespace migready::collector::replication {
namespace {

constexpr std::uint32_t kErrorAccessDenied = 5;

// DS_REPL_NBR_* of ntdsapi.h, in bit order.
constexpr struct {
  std::uint32_t bit;
  const char* name;
} kNeighborFlags[] = {
    {0x00000010, "WRITEABLE"},
    {0x00000020, "SYNC_ON_STARTUP"},
    {0x00000040, "DO_SCHEDULED_SYNCS"},
    {0x00000080, "USE_ASYNC_INTERSITE_TRANSPORT"},
    {0x00000200, "TWO_WAY_SYNC"},
    {0x00000800, "RETURN_OBJECT_PARENTS"},
    {0x00010000, "FULL_SYNC_IN_PROGRESS"},
    {0x00020000, "FULL_SYNC_NEXT_PACKET"},
    {0x00200000, "NEVER_SYNCED"},
    {0x01000000, "PREEMPTED"},
    {0x04000000, "IGNORE_CHANGE_NOTIFICATIONS"},
    {0x08000000, "DISABLE_SCHEDULED_SYNC"},
    {0x10000000, "COMPRESS_CHANGES"},
    {0x20000000, "NO_CHANGE_NOTIFICATIONS"},
    {0x40000000, "PARTIAL_ATTRIBUTE_SET"},
};

std::string hex(std::uint64_t value, int digits) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out(static_cast<std::size_t>(digits), '0');
  for (int i = digits - 1; i >= 0; --i, value >>= 4) out[static_cast<std::size_t>(i)] = kDigits[value & 0xF];
  return out;
}

std::string cut(std::string_view text) {
  return directory::cut_utf8(text, kMaxStringBytes);
}

void text_or_null(JsonWriter& w, const std::optional<std::string>& text) {
  if (text) {
    w.value(cut(*text));
  } else {
    w.null();
  }
}

void time_or_null(JsonWriter& w, std::uint64_t filetime) {
  w.value_or_null(filetime_utc(filetime));
}

bool failed(const CallState& s) {
  return s.attempted && s.code.has_value();
}

// A part's status: not_attempted, failed / denied (with its code), truncated, ok.
template <typename T>
std::string_view part_status(const Part<T>& part) {
  if (!part.state.attempted) return "not_attempted";
  if (part.state.code) return *part.state.code == kErrorAccessDenied ? "denied" : "failed";
  return part.items.size() > kMaxItems ? "truncated" : "ok";
}

void write_state(JsonWriter& w, std::string_view status, const CallState& s) {
  w.key("status").value(status);
  w.key("code");
  if (failed(s)) {
    w.value(static_cast<std::uint64_t>(*s.code));
  } else {
    w.null();
  }
  w.key("error");
  if (failed(s)) {
    w.value(s.error);
  } else {
    w.null();
  }
}

void write_neighbor(JsonWriter& w, const Neighbor& n) {
  w.begin_object();
  w.key("naming_context").value(cut(n.naming_context));
  w.key("naming_context_guid").value(format_guid(n.naming_context_guid));
  w.key("source_dsa_dn");
  text_or_null(w, n.source_dsa_dn);
  w.key("source_dsa_guid").value(format_guid(n.source_dsa_guid));
  w.key("source_dsa_invocation_id").value(format_guid(n.source_dsa_invocation_id));
  w.key("source_dsa_address");
  text_or_null(w, n.source_dsa_address);
  w.key("transport_dn");
  text_or_null(w, n.transport_dn);
  w.key("transport_guid").value(format_guid(n.transport_guid));
  w.key("replica_flags").value(static_cast<std::uint64_t>(n.replica_flags));
  w.key("flags").begin_array();
  for (const auto& name : neighbor_flag_names(n.replica_flags)) w.value(name);
  w.end_array();
  w.key("usn_last_object_change_synced").value(n.usn_last_object_change_synced);
  w.key("usn_attribute_filter").value(n.usn_attribute_filter);
  w.key("last_attempt_utc");
  time_or_null(w, n.last_attempt);
  w.key("last_success_utc");
  time_or_null(w, n.last_success);
  w.key("last_result").value(static_cast<std::uint64_t>(n.last_result));
  w.key("last_result_message");
  text_or_null(w, n.last_result == 0 ? std::nullopt : n.last_result_message);
  w.key("consecutive_failures").value(static_cast<std::uint64_t>(n.consecutive_failures));
  w.end_object();
}

void write_failure(JsonWriter& w, const KccFailure& f) {
  w.begin_object();
  w.key("dsa_dn");
  text_or_null(w, f.dsa_dn);
  w.key("dsa_guid").value(format_guid(f.dsa_guid));
  w.key("first_failure_utc");
  time_or_null(w, f.first_failure);
  w.key("failure_count").value(static_cast<std::uint64_t>(f.failure_count));
  w.key("last_result").value(static_cast<std::uint64_t>(f.last_result));
  w.key("last_result_message");
  text_or_null(w, f.last_result == 0 ? std::nullopt : f.last_result_message);
  w.end_object();
}

template <typename T, typename Write>
void write_part(JsonWriter& w, std::string_view key, const Part<T>& part, Write write) {
  w.key(key).begin_object();
  write_state(w, part_status(part), part.state);
  w.key("items").begin_array();
  for (std::size_t i = 0; i < part.items.size() && i < kMaxItems; ++i) write(w, part.items[i]);
  w.end_array();
  w.end_object();
}

}  // namespace

std::string format_guid(const Guid& g) {
  std::string out = hex(g.data1, 8) + "-" + hex(g.data2, 4) + "-" + hex(g.data3, 4) + "-";
  for (std::size_t i = 0; i < 8; ++i) {
    if (i == 2) out += '-';
    out += hex(g.data4[i], 2);
  }
  return out;
}

std::optional<std::string> filetime_utc(std::uint64_t filetime) {
  if (filetime == 0) return std::nullopt;
  return format_utc(sntp::civil_from_filetime(filetime));
}

std::vector<std::string> neighbor_flag_names(std::uint32_t flags) {
  std::vector<std::string> names;
  std::uint32_t known = 0;
  for (const auto& f : kNeighborFlags) {
    known |= f.bit;
    if ((flags & f.bit) != 0) names.emplace_back(f.name);
  }
  for (std::uint32_t bit = 1; bit != 0; bit <<= 1) {
    if ((flags & bit) != 0 && (known & bit) == 0) names.push_back("0x" + hex(bit, 8));
  }
  return names;
}

std::string_view overall_status(const ReplicationReading& r) {
  if (!r.domain_controller) return "not_a_domain_controller";
  const CallState* states[] = {&r.bind, &r.neighbors.state, &r.connect_failures.state, &r.link_failures.state};
  bool any_failed = !r.bind.attempted;
  bool denied = false;
  for (const CallState* s : states) {
    if (!failed(*s)) continue;
    any_failed = true;
    denied = denied || *s->code == kErrorAccessDenied;
  }
  if (!any_failed) return "ok";
  return denied ? "denied" : "failed";
}

std::string replication_json(const ReplicationReading& r) {
  const std::string_view status = overall_status(r);
  std::string error;
  auto name_failure = [&error](std::string_view part, const CallState& s) {
    if (!failed(s)) return;
    error += (error.empty() ? "" : "; ") + std::string(part) + ": " + s.error;
  };
  name_failure("bind", r.bind);
  name_failure("neighbors", r.neighbors.state);
  name_failure("kcc_connect_failures", r.connect_failures.state);
  name_failure("kcc_link_failures", r.link_failures.state);
  if (r.domain_controller && !r.bind.attempted && error.empty()) error = "bind: not attempted";
  const bool truncated = r.neighbors.items.size() > kMaxItems || r.connect_failures.items.size() > kMaxItems ||
                         r.link_failures.items.size() > kMaxItems;

  JsonWriter w;
  w.begin_object();
  w.key("schema").value(contract::find_api_document("api.replication")->schema);
  w.key("status").value(status);
  w.key("complete").value(status == "ok" && !truncated);
  w.key("error");
  if (status == "ok" || status == "not_a_domain_controller") {
    w.null();
  } else {
    w.value(error);
  }
  w.key("limits").begin_object();
  w.key("max_items").value(static_cast<std::uint64_t>(kMaxItems));
  w.key("max_string_bytes").value(static_cast<std::uint64_t>(kMaxStringBytes));
  w.end_object();
  w.key("server");
  text_or_null(w, r.server);
  w.key("bind").begin_object();
  write_state(w,
              !r.bind.attempted ? "not_attempted"
              : failed(r.bind)  ? (*r.bind.code == kErrorAccessDenied ? "denied" : "failed")
                                : "ok",
              r.bind);
  w.end_object();
  write_part(w, "neighbors", r.neighbors, write_neighbor);
  write_part(w, "kcc_connect_failures", r.connect_failures, write_failure);
  write_part(w, "kcc_link_failures", r.link_failures, write_failure);
  w.end_object();
  return w.str();
}

}  // namespace migready::collector::replication

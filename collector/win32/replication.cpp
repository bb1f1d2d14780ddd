#include "win32/replication.hpp"

#include <windows.h>
// ntdsapi.h needs windows.h's types first.
#include <ntdsapi.h>

#include "core/replication.hpp"
#include "win32/system_info.hpp"
#include "win32/wide.hpp"

namespace migready::collector::win32 {
namespace {

namespace r = replication;

r::Guid guid(const UUID& u) {
  r::Guid g;
  g.data1 = u.Data1;
  g.data2 = u.Data2;
  g.data3 = u.Data3;
  for (std::size_t i = 0; i < 8; ++i) g.data4[i] = u.Data4[i];
  return g;
}

std::uint64_t ticks(const FILETIME& t) {
  return (static_cast<std::uint64_t>(t.dwHighDateTime) << 32) | t.dwLowDateTime;
}

std::optional<std::string> text(const wchar_t* s) {
  if (s == nullptr) return std::nullopt;
  return to_utf8(s);
}

// FormatMessageW's text of a Win32 error, without error_text's "(Win32 error N)" suffix: the document carries
// the code beside it. Empty for 0 and for a code the system has no message for.
std::optional<std::string> message(DWORD code) {
  if (code == 0) return std::nullopt;
  wchar_t buffer[512];
  const DWORD n = FormatMessageW(FORMAT_MESSAGE_FROM_SYSTEM | FORMAT_MESSAGE_IGNORE_INSERTS, nullptr, code, 0, buffer,
                                 static_cast<DWORD>(sizeof buffer / sizeof buffer[0]), nullptr);
  std::wstring_view t(buffer, n);
  while (!t.empty() && (t.back() == L'\r' || t.back() == L'\n' || t.back() == L' ')) t.remove_suffix(1);
  if (t.empty()) return std::nullopt;
  return to_utf8(t);
}

r::CallState call_state(const char* call, DWORD rc) {
  r::CallState s;
  s.attempted = true;
  if (rc != ERROR_SUCCESS) {
    s.code = rc;
    s.error = std::string(call) + ": " + error_text(rc);
  }
  return s;
}

void read_neighbors(HANDLE ds, r::Part<r::Neighbor>& part) {
  void* info = nullptr;
  const DWORD rc = DsReplicaGetInfoW(ds, DS_REPL_INFO_NEIGHBORS, nullptr, nullptr, &info);
  part.state = call_state("DsReplicaGetInfoW(DS_REPL_INFO_NEIGHBORS)", rc);
  if (rc != ERROR_SUCCESS || info == nullptr) return;
  const auto* list = static_cast<const DS_REPL_NEIGHBORSW*>(info);
  // One more than the cap, so the core marks the list truncated.
  for (DWORD i = 0; i < list->cNumNeighbors && i <= r::kMaxItems; ++i) {
    const DS_REPL_NEIGHBORW& e = list->rgNeighbor[i];
    r::Neighbor n;
    n.naming_context = text(e.pszNamingContext).value_or("");
    n.naming_context_guid = guid(e.uuidNamingContextObjGuid);
    n.source_dsa_dn = text(e.pszSourceDsaDN);
    n.source_dsa_guid = guid(e.uuidSourceDsaObjGuid);
    n.source_dsa_invocation_id = guid(e.uuidSourceDsaInvocationID);
    n.source_dsa_address = text(e.pszSourceDsaAddress);
    n.transport_dn = text(e.pszAsyncIntersiteTransportDN);
    n.transport_guid = guid(e.uuidAsyncIntersiteTransportObjGuid);
    n.replica_flags = e.dwReplicaFlags;
    n.usn_last_object_change_synced = e.usnLastObjChangeSynced;
    n.usn_attribute_filter = e.usnAttributeFilter;
    n.last_success = ticks(e.ftimeLastSyncSuccess);
    n.last_attempt = ticks(e.ftimeLastSyncAttempt);
    n.last_result = e.dwLastSyncResult;
    n.last_result_message = message(e.dwLastSyncResult);
    n.consecutive_failures = e.cNumConsecutiveSyncFailures;
    part.items.push_back(std::move(n));
  }
  DsReplicaFreeInfo(DS_REPL_INFO_NEIGHBORS, info);
}

void read_failures(HANDLE ds, DS_REPL_INFO_TYPE type, const char* call, r::Part<r::KccFailure>& part) {
  void* info = nullptr;
  const DWORD rc = DsReplicaGetInfoW(ds, type, nullptr, nullptr, &info);
  part.state = call_state(call, rc);
  if (rc != ERROR_SUCCESS || info == nullptr) return;
  const auto* list = static_cast<const DS_REPL_KCC_DSA_FAILURESW*>(info);
  for (DWORD i = 0; i < list->cNumEntries && i <= r::kMaxItems; ++i) {
    const DS_REPL_KCC_DSA_FAILUREW& e = list->rgDsaFailure[i];
    r::KccFailure f;
    f.dsa_dn = text(e.pszDsaDN);
    f.dsa_guid = guid(e.uuidDsaObjGuid);
    f.first_failure = ticks(e.ftimeFirstFailure);
    f.failure_count = e.cNumFailures;
    f.last_result = e.dwLastResult;
    f.last_result_message = message(e.dwLastResult);
    part.items.push_back(std::move(f));
  }
  DsReplicaFreeInfo(type, info);
}

}  // namespace

ApiOutput collect_replication(const Options&) {
  ApiOutput out;
  r::ReplicationReading reading;
  const HostInfo host = query_host();
  reading.domain_controller = host.os.product_type == VER_NT_DOMAIN_CONTROLLER;
  if (reading.domain_controller) {
    // This server by its NetBIOS name, never the locator's choice: another DC's neighbors are not this one's.
    // A local RPC: it answers at once or fails at once, so no timeout is needed.
    reading.server = host.computer_name;
    const std::wstring name = to_wide(host.computer_name);
    HANDLE ds = nullptr;
    const DWORD rc = DsBindW(name.c_str(), nullptr, &ds);
    reading.bind = call_state("DsBindW", rc);
    if (rc == ERROR_SUCCESS) {
      read_neighbors(ds, reading.neighbors);
      read_failures(ds, DS_REPL_INFO_KCC_DSA_CONNECT_FAILURES,
                    "DsReplicaGetInfoW(DS_REPL_INFO_KCC_DSA_CONNECT_FAILURES)", reading.connect_failures);
      read_failures(ds, DS_REPL_INFO_KCC_DSA_LINK_FAILURES, "DsReplicaGetInfoW(DS_REPL_INFO_KCC_DSA_LINK_FAILURES)",
                    reading.link_failures);
      DsUnBindW(&ds);
    }
  }
  const std::string_view status = r::overall_status(reading);
  out.json = r::replication_json(reading);
  if (status == "ok" || status == "not_a_domain_controller") {
    out.status = Status::ok;
    return out;
  }
  // The first failed call names the artifact's status and exit code; the document names every one.
  for (const r::CallState* s :
       {&reading.bind, &reading.neighbors.state, &reading.connect_failures.state, &reading.link_failures.state}) {
    if (!s->code) continue;
    out.status = *s->code == ERROR_ACCESS_DENIED ? Status::denied : Status::failed;
    out.exit_code = static_cast<std::int64_t>(*s->code);
    out.error = s->error;
    break;
  }
  return out;
}

}  // namespace migready::collector::win32

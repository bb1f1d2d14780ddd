// The replication artifact (api.replication): what this domain controller's directory replication interface
// reports through DsReplicaGetInfoW (the inbound neighbors of every naming context and the KCC's connection
// and link failures), as one JSON document (schema "migready-api-replication/1", fields in
// docs/bundle-format.md, "api.replication"). Portable: the Win32 layer (win32/replication.cpp) copies each
// DS_REPL_* structure field by field into the types below, this file shapes, caps and names them, so the
// document's layout is unit-tested natively.
//
// | cap              | value | what                                                                  |
// |------------------|-------|-----------------------------------------------------------------------|
// | kMaxItems        | 1000  | entries per list (neighbors, each KCC failure list); more: truncated   |
// | kMaxStringBytes  | 4096  | bytes per string (DNs, addresses, messages), cut on a UTF-8 boundary  |
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace migready::collector::replication {

inline constexpr std::size_t kMaxItems = 1000;
inline constexpr std::size_t kMaxStringBytes = 4096;

// A UUID as Windows lays it out (Data1, Data2, Data3 little-endian in memory, Data4 as bytes), copied field
// by field; written as repadmin prints a GUID: "0f6d2c51-8a3e-4b7d-9c21-5e4f3a2b1c0d".
struct Guid {
  std::uint32_t data1 = 0;
  std::uint16_t data2 = 0;
  std::uint16_t data3 = 0;
  std::array<std::uint8_t, 8> data4{};
};
std::string format_guid(const Guid& guid);

// FILETIME ticks (100 ns since 1601-01-01 UTC) as "YYYY-MM-DDThh:mm:ss.mmmZ"; null for 0, which
// DsReplicaGetInfoW gives for "never".
std::optional<std::string> filetime_utc(std::uint64_t filetime);

// The names of DS_REPL_NBR_* bits (ntdsapi.h), the words repadmin /showrepl prints for a neighbor's options;
// a bit without a name as "0x00000004".
std::vector<std::string> neighbor_flag_names(std::uint32_t flags);

// DS_REPL_NEIGHBORW.
struct Neighbor {
  std::string naming_context;
  Guid naming_context_guid;
  std::optional<std::string> source_dsa_dn;
  Guid source_dsa_guid;
  Guid source_dsa_invocation_id;
  std::optional<std::string> source_dsa_address;
  std::optional<std::string> transport_dn;  // null: RPC (same site)
  Guid transport_guid;
  std::uint32_t replica_flags = 0;
  std::int64_t usn_last_object_change_synced = 0;
  std::int64_t usn_attribute_filter = 0;
  std::uint64_t last_success = 0;  // FILETIME ticks, 0 = never
  std::uint64_t last_attempt = 0;
  std::uint32_t last_result = 0;                   // Win32 error
  std::optional<std::string> last_result_message;  // FormatMessageW, filled by the Win32 layer
  std::uint32_t consecutive_failures = 0;
};

// DS_REPL_KCC_DSA_FAILUREW.
struct KccFailure {
  std::optional<std::string> dsa_dn;
  Guid dsa_guid;
  std::uint64_t first_failure = 0;  // FILETIME ticks
  std::uint32_t failure_count = 0;
  std::uint32_t last_result = 0;
  std::optional<std::string> last_result_message;
};

// One call's outcome. `attempted` false: an earlier step failed, or this is no domain controller.
struct CallState {
  bool attempted = false;
  std::optional<std::uint32_t> code;  // the Win32 error when the call failed; empty when it succeeded
  std::string error;                  // "DsBindW: <text> (Win32 error 1722)" when it failed
};

template <typename T>
struct Part {
  CallState state;
  std::vector<T> items;  // the Win32 layer may pass more than kMaxItems; the writer keeps kMaxItems, truncated
};

struct ReplicationReading {
  bool domain_controller = false;     // GetVersionExW's wProductType == VER_NT_DOMAIN_CONTROLLER
  std::optional<std::string> server;  // the name bound to
  CallState bind;
  Part<Neighbor> neighbors;
  Part<KccFailure> connect_failures;
  Part<KccFailure> link_failures;
};

// The document's overall status: "not_a_domain_controller", "ok", "denied" (a call refused access, 5) or
// "failed"; the collector's artifact status follows it (ok for the first two).
std::string_view overall_status(const ReplicationReading& reading);

std::string replication_json(const ReplicationReading& reading);

}  // namespace migready::collector::replication

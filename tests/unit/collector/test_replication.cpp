#include <catch2/catch.hpp>

#include <rapidjson/document.h>

#include "core/replication.hpp"
#include "support/api_documents.hpp"

using namespace migready::collector::replication;

namespace {

rapidjson::Document parsed(const std::string& json) {
  rapidjson::Document d;
  d.Parse(json.c_str());
  REQUIRE(!d.HasParseError());
  return d;
}

// SBS01's neighbor OLDSRV in its domain NC, as samples/sbs2003-unprepared's repadmin /showrepl prints it.
Neighbor oldsrv() {
  Neighbor n;
  n.naming_context = "DC=contoso,DC=local";
  n.source_dsa_dn =
      "CN=NTDS Settings,CN=OLDSRV,CN=Servers,CN=Default-First-Site-Name,CN=Sites,CN=Configuration,DC=contoso,DC=local";
  n.source_dsa_guid = {0x5a8e1f3c, 0x2d4b, 0x4c6a, {0x9e, 0x7f, 0x1b, 0x2c, 0x3d, 0x4e, 0x5f, 0x60}};
  n.source_dsa_address = "5a8e1f3c-2d4b-4c6a-9e7f-1b2c3d4e5f60._msdcs.contoso.local";
  n.replica_flags = 0x10 | 0x20 | 0x40 | 0x4;  // WRITEABLE, SYNC_ON_STARTUP, DO_SCHEDULED_SYNCS, an unnamed bit
  n.last_success = 134312131300000000ull;      // 2026-08-14T20:32:10Z
  n.last_attempt = 134400888010000000ull;      // 2026-11-25T14:00:01Z
  n.last_result = 1722;
  n.last_result_message = "The RPC server is unavailable.";
  n.consecutive_failures = 2470;
  return n;
}

ReplicationReading bound_dc() {
  ReplicationReading r;
  r.domain_controller = true;
  r.server = "SBS01";
  r.bind.attempted = true;
  r.neighbors.state.attempted = true;
  r.connect_failures.state.attempted = true;
  r.link_failures.state.attempted = true;
  return r;
}

}  // namespace

TEST_CASE("replication: GUIDs, times and flags as repadmin shows them", "[collector][replication]") {
  CHECK(format_guid({0x0f6d2c51, 0x8a3e, 0x4b7d, {0x9c, 0x21, 0x5e, 0x4f, 0x3a, 0x2b, 0x1c, 0x0d}}) ==
        "0f6d2c51-8a3e-4b7d-9c21-5e4f3a2b1c0d");
  CHECK(format_guid({}) == "00000000-0000-0000-0000-000000000000");
  CHECK(filetime_utc(0) == std::nullopt);  // never
  CHECK(filetime_utc(134312131300000000ull) == "2026-08-14T20:32:10.000Z");
  CHECK(filetime_utc(1) == "1601-01-01T00:00:00.000Z");
  CHECK(neighbor_flag_names(0).empty());
  CHECK(neighbor_flag_names(0x70) == std::vector<std::string>{"WRITEABLE", "SYNC_ON_STARTUP", "DO_SCHEDULED_SYNCS"});
  CHECK(neighbor_flag_names(0x80000004u) == std::vector<std::string>{"0x00000004", "0x80000000"});
}

TEST_CASE("replication: a domain controller's neighbors and KCC failures", "[collector][replication]") {
  ReplicationReading r = bound_dc();
  r.neighbors.items.push_back(oldsrv());
  KccFailure f;
  f.dsa_dn = oldsrv().source_dsa_dn;
  f.first_failure = 134312131300000000ull;
  f.failure_count = 2470;
  f.last_result = 1722;
  f.last_result_message = "The RPC server is unavailable.";
  r.link_failures.items.push_back(f);

  const std::string json = replication_json(r);
  CHECK(migready::test::api_document_problem(json) == "");
  const auto d = parsed(json);
  CHECK(std::string(d["status"].GetString()) == "ok");
  CHECK(d["complete"].GetBool());
  CHECK(d["error"].IsNull());
  CHECK(std::string(d["server"].GetString()) == "SBS01");
  CHECK(std::string(d["bind"]["status"].GetString()) == "ok");
  const auto& n = d["neighbors"]["items"][0];
  CHECK(std::string(n["source_dsa_guid"].GetString()) == "5a8e1f3c-2d4b-4c6a-9e7f-1b2c3d4e5f60");
  CHECK(std::string(n["last_success_utc"].GetString()) == "2026-08-14T20:32:10.000Z");
  CHECK(std::string(n["last_attempt_utc"].GetString()) == "2026-11-25T14:00:01.000Z");
  CHECK(n["transport_dn"].IsNull());
  CHECK(n["last_result"].GetUint() == 1722);
  CHECK(n["consecutive_failures"].GetUint() == 2470);
  CHECK(n["flags"].Size() == 4);
  CHECK(d["kcc_connect_failures"]["items"].Size() == 0);
  CHECK(d["kcc_link_failures"]["items"][0]["failure_count"].GetUint() == 2470);

  SECTION("a neighbor that never replicated, whose last result is success") {
    Neighbor never = oldsrv();
    never.last_success = never.last_attempt = 0;
    never.last_result = 0;  // its message is not written
    never.consecutive_failures = 0;
    r.neighbors.items = {never};
    const auto e = parsed(replication_json(r));
    CHECK(e["neighbors"]["items"][0]["last_success_utc"].IsNull());
    CHECK(e["neighbors"]["items"][0]["last_attempt_utc"].IsNull());
    CHECK(e["neighbors"]["items"][0]["last_result_message"].IsNull());
  }
}

TEST_CASE("replication: what is not read says why", "[collector][replication]") {
  SECTION("no domain controller: nothing called") {
    ReplicationReading r;
    const std::string json = replication_json(r);
    CHECK(migready::test::api_document_problem(json) == "");
    const auto d = parsed(json);
    CHECK(std::string(d["status"].GetString()) == "not_a_domain_controller");
    CHECK_FALSE(d["complete"].GetBool());
    CHECK(d["error"].IsNull());
    CHECK(d["server"].IsNull());
    CHECK(std::string(d["bind"]["status"].GetString()) == "not_attempted");
    CHECK(std::string(d["neighbors"]["status"].GetString()) == "not_attempted");
  }
  SECTION("the bind fails (Wine: ERROR_CALL_NOT_IMPLEMENTED): no further call") {
    ReplicationReading r;
    r.domain_controller = true;
    r.server = "SBS01";
    r.bind = {true, 120, "DsBindW: This function is not supported on this system. (Win32 error 120)"};
    const std::string json = replication_json(r);
    CHECK(migready::test::api_document_problem(json) == "");
    const auto d = parsed(json);
    CHECK(std::string(d["status"].GetString()) == "failed");
    CHECK(std::string(d["error"].GetString()) ==
          "bind: DsBindW: This function is not supported on this system. (Win32 error 120)");
    CHECK(d["bind"]["code"].GetUint() == 120);
    CHECK(std::string(d["kcc_link_failures"]["status"].GetString()) == "not_attempted");
  }
  SECTION("one list refused, the others read") {
    ReplicationReading r = bound_dc();
    r.neighbors.items.push_back(oldsrv());
    r.connect_failures.state = {
        true, 5, "DsReplicaGetInfoW(DS_REPL_INFO_KCC_DSA_CONNECT_FAILURES): Access is denied. (Win32 error 5)"};
    const std::string json = replication_json(r);
    CHECK(migready::test::api_document_problem(json) == "");
    const auto d = parsed(json);
    CHECK(std::string(d["status"].GetString()) == "denied");
    CHECK(std::string(d["kcc_connect_failures"]["status"].GetString()) == "denied");
    CHECK(std::string(d["neighbors"]["status"].GetString()) == "ok");
    CHECK(d["neighbors"]["items"].Size() == 1);
  }
  SECTION("more neighbors than the cap: truncated, still ok") {
    ReplicationReading r = bound_dc();
    r.neighbors.items.assign(kMaxItems + 1, oldsrv());
    r.neighbors.items[0].naming_context = std::string(kMaxStringBytes + 10, 'x');
    const std::string json = replication_json(r);
    CHECK(migready::test::api_document_problem(json) == "");
    const auto d = parsed(json);
    CHECK(std::string(d["status"].GetString()) == "ok");
    CHECK_FALSE(d["complete"].GetBool());
    CHECK(std::string(d["neighbors"]["status"].GetString()) == "truncated");
    CHECK(d["neighbors"]["items"].Size() == kMaxItems);
    CHECK(d["neighbors"]["items"][0]["naming_context"].GetStringLength() == kMaxStringBytes);
  }
}

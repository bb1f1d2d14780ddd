// The replication facts of health.cpp (repadmin.failures, repadmin.partners): read from api.replication first,
// repadmin /showrepl's text being the evidence and the fallback.
#include "core/json.hpp"
#include "facts_test_util.hpp"

using namespace migready;
using namespace migready::test::facts_util;

namespace {

// The builder's manifest: started 2026-11-25T14:30:05Z, bias -60 (server time = UTC + 1 h).
const std::string kOldsrvDn =
    "CN=NTDS Settings,CN=OLDSRV,CN=Servers,CN=Default-First-Site-Name,CN=Sites,CN=Configuration,DC=contoso,DC=local";
const std::string kOldsrvGuid = "5a8e1f3c-2d4b-4c6a-9e7f-1b2c3d4e5f60";

std::string neighbor(const std::string& nc, const std::string& dn, const std::string& attempt,
                     const std::string& success, unsigned result, unsigned failures,
                     const std::string& transport_dn = "null", const std::string& guid = kOldsrvGuid) {
  auto time = [](const std::string& t) { return t == "null" ? t : "\"" + t + "\""; };
  return R"({"naming_context":")" + nc + R"(","naming_context_guid":"00000000-0000-0000-0000-000000000001",)" +
         R"("source_dsa_dn":)" + (dn == "null" ? dn : "\"" + dn + "\"") + R"(,"source_dsa_guid":")" + guid +
         R"(","source_dsa_invocation_id":")" + guid + R"(","source_dsa_address":null,"transport_dn":)" + transport_dn +
         R"(,"transport_guid":"00000000-0000-0000-0000-000000000000","replica_flags":112,)" +
         R"("flags":["WRITEABLE","SYNC_ON_STARTUP","DO_SCHEDULED_SYNCS"],"usn_last_object_change_synced":1,)" +
         R"("usn_attribute_filter":1,"last_attempt_utc":)" + time(attempt) + R"(,"last_success_utc":)" + time(success) +
         R"(,"last_result":)" + std::to_string(result) + R"(,"last_result_message":)" +
         (result ? "\"The RPC server is unavailable.\"" : "null") + R"(,"consecutive_failures":)" +
         std::to_string(failures) + "}";
}

std::string part(const std::string& status, const std::string& items = "", const std::string& code = "null",
                 const std::string& error = "null") {
  return R"({"status":")" + status + R"(","code":)" + code + R"(,"error":)" + error + R"(,"items":[)" + items + "]}";
}

std::string replication(const std::string& status, const std::string& error, const std::string& bind,
                        const std::string& neighbors, const std::string& server = "\"SBS01\"") {
  return R"({"schema":"migready-api-replication/1","status":")" + status + R"(","complete":)" +
         (status == "ok" ? "true" : "false") + R"(,"error":)" + error +
         R"(,"limits":{"max_items":1000,"max_string_bytes":4096},"server":)" + server + R"(,"bind":)" + bind +
         R"(,"neighbors":)" + neighbors + R"(,"kcc_connect_failures":)" +
         part(neighbors.find("not_attempted") != std::string::npos ? "not_attempted" : "ok") +
         R"(,"kcc_link_failures":)" +
         part(neighbors.find("not_attempted") != std::string::npos ? "not_attempted" : "ok") + "}";
}

const std::string kBound = R"({"status":"ok","code":null,"error":null})";

// samples/sbs2003-unprepared's dead DC in two contexts, as repadmin /showrepl prints it (server time).
const std::string kShowrepl =
    "Default-First-Site-Name\\SBS01\r\nDC Options: IS_GC \r\nSite Options: (none)\r\n"
    "DC object GUID: 0f6d2c51-8a3e-4b7d-9c21-5e4f3a2b1c0d\r\nDC invocationID: "
    "0f6d2c51-8a3e-4b7d-9c21-5e4f3a2b1c0d\r\n\r\n"
    "==== INBOUND NEIGHBORS ======================================\r\n\r\n"
    "DC=contoso,DC=local\r\n    Default-First-Site-Name\\OLDSRV via RPC\r\n"
    "        DC object GUID: 5a8e1f3c-2d4b-4c6a-9e7f-1b2c3d4e5f60\r\n"
    "        Last attempt @ 2026-11-25 15:00:01 failed, result 1722 (0x6ba):\r\n"
    "            The RPC server is unavailable.\r\n"
    "        2470 consecutive failure(s).\r\n"
    "        Last success @ 2026-08-14 21:32:10.\r\n\r\n"
    "CN=Configuration,DC=contoso,DC=local\r\n    Default-First-Site-Name\\OLDSRV via RPC\r\n"
    "        DC object GUID: 5a8e1f3c-2d4b-4c6a-9e7f-1b2c3d4e5f60\r\n"
    "        Last attempt @ 2026-11-25 15:00:01 failed, result 1722 (0x6ba):\r\n"
    "            The RPC server is unavailable.\r\n"
    "        2470 consecutive failure(s).\r\n"
    "        Last success @ 2026-08-14 21:32:10.\r\n";

// The same two neighbors as DsReplicaGetInfoW reports them (UTC).
const std::string kApiNeighbors =
    neighbor("DC=contoso,DC=local", kOldsrvDn, "2026-11-25T14:00:01.000Z", "2026-08-14T20:32:10.000Z", 1722, 2470) +
    "," +
    neighbor("CN=Configuration,DC=contoso,DC=local", kOldsrvDn, "2026-11-25T14:00:01.000Z", "2026-08-14T20:32:10.000Z",
             1722, 2470);

void add_showrepl(test::BundleBuilder& b, const std::string& text = kShowrepl) {
  add(b, "command.repadmin_showrepl", "commands/repadmin_showrepl.txt", "command", "text", text);
}
void add_replication(test::BundleBuilder& b, const std::string& doc) {
  add(b, "api.replication", "system/replication.json", "api", "json", doc);
}

std::string compact(const json::Value& v) {
  json::StringBuffer out;
  json::Writer<json::StringBuffer> w(out);
  v.Accept(w);
  return out.GetString();
}

// Every member of the partner except where it was read: the API's must equal the text's.
std::string without_line(const json::Value& partner) {
  json::Document copy;
  copy.CopyFrom(partner, copy.GetAllocator());
  copy.RemoveMember("line");
  return compact(copy);
}

// The warnings about the document (system/replication.json).
std::size_t document_warnings(const Diagnostics& diags) {
  std::size_t n = 0;
  for (const auto& d : diags.entries()) n += d.where.find("replication.json") != std::string::npos ? 1u : 0u;
  return n;
}

}  // namespace

TEST_CASE("replication facts: the API document agrees with repadmin's text, which becomes the evidence",
          "[facts][replication]") {
  test::BundleBuilder text_only;
  add_showrepl(text_only);
  const auto from_text = build(text_only);

  test::BundleBuilder both;
  add_showrepl(both);
  add_replication(both, replication("ok", "null", kBound, part("ok", kApiNeighbors)));
  Diagnostics diags;
  const auto from_api = build(both, diags);
  CHECK(document_warnings(diags) == 0);

  CHECK(source(from_text, "repadmin.partners") == "command.repadmin_showrepl");
  CHECK(source(from_api, "repadmin.partners") == "api.replication, command.repadmin_showrepl");
  const auto& text_partners = value(from_text, "repadmin.partners");
  const auto& api_partners = value(from_api, "repadmin.partners");
  REQUIRE(api_partners.Size() == 1);
  REQUIRE(text_partners.Size() == 1);
  CHECK(without_line(api_partners[0]) == without_line(text_partners[0]));
  CHECK(str(api_partners[0]["name"]) == "Default-First-Site-Name\\OLDSRV");
  CHECK(str(api_partners[0]["last_success"]) == "2026-08-14T21:32:10");  // UTC + 1 h, as repadmin printed it
  CHECK(str(api_partners[0]["last_success_text"]) == "2026-08-14 21:32:10");
  CHECK(api_partners[0]["days_since_success"].GetInt64() == 102);
  CHECK(str(api_partners[0]["result_message"]) == "The RPC server is unavailable.");
  // The evidence: repadmin's line for the first context.
  CHECK(api_partners[0]["line"] == text_partners[0]["line"]);
  CHECK(api_partners[0]["line"].GetInt() > 0);

  const auto& text_failures = value(from_text, "repadmin.failures");
  const auto& api_failures = value(from_api, "repadmin.failures");
  REQUIRE(api_failures.Size() == 2);
  REQUIRE(text_failures.Size() == 2);
  for (rapidjson::SizeType i = 0; i < 2; ++i) CHECK(compact(api_failures[i]) == compact(text_failures[i]));
  CHECK(value(from_api, "repadmin.ran").GetBool());
}

TEST_CASE("replication facts: the API document is preferred over repadmin's text", "[facts][replication]") {
  // repadmin's text (an older run) says OLDSRV fails; the API says the domain context replicated an hour ago,
  // over IP, from a second site: the facts are the API's.
  test::BundleBuilder b;
  add_showrepl(b);
  const std::string branch_dn =
      "CN=NTDS Settings,CN=OLDSRV,CN=Servers,CN=Branch,CN=Sites,CN=Configuration,DC=contoso,DC=local";
  add_replication(
      b,
      replication(
          "ok", "null", kBound,
          part("ok", neighbor("DC=contoso,DC=local", branch_dn, "2026-11-25T13:30:00.000Z", "2026-11-25T13:30:00.000Z",
                              0, 0, "\"CN=IP,CN=Inter-Site Transports,CN=Sites,CN=Configuration,DC=contoso,DC=local\"",
                              "6c1f0a2e-3b4d-4e5f-9a8b-7c6d5e4f3a2b"))));
  const auto f = build(b);
  const auto& partners = value(f, "repadmin.partners");
  REQUIRE(partners.Size() == 1);
  CHECK(str(partners[0]["name"]) == "Branch\\OLDSRV");
  CHECK(str(partners[0]["transport"]) == "IP");
  CHECK_FALSE(partners[0]["failing"].GetBool());
  CHECK(str(partners[0]["last_success"]) == "2026-11-25T14:30:00");
  CHECK(partners[0]["days_since_success"].GetInt64() == 0);
  CHECK(partners[0]["line"].GetInt() == 0);  // repadmin printed no entry for Branch\OLDSRV or its GUID
  CHECK(value(f, "repadmin.failures").Empty());
}

TEST_CASE("replication facts: repadmin's text when the API document cannot be used", "[facts][replication]") {
  SECTION("the bind failed: the text's facts") {
    test::BundleBuilder b;
    add_showrepl(b);
    add_replication(
        b,
        replication(
            "failed", "\"bind: DsBindW: The RPC server is unavailable. (Win32 error 1722)\"",
            R"j({"status":"failed","code":1722,"error":"DsBindW: The RPC server is unavailable. (Win32 error 1722)"})j",
            part("not_attempted")));
    const auto f = build(b);
    CHECK(source(f, "repadmin.partners") == "command.repadmin_showrepl");
    CHECK(value(f, "repadmin.partners")[0]["consecutive_failures"].GetInt() == 2470);
  }
  SECTION("a document that breaks its schema: refused with a warning, the text's facts") {
    test::BundleBuilder b;
    add_showrepl(b);
    add_replication(b, R"({"schema":"migready-api-replication/1","status":"ok"})");
    Diagnostics diags;
    const auto f = build(b, diags);
    CHECK(document_warnings(diags) == 1);
    CHECK(source(f, "repadmin.failures") == "command.repadmin_showrepl");
    CHECK(value(f, "repadmin.failures").Size() == 2);
  }
  SECTION("neither: not checked, both named") {
    test::BundleBuilder b;
    add_replication(
        b, replication("failed",
                       "\"neighbors: DsReplicaGetInfoW(DS_REPL_INFO_NEIGHBORS): Access is denied. (Win32 error 5)\"",
                       kBound,
                       part("denied", "", "5",
                            "\"DsReplicaGetInfoW(DS_REPL_INFO_NEIGHBORS): Access is denied. (Win32 error 5)\"")));
    const auto f = build(b);
    CHECK(status(f, "repadmin.partners") == "collection_failed");
    CHECK(source(f, "repadmin.partners") == "api.replication, command.repadmin_showrepl");
    CHECK(reason(f, "repadmin.partners").find("Access is denied") != std::string::npos);
    CHECK(reason(f, "repadmin.partners").find("command.repadmin_showrepl: ") != std::string::npos);
    CHECK(status(f, "repadmin.ran") == "collection_failed");
  }
  SECTION("a 1.1 bundle without the document: the text alone, as before") {
    test::BundleBuilder b;
    const auto f = build(b);
    CHECK(status(f, "repadmin.partners") == "collection_failed");
    CHECK(source(f, "repadmin.partners") == "command.repadmin_showrepl");
  }
}

TEST_CASE("replication facts: a server that is no domain controller has no partner", "[facts][replication]") {
  test::BundleBuilder b;
  add_replication(
      b, replication("not_a_domain_controller", "null", R"({"status":"not_attempted","code":null,"error":null})",
                     part("not_attempted"), "null"));
  const auto f = build(b);
  CHECK(status(f, "repadmin.partners") == "present");
  CHECK(value(f, "repadmin.partners").Empty());
  CHECK(value(f, "repadmin.failures").Empty());
  CHECK(source(f, "repadmin.partners") == "api.replication");
  CHECK(status(f, "repadmin.ran") == "collection_failed");  // repadmin itself was not collected
}

TEST_CASE("replication facts: a deleted source, a never-replicated context", "[facts][replication]") {
  test::BundleBuilder b;
  const std::string deleted =
      "CN=NTDS "
      "Settings\\\\0ADEL:2b7e9d10-4c3a-4e5f-8a6b-7c8d9e0f1a2b,CN=DC3\\\\0ADEL:11111111-2222-3333-4444-555555555555,"
      "CN=Deleted Objects,CN=Configuration,DC=contoso,DC=local";
  add_replication(b, replication("ok", "null", kBound,
                                 part("ok", neighbor("DC=contoso,DC=local", deleted, "2026-11-25T14:00:01.000Z", "null",
                                                     8524, 3, "null", "2b7e9d10-4c3a-4e5f-8a6b-7c8d9e0f1a2b"))));
  const auto f = build(b);
  const auto& partners = value(f, "repadmin.partners");
  REQUIRE(partners.Size() == 1);
  CHECK(str(partners[0]["source_dc"]) == "2b7e9d10-4c3a-4e5f-8a6b-7c8d9e0f1a2b (deleted DSA)");
  CHECK(partners[0]["failing"].GetBool());
  CHECK(partners[0]["last_success"].IsNull());
  CHECK(str(partners[0]["last_success_text"]) == "(never)");
  CHECK(partners[0]["days_since_success"].IsNull());
  CHECK(partners[0]["result_code"].GetInt64() == 8524);
}

TEST_CASE("replication.kcc_failures: the KCC's lists, partners marked", "[facts][replication]") {
  auto failure = [](const std::string& dn, const std::string& guid) {
    return R"({"dsa_dn":")" + dn + R"(","dsa_guid":")" + guid +
           R"(","first_failure_utc":"2026-08-14T21:32:10.000Z","failure_count":2470,"last_result":1722,)"
           R"("last_result_message":"The RPC server is unavailable."})";
  };
  const std::string dc3 = "CN=NTDS Settings,CN=DC3,CN=Servers,CN=Branch,CN=Sites,CN=Configuration,DC=contoso,DC=local";
  std::string doc = replication("ok", "null", kBound, part("ok", kApiNeighbors));
  // The connect list names DC3 (no neighbor), the link list OLDSRV (the failing neighbor).
  const std::string empty_lists = R"("kcc_connect_failures":{"status":"ok","code":null,"error":null,"items":[]},)"
                                  R"("kcc_link_failures":{"status":"ok","code":null,"error":null,"items":[]})";
  REQUIRE(doc.find(empty_lists) != std::string::npos);
  doc.replace(doc.find(empty_lists), empty_lists.size(),
              R"("kcc_connect_failures":{"status":"ok","code":null,"error":null,"items":[)" +
                  failure(dc3, "9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a") +
                  R"(]},"kcc_link_failures":{"status":"ok","code":null,"error":null,"items":[)" +
                  failure(kOldsrvDn, kOldsrvGuid) + "]}");
  test::BundleBuilder b;
  add_replication(b, doc);
  const auto f = build(b);
  const auto& list = value(f, "replication.kcc_failures");
  REQUIRE(list.Size() == 2);
  CHECK(str(list[0]["kind"]) == "connect");
  CHECK(str(list[0]["name"]) == "DC3");
  CHECK(str(list[0]["site"]) == "Branch");
  CHECK_FALSE(list[0]["partner"].GetBool());
  CHECK(str(list[1]["kind"]) == "link");
  CHECK(str(list[1]["name"]) == "OLDSRV");
  CHECK(list[1]["partner"].GetBool());
  CHECK(list[1]["result_code"].GetUint64() == 1722);

  SECTION("without the document: not checked, saying which format has it") {
    test::BundleBuilder none;
    const auto g = build(none);
    CHECK(status(g, "replication.kcc_failures") == "collection_failed");
    CHECK(reason(g, "replication.kcc_failures").find("new in bundle format 1.2") != std::string::npos);
  }
}

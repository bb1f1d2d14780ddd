// certificates.local_machine_my from api.certificates (analyzer/facts/certificates.cpp): present, absent,
// a store that could not be opened, and a document that breaks its schema.
#include <string>

#include "facts_test_util.hpp"

using namespace migready;
using namespace migready::test::facts_util;

namespace {

// One certificate as the collector writes it (contract/api/certificates.schema.json); `extra` replaces members.
std::string cert(const std::string& subject, const std::string& not_after, bool self_signed, bool private_key,
                 const std::string& eku_json, bool server_auth, const std::string& dns_json) {
  return R"({"thumbprint":"3F0C5B0E6A8E2D1C4B7A9F8E7D6C5B4A39281706","subject":")" + subject +
         R"(","subject_cn":"remote.contoso.com","issuer":"CN=remote.contoso.com","self_signed":)" +
         (self_signed ? "true" : "false") + R"(,"not_before_utc":"2024-03-10T09:12:40Z","not_after_utc":")" + not_after +
         R"(","serial_number":"5E1A","key_algorithm":"rsa","key_algorithm_oid":"1.2.840.113549.1.1.1","key_bits":1024,)"
         R"("signature_algorithm":"sha1RSA","signature_algorithm_oid":"1.2.840.113549.1.1.5","signature_hash":"sha1",)"
         R"("has_private_key":)" + (private_key ? "true" : "false") + R"(,"enhanced_key_usage":)" + eku_json +
         R"(,"server_authentication":)" + (server_auth ? "true" : "false") + R"(,"dns_names":)" + dns_json +
         R"(,"friendly_name":null,"errors":[]})";
}

std::string doc(const std::string& status, const std::string& items, const std::string& error = "null") {
  return R"({"schema":"migready-api-certificates/1","complete":)" + std::string(status == "ok" ? "true" : "false") +
         R"(,"error":null,"local_machine_my":{"status":")" + status + R"(","win32_error":)" +
         (status == "failed" ? "5" : "null") + R"(,"error":)" + error + R"(,"items":[)" + items + "]}}";
}

}  // namespace

TEST_CASE("certificates: the store's certificates, with days to expiry from the collection", "[facts][certificates]") {
  test::BundleBuilder builder;  // collection started 2026-11-25T14:30:05Z
  add(builder, "api.certificates", "system/certificates.json", "api", "json",
      doc("ok", cert("CN=remote.contoso.com", "2026-12-15T14:30:05Z", true, true, "null", true,
                     R"(["REMOTE.contoso.com","www.contoso.com"])") + "," +
                    cert("CN=client", "2026-11-25T14:30:04Z", false, true, R"(["1.3.6.1.5.5.7.3.2"])", false, "[]") +
                    "," + cert("CN=root copy", "2030-01-01T00:00:00Z", true, false, "null", true, "[]")));
  auto f = build(builder);
  const auto& list = value(f, "certificates.local_machine_my");
  CHECK(source(f, "certificates.local_machine_my") == "api.certificates:local_machine_my");
  REQUIRE(list.Size() == 3);
  CHECK(str(list[0]["subject"]) == "CN=remote.contoso.com");
  CHECK(list[0]["self_signed"].GetBool());
  CHECK(list[0]["days_to_expiry"].GetInt64() == 20);
  CHECK(list[0]["key_bits"].GetUint64() == 1024);
  CHECK(str(list[0]["signature_hash"]) == "sha1");
  CHECK(list[0]["web_server"].GetBool());
  // The CN first, then the SAN's names, each once whatever its case.
  REQUIRE(list[0]["dns_names"].Size() == 2);
  CHECK(str(list[0]["dns_names"][0]) == "remote.contoso.com");
  CHECK(str(list[0]["dns_names"][1]) == "www.contoso.com");
  CHECK(list[1]["days_to_expiry"].GetInt64() == -1);  // one second before the collection: expired, day -1
  CHECK_FALSE(list[1]["web_server"].GetBool());       // client authentication only
  CHECK_FALSE(list[2]["web_server"].GetBool());       // no private key
}

TEST_CASE("certificates: not collected, store not opened, document refused", "[facts][certificates]") {
  test::BundleBuilder absent;
  auto f = build(absent);
  CHECK(status(f, "certificates.local_machine_my") == "collection_failed");

  test::BundleBuilder failed;
  add(failed, "api.certificates", "system/certificates.json", "api", "json",
      doc("failed", "", R"x("CertOpenStore(LocalMachine\\MY): Access is denied. (Win32 error 5)")x"));
  auto g = build(failed);
  CHECK(status(g, "certificates.local_machine_my") == "collection_failed");
  CHECK(reason(g, "certificates.local_machine_my").find("Access is denied") != std::string::npos);

  test::BundleBuilder broken;  // key_bits as text: the schema refuses the document whole
  std::string bad = doc("ok", cert("CN=x", "2027-01-01T00:00:00Z", true, true, "null", true, "[]"));
  bad.replace(bad.find("\"key_bits\":1024"), 15, "\"key_bits\":\"1024\"");
  add(broken, "api.certificates", "system/certificates.json", "api", "json", bad);
  auto h = build(broken);
  CHECK(status(h, "certificates.local_machine_my") == "parse_failed");
  CHECK(reason(h, "certificates.local_machine_my").find("key_bits") != std::string::npos);
}

#include <catch2/catch.hpp>
#include <rapidjson/document.h>

#include <string>
#include <vector>

#include "core/certificates_json.hpp"
#include "support/api_documents.hpp"

namespace cj = migready::collector::certificates;

namespace {

std::string s(const rapidjson::Value& v) { return v.IsString() ? v.GetString() : "<not a string>"; }

// FILETIME of a UTC date: (unix seconds + 11644473600) * 10^7.
std::uint64_t filetime(std::int64_t unix_seconds) {
  return static_cast<std::uint64_t>(unix_seconds + 11644473600LL) * 10000000ULL;
}

// The certificate SBS 2003's Configure E-mail and Internet Connection Wizard makes for the external name:
// self-signed, RSA 1024, sha1RSA, no EKU extension, private key present.
cj::CertificateEntry ceicw_certificate() {
  cj::CertificateEntry c;
  std::array<std::uint8_t, 20> thumb{};
  for (std::size_t i = 0; i < thumb.size(); ++i) thumb[i] = static_cast<std::uint8_t>(0xA0 + i);
  c.thumbprint = thumb;
  c.subject = "CN=remote.contoso.com";
  c.subject_cn = "remote.contoso.com";
  c.issuer = "CN=remote.contoso.com";
  c.subject_encoded = {0x30, 0x1d, 0x31, 0x1b};
  c.issuer_encoded = c.subject_encoded;
  c.not_before = filetime(1149120000);  // 2006-06-01T00:00:00Z
  c.not_after = filetime(1464739200);   // 2016-06-01T00:00:00Z
  c.serial_le = {0x01, 0x02, 0xFF};
  c.key_algorithm_oid = "1.2.840.113549.1.1.1";
  c.key_bits = 1024;
  c.signature_algorithm_oid = "1.2.840.113549.1.1.5";
  c.has_private_key = true;
  return c;
}

rapidjson::Document parse(const std::string& json) {
  rapidjson::Document d;
  d.Parse(json.c_str());
  REQUIRE_FALSE(d.HasParseError());
  return d;
}

}  // namespace

TEST_CASE("certificates: a self-signed CEICW certificate, every field", "[collector][certificates]") {
  cj::CertificatesReading r;
  r.certificates.push_back(ceicw_certificate());
  const std::string json = cj::certificates_json(r);
  CHECK(migready::test::api_document_problem(json) == "");
  const auto d = parse(json);
  CHECK(d["complete"].GetBool());
  CHECK(d["error"].IsNull());
  const auto& store = d["local_machine_my"];
  CHECK(s(store["status"]) == "ok");
  REQUIRE(store["items"].Size() == 1);
  const auto& c = store["items"][0];
  CHECK(s(c["thumbprint"]) == "A0A1A2A3A4A5A6A7A8A9AAABACADAEAFB0B1B2B3");
  CHECK(s(c["subject"]) == "CN=remote.contoso.com");
  CHECK(s(c["subject_cn"]) == "remote.contoso.com");
  CHECK(c["self_signed"].GetBool());
  CHECK(s(c["not_before_utc"]) == "2006-06-01T00:00:00Z");
  CHECK(s(c["not_after_utc"]) == "2016-06-01T00:00:00Z");
  CHECK(s(c["serial_number"]) == "FF0201");
  CHECK(s(c["key_algorithm"]) == "rsa");
  CHECK(c["key_bits"].GetInt() == 1024);
  CHECK(s(c["signature_algorithm"]) == "sha1RSA");
  CHECK(s(c["signature_hash"]) == "sha1");
  CHECK(c["has_private_key"].GetBool());
  CHECK(c["enhanced_key_usage"].IsNull());
  CHECK(c["server_authentication"].GetBool());
  CHECK(c["dns_names"].Size() == 0);
  CHECK(c["friendly_name"].IsNull());
  CHECK(c["errors"].Size() == 0);
}

TEST_CASE("certificates: a CA-issued certificate with EKU, SAN and a failed call", "[collector][certificates]") {
  cj::CertificateEntry c = ceicw_certificate();
  c.thumbprint.reset();
  c.issuer = "CN=Go Daddy Secure Certification Authority";
  c.issuer_encoded = {0x30, 0x44};
  c.key_bits = 2048;
  c.signature_algorithm_oid = "1.2.840.113549.1.1.11";
  c.eku = std::vector<std::string>{"1.3.6.1.5.5.7.3.2", "not an oid", "1.3.6.1.5.5.7.3.1"};
  c.dns_names = {"remote.contoso.com", "", "autodiscover.contoso.com"};
  c.friendly_name = "Outlook Anywhere";
  c.errors = {"CertGetCertificateContextProperty(CERT_SHA1_HASH_PROP_ID): Access is denied. (Win32 error 5)"};
  cj::CertificatesReading r;
  r.certificates.push_back(c);
  const std::string json = cj::certificates_json(r);
  CHECK(migready::test::api_document_problem(json) == "");
  const auto d = parse(json);
  CHECK_FALSE(d["complete"].GetBool());
  CHECK(s(d["error"]).find("1 certificate(s) with a failed call") != std::string::npos);
  const auto& item = d["local_machine_my"]["items"][0];
  CHECK(item["thumbprint"].IsNull());
  CHECK_FALSE(item["self_signed"].GetBool());
  CHECK(s(item["signature_algorithm"]) == "sha256RSA");
  CHECK(s(item["signature_hash"]) == "sha256");
  REQUIRE(item["enhanced_key_usage"].Size() == 2);  // the bad OID dropped
  CHECK(s(item["enhanced_key_usage"][1]) == "1.3.6.1.5.5.7.3.1");
  CHECK(item["server_authentication"].GetBool());
  REQUIRE(item["dns_names"].Size() == 2);
  CHECK(s(item["dns_names"][1]) == "autodiscover.contoso.com");
  CHECK(s(item["friendly_name"]) == "Outlook Anywhere");
  CHECK(item["errors"].Size() == 1);
}

TEST_CASE("certificates: the store cannot be opened, or holds too many", "[collector][certificates]") {
  cj::CertificatesReading failed;
  failed.open_error = 5;
  failed.open_error_text = "CertOpenStore: Access is denied. (Win32 error 5)";
  failed.certificates.push_back(ceicw_certificate());  // never written when the store failed
  std::string json = cj::certificates_json(failed);
  CHECK(migready::test::api_document_problem(json) == "");
  auto d = parse(json);
  CHECK_FALSE(d["complete"].GetBool());
  CHECK(s(d["local_machine_my"]["status"]) == "failed");
  CHECK(d["local_machine_my"]["win32_error"].GetInt() == 5);
  CHECK(d["local_machine_my"]["items"].Size() == 0);

  cj::CertificatesReading many;
  many.certificates.assign(cj::kMaxCertificates, ceicw_certificate());
  many.more = true;
  json = cj::certificates_json(many);
  CHECK(migready::test::api_document_problem(json) == "");
  d = parse(json);
  CHECK(s(d["local_machine_my"]["status"]) == "truncated");
  CHECK(d["local_machine_my"]["items"].Size() == cj::kMaxCertificates);
}

TEST_CASE("certificates: the pieces", "[collector][certificates]") {
  CHECK(cj::filetime_utc_text(0) == "1601-01-01T00:00:00Z");
  CHECK(cj::filetime_utc_text(filetime(1700000000)) == "2023-11-14T22:13:20Z");
  CHECK(cj::filetime_utc_text(~0ULL) == "9999-12-31T23:59:59Z");  // clamped; a FILETIME can name 30828
  CHECK(cj::serial_hex({}) == "");
  CHECK(cj::serial_hex(std::vector<std::uint8_t>(80, 0xAB)).size() == 128);
  CHECK(cj::signature_algorithm_name("1.2.840.113549.1.1.4") == std::optional<std::string_view>("md5RSA"));
  CHECK(cj::signature_hash("1.3.14.3.2.29") == std::optional<std::string_view>("sha1"));
  CHECK_FALSE(cj::signature_hash("1.2.840.113549.1.1.10"));  // RSASSA-PSS: the hash is in its parameters
  CHECK_FALSE(cj::signature_algorithm_name("1.2.3"));
  CHECK(cj::key_algorithm_name("1.2.840.10045.2.1") == "ecc");
  CHECK(cj::key_algorithm_name("1.2.3") == "other");
  CHECK(cj::server_authentication(std::nullopt));
  CHECK_FALSE(cj::server_authentication(std::vector<std::string>{}));
  CHECK_FALSE(cj::server_authentication(std::vector<std::string>{"1.3.6.1.5.5.7.3.2"}));
  CHECK(cj::server_authentication(std::vector<std::string>{"2.5.29.37.0"}));
  CHECK(cj::cut_utf8("h\xC3\xA9llo", 2) == "h");  // never half of é
  CHECK(cj::cut_utf8("abc", 3) == "abc");
  CHECK(cj::clean_oid("1.2.840") == "1.2.840");
  CHECK(cj::clean_oid("1..2") == "");
  CHECK(cj::clean_oid("1.2.") == "");
  CHECK(cj::clean_oid("") == "");
  CHECK(cj::clean_oid(std::string(129, '1')) == "");
}

TEST_CASE("certificates: an unknown signature OID is written as itself, bounded", "[collector][certificates]") {
  cj::CertificateEntry c = ceicw_certificate();
  c.signature_algorithm_oid = "1.2.3.4";
  c.key_algorithm_oid = "garbage";
  c.key_bits = 0;
  c.subject = std::string(5000, 'x');
  cj::CertificatesReading r;
  r.certificates.push_back(c);
  const std::string json = cj::certificates_json(r);
  CHECK(migready::test::api_document_problem(json) == "");
  const auto d = parse(json);
  const auto& item = d["local_machine_my"]["items"][0];
  CHECK(s(item["signature_algorithm"]) == "1.2.3.4");
  CHECK(item["signature_hash"].IsNull());
  CHECK(s(item["key_algorithm"]) == "other");
  CHECK(s(item["key_algorithm_oid"]) == "");
  CHECK(item["key_bits"].IsNull());
  CHECK(s(item["subject"]).size() == cj::kMaxNameChars);
}

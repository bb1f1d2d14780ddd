#include <catch2/catch.hpp>

#include <string>

#include "core/json.hpp"
#include "facts/facts.hpp"
#include "report/redact.hpp"

using namespace migready;

namespace {

report::RedactKey key_of(std::uint8_t byte) {
  report::RedactKey k;
  k.bytes.fill(byte);
  return k;
}

// A redactor that learned the prepared sample's kind of names.
report::Redactor contoso(std::uint8_t byte = 7) {
  report::Redactor r(key_of(byte));
  facts::Facts f;
  f.set("host.computer_name", std::string_view("SBS01"), "manifest");
  f.set("host.dns_domain", std::string_view("contoso.local"), "manifest");
  f.set("user.name", std::string_view("CONTOSO\\jsmith"), "manifest");
  json::Value users(rapidjson::kArrayType);
  users.PushBack(json::Value("anna", f.allocator()), f.allocator());
  users.PushBack(json::Value("Administrator", f.allocator()), f.allocator());
  f.set("directory.enabled_users", std::move(users), "api.directory");
  json::Value dcs(rapidjson::kArrayType);
  json::Value dc(rapidjson::kObjectType);
  dc.AddMember("name", "OLDSRV", f.allocator());
  dc.AddMember("dns_host_name", "oldsrv.contoso.local", f.allocator());
  dcs.PushBack(dc, f.allocator());
  f.set("directory.domain_controllers", std::move(dcs), "api.directory");
  json::Value orgs(rapidjson::kArrayType);
  json::Value org(rapidjson::kObjectType);
  org.AddMember("name", "Contoso Ltd", f.allocator());
  orgs.PushBack(org, f.allocator());
  f.set("exchange.organizations", std::move(orgs), "api.directory");
  r.learn_facts(f);
  return r;
}

}  // namespace

TEST_CASE("redact: a key file is 64 hex digits on one line, and says what is wrong otherwise", "[report][redact]") {
  const std::string hex64(64, 'a');
  REQUIRE(report::parse_redact_key(hex64, "k").has_value());
  REQUIRE(report::parse_redact_key(hex64 + "\n", "k").has_value());
  REQUIRE(report::parse_redact_key(hex64 + "\r\n", "k").has_value());
  CHECK(report::parse_redact_key(hex64, "k")->bytes[0] == 0xaa);
  auto short_key = report::parse_redact_key("abc", "key.txt");
  REQUIRE_FALSE(short_key);
  CHECK(short_key.error().where == "key.txt");
  CHECK(short_key.error().message.find("holds 3 characters") != std::string::npos);
  auto bad = report::parse_redact_key(std::string(63, '0') + "g", "k");
  REQUIRE_FALSE(bad);
  CHECK(bad.error().message.find("character 64") != std::string::npos);
  CHECK_FALSE(report::parse_redact_key(hex64 + "\n\n", "k"));
  CHECK_FALSE(report::parse_redact_key("", "k"));
  const report::RedactKey k = key_of(0x5c);
  CHECK(report::parse_redact_key(report::format_redact_key(k), "k")->bytes == k.bytes);
}

TEST_CASE("redact: tokens are keyed, kind-prefixed and the same for one value whatever its case", "[report][redact]") {
  report::Redactor a = contoso(1), b = contoso(2);
  const std::string t = a.token("host", "sbs01");
  CHECK(t.size() == std::string("host-").size() + 8);
  CHECK(t.starts_with("host-"));
  CHECK(a.redact("SBS01") == t);
  CHECK(a.redact("sbs01") == t);
  CHECK(b.redact("SBS01") != t);
  CHECK(a.token("user", "sbs01") != t);
}

TEST_CASE("redact: an FQDN is its host's token under its domain's, and a DN's DC= run is the domain's token",
          "[report][redact]") {
  report::Redactor r = contoso();
  const std::string host = r.token("host", "sbs01"), domain = r.token("domain", "contoso.local");
  CHECK(r.redact("SBS01.contoso.local") == host + "." + domain);
  CHECK(r.redact("ping pc99.CONTOSO.local now") == "ping " + r.token("host", "pc99") + "." + domain + " now");
  CHECK(r.redact("CN=NTDS Settings,CN=SBS01,CN=Servers,CN=Default-First-Site-Name,CN=Sites,CN=Configuration,DC=contoso,DC=local") ==
        "CN=NTDS Settings,CN=" + host + ",CN=Servers,CN=Default-First-Site-Name,CN=Sites,CN=Configuration,DC=" + domain);
  CHECK(r.redact("DC=DomainDnsZones,DC=contoso,DC=local") == "DC=DomainDnsZones,DC=" + domain);
  // A DC value is one label: the prose after a DN is not taken into it.
  CHECK(r.redact("Naming Context: DC=contoso,DC=local and then 5.2.3790 failed") ==
        "Naming Context: DC=" + domain + " and then 5.2.3790 failed");
  CHECK(r.redact("CN=Mailbox Store (SBS01),CN=First Storage Group") ==
        "CN=Mailbox Store (" + host + "),CN=First Storage Group");
  CHECK(r.redact("CN=John Smith,OU=Sales,DC=contoso,DC=local") ==
        "CN=" + r.token("name", "john smith") + ",OU=" + r.token("name", "sales") + ",DC=" + domain);
  CHECK(r.redact("CONTOSO\\jsmith") == r.token("domain", "contoso") + "\\" + r.token("user", "jsmith"));
  CHECK(r.redact("Contoso Ltd") == r.token("name", "contoso ltd"));
}

TEST_CASE("redact: names are replaced as whole words only, well-known accounts and role words stay",
          "[report][redact]") {
  report::Redactor r = contoso();
  CHECK(r.redact("XSBS01") == "XSBS01");
  CHECK(r.redact("SBS01X") == "SBS01X");
  CHECK(r.redact("IUSR_SBS01") == "IUSR_" + r.token("host", "sbs01"));
  CHECK(r.redact("migready-SBS01-20261125T143005Z.zip") == "migready-" + r.token("host", "sbs01") + "-20261125T143005Z.zip");
  CHECK(r.redact("Mailbox Store (SBS01)") == "Mailbox Store (" + r.token("host", "sbs01") + ")");
  CHECK(r.redact("C:\\Documents and Settings\\anna\\x") == "C:\\Documents and Settings\\" + r.token("user", "anna") + "\\x");
  CHECK(r.redact("Administrator on the SBS, the PDC emulator, runs Exchange") ==
        "Administrator on the SBS, the PDC emulator, runs Exchange");
  CHECK(r.redact("banana") == "banana");  // "anna" inside a word
}

TEST_CASE("redact: addresses by pattern, while versions, times, loopback and netmasks stay", "[report][redact]") {
  report::Redactor r(key_of(3));
  CHECK(r.redact("gateway 192.168.16.1.") == "gateway " + r.token("ip", "192.168.16.1") + ".");
  CHECK(r.redact("203.0.113.10 (Network Connection)") == r.token("ip", "203.0.113.10") + " (Network Connection)");
  CHECK(r.redact("fe80::1c2d:3e4f%4 and 2001:db8:0:0:0:0:0:1") ==
        r.token("ip6", "fe80::1c2d:3e4f%4") + " and " + r.token("ip6", "2001:db8:0:0:0:0:0:1"));
  CHECK(r.redact("127.0.0.1 0.0.0.0 ::1 255.255.255.0 255.255.255.248") == "127.0.0.1 0.0.0.0 ::1 255.255.255.0 255.255.255.248");
  CHECK(r.redact("5.2.3790.1830, 6.5.7638.1, 1.2.3.4.5, at 14:30:05, KB2570947") ==
        "5.2.3790.1830, 6.5.7638.1, 1.2.3.4.5, at 14:30:05, KB2570947");
  CHECK(r.redact("MAC 00-15-17-3A-11-7E") == "MAC " + r.token("mac", "00-15-17-3a-11-7e"));
  CHECK(r.redact("write to JSmith@Contoso.com") ==
        "write to " + r.token("mail", "jsmith") + "@" + r.token("domain", "contoso.com"));
}

TEST_CASE("redact: documentation URLs stay, any other URL's host is replaced", "[report][redact]") {
  report::Redactor r = contoso();
  const std::string doc = "see https://learn.microsoft.com/en-us/previous-versions/windows/it-pro/x#BKMK_Time and "
                          "http://go.microsoft.com/fwlink/?LinkId=123";
  CHECK(r.redact(doc) == doc);
  CHECK(r.redact("https://remote.contoso.com/exchange") ==
        "https://" + r.token("host", "remote") + "." + r.token("domain", "contoso.com") + "/exchange");
  CHECK(r.redact("https://sbs01.contoso.local/owa") ==
        "https://" + r.token("host", "sbs01") + "." + r.token("domain", "contoso.local") + "/owa");
}

TEST_CASE("redact: applied to a report, only strings change, ids, severities and counts stay", "[report][redact]") {
  report::Redactor r = contoso();
  report::Report rep;
  rep.bundle_name = "migready-SBS01-20261125T143005Z.zip";
  rep.computer_name = "SBS01";
  rep.dns_domain = "contoso.local";
  rep.user = "CONTOSO\\jsmith";
  rules::Finding f;
  f.rule_id = "TIME_PDC_NOT_SYNCED";
  f.severity = rules::Severity::error;
  f.section = "BKMK_Time";
  f.subject = "SBS01";
  f.message = "SBS01 (192.168.16.2) is the PDC emulator of contoso.local";
  f.evidence.push_back({"network.fqdn", "\"SBS01.contoso.local\"", "api.directory"});
  rep.findings.push_back(f);
  rep.errors = 1;
  r.learn_report(rep);
  r.apply(rep);
  CHECK(rep.findings[0].rule_id == "TIME_PDC_NOT_SYNCED");
  CHECK(rep.findings[0].section == "BKMK_Time");
  CHECK(rep.findings[0].severity == rules::Severity::error);
  CHECK(rep.errors == 1);
  const std::string host = r.token("host", "sbs01"), domain = r.token("domain", "contoso.local");
  CHECK(rep.computer_name == host);
  CHECK(rep.dns_domain == domain);
  CHECK(rep.findings[0].subject == host);
  CHECK(rep.findings[0].message == host + " (" + r.token("ip", "192.168.16.2") + ") is the PDC emulator of " + domain);
  CHECK(rep.findings[0].evidence[0].value == "\"" + host + "." + domain + "\"");
  CHECK(rep.bundle_name.find("SBS01") == std::string::npos);
}

// The one DN parser (contract/ldap_dn.hpp), used by the collector's directory reading and the analyzer's
// directory and repadmin facts.
#include <catch2/catch.hpp>

#include <string>

#include "contract/ldap_dn.hpp"

namespace ldap = migready::contract::ldap;

namespace {
const std::string kNtds =
    "CN=NTDS Settings,CN=SBS01,CN=Servers,CN=Default-First-Site-Name,CN=Sites,CN=Configuration,DC=contoso,DC=local";
}  // namespace

TEST_CASE("ldap_dn: RFC 4514 DNs with AD's escapes", "[contract][ldap_dn]") {
  const auto rdns = ldap::parse_dn("CN=Smith\\, John,OU=Sales\\+Marketing, DC=contoso ,DC=local");
  REQUIRE(rdns);
  REQUIRE(rdns->size() == 4);
  CHECK((*rdns)[0].type == "CN");
  CHECK((*rdns)[0].value == "Smith, John");
  CHECK((*rdns)[1].value == "Sales+Marketing");
  CHECK((*rdns)[2].value == "contoso");
  CHECK(ldap::parse_dn("CN=caf\\C3\\A9")->front().value == "caf\xC3\xA9");
  CHECK(ldap::parse_dn("CN=a\\ ")->front().value == "a ");   // an escaped trailing space is kept
  CHECK(ldap::parse_dn("CN=a  ,DC=b")->front().value == "a");
  CHECK(ldap::parse_dn("CN=\"x, y\",DC=b")->front().value == "x, y");
  CHECK(ldap::parse_dn("CN=a+SN=b,DC=c")->front().value == "a");  // the first AVA of a multi-valued RDN
  CHECK(ldap::parse_dn("")->empty());
  CHECK_FALSE(ldap::parse_dn("CN=a\\"));
  CHECK_FALSE(ldap::parse_dn("CN=a\\zz"));
  CHECK_FALSE(ldap::parse_dn("CN=a,"));
  CHECK_FALSE(ldap::parse_dn("=a"));
  CHECK_FALSE(ldap::parse_dn("CN"));
  CHECK_FALSE(ldap::parse_dn("CN=\"open"));
  std::string deep;
  for (int i = 0; i < 65; ++i) deep += (i ? ",DC=x" : "DC=x");
  CHECK_FALSE(ldap::parse_dn(deep));
  CHECK(ldap::parse_dn(deep.substr(5)));  // 64 RDNs are fine

  CHECK(*ldap::parent_dn("CN=Smith\\, John,OU=x, DC=y") == "OU=x, DC=y");
  CHECK_FALSE(ldap::parent_dn("DC=local"));
  CHECK(*ldap::rdn_value("CN=First Storage Group,CN=InformationStore") == "First Storage Group");
  CHECK(*ldap::ntds_server_name(kNtds) == "SBS01");
  CHECK(*ldap::ntds_site_name(kNtds) == "Default-First-Site-Name");
  CHECK_FALSE(ldap::ntds_server_name("CN=SBS01,CN=Servers"));
  CHECK_FALSE(ldap::ntds_server_name("CN=NTDS Settingsx,CN=SBS01"));
  CHECK_FALSE(ldap::ntds_site_name("CN=NTDS Settings,CN=SBS01,CN=Other,CN=Site,CN=Sites"));
}

TEST_CASE("ldap_dn: hex-pair escapes are bytes, as AD writes a comma in a name", "[contract][ldap_dn]") {
  // AD returns "CN=Smith\, John" and tools such as repadmin print "\2C"; both are the same comma.
  CHECK(*ldap::rdn_value("CN=Smith\\2C John,OU=Users,DC=x") == "Smith, John");
  CHECK(*ldap::rdn_value("CN=Smith\\, John,OU=Users,DC=x") == "Smith, John");
  CHECK(ldap::parse_dn("CN=Smith\\2C John,OU=Users,DC=x")->size() == 3);
  // A deleted server's NTDS Settings and name carry the mangled "\0ADEL:<guid>" (a line feed).
  const auto deleted = ldap::parse_dn("CN=NTDS Settings\\0ADEL:1234,CN=OLDSRV\\0ADEL:5678,CN=Deleted Objects,DC=x");
  REQUIRE(deleted);
  CHECK((*deleted)[0].value == "NTDS Settings\nDEL:1234");
  CHECK((*deleted)[1].value == "OLDSRV\nDEL:5678");
  CHECK(*ldap::ntds_server_name("CN=NTDS Settings\\0ADEL:1234,CN=OLDSRV,CN=Servers,CN=S,CN=Sites,DC=x") == "OLDSRV");
}

// WSS 2.0, SQL Server / MSDE instances and WSUS versions (versions.cpp).
#include "facts_test_util.hpp"

using namespace migready;
using namespace migready::test::facts_util;

namespace {
const std::string kUninstall = kSw + "Microsoft\\Windows\\CurrentVersion\\Uninstall\\";
const std::string kSql = kSw + "Microsoft\\Microsoft SQL Server";
}  // namespace

TEST_CASE("SQL instances: SQL 2000 / MSDE by CSDVersion, SQL 2005 through Instance Names", "[facts]") {
  test::BundleBuilder b;
  add_software(b, kSql + "]\n\"InstalledInstances\"=" +
                      multi_sz({"SBSMONITORING", "SHAREPOINT", "MICROSOFT##SSEE", "MSSQLSERVER", "ODD", "..\\Evil"}) +
                      "\n\n" + kSql + "\\SBSMONITORING\\MSSQLServer\\CurrentVersion]\n"
                      "\"CurrentVersion\"=\"8.00.194\"\n\"CSDVersion\"=\"8.00.2039\"\n\n" +
                      kSql + "\\SHAREPOINT\\MSSQLServer\\CurrentVersion]\n\"CurrentVersion\"=\"8.00.760\"\n\n" + kSql +
                      "\\Instance Names\\SQL]\n\"MICROSOFT##SSEE\"=\"MSSQL.2005\"\n\n" + kSql +
                      "\\MSSQL.2005\\MSSQLServer\\CurrentVersion]\n\"CurrentVersion\"=\"9.00.3042.00\"\n\n" + kSql +
                      "\\MSSQL.2005\\Setup]\n\"Edition\"=\"Windows Internal Database\"\n\n" + kSw +
                      "Microsoft\\MSSQLServer\\MSSQLServer\\CurrentVersion]\n\"CSDVersion\"=\"8.00.2282\"\n\n" + kSql +
                      "\\ODD\\MSSQLServer\\CurrentVersion]\n\"CurrentVersion\"=\"12.0.2000.8\"\n");
  auto f = build(b);
  const auto& list = value(f, "sql.instance_versions");
  REQUIRE(list.Size() == 6);
  CHECK(str(list[0]["instance"]) == "SBSMONITORING");
  CHECK(str(list[0]["version"]) == "8.00.2039");
  CHECK(str(list[0]["service_pack"]) == "SP4");
  CHECK(list[0]["is_latest_sp"].GetBool());
  CHECK(str(list[0]["source"]) ==
        "registry.software:Microsoft\\Microsoft SQL Server\\SBSMONITORING\\MSSQLServer\\CurrentVersion\\CSDVersion");
  CHECK(str(list[1]["service_pack"]) == "SP3");
  CHECK(list[1]["service_pack_number"].GetInt() == 3);
  CHECK(list[1]["latest_service_pack_number"].GetInt() == 4);
  CHECK_FALSE(list[1]["is_latest_sp"].GetBool());
  CHECK(str(list[2]["product"]) == "SQL Server 2005");
  CHECK(str(list[2]["service_pack"]) == "SP2");
  CHECK(str(list[2]["edition"]) == "Windows Internal Database");
  CHECK(str(list[3]["version"]) == "8.00.2282");  // default instance, a post-SP4 hotfix build
  CHECK(str(list[3]["service_pack"]) == "SP4");
  CHECK(list[4]["product"].IsNull());  // a release the table does not know
  CHECK(list[4]["service_pack"].IsNull());
  CHECK(list[4]["is_latest_sp"].IsNull());
  CHECK(list[5]["version"].IsNull());  // a name with a backslash is never a path
}

TEST_CASE("SQL instances: none, and a malformed list", "[facts]") {
  SECTION("no SQL Server") {
    test::BundleBuilder b;
    add_software(b, kSw + "Microsoft\\Windows NT\\CurrentVersion]\n");
    auto f = build(b);
    CHECK(value(f, "sql.instance_versions").Size() == 0);
  }
  SECTION("InstalledInstances is not a list") {
    test::BundleBuilder b;
    add_software(b, kSql + "]\n\"InstalledInstances\"=dword:00000001\n");
    auto f = build(b);
    CHECK(status(f, "sql.instance_versions") == "parse_failed");
  }
}

TEST_CASE("WSS 2.0: an Uninstall stand-in for the version, the service pack not derivable", "[facts]") {
  const std::string wss = kSw + "Microsoft\\Shared Tools\\Web Server Extensions\\6.0]\n\"SharePoint\"=\"Installed\"\n\n";
  SECTION("installed with an Uninstall entry") {
    test::BundleBuilder b;
    add_software(b, wss + kUninstall + "{90170409-6000-11D3-8CFE-0150048383C9}]\n"
                          "\"DisplayName\"=\"Microsoft Windows SharePoint Services 2.0\"\n"
                          "\"DisplayVersion\"=\"11.0.8173.0\"\n");
    auto f = build(b);
    CHECK(str(value(f, "wss.v2_version")) == "11.0.8173.0");
    CHECK(status(f, "wss.v2_service_pack") == "collection_failed");
    CHECK_THAT(reason(f, "wss.v2_service_pack"), Catch::Contains("OWSSVR.DLL"));
  }
  SECTION("installed, no entry") {
    test::BundleBuilder b;
    add_software(b, wss);
    auto f = build(b);
    CHECK(status(f, "wss.v2_version") == "missing");
  }
  SECTION("not installed") {
    test::BundleBuilder b;
    add_software(b, kUninstall + "X]\n\"DisplayName\"=\"Microsoft Windows SharePoint Services 2.0\"\n"
                                 "\"DisplayVersion\"=\"11.0.5608.0\"\n");
    auto f = build(b);
    CHECK(value(f, "wss.v2_version").IsNull());
    CHECK(value(f, "wss.v2_service_pack").IsNull());
  }
}

TEST_CASE("WSUS 3.0 service pack from VersionString", "[facts]") {
  auto wsus = [](const std::string& version) {
    test::BundleBuilder b;
    add_software(b, kSw + "Microsoft\\Update Services\\Server\\Setup]\n\"VersionString\"=\"" + version + "\"\n");
    return build(b);
  };
  CHECK(value(wsus("3.2.7600.226"), "wsus.service_pack_number").GetInt64() == 2);
  CHECK(value(wsus("3.1.6001.65"), "wsus.service_pack_number").GetInt64() == 1);
  CHECK(value(wsus("3.0.6000.374"), "wsus.service_pack_number").GetInt64() == 0);
  CHECK(value(wsus("2.0.0.2472"), "wsus.service_pack_number").IsNull());
  CHECK(value(wsus("garbage"), "wsus.service_pack_number").IsNull());
  test::BundleBuilder none;
  CHECK(status(build(none), "wsus.service_pack_number") == "collection_failed");
}

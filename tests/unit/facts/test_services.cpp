// Stopped automatic services, the administrator check (services.cpp, collection.cpp) and the
// line-of-business table (lob.cpp).
#include "core/json.hpp"
#include "facts_test_util.hpp"

using namespace migready;
using namespace migready::test::facts_util;

namespace {

const std::string kServices = R"({"schema":"migready-api-services/1","complete":true,"error":null,"services":[
  {"name":"MSExchangeIS","state":"running","start_type":"auto","type":"win32_own_process",
   "binary_path":"C:\\PROGRA~1\\Exchsrvr\\bin\\store.exe"},
  {"name":"W3SVC","state":"stopped","start_type":"auto","type":"win32_share_process"},
  {"name":"clr_optimization_v2.0.50727_32","state":"stopped","start_type":"auto","type":"win32_own_process"},
  {"name":"Alerter","state":"stopped","start_type":"disabled","type":"win32_share_process"},
  {"name":"SomeDriver","state":"stopped","start_type":"auto","type":"kernel_driver"},
  {"name":"AcctSvc","state":"paused","start_type":"auto","type":"win32_own_process",
   "binary_path":"\"D:\\Apps\\Contoso Accounting\\bin\\acctsvc.exe\" -service"},
  {"name":"AcctSync","state":"running","start_type":"demand","type":"win32_own_process",
   "binary_path":"d:\\apps\\contoso accounting\\sync.exe"},
  {"name":"RootSvc","state":"running","start_type":"auto","type":"win32_own_process",
   "binary_path":"C:\\rootsvc.exe"},
  {"name":"NoPath","state":"running","start_type":"auto","type":"win32_own_process","binary_path":null}]})";

const std::string kUninstall = kSw + "Microsoft\\Windows\\CurrentVersion\\Uninstall\\";

const std::string kPrograms =
    kUninstall + "Accounting]\n\"DisplayName\"=\"Contoso Accounting\"\n\"DisplayVersion\"=\"7.1\"\n"
                 "\"Publisher\"=\"Contoso Ltd\"\n\"InstallLocation\"=\"D:\\\\Apps\\\\Contoso Accounting\\\\\"\n\n" +
    kUninstall + "AntiVirus]\n\"DisplayName\"=\"antivirus Corporate\"\n\"Publisher\"=\"AV Inc\"\n"
                 "\"InstallLocation\"=\"C:\\\\\"\n\n" +
    kUninstall + "{Office}]\n\"DisplayName\"=\"Office Tools\"\n\"Publisher\"=\"Microsoft Corporation\"\n\n" +
    kUninstall + "{GP}]\n\"DisplayName\"=\"Microsoft Dynamics GP 10.0\"\n\"Publisher\"=\"Microsoft Corporation\"\n\n" +
    kUninstall + "KB925398]\n\"DisplayName\"=\"Windows Server 2003 Security Update\"\n\n" +
    kUninstall + "Patch]\n\"DisplayName\"=\"Contoso Accounting Patch 3\"\n\"ParentKeyName\"=\"Accounting\"\n\n" +
    kUninstall + "Hidden]\n\"DisplayName\"=\"Contoso Runtime\"\n\"SystemComponent\"=dword:00000001\n\n" +
    kUninstall + "Rollup]\n\"DisplayName\"=\"Backup Agent Hotfix\"\n\"ReleaseType\"=\"Hotfix\"\n\n" +
    kUninstall + "Q]\n\"DisplayName\"=\"Update for something (KB912345)\"\n\n" +
    kUninstall + "NoName]\n\"UninstallString\"=\"x\"\n\n" +
    kSw + "Wow6432Node\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\Accounting]\n"
          "\"DisplayName\"=\"Contoso Accounting\"\n\"DisplayVersion\"=\"7.1\"\n";

}  // namespace

TEST_CASE("automatic services that are not running, without drivers and known stop-by-design ones", "[facts]") {
  test::BundleBuilder b;
  add(b, "api.services", "system/services.json", "api", "json", complete_services(kServices));
  auto f = build(b);
  const auto& stopped = value(f, "services.stopped_automatic");
  REQUIRE(stopped.Size() == 2);
  CHECK(str(stopped[0]) == "W3SVC");
  CHECK(str(stopped[1]) == "AcctSvc");
  // The same, in lower case, to compare with tools that spell service names their own way (dcdiag).
  const auto& lower = value(f, "services.stopped_automatic_lower");
  REQUIRE(lower.Size() == 2);
  CHECK(str(lower[0]) == "w3svc");
  CHECK(str(lower[1]) == "acctsvc");
  CHECK(str(value(f, "services.list")[5]["binary_path"]).find("acctsvc.exe") != std::string::npos);

  test::BundleBuilder bad;
  add(bad, "api.services", "system/services.json", "api", "json", "{");
  CHECK(status(build(bad), "services.stopped_automatic") == "parse_failed");
  CHECK(status(build(bad), "services.stopped_automatic_lower") == "parse_failed");
  test::BundleBuilder none;
  CHECK(status(build(none), "services.stopped_automatic") == "collection_failed");
}

TEST_CASE("user.is_admin: an enabled BUILTIN Administrators group SID", "[facts]") {
  test::BundleBuilder b;
  CHECK_FALSE(value(build(b), "user.is_admin").GetBool());  // the base manifest has domain groups only
  auto& groups = b.manifest()["user"]["groups"];
  auto& alloc = b.manifest().GetAllocator();
  json::Value g(rapidjson::kObjectType);
  g.AddMember("sid", "S-1-5-32-544", alloc);
  g.AddMember("name", "BUILTIN\\Administrators", alloc);
  g.AddMember("enabled", false, alloc);
  groups.PushBack(g, alloc);
  CHECK_FALSE(value(build(b), "user.is_admin").GetBool());  // deny-only / disabled does not count
  groups[groups.Size() - 1]["enabled"] = true;
  CHECK(value(build(b), "user.is_admin").GetBool());
}

TEST_CASE("line-of-business applications: non-Microsoft programs, not updates, with their services", "[facts]") {
  test::BundleBuilder b;
  add_software(b, kPrograms);
  add(b, "api.services", "system/services.json", "api", "json", complete_services(kServices));
  auto f = build(b);
  const auto& apps = value(f, "lob.applications");
  REQUIRE(apps.Size() == 3);
  CHECK(value(f, "lob.count").GetInt64() == 3);
  CHECK(str(apps[2]["application"]) == "Microsoft Dynamics GP 10.0");  // Microsoft's, but line-of-business
  // Sorted case-insensitively: "antivirus Corporate" before "Contoso Accounting".
  CHECK(str(apps[0]["application"]) == "antivirus Corporate");
  CHECK(apps[0]["version"].IsNull());
  CHECK(str(apps[0]["data_path"]) == "C:\\");
  CHECK(str(apps[0]["notes"]) == "");  // a drive root is no application folder: RootSvc is not "its" service
  CHECK(str(apps[1]["application"]) == "Contoso Accounting");
  CHECK(str(apps[1]["version"]) == "7.1");
  CHECK(str(apps[1]["publisher"]) == "Contoso Ltd");
  CHECK(str(apps[1]["data_path"]) == "D:\\Apps\\Contoso Accounting\\");
  CHECK(str(apps[1]["notes"]) == "runs as services AcctSvc, AcctSync");
  // The names with versions, for the one finding's message.
  const auto& names = value(f, "lob.names");
  REQUIRE(names.Size() == 3);
  CHECK(str(names[0]) == "antivirus Corporate");
  CHECK(str(names[1]) == "Contoso Accounting 7.1");
  // Exactly the keys the report renders.
  std::vector<std::string> keys;
  for (auto it = apps[1].MemberBegin(); it != apps[1].MemberEnd(); ++it) keys.emplace_back(it->name.GetString());
  CHECK(keys == std::vector<std::string>{"application", "version", "publisher", "data_path", "notes"});
}

TEST_CASE("line-of-business applications: a German server's shared folders are its own names", "[facts]") {
  // ProgramFilesDir and CommonFilesDir as a German Windows names them (samples/README.md, the German twin).
  const std::string programs =
      kSw + "Microsoft\\Windows\\CurrentVersion]\n\"ProgramFilesDir\"=\"C:\\\\Programme\"\n"
            "\"CommonFilesDir\"=\"C:\\\\Programme\\\\Gemeinsame Dateien\"\n\n" +
      kUninstall + "Tool]\n\"DisplayName\"=\"Contoso Tool\"\n\"Publisher\"=\"Contoso Ltd\"\n"
                   "\"InstallLocation\"=\"C:\\\\Programme\\\\\"\n\n" +
      kUninstall + "Shared]\n\"DisplayName\"=\"Contoso Shared\"\n\"Publisher\"=\"Contoso Ltd\"\n"
                   "\"InstallLocation\"=\"c:\\\\programme\\\\gemeinsame dateien\"\n\n" +
      kUninstall + "Own]\n\"DisplayName\"=\"Contoso Own\"\n\"Publisher\"=\"Contoso Ltd\"\n"
                   "\"InstallLocation\"=\"C:\\\\Programme\\\\Contoso\\\\\"\n";
  const std::string services = R"({"schema":"migready-api-services/1","complete":true,"error":null,"services":[
    {"name":"ContosoSvc","display_name":"Contoso","state":"running","start_type":"auto","type":"win32_own_process",
     "binary_path":"\"C:\\Programme\\Contoso\\svc.exe\""},
    {"name":"OtherSvc","display_name":"Other","state":"running","start_type":"auto","type":"win32_own_process",
     "binary_path":"C:\\Programme\\Other\\other.exe"}]})";
  test::BundleBuilder b;
  add_software(b, programs);
  add(b, "api.services", "system/services.json", "api", "json", complete_services(services));
  auto f = build(b);
  const auto& apps = value(f, "lob.applications");
  REQUIRE(apps.Size() == 3);
  CHECK(str(apps[0]["application"]) == "Contoso Own");
  CHECK(str(apps[0]["notes"]) == "runs as service ContosoSvc");
  // C:\Programme and its Gemeinsame Dateien are everyone's folders: no service is "theirs".
  CHECK(str(apps[1]["application"]) == "Contoso Shared");
  CHECK(str(apps[1]["notes"]) == "");
  CHECK(str(apps[2]["application"]) == "Contoso Tool");
  CHECK(str(apps[2]["notes"]) == "");
}

TEST_CASE("line-of-business applications: no services document, no programs, no hive", "[facts]") {
  test::BundleBuilder b;
  add_software(b, kPrograms);
  auto f = build(b);
  const auto& apps = value(f, "lob.applications");
  REQUIRE(apps.Size() == 3);
  CHECK(str(apps[1]["notes"]) == "");

  test::BundleBuilder empty;
  add_software(empty, kSw + "Microsoft\\Windows NT\\CurrentVersion]\n");
  CHECK(value(build(empty), "lob.applications").Size() == 0);

  test::BundleBuilder broken;
  add(broken, "registry.software", "registry/SOFTWARE.hiv", "registry", "regf", "not a hive");
  Diagnostics diags;
  CHECK(status(build(broken, diags), "lob.applications") == "parse_failed");
}

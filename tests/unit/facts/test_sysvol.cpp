// SYSVOL junction points and Companyweb's content databases (sysvol.cpp): api.file_versions' sysvol and
// companyweb parts judged against the SYSTEM hive.
#include "facts_test_util.hpp"

using namespace migready;
using namespace migready::test::facts_util;

namespace {

const std::string kNetlogon =
    kSys + "Services\\Netlogon\\Parameters]\n\"SysVol\"=\"C:\\\\WINDOWS\\\\SYSVOL\\\\sysvol\"\n\n";
const std::string kFrs = kSys +
                         "Services\\NtFrs\\Parameters\\Replica Sets\\{5E5F4C4B-9B2B-4F34-A71F-C2D1C4A52E39}]\n"
                         "\"Replica Set Root\"=\"C:\\\\WINDOWS\\\\SYSVOL\\\\domain\"\n"
                         "\"Replica Set Stage\"=\"C:\\\\WINDOWS\\\\SYSVOL\\\\staging\\\\domain\"\n\n";

// One entry of a SYSVOL folder; `target` empty: a plain folder (no reparse point); "?" a reparse point
// whose target was not read.
std::string entry(const std::string& folder, const std::string& name, const std::string& target) {
  const std::string path = "C:\\\\WINDOWS\\\\SYSVOL\\\\" + folder + "\\\\" + name;
  if (target.empty()) {
    return R"({"name":")" + name + R"(","path":")" + path +
           R"(","attributes":16,"reparse_point":false,"reparse_tag":null,"substitute_name":null,"print_name":null,"target":null,"error":null})";
  }
  if (target == "?") {
    return R"({"name":")" + name + R"(","path":")" + path +
           R"j(","attributes":1040,"reparse_point":true,"reparse_tag":null,"substitute_name":null,"print_name":null,"target":null,"error":"DeviceIoControl(FSCTL_GET_REPARSE_POINT): The file or directory is not a reparse point. (Win32 error 4390)"})j";
  }
  return R"({"name":")" + name + R"(","path":")" + path +
         R"(","attributes":1040,"reparse_point":true,"reparse_tag":2684354563,"substitute_name":"\\??\\)" + target +
         R"(","print_name":"","target":")" + target + R"(","error":null})";
}

std::string folder(const std::string& name, const std::string& entries, bool present = true,
                   const std::string& error = "") {
  return R"({"name":")" + name + R"(","path":"C:\\WINDOWS\\SYSVOL\\)" + name + R"(","present":)" +
         (present ? "true" : "false") + R"(,"truncated":false,"error":)" +
         (error.empty() ? "null" : "\"" + error + "\"") + R"(,"entries":[)" + entries + "]}";
}

std::string doc(const std::string& sysvol_part, const std::string& companyweb_part = "") {
  std::string out = R"({"schema":"migready-api-file-versions/1","complete":true,"error":null,"files":[])";
  if (!sysvol_part.empty()) out += R"(,"sysvol":)" + sysvol_part;
  if (!companyweb_part.empty()) out += R"(,"companyweb":)" + companyweb_part;
  return out + "}";
}

std::string sysvol_part(const std::string& sysvol_entries, const std::string& staging_entries,
                        const std::string& status = "ok") {
  return R"({"status":")" + status + R"(","error":null,"netlogon_sysvol":"C:\\WINDOWS\\SYSVOL\\sysvol","folders":[)" +
         folder("sysvol", sysvol_entries) + "," + folder("staging areas", staging_entries) + "]}";
}

const std::string kRight = "C:\\\\WINDOWS\\\\SYSVOL\\\\domain";
const std::string kRightStage = "C:\\\\WINDOWS\\\\SYSVOL\\\\staging\\\\domain";

facts::Facts build_with(const std::string& system, const std::string& document) {
  test::BundleBuilder b;
  add_system(b, system);
  add(b, "api.file_versions", "system/file-versions.json", "api", "json", document);
  return build(b);
}

std::string companyweb(const std::string& status, const std::string& files) {
  return R"({"status":")" + status +
         R"(","error":null,"instance":"SHAREPOINT","sql_data_root":"C:\\Program Files\\Microsoft SQL Server\\MSSQL$SHAREPOINT","searched":["C:\\Program Files\\Microsoft SQL Server\\MSSQL$SHAREPOINT\\Data"],"folder":)" +
         (status == "not_found" ? std::string("null")
                                : R"("C:\\Program Files\\Microsoft SQL Server\\MSSQL$SHAREPOINT\\Data")") +
         R"(,"files":[)" + files + "]}";
}

std::string file(const std::string& name, std::uint64_t size) {
  return R"({"name":")" + name + R"(","size_bytes":)" + std::to_string(size) +
         R"(,"last_write_utc":"2026-11-20T23:02:00.000Z"})";
}

}  // namespace

TEST_CASE("sysvol: both junctions where FRS expects them", "[facts][sysvol]") {
  auto f = build_with(kNetlogon + kFrs, doc(sysvol_part(entry("sysvol", "contoso.local", kRight),
                                                        entry("staging areas", "CONTOSO.LOCAL", kRightStage))));
  const auto& expected = value(f, "sysvol.expected");
  CHECK(str(expected["root"]) == "C:\\WINDOWS\\SYSVOL\\domain");
  CHECK(str(expected["from"]) == "frs");
  CHECK_THAT(source(f, "sysvol.expected"), Catch::Contains("Replica Set Root"));
  const auto& junctions = value(f, "sysvol.junctions");
  REQUIRE(junctions.Size() == 2);
  CHECK(str(junctions[0]["state"]) == "correct");
  CHECK(str(junctions[1]["state"]) == "correct");  // names compare case-insensitively
  CHECK(value(f, "sysvol.junction_problems").Empty());
}

TEST_CASE("sysvol: a wrong target, a plain folder, a missing entry", "[facts][sysvol]") {
  SECTION("KB 2028674's fault: the sysvol junction points elsewhere") {
    auto f = build_with(kNetlogon + kFrs, doc(sysvol_part(entry("sysvol", "contoso.local", "D:\\\\SYSVOL\\\\domain"),
                                                          entry("staging areas", "contoso.local", kRightStage))));
    const auto& problems = value(f, "sysvol.junction_problems");
    REQUIRE(problems.Size() == 1);
    CHECK(str(problems[0]["name"]) == "sysvol\\contoso.local");
    CHECK(str(problems[0]["state"]) == "wrong_target");
    CHECK(str(problems[0]["problem"]) == "a junction to D:\\SYSVOL\\domain");
    CHECK(str(problems[0]["expected"]) == "C:\\WINDOWS\\SYSVOL\\domain");
  }
  SECTION("a copied staging folder and no sysvol entry at all") {
    auto f = build_with(kNetlogon + kFrs, doc(sysvol_part(entry("sysvol", "other.local", kRight),
                                                          entry("staging areas", "contoso.local", ""))));
    const auto& problems = value(f, "sysvol.junction_problems");
    REQUIRE(problems.Size() == 2);
    CHECK(str(problems[0]["state"]) == "missing");
    CHECK(str(problems[1]["state"]) == "not_a_junction");
  }
  SECTION("without FRS's registry values, KB 324175's defaults are expected") {
    auto f = build_with(kNetlogon, doc(sysvol_part(entry("sysvol", "contoso.local", kRight),
                                                   entry("staging areas", "contoso.local", kRight))));
    CHECK(str(value(f, "sysvol.expected")["from"]) == "kb324175");
    const auto& problems = value(f, "sysvol.junction_problems");
    REQUIRE(problems.Size() == 1);
    CHECK(str(problems[0]["name"]) == "staging areas\\contoso.local");
  }
}

TEST_CASE("sysvol: what could not be read is not checked", "[facts][sysvol]") {
  SECTION("a reparse point whose target Wine cannot read") {
    auto f = build_with(kNetlogon + kFrs, doc(sysvol_part(entry("sysvol", "contoso.local", "?"),
                                                          entry("staging areas", "contoso.local", kRightStage))));
    CHECK(str(value(f, "sysvol.junctions")[0]["state"]) == "unread");
    CHECK(status(f, "sysvol.junction_problems") == "collection_failed");
    CHECK_THAT(reason(f, "sysvol.junction_problems"), Catch::Contains("4390"));
  }
  SECTION("an unread one does not hide a wrong one") {
    auto f = build_with(kNetlogon + kFrs, doc(sysvol_part(entry("sysvol", "contoso.local", "?"),
                                                          entry("staging areas", "contoso.local", ""))));
    CHECK(value(f, "sysvol.junction_problems").Size() == 1);
  }
  SECTION("a folder that could not be listed") {
    const std::string part =
        R"({"status":"denied","error":"x","netlogon_sysvol":"C:\\WINDOWS\\SYSVOL\\sysvol","folders":[)" +
        folder("sysvol", entry("sysvol", "contoso.local", kRight)) + "," +
        folder("staging areas", "", true, "FindFirstFileW: Access is denied. (Win32 error 5)") + "]}";
    auto f = build_with(kNetlogon + kFrs, doc(part));
    CHECK(status(f, "sysvol.junction_problems") == "collection_failed");
    CHECK_THAT(reason(f, "sysvol.junction_problems"), Catch::Contains("Access is denied"));
  }
  SECTION("a document of an older collector") {
    auto f = build_with(kNetlogon + kFrs, doc(""));
    CHECK(status(f, "sysvol.junctions") == "collection_failed");
    CHECK_THAT(reason(f, "sysvol.junction_problems"), Catch::Contains("collect again"));
  }
  SECTION("no document, no hive") {
    test::BundleBuilder b;
    add_system(b, kNetlogon);
    auto f = build(b);
    CHECK(status(f, "sysvol.junction_problems") == "collection_failed");
    test::BundleBuilder none;
    CHECK(status(build(none), "sysvol.expected") == "collection_failed");
  }
  SECTION("a hostile document: entries of the wrong types read as absent") {
    const std::string part =
        R"({"status":"ok","error":null,"netlogon_sysvol":null,"folders":[{"name":"sysvol","entries":7},5]})";
    test::BundleBuilder b;
    add_system(b, kNetlogon);
    add(b, "api.file_versions", "system/file-versions.json", "api", "json", doc(part));
    auto f = build(b);
    // The schema refuses it before the facts read it.
    CHECK(status(f, "sysvol.junction_problems") == "parse_failed");
  }
}

TEST_CASE("sysvol: not a domain controller", "[facts][sysvol]") {
  auto f = build_with(kSys + "Services\\Netlogon\\Parameters]\n\"Update\"=\"no\"\n",
                      doc(R"({"status":"not_found","error":null,"netlogon_sysvol":null,"folders":[]})"));
  CHECK(value(f, "sysvol.expected").IsNull());
  CHECK(value(f, "sysvol.junction_problems").IsNull());
}

TEST_CASE("companyweb: the content databases and their size", "[facts][sysvol]") {
  SECTION("STS_Config is the configuration, the rest is content") {
    auto f = build_with(
        kNetlogon,
        doc("", companyweb("ok", file("STS_Config.mdf", 1048576) + "," + file("STS_Config_log.ldf", 524288) + "," +
                                     file("STS_SBS01_1.mdf", 734003200) + "," + file("STS_SBS01_1_log.ldf", 33030144) +
                                     "," + file("STS_SBS01_1.bak", 99))));
    const auto& dbs = value(f, "companyweb.content_databases");
    REQUIRE(dbs.Size() == 2);
    CHECK(str(dbs[0]["name"]) == "STS_SBS01_1.mdf (700 MB)");
    CHECK(value(f, "companyweb.content_database_bytes").GetInt64() == 767033344);
    CHECK(value(f, "companyweb.content_database_mb").GetInt64() == 732);
    CHECK_THAT(source(f, "companyweb.content_databases"), Catch::Contains("MSSQL$SHAREPOINT\\Data"));
  }
  SECTION("no SHAREPOINT Data folder: null") {
    auto f = build_with(kNetlogon, doc("", companyweb("not_found", "")));
    CHECK(value(f, "companyweb.content_databases").IsNull());
    CHECK(value(f, "companyweb.content_database_mb").IsNull());
  }
  SECTION("unreadable or cut short: not checked") {
    std::string part = companyweb("denied", "");
    auto f = build_with(kNetlogon, doc("", part));
    CHECK(status(f, "companyweb.content_database_mb") == "collection_failed");
    auto g = build_with(kNetlogon, doc("", companyweb("truncated", file("STS_SBS01_1.mdf", 1))));
    CHECK(status(g, "companyweb.content_databases") == "collection_failed");
    auto h = build_with(kNetlogon, doc(""));
    CHECK_THAT(reason(h, "companyweb.content_databases"), Catch::Contains("collect again"));
  }
}

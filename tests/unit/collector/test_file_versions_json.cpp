#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/file_versions_json.hpp"
#include "support/api_documents.hpp"

namespace fv = migready::collector::file_versions;

namespace {

fv::Locations sbs_locations() {
  fv::Locations where;
  where.windir = "C:\\WINDOWS";
  where.common_program_files = "C:\\Program Files\\Common Files";
  where.program_files = "C:\\Program Files";
  return where;
}

const fv::FilePlan& row(const std::vector<fv::FilePlan>& plan, const std::string& id) {
  for (const fv::FilePlan& p : plan) {
    if (p.id == id) return p;
  }
  FAIL("no row " << id);
  return plan.front();
}

using Paths = std::vector<std::string>;

}  // namespace

TEST_CASE("file versions: a.b.c.d from the fixed info's MS/LS dwords", "[collector][file_versions]") {
  CHECK(fv::version_string(0x0006000A, 0x04690000) == "6.10.1129.0");  // MSXML 6.0 SP1
  CHECK(fv::version_string(0x00060005, 0x1DD60001) == "6.5.7638.1");   // Exchange 2003 SP2 store.exe
  CHECK(fv::version_string(0x000B0000, 0x1A0A0000) == "11.0.6666.0");
  CHECK(fv::version_string(0, 0) == "0.0.0.0");
  CHECK(fv::version_string(0xFFFFFFFF, 0xFFFFFFFF) == "65535.65535.65535.65535");
  // The high word is the first part: swapping halves must change the answer.
  CHECK(fv::version_string(0x000A0006, 0x00000469) == "10.6.0.1129");
}

TEST_CASE("file versions: joining registry folders", "[collector][file_versions]") {
  CHECK(fv::join_path("C:\\Program Files\\Exchsrvr", "bin") == "C:\\Program Files\\Exchsrvr\\bin");
  CHECK(fv::join_path("C:\\x\\\\\\", "ISAPI") == "C:\\x\\ISAPI");  // trailing backslashes trimmed
  CHECK(fv::join_path(std::string("C:\\x\0junk", 10), "bin") == "C:\\x\\bin");  // cut at the first NUL
  CHECK(fv::join_path("", "bin").empty());
  CHECK(fv::join_path("\\\\\\", "bin").empty());
  CHECK(fv::join_path(std::string(fv::kMaxFolderLength, 'a'), "b").size() == fv::kMaxFolderLength + 2);
  CHECK(fv::join_path(std::string(fv::kMaxFolderLength + 1, 'a'), "b").empty());
}

TEST_CASE("file versions: the default places, in the contract's order", "[collector][file_versions]") {
  const std::vector<fv::FilePlan> plan = fv::plan_file_versions(sbs_locations());
  REQUIRE(plan.size() == 6);
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"msxml6", "msxml6.dll"}, {"wuaueng", "wuaueng.dll"},       {"msi", "msi.dll"},
      {"owssvr", "OWSSVR.DLL"}, {"exchange_store", "store.exe"}, {"exchange_cdoex", "cdoex.dll"}};
  for (std::size_t i = 0; i < plan.size(); ++i) {
    CHECK(plan[i].id == expected[i].first);
    CHECK(plan[i].file == expected[i].second);
  }
  CHECK(plan[0].candidates == Paths{"C:\\WINDOWS\\system32\\msxml6.dll"});
  CHECK(plan[1].candidates == Paths{"C:\\WINDOWS\\system32\\wuaueng.dll"});
  CHECK(plan[2].candidates == Paths{"C:\\WINDOWS\\system32\\msi.dll"});
  CHECK(plan[3].candidates ==
        Paths{"C:\\Program Files\\Common Files\\Microsoft Shared\\web server extensions\\60\\ISAPI\\OWSSVR.DLL"});
  CHECK(plan[4].candidates == Paths{"C:\\Program Files\\Exchsrvr\\bin\\store.exe"});
  CHECK(plan[5].candidates == Paths{"C:\\Program Files\\Exchsrvr\\bin\\cdoex.dll"});
}

TEST_CASE("file versions: the registry's folder first, the default as fallback", "[collector][file_versions]") {
  fv::Locations where = sbs_locations();
  where.wss_location = "D:\\WSS\\60\\";  // WSS writes Location with a trailing backslash
  where.exchange_services = "E:\\Exchsrvr";
  const std::vector<fv::FilePlan> plan = fv::plan_file_versions(where);
  CHECK(row(plan, "owssvr").candidates ==
        Paths{"D:\\WSS\\60\\ISAPI\\OWSSVR.DLL",
              "C:\\Program Files\\Common Files\\Microsoft Shared\\web server extensions\\60\\ISAPI\\OWSSVR.DLL"});
  CHECK(row(plan, "exchange_store").candidates ==
        Paths{"E:\\Exchsrvr\\bin\\store.exe", "C:\\Program Files\\Exchsrvr\\bin\\store.exe"});
  CHECK(row(plan, "exchange_cdoex").candidates ==
        Paths{"E:\\Exchsrvr\\bin\\cdoex.dll", "C:\\Program Files\\Exchsrvr\\bin\\cdoex.dll"});
  CHECK(row(plan, "msxml6").candidates == Paths{"C:\\WINDOWS\\system32\\msxml6.dll"});  // never from the registry
}

TEST_CASE("file versions: under WOW64 the native folders first, then the (x86) ones", "[collector][file_versions]") {
  fv::Locations where = sbs_locations();
  where.program_files_x86 = "C:\\Program Files (x86)";
  where.common_program_files_x86 = "C:\\Program Files (x86)\\Common Files";
  const std::vector<fv::FilePlan> plan = fv::plan_file_versions(where);
  CHECK(row(plan, "owssvr").candidates ==
        Paths{"C:\\Program Files\\Common Files\\Microsoft Shared\\web server extensions\\60\\ISAPI\\OWSSVR.DLL",
              "C:\\Program Files (x86)\\Common Files\\Microsoft Shared\\web server extensions\\60\\ISAPI\\OWSSVR.DLL"});
  CHECK(row(plan, "exchange_store").candidates ==
        Paths{"C:\\Program Files\\Exchsrvr\\bin\\store.exe", "C:\\Program Files (x86)\\Exchsrvr\\bin\\store.exe"});
  // system32 is one path: the collector turns WOW64's redirection off to read the native one (win32/wow64.hpp).
  CHECK(row(plan, "msi").candidates == Paths{"C:\\WINDOWS\\system32\\msi.dll"});
}

TEST_CASE("file versions: a registry folder that is the default is tried once", "[collector][file_versions]") {
  fv::Locations where = sbs_locations();
  where.wss_location = "C:\\PROGRAM FILES\\Common Files\\Microsoft Shared\\web server extensions\\60\\";
  where.exchange_services = "c:\\program files\\exchsrvr";
  const std::vector<fv::FilePlan> plan = fv::plan_file_versions(where);
  CHECK(row(plan, "owssvr").candidates ==
        Paths{"C:\\PROGRAM FILES\\Common Files\\Microsoft Shared\\web server extensions\\60\\ISAPI\\OWSSVR.DLL"});
  CHECK(row(plan, "exchange_store").candidates == Paths{"c:\\program files\\exchsrvr\\bin\\store.exe"});
}

TEST_CASE("file versions: unknown or hostile folders give no candidate", "[collector][file_versions]") {
  fv::Locations where;  // no environment at all
  where.wss_location = "";
  where.exchange_services = std::string(fv::kMaxFolderLength + 10, 'x');
  const std::vector<fv::FilePlan> plan = fv::plan_file_versions(where);
  REQUIRE(plan.size() == 6);
  for (const fv::FilePlan& p : plan) CHECK(p.candidates.empty());

  where = sbs_locations();
  where.windir = "\\";
  where.exchange_services = std::string("\0E:\\Exchsrvr", 12);  // a NUL first: nothing usable
  const std::vector<fv::FilePlan> plan2 = fv::plan_file_versions(where);
  CHECK(row(plan2, "msi").candidates.empty());
  CHECK(row(plan2, "exchange_store").candidates == Paths{"C:\\Program Files\\Exchsrvr\\bin\\store.exe"});
}

TEST_CASE("file versions: the document", "[collector][file_versions]") {
  fv::FileVersionsDocument doc;
  fv::FileReading msxml;  // present, with a version resource
  msxml.id = "msxml6";
  msxml.file = "msxml6.dll";
  msxml.searched = {"C:\\WINDOWS\\system32\\msxml6.dll"};
  msxml.path = msxml.searched[0];
  msxml.version = fv::FixedVersion{0x0006000A, 0x04690000, 0x0006000A, 0x04690001};
  msxml.size_bytes = 1363968;
  msxml.last_write = 134396893201230000ULL;  // 2026-11-20T23:02:00.123Z
  doc.files.push_back(msxml);

  fv::FileReading store;  // absent from both places; stale fields must not leak into the JSON
  store.id = "exchange_store";
  store.file = "store.exe";
  store.searched = {"E:\\Exchsrvr\\bin\\store.exe", "C:\\Program Files\\Exchsrvr\\bin\\store.exe"};
  store.version = fv::FixedVersion{1, 2, 3, 4};
  store.size_bytes = 5;
  store.last_write = 6;
  doc.files.push_back(store);

  fv::FileReading cdoex;  // present, no version resource
  cdoex.id = "exchange_cdoex";
  cdoex.file = "cdoex.dll";
  cdoex.searched = {"C:\\Program Files\\Exchsrvr\\bin\\cdoex.dll"};
  cdoex.path = cdoex.searched[0];
  cdoex.size_bytes = 0;
  cdoex.last_write = 0;  // 1601-01-01
  doc.files.push_back(cdoex);

  fv::FileReading msi;  // present, reading its version failed
  msi.id = "msi";
  msi.file = "msi.dll";
  msi.searched = {"C:\\WINDOWS\\system32\\msi.dll"};
  msi.path = msi.searched[0];
  msi.size_bytes = 2890752;
  msi.last_write = 134396893200000000ULL;
  msi.error = "GetFileVersionInfoW: Access is denied. (Win32 error 5)";
  doc.files.push_back(msi);

  fv::FileReading none;  // nowhere to look
  none.id = "owssvr";
  none.file = "OWSSVR.DLL";
  doc.files.push_back(none);

  CHECK(migready::test::api_document_problem(fv::file_versions_json(doc)) == "");
  CHECK(fv::file_versions_json(doc) ==
        "{\n"
        "  \"schema\": \"migready-api-file-versions/1\",\n"
        "  \"complete\": true,\n"
        "  \"error\": null,\n"
        "  \"files\": [\n"
        "    {\n"
        "      \"id\": \"msxml6\",\n"
        "      \"file\": \"msxml6.dll\",\n"
        "      \"searched\": [\n"
        "        \"C:\\\\WINDOWS\\\\system32\\\\msxml6.dll\"\n"
        "      ],\n"
        "      \"present\": true,\n"
        "      \"path\": \"C:\\\\WINDOWS\\\\system32\\\\msxml6.dll\",\n"
        "      \"file_version\": \"6.10.1129.0\",\n"
        "      \"product_version\": \"6.10.1129.1\",\n"
        "      \"size_bytes\": 1363968,\n"
        "      \"last_write_utc\": \"2026-11-20T23:02:00.123Z\",\n"
        "      \"error\": null\n"
        "    },\n"
        "    {\n"
        "      \"id\": \"exchange_store\",\n"
        "      \"file\": \"store.exe\",\n"
        "      \"searched\": [\n"
        "        \"E:\\\\Exchsrvr\\\\bin\\\\store.exe\",\n"
        "        \"C:\\\\Program Files\\\\Exchsrvr\\\\bin\\\\store.exe\"\n"
        "      ],\n"
        "      \"present\": false,\n"
        "      \"path\": null,\n"
        "      \"file_version\": null,\n"
        "      \"product_version\": null,\n"
        "      \"size_bytes\": null,\n"
        "      \"last_write_utc\": null,\n"
        "      \"error\": null\n"
        "    },\n"
        "    {\n"
        "      \"id\": \"exchange_cdoex\",\n"
        "      \"file\": \"cdoex.dll\",\n"
        "      \"searched\": [\n"
        "        \"C:\\\\Program Files\\\\Exchsrvr\\\\bin\\\\cdoex.dll\"\n"
        "      ],\n"
        "      \"present\": true,\n"
        "      \"path\": \"C:\\\\Program Files\\\\Exchsrvr\\\\bin\\\\cdoex.dll\",\n"
        "      \"file_version\": null,\n"
        "      \"product_version\": null,\n"
        "      \"size_bytes\": 0,\n"
        "      \"last_write_utc\": \"1601-01-01T00:00:00.000Z\",\n"
        "      \"error\": null\n"
        "    },\n"
        "    {\n"
        "      \"id\": \"msi\",\n"
        "      \"file\": \"msi.dll\",\n"
        "      \"searched\": [\n"
        "        \"C:\\\\WINDOWS\\\\system32\\\\msi.dll\"\n"
        "      ],\n"
        "      \"present\": true,\n"
        "      \"path\": \"C:\\\\WINDOWS\\\\system32\\\\msi.dll\",\n"
        "      \"file_version\": null,\n"
        "      \"product_version\": null,\n"
        "      \"size_bytes\": 2890752,\n"
        "      \"last_write_utc\": \"2026-11-20T23:02:00.000Z\",\n"
        "      \"error\": \"GetFileVersionInfoW: Access is denied. (Win32 error 5)\"\n"
        "    },\n"
        "    {\n"
        "      \"id\": \"owssvr\",\n"
        "      \"file\": \"OWSSVR.DLL\",\n"
        "      \"searched\": [],\n"
        "      \"present\": false,\n"
        "      \"path\": null,\n"
        "      \"file_version\": null,\n"
        "      \"product_version\": null,\n"
        "      \"size_bytes\": null,\n"
        "      \"last_write_utc\": null,\n"
        "      \"error\": null\n"
        "    }\n"
        "  ]\n"
        "}\n");
}

TEST_CASE("file versions: hostile path text stays valid UTF-8 JSON", "[collector][file_versions]") {
  fv::FileVersionsDocument doc;
  fv::FileReading f;
  f.id = "owssvr";
  f.file = "OWSSVR.DLL";
  f.searched = {std::string("D:\\\"q\"\\\x01\xff\\OWSSVR.DLL")};
  doc.files.push_back(f);
  const std::string json = fv::file_versions_json(doc);
  CHECK(migready::test::api_document_problem(json) == "");
  CHECK(json.find("\"D:\\\\\\\"q\\\"\\\\\\u0001\xEF\xBF\xBD\\\\OWSSVR.DLL\"") != std::string::npos);
}

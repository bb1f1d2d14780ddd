#include <catch2/catch.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/file_versions_json.hpp"
#include "core/sysvol.hpp"
#include "support/api_documents.hpp"

namespace sv = migready::collector::sysvol;
namespace fv = migready::collector::file_versions;

namespace {

// A real junction's reparse data: the $REPARSE_POINT attribute value of "Documents and Settings" -> C:\Users
// from an NTFS volume, bytes 24..83 of fsntfs_test_reparse_point_values_data1 in libyal/libfsntfs
// (tests/fsntfs_test_reparse_point_values.c; the first 24 bytes are the MFT attribute header). NTFS stores
// what FSCTL_SET_REPARSE_POINT was given and FSCTL_GET_REPARSE_POINT returns the same REPARSE_DATA_BUFFER
// (MS-FSCC 2.1.2.1, 2.1.2.5): tag 0xA0000003, ReparseDataLength 0x34, SubstituteName at 0 (24 bytes,
// "\??\C:\Users"), PrintName at 0x1A (16 bytes, "C:\Users"), each followed by a NUL.
constexpr std::array<unsigned char, 60> kJunctionToUsers = {
    0x03, 0x00, 0x00, 0xa0, 0x34, 0x00, 0x00, 0x00, 0x00, 0x00, 0x18, 0x00, 0x1a, 0x00, 0x10,
    0x00, 0x5c, 0x00, 0x3f, 0x00, 0x3f, 0x00, 0x5c, 0x00, 0x43, 0x00, 0x3a, 0x00, 0x5c, 0x00,
    0x55, 0x00, 0x73, 0x00, 0x65, 0x00, 0x72, 0x00, 0x73, 0x00, 0x00, 0x00, 0x43, 0x00, 0x3a,
    0x00, 0x5c, 0x00, 0x55, 0x00, 0x73, 0x00, 0x65, 0x00, 0x72, 0x00, 0x73, 0x00, 0x00, 0x00};

std::vector<unsigned char> bytes() {
  return {kJunctionToUsers.begin(), kJunctionToUsers.end()};
}

}  // namespace

TEST_CASE("sysvol: a real junction's reparse buffer", "[collector][sysvol]") {
  const sv::ReparseData d = sv::parse_reparse_buffer(kJunctionToUsers);
  CHECK_FALSE(d.error);
  CHECK(d.tag == sv::kTagMountPoint);
  REQUIRE(d.substitute_name);
  CHECK(*d.substitute_name == "\\??\\C:\\Users");
  REQUIRE(d.print_name);
  CHECK(*d.print_name == "C:\\Users");
  CHECK(sv::junction_target(*d.substitute_name) == "C:\\Users");
  CHECK(sv::junction_target("C:\\WINDOWS\\SYSVOL\\domain") == "C:\\WINDOWS\\SYSVOL\\domain");
  CHECK(sv::junction_target("\\??\\") == "");
}

TEST_CASE("sysvol: every truncation of the buffer is refused or read within it", "[collector][sysvol]") {
  const std::vector<unsigned char> all = bytes();
  for (std::size_t n = 0; n < all.size(); ++n) {
    const std::vector<unsigned char> cut(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(n));
    const sv::ReparseData d = sv::parse_reparse_buffer(cut);
    INFO("first " << n << " bytes");
    CHECK(d.error);  // ReparseDataLength (52) needs all 60 bytes
    CHECK_FALSE(d.substitute_name);
  }
}

TEST_CASE("sysvol: hostile reparse buffers", "[collector][sysvol]") {
  SECTION("another tag: only the tag") {
    std::vector<unsigned char> b = bytes();
    b[0] = 0x0c;  // IO_REPARSE_TAG_SYMLINK 0xA000000C
    const sv::ReparseData d = sv::parse_reparse_buffer(b);
    CHECK_FALSE(d.error);
    CHECK(d.tag == 0xA000000Cu);
    CHECK_FALSE(d.substitute_name);
  }
  SECTION("a substitute name past the path buffer") {
    std::vector<unsigned char> b = bytes();
    b[10] = 0x40;  // SubstituteNameLength 64 > 44 bytes of path buffer
    const sv::ReparseData d = sv::parse_reparse_buffer(b);
    REQUIRE(d.error);
    CHECK(d.error->find("SubstituteName") != std::string::npos);
  }
  SECTION("a print name offset at the very end") {
    std::vector<unsigned char> b = bytes();
    b[12] = 0xfe;
    b[13] = 0xff;  // PrintNameOffset 65534
    CHECK(sv::parse_reparse_buffer(b).error);
  }
  SECTION("an odd offset") {
    std::vector<unsigned char> b = bytes();
    b[8] = 0x01;
    CHECK(sv::parse_reparse_buffer(b).error);
  }
  SECTION("a mount point with less than its own header") {
    const std::vector<unsigned char> b = {0x03, 0x00, 0x00, 0xa0, 0x04, 0x00, 0x00, 0x00, 0, 0, 0, 0};
    CHECK(sv::parse_reparse_buffer(b).error);
  }
  SECTION("ReparseDataLength past the bytes") {
    std::vector<unsigned char> b = bytes();
    b[4] = 0x35;
    const sv::ReparseData d = sv::parse_reparse_buffer(b);
    REQUIRE(d.error);
    CHECK(d.error->find("ReparseDataLength 53") != std::string::npos);
  }
  SECTION("empty names and an unpaired surrogate stay valid UTF-8") {
    std::vector<unsigned char> b = bytes();
    b[10] = 0x00;  // SubstituteNameLength 0
    b[16] = 0x00;
    b[17] = 0xd8;  // the print name starts elsewhere; put a lone surrogate in it
    b[42] = 0x00;
    b[43] = 0xd8;
    const sv::ReparseData d = sv::parse_reparse_buffer(b);
    CHECK_FALSE(d.error);
    CHECK(d.substitute_name == std::string());
    REQUIRE(d.print_name);
    CHECK(d.print_name->substr(0, 3) == "\xEF\xBF\xBD");
  }
  SECTION("every single-byte change of the header is refused or read within the bytes") {
    const std::vector<unsigned char> all = bytes();
    for (std::size_t at = 0; at < 16; ++at) {
      for (unsigned value : {0x00u, 0x01u, 0x7fu, 0x80u, 0xffu}) {
        std::vector<unsigned char> b = all;
        b[at] = static_cast<unsigned char>(value);
        const sv::ReparseData d = sv::parse_reparse_buffer(b);
        if (d.substitute_name) CHECK(d.substitute_name->size() <= all.size() * 3);
        if (d.error) CHECK_FALSE(d.substitute_name);
      }
    }
  }
  SECTION("more than the largest reparse buffer is read only to its bound") {
    std::vector<unsigned char> b = bytes();
    b.resize(sv::kMaxReparseBytes + 100, 0xff);
    CHECK_FALSE(sv::parse_reparse_buffer(b).error);
  }
}

TEST_CASE("sysvol: the folders from the Netlogon SysVol value", "[collector][sysvol]") {
  const auto plan = sv::plan_sysvol("C:\\WINDOWS\\SYSVOL\\sysvol\\");
  REQUIRE(plan.size() == 2);
  CHECK(plan[0].name == "sysvol");
  CHECK(plan[0].path == "C:\\WINDOWS\\SYSVOL\\sysvol");
  CHECK(plan[1].name == "staging areas");
  CHECK(plan[1].path == "C:\\WINDOWS\\SYSVOL\\staging areas");
  CHECK(sv::plan_sysvol("").empty());
  CHECK(sv::plan_sysvol("sysvol").empty());
  CHECK(sv::plan_sysvol("\\sysvol").empty());
  CHECK(sv::plan_sysvol(std::string(2000, 'a') + "\\sysvol").empty());
}

TEST_CASE("sysvol: the Companyweb Data folders, registry first", "[collector][sysvol]") {
  using Paths = std::vector<std::string>;
  CHECK(sv::plan_companyweb(std::string("D:\\MSSQL$SHAREPOINT"), "C:\\Program Files") ==
        Paths{"D:\\MSSQL$SHAREPOINT\\Data", "C:\\Program Files\\Microsoft SQL Server\\MSSQL$SHAREPOINT\\Data"});
  CHECK(sv::plan_companyweb(std::string("c:\\program files\\microsoft sql server\\mssql$sharepoint\\"),
                            "C:\\Program Files") ==
        Paths{"c:\\program files\\microsoft sql server\\mssql$sharepoint\\Data"});
  CHECK(sv::plan_companyweb(std::nullopt, "C:\\Program Files") ==
        Paths{"C:\\Program Files\\Microsoft SQL Server\\MSSQL$SHAREPOINT\\Data"});
  CHECK(sv::plan_companyweb(std::string(""), "").empty());
}

TEST_CASE("sysvol: both parts in the file versions document", "[collector][sysvol]") {
  fv::FileVersionsDocument doc;
  sv::SysvolPart part;
  part.netlogon_sysvol = "C:\\WINDOWS\\SYSVOL\\sysvol";
  sv::FolderReading folder;
  folder.name = "sysvol";
  folder.path = "C:\\WINDOWS\\SYSVOL\\sysvol";
  folder.present = true;
  sv::EntryReading junction;
  junction.name = "contoso.local";
  junction.path = folder.path + "\\contoso.local";
  junction.attributes = 0x410;
  junction.reparse_tag = sv::kTagMountPoint;
  junction.substitute_name = "\\??\\C:\\WINDOWS\\SYSVOL\\domain";
  junction.print_name = "";
  folder.entries.push_back(junction);
  sv::EntryReading unread;  // what Wine 8 answers for a reparse point
  unread.name = "other";
  unread.path = folder.path + "\\other";
  unread.attributes = 0x410;
  unread.error =
      "DeviceIoControl(FSCTL_GET_REPARSE_POINT): The file or directory is not a reparse point. (Win32 error 4390)";
  folder.entries.push_back(unread);
  part.folders.push_back(folder);
  sv::FolderReading staging;
  staging.name = "staging areas";
  staging.path = "C:\\WINDOWS\\SYSVOL\\staging areas";
  staging.error = "FindFirstFileW: Access is denied. (Win32 error 5) (C:\\WINDOWS\\SYSVOL\\staging areas)";
  part.folders.push_back(staging);
  sv::settle(part, true);
  CHECK(part.status == sv::PartStatus::denied);
  doc.sysvol = part;

  sv::CompanywebPart web;
  web.sql_data_root = "C:\\Program Files\\Microsoft SQL Server\\MSSQL$SHAREPOINT";
  web.searched = {"C:\\Program Files\\Microsoft SQL Server\\MSSQL$SHAREPOINT\\Data"};
  web.folder = web.searched.front();
  web.files.push_back({"STS_SBS01_1.mdf", 734003200, 133780000000000000ull});
  doc.companyweb = web;

  const std::string json = fv::file_versions_json(doc);
  CHECK(migready::test::api_document_problem(json) == "");
  CHECK(json.find("\"target\": \"C:\\\\WINDOWS\\\\SYSVOL\\\\domain\"") != std::string::npos);
  CHECK(json.find("\"reparse_point\": true") != std::string::npos);
  CHECK(json.find("\"status\": \"denied\"") != std::string::npos);
  CHECK(json.find("\"size_bytes\": 734003200") != std::string::npos);

  fv::FileVersionsDocument without;  // a document without the parts stays valid, without the members
  const std::string plain = fv::file_versions_json(without);
  CHECK(migready::test::api_document_problem(plain) == "");
  CHECK(plain.find("sysvol") == std::string::npos);
}

TEST_CASE("sysvol: no Netlogon SysVol value and no SHAREPOINT folder", "[collector][sysvol]") {
  fv::FileVersionsDocument doc;
  sv::SysvolPart part;
  part.status = sv::PartStatus::not_found;
  sv::settle(part, false);
  CHECK(part.status == sv::PartStatus::not_found);
  doc.sysvol = part;
  sv::CompanywebPart web;
  web.status = sv::PartStatus::not_found;
  web.searched = {"C:\\Program Files\\Microsoft SQL Server\\MSSQL$SHAREPOINT\\Data"};
  doc.companyweb = web;
  const std::string json = fv::file_versions_json(doc);
  CHECK(migready::test::api_document_problem(json) == "");
  CHECK(json.find("\"status\": \"not_found\"") != std::string::npos);
}

#include <catch2/catch.hpp>

#include <string>

#include "report/verify.hpp"
#include "support/bundle_builder.hpp"

using namespace migready;

namespace {

report::Verification verify_zip(const std::string& zip) {
  Diagnostics diags;
  auto opened = bundle::open_bundle_memory(zip, "t.zip", bundle::Limits{}, diags);
  REQUIRE(opened);
  return report::verify(*opened);
}

}  // namespace

TEST_CASE("verify: an intact bundle") {
  test::BundleBuilder b;
  b.add_artifact("command.ipconfig", "commands/ipconfig_all.txt", "command", "text", "Windows IP Configuration\r\n");
  const auto v = verify_zip(b.zip());
  CHECK(v.intact());
  CHECK(v.verified == v.artifacts);
  CHECK(report::verify_verdict(v).rfind("INTACT: ", 0) == 0);
  CHECK(report::render_verify_json(v).find("\"intact\": true") != std::string::npos);
}

TEST_CASE("verify: altered bytes are a problem naming the artifact") {
  test::BundleBuilder b;
  auto& art = b.add_artifact("command.ipconfig", "commands/ipconfig_all.txt", "command", "text", "abc");
  art["sha256"].SetString("0000000000000000000000000000000000000000000000000000000000000000");
  const auto v = verify_zip(b.zip());
  CHECK_FALSE(v.intact());
  REQUIRE(v.problems.size() == 1);
  CHECK(v.problems[0].artifact_id == "command.ipconfig");
  CHECK(v.problems[0].problem.find("SHA-256 mismatch") != std::string::npos);
  CHECK(report::render_verify_text(v).find("PROBLEM command.ipconfig: SHA-256 mismatch") != std::string::npos);
}

TEST_CASE("verify: an entry no artifact names, and an incomplete collection, are problems") {
  test::BundleBuilder b;
  b.add_file("commands/extra.txt", "x");
  auto v = verify_zip(b.zip());
  REQUIRE(v.problems.size() == 1);
  CHECK(v.problems[0].artifact_id.empty());
  CHECK(v.problems[0].problem.find("commands/extra.txt") != std::string::npos);

  test::BundleBuilder c;
  c.manifest()["complete"].SetBool(false);
  c.manifest()["incomplete_reason"].SetString("stopped");
  v = verify_zip(c.zip());
  REQUIRE(v.problems.size() == 1);
  CHECK(v.problems[0].problem.find("incomplete: stopped") != std::string::npos);
}

TEST_CASE("verify: what the collector recorded as not collected is a note, not a problem") {
  test::BundleBuilder b;
  auto& art = b.add_artifact("command.dcdiag", "commands/dcdiag.txt", "command", "text", "part of it");
  art["status"].SetString("truncated");
  art["error"].SetString("output cut at the size limit");
  const auto v = verify_zip(b.zip());
  CHECK(v.intact());
  CHECK(v.verified == 1);
  REQUIRE(v.notes.size() == 1);
  CHECK(v.notes[0].artifact_id == "command.dcdiag");
  CHECK(v.notes[0].problem.find("truncated") != std::string::npos);
}

TEST_CASE("verify: the JSON of an unreadable bundle") {
  const std::string json = report::render_verify_error_json("x.zip", Error{Errc::format, "not an archive", "x.zip"});
  CHECK(json.find("\"readable\": false") != std::string::npos);
  CHECK(json.find("\"code\": \"format\"") != std::string::npos);
}

TEST_CASE("verify: an API document that breaks its schema is a problem naming the member") {
  const std::string volume =
      R"({"root": "C:\\", "drive_type": "fixed", "drive_type_code": 3, "file_system": "NTFS", "label": "",
          "serial_number": 1, "max_component_length": 255, "file_system_flags": 3, "total_bytes": 100,
          "free_bytes": 50, "available_bytes": 50, "error": null})";
  const std::string good = R"({"schema": "migready-api-volumes/1", "complete": true, "error": null, "volumes": [)" +
                           volume + "]}";
  test::BundleBuilder b;
  b.add_artifact("api.volumes", "system/volumes.json", "api", "json", good);
  CHECK(verify_zip(b.zip()).intact());

  std::string broken = good;
  broken.replace(broken.find("\"fixed\""), 7, "\"hard\"");
  test::BundleBuilder c;
  c.add_artifact("api.volumes", "system/volumes.json", "api", "json", broken);
  const auto v = verify_zip(c.zip());
  CHECK_FALSE(v.intact());
  REQUIRE(v.problems.size() == 1);
  CHECK(v.problems[0].artifact_id == "api.volumes");
  CHECK(v.problems[0].problem ==
        "system/volumes.json#/volumes/0/drive_type: not a valid migready-api-volumes/1 document: 'enum' of "
        "#/definitions/volume/properties/drive_type: expected one of \"unknown\", \"no_root_dir\", \"removable\", "
        "\"fixed\", \"remote\", \"cdrom\", \"ramdisk\"; found a string of 4 bytes");

  test::BundleBuilder d;  // not JSON at all: the parse error, with its line
  d.add_artifact("api.volumes", "system/volumes.json", "api", "json", "{\n\"schema\": ");
  const auto w = verify_zip(d.zip());
  REQUIRE(w.problems.size() == 1);
  CHECK(w.problems[0].problem.rfind("system/volumes.json:2", 0) == 0);
}

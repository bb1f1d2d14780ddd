#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "platform/platform.hpp"
#include "rules/rules.hpp"
#include "triage/triage.hpp"

using namespace migready;

TEST_CASE("triage: a bundle by its name, and the extension its report name drops") {
  CHECK(triage::bundle_extension_length("migready-SBS01-20261125T143005Z.zip") == 4);
  CHECK(triage::bundle_extension_length("a.ZIP") == 4);
  CHECK(triage::bundle_extension_length("a.Tar.Gz") == 7);  // the longer extension, not ".gz" or nothing
  CHECK(triage::bundle_extension_length("a.tgz") == 4);
  CHECK(triage::bundle_extension_length("a.tar") == 4);
  CHECK(triage::bundle_extension_length("a.CAB") == 4);
  CHECK(triage::bundle_extension_length(".zip") == 0);  // only an extension: not a bundle's name
  CHECK(triage::bundle_extension_length("x.tar.gz.txt") == 0);
  CHECK(triage::bundle_extension_length("a.gz") == 0);
  CHECK(triage::bundle_extension_length("") == 0);
  CHECK(triage::is_bundle_name("x.tar.gz"));
  CHECK(triage::is_bundle_name("inbox.Zip"));
  CHECK_FALSE(triage::is_bundle_name(".tgz"));
  CHECK_FALSE(triage::is_bundle_name("notes.txt"));
}

TEST_CASE("triage: bundles and folders with non-ASCII names, found and judged by their UTF-8 paths") {
  namespace fs = std::filesystem;
  const fs::path root = platform::fs_path(std::string(MIGREADY_TEST_TMP_DIR) + "/triage-Kunden-Ü");
  fs::remove_all(root);
  fs::create_directories(root / platform::fs_path("Ölwerk 試験"));
  const fs::path sample = fs::path(MIGREADY_SOURCE_DIR) / "samples" / "migready-SBS01-20261125T143005Z.zip";
  for (const char* name : {"Ölwerk 試験/Müller GmbH.zip", "Ölwerk 試験/zeta.zip", "Ölwerk 試験/Ärzte \xF0\x9F\x93\xA6.zip"}) {
    fs::copy_file(sample, root / platform::fs_path(name));
  }
  const std::string top = platform::path_utf8(root);
  auto found = triage::find_bundles({top});
  REQUIRE(found);
  std::vector<std::string> paths;
  for (const auto& f : *found) {
    CHECK(f.error.empty());
    paths.push_back(f.path);
  }
  // In the order of the names' UTF-8 bytes, which every system shares.
  CHECK(paths == std::vector<std::string>{top + "/Ölwerk 試験/Müller GmbH.zip", top + "/Ölwerk 試験/zeta.zip",
                                          top + "/Ölwerk 試験/Ärzte \xF0\x9F\x93\xA6.zip"});

  auto rules = rules::RuleSet::builtin();
  REQUIRE(rules);
  triage::Options options;
  options.output_dir = top + "/Ausgabe ü";
  auto outcome = triage::run(*found, *rules, options, {});
  REQUIRE(outcome);
  REQUIRE(outcome->rows.size() == 3);
  for (const auto& row : outcome->rows) {
    INFO(row.path << ": " << row.error);
    CHECK(row.status != triage::TriageStatus::unreadable);
    CHECK(row.status != triage::TriageStatus::write_failed);
  }
  CHECK(fs::is_regular_file(root / platform::fs_path("Ausgabe ü/reports/M__ller_GmbH.html")));
  CHECK(fs::is_regular_file(root / platform::fs_path("Ausgabe ü/index.html")));
  std::ifstream summary(root / platform::fs_path("Ausgabe ü/summary.json"), std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(summary)), std::istreambuf_iterator<char>());
  CHECK_THAT(text, Catch::Contains("Ölwerk 試験/Ärzte \xF0\x9F\x93\xA6.zip"));
}

#include <catch2/catch.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "platform/platform.hpp"

using namespace migready;
namespace fs = std::filesystem;

namespace {

// A fresh folder under the test tmp dir, named in UTF-8 (a name the ANSI code page of a Western Windows
// cannot hold: Greek, CJK and a character outside the BMP).
fs::path fresh_dir(const std::string& utf8_name) {
  const fs::path dir = platform::fs_path(std::string(MIGREADY_TEST_TMP_DIR) + "/" + utf8_name);
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

std::string read_all(const std::string& utf8_path) {
  std::FILE* f = platform::open_file(utf8_path, "rb");
  if (f == nullptr) return "<cannot open>";
  std::string text;
  char buffer[256];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0) text.append(buffer, n);
  std::fclose(f);
  return text;
}

}  // namespace

TEST_CASE("platform: UTF-8 paths round trip through std::filesystem", "[platform]") {
  for (const std::string name : {"plain.zip", "Müller GmbH.zip", "Δοκιμή-試験.zip", "emoji-\xF0\x9F\x93\xA6.zip",
                                 "dir/sub dir/ü.zip", "C:\\Kunden\\ü.zip"}) {
    INFO(name);
    const fs::path path = platform::fs_path(name);
    CHECK(platform::path_utf8(path) == name);
    CHECK(path.u8string() == std::u8string(name.begin(), name.end()));
  }
  // Built from UTF-8, a component is the characters, not the bytes of some code page.
  CHECK(platform::path_utf8(platform::fs_path("Kunden/Müller GmbH.zip").filename()) == "Müller GmbH.zip");
  CHECK(platform::path_utf8(platform::fs_path("Kunden/Müller GmbH.zip").parent_path()) == "Kunden");
  CHECK(platform::fs_path("a/Ölkännchen.tar.gz").extension() == platform::fs_path(".gz"));
}

TEST_CASE("platform: file_name is the last component, as the system separates them", "[platform]") {
  CHECK(platform::file_name("x.zip") == "x.zip");
  CHECK(platform::file_name("in/box/Müller.zip") == "Müller.zip");
  CHECK(platform::file_name("dir/") == "");
#ifdef _WIN32
  CHECK(platform::file_name("C:\\Kunden\\ü.zip") == "ü.zip");
  CHECK(platform::file_name("C:x.zip") == "x.zip");
#else
  // A backslash is an ordinary character of a POSIX name.
  CHECK(platform::file_name("a\\b.zip") == "a\\b.zip");
#endif
}

TEST_CASE("platform: files with non-ASCII names are written, mapped and read by their UTF-8 path", "[platform]") {
  const fs::path dir = fresh_dir("platform-Ünïcødé-試験");
  const std::string file = platform::path_utf8(dir / platform::fs_path("Bündel \xF0\x9F\x93\xA6.json"));
  REQUIRE(platform::write_file_atomically(file, "first"));
  REQUIRE(platform::write_file_atomically(file, "second, longer"));  // replaces
  CHECK(read_all(file) == "second, longer");
  auto mapped = platform::map_file(file);
  REQUIRE(mapped);
  CHECK(std::string(reinterpret_cast<const char*>(mapped->bytes().data()), mapped->bytes().size()) == "second, longer");
  // The one file, under the name given: no temporary file left beside it.
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.push_back(platform::path_utf8(entry.path().filename()));
  CHECK(names == std::vector<std::string>{"Bündel \xF0\x9F\x93\xA6.json"});

  REQUIRE(platform::write_file_atomically(platform::path_utf8(dir / "empty"), ""));
  auto empty = platform::map_file(platform::path_utf8(dir / "empty"));
  REQUIRE(empty);
  CHECK(empty->bytes().empty());
}

TEST_CASE("platform: failures say why in the same words on every system", "[platform]") {
  const fs::path dir = fresh_dir("platform-errors-ä");
  const std::string missing = platform::path_utf8(dir / "nö.zip");
  auto mapped = platform::map_file(missing);
  REQUIRE_FALSE(mapped);
  CHECK(mapped.error().message == "No such file or directory");
  CHECK(mapped.error().where == missing);

  mapped = platform::map_file(platform::path_utf8(dir));
  REQUIRE_FALSE(mapped);
  CHECK(mapped.error().message == "is a directory");

  auto written = platform::write_file_atomically(platform::path_utf8(dir / "no folder" / "x.json"), "x");
  REQUIRE_FALSE(written);
  CHECK(written.error().message == "cannot create a temporary file: No such file or directory");

  // Over a folder: refused, and nothing is left behind.
  fs::create_directories(dir / "taken");
  written = platform::write_file_atomically(platform::path_utf8(dir / "taken"), "x");
  REQUIRE_FALSE(written);
  CHECK(written.error().message == "Is a directory");
  std::size_t entries = 0;
  for (const auto& entry : fs::directory_iterator(dir)) entries += entry.path().filename() != "taken";
  CHECK(entries == 0);
  CHECK(platform::open_file(missing, "rb") == nullptr);
}

TEST_CASE("platform: arguments and CPUs", "[platform]") {
#ifndef _WIN32
  char program[] = "migready", a[] = "analyze", b[] = "Müller GmbH.zip";
  char* argv[] = {program, a, b, nullptr};
  CHECK(platform::arguments(3, argv) == std::vector<std::string>{"analyze", "Müller GmbH.zip"});
  CHECK(platform::arguments(1, argv).empty());
#endif
  CHECK(platform::cpu_count() >= 1);
}

#include <catch2/catch.hpp>

#include <string>

#include "core/summary.hpp"

using namespace migready::collector;

namespace {

ArtifactRecord record(std::string id, Status status, std::optional<std::string> error = std::nullopt) {
  ArtifactRecord rec;
  rec.id = std::move(id);
  rec.status = status;
  rec.error = std::move(error);
  return rec;
}

}  // namespace

TEST_CASE("shorten_for_console keeps short text and cuts long text at code points", "[collector][summary]") {
  CHECK(shorten_for_console("", 100) == "");
  CHECK(shorten_for_console("program not found: netdiag", 100) == "program not found: netdiag");
  CHECK(shorten_for_console("  line one\r\nline two\t\tend \n", 100) == "line one line two end");
  CHECK(shorten_for_console(std::string(100, 'a'), 100) == std::string(100, 'a'));
  CHECK(shorten_for_console(std::string(101, 'a'), 100) == std::string(97, 'a') + "...");
  CHECK(shorten_for_console("abcdefgh", 7) == "abcd...");
  // A cut never splits a multi-byte character: 10 x U+00DC (2 bytes each) cut to 7 code points.
  std::string umlauts;
  for (int i = 0; i < 10; ++i) umlauts += "\xc3\x9c";
  CHECK(shorten_for_console(umlauts, 7) == "\xc3\x9c\xc3\x9c\xc3\x9c\xc3\x9c...");
  CHECK(shorten_for_console(umlauts, 10) == umlauts);
  CHECK(shorten_for_console("\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80\xf0\x9f\x98\x80x", 4) ==
        "\xf0\x9f\x98\x80...");
  // No trailing space before the ellipsis; tiny limits drop it.
  CHECK(shorten_for_console("abc    defghij", 7) == "abc...");
  CHECK(shorten_for_console("abcdef", 3) == "abc");
  CHECK(shorten_for_console("abcdef", 0) == "");
  // Invalid UTF-8 (a stray continuation byte, a truncated sequence) is counted byte by byte, never overrun.
  CHECK(shorten_for_console("\x80\x80\x80\x80\x80\x80", 5) == "\x80\x80...");
  CHECK(shorten_for_console("ab\xe2\x82", 100) == "ab\xe2\x82");
}

TEST_CASE("format_byte_size", "[collector][summary]") {
  CHECK(format_byte_size(0) == "0 bytes");
  CHECK(format_byte_size(1023) == "1023 bytes");
  CHECK(format_byte_size(1024) == "1024 bytes, 1.0 KiB");
  CHECK(format_byte_size(186761) == "186761 bytes, 182.4 KiB");
  CHECK(format_byte_size(5u * 1024 * 1024) == "5242880 bytes, 5.0 MiB");
  CHECK(format_byte_size(3ull * 1024 * 1024 * 1024) == "3221225472 bytes, 3.0 GiB");
  CHECK(format_byte_size(5000ull * 1024 * 1024 * 1024) == "5368709120000 bytes, 5000.0 GiB");
}

TEST_CASE("format_summary of a complete run with problems", "[collector][summary]") {
  Manifest m;
  m.artifacts.push_back(record("registry.system", Status::ok, "RegSaveKeyW wrote a file that is not a regf hive"));
  m.artifacts.push_back(record("command.netdiag", Status::missing, "program not found: netdiag"));
  m.artifacts.push_back(record("command.repadmin_showrepl", Status::timeout,
                               "killed at the time limit\r\nof 5 s with its process tree " + std::string(200, 'x')));
  m.artifacts.push_back(record("command.w32tm_monitor", Status::truncated));
  m.artifacts.push_back(record("api.time", Status::ok));
  const std::string text = format_summary("C:\\migready\\migready-SBS01-20261125T143005Z.zip", 186761, m, 0);
  const std::string cut = "killed at the time limit of 5 s with its process tree " + std::string(43, 'x') + "...";
  CHECK(text ==
        "bundle: C:\\migready\\migready-SBS01-20261125T143005Z.zip (186761 bytes, 182.4 KiB)\n"
        "artifacts: 5 collected: 2 ok, 1 timeout, 1 missing, 1 truncated\n"
        "not ok:\n"
        "  command.netdiag: missing: program not found: netdiag\n"
        "  command.repadmin_showrepl: timeout: " + cut + "\n"
        "  command.w32tm_monitor: truncated\n");
}

TEST_CASE("format_summary of an interrupted run and of an all-ok run", "[collector][summary]") {
  Manifest m;
  m.complete = false;
  m.incomplete_reason = "interrupted by Ctrl-C; not collected: api.volumes api.time";
  m.artifacts.push_back(record("registry.system", Status::ok));
  m.artifacts.push_back(record("command.dcdiag", Status::failed, "interrupted"));
  CHECK(format_summary("D:\\b.zip", kUnknownSize, m, 2) ==
        "bundle: D:\\b.zip\n"
        "artifacts: 2 collected: 1 ok, 1 failed; 2 not collected (interrupted)\n"
        "not ok:\n"
        "  command.dcdiag: failed: interrupted\n"
        "incomplete: interrupted by Ctrl-C; not collected: api.volumes api.time\n");

  m.incomplete_reason = "the bundle's volume M:\\ has 300.0 MiB free, near its margin of 256.0 MiB";
  const std::string margin = format_summary("D:\\b.zip", kUnknownSize, m, 2, StopCause::disk_margin);
  CHECK(margin.find("2 not collected (stopped at the disk margin)\n") != std::string::npos);
  CHECK(format_summary("D:\\b.zip", kUnknownSize, m, 2, StopCause::zip_failed)
            .find("2 not collected (stopped: the zip could not be written)\n") != std::string::npos);
  CHECK(margin.find("interrupted)") == std::string::npos);

  Manifest good;
  good.artifacts.push_back(record("api.time", Status::ok));
  CHECK(format_summary("x.zip", 10, good, 0) == "bundle: x.zip (10 bytes)\nartifacts: 1 collected: 1 ok\n");
  Manifest empty;
  CHECK(format_summary("x.zip", 10, empty, 0) == "bundle: x.zip (10 bytes)\nartifacts: 0 collected\n");
}

#include <catch2/catch.hpp>

#include "core/steps.hpp"
#include "support/bundle_builder.hpp"

using namespace migready::collector;
namespace test = migready::test;

TEST_CASE("steps: split_command", "[collector][steps]") {
  auto p = split_command("ipconfig /all");
  CHECK(p.program == "ipconfig");
  CHECK(p.args == "/all");
  p = split_command("  \"C:\\Program Files\\x.exe\"   -a \"b c\"");
  CHECK(p.program == "C:\\Program Files\\x.exe");
  CHECK(p.args == "-a \"b c\"");
  p = split_command("netdiag");
  CHECK(p.program == "netdiag");
  CHECK(p.args.empty());
  CHECK(split_command("").program.empty());
}

TEST_CASE("steps: program_file_names", "[collector][steps]") {
  CHECK(program_file_names("ipconfig") == std::vector<std::string>{"ipconfig.exe", "ipconfig.com"});
  CHECK(program_file_names("dcdiag.exe") == std::vector<std::string>{"dcdiag.exe"});
  CHECK(program_file_names("C:\\v1.1\\tool") == std::vector<std::string>{"C:\\v1.1\\tool.exe", "C:\\v1.1\\tool.com"});
}

TEST_CASE("steps: command_search_folders", "[collector][steps]") {
  SearchPlaces places;
  places.system_dir = "C:\\WINDOWS\\system32";
  places.program_files = "C:\\Program Files";
  places.path = "C:\\WINDOWS\\system32;C:\\WINDOWS;C:\\WINDOWS\\System32\\Wbem;\"C:\\Tools\\bin\\\";;D:\\";
  CHECK(command_search_folders(places) == std::vector<std::string>{
                                              "C:\\WINDOWS\\system32",
                                              "C:\\WINDOWS\\system32\\wbem",
                                              "C:\\Program Files\\Support Tools",
                                              "C:\\WINDOWS",
                                              "C:\\Tools\\bin",
                                              "D:",  // a drive root: joined as "D:\\netdiag.exe"
                                          });

  SECTION("relative PATH entries are never searched (the current folder would be)") {
    places.path = ".;bin;C:relative;\\rooted-without-drive;%SystemRoot%\\x; ;\\\\server\\share\\tools";
    CHECK(command_search_folders(places) == std::vector<std::string>{
                                                "C:\\WINDOWS\\system32",
                                                "C:\\WINDOWS\\system32\\wbem",
                                                "C:\\Program Files\\Support Tools",
                                                "\\\\server\\share\\tools",
                                            });
  }
  SECTION("no ProgramFiles, no PATH") {
    places.program_files.clear();
    places.path.clear();
    CHECK(command_search_folders(places) ==
          std::vector<std::string>{"C:\\WINDOWS\\system32", "C:\\WINDOWS\\system32\\wbem"});
  }
  SECTION("the Support Tools folder listed in PATH too is searched once, in the trusted position") {
    places.path = "c:\\program files\\support tools\\;C:\\x";
    const auto folders = command_search_folders(places);
    REQUIRE(folders.size() == 4);
    CHECK(folders[2] == "C:\\Program Files\\Support Tools");
    CHECK(folders[3] == "C:\\x");
  }
  SECTION("the 32-bit collector on 64-bit Windows: the native Support Tools, then the (x86) ones") {
    places.program_files_x86 = "C:\\Program Files (x86)\\";
    places.path.clear();
    CHECK(command_search_folders(places) == std::vector<std::string>{
                                                "C:\\WINDOWS\\system32",
                                                "C:\\WINDOWS\\system32\\wbem",
                                                "C:\\Program Files\\Support Tools",
                                                "C:\\Program Files (x86)\\Support Tools",
                                            });
  }
  SECTION("nothing known") { CHECK(command_search_folders({}).empty()); }
}

TEST_CASE("steps: decide_service_condition", "[collector][steps]") {
  auto c = decide_service_condition("DHCPServer", ServiceProbe::installed, "");
  CHECK(c.run);
  CHECK_FALSE(c.error);
  CHECK(c.searched.empty());

  c = decide_service_condition("DHCPServer", ServiceProbe::not_installed, "ignored");
  CHECK_FALSE(c.run);
  CHECK(c.status == Status::missing);
  CHECK(*c.error == "the DHCP Server service (DHCPServer) is not installed");
  CHECK(c.searched == std::vector<std::string>{"service control manager: DHCPServer"});

  c = decide_service_condition("DHCPServer", ServiceProbe::denied, "Access is denied.");
  CHECK_FALSE(c.run);
  CHECK(c.status == Status::denied);
  CHECK(*c.error == "cannot tell whether the DHCP Server service (DHCPServer) is installed: Access is denied.");
  CHECK(c.searched.size() == 1);

  c = decide_service_condition("Foo", ServiceProbe::failed, "The RPC server is unavailable.");
  CHECK_FALSE(c.run);
  CHECK(c.status == Status::failed);
  CHECK(*c.error == "cannot tell whether the service Foo is installed: The RPC server is unavailable.");

  CHECK(describe_service("dhcpserver") == "the DHCP Server service (dhcpserver)");
  CHECK(describe_service("W32Time") == "the service W32Time");
}

TEST_CASE("steps: split_registry_path", "[collector][steps]") {
  auto r = split_registry_path("HKEY_LOCAL_MACHINE\\SYSTEM");
  REQUIRE(r);
  CHECK(r->root == "HKEY_LOCAL_MACHINE");
  CHECK(r->subkey == "SYSTEM");
  r = split_registry_path("HKEY_USERS");
  REQUIRE(r);
  CHECK(r->subkey.empty());
  CHECK_FALSE(split_registry_path("\\x"));
}

TEST_CASE("steps: classify_command", "[collector][steps]") {
  CommandRun run;
  run.exited = true;
  run.output_bytes = 10;
  auto v = classify_command(run);
  CHECK(v.status == Status::ok);
  CHECK(v.store_output);
  CHECK_FALSE(v.error);

  run.exit_code = 5;  // dcdiag found problems: still ok, the analyzer judges
  CHECK(classify_command(run).status == Status::ok);

  run.output_bytes = 0;
  v = classify_command(run);
  CHECK(v.status == Status::failed);
  CHECK_FALSE(v.store_output);

  run.exit_code = 0;
  v = classify_command(run);
  CHECK(v.status == Status::ok);
  CHECK(v.store_output);  // an empty entry: the command ran and printed nothing

  CommandRun slow;
  slow.timed_out = true;
  slow.output_bytes = 3;
  v = classify_command(slow);
  CHECK(v.status == Status::timeout);
  CHECK(v.store_output);
  slow.output_bytes = 0;
  CHECK_FALSE(classify_command(slow).store_output);

  CommandRun big;
  big.truncated = true;
  big.output_bytes = 64;
  CHECK(classify_command(big).status == Status::truncated);

  CommandRun cancelled;
  cancelled.cancelled = true;
  cancelled.output_bytes = 1;
  v = classify_command(cancelled);
  CHECK(v.status == Status::failed);
  CHECK(v.error->find("Ctrl-C") != std::string::npos);
}

TEST_CASE("steps: command_output_encoding", "[collector][steps]") {
  CHECK(command_output_encoding(std::string("\xFF\xFE" "E\0r\0", 6)) == Encoding::utf16le);  // Wine's wmic
  CHECK(command_output_encoding(std::string("C\0a\0p\0t\0\r\0\r\0\n\0", 14)) == Encoding::utf16le);  // no BOM
  CHECK(command_output_encoding("\xEF\xBB\xBFOK\r\n") == Encoding::utf8);
  CHECK(command_output_encoding("Windows IP Configuration") == Encoding::oem);
  // Real wmic into a pipe (tests/fixtures/text_forms): narrow, "\r\r\n" line ends, recorded oem.
  CHECK(command_output_encoding(test::read_file(std::string(MIGREADY_FIXTURES_DIR) +
                                                "/text_forms/wmic-os-get-caption-fr-win10.txt")) == Encoding::oem);
  CHECK(command_output_encoding("Prim\x84res DNS-Suffix") == Encoding::oem);  // OEM or ANSI: bytes cannot tell
  CHECK(command_output_encoding("\xFF") == Encoding::oem);
  CHECK(command_output_encoding("\xFF\xFE") == Encoding::utf16le);  // a lone BOM
  CHECK(command_output_encoding(std::string("\xFF\xFE" "E\0r", 5)) == Encoding::utf16le);  // odd length
  CHECK(command_output_encoding("") == Encoding::oem);
  CHECK(command_output_encoding("\xFE\xFF") == Encoding::oem);  // big-endian: not what Windows tools write
}

TEST_CASE("steps: format_seconds", "[collector][steps]") {
  CHECK(format_seconds(0) == "0.0 s");
  CHECK(format_seconds(449) == "0.4 s");
  CHECK(format_seconds(451) == "0.5 s");
  CHECK(format_seconds(12345) == "12.3 s");
}

TEST_CASE("steps: classify_command never calls an output cut by a failed write ok", "[collector][steps]") {
  CommandRun run;
  run.write_error = 112;  // ERROR_DISK_FULL
  run.output_bytes = 65536;
  auto v = classify_command(run);
  CHECK(v.status == Status::truncated);
  CHECK(v.store_output);
  REQUIRE(v.error);
  CHECK(v.error->find("Win32 error 112") != std::string::npos);
  CHECK(v.error->find("65536 bytes") != std::string::npos);
  run.output_bytes = 0;
  v = classify_command(run);
  CHECK(v.status == Status::failed);
  CHECK_FALSE(v.store_output);
  SECTION("even when the process also exited 0") {
    run.exited = true;
    run.exit_code = 0;
    run.output_bytes = 10;
    CHECK(classify_command(run).status == Status::truncated);
  }
}

TEST_CASE("steps: join_notes keeps both notes", "[collector][steps]") {
  CHECK(join_notes("", "").empty());
  CHECK(join_notes("a", "") == "a");
  CHECK(join_notes("", "b") == "b");
  CHECK(join_notes("no job object: x", "output file: disk full") == "no job object: x; output file: disk full");
}

#include <catch2/catch.hpp>

#include "core/steps.hpp"

using namespace migready::collector;

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

TEST_CASE("steps: format_seconds", "[collector][steps]") {
  CHECK(format_seconds(0) == "0.0 s");
  CHECK(format_seconds(449) == "0.4 s");
  CHECK(format_seconds(451) == "0.5 s");
  CHECK(format_seconds(12345) == "12.3 s");
}

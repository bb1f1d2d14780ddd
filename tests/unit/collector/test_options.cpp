#include <catch2/catch.hpp>

#include "core/options.hpp"

using namespace migready::collector;

TEST_CASE("options: accepted forms", "[collector][options]") {
  auto p = parse_options({});
  REQUIRE(p.options);
  CHECK_FALSE(p.options->out_dir);
  CHECK_FALSE(p.options->timeout_seconds);
  p = parse_options({"--out", "C:\\out", "--timeout", "30"});
  REQUIRE(p.options);
  CHECK(*p.options->out_dir == "C:\\out");
  CHECK(*p.options->timeout_seconds == 30u);
  p = parse_options({"--out=D:\\x y", "--timeout=86400"});
  REQUIRE(p.options);
  CHECK(*p.options->out_dir == "D:\\x y");
  CHECK(*p.options->timeout_seconds == 86400u);
  CHECK(parse_options({"--help"}).options->help);
  CHECK(parse_options({"/?"}).options->help);
  CHECK(parse_options({"--version"}).options->version);
}

TEST_CASE("options: usage errors", "[collector][options]") {
  CHECK_FALSE(parse_options({"--out"}).options);
  CHECK_FALSE(parse_options({"--out="}).options);
  CHECK_FALSE(parse_options({"--timeout"}).options);
  CHECK_FALSE(parse_options({"--timeout", "0"}).options);
  CHECK_FALSE(parse_options({"--timeout", "86401"}).options);
  CHECK_FALSE(parse_options({"--timeout", "-1"}).options);
  CHECK_FALSE(parse_options({"--timeout", "1x"}).options);
  CHECK_FALSE(parse_options({"--bogus"}).options);
  CHECK(parse_options({"extra"}).error == "unknown argument: extra");
}

TEST_CASE("exit codes", "[collector][options]") {
  CHECK(exit_code_for(true, true) == kExitComplete);
  CHECK(exit_code_for(true, false) == kExitIncomplete);
  CHECK(exit_code_for(false, true) == kExitIncomplete);
  CHECK(usage_text().find("Exit codes") != std::string::npos);
}

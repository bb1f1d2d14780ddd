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
  CHECK_FALSE(parse_options({}).options->output_cap);
  CHECK(*parse_options({"--output-cap", "65536"}).options->output_cap == 65536u);
  CHECK(*parse_options({"--output-cap=67108864"}).options->output_cap == kCommandOutputCap);
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
  CHECK_FALSE(parse_options({"--output-cap"}).options);
  CHECK_FALSE(parse_options({"--output-cap", "0"}).options);
  CHECK_FALSE(parse_options({"--output-cap", "67108865"}).options);  // only lowers the cap
  CHECK_FALSE(parse_options({"--output-cap", "1k"}).options);
  CHECK(parse_options({"extra"}).error == "unknown argument: extra");
}

TEST_CASE("exit codes", "[collector][options]") {
  CHECK(exit_code_for(true, true) == kExitComplete);
  CHECK(exit_code_for(true, false) == kExitIncomplete);
  CHECK(exit_code_for(false, true) == kExitIncomplete);
  CHECK(usage_text().find("Exit codes") != std::string::npos);
}

TEST_CASE("the ntp-server option names the time server to measure against", "[collector][options]") {
  const auto with_port = parse_options({"--ntp-server", "127.0.0.1:12300"});
  REQUIRE(with_port.options);
  REQUIRE(with_port.options->ntp_server);
  CHECK(with_port.options->ntp_server->host == "127.0.0.1");
  CHECK(with_port.options->ntp_server->port == 12300);
  const auto default_port = parse_options({"--ntp-server=time.contoso.local"});
  REQUIRE(default_port.options);
  CHECK(default_port.options->ntp_server->port == 123);
  CHECK_FALSE(parse_options({}).options->ntp_server);
  CHECK_FALSE(parse_options({"--ntp-server"}).options);
  const auto bad = parse_options({"--ntp-server", "host:99999"});
  CHECK_FALSE(bad.options);
  CHECK(bad.error.rfind("--ntp-server: ", 0) == 0);
}

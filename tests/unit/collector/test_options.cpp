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

TEST_CASE("the directory-timeout option bounds the whole directory reading", "[collector][options]") {
  CHECK_FALSE(parse_options({}).options->directory_timeout_seconds);
  CHECK(*parse_options({"--directory-timeout", "3"}).options->directory_timeout_seconds == 3u);
  CHECK(*parse_options({"--directory-timeout=86400"}).options->directory_timeout_seconds == 86400u);
  CHECK_FALSE(parse_options({"--directory-timeout"}).options);
  CHECK_FALSE(parse_options({"--directory-timeout", "0"}).options);
  CHECK_FALSE(parse_options({"--directory-timeout", "86401"}).options);
  CHECK(parse_options({"--directory-timeout", "x"}).error ==
        "--directory-timeout must be a whole number of seconds from 1 to 86400");
  CHECK(usage_text().find("--directory-timeout SECONDS") != std::string::npos);
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

TEST_CASE("the ldap options name the domain controller and a simple bind", "[collector][options]") {
  const auto none = parse_options({});
  REQUIRE(none.options);
  CHECK_FALSE(none.options->ldap_server);
  CHECK_FALSE(none.options->ldap_bind_dn);
  CHECK_FALSE(none.options->ldap_password);

  const auto server = parse_options({"--ldap-server", "127.0.0.2"});
  REQUIRE(server.options);
  CHECK(server.options->ldap_server->host == "127.0.0.2");
  CHECK(server.options->ldap_server->port == 389);
  CHECK(parse_options({"--ldap-server=dc1.contoso.local:3268"}).options->ldap_server->port == 3268);
  CHECK_FALSE(parse_options({"--ldap-server"}).options);
  const auto bad = parse_options({"--ldap-server", "dc1:0"});
  CHECK_FALSE(bad.options);
  CHECK(bad.error.rfind("--ldap-server: ", 0) == 0);

  const std::string dn = "CN=Administrator,CN=Users,DC=contoso,DC=local";
  const auto bind = parse_options({"--ldap-bind-dn", dn}, std::string("s3cret"));
  REQUIRE(bind.options);
  CHECK(*bind.options->ldap_bind_dn == dn);
  CHECK(*bind.options->ldap_password == "s3cret");
  // The password only ever comes from the environment, and must be there: an empty one would make the
  // simple bind anonymous.
  const auto unset = parse_options({"--ldap-bind-dn", dn});
  CHECK_FALSE(unset.options);
  CHECK(unset.error.find("MIGREADY_LDAP_PASSWORD") != std::string::npos);
  CHECK_FALSE(parse_options({"--ldap-bind-dn", dn}, std::string()).options);
  CHECK_FALSE(parse_options({"--ldap-bind-dn"}, std::string("x")).options);
  CHECK_FALSE(parse_options({"--ldap-bind-dn="}, std::string("x")).options);
  // Without --ldap-bind-dn the variable is ignored (Negotiate bind as the running user).
  CHECK_FALSE(parse_options({}, std::string("s3cret")).options->ldap_password);
  CHECK(usage_text().find("--ldap-server HOST[:PORT]") != std::string::npos);
  CHECK(usage_text().find("MIGREADY_LDAP_PASSWORD") != std::string::npos);
}

TEST_CASE("options: --temp names the folder for temporary files", "[collector][options]") {
  CHECK_FALSE(parse_options({}).options->temp_dir);
  CHECK(*parse_options({"--temp", "D:\\scratch"}).options->temp_dir == "D:\\scratch");
  CHECK(*parse_options({"--temp=E:\\t", "--out", "E:\\o"}).options->temp_dir == "E:\\t");
  CHECK_FALSE(parse_options({"--temp"}).options);
  CHECK(parse_options({"--temp="}).error == "--temp needs a folder");
  CHECK(usage_text().find("--temp DIR") != std::string::npos);
  CHECK(usage_text().find("5 %") != std::string::npos);
}

TEST_CASE("options: --only takes artifact ids and groups, and refuses an unknown one listing the valid ones",
          "[collector][options]") {
  CHECK_FALSE(parse_options({}).options->only);
  const auto parsed = parse_options({"--only", "time,api.services"});
  REQUIRE(parsed.options);
  REQUIRE(parsed.options->only);
  const auto& only = *parsed.options->only;
  CHECK(only.requested == std::vector<std::string>{"time", "api.services"});
  std::vector<std::string> rows;
  for (std::size_t i = 0; i < only.rows.size(); ++i) {
    if (only.rows[i]) rows.emplace_back(migready::contract::kArtifacts[i].id);
  }
  // Table order, each once, whatever order the words came in.
  CHECK(rows == std::vector<std::string>{"command.w32tm_monitor", "command.w32tm_tz", "command.net_time",
                                         "api.services", "api.time"});
  CHECK(parse_options({"--only=registry.system"}).options->only->requested ==
        std::vector<std::string>{"registry.system"});

  const auto unknown = parse_options({"--only", "time,servcies"});
  CHECK_FALSE(unknown.options);
  CHECK(unknown.error.rfind("--only: unknown artifact or group \"servcies\"; valid: groups: registry time", 0) == 0);
  CHECK(unknown.error.find("artifacts: registry.system registry.software") != std::string::npos);
  CHECK(parse_options({"--only", "time,,api.time"}).error.rfind("--only: an empty artifact name", 0) == 0);
  CHECK_FALSE(parse_options({"--only"}).options);
  CHECK_FALSE(parse_options({"--only="}).options);
  CHECK_FALSE(parse_options({"--only", "time", "--only", "api.time"}).options);
  // A file row's expanded id is collected through its row, never named itself.
  CHECK_FALSE(parse_options({"--only", "file.ntbackup_logs.administrator.backup01_log"}).options);

  // --help lists every group and every id.
  const std::string help = usage_text();
  CHECK(help.find("--only ID[,ID...]") != std::string::npos);
  for (const auto& g : migready::contract::kArtifactGroups)
    CHECK(help.find("  " + std::string(g.name) + " ") != std::string::npos);
  for (const auto& spec : migready::contract::kArtifacts)
    CHECK(help.find(" " + std::string(spec.id)) != std::string::npos);
}

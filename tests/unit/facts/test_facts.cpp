#include <catch2/catch.hpp>

#include "facts/facts.hpp"
#include "facts_test_util.hpp"
#include "support/bundle_builder.hpp"

using namespace migready;
using namespace migready::test::facts_util;

TEST_CASE("facts from the shipped unprepared sample bundle (hivex-written regf hives)", "[facts][sample]") {
  // samples/sbs2003-unprepared, built by samples/build-sample-bundle.
  Diagnostics diags;
  auto b = bundle::open_bundle(MIGREADY_SOURCE_DIR "/samples/migready-SBS01-20261125T143005Z.zip", {}, diags);
  REQUIRE(b);
  auto f = facts::build_facts(*b, diags);
  CHECK(diags.empty());
  CHECK(std::string(value(f, "os.product_name").GetString()) == "Microsoft Windows Server 2003");
  CHECK(std::string(value(f, "os.csd_version").GetString()) == "Service Pack 1");
  const auto& suite = value(f, "os.product_suite");
  REQUIRE(suite.Size() == 3);
  CHECK(std::string(suite[1].GetString()) == "Small Business(Restricted)");
  CHECK(value(f, "sbs.installed").GetBool());
  CHECK(value(f, "sbs.service_pack_number").GetInt64() == 0);
  CHECK(value(f, "exchange.service_pack_number").GetInt64() == 1);
  CHECK(value(f, "network.active_adapter_count").GetInt64() == 2);
  CHECK(value(f, "network.public_addresses").Size() == 1);
  CHECK(value(f, "time.sntp_measured").GetBool());
  CHECK(value(f, "time.offset_seconds").GetDouble() == Approx(-541.31842));
  CHECK(std::string(value(f, "time.offset_direction").GetString()) == "ahead of");
  CHECK(std::string(value(f, "time.w32time_type").GetString()) == "NT5DS");
  CHECK(value(f, "user.is_domain_admin").GetBool());
  CHECK_FALSE(value(f, "user.is_schema_admin").GetBool());
  CHECK(std::string(f.find("os.csd_version")->operator[]("source").GetString()) ==
        "registry.software:Microsoft\\Windows NT\\CurrentVersion\\CSDVersion");
}

TEST_CASE("facts read .reg exports exactly like hives (the collector's fallback)", "[facts]") {
  test::BundleBuilder builder;
  builder.add_artifact("registry.system", "registry/SYSTEM.reg", "registry", "reg",
                       utf16("Windows Registry Editor Version 5.00\n\n"
                                 "[HKEY_LOCAL_MACHINE\\SYSTEM\\Select]\n\"Current\"=dword:00000002\n\n"
                                 "[HKEY_LOCAL_MACHINE\\SYSTEM\\ControlSet002\\Control\\ProductOptions]\n"
                                 "\"ProductSuite\"=hex(7):53,00,6d,00,61,00,6c,00,6c,00,20,00,42,00,75,00,73,00,69,00,\\\n"
                                 "  6e,00,65,00,73,00,73,00,00,00,00,00\n"),
                       "HKEY_LOCAL_MACHINE\\SYSTEM");
  builder.add_artifact("registry.software", "registry/SOFTWARE.reg", "registry", "reg",
                       utf16("Windows Registry Editor Version 5.00\n\n"
                                 "[HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion]\n"
                                 "\"ProductName\"=\"Microsoft Windows Server 2003\"\n"
                                 "\"CSDVersion\"=\"Service Pack 2\"\n"),
                       "HKEY_LOCAL_MACHINE\\SOFTWARE");
  Diagnostics diags;
  auto b = bundle::open_bundle_memory(builder.zip(), "t.zip", {}, diags);
  REQUIRE(b);
  auto f = facts::build_facts(*b, diags);
  CHECK(std::string(value(f, "os.csd_version").GetString()) == "Service Pack 2");
  const auto& suite = value(f, "os.product_suite");
  REQUIRE(suite.Size() == 1);
  CHECK(std::string(suite[0].GetString()) == "Small Business");
  // Absent keys are real answers: no SBS key means SBS is not installed.
  CHECK_FALSE(value(f, "sbs.installed").GetBool());
  // ipconfig was not collected at all: its facts say so.
  CHECK(status(f, "network.active_adapter_count") == "collection_failed");
}

TEST_CASE("corrupt artifacts give collection_failed and parse_failed facts, never a crash", "[facts]") {
  test::BundleBuilder builder;
  builder.add_artifact("registry.software", "registry/SOFTWARE.hiv", "registry", "regf", "regf but not really");
  builder.add_artifact("command.ipconfig_all", "commands/ipconfig_all.txt", "command", "text", "garbage\r\n");
  auto& sys = builder.add_artifact("registry.system", "registry/SYSTEM.hiv", "registry", "regf", "x");
  sys["status"] = "denied";  // nothing stored, as the collector records it
  sys["path"].SetNull();
  sys["size"].SetNull();
  sys["sha256"].SetNull();
  Diagnostics diags;
  auto b = bundle::open_bundle_memory(builder.zip(), "t.zip", {}, diags);
  REQUIRE(b);
  auto f = facts::build_facts(*b, diags);
  CHECK(status(f, "os.product_name") == "parse_failed");
  CHECK(status(f, "os.product_suite") == "collection_failed");
  CHECK(status(f, "network.adapters") == "parse_failed");
  CHECK(status(f, "os.version") == "present");  // the manifest still answers
  CHECK_FALSE(diags.empty());
}

// time.pdc_clock (time.cpp): the PDC emulator's time source, from W32Time's configuration when this server holds
// the role (the same in every language), else from w32tm /monitor's PDC lines.
#include <rapidjson/document.h>

#include "core/json.hpp"
#include "facts/sources.hpp"
#include "facts_test_util.hpp"

using namespace migready;
using namespace migready::test::facts_util;

namespace {

json::Value from_json(facts::Facts& f, const char* text) {
  json::Document d;
  d.Parse(text);
  REQUIRE_FALSE(d.HasParseError());
  return json::Value(d, f.allocator());
}

// SBS01 as the manifest, the directory and api.time give it; `pdc` names the PDC emulator's holder.
void this_server(facts::Facts& f, const char* pdc = "SBS01", const char* type = "NT5DS") {
  f.set("host.computer_name", std::string_view("SBS01"), "manifest");
  f.set("host.dns_domain", std::string_view("contoso.local"), "manifest");
  f.set("directory.fsmo", from_json(f, (std::string(R"({"pdc_emulator": ")") + pdc + R"("})").c_str()), "api.directory");
  f.set("directory.forest_root_domain", true, "api.directory");
  f.set("time.w32time_type", std::string_view(type), "api.time:w32time.type");
}

const char* kMonitor = R"([
  {"name": "sbs01.contoso.local", "is_pdc": true, "address": "192.168.16.2", "ref_id": "'LOCL'"},
  {"name": "oldsrv.contoso.local", "is_pdc": false, "address": "192.168.16.4", "ref_id": ""}])";

}  // namespace

TEST_CASE("time.pdc_clock: this server's configuration, the monitor's reference as evidence", "[facts][time]") {
  facts::Facts f;
  this_server(f);
  f.set("time.w32tm_monitor.servers", from_json(f, kMonitor), "command.w32tm_monitor");
  facts::detail::pdc_clock_fact(f);
  const auto& list = value(f, "time.pdc_clock");
  REQUIRE(list.Size() == 1);
  CHECK(str(list[0]["name"]) == "sbs01.contoso.local");
  CHECK(str(list[0]["w32time_type"]) == "NT5DS");
  CHECK(list[0]["forest_root"].IsTrue());
  CHECK(str(list[0]["ref_id"]) == "'LOCL'");
  CHECK(str(list[0]["address"]) == "192.168.16.2");
  CHECK(str(list[0]["reading"]) == "W32Time's Parameters\\Type is NT5DS; w32tm /monitor shows the reference 'LOCL'");
  CHECK(source(f, "time.pdc_clock") == "api.time, api.directory, command.w32tm_monitor");
}

TEST_CASE("time.pdc_clock: a monitor in a language no parser reads changes nothing but the evidence", "[facts][time]") {
  facts::Facts f;
  this_server(f);
  f.set_unavailable("time.w32tm_monitor.servers", facts::FactStatus::parse_failed, "command.w32tm_monitor",
                    "w32tm /monitor output is in English (en), but German (de) was expected");
  f.set("network.fqdn", std::string_view("SBS01.contoso.local"), "api.directory");
  facts::detail::pdc_clock_fact(f);
  const auto& list = value(f, "time.pdc_clock");
  REQUIRE(list.Size() == 1);
  CHECK(str(list[0]["name"]) == "sbs01.contoso.local");  // the directory's name, in lower case
  CHECK(list[0]["ref_id"].IsNull());
  CHECK(str(list[0]["reading"]) == "W32Time's Parameters\\Type is NT5DS; w32tm /monitor was not read for it");
  CHECK(source(f, "time.pdc_clock") == "api.time, api.directory");
}

TEST_CASE("time.pdc_clock: another server's role, or no configuration, leaves the monitor's PDC lines",
          "[facts][time]") {
  for (const bool elsewhere : {true, false}) {
    CAPTURE(elsewhere);
    facts::Facts f;
    if (elsewhere) {
      this_server(f, "DC1");
    } else {
      this_server(f);
      f.set_null("time.w32time_type", "api.time:w32time.type");  // Parameters\Type absent
    }
    f.set("time.w32tm_monitor.servers", from_json(f, kMonitor), "command.w32tm_monitor");
    facts::detail::pdc_clock_fact(f);
    const auto& list = value(f, "time.pdc_clock");
    REQUIRE(list.Size() == 1);  // the PDC line only
    CHECK(str(list[0]["name"]) == "sbs01.contoso.local");
    CHECK(list[0]["w32time_type"].IsNull());
    CHECK(list[0]["forest_root"].IsNull());
    CHECK(str(list[0]["reading"]) == "w32tm /monitor shows the reference 'LOCL'");
    CHECK(source(f, "time.pdc_clock") == "command.w32tm_monitor");
  }
}

TEST_CASE("time.pdc_clock: neither source readable is not checked, never an empty list", "[facts][time]") {
  facts::Facts f;
  this_server(f, "DC1");
  f.set_unavailable("time.w32tm_monitor.servers", facts::FactStatus::missing, "command.w32tm_monitor",
                    "w32tm.exe was not found");
  facts::detail::pdc_clock_fact(f);
  CHECK(status(f, "time.pdc_clock") == "missing");
  CHECK(source(f, "time.pdc_clock") == "command.w32tm_monitor");
  CHECK(reason(f, "time.pdc_clock") == "w32tm.exe was not found");
}

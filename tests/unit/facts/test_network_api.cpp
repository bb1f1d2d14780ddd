// The network facts from api.network (system/network.json): preferred over ipconfig /all, ipconfig as the
// fallback and the evidence, and the cross-check of the two readings (network.cpp).
#include "core/json.hpp"
#include "facts_test_util.hpp"

using namespace migready;
using namespace migready::test::facts_util;

namespace {

std::int64_t num(const json::Value& v) { return v.IsInt64() ? v.GetInt64() : -999; }
int flag(const json::Value& v) { return v.IsBool() ? (v.GetBool() ? 1 : 0) : -1; }

// SBS01 as ipconfig /all prints it: the LAN adapter and the public one.
const std::string kIpconfig =
    "\r\nWindows IP Configuration\r\n\r\n"
    "   Host Name . . . . . . . . . . . . : sbs01\r\n"
    "   IP Routing Enabled. . . . . . . . : Yes\r\n\r\n"
    "Ethernet adapter Server Local Area Connection:\r\n\r\n"
    "   Description . . . . . . . . . . . : Intel(R) PRO/1000 MT Network Connection\r\n"
    "   Physical Address. . . . . . . . . : 00-15-17-3A-11-7E\r\n"
    "   DHCP Enabled. . . . . . . . . . . : No\r\n"
    "   IP Address. . . . . . . . . . . . : 192.168.16.2\r\n"
    "   Subnet Mask . . . . . . . . . . . : 255.255.255.0\r\n"
    "   Default Gateway . . . . . . . . . : 192.168.16.3\r\n"
    "   DNS Servers . . . . . . . . . . . : 192.168.16.2\r\n\r\n"
    "Ethernet adapter Network Connection:\r\n\r\n"
    "   Description . . . . . . . . . . . : Broadcom NetXtreme Gigabit Ethernet\r\n"
    "   Physical Address. . . . . . . . . : 00-15-17-3A-11-88\r\n"
    "   DHCP Enabled. . . . . . . . . . . : No\r\n"
    "   IP Address. . . . . . . . . . . . : 203.0.113.10\r\n"
    "   Subnet Mask . . . . . . . . . . . : 255.255.255.248\r\n"
    "   Default Gateway . . . . . . . . . : 203.0.113.9\r\n"
    "   DNS Servers . . . . . . . . . . . : 198.51.100.53\r\n";

std::string adapter(const std::string& friendly, const std::string& type, int type_code, const std::string& mac,
                    const std::string& ip, const std::string& mask, const std::string& gateways,
                    const std::string& dns) {
  return R"({"name": "{)" + mac + R"(}", "index": 2, "description": "NIC )" + friendly + R"(", "friendly_name": ")" +
         friendly + R"(", "type": ")" + type + R"(", "type_code": )" + std::to_string(type_code) +
         R"(, "oper_status": "up", "oper_status_code": 1, "physical_address": ")" + mac +
         R"(", "mtu": 1500, "dns_suffix": "", "dhcp_enabled": false, "dhcp_server": null, "lease_obtained_utc": null,
         "lease_expires_utc": null, "ipv4": [{"address": ")" + ip + R"(", "mask": )" + mask +
         R"(, "prefix_length": null}], "ipv6": [], "gateways": [)" + gateways + R"(], "dns_servers": [)" + dns +
         R"(], "wins_primary": null, "wins_secondary": null, "listed_by": ["GetAdaptersAddresses"]})";
}

const std::string kLan = adapter("Server Local Area Connection", "ethernet", 6, "00-15-17-3A-11-7E", "192.168.16.2",
                                 "\"255.255.255.0\"", "\"192.168.16.3\"", "\"192.168.16.2\"");
const std::string kWan = adapter("Network Connection", "ethernet", 6, "00-15-17-3A-11-88", "203.0.113.10",
                                 "\"255.255.255.248\"", "\"203.0.113.9\"", "\"198.51.100.53\"");
const std::string kLoopback = adapter("MS TCP Loopback interface", "loopback", 24, "", "127.0.0.1", "null", "", "");

std::string document(const std::string& adapters, bool routing = true, const std::string& adapters_status = "ok",
                     const std::string& params_status = "ok") {
  const bool params_ok = params_status == "ok";
  const std::string routing_value = params_ok ? (routing ? "true" : "false") : "null";
  return R"({"schema": "migready-api-network/1", "complete": false, "error": "x",
    "adapters": {"status": ")" + adapters_status + R"(", "error": null, "calls": [
      {"call": "GetAdaptersAddresses", "status": "ok", "win32_error": null, "error": null},
      {"call": "GetAdaptersInfo", "status": "ok", "win32_error": null, "error": null}],
      "items": [)" + adapters + R"(]},
    "params": {"status": ")" + params_status + R"(", "win32_error": null, "error": null, "host_name": "sbs01",
      "domain_name": "contoso.local", "dns_servers": [], "node_type": "hybrid", "node_type_code": 8, "scope_id": "",
      "ip_routing_enabled": )" + routing_value + R"(, "wins_proxy_enabled": false, "netbios_uses_dns": true},
    "routes": {"status": "ok", "win32_error": null, "error": null, "items": []}})";
}

void add_ipconfig(test::BundleBuilder& b, const std::string& text = kIpconfig) {
  add(b, "command.ipconfig_all", "commands/ipconfig_all.txt", "command", "text", text);
}

void add_network(test::BundleBuilder& b, const std::string& doc) {
  add(b, "api.network", "system/network.json", "api", "json", doc,
      "GetAdaptersAddresses, GetAdaptersInfo, GetNetworkParams, GetIpForwardTable");
}

}  // namespace

TEST_CASE("network: the API document is preferred, ipconfig stays as evidence", "[facts][network]") {
  test::BundleBuilder b;
  add_ipconfig(b);
  add_network(b, document(kLan + "," + kWan + "," + kLoopback));
  auto f = build(b);
  CHECK(source(f, "network.adapters") == "api.network");
  const auto& adapters = value(f, "network.adapters");
  REQUIRE(adapters.Size() == 2);  // the loopback is left out, as Windows' ipconfig leaves it out
  CHECK(str(adapters[0]["name"]) == "Server Local Area Connection");
  CHECK(str(adapters[0]["kind"]) == "Ethernet");
  CHECK(str(adapters[0]["type"]) == "ethernet");
  CHECK(num(adapters[0]["type_code"]) == 6);
  CHECK(str(adapters[0]["link"]) == "lan");
  CHECK(num(adapters[0]["ipconfig_line"]) == 7);  // the same adapter's header line in ipconfig /all
  CHECK_FALSE(adapters[0].HasMember("line"));
  CHECK(str(adapters[1]["name"]) == "Network Connection");
  CHECK(num(value(f, "network.active_adapter_count")) == 2);
  CHECK(value(f, "network.default_gateways").Size() == 2);
  CHECK(str(value(f, "network.public_addresses")[0]) == "203.0.113.10 (Network Connection)");
  CHECK(flag(value(f, "network.ip_routing_enabled")) == 1);
  CHECK(source(f, "network.ip_routing_enabled") == "api.network:params.ip_routing_enabled");
  CHECK(value(f, "network.reading_differences").Size() == 0);  // they agree
  CHECK(source(f, "network.reading_differences") == "api.network, command.ipconfig_all");
  // The derived facts follow the adapters' source.
  CHECK(source(f, "network.lan_adapter") == "api.network");
  CHECK(num(value(f, "network.lan_prefix_length")) == 24);
}

TEST_CASE("network: an unreadable ipconfig does not matter when the API document is there", "[facts][network]") {
  test::BundleBuilder b;
  add_ipconfig(b, "'ipconfig' is not recognized as an internal or external command,\r\n"
                  "operable program or batch file.\r\n");
  add_network(b, document(kLan));
  auto f = build(b);
  CHECK(num(value(f, "network.active_adapter_count")) == 1);
  CHECK(value(f, "network.adapters")[0]["ipconfig_line"].IsNull());
  CHECK(flag(value(f, "network.ip_routing_enabled")) == 1);
  CHECK(value(f, "network.reading_differences").IsNull());  // one reading: nothing to compare
  CHECK(source(f, "network.reading_differences") == "api.network");
}

TEST_CASE("network: ipconfig is the fallback", "[facts][network]") {
  SECTION("a 1.1 bundle without the document") {
    test::BundleBuilder b;
    add_ipconfig(b);
    auto f = build(b);
    CHECK(source(f, "network.adapters") == "command.ipconfig_all");
    CHECK(num(value(f, "network.adapters")[0]["line"]) == 7);
    CHECK(num(value(f, "network.active_adapter_count")) == 2);
    CHECK(source(f, "network.ip_routing_enabled") == "command.ipconfig_all");
    CHECK(value(f, "network.reading_differences").IsNull());
    CHECK(source(f, "network.reading_differences") == "command.ipconfig_all");
  }
  SECTION("the document's adapters part failed, its params did not") {
    test::BundleBuilder b;
    add_ipconfig(b);
    add_network(b, document("", false, "failed"));
    auto f = build(b);
    CHECK(source(f, "network.adapters") == "command.ipconfig_all");
    CHECK(num(value(f, "network.active_adapter_count")) == 2);
    CHECK(flag(value(f, "network.ip_routing_enabled")) == 0);  // GetNetworkParams still wins
    CHECK(source(f, "network.ip_routing_enabled") == "api.network:params.ip_routing_enabled");
  }
  SECTION("the document's params failed: IP routing from ipconfig") {
    test::BundleBuilder b;
    add_ipconfig(b);
    add_network(b, document(kLan + "," + kWan, true, "ok", "failed"));
    auto f = build(b);
    CHECK(source(f, "network.adapters") == "api.network");
    CHECK(source(f, "network.ip_routing_enabled") == "command.ipconfig_all");
    CHECK(flag(value(f, "network.ip_routing_enabled")) == 1);
  }
  SECTION("a document that breaks its schema is not read") {
    test::BundleBuilder b;
    add_ipconfig(b);
    add_network(b, R"({"schema": "migready-api-network/1", "adapters": 5})");
    Diagnostics diags;
    auto f = build(b, diags);
    CHECK(source(f, "network.adapters") == "command.ipconfig_all");
    CHECK_FALSE(diags.empty());
  }
  SECTION("neither reading: unavailable, naming both") {
    test::BundleBuilder b;
    add_network(b, document("", true, "failed", "failed"));
    auto f = build(b);
    CHECK(status(f, "network.adapters") == "collection_failed");
    CHECK(reason(f, "network.adapters").find("api.network: adapters:") != std::string::npos);
    CHECK(reason(f, "network.adapters").find("command.ipconfig_all: not in this bundle") != std::string::npos);
    CHECK(status(f, "network.reading_differences") == "collection_failed");
    CHECK(status(f, "network.ip_routing_enabled") == "collection_failed");
  }
}

TEST_CASE("network: the two readings cross-checked", "[facts][network]") {
  SECTION("an address, a gateway, a DNS server, routing and the adapter count differ") {
    const std::string lan = adapter("Server Local Area Connection", "ethernet", 6, "00-15-17-3A-11-7E",
                                    "192.168.16.5", "\"255.255.255.0\"", "\"192.168.16.1\"",
                                    "\"192.168.16.2\", \"192.168.16.9\"");
    test::BundleBuilder b;
    add_ipconfig(b);
    add_network(b, document(lan + "," + kLoopback, false));
    auto f = build(b);
    const auto& diff = value(f, "network.reading_differences");
    std::vector<std::string> names;
    for (const auto& d : diff.GetArray()) names.push_back(str(d["name"]));
    REQUIRE(names.size() == 5);
    CHECK(names[0] == "adapters with an IPv4 address: api.network 1, ipconfig /all 2");
    CHECK(names[1] == "IPv4 addresses: api.network only 192.168.16.5, ipconfig /all only 192.168.16.2, 203.0.113.10");
    CHECK(names[2] == "default gateways: api.network only 192.168.16.1, ipconfig /all only 192.168.16.3, 203.0.113.9");
    CHECK(names[3] == "DNS servers: api.network only 192.168.16.9, ipconfig /all only 198.51.100.53");
    CHECK(names[4] == "IP routing: api.network disabled, ipconfig /all enabled");
    CHECK(str(diff[4]["what"]) == "IP routing");
    CHECK(str(diff[4]["api"]) == "disabled");
    CHECK(str(diff[4]["ipconfig"]) == "enabled");
  }
  SECTION("the loopback, listed by the API only, is no difference") {
    test::BundleBuilder b;
    add_ipconfig(b);
    add_network(b, document(kLoopback + "," + kLan + "," + kWan));
    auto f = build(b);
    CHECK(value(f, "network.reading_differences").Size() == 0);
  }
}

TEST_CASE("network: the API's adapter type decides the link", "[facts][network]") {
  // RRAS's dial-in interface is IF_TYPE_PPP; a tunnel is IF_TYPE_TUNNEL: neither is a LAN adapter.
  const std::string ras = adapter("RAS Server (Dial In) Interface", "ppp", 23, "00-53-45-00-00-00", "192.168.16.40",
                                  "\"255.255.255.255\"", "", "");
  const std::string tunnel = adapter("Teredo", "tunnel", 131, "", "192.168.16.41", "null", "", "");
  test::BundleBuilder b;
  add_network(b, document(kLan + "," + ras + "," + tunnel));
  auto f = build(b);
  const auto& adapters = value(f, "network.adapters");
  CHECK(str(adapters[1]["link"]) == "point_to_point");
  CHECK(str(adapters[1]["kind"]) == "PPP");
  CHECK(str(adapters[2]["link"]) == "tunnel");
  CHECK(num(value(f, "network.active_adapter_count")) == 1);
}

TEST_CASE("network: a server in a language no parser reads is still judged from the API", "[facts][network][language]") {
  // Russian ipconfig /all: the header no ipconfig table knows (and the UI language names it unsupported).
  const std::string russian = "\r\n\xd0\x9d\xd0\xb0\xd1\x81\xd1\x82\xd1\x80\xd0\xbe\xd0\xb9\xd0\xba\xd0\xb0 "
                              "\xd0\xbf\xd1\x80\xd0\xbe\xd1\x82\xd0\xbe\xd0\xba\xd0\xbe\xd0\xbb\xd0\xb0 IP "
                              "\xd0\xb4\xd0\xbb\xd1\x8f Windows\r\n";
  contract::LocaleInfo ru;
  ru.user_ui_language = ru.system_ui_language = 0x0419;
  ru.user_lcid = ru.system_lcid = 0x0419;
  auto facts_of = [&](const test::BundleBuilder& builder) {
    Diagnostics diags;
    auto opened = bundle::open_bundle_memory(builder.zip(), "t.zip", {}, diags);
    REQUIRE(opened);
    opened->manifest.locale = ru;
    return facts::build_facts(*opened, diags);
  };
  test::BundleBuilder b;
  add_ipconfig(b, russian);
  SECTION("with api.network: the adapters come from the API, the text is named unread") {
    add_network(b, document(kLan));
    auto f = facts_of(b);
    CHECK(source(f, "network.adapters") == "api.network");
    CHECK(num(value(f, "network.active_adapter_count")) == 1);
    CHECK(flag(value(f, "network.ip_routing_enabled")) == 1);
    CHECK(value(f, "network.reading_differences").IsNull());  // the text cannot be compared
    REQUIRE(value(f, "collection.text_unread").Size() == 1);
    CHECK(str(value(f, "collection.text_unread")[0]) == "command.ipconfig_all");
  }
  SECTION("without it (an older bundle): the network facts are not checked, with the language as reason") {
    auto f = facts_of(b);
    CHECK(status(f, "network.adapters") == "parse_failed");
    CHECK(reason(f, "network.adapters").find("Russian") != std::string::npos);
  }
}

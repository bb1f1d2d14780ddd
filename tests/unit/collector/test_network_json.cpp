#include <catch2/catch.hpp>
#include <rapidjson/document.h>

#include <string>
#include <vector>

#include "core/network_json.hpp"
#include "support/api_documents.hpp"

namespace net = migready::collector::network;

namespace {

std::string s(const rapidjson::Value& v) { return v.IsString() ? v.GetString() : "<not a string>"; }
std::int64_t num(const rapidjson::Value& v) { return v.IsInt64() ? v.GetInt64() : -999; }
int flag(const rapidjson::Value& v) { return v.IsBool() ? (v.GetBool() ? 1 : 0) : -1; }

net::IpAddress v4(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) {
  net::IpAddress x;
  x.bytes[0] = a;
  x.bytes[1] = b;
  x.bytes[2] = c;
  x.bytes[3] = d;
  return x;
}

net::IpAddress v6(std::initializer_list<unsigned> groups, std::uint32_t scope = 0) {
  net::IpAddress x;
  x.v6 = true;
  std::size_t i = 0;
  for (unsigned g : groups) {
    x.bytes[2 * i] = static_cast<std::uint8_t>(g >> 8);
    x.bytes[2 * i + 1] = static_cast<std::uint8_t>(g);
    ++i;
  }
  x.scope_id = scope;
  return x;
}

// SBSSERVER as samples/sbs2003-prepared shows it: one Ethernet adapter with a static address, the loopback.
net::NetworkReading sbs_reading() {
  net::NetworkReading r;
  net::AddressesEntry lan;
  lan.name = "{7D5A1C2E-3B4F-4E61-9A7B-2C8D0E1F3A45}";
  lan.if_index = 2;
  lan.description = "HP NC373i Multifunction Gigabit Server Adapter";
  lan.friendly_name = "Server Local Area Connection";
  lan.if_type = 6;
  lan.oper_status = 1;
  lan.physical_address = {0x00, 0x1C, 0xC4, 0x5B, 0x22, 0x10};
  lan.mtu = 1500;
  lan.unicast = {v4(192, 168, 16, 2), v6({0xfe80, 0, 0, 0, 0x021c, 0xc4ff, 0xfe5b, 0x2210}, 4)};
  lan.prefixes = {{v4(192, 168, 16, 0), 24}, {v6({0xfe80}), 64}};
  lan.dns_servers = {v4(192, 168, 16, 2)};
  net::AddressesEntry loop;
  loop.name = "MS TCP Loopback interface";
  loop.if_index = 1;
  loop.description = "MS TCP Loopback interface";
  loop.friendly_name = "Loopback";
  loop.if_type = 24;
  loop.oper_status = 1;
  loop.unicast = {v4(127, 0, 0, 1)};
  r.addresses = {lan, loop};
  net::InfoEntry info;
  info.name = lan.name;
  info.description = lan.description;
  info.index = 2;
  info.type = 6;
  info.physical_address = lan.physical_address;
  info.addresses = {{"192.168.16.2", "255.255.255.0"}};
  info.gateways = {"192.168.16.1"};
  info.wins_primary = "192.168.16.2";
  info.wins_secondary = "0.0.0.0";
  r.info = {info};
  r.params.host_name = "sbsserver";
  r.params.domain_name = "fabrikam.local";
  r.params.dns_servers = {"192.168.16.2"};
  r.params.node_type = 8;
  r.routes = {{0, 0, 0x0110A8C0, 2, 4, 3, 0, 20}, {0x0010A8C0, 0x00FFFFFF, 0x0210A8C0, 2, 3, 2, 0, 20}};
  return r;
}

rapidjson::Document parsed(const std::string& json) {
  rapidjson::Document d;
  d.Parse(json.c_str());
  REQUIRE_FALSE(d.HasParseError());
  return d;
}

}  // namespace

TEST_CASE("network: addresses as ipconfig and RFC 5952 write them", "[collector][network]") {
  CHECK(net::address_text(v4(192, 168, 16, 2)) == "192.168.16.2");
  CHECK(net::address_text(v6({0xfe80, 0, 0, 0, 0x0216, 0x35ff, 0xfeaa, 0x1002}, 4)) == "fe80::216:35ff:feaa:1002%4");
  CHECK(net::address_text(v6({0xfec0, 0, 0, 0xffff, 0, 0, 0, 1}, 1)) == "fec0:0:0:ffff::1%1");  // ipconfig's DNS
  CHECK(net::address_text(v6({0x2001, 0xdb8, 0, 0, 1, 0, 0, 1})) == "2001:db8::1:0:0:1");  // first run on a tie
  CHECK(net::address_text(v6({0x2001, 0xdb8, 0, 1, 1, 1, 1, 1})) == "2001:db8:0:1:1:1:1:1");  // one zero: no ::
  CHECK(net::address_text(v6({0, 0, 0, 0, 0, 0, 0, 1})) == "::1");
  CHECK(net::address_text(v6({})) == "::");
  CHECK(net::address_text(v6({0, 0, 0, 0, 0, 0xffff, 0xc0a8, 0x1002})) == "::ffff:192.168.16.2");
  CHECK(net::address_text(v6({0x2001, 0xdb8, 0, 0, 0, 0, 0, 1}, 7)) == "2001:db8::1");  // a global one: no scope
  CHECK(net::ipv4_from_dword(0x0110A8C0) == "192.168.16.1");
  CHECK(net::physical_address_text({0x00, 0x1C, 0xC4, 0x5B, 0x22, 0x10}) == "00-1C-C4-5B-22-10");
  CHECK(net::physical_address_text({}).empty());
  CHECK(net::physical_address_text(std::vector<std::uint8_t>(10, 0xE0)) == "E0-E0-E0-E0-E0-E0-E0-E0");
}

TEST_CASE("network: masks, prefixes and dotted quads", "[collector][network]") {
  CHECK(net::mask_prefix_length("255.255.255.0") == 24);
  CHECK(net::mask_prefix_length("255.255.255.248") == 29);
  CHECK(net::mask_prefix_length("255.255.255.255") == 32);
  CHECK(net::mask_prefix_length("0.0.0.0") == 0);
  CHECK_FALSE(net::mask_prefix_length("255.0.255.0"));
  CHECK_FALSE(net::parse_ipv4("256.1.1.1"));
  CHECK_FALSE(net::parse_ipv4("1.2.3"));
  CHECK_FALSE(net::parse_ipv4("1.2.3.4 "));
  CHECK_FALSE(net::parse_ipv4("0001.2.3.4"));
  CHECK(net::parse_ipv4("010.002.3.4") == std::array<std::uint8_t, 4>{10, 2, 3, 4});
  const std::vector<net::Prefix> prefixes = {{v6({0xfe80}), 64}, {v6({0x2001, 0xdb8}), 32}, {v6({0x2001, 0xdb8, 1}), 48},
                                             {v4(10, 0, 0, 0), 8}};
  CHECK(net::prefix_length_for(v6({0x2001, 0xdb8, 1, 5}), prefixes) == 48u);  // the longest that holds it
  CHECK(net::prefix_length_for(v6({0x2001, 0xdb8, 2, 5}), prefixes) == 32u);
  CHECK(net::prefix_length_for(v6({0xfe80, 0, 0, 0, 1}), prefixes) == 64u);
  CHECK_FALSE(net::prefix_length_for(v6({0x2002}), prefixes));
  CHECK(net::prefix_length_for(v4(10, 1, 2, 3), prefixes) == 8u);  // the family must match
  CHECK_FALSE(net::prefix_length_for(v4(11, 1, 2, 3), prefixes));
}

TEST_CASE("network: the constants spelled out", "[collector][network]") {
  CHECK(net::if_type_name(6) == "ethernet");
  CHECK(net::if_type_name(23) == "ppp");
  CHECK(net::if_type_name(24) == "loopback");
  CHECK(net::if_type_name(71) == "wireless");
  CHECK(net::if_type_name(131) == "tunnel");
  CHECK(net::if_type_name(9) == "other");
  CHECK(net::oper_status_name(1) == "up");
  CHECK(net::oper_status_name(7) == "lower_layer_down");
  CHECK(net::oper_status_name(0) == "unknown");
  CHECK(net::node_type_name(8) == "hybrid");
  CHECK(net::node_type_name(3) == "unknown");
  CHECK(net::route_type_name(4) == "indirect");
  CHECK(net::route_type_name(5) == "unknown");
  CHECK(net::route_protocol_name(3) == "netmgmt");
  CHECK(net::route_protocol_name(14) == "bgp");
  CHECK(net::route_protocol_name(10006) == "static");
  CHECK(net::route_protocol_name(10003) == "unknown");
}

TEST_CASE("network: a complete reading, merged by adapter name", "[collector][network]") {
  const std::string json = net::network_json(sbs_reading());
  CHECK(migready::test::api_document_problem(json) == "");
  const auto d = parsed(json);
  CHECK(s(d["schema"]) == "migready-api-network/1");
  CHECK(flag(d["complete"]) == 1);
  CHECK(d["error"].IsNull());
  const auto& adapters = d["adapters"];
  CHECK(s(adapters["status"]) == "ok");
  REQUIRE(adapters["items"].Size() == 2);
  const auto& lan = adapters["items"][0];
  CHECK(s(lan["friendly_name"]) == "Server Local Area Connection");
  CHECK(s(lan["type"]) == "ethernet");
  CHECK(num(lan["type_code"]) == 6);
  CHECK(s(lan["oper_status"]) == "up");
  CHECK(s(lan["physical_address"]) == "00-1C-C4-5B-22-10");
  CHECK(flag(lan["dhcp_enabled"]) == 0);
  CHECK(lan["dhcp_server"].IsNull());
  REQUIRE(lan["ipv4"].Size() == 1);
  CHECK(s(lan["ipv4"][0]["address"]) == "192.168.16.2");
  CHECK(s(lan["ipv4"][0]["mask"]) == "255.255.255.0");  // from GetAdaptersInfo: 2003 has no OnLinkPrefixLength
  CHECK(num(lan["ipv4"][0]["prefix_length"]) == 24);
  REQUIRE(lan["ipv6"].Size() == 1);
  CHECK(s(lan["ipv6"][0]["address"]) == "fe80::21c:c4ff:fe5b:2210%4");
  CHECK(num(lan["ipv6"][0]["prefix_length"]) == 64);
  REQUIRE(lan["gateways"].Size() == 1);
  CHECK(s(lan["gateways"][0]) == "192.168.16.1");
  CHECK(s(lan["dns_servers"][0]) == "192.168.16.2");
  CHECK(s(lan["wins_primary"]) == "192.168.16.2");
  CHECK(lan["wins_secondary"].IsNull());  // 0.0.0.0 is "none"
  CHECK(lan["listed_by"].Size() == 2);
  const auto& loop = adapters["items"][1];
  CHECK(s(loop["type"]) == "loopback");
  CHECK(loop["ipv4"][0]["mask"].IsNull());  // GetAdaptersInfo does not list the loopback
  CHECK(loop["ipv4"][0]["prefix_length"].IsNull());
  CHECK(loop["listed_by"].Size() == 1);
  CHECK(s(d["params"]["host_name"]) == "sbsserver");
  CHECK(s(d["params"]["node_type"]) == "hybrid");
  CHECK(flag(d["params"]["ip_routing_enabled"]) == 0);
  const auto& routes = d["routes"]["items"];
  REQUIRE(routes.Size() == 2);
  CHECK(s(routes[0]["destination"]) == "0.0.0.0");
  CHECK(s(routes[0]["next_hop"]) == "192.168.16.1");
  CHECK(s(routes[0]["type"]) == "indirect");
  CHECK(s(routes[0]["protocol"]) == "netmgmt");
  CHECK(s(routes[1]["mask"]) == "255.255.255.0");
}

TEST_CASE("network: one failing call never hides the others", "[collector][network]") {
  auto r = sbs_reading();
  r.addresses.clear();
  r.addresses_failure = net::CallFailure{8, "GetAdaptersAddresses: Not enough memory. (Win32 error 8)"};
  r.routes_failure = net::CallFailure{5, "GetIpForwardTable: Access is denied. (Win32 error 5)"};
  std::string json = net::network_json(r);
  CHECK(migready::test::api_document_problem(json) == "");
  auto d = parsed(json);
  CHECK(flag(d["complete"]) == 0);
  const std::string error = d["error"].GetString();
  CHECK(error.find("adapters: GetAdaptersAddresses: Not enough memory") != std::string::npos);
  CHECK(error.find("routes: GetIpForwardTable: Access is denied") != std::string::npos);
  CHECK(s(d["adapters"]["status"]) == "partial");
  CHECK(s(d["adapters"]["calls"][0]["status"]) == "failed");
  CHECK(num(d["adapters"]["calls"][0]["win32_error"]) == 8);
  CHECK(s(d["adapters"]["calls"][1]["status"]) == "ok");
  REQUIRE(d["adapters"]["items"].Size() == 1);  // GetAdaptersInfo's adapter, alone
  CHECK(d["adapters"]["items"][0]["friendly_name"].IsNull());
  CHECK(s(d["adapters"]["items"][0]["ipv4"][0]["address"]) == "192.168.16.2");
  CHECK(num(d["adapters"]["items"][0]["ipv4"][0]["prefix_length"]) == 24);
  CHECK(s(d["params"]["status"]) == "ok");
  CHECK(s(d["params"]["host_name"]) == "sbsserver");
  CHECK(s(d["routes"]["status"]) == "failed");
  CHECK(d["routes"]["items"].Size() == 0);

  r = sbs_reading();
  r.info_failure = net::CallFailure{1, "GetAdaptersInfo: x (Win32 error 1)"};
  r.addresses_failure = net::CallFailure{2, "GetAdaptersAddresses: y (Win32 error 2)"};
  r.params_failure = net::CallFailure{3, "GetNetworkParams: z (Win32 error 3)"};
  json = net::network_json(r);
  CHECK(migready::test::api_document_problem(json) == "");
  d = parsed(json);
  CHECK(s(d["adapters"]["status"]) == "failed");
  CHECK(d["adapters"]["items"].Size() == 0);
  CHECK(s(d["params"]["status"]) == "failed");
  CHECK(d["params"]["host_name"].IsNull());
  CHECK(num(d["params"]["win32_error"]) == 3);
  CHECK(s(d["routes"]["status"]) == "ok");
}

TEST_CASE("network: caps, hostile text and DHCP leases", "[collector][network]") {
  auto r = sbs_reading();
  r.info[0].dhcp_enabled = true;
  r.info[0].dhcp_server = "192.168.16.1";
  r.info[0].lease_obtained = 1764667200;  // 2025-12-02T09:20:00Z
  r.info[0].lease_expires = 0;
  r.info[0].gateways = {"", "0.0.0.0", "not an address", "192.168.16.1"};
  r.addresses[0].description = std::string(3000, 'x') + "\xC3\xA9";
  r.addresses[0].unicast.resize(100, v4(10, 0, 0, 1));
  for (int i = 0; i < 70; ++i) {
    net::InfoEntry extra;
    extra.name = "{extra-" + std::to_string(i) + "}";
    r.info.push_back(extra);
  }
  r.routes.resize(1500);
  const std::string json = net::network_json(r);
  CHECK(migready::test::api_document_problem(json) == "");
  const auto d = parsed(json);
  const auto& lan = d["adapters"]["items"][0];
  CHECK(flag(lan["dhcp_enabled"]) == 1);
  CHECK(s(lan["dhcp_server"]) == "192.168.16.1");
  CHECK(s(lan["lease_obtained_utc"]) == "2025-12-02T09:20:00.000Z");
  CHECK(lan["lease_expires_utc"].IsNull());
  REQUIRE(lan["gateways"].Size() == 1);
  CHECK(s(lan["gateways"][0]) == "192.168.16.1");
  CHECK(lan["ipv4"].Size() == net::kMaxPerList);
  CHECK(lan["description"].GetStringLength() == 1000);
  CHECK(s(d["adapters"]["status"]) == "truncated");
  CHECK(d["adapters"]["items"].Size() == net::kMaxAdapters);
  CHECK(s(d["routes"]["status"]) == "truncated");
  CHECK(d["routes"]["items"].Size() == net::kMaxRoutes);
  CHECK(flag(d["complete"]) == 0);
}

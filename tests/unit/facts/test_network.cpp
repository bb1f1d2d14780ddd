// DNS Server forwarders and the derived network facts (network.cpp).
#include "facts_test_util.hpp"

using namespace migready;
using namespace migready::test::facts_util;

namespace {
const std::string kFixtures = MIGREADY_FIXTURES_DIR;

const std::string kIpconfig =
    "\r\nWindows IP Configuration\r\n\r\n   Host Name . . . . . . . . . . . . : SBS01\r\n\r\n"
    "Ethernet adapter LAN:\r\n\r\n"
    "   Description . . . . . . . . . . . : NIC A\r\n"
    "   Physical Address. . . . . . . . . : 00-0C-29-3A-11-7E\r\n"
    "   DHCP Enabled. . . . . . . . . . . : Yes\r\n"
    "   IP Address. . . . . . . . . . . . : 192.168.16.20\r\n"
    "   Subnet Mask . . . . . . . . . . . : 255.255.255.0\r\n"
    "   Default Gateway . . . . . . . . . : 192.168.16.1\r\n"
    "   DNS Servers . . . . . . . . . . . : 127.0.0.1\r\n"
    "                                       192.168.16.20\r\n"
    "                                       10.0.0.5\r\n"
    "                                       192.168.16.1\r\n"
    "                                       192.168.16.1\r\n\r\n"
    "Ethernet adapter Second:\r\n\r\n"
    "   Description . . . . . . . . . . . : NIC B\r\n"
    "   Physical Address. . . . . . . . . : 00-0C-29-3A-11-7F\r\n"
    "   DHCP Enabled. . . . . . . . . . . : No\r\n"
    "   IP Address. . . . . . . . . . . . : 10.0.0.5\r\n"
    "   Subnet Mask . . . . . . . . . . . : 255.0.0.0\r\n"
    "   Default Gateway . . . . . . . . . : \r\n";

const std::string kDns = kSys + "Services\\DNS]\n\"Start\"=dword:00000002\n\n" + kSys + "Services\\DNS\\Parameters]\n";
}  // namespace

TEST_CASE("network: DNS servers other than the server itself, adapters on DHCP", "[facts]") {
  SECTION("the server's own addresses and loopback are not counted; duplicates once") {
    test::BundleBuilder b;
    add(b, "command.ipconfig_all", "commands/ipconfig_all.txt", "command", "text", kIpconfig);
    auto f = build(b);
    const auto& other = value(f, "network.dns_servers_not_self");
    REQUIRE(other.Size() == 1);
    CHECK(str(other[0]["address"]) == "192.168.16.1");
    CHECK(str(other[0]["adapter"]) == "LAN");
    const auto& dhcp = value(f, "network.dhcp_enabled_adapters");
    REQUIRE(dhcp.Size() == 1);
    CHECK(str(dhcp[0]["adapter"]) == "LAN");
    CHECK(str(dhcp[0]["ipv4"][0]) == "192.168.16.20");
  }
  SECTION("a server pointing only at itself, no DHCP") {
    test::BundleBuilder b;
    add(b, "command.ipconfig_all", "commands/ipconfig_all.txt", "command", "text",
        test::read_file(kFixtures + "/ipconfig/sbs2003-two-nics.txt"));
    auto f = build(b);
    const auto& other = value(f, "network.dns_servers_not_self");
    REQUIRE(other.Size() == 2);  // the public adapter's ISP servers; the LAN adapter points at itself
    CHECK(str(other[0]["adapter"]) == "Network Connection");
    CHECK(value(f, "network.dhcp_enabled_adapters").Size() == 0);
  }
  SECTION("ipconfig unreadable or absent: the derived facts are as unknown") {
    test::BundleBuilder b;
    add(b, "command.ipconfig_all", "commands/ipconfig_all.txt", "command", "text",
        test::read_file(kFixtures + "/ipconfig/not-found.txt"));
    auto f = build(b);
    CHECK(status(f, "network.dns_servers_not_self") == "parse_failed");
    test::BundleBuilder none;
    CHECK(status(build(none), "network.dhcp_enabled_adapters") == "collection_failed");
  }
}

TEST_CASE("DNS Server forwarders in any of the forms the value may take", "[facts]") {
  SECTION("REG_MULTI_SZ, with a word that is no address") {
    test::BundleBuilder b;
    add_system(b, kDns + "\"Forwarders\"=" + multi_sz({"198.51.100.53", "198.51.100.54 bogus"}) +
                      "\n\"ForwardingTimeout\"=dword:00000005\n\"IsSlave\"=dword:00000000\n");
    auto f = build(b);
    CHECK(value(f, "dns_server.installed").GetBool());
    const auto& fw = value(f, "dns_server.forwarders");
    REQUIRE(fw.Size() == 2);
    CHECK(str(fw[1]) == "198.51.100.54");
    CHECK(value(f, "dns_server.forwarding_timeout").GetInt64() == 5);
    CHECK_FALSE(value(f, "dns_server.is_slave").GetBool());
  }
  SECTION("REG_SZ separated by spaces and commas") {
    test::BundleBuilder b;
    add_system(b, kDns + "\"Forwarders\"=\"203.0.113.1, 203.0.113.2 999.1.1.1\"\n");
    auto f = build(b);
    CHECK(value(f, "dns_server.forwarders").Size() == 2);
    CHECK(value(f, "dns_server.is_slave").IsNull());
  }
  SECTION("REG_BINARY IP4_ARRAY") {
    test::BundleBuilder b;
    add_system(b, kDns + "\"Forwarders\"=" + hex_bytes({2, 0, 0, 0, 8, 8, 8, 8, 192, 0, 2, 1}) + "\n");
    auto f = build(b);
    const auto& fw = value(f, "dns_server.forwarders");
    REQUIRE(fw.Size() == 2);
    CHECK(str(fw[0]) == "8.8.8.8");
    CHECK(str(fw[1]) == "192.0.2.1");
  }
  SECTION("REG_BINARY whose count overruns its data: parse_failed") {
    test::BundleBuilder b;
    add_system(b, kDns + "\"Forwarders\"=" + hex_bytes({9, 0, 0, 0, 8, 8, 8, 8}) + "\n");
    auto f = build(b);
    CHECK(status(f, "dns_server.forwarders") == "parse_failed");
    CHECK_THAT(reason(f, "dns_server.forwarders"), Catch::Contains("IP4_ARRAY"));
  }
  SECTION("no forwarders; no DNS Server at all; no hive") {
    test::BundleBuilder b;
    add_system(b, kDns);
    auto f = build(b);
    CHECK(value(f, "dns_server.forwarders").Size() == 0);
    test::BundleBuilder plain;
    add_system(plain, kSys + "Services\\Tcpip]\n");
    auto g = build(plain);
    CHECK_FALSE(value(g, "dns_server.installed").GetBool());
    CHECK(value(g, "dns_server.forwarders").IsNull());
    test::BundleBuilder none;
    CHECK(status(build(none), "dns_server.forwarders") == "collection_failed");
  }
}

// Only network adapters count: RRAS's dial-in interface, a dial-up/PPPoE link and IPv6 tunnels do not.
TEST_CASE("network: PPP links and tunnels are not LAN adapters", "[facts][network]") {
  SECTION("an RRAS server's 'RAS (Dial In) Interface' (real output, Server 2016) beside the LAN adapter") {
    test::BundleBuilder b;
    add(b, "command.ipconfig_all", "commands/ipconfig_all.txt", "command", "text",
        test::read_file(kFixtures + "/ipconfig/ws2016-rras-dial-in.txt"));
    auto f = build(b);
    const auto& adapters = value(f, "network.adapters");
    REQUIRE(adapters.Size() == 4);
    CHECK(str(adapters[0]["link"]) == "lan");
    CHECK(adapters[0]["lan"].GetBool());
    CHECK(str(adapters[1]["link"]) == "point_to_point");
    CHECK(adapters[1]["active"].GetBool());  // connected, with an address in the LAN's range...
    CHECK_FALSE(adapters[1]["lan"].GetBool());  // ...but not a network adapter
    CHECK(str(adapters[2]["link"]) == "tunnel");
    CHECK(value(f, "network.active_adapter_count").GetInt64() == 1);
    REQUIRE(value(f, "network.default_gateways").Size() == 1);
    CHECK(str(value(f, "network.default_gateways")[0]) == "192.168.1.1");
    CHECK(value(f, "network.public_addresses").Size() == 0);
    // The LAN adapter is the Ethernet one, not the /32 dial-in interface.
    CHECK(str(value(f, "network.lan_adapter")["name"]) == "Ethernet");
    CHECK(value(f, "network.lan_subnet_is_24").GetBool());
  }
  SECTION("a dial-up connection to the ISP (real output, XP): its public address counts, its gateway does not") {
    test::BundleBuilder b;
    add(b, "command.ipconfig_all", "commands/ipconfig_all.txt", "command", "text",
        test::read_file(kFixtures + "/ipconfig/xp-ppp-dialup.txt"));
    auto f = build(b);
    CHECK(str(value(f, "network.adapters")[1]["link"]) == "point_to_point");
    CHECK(value(f, "network.active_adapter_count").GetInt64() == 0);
    CHECK(value(f, "network.default_gateways").Size() == 0);
    REQUIRE(value(f, "network.public_addresses").Size() == 1);
    CHECK(str(value(f, "network.public_addresses")[0]) == "14.96.174.172 (TATA Indicom)");
  }
  SECTION("a PPP link is known by its host mask and NDISWAN's address even when the kind is not 'PPP'") {
    // The kind line is localized on some Windows; the mask and the physical address are not.
    test::BundleBuilder b;
    add(b, "command.ipconfig_all", "commands/ipconfig_all.txt", "command", "text",
        kIpconfig + "\r\nOther adapter RAS:\r\n\r\n"
                    "   Physical Address. . . . . . . . . : 00-53-45-00-00-00\r\n"
                    "   IP Address. . . . . . . . . . . . : 192.168.16.240\r\n"
                    "   Subnet Mask . . . . . . . . . . . : 255.255.255.255\r\n"
                    "   Default Gateway . . . . . . . . . : \r\n");
    auto f = build(b);
    CHECK(str(value(f, "network.adapters")[2]["link"]) == "point_to_point");
    CHECK(value(f, "network.active_adapter_count").GetInt64() == 2);  // LAN and Second, not RAS
  }
}

TEST_CASE("network: persistent static routes from the PersistentRoutes key", "[facts][network]") {
  SECTION("route -p add writes one value per route, named destination,mask,gateway,metric") {
    test::BundleBuilder b;
    add_system(b, kSys + "Services\\Tcpip\\Parameters\\PersistentRoutes]\n"
                         "\"192.168.20.0,255.255.255.0,192.168.16.250,1\"=\"\"\n"
                         "\"10.0.0.0,255.0.0.0,192.168.16.1,20\"=\"\"\n"
                         "\"not a route\"=\"\"\n");
    auto f = build(b);
    const auto& routes = value(f, "network.persistent_routes");
    REQUIRE(routes.Size() == 3);
    CHECK(str(routes[0]["destination"]) == "192.168.20.0");
    CHECK(str(routes[0]["mask"]) == "255.255.255.0");
    CHECK(str(routes[0]["gateway"]) == "192.168.16.250");
    CHECK(routes[0]["metric"].GetInt64() == 1);
    CHECK(str(routes[0]["name"]) == "192.168.20.0 via 192.168.16.250");
    CHECK(routes[1]["metric"].GetInt64() == 20);
    // A name in another form is kept as written, its fields null: never dropped, never guessed.
    CHECK(routes[2]["destination"].IsNull());
    CHECK(str(routes[2]["name"]) == "not a route");
    CHECK_THAT(source(f, "network.persistent_routes"), Catch::Contains("PersistentRoutes"));
  }
  SECTION("no PersistentRoutes key: no route; no SYSTEM hive: not collected") {
    test::BundleBuilder b;
    add_system(b, kSys + "Services\\Tcpip\\Parameters]\n\"Hostname\"=\"SBS01\"\n");
    CHECK(value(build(b), "network.persistent_routes").Empty());
    test::BundleBuilder none;
    CHECK(status(build(none), "network.persistent_routes") == "collection_failed");
  }
  SECTION("more values than the cap: the list stops at 256") {
    std::string reg = kSys + "Services\\Tcpip\\Parameters\\PersistentRoutes]\n";
    for (int i = 0; i < 300; ++i) reg += "\"10." + std::to_string(i / 256) + "." + std::to_string(i % 256) + ".0,255.255.255.0,192.168.16.1,1\"=\"\"\n";
    test::BundleBuilder b;
    add_system(b, reg);
    CHECK(value(build(b), "network.persistent_routes").Size() == 256);
  }
}

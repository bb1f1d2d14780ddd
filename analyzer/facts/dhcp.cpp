// The DHCP server on this machine: whether the service exists (SYSTEM hive) and its scopes with the router
// each hands out (netsh dhcp server dump).
#include <algorithm>
#include <unordered_set>

#include "core/json.hpp"
#include "facts/sources.hpp"
#include "parsers/netsh_dhcp.hpp"

namespace migready::facts::detail {

void dhcp_server_installed_fact(Facts& f, const LoadedHive& sys) {
  const auto ccs = control_set_or_mark(f, sys, {"dhcp_server.installed"});
  if (!ccs) return;
  key_exists_fact(f, "dhcp_server.installed", sys, *ccs + "\\Services\\DHCPServer");
}

void dhcp_facts(Facts& f, const Bundle& b, Diagnostics& diags) {
  const std::string id = "command.netsh_dhcp";
  auto parsed = parse_artifact<parsers::NetshDhcp>(f, b, id, {"dhcp_server.scopes", "dhcp_server.scope_routers"},
                                                   parsers::parse_netsh_dhcp, diags);
  if (!parsed) return;
  auto& alloc = f.allocator();
  // A scope without its own option 003 hands out the server-level one (TechNet cc958939, DHCP Options Precedence).
  const std::optional<std::string> server_router = parsed->server_router();
  json::Value scopes(rapidjson::kArrayType);
  std::vector<std::string> routers;
  std::unordered_set<std::string> router_seen;  // a hash set: the scope list is not capped before this (issue 19)
  for (const auto& s : parsed->scopes) {
    const auto own = s.router();
    const auto router = own ? own : server_router;
    const char* router_level = own ? "scope" : (server_router ? "server" : nullptr);
    if (router && s.active != false && router_seen.insert(*router).second) routers.push_back(*router);
    if (scopes.Size() >= kMaxDhcpScopes) continue;
    json::Value o(rapidjson::kObjectType);
    o.AddMember("network", json_string(s.network, alloc), alloc);
    o.AddMember("mask", json_string(s.mask, alloc), alloc);
    o.AddMember("name", json_string(s.name, alloc), alloc);
    o.AddMember("active", s.active ? json::Value(*s.active) : json::Value(), alloc);
    o.AddMember("router", json_optional(router, alloc), alloc);
    o.AddMember("router_level", router_level ? json::Value(rapidjson::StringRef(router_level)) : json::Value(), alloc);
    o.AddMember("line", s.line, alloc);
    scopes.PushBack(o, alloc);
  }
  f.set("dhcp_server.scopes", std::move(scopes), id);
  f.set("dhcp_server.scope_routers", json_strings(routers, alloc, kMaxDhcpScopes), id);
}

}  // namespace migready::facts::detail

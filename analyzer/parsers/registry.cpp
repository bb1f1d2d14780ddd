#include "parsers/registry.hpp"

#include "parsers/ipconfig.hpp"
#include "parsers/json_out.hpp"

namespace migready::parsers {
namespace {

Result<std::string> ipconfig_json(std::string_view text, const std::string& where, Diagnostics& diags) {
  auto parsed = parse_ipconfig(text, where, diags);
  if (!parsed) return std::move(parsed).error();
  JsonOut j;
  j.begin_object();
  j.field("host_name", parsed->host_name);
  j.field("primary_dns_suffix", parsed->primary_dns_suffix);
  j.field("node_type", parsed->node_type);
  j.field("ip_routing_enabled", parsed->ip_routing_enabled);
  j.field("dns_suffix_search_list", parsed->dns_suffix_search_list);
  j.key("adapters").begin_array();
  for (const auto& a : parsed->adapters) {
    j.begin_object();
    j.field("kind", a.kind).field("name", a.name).field("description", a.description);
    j.field("physical_address", a.physical_address).field("dhcp_enabled", a.dhcp_enabled);
    j.field("media_disconnected", a.media_disconnected);
    j.field("ipv4", a.ipv4).field("subnet_masks", a.subnet_masks).field("gateways", a.gateways);
    j.field("dns_servers", a.dns_servers).field("dhcp_server", a.dhcp_server).field("line", a.line);
    j.end_object();
  }
  j.end_array();
  j.end_object();
  return j.str();
}

// One row per tool; `migready parse --help` lists them in this order.
constexpr ParserEntry kParsers[] = {
    {"ipconfig", "ipconfig /all", ipconfig_json},
};

}  // namespace

std::span<const ParserEntry> parser_registry() { return kParsers; }

const ParserEntry* find_parser(std::string_view tool) {
  for (const auto& entry : kParsers) {
    if (entry.tool == tool) return &entry;
  }
  return nullptr;
}

}  // namespace migready::parsers

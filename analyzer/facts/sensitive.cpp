#include "facts/sensitive.hpp"

namespace migready::facts {
namespace {

using K = SensitiveKind;

// Grouped as catalogue.cpp's kFacts. Addresses are also caught by pattern in any text (report/redact.cpp);
// they are listed here so that an address in a form no pattern knows is still learned.
constexpr SensitiveFact kSensitiveFacts[] = {
    {"host.computer_name", "", K::host},
    {"host.dns_domain", "", K::domain},
    {"user.name", "", K::user},
    {"user.groups", "", K::account},
    // Network
    {"network.adapters", "ipv4", K::ip},
    {"network.adapters", "gateways", K::ip},
    {"network.adapters", "dns_servers", K::ip},
    {"network.default_gateways", "", K::ip},
    {"network.public_addresses", "", K::ip},
    {"network.dns_servers_not_self", "address", K::ip},
    {"network.dhcp_enabled_adapters", "ipv4", K::ip},
    {"network.lan_adapter", "ipv4", K::ip},
    {"network.fqdn", "", K::host},
    {"network.fqdn_addresses", "", K::ip},
    {"network.fqdn_own_addresses", "", K::ip},
    {"network.persistent_routes", "destination", K::ip},
    {"network.persistent_routes", "gateway", K::ip},
    {"dhcp_server.scopes", "network", K::ip},
    {"dhcp_server.scopes", "router", K::ip},
    {"dhcp_server.scope_routers", "", K::ip},
    {"dns_server.forwarders", "", K::ip},
    // Time
    {"time.sntp_server", "", K::host},
    {"time.pdc_clock", "name", K::host},
    {"time.pdc_clock", "address", K::ip},
    {"time.pdc_clock", "ref_id", K::host},
    {"time.w32tm_monitor.servers", "name", K::host},
    {"time.w32tm_monitor.servers", "address", K::ip},
    {"time.w32tm_monitor.servers", "offset_from", K::host},
    {"time.w32tm_monitor.servers", "ref_id", K::host},
    // Active Directory and replication
    {"ad.fsmo", "schema.server", K::host},
    {"ad.fsmo", "domain_naming.server", K::host},
    {"ad.fsmo", "pdc.server", K::host},
    {"ad.fsmo", "rid.server", K::host},
    {"ad.fsmo", "infrastructure.server", K::host},
    {"ad.fsmo", "reported_by", K::host},
    {"ad.fsmo", "schema.dn", K::dn},
    {"ad.fsmo", "domain_naming.dn", K::dn},
    {"ad.fsmo", "pdc.dn", K::dn},
    {"ad.fsmo", "rid.dn", K::dn},
    {"ad.fsmo", "infrastructure.dn", K::dn},
    {"dcdiag.failed_tests", "subject", K::host},
    {"repadmin.failures", "source", K::site_server},
    {"repadmin.failures", "naming_context", K::dn},
    {"repadmin.partners", "name", K::site_server},
    {"repadmin.partners", "source_dc", K::host},
    {"repadmin.partners", "naming_contexts", K::dn},
    {"replication.kcc_failures", "name", K::host},
    {"replication.kcc_failures", "site", K::name},
    {"replication.kcc_failures", "dsa_dn", K::dn},
    {"replication.kcc_failures", "partner", K::host},
    {"directory.fsmo", "schema_master", K::host},
    {"directory.fsmo", "domain_naming_master", K::host},
    {"directory.fsmo", "pdc_emulator", K::host},
    {"directory.fsmo", "rid_master", K::host},
    {"directory.fsmo", "infrastructure_master", K::host},
    {"directory.fsmo_not_on_this_server", "server", K::host},
    {"directory.fsmo_owners_elsewhere", "name", K::host},
    {"directory.fsmo_owners_elsewhere", "owner_dn", K::dn},
    {"directory.domain_controllers", "name", K::host},
    {"directory.domain_controllers", "dns_host_name", K::host},
    {"directory.domain_controllers", "site", K::name},
    {"directory.dcs_older_than_2003", "", K::host},
    {"directory.dcs_os_unknown", "", K::host},
    {"directory.dns_domain_name", "", K::domain},
    {"directory.pre_windows_2000_members", "dn", K::dn},
    {"directory.enabled_users", "", K::user},
    {"directory.enabled_computers", "name", K::host},
    {"directory.trusts", "name", K::domain},
    {"directory.trusts", "flat_name", K::domain},
    {"directory.trusts", "dn", K::dn},
    {"directory.delegation_accounts", "name", K::account},
    // Exchange
    {"exchange.organizations", "name", K::name},
    {"exchange.servers", "name", K::host},
    {"exchange.stores", "server", K::host},
    {"exchange.stores", "dn", K::dn},
    {"exchange.storage_groups", "server", K::host},
    {"exchange.rpc_over_http.valid_port_hosts", "host", K::host},
    {"exchange.rpcproxy_ports_ok_for", "", K::host},
    // Certificates
    {"certificates.local_machine_my", "dns_names", K::host},
    {"certificates.local_machine_my", "subject", K::dn},
    {"certificates.local_machine_my", "issuer", K::dn},
};

}  // namespace

std::span<const SensitiveFact> sensitive_facts() { return kSensitiveFacts; }

}  // namespace migready::facts

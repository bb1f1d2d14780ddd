// build_facts: every source in order (sources.hpp says what each reads and which facts it needs first). The
// order is also the facts document's order: a path appears where its first fact was set.
#include "facts/facts.hpp"
#include "facts/sources.hpp"

namespace migready::facts {

Facts build_facts(const bundle::Bundle& bundle, Diagnostics& diags) {
  using namespace detail;
  Facts f;
  collection_facts(f, bundle);
  host_facts(f, bundle);
  time_zone_facts(f, bundle);
  user_facts(f, bundle);

  // Each hive is opened once: its problems are reported once, and a large SOFTWARE hive is walked once.
  const LoadedHive software = load_hive(bundle, "registry.software", diags);
  const LoadedHive system = load_system_hive(bundle, diags);
  time_zone_id_fact(f, bundle, software);
  os_registry_facts(f, software, system);
  exchange_setup_facts(f, software);
  product_key_facts(f, software);
  powershell_fact(f, software);
  dotnet_facts(f, software);
  sql_instances_fact(f, software);
  programs_facts(f, software);
  exchange_version_fact(f, software);
  exchange_build_fact(f, software);
  msxml6_fact(f, software);
  sbs_edition_facts(f, software);
  dcom_fact(f, software);
  r2_fact(f);
  isa_service_facts(f, system);
  rras_registry_facts(f, system);
  persistent_route_facts(f, system);
  dhcp_server_installed_fact(f, system);
  ad_registry_facts(f, system);
  pending_restart_facts(f, bundle, software, system, diags);
  exchange_facts(f, software, system, diags);
  version_facts(f, software);
  file_version_facts(f, bundle, diags);
  sysvol_facts(f, bundle, system, diags);
  companyweb_facts(f, bundle, diags);
  dns_server_facts(f, system);

  network_facts(f, bundle, diags);
  network_derived_facts(f);
  certificate_facts(f, bundle, diags);
  time_facts(f, bundle, diags);
  const SysteminfoRead systeminfo = systeminfo_facts(f, bundle, diags);
  updates_facts(f, bundle, software, systeminfo, diags);
  windows_update_log_facts(f, bundle, diags);
  dcdiag_facts(f, bundle, diags);
  netdiag_facts(f, bundle, diags);
  repadmin_facts(f, bundle, diags);
  support_tools_facts(f, bundle);
  w32tm_monitor_facts(f, bundle, diags);
  w32tm_tz_facts(f, bundle, diags);
  dhcp_facts(f, bundle, diags);
  wss_package_fact(f);

  services_facts(f, bundle, diags);
  volumes_facts(f, bundle, diags);
  hardware_facts(f, bundle, diags);
  services_derived_facts(f);
  lob_facts(f, software);
  backup_facts(f, bundle, diags);
  migration_log_facts(f, bundle, diags);
  migration_prep_facts(f, bundle, diags);
  event_log_facts(f, bundle, diags);
  directory_facts(f, bundle, diags);
  pdc_clock_fact(f);
  disk_role_facts(f);
  return f;
}

}  // namespace migready::facts

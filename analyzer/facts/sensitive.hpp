// Which facts name the customer: hosts, domains, users, distinguished names, addresses. `--redact`
// (report/redact.hpp) learns the values of exactly these facts and replaces them wherever they stand in a
// report. Declared here, beside the catalogue, so a fact that holds a name is marked where facts are declared;
// a test checks that every entry names a declared fact (tests/unit/facts/test_sensitive.cpp).
//
//   {"network.adapters", "ipv4", SensitiveKind::ip}   each adapter's ipv4[] (arrays on the way are walked)
//   {"ad.fsmo", "pdc.server", SensitiveKind::host}    a field of an object fact
//   {"directory.enabled_users", "", SensitiveKind::user}  the value itself (each element of an array)
//
// Adding a fact that holds such a value: one entry in kSensitiveFacts (sensitive.cpp). cli.redact_samples
// fails when a value of the samples survives a redacted report.
#pragma once

#include <span>
#include <string_view>

namespace migready::facts {

enum class SensitiveKind {
  host,         // a computer: NetBIOS name ("SBS01", "PC01$") or FQDN ("sbs01.contoso.local"), or "host:port"
  domain,       // a domain: DNS ("contoso.local") or NetBIOS ("CONTOSO")
  user,         // an account: "jsmith", "CONTOSO\jsmith", "jsmith@contoso.local"
  account,      // a group or principal "DOMAIN\name": the domain part is redacted, the name kept
  site_server,  // "Site\SERVER" as repadmin names a partner: the site as a name, the server as a host
  dn,           // a distinguished name
  ip,           // an IPv4 or IPv6 address, possibly followed by " (adapter)"
  name,         // a name the customer chose: Exchange organization, AD site
};

struct SensitiveFact {
  std::string_view fact;   // a declared fact path (catalogue.hpp)
  std::string_view field;  // dotted path inside its value ("" = the value); arrays on the way are walked
  SensitiveKind kind;
};

std::span<const SensitiveFact> sensitive_facts();

}  // namespace migready::facts

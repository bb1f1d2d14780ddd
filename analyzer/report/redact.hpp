// `--redact`: a report that can be shown outside. Host, domain, user, DN, e-mail, IP and MAC values become
// pseudonyms derived from a keyed HMAC-SHA-256 of the value, so one value is one token everywhere in a report,
// and across a report and a diff made with the same key. Redaction runs after judging, over the report model:
// the findings, their ids, severities and counts and the verdict are the unredacted report's.
//
//   Redactor r(key);
//   auto rep = analyze_file(path, rules, plan, limits, diags, &r);   // r learns the bundle's values
//   r.apply(*rep);                                                   // then render as usual
//
// What is replaced (docs/report-format.md, "Redacted reports"):
//   - the values of the facts facts/sensitive.hpp lists (and the report's host, domain and user), wherever
//     they stand in any text of the report, as whole words (not inside a longer run of letters and digits),
//     compared without case;
//   - by pattern, whatever facts they came from: IPv4 and IPv6 addresses, MAC addresses, e-mail addresses,
//     distinguished names (each RDN: DC runs become the domain's token, well-known containers stay), names
//     under a learned DNS domain ("pc99.contoso.local"), and URLs other than Microsoft's documentation.
// Tokens: "host-1a2b3c4d", "domain-…", "user-…", "name-…", "ip-…", "ip6-…", "mac-…", "mail-…@domain-…"
// (8 hex digits: the first 4 bytes of HMAC(key, kind ":" normalized value)); an FQDN is "host-….domain-…" (its
// first label, then the rest as one domain), a
// DN's DC=contoso,DC=local is "DC=domain-…", the token of the DNS domain contoso.local. Normalized: lower case
// (ASCII) for everything Windows compares without case.
// What stays: rule ids, sections, severities, KB numbers, versions (a dotted number with a part over 255 or
// more than four parts), documentation URLs (*.microsoft.com), well-known accounts and containers
// (Administrator, NT AUTHORITY, BUILTIN, Domain Admins, CN=Users, …), role and product words (SBS, Exchange,
// PDC), loopback and unspecified addresses (127.0.0.1, 0.0.0.0, ::1, ::) and netmasks (255.x.x.x).
//
// A Redactor is used by one thread (triage gives each bundle its own).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "facts/facts.hpp"
#include "report/diff.hpp"
#include "report/report.hpp"

namespace migready::report {

inline constexpr std::size_t kRedactKeyBytes = 32;
struct RedactKey {
  std::array<std::uint8_t, kRedactKeyBytes> bytes{};
};

// A key file holds the key as 64 hexadecimal digits, optionally followed by a line end (nothing else).
// Errc::invalid with `where` and what is wrong (length, a non-hex character) otherwise.
Result<RedactKey> parse_redact_key(std::string_view text, const std::string& where);
// The key file's text: 64 lower-case hex digits and "\n".
std::string format_redact_key(const RedactKey& key);

class Redactor {
 public:
  explicit Redactor(const RedactKey& key);
  ~Redactor();
  Redactor(Redactor&&) noexcept;
  Redactor& operator=(Redactor&&) noexcept;

  // Learn the values to replace: of the facts sensitive_facts() lists; of the report's header (computer name,
  // domain, user); of a bundle file named as the collector names it ("migready-SBS01-20261125T143005Z.zip").
  void learn_facts(const facts::Facts& facts);
  void learn_report(const Report& report);
  void learn_bundle_name(std::string_view file_name);

  // The token of one value (see above). `kind`: "host", "domain", "user", "name", "ip", "ip6", "mac".
  std::string token(std::string_view kind, std::string_view value) const;
  // `text` with every learned value and every pattern above replaced.
  std::string redact(std::string_view text);

  // Every string of the report or diff that came from the bundle, in place. Rule ids, sections, severities,
  // counts and the verdict are untouched.
  void apply(Report& report);
  void apply(Diff& diff);
  void apply(rules::Finding& finding);
  void apply(WaiverUse& waiver);

 private:
  void learn(int kind, std::string_view value);
  void learn_literal(std::string_view value, std::string replacement);
  std::string host_token(std::string_view value);
  std::string domain_token(std::string_view value);
  std::string dn(std::string_view text);
  std::string redact_rdn(std::string_view value);

  RedactKey m_key;
  std::map<std::string, std::string, std::less<>> m_literals;  // lower-case value -> its replacement
  std::vector<std::size_t> m_lengths;  // the distinct lengths of m_literals' keys, longest first
  std::vector<std::string> m_dns_domains;         // lower case, longest first
};

}  // namespace migready::report

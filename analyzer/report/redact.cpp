#include "report/redact.hpp"

#include <re2/re2.h>

#include <algorithm>
#include <optional>
#include <set>
#include <utility>

#include "core/json.hpp"
#include "contract/ascii.hpp"
#include "contract/ldap_dn.hpp"
#include "facts/sensitive.hpp"
#include "report/hmac_sha256.hpp"

namespace migready::report {
namespace {

using facts::SensitiveKind;

constexpr char kHex[] = "0123456789abcdef";

bool is_word_byte(char c) {
  const auto u = static_cast<unsigned char>(c);
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || u >= 0x80;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

// Values that are the same on every Windows server, role and product words: they name no customer, and the
// report's advice reads wrong without them. Lower case.
const std::set<std::string, std::less<>>& kept_words() {
  static const std::set<std::string, std::less<>> words = {
      "administrator", "administrators", "guest", "krbtgt", "system", "localsystem", "localservice",
      "networkservice", "local service", "network service", "nt authority", "builtin", "everyone",
      "authenticated users", "anonymous logon", "domain admins", "domain users", "domain computers",
      "domain controllers", "enterprise admins", "schema admins", "support_388945a0", "workgroup", "localhost",
      "sbs", "exchange", "pdc", "dns", "dhcp", "wsus", "sharepoint", "companyweb", "small business server",
      "default-first-site-name", "time.windows.com", "time.nist.gov", "pool.ntp.org", "locl", "'locl'",
      "local cmos clock", "free-running system clock"};
  return words;
}

// RDN values of Active Directory's and Exchange's own containers. Lower case.
const std::set<std::string, std::less<>>& kept_rdns() {
  static const std::set<std::string, std::less<>> rdns = {
      "users", "computers", "builtin", "system", "configuration", "schema", "sites", "services", "servers",
      "ntds settings", "default-first-site-name", "domain controllers", "foreignsecurityprincipals",
      "microsoft exchange", "administrative groups", "first administrative group", "first storage group",
      "informationstore", "mailbox store", "public folder store", "mybusiness", "partitions", "infrastructure",
      "rid manager$", "policies", "domaindnszones", "forestdnszones", "microsoftdns", "program data",
      "lostandfound", "deleted objects", "first routing group", "routing groups", "connections", "protocols",
      "recipient policies", "address lists container", "public folders", "folder hierarchies",
      "file replication service", "domain system volume (sysvol share)", "ntfrs subscriptions",
      "inter-site transports", "ip", "smtp", "subnets", "physical locations", "windows nt", "directory service",
      "exchange administrative group (fydibohf23spdlt)", "exchange routing group (dwbgzmfd01qnbjr)"};
  return rdns;
}

bool kept(std::string_view lower) {
  return lower.size() < 2 || kept_words().count(lower) != 0 || lower.ends_with(".pool.ntp.org");
}

// Documentation stays readable: Microsoft's sites only.
bool documentation_host(std::string_view lower_host) {
  return lower_host == "microsoft.com" || lower_host.ends_with(".microsoft.com");
}

std::optional<std::array<unsigned, 4>> ipv4_parts(std::string_view s) {
  std::array<unsigned, 4> parts{};
  std::size_t i = 0;
  for (std::size_t p = 0; p < 4; ++p) {
    if (p > 0) {
      if (i >= s.size() || s[i] != '.') return std::nullopt;
      ++i;
    }
    std::size_t digits = 0;
    unsigned v = 0;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9' && digits < 4) {
      v = v * 10 + static_cast<unsigned>(s[i] - '0');
      ++i;
      ++digits;
    }
    if (digits == 0 || digits > 3 || v > 255) return std::nullopt;
    parts[p] = v;
  }
  if (i != s.size()) return std::nullopt;
  return parts;
}

// Loopback, unspecified, broadcast and netmasks stay: they say nothing of the customer's network.
bool kept_ipv4(const std::array<unsigned, 4>& p) {
  if (p[0] == 127 || (p[0] == 0 && p[1] == 0 && p[2] == 0 && p[3] == 0)) return true;
  if (p[0] != 255) return false;
  const std::uint32_t v = (p[0] << 24) | (p[1] << 16) | (p[2] << 8) | p[3];
  const std::uint32_t inverted = ~v;
  return (inverted & (inverted + 1)) == 0;  // contiguous ones from the top
}

bool valid_ipv6(std::string_view s) {
  const std::size_t percent = s.find('%');
  if (percent != std::string_view::npos) s = s.substr(0, percent);
  const auto colons = static_cast<std::size_t>(std::count(s.begin(), s.end(), ':'));
  const bool compressed = s.find("::") != std::string_view::npos;
  if (!compressed && colons != 7) return false;
  if (s.find(":::") != std::string_view::npos) return false;
  return std::any_of(s.begin(), s.end(), [](char c) { return c != ':' && c != '0'; }) || s == "::";
}

bool kept_ipv6(std::string_view lower) { return lower == "::" || lower == "::1"; }

// The patterns: leftmost match wins; at one position the first alternative that matches.
const re2::RE2& patterns() {
  static const re2::RE2 re(
      "(https?://[^\\s<>\"'()\\]]+)"                                                     // 1 URL
      "|([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+)"                          // 2 e-mail
      // 3 DN: a DC value is one label (so "DC=local and then" stops at the label), other values run to
      // the next separator
      "|(\\b(?:(?i:DC)=[A-Za-z0-9-]+|(?i:CN|OU|O|L|ST|C)=(?:\\\\.|[^,;+\"\\\\<>\\r\\n=])+)"
      "(?:[,;] ?(?:(?i:DC)=[A-Za-z0-9-]+|(?i:CN|OU|O|L|ST|C)=(?:\\\\.|[^,;+\"\\\\<>\\r\\n=])+))*)"
      "|([0-9A-Fa-f]{2}(?:-[0-9A-Fa-f]{2}){5}|[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){5})"     // 4 MAC
      "|([0-9]{1,3}(?:\\.[0-9]{1,3}){3})"                                                // 5 IPv4
      "|([0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:%[0-9A-Za-z]+)?)"                  // 6 IPv6
      "|([A-Za-z0-9-]{1,63}(?:\\.[A-Za-z0-9-]{1,63})+)");                                 // 7 dotted name
  return re;
}

// One RDN of a DN span as the pattern matched it in free text: TYPE=value, and the separator before it, as
// written (escapes kept), so the text can be put back together around the replaced values. DN values from
// the facts are read with contract/ldap_dn.hpp instead.
struct Rdn {
  std::string_view sep, type, value;
};

std::vector<Rdn> split_rdns(std::string_view dn) {
  std::vector<Rdn> out;
  std::size_t i = 0;
  while (i < dn.size()) {
    Rdn r;
    const std::size_t sep_start = i;
    while (i < dn.size() && (dn[i] == ',' || dn[i] == ';' || dn[i] == ' ')) ++i;
    r.sep = dn.substr(sep_start, i - sep_start);
    const std::size_t eq = dn.find('=', i);
    if (eq == std::string_view::npos) break;
    r.type = dn.substr(i, eq - i);
    std::size_t j = eq + 1;
    while (j < dn.size() && dn[j] != ',' && dn[j] != ';') j += (dn[j] == '\\' && j + 1 < dn.size()) ? 2u : 1u;
    r.value = dn.substr(eq + 1, j - eq - 1);
    out.push_back(r);
    i = j;
  }
  return out;
}

}  // namespace

Result<RedactKey> parse_redact_key(std::string_view text, const std::string& where) {
  if (text.ends_with("\n")) text.remove_suffix(1);
  if (text.ends_with("\r")) text.remove_suffix(1);
  if (text.size() != 2 * kRedactKeyBytes) {
    return make_error(Errc::format,
                      "a redaction key is 64 hexadecimal digits (32 bytes) on one line; this file holds " +
                          std::to_string(text.size()) + " characters",
                      where);
  }
  RedactKey key;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const int v = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    if (v < 0) {
      return make_error(Errc::format, "a redaction key is 64 hexadecimal digits; character " + std::to_string(i + 1) +
                                          " is not one", where);
    }
    key.bytes[i / 2] = static_cast<std::uint8_t>(key.bytes[i / 2] | (i % 2 == 0 ? v << 4 : v));
  }
  return key;
}

std::string format_redact_key(const RedactKey& key) {
  std::string out;
  for (const std::uint8_t b : key.bytes) {
    out += kHex[b >> 4];
    out += kHex[b & 15];
  }
  return out + "\n";
}

Redactor::Redactor(const RedactKey& key) : m_key(key) {}
Redactor::~Redactor() = default;
Redactor::Redactor(Redactor&&) noexcept = default;
Redactor& Redactor::operator=(Redactor&&) noexcept = default;

std::string Redactor::token(std::string_view kind, std::string_view value) const {
  std::string message(kind);
  message += ':';
  message += value;
  const Hmac256 mac = hmac_sha256(m_key.bytes, message);
  std::string out(kind);
  out += '-';
  for (std::size_t i = 0; i < 4; ++i) {
    out += kHex[mac[i] >> 4];
    out += kHex[mac[i] & 15];
  }
  return out;
}

std::string Redactor::domain_token(std::string_view value) {
  return token("domain", contract::ascii_lower(value));
}

// "SBS01" -> host-…; "sbs01.contoso.local" -> host-….domain-…: the first label a host, the rest one domain,
// whatever domains were learned before, so an FQDN has one token in every run with the same key.
std::string Redactor::host_token(std::string_view value) {
  const std::string lower = contract::ascii_lower(value);
  const std::size_t dot = lower.find('.');
  if (dot == std::string::npos) return token("host", lower);
  return token("host", std::string_view(lower).substr(0, dot)) + "." + token("domain", std::string_view(lower).substr(dot + 1));
}

void Redactor::learn_literal(std::string_view value, std::string replacement) {
  const std::string lower = contract::ascii_lower(trim(value));
  if (kept(lower)) return;
  if (m_literals.emplace(lower, std::move(replacement)).second &&
      std::find(m_lengths.begin(), m_lengths.end(), lower.size()) == m_lengths.end()) {
    m_lengths.insert(std::upper_bound(m_lengths.begin(), m_lengths.end(), lower.size(), std::greater<>()), lower.size());
  }
}

void Redactor::learn(int kind_int, std::string_view raw) {
  const auto kind = static_cast<SensitiveKind>(kind_int);
  std::string_view value = trim(raw);
  if (value.empty()) return;
  const std::string lower = contract::ascii_lower(value);
  if (kept(lower)) return;
  switch (kind) {
    case SensitiveKind::host: {
      if (value.find(' ') != std::string_view::npos) return;  // a reading ("Local CMOS Clock"), not a name
      if (const std::size_t colon = value.rfind(':');
          colon != std::string_view::npos && colon + 1 < value.size() &&
          std::all_of(value.begin() + static_cast<std::ptrdiff_t>(colon) + 1, value.end(), [](char c) { return c >= '0' && c <= '9'; }) &&
          value.find(':') == colon) {
        value = value.substr(0, colon);  // "host:123"
      }
      while (!value.empty() && value.back() == '$') value.remove_suffix(1);  // a computer account
      if (ipv4_parts(value) || valid_ipv6(value)) return learn(static_cast<int>(SensitiveKind::ip), value);
      if (kept(contract::ascii_lower(value)) || value.empty()) return;
      // An FQDN's first label alone is not learned: "remote" of remote.contoso.com is an ordinary word (the
      // NetBIOS name of a server comes from facts of its own).
      if (const std::size_t dot = value.find('.'); dot != std::string_view::npos) {
        learn(static_cast<int>(SensitiveKind::domain), value.substr(dot + 1));
      }
      learn_literal(value, host_token(value));
      return;
    }
    case SensitiveKind::domain:
      if (value.find('.') != std::string_view::npos) {
        const std::string d = contract::ascii_lower(value);
        if (std::find(m_dns_domains.begin(), m_dns_domains.end(), d) == m_dns_domains.end()) {
          m_dns_domains.push_back(d);
          // Longest first, so a subdomain wins over its parent.
          std::stable_sort(m_dns_domains.begin(), m_dns_domains.end(),
                           [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
        }
      }
      learn_literal(value, domain_token(value));
      return;
    case SensitiveKind::user:
      if (const std::size_t bs = value.find('\\'); bs != std::string_view::npos) {
        learn(static_cast<int>(SensitiveKind::domain), value.substr(0, bs));
        return learn(static_cast<int>(SensitiveKind::user), value.substr(bs + 1));
      }
      if (const std::size_t at = value.find('@'); at != std::string_view::npos) {
        learn(static_cast<int>(SensitiveKind::domain), value.substr(at + 1));
        return learn(static_cast<int>(SensitiveKind::user), value.substr(0, at));
      }
      learn_literal(value, token("user", lower));
      return;
    case SensitiveKind::account:
      if (const std::size_t bs = value.find('\\'); bs != std::string_view::npos) {
        learn(static_cast<int>(SensitiveKind::domain), value.substr(0, bs));
      }
      return;
    case SensitiveKind::site_server:
      if (const std::size_t bs = value.find('\\'); bs != std::string_view::npos) {
        learn(static_cast<int>(SensitiveKind::name), value.substr(0, bs));
        return learn(static_cast<int>(SensitiveKind::host), value.substr(bs + 1));
      }
      return learn(static_cast<int>(SensitiveKind::host), value);
    case SensitiveKind::dn: {
      const auto rdns = contract::ldap::parse_dn(value);
      if (!rdns) return;  // not a DN: the text pattern still catches what it can
      std::string domain;
      for (const auto& r : *rdns) {
        const std::string type = contract::ascii_upper(trim(r.type));
        const std::string v = contract::ascii_lower(trim(r.value));
        if (type == "DC") {
          if (v == "domaindnszones" || v == "forestdnszones") continue;
          domain += (domain.empty() ? "" : ".") + v;
        } else if (type == "CN" || type == "OU" || type == "O") {
          // A value already made of known names ("Mailbox Store (SBS01)") is left to them.
          if (kept_rdns().count(v) == 0 && v.find('\\') == std::string::npos && redact(v) == v && !v.starts_with("s-1-")) {
            learn(static_cast<int>(SensitiveKind::name), trim(r.value));
          }
        }
      }
      if (!domain.empty()) learn(static_cast<int>(SensitiveKind::domain), domain);
      return;
    }
    case SensitiveKind::ip: {
      const std::string_view address = value.substr(0, value.find(' '));  // "203.0.113.10 (adapter)"
      if (auto p = ipv4_parts(address)) {
        if (!kept_ipv4(*p)) learn_literal(address, token("ip", address));
      } else if (valid_ipv6(address)) {
        const std::string a = contract::ascii_lower(address);
        if (!kept_ipv6(a)) learn_literal(address, token("ip6", a));
      }
      return;
    }
    case SensitiveKind::name:
      if (kept_rdns().count(lower) != 0) return;
      learn_literal(value, token("name", lower));
      return;
  }
}

namespace {

// Every string under `node` along `field` (dotted; arrays on the way are walked).
void strings_at(const json::Value& node, std::string_view field, std::vector<std::string_view>& out) {
  if (node.IsArray()) {
    for (const auto& e : node.GetArray()) strings_at(e, field, out);
    return;
  }
  if (field.empty()) {
    if (node.IsString()) out.emplace_back(node.GetString(), node.GetStringLength());
    return;
  }
  if (!node.IsObject()) return;
  const std::size_t dot = field.find('.');
  const std::string head(field.substr(0, dot));
  const auto it = node.FindMember(head.c_str());
  if (it == node.MemberEnd()) return;
  strings_at(it->value, dot == std::string_view::npos ? std::string_view() : field.substr(dot + 1), out);
}

}  // namespace

void Redactor::learn_facts(const facts::Facts& facts) {
  // Names before DNs: a DN's RDN made of a known name is left to that name.
  for (const bool dns : {false, true}) {
    for (const auto& s : facts::sensitive_facts()) {
      if ((s.kind == SensitiveKind::dn) != dns) continue;
      const json::Value* fact = facts.find(s.fact);
      if (fact == nullptr || !fact->IsObject()) continue;
      const auto value = fact->FindMember("value");
      if (value == fact->MemberEnd()) continue;
      std::vector<std::string_view> strings;
      strings_at(value->value, s.field, strings);
      for (const auto v : strings) learn(static_cast<int>(s.kind), v);
    }
  }
}

void Redactor::learn_report(const Report& report) {
  learn(static_cast<int>(SensitiveKind::domain), report.dns_domain);
  learn(static_cast<int>(SensitiveKind::host), report.computer_name);
  learn(static_cast<int>(SensitiveKind::user), report.user);
  learn_bundle_name(report.bundle_name);
}

void Redactor::learn_bundle_name(std::string_view file_name) {
  static const re2::RE2 collector_name("migready-(.+)-[0-9]{8}T[0-9]{6}Z");
  std::string host;
  if (re2::RE2::PartialMatch(file_name, collector_name, &host)) learn(static_cast<int>(SensitiveKind::host), host);
}

// The replacement of one RDN's value.
std::string Redactor::redact_rdn(std::string_view value) {
  const std::string lower = contract::ascii_lower(trim(value));
  if (kept_rdns().count(lower) != 0 || kept(lower) || lower.starts_with("s-1-")) return std::string(value);
  if (const auto it = m_literals.find(lower); it != m_literals.end()) return it->second;
  std::string inner = redact(value);
  if (inner != value) return inner;  // made of known names: "Mailbox Store (host-…)"
  return token("name", lower);
}

std::string Redactor::dn(std::string_view text) {
  const std::vector<Rdn> rdns = split_rdns(text);
  std::string out;
  for (std::size_t i = 0; i < rdns.size();) {
    const Rdn& r = rdns[i];
    const std::string type = contract::ascii_upper(trim(r.type));
    if (type != "DC") {
      out += std::string(r.sep) + std::string(r.type) + "=" + redact_rdn(r.value);
      ++i;
      continue;
    }
    // A run of DC= RDNs: the partitions' own prefixes stay, the rest is one DNS domain.
    std::size_t j = i;
    std::string domain;
    std::string_view sep = r.sep;
    while (j < rdns.size() && contract::ascii_upper(trim(rdns[j].type)) == "DC") {
      const std::string v = contract::ascii_lower(trim(rdns[j].value));
      if (domain.empty() && (v == "domaindnszones" || v == "forestdnszones")) {
        out += std::string(rdns[j].sep) + std::string(rdns[j].type) + "=" + std::string(rdns[j].value);
        if (j + 1 < rdns.size()) sep = rdns[j + 1].sep;
      } else {
        domain += (domain.empty() ? "" : ".") + v;
      }
      ++j;
    }
    if (!domain.empty()) out += std::string(sep) + std::string(r.type) + "=" + domain_token(domain);
    i = j;
  }
  return out;
}

std::string Redactor::redact(std::string_view text) {
  const re2::RE2& re = patterns();
  std::string out;
  out.reserve(text.size());
  // Literal values in [from, to): whole words, longest first, compared without case.
  const std::string lower_text = contract::ascii_lower(text);  // same length: ASCII letters only change
  const std::string_view folded(lower_text);
  auto literals = [&](std::size_t from, std::size_t to) {
    std::size_t i = from;
    while (i < to) {
      if (i > 0 && is_word_byte(text[i - 1]) && is_word_byte(text[i])) {
        out += text[i++];
        continue;
      }
      bool replaced = false;
      for (const std::size_t len : m_lengths) {
        if (len == 0 || i + len > to) continue;
        if (i + len < text.size() && is_word_byte(text[i + len]) && is_word_byte(text[i + len - 1])) continue;
        const auto it = m_literals.find(folded.substr(i, len));
        if (it == m_literals.end()) continue;
        out += it->second;
        i += len;
        replaced = true;
        break;
      }
      if (!replaced) out += text[i++];
    }
  };
  std::size_t flushed = 0, search = 0;
  re2::StringPiece groups[8];
  while (search < text.size() &&
         re.Match(re2::StringPiece(text.data(), text.size()), search, text.size(), re2::RE2::UNANCHORED, groups, 8)) {
    const auto start = static_cast<std::size_t>(groups[0].data() - text.data());
    const std::size_t end = start + groups[0].size();
    const std::string_view m(groups[0].data(), groups[0].size());
    const char before = start > 0 ? text[start - 1] : ' ';
    const char after = end < text.size() ? text[end] : ' ';
    std::string replacement;
    bool accept = false;
    std::size_t next = start + 1;
    if (groups[0].empty()) {
      next = start + 1;
    } else if (is_word_byte(before) && is_word_byte(m.front())) {
      // inside a word
    } else if (!groups[1].empty()) {  // URL
      const std::size_t host_start = m.find("://") + 3;
      const std::size_t host_end = std::min(m.size(), m.find_first_of("/:?#", host_start));
      const std::string host = contract::ascii_lower(m.substr(host_start, host_end - host_start));
      accept = true;
      if (documentation_host(host)) {
        replacement = std::string(m);
      } else {
        std::string h;
        if (const auto it = m_literals.find(host); it != m_literals.end()) h = it->second;
        else if (auto p = ipv4_parts(host)) h = kept_ipv4(*p) ? host : token("ip", host);
        else h = kept(host) ? host : host_token(host);
        replacement = std::string(m.substr(0, host_start)) + h + redact(m.substr(host_end));
      }
    } else if (!groups[2].empty()) {  // e-mail
      const std::size_t at = m.find('@');
      const std::string domain = contract::ascii_lower(m.substr(at + 1));
      const auto it = m_literals.find(domain);
      replacement = token("mail", contract::ascii_lower(m.substr(0, at))) + "@" +
                    (it != m_literals.end() ? it->second : domain_token(domain));
      accept = true;
    } else if (!groups[3].empty()) {  // DN
      replacement = dn(m);
      accept = true;
    } else if (!groups[4].empty()) {  // MAC
      std::string mac = contract::ascii_lower(m);
      std::replace(mac.begin(), mac.end(), ':', '-');
      if (!is_word_byte(after) && after != '-' && after != ':') {
        accept = true;
        replacement = mac == "00-00-00-00-00-00" || mac == "ff-ff-ff-ff-ff-ff" ? std::string(m) : token("mac", mac);
      }
    } else if (!groups[5].empty()) {  // IPv4: not a part of a longer dotted number (a version)
      const bool in_number = before == '.' || is_word_byte(after) ||
                             (after == '.' && end + 1 < text.size() && text[end + 1] >= '0' && text[end + 1] <= '9');
      if (auto p = ipv4_parts(m); p && !in_number) {
        accept = true;
        replacement = kept_ipv4(*p) ? std::string(m) : token("ip", m);
      }
    } else if (!groups[6].empty()) {  // IPv6
      if (valid_ipv6(m) && !is_word_byte(after) && before != ':') {
        const std::string a = contract::ascii_lower(m);
        accept = true;
        replacement = kept_ipv6(a) ? std::string(m) : token("ip6", a);
      }
    } else if (!groups[7].empty()) {  // a dotted name: redacted when it is under a learned DNS domain
      const std::string lower = contract::ascii_lower(m);
      next = end;
      if (const auto it = m_literals.find(lower); it != m_literals.end() && !is_word_byte(after)) {
        accept = true;
        replacement = it->second;
      } else if (!is_word_byte(after)) {
        for (const auto& d : m_dns_domains) {
          if (lower.size() > d.size() + 1 && lower.ends_with(d) && lower[lower.size() - d.size() - 1] == '.') {
            accept = true;
            replacement = host_token(lower);
            break;
          }
        }
      }
    }
    if (accept) {
      literals(flushed, start);
      out += replacement;
      flushed = search = end;
    } else {
      search = std::max(next, start + 1);
    }
  }
  literals(flushed, text.size());
  return out;
}

void Redactor::apply(rules::Finding& f) {
  f.title = redact(f.title);
  f.message = redact(f.message);
  for (auto& r : f.remediation) r = redact(r);
  for (auto& e : f.evidence) {
    e.value = redact(e.value);
    e.source = redact(e.source);
  }
  f.subject = redact(f.subject);
  f.cause = redact(f.cause);
  f.waiver_note = redact(f.waiver_note);
  for (auto& step : f.fix) {  // filled from the facts: a fix command can name the server or an address
    for (std::string* s : {&step.title, &step.command, &step.reason, &step.repeatable, &step.risk, &step.undo,
                           &step.command_template}) {
      *s = redact(*s);
    }
    for (auto& check : step.guard) check.command = redact(check.command), check.is = redact(check.is);
  }
}

// A waiver's own words (its reason, who, the host it names, its subject pattern, the file's path) can name the
// customer too; its rule id, dates and outcome stay. A subject pattern is redacted word by word like any text.
void Redactor::apply(WaiverUse& w) {
  for (std::string* s : {&w.subject, &w.host, &w.reason, &w.by, &w.where}) *s = redact(*s);
}

void Redactor::apply(Report& r) {
  for (std::string* s : {&r.bundle_name, &r.computer_name, &r.dns_domain, &r.os, &r.collector_version, &r.user,
                         &r.incomplete_reason}) {
    *s = redact(*s);
  }
  for (auto& f : r.findings) apply(f);
  for (auto& a : r.accepted) apply(a.finding);
  r.waivers_file = redact(r.waivers_file);
  for (auto& w : r.waivers) apply(w);
  for (auto& d : r.diagnostics) {
    d.message = redact(d.message);
    d.where = redact(d.where);
  }
  for (auto& c : r.fix_first) c.cause = redact(c.cause);
  for (auto& row : r.lob.rows) {
    for (std::string* s : {&row.application, &row.version, &row.publisher, &row.data_path, &row.notes}) *s = redact(*s);
  }
  r.lob.reason = redact(r.lob.reason);
  for (auto& a : r.artifacts) {
    // An artifact id can carry a name too ("file.ntbackup_logs.jsmith.backup01_log": a profile's folder).
    for (std::string* s : {&a.id, &a.path, &a.what, &a.problem}) *s = redact(*s);
  }
}

void Redactor::apply(Diff& d) {
  apply(d.old_report);
  apply(d.new_report);
  for (auto& f : d.fixed) apply(f);
  for (auto& f : d.added) apply(f);
  for (auto& rf : d.remaining) {
    apply(rf.finding);
    rf.previous_message = redact(rf.previous_message);
    if (rf.previous_waiver) apply(*rf.previous_waiver);
  }
  for (auto& a : d.accepted) {
    apply(a.finding);
    apply(a.waiver);
  }
  for (auto& w : d.warnings) w = redact(w);
}

}  // namespace migready::report

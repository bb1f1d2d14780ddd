// LDAP distinguished names (RFC 4514, with Active Directory's escapes), the one parser for both programs:
// the collector names the directory's objects with it, the analyzer reads the DNs of api.directory and of
// repadmin's output with it. Hostile input is expected: a malformed DN gives nullopt, never a guess.
//
//   (the examples are C++ string literals: "\\," is the two characters \ and ,)
//   parse_dn("CN=Smith\\, John,OU=Sales\\2C Europe,DC=contoso")  -> {CN "Smith, John"}, {OU "Sales, Europe"}, {DC "contoso"}
//   parse_dn("CN=caf\\C3\\A9")                                  -> {CN "caf\xC3\xA9"} (hex pairs are bytes of UTF-8)
//   parse_dn("CN=\"x, y\",DC=b")                                 -> {CN "x, y"} (RFC 1779 quoting, as AD accepts it)
//   parse_dn("CN=a+SN=b,DC=c")                                    -> {CN "a"}, {DC "c"} (first AVA of a multi-valued RDN)
//   parse_dn("CN=a\\zz"), parse_dn("CN=a,"), parse_dn("=a")         -> nullopt
// A deleted object's RDN is mangled <name>\0ADEL:<guid> in the DN (an escaped line feed), so its value holds '\n'.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "contract/ascii.hpp"

namespace migready::contract::ldap {

struct Rdn {
  std::string type;   // "CN"
  std::string value;  // unescaped: "Smith, John"
};

namespace detail {

inline constexpr std::size_t kMaxRdns = 64;

inline int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Parses a DN; `first_end` receives the offset just after the first RDN's separator (or npos).
inline std::optional<std::vector<Rdn>> parse_dn_at(std::string_view dn, std::size_t& first_end) {
  first_end = std::string_view::npos;
  std::vector<Rdn> rdns;
  std::size_t i = 0;
  const auto skip_spaces = [&] {
    while (i < dn.size() && dn[i] == ' ') ++i;
  };
  skip_spaces();
  if (i == dn.size()) return rdns;  // the empty DN (rootDSE): no RDN
  for (;;) {
    bool first_ava = true;
    Rdn rdn;
    for (;;) {  // one AVA; '+' joins the AVAs of a multi-valued RDN (only the first is kept)
      skip_spaces();
      const std::size_t type_start = i;
      while (i < dn.size() && dn[i] != '=') {
        const char c = dn[i];
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
                        c == '.' || c == ' ';
        if (!ok) return std::nullopt;
        ++i;
      }
      if (i == dn.size()) return std::nullopt;  // no '='
      std::string type(dn.substr(type_start, i - type_start));
      while (!type.empty() && type.back() == ' ') type.pop_back();
      if (type.empty()) return std::nullopt;
      ++i;  // '='
      skip_spaces();
      std::string value;
      std::size_t kept = 0;  // value length up to the last character that is not an unescaped space
      if (i < dn.size() && dn[i] == '"') {  // RFC 1779 quoted value
        ++i;
        for (;; ++i) {
          if (i == dn.size()) return std::nullopt;
          if (dn[i] == '"') break;
          if (dn[i] == '\\') {
            if (++i == dn.size()) return std::nullopt;
          }
          value.push_back(dn[i]);
        }
        ++i;
        kept = value.size();
        skip_spaces();
      } else {
        while (i < dn.size() && dn[i] != ',' && dn[i] != ';' && dn[i] != '+') {
          if (dn[i] == '\\') {
            if (i + 1 == dn.size()) return std::nullopt;
            const int hi = hex_digit(dn[i + 1]);
            if (hi >= 0 && i + 2 < dn.size() && hex_digit(dn[i + 2]) >= 0) {
              value.push_back(static_cast<char>(hi * 16 + hex_digit(dn[i + 2])));
              i += 3;
            } else if (std::string_view(",+\"\\<>;= #").find(dn[i + 1]) != std::string_view::npos) {
              value.push_back(dn[i + 1]);
              i += 2;
            } else {
              return std::nullopt;
            }
            kept = value.size();
          } else {
            if (dn[i] == '"') return std::nullopt;  // must be escaped inside an unquoted value
            value.push_back(dn[i]);
            if (dn[i] != ' ') kept = value.size();
            ++i;
          }
        }
        value.resize(kept);
      }
      if (first_ava) {
        rdn.type = std::move(type);
        rdn.value = std::move(value);
        first_ava = false;
      }
      if (i < dn.size() && dn[i] == '+') {
        ++i;
        continue;
      }
      break;
    }
    rdns.push_back(std::move(rdn));
    if (rdns.size() > kMaxRdns) return std::nullopt;
    if (i == dn.size()) return rdns;
    // dn[i] is ',' or ';'
    ++i;
    if (rdns.size() == 1) first_end = i;
    skip_spaces();
    if (i == dn.size()) return std::nullopt;  // a trailing separator
  }
}

}  // namespace detail

// RFC 4514 DN -> RDNs, first (leftmost) first. Only the first AVA of a multi-valued RDN ('+') is kept.
// nullopt for a malformed DN (no '=', a dangling '\', a bad hex pair) or one of more than 64 RDNs.
inline std::optional<std::vector<Rdn>> parse_dn(std::string_view dn) {
  std::size_t first_end = 0;
  return detail::parse_dn_at(dn, first_end);
}

// The DN without its first RDN, as written (escapes kept); nullopt when it does not parse or has one RDN.
inline std::optional<std::string> parent_dn(std::string_view dn) {
  std::size_t first_end = 0;
  const auto rdns = detail::parse_dn_at(dn, first_end);
  if (!rdns || rdns->size() < 2 || first_end == std::string_view::npos) return std::nullopt;
  std::string_view rest = dn.substr(first_end);
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  return std::string(rest);
}

// The first RDN's unescaped value.
inline std::optional<std::string> rdn_value(std::string_view dn) {
  const auto rdns = parse_dn(dn);
  if (!rdns || rdns->empty()) return std::nullopt;
  return rdns->front().value;
}

// The server name of an NTDS Settings DN: the RDN after "CN=NTDS Settings" (also a deleted one's mangled
// "NTDS Settings\0ADEL:<guid>").
inline std::optional<std::string> ntds_server_name(std::string_view dn) {
  const auto rdns = parse_dn(dn);
  if (!rdns || rdns->size() < 2 || !starts_with_ci((*rdns)[0].value, "NTDS Settings")) return std::nullopt;
  const std::string_view rest = std::string_view((*rdns)[0].value).substr(13);
  if (!rest.empty() && rest.front() != '\n') return std::nullopt;  // "NTDS Settings\nDEL:<guid>" when deleted
  return (*rdns)[1].value;
}

// The site of an NTDS Settings DN: "CN=NTDS Settings,CN=<server>,CN=Servers,CN=<site>,CN=Sites,...".
inline std::optional<std::string> ntds_site_name(std::string_view dn) {
  const auto rdns = parse_dn(dn);
  if (!rdns || rdns->size() < 5 || !ntds_server_name(dn)) return std::nullopt;
  if (!equals_ci((*rdns)[2].value, "Servers") || !equals_ci((*rdns)[4].value, "Sites")) return std::nullopt;
  return (*rdns)[3].value;
}

}  // namespace migready::contract::ldap

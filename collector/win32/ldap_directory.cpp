#include "win32/ldap_directory.hpp"

#include <windows.h>
#include <winldap.h>
#include <winber.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "win32/wide.hpp"

namespace migready::collector::win32 {
namespace {

namespace d = directory;

constexpr ULONG kConnectSeconds = 15;
constexpr ULONG kTimeLimitSeconds = 30;

LDAP* handle(void* ld) { return static_cast<LDAP*>(ld); }

// ldap_err2stringW's text for `code`, then the server's own diagnostic (AD's "000004DC: LdapErr: ...").
std::string message_for(LDAP* ld, ULONG code) {
  std::string text;
  if (const PWCHAR s = ldap_err2stringW(code); s != nullptr) text = to_utf8(s);
  if (ld != nullptr && code != LDAP_SUCCESS) {
    PWCHAR server = nullptr;
    if (ldap_get_optionW(ld, LDAP_OPT_SERVER_ERROR, &server) == LDAP_SUCCESS && server != nullptr) {
      std::string detail = to_utf8(server);
      ldap_memfreeW(server);
      while (!detail.empty() && (detail.back() == '\n' || detail.back() == '\0' || detail.back() == ' ')) detail.pop_back();
      if (!detail.empty() && detail.size() <= 1024) text += text.empty() ? detail : " (" + detail + ")";
    }
  }
  return text;
}

d::LdapStatus status(LDAP* ld, const char* call, ULONG code) {
  return {static_cast<int>(code), call, message_for(ld, code)};
}

std::wstring wide_or_empty(const std::optional<std::string>& text) { return text ? to_wide(*text) : std::wstring(); }

ULONG scope_of(d::Scope scope) {
  switch (scope) {
    case d::Scope::base: return LDAP_SCOPE_BASE;
    case d::Scope::one_level: return LDAP_SCOPE_ONELEVEL;
    case d::Scope::subtree: return LDAP_SCOPE_SUBTREE;
  }
  return LDAP_SCOPE_BASE;
}

// One entry's DN and requested attributes, each bounded by the limits (+1, so the core sees the cap).
d::Entry read_entry(LDAP* ld, LDAPMessage* message, const d::Limits& limits) {
  d::Entry entry;
  if (const PWCHAR dn = ldap_get_dnW(ld, message); dn != nullptr) {
    const std::wstring_view view(dn, std::min<std::size_t>(wcslen(dn), limits.max_value_bytes + 1));
    entry.dn = to_utf8(view);
    ldap_memfreeW(dn);
  }
  BerElement* ber = nullptr;
  for (PWCHAR name = ldap_first_attributeW(ld, message, &ber); name != nullptr;
       name = ldap_next_attributeW(ld, message, ber)) {
    d::Attribute attribute;
    attribute.name = to_utf8(name);
    if (berval** values = ldap_get_values_lenW(ld, message, name); values != nullptr) {
      const ULONG count = ldap_count_values_len(values);
      const std::size_t kept = std::min<std::size_t>(count, limits.max_values + 1);
      attribute.values.reserve(kept);
      for (std::size_t i = 0; i < kept && values[i] != nullptr; ++i) {
        const std::size_t bytes = std::min<std::size_t>(values[i]->bv_len, limits.max_value_bytes + 1);
        attribute.values.emplace_back(values[i]->bv_val != nullptr ? values[i]->bv_val : "", values[i]->bv_val != nullptr ? bytes : 0);
      }
      ldap_value_free_len(values);
    }
    ldap_memfreeW(name);
    entry.attributes.push_back(std::move(attribute));
  }
  if (ber != nullptr) ber_free(ber, 0);
  return entry;
}

}  // namespace

LdapDirectory::LdapDirectory(LdapTarget target, const d::Limits& limits)
    : m_target(std::move(target)), m_limits(limits) {}

LdapDirectory::~LdapDirectory() {
  if (m_ld != nullptr) ldap_unbind(handle(m_ld));
}

d::LdapStatus LdapDirectory::connect() {
  std::wstring host = wide_or_empty(m_target.host);
  LDAP* ld = ldap_initW(m_target.host ? host.data() : nullptr, m_target.port);
  if (ld == nullptr) return status(nullptr, "ldap_initW", LdapGetLastError());
  m_ld = ld;

  ULONG version = LDAP_VERSION3;
  if (const ULONG rc = ldap_set_optionW(ld, LDAP_OPT_PROTOCOL_VERSION, &version); rc != LDAP_SUCCESS) {
    return status(ld, "ldap_set_optionW(LDAP_OPT_PROTOCOL_VERSION)", rc);
  }
  if (const ULONG rc = ldap_set_optionW(ld, LDAP_OPT_REFERRALS, LDAP_OPT_OFF); rc != LDAP_SUCCESS) {
    return status(ld, "ldap_set_optionW(LDAP_OPT_REFERRALS)", rc);
  }
  ULONG time_limit = kTimeLimitSeconds;
  if (const ULONG rc = ldap_set_optionW(ld, LDAP_OPT_TIMELIMIT, &time_limit); rc != LDAP_SUCCESS) {
    return status(ld, "ldap_set_optionW(LDAP_OPT_TIMELIMIT)", rc);
  }
  ULONG size_limit = static_cast<ULONG>(std::min<std::size_t>(m_limits.max_objects, 0x7FFFFFFF));
  if (const ULONG rc = ldap_set_optionW(ld, LDAP_OPT_SIZELIMIT, &size_limit); rc != LDAP_SUCCESS) {
    return status(ld, "ldap_set_optionW(LDAP_OPT_SIZELIMIT)", rc);
  }
  if (m_target.host) {
    // The host is a host name, not a domain for the DC locator. Not fatal: older or other wldap32s may
    // not know the option.
    ldap_set_optionW(ld, LDAP_OPT_AREC_EXCLUSIVE, LDAP_OPT_ON);
  }
  l_timeval connect_timeout{static_cast<LONG>(kConnectSeconds), 0};
  if (const ULONG rc = ldap_connect(ld, &connect_timeout); rc != LDAP_SUCCESS) return status(ld, "ldap_connect", rc);

  if (!m_target.bind_dn) {
    const ULONG rc = ldap_bind_sW(ld, nullptr, nullptr, LDAP_AUTH_NEGOTIATE);
    return rc == LDAP_SUCCESS ? d::LdapStatus{} : status(ld, "ldap_bind_sW(LDAP_AUTH_NEGOTIATE)", rc);
  }
  std::wstring dn = to_wide(*m_target.bind_dn);
  std::wstring password = wide_or_empty(m_target.password);
  const ULONG id = ldap_simple_bindW(ld, dn.data(), password.data());
  SecureZeroMemory(password.data(), password.size() * sizeof(wchar_t));
  if (id == static_cast<ULONG>(-1)) return status(ld, "ldap_simple_bindW", LdapGetLastError());
  l_timeval bind_timeout{static_cast<LONG>(kTimeLimitSeconds), 0};
  LDAPMessage* result = nullptr;
  const ULONG got = ldap_result(ld, id, LDAP_MSG_ALL, &bind_timeout, &result);
  if (got == 0) {
    ldap_abandon(ld, id);
    return {LDAP_TIMEOUT, "ldap_result(simple bind)", "no answer within " + std::to_string(kTimeLimitSeconds) + " s"};
  }
  if (got == static_cast<ULONG>(-1) || result == nullptr) {
    if (result != nullptr) ldap_msgfree(result);
    return status(ld, "ldap_result(simple bind)", LdapGetLastError());
  }
  const ULONG rc = ldap_result2error(ld, result, TRUE);  // frees the message
  return rc == LDAP_SUCCESS ? d::LdapStatus{} : status(ld, "ldap_simple_bindW", rc);
}

d::SearchResult LdapDirectory::search(const std::string& base, d::Scope scope, const std::string& filter,
                                      const std::vector<std::string>& attributes) {
  d::SearchResult out;
  LDAP* ld = handle(m_ld);
  if (ld == nullptr) {
    out.status = {LDAP_SERVER_DOWN, "ldap_search_ext_sW", "not connected"};
    return out;
  }
  std::wstring wide_base = to_wide(base);
  std::wstring wide_filter = to_wide(filter);
  std::vector<std::wstring> names;
  names.reserve(attributes.size());
  for (const std::string& a : attributes) names.push_back(to_wide(a));
  std::vector<PWCHAR> attrs;
  for (std::wstring& n : names) attrs.push_back(n.data());
  attrs.push_back(nullptr);

  l_timeval timeout{static_cast<LONG>(kTimeLimitSeconds), 0};
  LDAPMessage* result = nullptr;
  const ULONG size_limit = static_cast<ULONG>(std::min<std::size_t>(m_limits.max_objects, 0x7FFFFFFF));
  const ULONG rc = ldap_search_ext_sW(ld, wide_base.data(), scope_of(scope), wide_filter.data(), attrs.data(), 0,
                                      nullptr, nullptr, &timeout, size_limit, &result);
  if (rc != LDAP_SUCCESS) out.status = status(ld, "ldap_search_ext_sW", rc);
  out.status.call = "ldap_search_ext_sW";
  // A size-limited answer still carries the entries that fitted.
  if (result != nullptr && (rc == LDAP_SUCCESS || rc == LDAP_SIZELIMIT_EXCEEDED)) {
    for (LDAPMessage* e = ldap_first_entry(ld, result); e != nullptr; e = ldap_next_entry(ld, e)) {
      if (out.entries.size() > m_limits.max_objects) break;
      out.entries.push_back(read_entry(ld, e, m_limits));
    }
  }
  if (result != nullptr) ldap_msgfree(result);
  return out;
}

}  // namespace migready::collector::win32

// The wldap32 implementation of directory::Directory (core/directory.hpp): searches only, every call bounded.
//
//   ldap_initW(host or NULL = the DC locator's choice, port)
//   options      version 3, referrals off, LDAP_OPT_TIMELIMIT 30 s, LDAP_OPT_SIZELIMIT = max_objects,
//                LDAP_OPT_AREC_EXCLUSIVE when a host is given (a name, not a domain to locate)
//   ldap_connect with a 15 s timeout
//   bind         Negotiate as the running user: ldap_bind_sW(NULL, NULL, LDAP_AUTH_NEGOTIATE) (synchronous:
//                wldap32 has no asynchronous Negotiate bind; the connection already answered within 15 s);
//                simple (--ldap-bind-dn): ldap_simple_bindW + ldap_result with a 30 s timeout
//   searches     ldap_search_ext_sW with a 30 s timeout and the size limit; values through
//                ldap_get_values_lenW, at most max_values + 1 values of at most max_value_bytes + 1 bytes kept
//                (so the core still sees a cap was hit, and a huge or binary value never lands in memory twice)
#pragma once

#include <optional>
#include <string>

#include "core/directory.hpp"

namespace migready::collector::win32 {

struct LdapTarget {
  std::optional<std::string> host;  // nullopt: the DC locator's choice
  unsigned port = 389;
  std::optional<std::string> bind_dn;   // set: simple bind
  std::optional<std::string> password;  // the simple bind's password
};

class LdapDirectory final : public directory::Directory {
 public:
  LdapDirectory(LdapTarget target, const directory::Limits& limits);
  ~LdapDirectory() override;

  directory::LdapStatus connect() override;
  directory::SearchResult search(const std::string& base, directory::Scope scope, const std::string& filter,
                                 const std::vector<std::string>& attributes) override;

 private:
  LdapTarget m_target;
  directory::Limits m_limits;
  void* m_ld = nullptr;  // LDAP*
};

}  // namespace migready::collector::win32

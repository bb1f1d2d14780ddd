// The directory artifact (api.directory, system/directory.json, schema "migready-api-directory/1"): what
// Active Directory and Exchange's configuration hold and no hive shows. Field-by-field reference:
// docs/bundle-format.md, "api.directory".
//
// Portable: the LDAP reads go through the small `Directory` interface (wldap32 on Windows,
// collector/win32/ldap_directory; an in-memory directory in the unit tests), the parts that are not LDAP
// (the LSA's SeEnableDelegationPrivilege holders, NetShareEnum, name resolution, Exchange database file
// sizes) enter as plain data and one callback. This file runs the searches in the contract's order, decodes
// them, applies the caps and shapes the document, so all of it is unit-tested natively.
//
// Read-only by construction: the interface has searches only (no add, modify, delete, no write at all).
//
// Every part carries `status` (ok | truncated | denied | failed | skipped), `ldap_error` and `error`:
//   ok          read; absence is data (`present: false`, an empty list), not an error
//   truncated   a cap was hit (Limits below); the data is what fit
//   denied      the server refused: LDAP 48 inappropriateAuthentication, 49 invalidCredentials,
//               50 insufficientAccessRights (Win32 error 5 / STATUS_ACCESS_DENIED for the non-LDAP parts)
//   failed      any other error; `error` is "<call> on <DN>: <message> (LDAP error N)"
//   skipped     not attempted: what it needs failed (no connection, no rootDSE, no naming context)
//
// Decoding rules (hostile values never stop the run):
//   integers    decimal, optional '-', fitting int64; anything else (junk, empty, overlong) is null
//   booleans    LDAP Boolean syntax, exactly "TRUE" / "FALSE"; anything else null
//   DNs         RFC 4514 with AD's escapes (`CN=Smith\, John`, `\2C` hex pairs, `\0A` in deleted objects'
//               RDNs); a DN that does not parse gives null names, never a guess
//   ranged      "homeMDBBL;range=0-1499" is homeMDBBL with more values than the server returned
//               (truncated); "range=0-*" is the last (here: only) chunk
//   options     the nTDSDSA object's `options` bit 0x1 is the global catalog; the attribute absent = 0
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "contract/api/documents.hpp"

namespace migready::collector::directory {

inline constexpr std::string_view kSchema = contract::find_api_document("api.directory")->schema;

// LDAP result codes this file treats specially (RFC 4511).
inline constexpr int kLdapSuccess = 0;
inline constexpr int kLdapSizeLimitExceeded = 4;
inline constexpr int kLdapNoSuchObject = 32;

// The caps. Defaults are the contract's; tests lower them.
// | cap             | default | effect when hit                                                      |
// |-----------------|---------|----------------------------------------------------------------------|
// | max_objects     | 1000    | entries per search (also the LDAP size limit); the rest dropped      |
// | max_values      | 1000    | values per attribute; the rest dropped (homeMDBBL: count capped)     |
// | max_value_bytes | 4096    | bytes per string value, cut on a UTF-8 character boundary            |
// Every hit makes the part `truncated`.
struct Limits {
  std::size_t max_objects = 1000;
  std::size_t max_values = 1000;
  std::size_t max_value_bytes = 4096;
};

// ---- the LDAP reader -----------------------------------------------------------------------------------

enum class Scope { base, one_level, subtree };

struct Attribute {
  std::string name;                 // as the server returned it, e.g. "homeMDBBL;range=0-1499"
  std::vector<std::string> values;  // raw bytes (UTF-8 text for the attributes read here)
};

struct Entry {
  std::string dn;
  std::vector<Attribute> attributes;
};

// The outcome of one LDAP call. `code` is the LDAP result code (0 success); `message` the server's or the
// client library's text for it; `call` the function that failed ("ldap_search_ext_sW", "ldap_bind_sW").
// A reader may bound what it returns (at most max_values + 1 values, max_value_bytes + 1 bytes each) so the
// caps still show; the in-memory test directory returns everything.
struct LdapStatus {
  int code = kLdapSuccess;
  std::string call;
  std::string message;
};

struct SearchResult {
  LdapStatus status;
  std::vector<Entry> entries;  // also the partial entries of a sizeLimitExceeded (4) answer
};

class Directory {
 public:
  virtual ~Directory() = default;
  Directory() = default;
  Directory(const Directory&) = delete;
  Directory& operator=(const Directory&) = delete;

  // Connects and binds, once, before any search. A non-zero code: no search is attempted.
  virtual LdapStatus connect() = 0;
  // `filter` in RFC 4515 form; `attributes` the names to return (never empty: no "all attributes" read).
  virtual SearchResult search(const std::string& base, Scope scope, const std::string& filter,
                              const std::vector<std::string>& attributes) = 0;
};

// ---- the parts that are not LDAP (filled by the Win32 layer) -------------------------------------------

enum class PartStatus { ok, truncated, denied, failed, skipped };
std::string_view part_status_name(PartStatus status);

struct PartState {
  PartStatus status = PartStatus::ok;
  std::optional<std::int64_t> code;  // LDAP result code; Win32 error or NTSTATUS for the non-LDAP parts
  std::optional<std::string> error;
};

struct DelegationAccount {
  std::string sid;                  // "S-1-5-32-544"
  std::optional<std::string> name;  // "BUILTIN\Administrators"; null when LookupAccountSidW failed
};

struct DelegationPrivilege {  // LsaEnumerateAccountsWithUserRight("SeEnableDelegationPrivilege")
  PartState state;
  std::vector<DelegationAccount> accounts;
};

struct Share {  // SHARE_INFO_2 (or _1: no path)
  std::string name;
  std::optional<std::string> path;
  std::uint32_t type = 0;  // STYPE_DISKTREE 0, ..., STYPE_SPECIAL 0x80000000
  std::string remark;
};

struct Shares {  // NetShareEnum
  PartState state;
  unsigned level = 2;
  std::vector<Share> items;
};

struct NameResolution {  // GetComputerNameExW(ComputerNameDnsFullyQualified) + getaddrinfo(AF_INET)
  PartState state;
  std::optional<std::string> fqdn;
  std::vector<std::string> addresses;  // dotted IPv4, in the resolver's order
};

// The size of one Exchange database file on this server (GetFileAttributesExW).
struct FileSize {
  std::optional<std::uint64_t> size_bytes;
  std::optional<std::string> error;
};

struct Inputs {
  // connection: what the document records about how it connected
  std::optional<std::string> host;  // --ldap-server host; null = the DC locator's choice
  unsigned port = 389;
  bool simple_bind = false;              // --ldap-bind-dn given
  std::optional<std::string> bind_dn;
  std::string computer_name;  // this computer's NetBIOS name: Exchange `this_server`
  // Called only for database paths of this server that pass is_local_file_path(); may be empty (then
  // size_error says so).
  std::function<FileSize(const std::string& path)> file_size;
  DelegationPrivilege delegation;
  Shares shares;
  NameResolution name_resolution;
};

// ---- the result ----------------------------------------------------------------------------------------

enum class Outcome { ok, truncated, denied, failed };

struct Collected {
  std::string json;  // the whole document, also when not complete
  Outcome outcome = Outcome::ok;  // the manifest status: ok / truncated / denied / failed
  std::optional<std::int64_t> exit_code;  // the first failing part's ldap_error
  std::optional<std::string> error;       // names every part that is not ok, with its error
};

// Connects, runs the searches in the contract's order and shapes the document.
Collected collect(Directory& directory, const Inputs& inputs, const Limits& limits = {});

// ---- decoding helpers (public for the tests) -----------------------------------------------------------

std::optional<std::int64_t> parse_integer(std::string_view text);
std::optional<bool> parse_boolean(std::string_view text);

// "homeMDBBL;range=0-1499" -> {"homeMDBBL", more = true}; "member" -> {"member", more = false}.
struct AttributeName {
  std::string base;
  bool more = false;  // a range option whose end is not '*'
};
AttributeName split_attribute_name(std::string_view name);

// A drive-letter path ("C:\Program Files\Exchsrvr\mdbdata\priv1.edb"): the only kind whose size is
// asked for. UNC paths, device paths (\\?\, \\.\) and relative paths are refused: a path from the directory
// must not make this server open a network connection.
bool is_local_file_path(std::string_view path);

// `text` cut to at most `max_bytes`, never inside a UTF-8 sequence.
std::string cut_utf8(std::string_view text, std::size_t max_bytes);

}  // namespace migready::collector::directory

#include "win32/directory_artifact.hpp"

#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <lm.h>
#include <ntsecapi.h>
#include <sddl.h>

#include <string>
#include <vector>

#include "core/directory.hpp"
#include "win32/console.hpp"
#include "win32/ldap_directory.hpp"
#include "win32/wide.hpp"

namespace migready::collector::win32 {
namespace {

namespace d = directory;

constexpr NTSTATUS kStatusNoMoreEntries = static_cast<NTSTATUS>(0x8000001AL);
constexpr NTSTATUS kStatusAccessDenied = static_cast<NTSTATUS>(0xC0000022L);

std::int64_t ntstatus_code(NTSTATUS status) { return static_cast<std::int64_t>(static_cast<ULONG>(status)); }

d::PartState failure(const std::string& call, DWORD win32_error, std::int64_t code) {
  d::PartState state;
  state.status = win32_error == ERROR_ACCESS_DENIED ? d::PartStatus::denied : d::PartStatus::failed;
  state.code = code;
  state.error = call + ": " + error_text(win32_error);
  return state;
}

d::PartState lsa_failure(const char* call, NTSTATUS status) {
  d::PartState state = failure(call, LsaNtStatusToWinError(status), ntstatus_code(status));
  if (status == kStatusAccessDenied) state.status = d::PartStatus::denied;
  static constexpr char kDigits[] = "0123456789ABCDEF";
  std::string hex = "0x";
  for (int shift = 28; shift >= 0; shift -= 4) hex.push_back(kDigits[(static_cast<ULONG>(status) >> shift) & 0xF]);
  *state.error += " (NTSTATUS " + hex + ")";
  return state;
}

std::optional<std::string> account_name(PSID sid) {
  wchar_t name[256];
  wchar_t domain[256];
  DWORD name_length = 256;
  DWORD domain_length = 256;
  SID_NAME_USE use{};
  if (!LookupAccountSidW(nullptr, sid, name, &name_length, domain, &domain_length, &use)) return std::nullopt;
  const std::string n = to_utf8(std::wstring_view(name, std::min<DWORD>(name_length, 255)));
  const std::string dom = to_utf8(std::wstring_view(domain, std::min<DWORD>(domain_length, 255)));
  return dom.empty() ? n : dom + "\\" + n;
}

d::DelegationPrivilege read_delegation(std::size_t max_accounts) {
  d::DelegationPrivilege out;
  LSA_OBJECT_ATTRIBUTES attributes{};
  LSA_HANDLE policy = nullptr;
  NTSTATUS status = LsaOpenPolicy(nullptr, &attributes, POLICY_LOOKUP_NAMES | POLICY_VIEW_LOCAL_INFORMATION, &policy);
  if (status != 0) {
    out.state = lsa_failure("LsaOpenPolicy", status);
    return out;
  }
  wchar_t right[] = L"SeEnableDelegationPrivilege";
  LSA_UNICODE_STRING name{static_cast<USHORT>(wcslen(right) * sizeof(wchar_t)),
                          static_cast<USHORT>(sizeof(right)), right};
  void* buffer = nullptr;
  ULONG count = 0;
  status = LsaEnumerateAccountsWithUserRight(policy, &name, &buffer, &count);
  if (status == kStatusNoMoreEntries) {
    // No account holds it: an answer, not an error.
  } else if (status != 0) {
    out.state = lsa_failure("LsaEnumerateAccountsWithUserRight", status);
  } else if (buffer != nullptr) {
    const auto* info = static_cast<const LSA_ENUMERATION_INFORMATION*>(buffer);
    // One more than the cap, so the core marks the list truncated.
    for (ULONG i = 0; i < count && i <= max_accounts; ++i) {
      d::DelegationAccount account;
      wchar_t* text = nullptr;
      if (info[i].Sid != nullptr && ConvertSidToStringSidW(info[i].Sid, &text)) {
        account.sid = to_utf8(text);
        LocalFree(text);
      } else {
        account.sid = "(unreadable SID)";
      }
      if (info[i].Sid != nullptr) account.name = account_name(info[i].Sid);
      out.accounts.push_back(std::move(account));
    }
  }
  if (buffer != nullptr) LsaFreeMemory(buffer);
  LsaClose(policy);
  return out;
}

std::string utf8_or_empty(const wchar_t* text) { return text != nullptr ? to_utf8(text) : std::string(); }

d::Shares read_shares(std::size_t max_items) {
  d::Shares out;
  std::string earlier;  // level 2's error, kept when level 1 fails too
  for (const DWORD level : {2u, 1u}) {
    out.level = level;
    out.items.clear();
    out.state = {};
    DWORD resume = 0;
    NET_API_STATUS rc = 0;
    do {
      BYTE* buffer = nullptr;
      DWORD read = 0;
      DWORD total = 0;
      rc = NetShareEnum(nullptr, level, &buffer, MAX_PREFERRED_LENGTH, &read, &total, &resume);
      if ((rc == NERR_Success || rc == ERROR_MORE_DATA) && buffer != nullptr) {
        for (DWORD i = 0; i < read && out.items.size() <= max_items; ++i) {
          d::Share share;
          if (level == 2) {
            const SHARE_INFO_2& s = reinterpret_cast<const SHARE_INFO_2*>(buffer)[i];
            share = {utf8_or_empty(s.shi2_netname), s.shi2_path != nullptr ? std::optional(to_utf8(s.shi2_path)) : std::nullopt,
                     s.shi2_type, utf8_or_empty(s.shi2_remark)};
          } else {
            const SHARE_INFO_1& s = reinterpret_cast<const SHARE_INFO_1*>(buffer)[i];
            share = {utf8_or_empty(s.shi1_netname), std::nullopt, s.shi1_type, utf8_or_empty(s.shi1_remark)};
          }
          out.items.push_back(std::move(share));
        }
      }
      if (buffer != nullptr) NetApiBufferFree(buffer);
      if (read == 0) break;  // never loop on an answer that makes no progress
    } while (rc == ERROR_MORE_DATA && out.items.size() <= max_items);
    if (rc == NERR_Success || rc == ERROR_MORE_DATA) return out;
    d::PartState failed = failure("NetShareEnum(level " + std::to_string(level) + ")", rc, rc);
    if (!earlier.empty()) *failed.error = earlier + "; " + *failed.error;
    earlier = *failed.error;
    out.state = std::move(failed);
    // Level 2 needs administrator rights; a refusal (or a server without it) is worth trying level 1.
    if (rc != ERROR_ACCESS_DENIED && rc != ERROR_INVALID_LEVEL && rc != ERROR_NOT_SUPPORTED) return out;
  }
  return out;
}

d::NameResolution read_name_resolution() {
  d::NameResolution out;
  wchar_t name[512];
  DWORD length = 512;
  if (!GetComputerNameExW(ComputerNameDnsFullyQualified, name, &length)) {
    const DWORD error = GetLastError();
    out.state = failure("GetComputerNameExW(ComputerNameDnsFullyQualified)", error, error);
    return out;
  }
  out.fqdn = to_utf8(std::wstring_view(name, length));
  WSADATA data;
  if (const int error = WSAStartup(MAKEWORD(2, 2), &data); error != 0) {
    out.state = failure("WSAStartup", static_cast<DWORD>(error), error);
    return out;
  }
  addrinfo hints{};
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  // getaddrinfo takes ANSI: an FQDN is ASCII (IDN host names are not used by Windows Server 2003 DNS).
  if (const int error = getaddrinfo(out.fqdn->c_str(), nullptr, &hints, &found); error != 0) {
    out.state = failure("getaddrinfo(" + *out.fqdn + ")", static_cast<DWORD>(error), error);
  } else {
    for (const addrinfo* a = found; a != nullptr; a = a->ai_next) {
      if (a->ai_family != AF_INET || a->ai_addr == nullptr || a->ai_addrlen < sizeof(sockaddr_in)) continue;
      const auto* in = reinterpret_cast<const sockaddr_in*>(a->ai_addr);
      const auto* b = reinterpret_cast<const unsigned char*>(&in->sin_addr);
      const std::string dotted = std::to_string(b[0]) + "." + std::to_string(b[1]) + "." + std::to_string(b[2]) + "." +
                                 std::to_string(b[3]);
      // SOCK_STREAM keeps one row per address; skip repeats all the same.
      bool seen = false;
      for (const std::string& s : out.addresses) seen = seen || s == dotted;
      if (!seen) out.addresses.push_back(dotted);
    }
    freeaddrinfo(found);
  }
  WSACleanup();
  return out;
}

d::FileSize file_size(const std::string& path) {
  d::FileSize out;
  WIN32_FILE_ATTRIBUTE_DATA data{};
  if (GetFileAttributesExW(to_wide(path).c_str(), GetFileExInfoStandard, &data)) {
    out.size_bytes = (static_cast<std::uint64_t>(data.nFileSizeHigh) << 32) | data.nFileSizeLow;
  } else {
    out.error = "GetFileAttributesExW: " + error_text(GetLastError());
  }
  return out;
}

std::string netbios_name() {
  wchar_t name[MAX_COMPUTERNAME_LENGTH + 1];
  DWORD length = MAX_COMPUTERNAME_LENGTH + 1;
  if (!GetComputerNameW(name, &length)) return {};
  return to_utf8(std::wstring_view(name, length));
}

// The reading runs on its own thread so that a bind or a lookup that never returns (a Negotiate bind and
// getaddrinfo have no time limit of their own) costs at most the budget: past it, or on Ctrl-C, the thread
// is abandoned (it cannot be stopped safely; it ends with the process) and keeps its job, which is then
// deliberately never freed.
struct DirectoryJob {
  Options options;
  ApiOutput out;
};

ApiOutput read_directory(const Options& options);

DWORD WINAPI directory_thread(void* parameter) {
  auto* job = static_cast<DirectoryJob*>(parameter);
  job->out = read_directory(job->options);
  return 0;
}

}  // namespace

ApiOutput collect_directory(const Options& options) {
  const unsigned seconds = options.directory_timeout_seconds.value_or(kDirectoryTimeoutSeconds);
  auto* job = new DirectoryJob{options, {}};
  const HANDLE thread = CreateThread(nullptr, 0, directory_thread, job, 0, nullptr);
  if (thread == nullptr) {
    delete job;
    ApiOutput out;
    out.status = Status::failed;
    out.exit_code = static_cast<std::int64_t>(GetLastError());
    out.error = "CreateThread: " + error_text(static_cast<DWORD>(*out.exit_code));
    return out;
  }
  const HANDLE cancel = cancel_event();
  const HANDLE handles[2] = {thread, cancel};
  const DWORD waited = WaitForMultipleObjects(cancel != nullptr ? 2 : 1, handles, FALSE, seconds * 1000u);
  CloseHandle(thread);
  if (waited == WAIT_OBJECT_0) {
    ApiOutput out = std::move(job->out);
    delete job;
    return out;
  }
  ApiOutput out;  // `job` stays with the abandoned thread
  out.status = Status::failed;
  if (waited == WAIT_OBJECT_0 + 1) {
    out.error = "the directory reading was abandoned: " + cancel_reason();
  } else {
    out.exit_code = ERROR_TIMEOUT;
    out.error = "the directory reading did not finish within " + std::to_string(seconds) +
                " s (--directory-timeout): a domain controller, the LSA or name resolution did not answer; abandoned";
  }
  return out;
}

namespace {

ApiOutput read_directory(const Options& options) {
  const d::Limits limits;
  d::Inputs inputs;
  LdapTarget target;
  if (options.ldap_server) {
    inputs.host = options.ldap_server->host;
    inputs.port = options.ldap_server->port;
    target.host = options.ldap_server->host;
    target.port = options.ldap_server->port;
  }
  if (options.ldap_bind_dn) {
    inputs.simple_bind = true;
    inputs.bind_dn = options.ldap_bind_dn;
    target.bind_dn = options.ldap_bind_dn;
    target.password = options.ldap_password;
  }
  inputs.computer_name = netbios_name();
  inputs.file_size = file_size;
  inputs.delegation = read_delegation(limits.max_objects);
  inputs.shares = read_shares(limits.max_objects);
  inputs.name_resolution = read_name_resolution();

  LdapDirectory ldap(std::move(target), limits);
  const d::Collected collected = d::collect(ldap, inputs, limits);
  ApiOutput out;
  out.json = collected.json;
  out.error = collected.error;
  out.exit_code = collected.exit_code;
  switch (collected.outcome) {
    case d::Outcome::ok: out.status = Status::ok; break;
    case d::Outcome::truncated: out.status = Status::truncated; break;
    case d::Outcome::denied: out.status = Status::denied; break;
    case d::Outcome::failed: out.status = Status::failed; break;
  }
  return out;
}

}  // namespace

}  // namespace migready::collector::win32

#include "win32/network.hpp"

// winsock2.h before windows.h; iphlpapi.h after both (its GetAdaptersAddresses types need winsock2).
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <iphlpapi.h>

#include <cstddef>
#include <cstring>
#include <string>
#include <vector>

#include "win32/wide.hpp"

namespace migready::collector::win32 {
namespace {

namespace net = network;

// The buffers grow to what each call asks for, at most this big and this many times: a table that keeps
// growing between calls is recorded as a failure rather than chased.
constexpr ULONG kMaxBuffer = 8u << 20;
constexpr int kMaxAttempts = 4;

net::CallFailure failure(const char* call, DWORD code) {
  return net::CallFailure{static_cast<std::uint32_t>(code), std::string(call) + ": " + error_text(code)};
}

// Calls `call(buffer, &size)` until it fits; the DWORD-aligned buffer is resized to `size` on overflow.
template <typename Call>
DWORD call_sized(std::vector<std::uint64_t>& buffer, ULONG initial, DWORD overflow_code, Call call) {
  ULONG size = initial;
  DWORD rc = ERROR_SUCCESS;
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    buffer.assign(size / sizeof(std::uint64_t) + 1, 0);
    size = static_cast<ULONG>(buffer.size() * sizeof(std::uint64_t));
    ULONG asked = size;
    rc = call(buffer.data(), &asked);
    if (rc != overflow_code) return rc;
    if (asked <= size || asked > kMaxBuffer) return rc;
    size = asked;
  }
  return rc;
}

// A fixed-size char field up to its first NUL (no strnlen: Server 2003's msvcrt.dll does not export it).
std::string narrow_text(const char* text, std::size_t max) {
  if (text == nullptr) return {};
  std::size_t n = 0;
  while (n < max && text[n] != '\0') ++n;
  return std::string(text, n);
}

std::string wide_text(const wchar_t* text) { return text != nullptr ? to_utf8(text) : std::string(); }

// A SOCKET_ADDRESS of AF_INET or AF_INET6; false for anything else (or a length that does not fit).
bool read_address(const SOCKET_ADDRESS& sa, net::IpAddress& out) {
  if (sa.lpSockaddr == nullptr) return false;
  if (sa.lpSockaddr->sa_family == AF_INET && sa.iSockaddrLength >= static_cast<INT>(sizeof(sockaddr_in))) {
    const auto* in = reinterpret_cast<const sockaddr_in*>(sa.lpSockaddr);
    std::memcpy(out.bytes.data(), &in->sin_addr, 4);
    out.v6 = false;
    return true;
  }
  if (sa.lpSockaddr->sa_family == AF_INET6 && sa.iSockaddrLength >= static_cast<INT>(sizeof(sockaddr_in6))) {
    const auto* in6 = reinterpret_cast<const sockaddr_in6*>(sa.lpSockaddr);
    std::memcpy(out.bytes.data(), &in6->sin6_addr, 16);
    out.v6 = true;
    out.scope_id = in6->sin6_scope_id;
    return true;
  }
  return false;
}

void read_addresses(net::NetworkReading& r) {
  std::vector<std::uint64_t> buffer;
  // Unicast addresses, DNS servers and (XP SP1 and later) the on-link prefixes; no anycast or multicast.
  const ULONG flags = GAA_FLAG_INCLUDE_PREFIX | GAA_FLAG_SKIP_ANYCAST | GAA_FLAG_SKIP_MULTICAST;
  const DWORD rc = call_sized(buffer, 16u << 10, ERROR_BUFFER_OVERFLOW, [&](std::uint64_t* data, ULONG* size) {
    return GetAdaptersAddresses(AF_UNSPEC, flags, nullptr, reinterpret_cast<IP_ADAPTER_ADDRESSES*>(data), size);
  });
  if (rc == ERROR_NO_DATA) return;  // no adapter at all: an empty list, not a failure
  if (rc != ERROR_SUCCESS) {
    r.addresses_failure = failure("GetAdaptersAddresses", rc);
    return;
  }
  std::size_t count = 0;
  for (auto* a = reinterpret_cast<const IP_ADAPTER_ADDRESSES*>(buffer.data()); a != nullptr && count <= net::kMaxAdapters;
       a = a->Next, ++count) {
    net::AddressesEntry e;
    e.name = narrow_text(a->AdapterName, 260);
    e.if_index = a->IfIndex;
    e.description = wide_text(a->Description);
    e.friendly_name = wide_text(a->FriendlyName);
    e.dns_suffix = wide_text(a->DnsSuffix);
    e.if_type = a->IfType;
    e.oper_status = static_cast<std::uint32_t>(a->OperStatus);
    const std::size_t mac = a->PhysicalAddressLength <= MAX_ADAPTER_ADDRESS_LENGTH ? a->PhysicalAddressLength : 0;
    e.physical_address.assign(a->PhysicalAddress, a->PhysicalAddress + mac);
    e.mtu = a->Mtu;
    e.dhcp_flag = (a->Flags & IP_ADAPTER_DHCP_ENABLED) != 0;
    for (auto* u = a->FirstUnicastAddress; u != nullptr && e.unicast.size() < 2 * net::kMaxPerList; u = u->Next) {
      net::IpAddress ip;
      if (read_address(u->Address, ip)) e.unicast.push_back(ip);
    }
    for (auto* d = a->FirstDnsServerAddress; d != nullptr && e.dns_servers.size() < net::kMaxPerList; d = d->Next) {
      net::IpAddress ip;
      if (read_address(d->Address, ip)) e.dns_servers.push_back(ip);
    }
    // FirstPrefix is XP SP1's addition to the structure: read only when the structure's Length holds it.
    if (a->Length >= offsetof(IP_ADAPTER_ADDRESSES, FirstPrefix) + sizeof(a->FirstPrefix)) {
      for (auto* p = a->FirstPrefix; p != nullptr && e.prefixes.size() < 4 * net::kMaxPerList; p = p->Next) {
        net::Prefix prefix;
        if (read_address(p->Address, prefix.address)) {
          prefix.length = p->PrefixLength;
          e.prefixes.push_back(prefix);
        }
      }
    }
    r.addresses.push_back(std::move(e));
  }
}

std::vector<std::string> addr_strings(const IP_ADDR_STRING* s) {
  std::vector<std::string> out;
  for (; s != nullptr && out.size() < net::kMaxPerList; s = s->Next) {
    out.push_back(narrow_text(s->IpAddress.String, sizeof s->IpAddress.String));
  }
  return out;
}

void read_info(net::NetworkReading& r) {
  std::vector<std::uint64_t> buffer;
  const DWORD rc = call_sized(buffer, 16u << 10, ERROR_BUFFER_OVERFLOW, [&](std::uint64_t* data, ULONG* size) {
    return GetAdaptersInfo(reinterpret_cast<IP_ADAPTER_INFO*>(data), size);
  });
  if (rc == ERROR_NO_DATA) return;  // no IPv4 adapter
  if (rc != ERROR_SUCCESS) {
    r.info_failure = failure("GetAdaptersInfo", rc);
    return;
  }
  std::size_t count = 0;
  for (auto* a = reinterpret_cast<const IP_ADAPTER_INFO*>(buffer.data()); a != nullptr && count <= net::kMaxAdapters;
       a = a->Next, ++count) {
    net::InfoEntry e;
    e.name = narrow_text(a->AdapterName, sizeof a->AdapterName);
    e.description = narrow_text(a->Description, sizeof a->Description);  // ANSI; the same text GAA gives in UTF-16
    e.index = a->Index;
    e.type = a->Type;
    const std::size_t mac = a->AddressLength <= MAX_ADAPTER_ADDRESS_LENGTH ? a->AddressLength : 0;
    e.physical_address.assign(a->Address, a->Address + mac);
    e.dhcp_enabled = a->DhcpEnabled != 0;
    e.dhcp_server = narrow_text(a->DhcpServer.IpAddress.String, sizeof a->DhcpServer.IpAddress.String);
    e.lease_obtained = static_cast<std::int64_t>(a->LeaseObtained);
    e.lease_expires = static_cast<std::int64_t>(a->LeaseExpires);
    for (const IP_ADDR_STRING* s = &a->IpAddressList; s != nullptr && e.addresses.size() < net::kMaxPerList; s = s->Next) {
      e.addresses.push_back({narrow_text(s->IpAddress.String, sizeof s->IpAddress.String),
                             narrow_text(s->IpMask.String, sizeof s->IpMask.String)});
    }
    e.gateways = addr_strings(&a->GatewayList);
    if (a->HaveWins) {
      e.wins_primary = narrow_text(a->PrimaryWinsServer.IpAddress.String, sizeof a->PrimaryWinsServer.IpAddress.String);
      e.wins_secondary =
          narrow_text(a->SecondaryWinsServer.IpAddress.String, sizeof a->SecondaryWinsServer.IpAddress.String);
    }
    r.info.push_back(std::move(e));
  }
}

void read_params(net::NetworkReading& r) {
  std::vector<std::uint64_t> buffer;
  const DWORD rc = call_sized(buffer, sizeof(FIXED_INFO), ERROR_BUFFER_OVERFLOW, [&](std::uint64_t* data, ULONG* size) {
    return GetNetworkParams(reinterpret_cast<FIXED_INFO*>(data), size);
  });
  if (rc != ERROR_SUCCESS) {
    r.params_failure = failure("GetNetworkParams", rc);
    return;
  }
  const auto* f = reinterpret_cast<const FIXED_INFO*>(buffer.data());
  r.params.host_name = narrow_text(f->HostName, sizeof f->HostName);
  r.params.domain_name = narrow_text(f->DomainName, sizeof f->DomainName);
  r.params.dns_servers = addr_strings(&f->DnsServerList);
  r.params.node_type = f->NodeType;
  r.params.scope_id = narrow_text(f->ScopeId, sizeof f->ScopeId);
  r.params.enable_routing = f->EnableRouting != 0;
  r.params.enable_proxy = f->EnableProxy != 0;
  r.params.enable_dns = f->EnableDns != 0;
}

void read_routes(net::NetworkReading& r) {
  std::vector<std::uint64_t> buffer;
  const DWORD rc = call_sized(buffer, 16u << 10, ERROR_INSUFFICIENT_BUFFER, [&](std::uint64_t* data, ULONG* size) {
    return GetIpForwardTable(reinterpret_cast<MIB_IPFORWARDTABLE*>(data), size, TRUE);
  });
  if (rc == ERROR_NO_DATA) return;  // no route
  if (rc != ERROR_SUCCESS) {
    r.routes_failure = failure("GetIpForwardTable", rc);
    return;
  }
  const auto* table = reinterpret_cast<const MIB_IPFORWARDTABLE*>(buffer.data());
  const std::size_t room =
      (buffer.size() * sizeof(std::uint64_t) - offsetof(MIB_IPFORWARDTABLE, table)) / sizeof(MIB_IPFORWARDROW);
  const std::size_t n = table->dwNumEntries < room ? table->dwNumEntries : room;
  for (std::size_t i = 0; i < n && i <= net::kMaxRoutes; ++i) {
    const MIB_IPFORWARDROW& row = table->table[i];
    r.routes.push_back({row.dwForwardDest, row.dwForwardMask, row.dwForwardNextHop, row.dwForwardIfIndex,
                        row.dwForwardType, row.dwForwardProto, row.dwForwardAge, row.dwForwardMetric1});
  }
}

}  // namespace

net::NetworkReading read_network() {
  net::NetworkReading r;
  read_addresses(r);
  read_info(r);
  read_params(r);
  read_routes(r);
  return r;
}

}  // namespace migready::collector::win32

#include "win32/sntp_client.hpp"
#include "win32/unique.hpp"

// winsock2.h before windows.h (WIN32_LEAN_AND_MEAN keeps windows.h from pulling in the old winsock.h).
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>

#include <array>
#include <cstring>
#include <span>

namespace migready::collector::win32 {
namespace {

using sntp::SntpErrc;
using sntp::SntpOutcome;

constexpr unsigned kMaxTimeoutMs = 60000;
constexpr unsigned kMaxRequests = 2;
constexpr std::size_t kReceiveBuffer = 1024;  // a header, extension fields and a MAC fit easily

std::uint64_t now_filetime() {
  FILETIME ft;
  GetSystemTimeAsFileTime(&ft);
  return (static_cast<std::uint64_t>(ft.dwHighDateTime) << 32) | ft.dwLowDateTime;
}

std::string wsa_text(int error) {
  const char* what = nullptr;
  switch (error) {
    case WSAHOST_NOT_FOUND: what = "host not found"; break;
    case WSATRY_AGAIN: what = "temporary name server failure"; break;
    case WSANO_RECOVERY: what = "name server failure"; break;
    case WSANO_DATA: what = "no IPv4 address for this name"; break;
    case WSAENETUNREACH: what = "network unreachable"; break;
    case WSAEHOSTUNREACH: what = "host unreachable"; break;
    case WSAEACCES: what = "access denied"; break;
    case WSAEADDRNOTAVAIL: what = "address not available"; break;
    default: break;
  }
  const std::string code = "WSA error " + std::to_string(error);
  return what ? std::string(what) + ", " + code : code;
}

SntpOutcome fail(SntpErrc errc, std::string message) {
  SntpOutcome out;
  out.errc = errc;
  out.error = std::move(message);
  return out;
}

std::string address_text(const sockaddr_in& addr) {
  std::array<std::uint8_t, 4> ip{};
  std::memcpy(ip.data(), &addr.sin_addr, ip.size());
  std::array<std::uint8_t, 2> port{};
  std::memcpy(port.data(), &addr.sin_port, port.size());  // network order
  return std::to_string(ip[0]) + "." + std::to_string(ip[1]) + "." + std::to_string(ip[2]) + "." +
         std::to_string(ip[3]) + ":" + std::to_string((static_cast<unsigned>(port[0]) << 8) | port[1]);
}

bool same_endpoint(const sockaddr_in& a, const sockaddr_in& b) {
  return a.sin_family == b.sin_family && a.sin_port == b.sin_port &&
         std::memcmp(&a.sin_addr, &b.sin_addr, sizeof a.sin_addr) == 0;
}

class WinsockSession {
 public:
  WinsockSession() {
    WSADATA data;
    m_error = WSAStartup(MAKEWORD(2, 2), &data);
  }
  ~WinsockSession() {
    if (m_error == 0) WSACleanup();
  }
  WinsockSession(const WinsockSession&) = delete;
  WinsockSession& operator=(const WinsockSession&) = delete;
  int error() const { return m_error; }

 private:
  int m_error = 0;
};

struct SentRequest {
  std::uint64_t transmit_ntp = 0;
  std::uint64_t filetime = 0;
};

}  // namespace

SntpQueryResult query_sntp(const std::string& host, std::uint16_t port, unsigned timeout_ms) {
  SntpQueryResult result;
  const DWORD start = GetTickCount();
  auto finish = [&](SntpOutcome outcome) {
    result.outcome = std::move(outcome);
    result.elapsed_ms = static_cast<unsigned>(GetTickCount() - start);
    return result;
  };

  if (host.empty() || port == 0 || timeout_ms == 0 || timeout_ms > kMaxTimeoutMs) {
    return finish(fail(SntpErrc::bad_argument, "bad SNTP query: host '" + host + "', port " + std::to_string(port) +
                                                   ", timeout " + std::to_string(timeout_ms) +
                                                   " ms (expected a host, port 1..65535, timeout 1..60000 ms)"));
  }

  const WinsockSession winsock;
  if (winsock.error() != 0) {
    return finish(fail(SntpErrc::network, "WSAStartup failed (" + wsa_text(winsock.error()) + ")"));
  }

  // IPv4 only; getaddrinfo also takes a dotted address without asking DNS.
  sockaddr_in server{};
  {
    addrinfo hints{};
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_DGRAM;
    hints.ai_protocol = IPPROTO_UDP;
    addrinfo* found = nullptr;
    const int rc = getaddrinfo(host.c_str(), nullptr, &hints, &found);
    if (rc != 0 || found == nullptr || found->ai_addr == nullptr ||
        found->ai_addrlen < static_cast<int>(sizeof server)) {
      if (found != nullptr) freeaddrinfo(found);
      return finish(fail(SntpErrc::resolve_failed,
                         "cannot resolve '" + host + "' (" + wsa_text(rc != 0 ? rc : WSANO_DATA) + ")"));
    }
    std::memcpy(&server, found->ai_addr, sizeof server);
    freeaddrinfo(found);
    const std::array<std::uint8_t, 2> port_be{static_cast<std::uint8_t>(port >> 8),
                                              static_cast<std::uint8_t>(port & 0xFF)};
    std::memcpy(&server.sin_port, port_be.data(), port_be.size());
  }
  result.server = address_text(server);

  const UniqueSocket sock(socket(AF_INET, SOCK_DGRAM, IPPROTO_UDP));
  if (!sock) {
    return finish(fail(SntpErrc::network, "cannot create a UDP socket (" + wsa_text(WSAGetLastError()) + ")"));
  }

  std::array<SentRequest, kMaxRequests> sent{};
  bool port_unreachable = false;
  std::string ignored;  // why the last datagram from the server was not taken as a reply
  // Sends request number result.requests_sent; returns the WSA error, 0 on success.
  auto send_request = [&]() -> int {
    SentRequest& r = sent[result.requests_sent];
    r.filetime = now_filetime();
    r.transmit_ntp = sntp::ntp_from_filetime(r.filetime);
    const auto packet = sntp::build_request(r.transmit_ntp);
    const int n = sendto(sock.get(), reinterpret_cast<const char*>(packet.data()), static_cast<int>(packet.size()),
                         0, reinterpret_cast<const sockaddr*>(&server), static_cast<int>(sizeof server));
    if (n == SOCKET_ERROR) return WSAGetLastError();
    ++result.requests_sent;
    return 0;
  };

  const DWORD send_start = GetTickCount();
  if (const int err = send_request(); err != 0) {
    return finish(fail(SntpErrc::network, "cannot send to " + result.server + " (" + wsa_text(err) + ")"));
  }

  std::array<char, kReceiveBuffer> buffer{};
  for (;;) {
    const auto elapsed = static_cast<unsigned>(GetTickCount() - send_start);
    if (result.requests_sent < kMaxRequests && elapsed >= timeout_ms / 2) {
      const int err = send_request();  // a failed retry is not fatal: the first request may still be answered
      if (err == WSAECONNRESET) port_unreachable = true;
      if (err != 0) result.requests_sent = kMaxRequests;
    }
    if (elapsed >= timeout_ms) {
      return finish(fail(SntpErrc::timeout,
                         "timeout after " + std::to_string(timeout_ms) + " ms waiting for " + result.server + " (" +
                             std::to_string(result.requests_sent) +
                             (result.requests_sent == 1 ? " request sent" : " requests sent") +
                             (port_unreachable ? "; ICMP port unreachable received" : "") +
                             (ignored.empty() ? ")" : "; ignored a datagram: " + ignored + ")")));
    }
    const unsigned until = result.requests_sent < kMaxRequests ? timeout_ms / 2 : timeout_ms;
    const unsigned wait_ms = until > elapsed ? until - elapsed : 1;

    fd_set readable;
    readable.fd_count = 1;
    readable.fd_array[0] = sock.get();
    timeval tv{};
    tv.tv_sec = static_cast<long>(wait_ms / 1000);
    tv.tv_usec = static_cast<long>((wait_ms % 1000) * 1000);
    const int ready = select(0, &readable, nullptr, nullptr, &tv);
    if (ready == SOCKET_ERROR) {
      return finish(fail(SntpErrc::network, "select failed (" + wsa_text(WSAGetLastError()) + ")"));
    }
    if (ready == 0) continue;

    sockaddr_in from{};
    int from_len = static_cast<int>(sizeof from);
    const int got = recvfrom(sock.get(), buffer.data(), static_cast<int>(buffer.size()), 0,
                             reinterpret_cast<sockaddr*>(&from), &from_len);
    const std::uint64_t t4 = now_filetime();
    if (got == SOCKET_ERROR) {
      const int err = WSAGetLastError();
      if (err == WSAECONNRESET) {  // ICMP port unreachable for an earlier sendto: keep waiting
        port_unreachable = true;
        continue;
      }
      if (err == WSAEMSGSIZE) continue;  // an oversized datagram is not an SNTP reply
      return finish(fail(SntpErrc::network, "cannot receive from " + result.server + " (" + wsa_text(err) + ")"));
    }
    if (!same_endpoint(from, server)) continue;  // not from the server we asked

    const std::span<const std::uint8_t> reply(reinterpret_cast<const std::uint8_t*>(buffer.data()),
                                              static_cast<std::size_t>(got));
    for (unsigned i = 0; i < result.requests_sent; ++i) {
      SntpOutcome outcome = sntp::parse_reply(reply, sent[i].transmit_ntp, t4);
      // Checks before the origin check cannot tell a broken reply from a forged one: not trusted enough to end
      // the query, so they are only remembered.
      if (outcome.errc == SntpErrc::short_reply || outcome.errc == SntpErrc::bad_version ||
          outcome.errc == SntpErrc::bad_mode || outcome.errc == SntpErrc::bogus_origin) {
        ignored = std::move(outcome.error);
        continue;
      }
      result.t1_filetime = sent[i].filetime;
      result.t4_filetime = t4;
      return finish(std::move(outcome));
    }
    // Answers none of our requests (stale, forged or broken): ignore it and keep waiting.
  }
}

}  // namespace migready::collector::win32

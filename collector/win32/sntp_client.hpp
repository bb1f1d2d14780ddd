// One SNTP (RFC 4330) measurement of this server's clock against a time server, over UDP/IPv4 with
// Winsock 2 (ws2_32.dll, Windows Server 2003 SP1). Read-only: it never sets, slews or otherwise adjusts
// the clock, and it sends at most two 48-byte requests. Packet building and every check of the reply are
// in core/sntp (unit-tested); this file is sockets and clock readings only.
//
// | option      | value                                                                          |
// |-------------|--------------------------------------------------------------------------------|
// | host        | DNS name or dotted IPv4; the first IPv4 address getaddrinfo returns is used    |
// | port        | 1..65535 (sntp::kDefaultPort = 123)                                            |
// | timeout_ms  | total wait for a valid reply, 1..60000; a second request is sent at half of it |
//
// Both requests stay valid until the end: a late reply to the first is accepted (its own T1 is used). A
// datagram that cannot be tied to one of our requests (other sender, originate mismatch, too short, wrong
// mode or version) is ignored and the wait goes on; the last such reason is appended to a timeout error.
// An ICMP "port unreachable" (WSAECONNRESET on Windows) is noted and also waited through, so a closed port
// ends in SntpErrc::timeout. A reply tied to our request that fails a later check (kiss-o'-death, stratum,
// unsynchronized, zero transmit) ends the query with that error at once.
//
// Errors (SntpOutcome::error), e.g.:
//   "timeout after 3000 ms waiting for 127.0.0.1:12300 (2 requests sent)"
//   "timeout after 3000 ms waiting for 127.0.0.1:12301 (2 requests sent; ICMP port unreachable received)"
//   "cannot resolve 'time.windows.com' (WSA error 11001)"
//   "server sent kiss-o'-death 'RATE' (stratum 0): rate exceeded: we asked too often"
#pragma once

#include <cstdint>
#include <string>

#include "core/sntp.hpp"

namespace migready::collector::win32 {

struct SntpQueryResult {
  sntp::SntpOutcome outcome;       // the sample, or errc + error (+ kiss_code)
  std::string server;              // "127.0.0.1:12300" once resolved; "" before
  unsigned requests_sent = 0;      // 0..2
  std::uint64_t t1_filetime = 0;   // our clock when the answered request was sent (0 without a reply)
  std::uint64_t t4_filetime = 0;   // our clock when the reply arrived (0 without a reply)
  unsigned elapsed_ms = 0;         // wall time of the whole query
};

SntpQueryResult query_sntp(const std::string& host, std::uint16_t port, unsigned timeout_ms);

}  // namespace migready::collector::win32

// SNTP (RFC 4330) for the collector's time-state evidence: how far the server's clock is from a time
// server, measured once, read-only. Portable and pure (no sockets, no clock reads): the Win32 layer
// (win32/sntp_client) sends what build_request() returns and hands the reply bytes and its own clock
// readings to parse_reply(). Nothing here ever sets or adjusts a clock.
//
// Timestamps
//   FILETIME  100 ns ticks since 1601-01-01 UTC, the collector's clock (GetSystemTimeAsFileTime).
//   NTP       64-bit fixed point: seconds since 1900-01-01 UTC in the high 32 bits, 2^-32 s in the low 32.
//             One NTP era is 2^32 s (136 years); era 0 ends 2036-02-07T06:28:16Z and era 1 begins with the
//             seconds field at 0 again.
// Era choice: an NTP timestamp is resolved to the instant closest to a pivot that we know (our own clock),
// i.e. within +/- 68 years of it, as RFC 5905 does; so a server in era 1 (after 2036) and a client in era 0
// just before the wrap give the right small offset, and time differences are taken modulo 2^64 and read
// as signed. Consequence: a client clock more than 68 years off its server gives a wrong offset (an
// SBS 2003 box whose CMOS battery died reads 1980 or 2000 at worst: 26-46 years, fine).
//
// Sample exchange (bytes 0..3 of each packet, then the four timestamps):
//   request  23 00 00 00 ...  LI 0, VN 4, mode 3 (client); transmit = T1 (our send time)
//   reply    24 02 00 e9 ...  LI 0, VN 4, mode 4 (server), stratum 2; originate = T1, receive = T2,
//                             transmit = T3; T4 = our clock when the reply arrived
//   offset = ((T2 - T1) + (T3 - T4)) / 2   positive: the server is ahead of us (our clock is slow)
//   delay  = (T4 - T1) - (T3 - T2)         the network round trip; may be slightly negative
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/time_format.hpp"

namespace migready::collector::sntp {

inline constexpr std::size_t kPacketSize = 48;       // header without extension fields or MAC
inline constexpr std::uint16_t kDefaultPort = 123;
inline constexpr std::uint64_t kNtpEpochFiletime = 94354848000000000ULL;  // 1900-01-01T00:00:00Z as FILETIME

// --- conversions --------------------------------------------------------------------------------------

// FILETIME -> NTP, rounded to the nearest 2^-32 s; times from 2036-02-07T06:28:16Z on wrap into era 1
// (seconds field restarts at 0), times before 1900 into era -1. Exact round trip with filetime_from_ntp
// for every FILETIME within 68 years of the pivot.
std::uint64_t ntp_from_filetime(std::uint64_t filetime);
// NTP -> FILETIME, choosing the era that puts the result closest to `pivot_filetime` (see "Era choice").
// Rounded to the nearest 100 ns; clamped to 0 if it would fall before 1601.
std::uint64_t filetime_from_ntp(std::uint64_t ntp, std::uint64_t pivot_filetime);
// A signed NTP time difference (a - b taken modulo 2^64, in 2^-32 s) in microseconds, rounded to nearest.
std::int64_t ntp_difference_us(std::uint64_t a, std::uint64_t b);
// FILETIME -> calendar fields in UTC (proleptic Gregorian), for format_utc().
CivilTime civil_from_filetime(std::uint64_t filetime);

// --- the exchange ---------------------------------------------------------------------------------------

// The 48-byte client request: LI 0, VN `version` (3 or 4; anything else is sent as 4), mode 3, every other
// field 0 except the transmit timestamp (bytes 40..47, big-endian) = `transmit_ntp`, the client's send
// time. The reply must echo it as its originate timestamp.
std::array<std::uint8_t, kPacketSize> build_request(std::uint64_t transmit_ntp, unsigned version = 4);

struct OffsetDelay {
  std::int64_t offset_us = 0;
  std::int64_t delay_us = 0;
};
// RFC 4330 section 5 on the four NTP timestamps (differences modulo 2^64, so an era wrap between them is
// harmless); results rounded to the microsecond.
OffsetDelay compute_offset_delay(std::uint64_t t1, std::uint64_t t2, std::uint64_t t3, std::uint64_t t4);

enum class SntpErrc {
  ok,
  // the reply (parse_reply), in the order they are checked:
  short_reply,     // fewer than 48 bytes
  bad_version,     // VN not 1..4
  bad_mode,        // mode not 4 (server); 5 (broadcast) included: we asked in unicast
  bogus_origin,    // originate != our transmit: a late reply to another request, a duplicate, or spoofed
  kiss_of_death,   // stratum 0: the server refuses (kiss_code: RATE, DENY, RSTR, ...); checked after the
                   // origin so a forged kiss from a third party cannot make us give up
  bad_stratum,     // stratum 16..255
  unsynchronized,  // LI 3: the server's own clock is not synchronized
  zero_transmit,   // the server's transmit timestamp is 0
  // the query (win32/sntp_client):
  bad_argument,    // empty host, port 0, timeout 0
  resolve_failed,  // the host name has no IPv4 address
  network,         // WSAStartup, socket, sendto or recvfrom failed
  timeout,         // no valid reply within the time limit
};
// "short_reply", "kiss_of_death", ... (the enumerator's name).
const char* sntp_errc_name(SntpErrc errc) noexcept;

struct SntpSample {
  std::int64_t offset_us = 0;           // server - us: +1500000 means our clock is 1.5 s slow
  std::int64_t delay_us = 0;            // round trip without the server's processing time
  unsigned stratum = 0;                 // 1..15
  unsigned leap = 0;                    // LI: 0 none, 1 last minute has 61 s, 2 has 59 s (3 is rejected)
  unsigned version = 0;                 // VN of the reply, 1..4
  int poll_log2 = 0;                    // poll field, log2 s (signed)
  int precision_log2 = 0;               // server clock precision, log2 s (signed, e.g. -20 = ~1 us)
  std::string reference_id;             // stratum 1: the source's ASCII code ("GPS", "PPS", "LOCL");
                                        // stratum >= 2: dotted IPv4 of the server's upstream ("192.0.2.1";
                                        // for an IPv6 upstream these are hash bytes, still shown dotted)
  std::int64_t root_delay_us = 0;       // server's round trip to its primary source (signed 16.16 s)
  std::int64_t root_dispersion_us = 0;  // server's error bound against its primary source (16.16 s)
  std::uint64_t server_transmit_filetime = 0;  // T3, era resolved near our receive time
  CivilTime server_transmit_utc;               // the same as calendar fields (format_utc)
  std::uint64_t reference_filetime = 0;        // when the server's clock was last set; 0 if never

  double offset_ms() const { return static_cast<double>(offset_us) / 1000.0; }
  double delay_ms() const { return static_cast<double>(delay_us) / 1000.0; }
};

struct SntpOutcome {
  std::optional<SntpSample> sample;  // set exactly when errc == ok
  SntpErrc errc = SntpErrc::ok;
  std::string error;                 // what went wrong, in words; "" when ok
  std::string kiss_code;             // for kiss_of_death: the 4 ASCII bytes of the reference id, "RATE"
};

// Every check RFC 4330 section 5 asks of a unicast client, then the offset and delay.
//   reply              the datagram as received (extension fields / MAC beyond 48 bytes are ignored)
//   sent_transmit_ntp  T1: the transmit timestamp we put in the request (build_request's argument)
//   received_filetime  T4: our clock (GetSystemTimeAsFileTime) when the reply arrived
// Errors: see SntpErrc; e.g. "server sent kiss-o'-death RATE (stratum 0)", "reply is 20 bytes, expected at
// least 48", "reply's originate timestamp 0x... does not match our transmit timestamp 0x...".
SntpOutcome parse_reply(std::span<const std::uint8_t> reply, std::uint64_t sent_transmit_ntp,
                        std::uint64_t received_filetime);

// --- where to ask ---------------------------------------------------------------------------------------

// W32Time's NtpServer value (HKLM\SYSTEM\CurrentControlSet\Services\W32Time\Parameters), a REG_SZ list of
// peers separated by blanks, each optionally followed by ",0xFLAGS" (0x1 SpecialInterval, 0x2 UseAsFallback,
// 0x4 SymmetricActive, 0x8 Client):
//   "time.windows.com,0x9 ntp.example.org,0x1 10.0.0.1"
//   -> {"time.windows.com", 0x9}, {"ntp.example.org", 0x1}, {"10.0.0.1", nullopt}
// Empty entries are skipped; flags that are not hex (0x...) or decimal are nullopt.
struct NtpServerEntry {
  std::string host;
  std::optional<std::uint32_t> flags;
};
std::vector<NtpServerEntry> parse_ntp_server_value(std::string_view value);
// The first peer's host, flags stripped; nullopt for an empty list ("", " ", ",0x1").
std::optional<std::string> first_ntp_server(std::string_view value);

// HOST[:PORT] for a --ntp-server option: "time.windows.com", "10.0.0.1:12300". HOST is a DNS name or IPv4
// address ([A-Za-z0-9.-_], at most 253 characters); PORT is decimal 1..65535, default `default_port`.
// IPv6 ("::1", "[::1]:123") is refused: the client is IPv4 only.
struct HostPort {
  std::string host;
  std::uint16_t port = kDefaultPort;
};
struct ParsedHostPort {
  std::optional<HostPort> value;  // empty on error
  std::string error;              // "port '70000' is not a number 1..65535"
};
ParsedHostPort parse_host_port(std::string_view text, std::uint16_t default_port = kDefaultPort);

}  // namespace migready::collector::sntp

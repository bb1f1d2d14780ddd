#include <catch2/catch.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/sntp.hpp"

using namespace migready::collector;
using namespace migready::collector::sntp;
using namespace std::string_view_literals;

namespace {

constexpr std::uint64_t kTicksPerMs = 10000;
constexpr std::uint64_t kUnixEpoch = 116444736000000000ULL;   // 1970-01-01T00:00:00Z
constexpr std::uint64_t kEra1Start = 137304520960000000ULL;   // 2036-02-07T06:28:16Z
constexpr std::uint64_t kT1 = 134400906050000000ULL;          // 2026-11-25T14:30:05.000Z
constexpr std::uint64_t kYear = 315576000000000ULL;           // 365.25 days of ticks

void put_be32(std::vector<std::uint8_t>& p, std::size_t off, std::uint32_t v) {
  for (std::size_t i = 0; i < 4; ++i) p[off + i] = static_cast<std::uint8_t>(v >> (24 - 8 * i));
}
void put_be64(std::vector<std::uint8_t>& p, std::size_t off, std::uint64_t v) {
  put_be32(p, off, static_cast<std::uint32_t>(v >> 32));
  put_be32(p, off + 4, static_cast<std::uint32_t>(v));
}

// A reply to a request sent at T1 by a server whose clock is 1500 ms ahead: 10 ms out, 5 ms in the server,
// 20 ms back. T2 = T1 + 1510, T3 = T1 + 1515 (server clock), T4 = T1 + 35 (ours):
// offset = (1510 + 1480) / 2 = 1495 ms (the 5 ms error is the path asymmetry), delay = 35 - 5 = 30 ms.
struct Exchange {
  std::uint64_t t1_ntp = ntp_from_filetime(kT1);
  std::uint64_t t2_ntp = ntp_from_filetime(kT1 + 1510 * kTicksPerMs);
  std::uint64_t t3_ntp = ntp_from_filetime(kT1 + 1515 * kTicksPerMs);
  std::uint64_t t4_filetime = kT1 + 35 * kTicksPerMs;
  std::vector<std::uint8_t> reply = std::vector<std::uint8_t>(kPacketSize, 0);

  Exchange() {
    reply[0] = 0x24;  // LI 0, VN 4, mode 4
    reply[1] = 2;     // stratum
    reply[2] = 6;     // poll 64 s
    reply[3] = 0xEC;  // precision -20
    put_be32(reply, 4, 0x00000800);   // root delay 2048/65536 s = 31250 us
    put_be32(reply, 8, 0x00008000);   // root dispersion 0.5 s
    reply[12] = 192, reply[13] = 0, reply[14] = 2, reply[15] = 1;
    put_be64(reply, 16, ntp_from_filetime(kT1 - 60000 * kTicksPerMs));  // reference: a minute earlier
    put_be64(reply, 24, t1_ntp);  // originate
    put_be64(reply, 32, t2_ntp);  // receive
    put_be64(reply, 40, t3_ntp);  // transmit
  }
  SntpOutcome parse() const { return parse_reply(reply, t1_ntp, t4_filetime); }
};

}  // namespace

TEST_CASE("sntp: request layout", "[collector][sntp]") {
  const auto p = build_request(0x0123456789ABCDEFULL);
  REQUIRE(p.size() == 48);
  CHECK(p[0] == 0x23);  // LI 0, VN 4, mode 3
  for (std::size_t i = 1; i < 40; ++i) CHECK(p[i] == 0);
  const std::array<std::uint8_t, 8> transmit{0x01, 0x23, 0x45, 0x67, 0x89, 0xAB, 0xCD, 0xEF};
  for (std::size_t i = 0; i < 8; ++i) CHECK(p[40 + i] == transmit[i]);
  CHECK(build_request(1, 3)[0] == 0x1B);  // VN 3
  CHECK(build_request(1, 7)[0] == 0x23);  // unsupported version: sent as 4
}

TEST_CASE("sntp: NTP <-> FILETIME conversions", "[collector][sntp]") {
  CHECK(ntp_from_filetime(kNtpEpochFiletime) == 0);
  CHECK(ntp_from_filetime(kUnixEpoch) == (2208988800ULL << 32));
  CHECK(ntp_from_filetime(kNtpEpochFiletime + 5000000) == 0x80000000ULL);  // half a second
  CHECK(ntp_from_filetime(kNtpEpochFiletime + 1) == 429);                  // 100 ns = 429.4967 units
  CHECK(ntp_from_filetime(kEra1Start) == 0);                               // 2036: era 1 restarts at 0
  CHECK(ntp_from_filetime(kEra1Start - 10000000) == (0xFFFFFFFFULL << 32));
  CHECK(ntp_from_filetime(kNtpEpochFiletime - 10000000) == (0xFFFFFFFFULL << 32));  // 1899: era -1

  SECTION("the era nearest the pivot wins") {
    CHECK(filetime_from_ntp(0, kEra1Start) == kEra1Start);
    CHECK(filetime_from_ntp(0, kT1) == kEra1Start);  // 2026 is 10 years from 2036, 126 from 1900
    CHECK(filetime_from_ntp(0, kNtpEpochFiletime + 50 * kYear) == kNtpEpochFiletime);
    CHECK(filetime_from_ntp(2208988800ULL << 32, kT1) == kUnixEpoch);
    CHECK(filetime_from_ntp(ntp_from_filetime(kEra1Start + 10000000), kEra1Start - 10000000) ==
          kEra1Start + 10000000);
    CHECK(filetime_from_ntp(ntp_from_filetime(0) - (1ULL << 32), 0) == 0);  // 1 s before 1601: clamped
  }

  SECTION("exact round trips within 68 years of the pivot") {
    const std::uint64_t times[] = {kNtpEpochFiletime,        kNtpEpochFiletime - 1, kUnixEpoch + 1,
                                   126956160000000000ULL,    kT1 + 1234567,         kEra1Start - 1,
                                   kEra1Start,               kEra1Start + 1,        kEra1Start + 64 * kYear + 9999999,
                                   kNtpEpochFiletime + 3};
    for (const std::uint64_t ft : times) {
      CAPTURE(ft);
      const std::uint64_t ntp = ntp_from_filetime(ft);
      CHECK(filetime_from_ntp(ntp, ft) == ft);
      CHECK(filetime_from_ntp(ntp, ft + 67 * kYear) == ft);
      CHECK(filetime_from_ntp(ntp, ft - 67 * kYear) == ft);
    }
    for (std::uint64_t ticks = 0; ticks < 10000000; ticks += 997) {
      CHECK(filetime_from_ntp(ntp_from_filetime(kT1 + ticks), kT1) == kT1 + ticks);
    }
  }

  SECTION("calendar fields") {
    const CivilTime a = civil_from_filetime(0);
    CHECK(format_utc(a) == "1601-01-01T00:00:00.000Z");
    CHECK(format_utc(civil_from_filetime(kUnixEpoch)) == "1970-01-01T00:00:00.000Z");
    CHECK(format_utc(civil_from_filetime(134400906051230000ULL)) == "2026-11-25T14:30:05.123Z");
    CHECK(format_utc(civil_from_filetime(125963423999990000ULL)) == "2000-02-29T23:59:59.999Z");
    CHECK(format_utc(civil_from_filetime(kEra1Start)) == "2036-02-07T06:28:16.000Z");
    // The whole FILETIME range, beyond <chrono>'s year 32767 (written clamped to 9999, the fields are exact).
    const CivilTime max_signed = civil_from_filetime(0x7FFFFFFFFFFFFFFFULL);  // SYSTEMTIME's last day
    CHECK((max_signed.year == 30828 && max_signed.month == 9 && max_signed.day == 14 && max_signed.hour == 2 &&
           max_signed.minute == 48 && max_signed.second == 5 && max_signed.millisecond == 477));
    const CivilTime max = civil_from_filetime(0xFFFFFFFFFFFFFFFFULL);
    CHECK((max.year == 60056 && max.month == 5 && max.day == 28 && max.hour == 5 && max.minute == 36 &&
           max.second == 10 && max.millisecond == 955));
    CHECK(format_utc(max) == "9999-05-28T05:36:10.955Z");
    CHECK(format_utc(civil_from_filetime(2650467743999999999ULL)) == "9999-12-31T23:59:59.999Z");
  }

  SECTION("signed differences, across the era wrap too") {
    CHECK(ntp_difference_us(1ULL << 32, 0) == 1000000);
    CHECK(ntp_difference_us(0, 1ULL << 32) == -1000000);
    CHECK(ntp_difference_us(0, 1) == 0);  // -0.23 ns rounds to 0
    CHECK(ntp_difference_us(0x80000000ULL, 0) == 500000);
    CHECK(ntp_difference_us(5ULL << 32, 0xFFFFFFFFULL << 32) == 6000000);  // era 1 minus era 0
  }
}

TEST_CASE("sntp: offset and delay", "[collector][sntp]") {
  const Exchange x;
  const OffsetDelay od = compute_offset_delay(x.t1_ntp, x.t2_ntp, x.t3_ntp, ntp_from_filetime(x.t4_filetime));
  CHECK(od.offset_us == 1495000);
  CHECK(od.delay_us == 30000);

  SECTION("a server behind us gives a negative offset") {
    const std::uint64_t t1 = ntp_from_filetime(kT1);
    const OffsetDelay behind = compute_offset_delay(t1, ntp_from_filetime(kT1 - 2000 * kTicksPerMs),
                                                    ntp_from_filetime(kT1 - 1999 * kTicksPerMs),
                                                    ntp_from_filetime(kT1 + 4 * kTicksPerMs));
    CHECK(behind.offset_us == -2001500);
    CHECK(behind.delay_us == 3000);
  }
  SECTION("client before the 2036 wrap, server after it") {
    const std::uint64_t t1 = kEra1Start - 3 * kTicksPerMs;
    const OffsetDelay wrap = compute_offset_delay(ntp_from_filetime(t1), ntp_from_filetime(t1 + 250 * kTicksPerMs),
                                                  ntp_from_filetime(t1 + 251 * kTicksPerMs),
                                                  ntp_from_filetime(t1 + 2 * kTicksPerMs));
    CHECK(wrap.offset_us == 249500);
    CHECK(wrap.delay_us == 1000);
  }
}

TEST_CASE("sntp: a valid reply", "[collector][sntp]") {
  const Exchange x;
  const SntpOutcome out = x.parse();
  REQUIRE(out.errc == SntpErrc::ok);
  REQUIRE(out.sample);
  CHECK(out.error.empty());
  const SntpSample& s = *out.sample;
  CHECK(s.offset_us == 1495000);
  CHECK(s.delay_us == 30000);
  CHECK(s.offset_ms() == Approx(1495.0));
  CHECK(s.delay_ms() == Approx(30.0));
  CHECK(s.stratum == 2);
  CHECK(s.leap == 0);
  CHECK(s.version == 4);
  CHECK(s.poll_log2 == 6);
  CHECK(s.precision_log2 == -20);
  CHECK(s.reference_id == "192.0.2.1");
  CHECK(s.root_delay_us == 31250);
  CHECK(s.root_dispersion_us == 500000);
  CHECK(s.server_transmit_filetime == kT1 + 1515 * kTicksPerMs);
  CHECK(format_utc(s.server_transmit_utc) == "2026-11-25T14:30:06.515Z");
  CHECK(s.reference_filetime == kT1 - 60000 * kTicksPerMs);

  SECTION("stratum 1: the reference id is an ASCII code") {
    Exchange y;
    y.reply[1] = 1;
    y.reply[12] = 'G', y.reply[13] = 'P', y.reply[14] = 'S', y.reply[15] = 0;
    const SntpOutcome o = y.parse();
    REQUIRE(o.sample);
    CHECK(o.sample->reference_id == "GPS");
  }
  SECTION("older versions, a leap warning, a MAC after the header, a negative root delay, no reference") {
    Exchange y;
    y.reply[0] = 0x40 | (3 << 3) | 4;  // LI 1, VN 3
    y.reply.resize(68, 0xAA);          // key id + MD5 digest
    put_be32(y.reply, 4, 0xFFFF8000);  // -0.5 s
    put_be64(y.reply, 16, 0);
    const SntpOutcome o = y.parse();
    REQUIRE(o.sample);
    CHECK(o.sample->leap == 1);
    CHECK(o.sample->version == 3);
    CHECK(o.sample->root_delay_us == -500000);
    CHECK(o.sample->reference_filetime == 0);
    y.reply[0] = (1 << 3) | 4;  // VN 1
    CHECK(y.parse().errc == SntpErrc::ok);
  }
}

TEST_CASE("sntp: rejected replies", "[collector][sntp]") {
  Exchange x;
  auto check_rejected = [&](SntpErrc errc, const std::string& words) {
    const SntpOutcome o = x.parse();
    CHECK_FALSE(o.sample);
    CHECK(o.errc == errc);
    CHECK(sntp_errc_name(o.errc) == std::string(sntp_errc_name(errc)));
    CHECK_THAT(o.error, Catch::Contains(words));
  };

  SECTION("short") {
    x.reply.resize(47);
    check_rejected(SntpErrc::short_reply, "reply is 47 bytes, expected at least 48");
    x.reply.clear();
    check_rejected(SntpErrc::short_reply, "reply is 0 bytes");
  }
  SECTION("broadcast mode") {
    x.reply[0] = 0x25;
    check_rejected(SntpErrc::bad_mode, "mode 5 (broadcast), expected 4 (server)");
  }
  SECTION("client mode (our own request reflected)") {
    x.reply[0] = 0x23;
    check_rejected(SntpErrc::bad_mode, "mode 3 (client)");
  }
  SECTION("version 0 and 5") {
    x.reply[0] = 0x04;
    check_rejected(SntpErrc::bad_version, "version 0, expected 1..4");
    x.reply[0] = (5 << 3) | 4;
    check_rejected(SntpErrc::bad_version, "version 5");
  }
  SECTION("kiss-o'-death RATE") {
    x.reply[0] = 0xE4;  // LI 3 as servers send it with a kiss: the kiss is reported, not "unsynchronized"
    x.reply[1] = 0;
    x.reply[12] = 'R', x.reply[13] = 'A', x.reply[14] = 'T', x.reply[15] = 'E';
    check_rejected(SntpErrc::kiss_of_death, "kiss-o'-death 'RATE' (stratum 0): rate exceeded");
    CHECK(x.parse().kiss_code == "RATE");
  }
  SECTION("kiss-o'-death DENY, and an unknown code") {
    x.reply[1] = 0;
    x.reply[12] = 'D', x.reply[13] = 'E', x.reply[14] = 'N', x.reply[15] = 'Y';
    check_rejected(SntpErrc::kiss_of_death, "access denied");
    x.reply[12] = 'X', x.reply[13] = 0x01, x.reply[14] = 'Z', x.reply[15] = 'Z';
    check_rejected(SntpErrc::kiss_of_death, "'X?ZZ'");
    CHECK(x.parse().kiss_code == "X?ZZ");
  }
  SECTION("a kiss that does not echo our timestamp is not believed") {
    x.reply[1] = 0;
    x.reply[12] = 'D', x.reply[13] = 'E', x.reply[14] = 'N', x.reply[15] = 'Y';
    put_be64(x.reply, 24, x.t1_ntp + 1);
    check_rejected(SntpErrc::bogus_origin, "does not match our transmit timestamp");
    CHECK(x.parse().kiss_code.empty());
  }
  SECTION("stratum 16") {
    x.reply[1] = 16;
    check_rejected(SntpErrc::bad_stratum, "stratum 16, expected 1..15");
    x.reply[1] = 255;
    check_rejected(SntpErrc::bad_stratum, "stratum 255");
  }
  SECTION("originate mismatch") {
    put_be64(x.reply, 24, 0x1122334455667788ULL);
    check_rejected(SntpErrc::bogus_origin, "originate timestamp 0x1122334455667788 does not match our transmit");
    put_be64(x.reply, 24, 0);
    check_rejected(SntpErrc::bogus_origin, "0x0000000000000000");
  }
  SECTION("zero transmit timestamp") {
    put_be64(x.reply, 40, 0);
    check_rejected(SntpErrc::zero_transmit, "transmit timestamp is 0");
  }
  SECTION("LI 3: unsynchronized") {
    x.reply[0] = 0xE4;
    check_rejected(SntpErrc::unsynchronized, "leap indicator 3");
  }
}

TEST_CASE("sntp: W32Time NtpServer value", "[collector][sntp]") {
  const auto e = parse_ntp_server_value("time.windows.com,0x1 other.host,0x9");
  REQUIRE(e.size() == 2);
  CHECK(e[0].host == "time.windows.com");
  CHECK(e[0].flags == 0x1U);
  CHECK(e[1].host == "other.host");
  CHECK(e[1].flags == 0x9U);
  CHECK(first_ntp_server("time.windows.com,0x1 other.host,0x9") == "time.windows.com");

  const auto f = parse_ntp_server_value("  \t10.0.0.1   b.example,8 c.example,0xZZ d.example, ,0x1 e.example,0XA\0\0"sv);
  REQUIRE(f.size() == 5);
  CHECK(f[0].host == "10.0.0.1");
  CHECK_FALSE(f[0].flags);
  CHECK(f[1].flags == 8U);
  CHECK_FALSE(f[2].flags);  // not a number
  CHECK(f[3].host == "d.example");
  CHECK_FALSE(f[3].flags);
  CHECK(f[4].host == "e.example");
  CHECK(f[4].flags == 0xAU);

  CHECK(parse_ntp_server_value("").empty());
  CHECK_FALSE(first_ntp_server(""));
  CHECK_FALSE(first_ntp_server("   "));
  CHECK_FALSE(first_ntp_server(",0x1"));
  CHECK(first_ntp_server(",0x1 second.example,0x1") == "second.example");
  CHECK_FALSE(parse_ntp_server_value("h,0x100000000")[0].flags);  // beyond 32 bits
}

TEST_CASE("sntp: HOST[:PORT]", "[collector][sntp]") {
  auto ok = [](std::string_view text, const std::string& host, std::uint16_t port) {
    const ParsedHostPort p = parse_host_port(text);
    CAPTURE(text, p.error);
    REQUIRE(p.value);
    CHECK(p.error.empty());
    CHECK(p.value->host == host);
    CHECK(p.value->port == port);
  };
  ok("time.windows.com", "time.windows.com", 123);
  ok("10.0.0.1:12300", "10.0.0.1", 12300);
  ok(" dc01.corp.local:1 ", "dc01.corp.local", 1);
  ok("h_1-x:65535", "h_1-x", 65535);
  {
    const ParsedHostPort p = parse_host_port("127.0.0.1", 12300);
    REQUIRE(p.value);
    CHECK(p.value->port == 12300);
  }

  auto bad = [](std::string_view text, const std::string& words) {
    const ParsedHostPort p = parse_host_port(text);
    CAPTURE(text);
    CHECK_FALSE(p.value);
    CHECK_THAT(p.error, Catch::Contains(words));
  };
  bad("", "NTP server is empty");
  bad("  ", "NTP server is empty");
  bad(":123", "host is empty");
  bad("h:", "port '' in 'h:' is not a number 1..65535");
  bad("h:0", "port '0'");
  bad("h:65536", "port '65536'");
  bad("h:123456", "port '123456'");
  bad("h:12a", "port '12a'");
  bad("h:-1", "port '-1'");
  bad("::1", "IPv6 addresses are not supported");
  bad("[::1]:123", "IPv6 addresses are not supported");
  bad("bad host", "not allowed in a host name: ' '");
  bad("h/x", "not allowed in a host name: '/'");
  bad(std::string(254, 'a'), "longer than 253");
}

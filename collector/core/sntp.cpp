#include "core/sntp.hpp"

#include <chrono>

#include "contract/civil_time.hpp"

namespace migready::collector::sntp {
namespace {

// Packet layout (RFC 4330 section 4), offsets in bytes, all fields big-endian.
constexpr std::size_t kOffFlags = 0;           // LI (2 bits) | VN (3 bits) | Mode (3 bits)
constexpr std::size_t kOffStratum = 1;
constexpr std::size_t kOffPoll = 2;            // int8, log2 s
constexpr std::size_t kOffPrecision = 3;       // int8, log2 s
constexpr std::size_t kOffRootDelay = 4;       // int32, 16.16 s
constexpr std::size_t kOffRootDispersion = 8;  // uint32, 16.16 s
constexpr std::size_t kOffReferenceId = 12;    // 4 bytes
constexpr std::size_t kOffReference = 16;      // NTP timestamp: when the server's clock was last set
constexpr std::size_t kOffOriginate = 24;      // NTP timestamp: the client's transmit, echoed (T1)
constexpr std::size_t kOffReceive = 32;        // NTP timestamp: request arrived at the server (T2)
constexpr std::size_t kOffTransmit = 40;       // NTP timestamp: reply left the server (T3)

constexpr unsigned kModeClient = 3;
constexpr unsigned kModeServer = 4;
constexpr unsigned kLeapUnsynchronized = 3;
constexpr unsigned kMaxStratum = 15;

constexpr std::uint64_t kTicksPerSecond = 10000000;     // FILETIME ticks
constexpr std::uint64_t kSecondsFrom1601To1970 = 134774ULL * 86400;
// The Gregorian calendar's period: 400 years are exactly 146097 days, which <chrono>'s average year encodes.
constexpr auto kSecondsPer400Years = static_cast<std::uint64_t>(std::chrono::seconds(std::chrono::years(400)).count());
constexpr std::uint64_t kFractionMask = 0xFFFFFFFFULL;
constexpr std::uint64_t kHalfFraction = 0x80000000ULL;

std::uint32_t read_be32(std::span<const std::uint8_t> p, std::size_t offset) {
  return (static_cast<std::uint32_t>(p[offset]) << 24) | (static_cast<std::uint32_t>(p[offset + 1]) << 16) |
         (static_cast<std::uint32_t>(p[offset + 2]) << 8) | static_cast<std::uint32_t>(p[offset + 3]);
}

std::uint64_t read_be64(std::span<const std::uint8_t> p, std::size_t offset) {
  return (static_cast<std::uint64_t>(read_be32(p, offset)) << 32) | read_be32(p, offset + 4);
}

// A signed count of 2^-32 s split as floor seconds and a non-negative fraction, scaled to `per_second`
// units with the fraction rounded to nearest.
std::int64_t scale_ntp_units(std::int64_t units, std::int64_t per_second) {
  const std::int64_t seconds = units >> 32;  // arithmetic shift: floor (defined since C++20)
  const std::uint64_t fraction = static_cast<std::uint64_t>(units) & kFractionMask;
  const std::uint64_t scaled = (fraction * static_cast<std::uint64_t>(per_second) + kHalfFraction) >> 32;
  return seconds * per_second + static_cast<std::int64_t>(scaled);
}

// A 16.16 fixed-point number of seconds in microseconds, rounded to nearest.
std::int64_t short_format_us(std::int64_t value) { return (value * 1000000 + 0x8000) >> 16; }

std::string hex64(std::uint64_t v) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out = "0x";
  for (int shift = 60; shift >= 0; shift -= 4) out += kDigits[(v >> shift) & 0xF];
  return out;
}

// Four bytes as ASCII up to the first NUL; anything unprintable becomes '?'.
std::string ascii_code(std::span<const std::uint8_t> p, std::size_t offset) {
  std::string out;
  for (std::size_t i = 0; i < 4; ++i) {
    const std::uint8_t c = p[offset + i];
    if (c == 0) break;
    out += (c >= 0x20 && c < 0x7F) ? static_cast<char>(c) : '?';
  }
  return out;
}

std::string dotted(std::span<const std::uint8_t> p, std::size_t offset) {
  return std::to_string(p[offset]) + "." + std::to_string(p[offset + 1]) + "." + std::to_string(p[offset + 2]) +
         "." + std::to_string(p[offset + 3]);
}

const char* mode_name(unsigned mode) {
  switch (mode) {
    case 0: return "reserved";
    case 1: return "symmetric active";
    case 2: return "symmetric passive";
    case 3: return "client";
    case 4: return "server";
    case 5: return "broadcast";
    case 6: return "control";
    default: return "private";
  }
}

std::string kiss_meaning(std::string_view code) {
  if (code == "RATE") return "rate exceeded: we asked too often";
  if (code == "DENY") return "access denied by the server";
  if (code == "RSTR") return "access restricted by the server";
  if (code == "INIT") return "the server has not yet synchronized";
  if (code == "STEP") return "the server's clock is being stepped";
  return "";
}

SntpOutcome fail(SntpErrc errc, std::string message) {
  SntpOutcome out;
  out.errc = errc;
  out.error = std::move(message);
  return out;
}

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\0'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

std::optional<std::uint32_t> parse_flags(std::string_view text) {
  unsigned base = 10;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
    base = 16;
    text.remove_prefix(2);
  }
  if (text.empty()) return std::nullopt;
  std::uint64_t value = 0;
  for (const char c : text) {
    unsigned digit = 0;
    if (c >= '0' && c <= '9') digit = static_cast<unsigned>(c - '0');
    else if (base == 16 && c >= 'a' && c <= 'f') digit = static_cast<unsigned>(c - 'a' + 10);
    else if (base == 16 && c >= 'A' && c <= 'F') digit = static_cast<unsigned>(c - 'A' + 10);
    else return std::nullopt;
    value = value * base + digit;
    if (value > 0xFFFFFFFFULL) return std::nullopt;
  }
  return static_cast<std::uint32_t>(value);
}

bool host_char_ok(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-' ||
         c == '_';
}

}  // namespace

std::uint64_t ntp_from_filetime(std::uint64_t filetime) {
  // Seconds and ticks relative to 1900, floor-split so the remainder is non-negative; the seconds are kept
  // modulo 2^32 by the shift, which is the era wrap.
  std::uint64_t seconds = 0;
  std::uint64_t rem = 0;
  if (filetime >= kNtpEpochFiletime) {
    const std::uint64_t d = filetime - kNtpEpochFiletime;
    seconds = d / kTicksPerSecond;
    rem = d % kTicksPerSecond;
  } else {
    const std::uint64_t d = kNtpEpochFiletime - filetime;
    const std::uint64_t q = d / kTicksPerSecond;
    const std::uint64_t r = d % kTicksPerSecond;
    seconds = 0 - (r == 0 ? q : q + 1);
    rem = r == 0 ? 0 : kTicksPerSecond - r;
  }
  const std::uint64_t fraction = ((rem << 32) + kTicksPerSecond / 2) / kTicksPerSecond;
  return (seconds << 32) + fraction;
}

std::uint64_t filetime_from_ntp(std::uint64_t ntp, std::uint64_t pivot_filetime) {
  const auto diff = static_cast<std::int64_t>(ntp - ntp_from_filetime(pivot_filetime));
  const std::int64_t ticks = scale_ntp_units(diff, static_cast<std::int64_t>(kTicksPerSecond));
  if (ticks < 0 && static_cast<std::uint64_t>(-ticks) > pivot_filetime) return 0;
  return pivot_filetime + static_cast<std::uint64_t>(ticks);
}

std::int64_t ntp_difference_us(std::uint64_t a, std::uint64_t b) {
  return scale_ntp_units(static_cast<std::int64_t>(a - b), 1000000);
}

CivilTime civil_from_filetime(std::uint64_t filetime) {
  // contract::civil_from_unix covers years up to 32767 and a FILETIME reaches 60056, so whole 400-year
  // Gregorian cycles since 1601 are set aside and added back to the year: every date converted lies in
  // 1601..2000.
  const std::uint64_t seconds = filetime / kTicksPerSecond;
  const std::uint64_t cycles = seconds / kSecondsPer400Years;
  const std::int64_t unix_seconds =
      static_cast<std::int64_t>(seconds % kSecondsPer400Years) - static_cast<std::int64_t>(kSecondsFrom1601To1970);
  const contract::CivilTime c = contract::civil_from_unix(unix_seconds);
  CivilTime t;
  t.year = static_cast<unsigned>(c.year) + static_cast<unsigned>(cycles) * 400;
  t.month = c.month;
  t.day = c.day;
  t.hour = c.hour;
  t.minute = c.minute;
  t.second = c.second;
  t.millisecond = static_cast<unsigned>(filetime % kTicksPerSecond / 10000);
  return t;
}

std::array<std::uint8_t, kPacketSize> build_request(std::uint64_t transmit_ntp, unsigned version) {
  if (version != 3 && version != 4) version = 4;
  std::array<std::uint8_t, kPacketSize> packet{};
  packet[kOffFlags] = static_cast<std::uint8_t>((version << 3) | kModeClient);  // LI 0
  for (std::size_t i = 0; i < 8; ++i) {
    packet[kOffTransmit + i] = static_cast<std::uint8_t>(transmit_ntp >> (56 - 8 * i));
  }
  return packet;
}

OffsetDelay compute_offset_delay(std::uint64_t t1, std::uint64_t t2, std::uint64_t t3, std::uint64_t t4) {
  OffsetDelay r;
  const std::int64_t sum = ntp_difference_us(t2, t1) + ntp_difference_us(t3, t4);
  r.offset_us = sum / 2;  // truncates toward zero: at most 0.5 us off
  r.delay_us = ntp_difference_us(t4, t1) - ntp_difference_us(t3, t2);
  return r;
}

const char* sntp_errc_name(SntpErrc errc) noexcept {
  switch (errc) {
    case SntpErrc::ok: return "ok";
    case SntpErrc::short_reply: return "short_reply";
    case SntpErrc::bad_version: return "bad_version";
    case SntpErrc::bad_mode: return "bad_mode";
    case SntpErrc::bogus_origin: return "bogus_origin";
    case SntpErrc::kiss_of_death: return "kiss_of_death";
    case SntpErrc::bad_stratum: return "bad_stratum";
    case SntpErrc::unsynchronized: return "unsynchronized";
    case SntpErrc::zero_transmit: return "zero_transmit";
    case SntpErrc::bad_argument: return "bad_argument";
    case SntpErrc::resolve_failed: return "resolve_failed";
    case SntpErrc::network: return "network";
    case SntpErrc::timeout: return "timeout";
  }
  return "unknown";
}

SntpOutcome parse_reply(std::span<const std::uint8_t> reply, std::uint64_t sent_transmit_ntp,
                        std::uint64_t received_filetime) {
  if (reply.size() < kPacketSize) {
    return fail(SntpErrc::short_reply,
                "reply is " + std::to_string(reply.size()) + " bytes, expected at least " +
                    std::to_string(kPacketSize));
  }
  const unsigned flags = reply[kOffFlags];
  const unsigned leap = flags >> 6;
  const unsigned version = (flags >> 3) & 0x7U;
  const unsigned mode = flags & 0x7U;
  const unsigned stratum = reply[kOffStratum];
  if (version < 1 || version > 4) {
    return fail(SntpErrc::bad_version, "reply has version " + std::to_string(version) + ", expected 1..4");
  }
  if (mode != kModeServer) {
    return fail(SntpErrc::bad_mode, "reply has mode " + std::to_string(mode) + " (" + mode_name(mode) +
                                        "), expected 4 (server)");
  }
  const std::uint64_t originate = read_be64(reply, kOffOriginate);
  if (originate != sent_transmit_ntp) {
    return fail(SntpErrc::bogus_origin, "reply's originate timestamp " + hex64(originate) +
                                            " does not match our transmit timestamp " +
                                            hex64(sent_transmit_ntp) + " (a late, duplicated or forged reply)");
  }
  if (stratum == 0) {
    const std::string code = ascii_code(reply, kOffReferenceId);
    const std::string meaning = kiss_meaning(code);
    SntpOutcome out = fail(SntpErrc::kiss_of_death, "server sent kiss-o'-death '" + code + "' (stratum 0)" +
                                                        (meaning.empty() ? "" : ": " + meaning));
    out.kiss_code = code;
    return out;
  }
  if (stratum > kMaxStratum) {
    return fail(SntpErrc::bad_stratum, "reply has stratum " + std::to_string(stratum) +
                                           ", expected 1..15 (16 and above: the server is unsynchronized)");
  }
  if (leap == kLeapUnsynchronized) {
    return fail(SntpErrc::unsynchronized, "server's clock is not synchronized (leap indicator 3)");
  }
  const std::uint64_t t3 = read_be64(reply, kOffTransmit);
  if (t3 == 0) return fail(SntpErrc::zero_transmit, "reply's transmit timestamp is 0");

  const std::uint64_t t2 = read_be64(reply, kOffReceive);
  const std::uint64_t t4 = ntp_from_filetime(received_filetime);
  const OffsetDelay od = compute_offset_delay(sent_transmit_ntp, t2, t3, t4);

  SntpSample s;
  s.offset_us = od.offset_us;
  s.delay_us = od.delay_us;
  s.stratum = stratum;
  s.leap = leap;
  s.version = version;
  s.poll_log2 = static_cast<std::int8_t>(reply[kOffPoll]);
  s.precision_log2 = static_cast<std::int8_t>(reply[kOffPrecision]);
  s.reference_id = stratum == 1 ? ascii_code(reply, kOffReferenceId) : dotted(reply, kOffReferenceId);
  s.root_delay_us = short_format_us(static_cast<std::int32_t>(read_be32(reply, kOffRootDelay)));
  s.root_dispersion_us = short_format_us(static_cast<std::int64_t>(read_be32(reply, kOffRootDispersion)));
  s.server_transmit_filetime = filetime_from_ntp(t3, received_filetime);
  s.server_transmit_utc = civil_from_filetime(s.server_transmit_filetime);
  const std::uint64_t reference = read_be64(reply, kOffReference);
  s.reference_filetime = reference == 0 ? 0 : filetime_from_ntp(reference, received_filetime);

  SntpOutcome out;
  out.sample = std::move(s);
  return out;
}

std::vector<NtpServerEntry> parse_ntp_server_value(std::string_view value) {
  std::vector<NtpServerEntry> entries;
  std::size_t i = 0;
  while (i < value.size()) {
    while (i < value.size() && is_blank(value[i])) ++i;
    std::size_t end = i;
    while (end < value.size() && !is_blank(value[end])) ++end;
    const std::string_view token = value.substr(i, end - i);
    i = end;
    if (token.empty()) continue;
    const std::size_t comma = token.find(',');
    const std::string_view host = token.substr(0, comma);
    if (host.empty()) continue;
    NtpServerEntry entry{std::string(host), std::nullopt};
    if (comma != std::string_view::npos) entry.flags = parse_flags(token.substr(comma + 1));
    entries.push_back(std::move(entry));
  }
  return entries;
}

std::optional<std::string> first_ntp_server(std::string_view value) {
  std::vector<NtpServerEntry> entries = parse_ntp_server_value(value);
  if (entries.empty()) return std::nullopt;
  return std::move(entries.front().host);
}

ParsedHostPort parse_host_port(std::string_view text, std::uint16_t default_port) {
  ParsedHostPort out;
  std::string quoted(1, '\'');  // appended, not "'" + std::string: GCC 12 -O3 -Wrestrict false positive
  quoted.append(text).push_back('\'');
  text = trim(text);
  if (text.empty()) {
    out.error = "NTP server is empty";
    return out;
  }
  const std::size_t colon = text.find(':');
  if (text.front() == '[' || (colon != std::string_view::npos && text.find(':', colon + 1) != std::string_view::npos)) {
    out.error = "IPv6 addresses are not supported: " + quoted;
    return out;
  }
  const std::string_view host = text.substr(0, colon);
  HostPort hp{std::string(host), default_port};
  if (host.empty()) {
    out.error = "host is empty in " + quoted;
    return out;
  }
  if (host.size() > 253) {
    out.error = "host is longer than 253 characters in " + quoted;
    return out;
  }
  for (const char c : host) {
    if (!host_char_ok(c)) {
      out.error = "host in " + quoted + " has a character not allowed in a host name: '" + std::string(1, c) + "'";
      return out;
    }
  }
  if (colon != std::string_view::npos) {
    const std::string_view port = text.substr(colon + 1);
    unsigned value = 0;
    bool ok = !port.empty() && port.size() <= 5;
    for (const char c : port) {
      if (c < '0' || c > '9') {
        ok = false;
        break;
      }
      value = value * 10 + static_cast<unsigned>(c - '0');
    }
    if (!ok || value < 1 || value > 65535) {
      out.error = "port '" + std::string(port) + "' in " + quoted + " is not a number 1..65535";
      return out;
    }
    hp.port = static_cast<std::uint16_t>(value);
  }
  out.value = std::move(hp);
  return out;
}

}  // namespace migready::collector::sntp

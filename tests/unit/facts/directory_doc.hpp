// The api.directory document the facts and rules tests build on: tests/fixtures/directory/sbs01.json (the
// unprepared sample's directory.json: SBS01 in contoso.local with a Windows 2000 DC, OLDSRV, Exchange 2003 SP1
// Standard with a store near 16 GB), the registry and ipconfig beside it, and an Application log of the
// Information Store's size events.
#pragma once

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <string>
#include <vector>

#include "core/json.hpp"
#include "facts_test_util.hpp"

namespace migready::test::directory_doc {

using namespace migready::test::facts_util;

inline json::Document base_doc() {
  json::Document d;
  d.Parse(test::read_file(MIGREADY_FIXTURES_DIR "/directory/sbs01.json").c_str());
  REQUIRE_FALSE(d.HasParseError());
  return d;
}

inline std::string dump(const json::Value& v) {
  json::StringBuffer sb;
  json::Writer<json::StringBuffer> w(sb);
  v.Accept(w);
  return sb.GetString();
}

inline const std::string kIpconfig =
    "\r\nWindows IP Configuration\r\n\r\n   Host Name . . . . . . . . . . . . : sbs01\r\n\r\n"
    "Ethernet adapter LAN:\r\n\r\n"
    "   Description . . . . . . . . . . . : NIC A\r\n"
    "   IP Address. . . . . . . . . . . . : 192.168.16.2\r\n"
    "   Subnet Mask . . . . . . . . . . . : 255.255.255.0\r\n"
    "   Default Gateway . . . . . . . . . : 192.168.16.3\r\n\r\n"
    "Ethernet adapter WAN:\r\n\r\n"
    "   Description . . . . . . . . . . . : NIC B\r\n"
    "   IP Address. . . . . . . . . . . . : 203.0.113.10\r\n"
    "   Subnet Mask . . . . . . . . . . . : 255.255.255.0\r\n"
    "   Default Gateway . . . . . . . . . : \r\n";

// SBS 2003 with Exchange 2003 SP1, and the two stores' registry keys (no size limit set).
inline const std::string kSoftware = kSw + "Microsoft\\SmallBusinessServer]\n\"Dummy\"=dword:00000001\n\n" + kSw +
                              "Microsoft\\Exchange\\Setup]\n\"ServicePackNumber\"=dword:00000001\n";
inline const std::string kSystem =
    kSys + "Services\\MSExchangeIS\\SBS01\\Private-5C3A0E8B-7D1F-4A2E-9B6C-0D4E8F1A2B3C]\n\"X\"=dword:00000000\n\n" +
    kSys + "Services\\MSExchangeIS\\SBS01\\Public-9E1D4F7A-2C5B-4E8D-A1F3-6B7C8D9E0F12]\n\"X\"=dword:00000000\n";

inline test::BundleBuilder dir_bundle(const std::string& directory_json, const std::string& software = kSoftware,
                           const std::string& system = kSystem) {
  test::BundleBuilder b;
  add_software(b, software);
  add_system(b, system);
  add(b, "command.ipconfig_all", "commands/ipconfig_all.txt", "command", "text", kIpconfig);
  add(b, "api.directory", "system/directory.json", "api", "json", directory_json);
  return b;
}

inline facts::Facts build_doc(const json::Document& d) { return build(dir_bundle(dump(d))); }

inline const json::Value& store_named(const facts::Facts& f, const std::string& name) {
  const auto* s = find_by(value(f, "exchange.stores"), "name", name);
  INFO(name);
  REQUIRE(s != nullptr);
  return *s;
}

// An Application .evt (NT 5.x, not wrapped) holding `records`, laid out as test_evt.cpp documents it.
struct AppEvent {
  std::uint32_t time;
  std::uint16_t event_id;
  std::uint16_t type;  // 1 error, 2 warning, 4 information
  std::string source;
  std::vector<std::string> strings;
};

inline std::string application_evt(const std::vector<AppEvent>& records) {
  auto put32 = [](std::string& b, std::size_t at, std::uint32_t v) {
    for (std::size_t i = 0; i < 4; ++i) b[at + i] = static_cast<char>((v >> (8 * i)) & 0xFF);
  };
  auto add32 = [&](std::string& b, std::uint32_t v) {
    b.append(4, '\0');
    put32(b, b.size() - 4, v);
  };
  auto utf16z = [](std::string& b, const std::string& ascii) {
    for (char c : ascii) { b.push_back(c); b.push_back('\0'); }
    b.append(2, '\0');
  };
  auto pad4 = [](std::string& b) { while (b.size() % 4 != 0) b.push_back('\0'); };
  std::string body;
  std::uint32_t number = 1;
  for (const auto& e : records) {
    std::string r(0x38, '\0');
    put32(r, 0x04, 0x654c664c);
    put32(r, 0x08, number);
    put32(r, 0x0C, e.time);
    put32(r, 0x10, e.time);
    put32(r, 0x14, e.event_id | (e.type == 1 ? 0xC0000000u : e.type == 2 ? 0x80000000u : 0x40000000u));
    r[0x18] = static_cast<char>(e.type);
    r[0x1A] = static_cast<char>(e.strings.size());
    put32(r, 0x20, number);
    utf16z(r, e.source);
    utf16z(r, "SBS01");
    pad4(r);
    put32(r, 0x24, static_cast<std::uint32_t>(r.size()));
    for (const auto& s : e.strings) utf16z(r, s);
    pad4(r);
    add32(r, static_cast<std::uint32_t>(r.size() + 4));
    put32(r, 0x00, static_cast<std::uint32_t>(r.size()));
    body += r;
    ++number;
  }
  const auto end = static_cast<std::uint32_t>(0x30 + body.size());
  std::string eof;
  for (std::uint32_t v : {0x28u, 0x11111111u, 0x22222222u, 0x33333333u, 0x44444444u, 0x30u, end, number, 1u, 0x28u}) {
    add32(eof, v);
  }
  std::string file(0x30, '\0');
  const auto size = static_cast<std::uint32_t>(0x30 + body.size() + eof.size());
  std::uint32_t header[] = {0x30, 0x654c664c, 1, 1, 0x30, end, number, 1, size, 0, 0, 0x30};
  for (std::size_t i = 0; i < 12; ++i) put32(file, 4 * i, header[i]);
  return file + body + eof;
}

// The collection starts at 2026-11-25T14:30:05Z (1795617005).
inline constexpr std::uint32_t k20261115_0500 = 1794718812;  // 2026-11-15T05:00:12Z
inline constexpr std::uint32_t k20261123_0500 = 1795410011;  // 2026-11-23T05:00:11Z
inline constexpr std::uint32_t k20261124_0100 = 1795482001;  // 2026-11-24T01:00:01Z
inline constexpr std::uint32_t k20261125_0500 = 1795582812;  // 2026-11-25T05:00:12Z
inline constexpr std::uint32_t k20261020_0500 = 1792472400;  // 2026-10-20T05:00:00Z, before the 30 days

// The base document with the unprepared sample's Application log of Information Store size events: the
// mailbox store over its limit (9690) and near it (9688), the public store near it, a store only the log names.
inline test::BundleBuilder size_events_bundle() {
  const std::string mailbox = "First Storage Group\\Mailbox Store (SBS01)";
  auto b = dir_bundle(dump(base_doc()));
  add(b, "eventlog.application", "eventlogs/Application.evt", "event_log", "evt",
      application_evt({
          {k20261020_0500, 9690, 1, "MSExchangeIS Mailbox Store", {mailbox, "17", "16"}},       // too old
          {k20261115_0500, 9689, 1, "MSExchangeIS Mailbox Store", {mailbox, "17", "16"}},       // a later check passed
          {k20261123_0500, 9688, 1, "MSExchangeIS Mailbox Store", {mailbox, "15", "16"}},       // current
          {k20261124_0100, 1221, 4, "MSExchangeIS Mailbox Store", {mailbox, "7350"}},
          {k20261124_0100, 1221, 4, "MSExchangeIS Public Store", {"Public Folder Store (SBS01)", "1,240"}},
          {k20261125_0500, 9690, 1, "MSExchangeIS Mailbox Store", {mailbox, "17", "16"}},       // current
          {k20261125_0500, 9688, 2, "MSExchangeIS Public Store", {"Public Folder Store (SBS01)", "1", "16"}},
          {k20261125_0500, 1112, 1, "MSExchangeIS", {"Mailbox Store (OTHER)"}},                 // no such store
          {k20261125_0500, 9689, 1, "MSExchangeSA", {mailbox}},                                 // not the store's
      }),
      "Application");
  return b;
}

}  // namespace migready::test::directory_doc

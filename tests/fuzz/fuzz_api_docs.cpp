// libFuzzer target: the analyzer's facts from the collector's API documents (system/*.json), the customer's
// JSON that facts_api.cpp, facts_directory.cpp, facts_file_versions.cpp, facts_restart.cpp, facts_exchange.cpp,
// facts_services.cpp, health.cpp (the replication document), network.cpp (api.network, cross-checked against
// the ipconfig text below) and certificates.cpp (api.certificates) read.
//
// Input: the first byte picks the artifact (its value modulo 10, in the order of kApiDocs below, which is the
// order of contract/artifacts.hpp); the rest is that document's bytes. Each input becomes a real bundle (zip
// written by tests/support's BundleBuilder, read back by bundle::open_bundle_memory) holding that document
// plus a fixed small SYSTEM and SOFTWARE .reg, an ipconfig /all and a repadmin /showrepl text, so the joins
// run: the directory's Exchange stores against the registry's, file versions against the installed products,
// the live volatile keys against the hive, the directory's FQDN addresses against the adapters, HARDWARE's
// hint, the replication neighbors against repadmin's. Then every fact is built, as `migready facts` does
// (facts::build_facts), and the result is walked: each fact must be a well-formed leaf (status, source,
// value or reason), and the document must serialize to valid UTF-8.
//
// Seeds (scripts/fuzz): samples/*/system/*.json and tests/fixtures/directory/*.json with their selector byte.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.hpp"
#include "bundle/bundle.hpp"
#include "contract/artifacts.hpp"
#include "core/text.hpp"
#include "facts/facts.hpp"
#include "support/bundle_builder.hpp"

using namespace migready;

namespace {

// The API documents, by selector byte. Every api.* row of the contract must be here (checked below).
constexpr std::string_view kApiDocs[] = {
    "api.services",          "api.volumes",     "api.hardware", "api.time",   "api.directory", "api.file_versions",
    "api.volatile_registry", "api.replication", "api.network", "api.certificates"};

constexpr std::size_t api_rows() {
  std::size_t n = 0;
  for (const auto& spec : contract::kArtifacts) n += spec.kind == contract::Kind::api ? 1 : 0;
  return n;
}
// Searched by hand, not with find_artifact: GCC's sanitizers make its pointer result non-constant here.
constexpr bool all_known() {
  for (auto id : kApiDocs) {
    bool known = false;
    for (const auto& spec : contract::kArtifacts) {
      known = known || (spec.id == id && spec.kind == contract::Kind::api);
    }
    if (!known) return false;
  }
  return true;
}
static_assert(api_rows() == std::size(kApiDocs), "a new api.* artifact: add it to kApiDocs and its seeds to scripts/fuzz");
static_assert(all_known(), "kApiDocs names an id that is not an api.* row of contract/artifacts.hpp");

// ASCII as UTF-16LE with a BOM and CRLF line ends, as regedit writes a .reg file.
std::string utf16(std::string_view ascii) {
  std::string out = "\xFF\xFE";
  for (char c : ascii) {
    if (c == '\n') out.append("\r\0", 2);
    out += c;
    out += '\0';
  }
  return out;
}

// SBS 2003 with Exchange 2003 SP2 (Standard, so store limits apply), WSS 2.0, MSXML 6.0's Uninstall entry (the
// stand-in api.file_versions replaces) and a non-volatile UpdateExeVolatile (the marker api.volatile_registry
// overrides).
constexpr std::string_view kSoftware = R"reg(Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\SmallBusinessServer]
"ServicePackNumber"=dword:00000001

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Exchange\Setup]
"ServicePackNumber"=dword:00000002
"Services"="C:\\Program Files\\Exchsrvr"

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Shared Tools\Web Server Extensions\6.0]
"Location"="C:\\Program Files\\Common Files\\Microsoft Shared\\web server extensions\\60"

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\CurrentVersion\Uninstall\{AEB9948B-4FF2-47C9-990E-47014492A0FE}]
"DisplayName"="MSXML 6.0 Parser (KB927977)"
"DisplayVersion"="6.10.1129.0"

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows NT\CurrentVersion]
"ProductName"="Microsoft Windows Server 2003"
"CSDVersion"="Service Pack 2"

[HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Updates]
"UpdateExeVolatile"=dword:00000001
)reg";

// SBS01's two Exchange stores (one with a size limit), as the directory seeds name them; its SYSVOL and FRS
// replica set (what the sysvol part is judged against).
constexpr std::string_view kSystem = R"reg(Windows Registry Editor Version 5.00

[HKEY_LOCAL_MACHINE\SYSTEM\Select]
"Current"=dword:00000001

[HKEY_LOCAL_MACHINE\SYSTEM\ControlSet001\Control\ProductOptions]
"ProductType"="LanmanNT"

[HKEY_LOCAL_MACHINE\SYSTEM\ControlSet001\Services\MSExchangeIS\SBS01\Private-5C3A0E8B-7D1F-4A2E-9B6C-0D4E8F1A2B3C]
"Database Size Limit in Gb"=dword:00000021

[HKEY_LOCAL_MACHINE\SYSTEM\ControlSet001\Services\MSExchangeIS\SBS01\Public-9E1D4F7A-2C5B-4E8D-A1F3-6B7C8D9E0F12]
"X"=dword:00000000

[HKEY_LOCAL_MACHINE\SYSTEM\ControlSet001\Services\Netlogon\Parameters]
"SysVol"="C:\\WINDOWS\\SYSVOL\\sysvol"

[HKEY_LOCAL_MACHINE\SYSTEM\ControlSet001\Services\NtFrs\Parameters\Replica Sets\{5E5F4C4B-9B2B-4F34-A71F-C2D1C4A52E39}]
"Replica Set Root"="C:\\WINDOWS\\SYSVOL\\domain"
"Replica Set Stage"="C:\\WINDOWS\\SYSVOL\\staging\\domain"
)reg";

constexpr std::string_view kIpconfig =
    "\r\nWindows IP Configuration\r\n\r\n   Host Name . . . . . . . . . . . . : sbs01\r\n\r\n"
    "Ethernet adapter LAN:\r\n\r\n"
    "   Description . . . . . . . . . . . : NIC A\r\n"
    "   IP Address. . . . . . . . . . . . : 192.168.16.2\r\n"
    "   Subnet Mask . . . . . . . . . . . : 255.255.255.0\r\n"
    "   Default Gateway . . . . . . . . . : 192.168.16.1\r\n\r\n"
    "Ethernet adapter WAN:\r\n\r\n"
    "   Description . . . . . . . . . . . : NIC B\r\n"
    "   IP Address. . . . . . . . . . . . : 203.0.113.10\r\n"
    "   Subnet Mask . . . . . . . . . . . : 255.255.255.0\r\n"
    "   Default Gateway . . . . . . . . . : \r\n";

// One failing neighbor in two naming contexts (samples/sbs2003-unprepared's dead DC, shortened).
constexpr std::string_view kShowrepl =
    "Default-First-Site-Name\\SBS01\r\nDC Options: IS_GC \r\n\r\n"
    "==== INBOUND NEIGHBORS ======================================\r\n\r\n"
    "DC=contoso,DC=local\r\n    Default-First-Site-Name\\OLDSRV via RPC\r\n"
    "        DC object GUID: 5a8e1f3c-2d4b-4c6a-9e7f-1b2c3d4e5f60\r\n"
    "        Last attempt @ 2026-11-25 15:00:01 failed, result 1722 (0x6ba):\r\n"
    "            The RPC server is unavailable.\r\n        2470 consecutive failure(s).\r\n"
    "        Last success @ 2026-08-14 21:32:10.\r\n\r\n"
    "CN=Configuration,DC=contoso,DC=local\r\n    Default-First-Site-Name\\OLDSRV via RPC\r\n"
    "        DC object GUID: 5a8e1f3c-2d4b-4c6a-9e7f-1b2c3d4e5f60\r\n"
    "        Last attempt @ 2026-11-25 15:00:01 was successful.\r\n";

[[noreturn]] void fail(const char* what, const std::string& where) {
  std::fprintf(stderr, "fuzz_api_docs: %s at %s\n", what, where.c_str());
  std::abort();
}

// Every fact is a leaf {status, source, value} (present) or {status, source, reason}; every other node of the
// tree is an object of such leaves or nodes. Iterative: the tree's depth is the facts' dotted paths only, but a
// present value copied from the document may be nested.
void walk(const json::Value& root) {
  std::vector<std::pair<const json::Value*, std::string>> stack{{&root, ""}};
  while (!stack.empty()) {
    auto [node, path] = stack.back();
    stack.pop_back();
    if (!node->IsObject()) fail("a facts node that is not an object", path);
    auto status = node->FindMember("status");
    if (status == node->MemberEnd()) {
      for (auto m = node->MemberBegin(); m != node->MemberEnd(); ++m) {
        stack.emplace_back(&m->value, path + "." + std::string(m->name.GetString(), m->name.GetStringLength()));
      }
      continue;
    }
    if (!status->value.IsString()) fail("a status that is not a string", path);
    const std::string_view s(status->value.GetString(), status->value.GetStringLength());
    auto source = node->FindMember("source");
    if (source == node->MemberEnd() || !source->value.IsString()) fail("a fact without a source", path);
    if (s == "present") {
      if (!node->HasMember("value")) fail("a present fact without a value", path);
    } else if (s == "missing" || s == "collection_failed" || s == "parse_failed") {
      auto reason = node->FindMember("reason");
      if (reason == node->MemberEnd() || !reason->value.IsString()) fail("an unavailable fact without a reason", path);
      if (node->HasMember("value")) fail("an unavailable fact with a value", path);
    } else {
      fail("an unknown status", path);
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const auto* spec = contract::find_artifact(kApiDocs[data[0] % std::size(kApiDocs)]);
  const std::string doc(reinterpret_cast<const char*>(data) + 1, size - 1);

  test::BundleBuilder builder;
  builder.manifest()["format_version"] = "1.1";
  builder.add_artifact("registry.software", "registry/SOFTWARE.reg", "registry", "reg", utf16(kSoftware),
                       "HKEY_LOCAL_MACHINE\\SOFTWARE");
  builder.add_artifact("registry.system", "registry/SYSTEM.reg", "registry", "reg", utf16(kSystem),
                       "HKEY_LOCAL_MACHINE\\SYSTEM");
  builder.add_artifact("command.ipconfig_all", "commands/ipconfig_all.txt", "command", "text", std::string(kIpconfig),
                       "ipconfig /all");
  builder.add_artifact("command.repadmin_showrepl", "commands/repadmin_showrepl.txt", "command", "text",
                       std::string(kShowrepl), "repadmin /showrepl");
  builder.add_artifact(std::string(spec->id), std::string(spec->path), "api", "json", doc, std::string(spec->what));

  Diagnostics diags;
  auto bundle = bundle::open_bundle_memory(builder.zip(), "fuzz.zip", bundle::Limits{}, diags);
  if (!bundle) fail("the fixed bundle does not open", bundle.error().to_string());
  if (bundle->entry_bytes(*bundle->artifact(spec->id)) == nullptr) fail("the document is not verified", std::string(spec->id));

  const facts::Facts facts = facts::build_facts(*bundle, diags);
  walk(facts.document());
  const std::string json = facts.to_json(false);
  if (json.empty()) fail("an empty facts document", std::string(spec->id));
  // Facts and reports are UTF-8: invalid bytes in a document must be refused, never copied through.
  if (text::sanitize_utf8(json).lossy) fail("facts that are not valid UTF-8", std::string(spec->id));
  return 0;
}

// parse_systeminfo: `systeminfo` output (decoded to UTF-8) to typed host facts.
//
// Sample input (Windows Server 2003 SBS, trimmed; tests/fixtures/systeminfo/sbs2003-vmware.txt):
//
//   Host Name:                 SBS01
//   OS Name:                   Microsoft(R) Windows(R) Server 2003 for Small Business Server
//   OS Version:                5.2.3790 Service Pack 2 Build 3790
//   OS Configuration:          Primary Domain Controller
//   System Up Time:            12 Days, 3 Hours, 41 Minutes, 7 Seconds
//   System Manufacturer:       VMware, Inc.
//   System Model:              VMware Virtual Platform
//   BIOS Version:              INTEL  - 6040000
//   Time Zone:                 (GMT+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna
//   Total Physical Memory:     4,095 MB
//   Available Physical Memory: 2,113 MB
//   Domain:                    contoso.local
//   Logon Server:              \\SBS01
//   Hotfix(s):                 3 Hotfix(s) Installed.
//                              [01]: File 1
//                              [02]: Q147222
//                              [03]: KB925398 - Update
//   Network Card(s):           1 NIC(s) Installed.
//                              [01]: Intel(R) PRO/1000 MT Network Connection
//                                    Connection Name: Server Local Area Connection
//                                    DHCP Enabled:    No
//                                    IP address(es)
//                                    [01]: 192.168.16.2
//
// Output: host_name "SBS01", os_version_number "5.2.3790", os_build 3790, service_pack 2,
// os_configuration "Primary Domain Controller", up_time "12 Days, 3 Hours, 41 Minutes, 7 Seconds" (boot_time
// empty: 2003 prints no boot time), hypervisor "VMware", total_physical_memory_mb 4095,
// available_physical_memory_mb 2113, logon_server "\\SBS01", hotfix_count 3, hotfixes ["File 1", "Q147222",
// "KB925398"] (the text before " - "), one network card {description "Intel(R) PRO/1000 MT Network
// Connection", connection_name "Server Local Area Connection", dhcp_enabled false, ip_addresses
// ["192.168.16.2"]}.
//
// Layouts: XP / Server 2003 ("System Up Time", "Page File: Max Size", "NetWork Card(s)", hotfix lines with
// " - Update" suffixes and "File 1" placeholders) through Windows 10 / Server 2022 ("System Boot Time",
// "Virtual Memory: ...", "Hyper-V Requirements"). Languages (docs/parsers.md, "Languages"): English; German
// (Vista and later, plus the XP/2003 spellings "Systembetriebszeit" and "Gesamter/Verfügbarer physikalischer
// Speicher"); French, Spanish, Portuguese (Brazil) and Japanese as Windows 7 to 11 print them (no XP/2003
// output of those was found). The first label, the host name ("Host Name", "Hostname", "Nom de l'hôte",
// "Nombre de host", "Nome do host", "ホスト名"), names the language of the whole output; `expected` must
// agree (an error naming both otherwise); Italian and Dutch have no table (no real output was found): an
// error. Labels match case-insensitively (ASCII letters; Windows 10's "’" reads as "'"). Per language too:
// the word before the build number ("Build", "version", "Compilación", "compilação", "ビルド"), the memory
// unit ("MB", French "Mo"), Yes/No in the network card block, its labels, and the card states "Media
// disconnected" and "Hardware not present" (given in English). Values are kept as printed (times are local,
// in the server's locale, so they stay text); memory becomes a number of MB whatever the thousands separator
// ("2,047", "2.047", "2 047").
//
// Limits and quirks kept, not "fixed": systeminfo lists at most a few hundred hotfixes and prints a bare
// "[246]" for the rest (hotfix_count then exceeds hotfixes.size(); the bare line is skipped quietly);
// XP/2003 print "File 1" for updates whose id sits in WMI's ServicePackInEffect (wmic_qfe has it).
// `hypervisor` is a hint from manufacturer/model ("VMware", "Microsoft Hyper-V / Virtual PC",
// "VirtualBox", "QEMU/KVM", "Xen", "Parallels"), empty when they name no known virtual platform.
//
// Lines that fit no pattern are warnings with their line number; the parse still returns what it found.
// systeminfo ends every line, so a last line without its end is a truncation: a warning, and the line is
// ignored (its value may be cut, "KB9" for "KB925398"). Fails only when the text is a command failure
// message, an "ERROR: ..." from systeminfo itself, holds neither a host name nor an OS name line, its first
// label contradicts `expected`, or its language has no table.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/diagnostics.hpp"
#include "core/result.hpp"
#include "parsers/language.hpp"

namespace migready::parsers {

struct SysteminfoNic {
  std::string description;      // "Intel(R) PRO/1000 MT Network Connection"
  std::string connection_name;  // "Local Area Connection"
  std::optional<bool> dhcp_enabled;
  std::string dhcp_server;
  std::string status;  // "Media disconnected", "Hardware not present"; empty when the card has addresses
  std::vector<std::string> ip_addresses;  // IPv4 and IPv6 as listed
  int line = 0;
};

struct Systeminfo {
  Language language = Language::en;  // the language read: the first label's, else the expected one
  std::string host_name;
  std::string os_name;
  std::string os_version;         // as printed: "5.2.3790 Service Pack 2 Build 3790"
  std::string os_version_number;  // "5.2.3790"
  std::optional<int> os_build;    // 3790
  std::optional<int> service_pack;  // 2; 0 for "N/A"; empty when the version line is not understood
  std::string os_configuration;     // "Primary Domain Controller", "Member Server", ...
  std::string system_manufacturer;
  std::string system_model;
  std::string system_type;  // "X86-based PC"
  std::string bios_version;
  std::string original_install_date;
  std::string boot_time;  // "System Boot Time" (Vista and later), as printed
  std::string up_time;    // "System Up Time" (XP/2003), as printed
  std::string time_zone;  // "(GMT+01:00) Amsterdam, Berlin, ..."
  std::optional<std::int64_t> total_physical_memory_mb;
  std::optional<std::int64_t> available_physical_memory_mb;
  std::string domain;
  std::string logon_server;  // "\\SBS01" or "N/A"
  std::optional<int> hotfix_count;  // from "N Hotfix(s) Installed."
  std::vector<std::string> hotfixes;
  std::vector<SysteminfoNic> network_cards;
  std::string hypervisor;
};

// `where` names the source in diagnostics, e.g. "commands/systeminfo.txt".
// `expected`: the language the output should be in (nullopt: the first label decides).
Result<Systeminfo> parse_systeminfo(std::string_view text, const std::string& where, Diagnostics& diags,
                                    std::optional<Language> expected = std::nullopt);

// The virtual platform a system manufacturer and model name (Win32_ComputerSystem's, i.e. the SMBIOS System
// Information strings): "VMware", "Microsoft Hyper-V / Virtual PC", "VirtualBox", "QEMU/KVM", "Xen",
// "Parallels"; empty when they name none. Case-insensitive, blanks around either name ignored.
// One mapping for systeminfo's text and api.hardware's SMBIOS part (facts/os.cpp), so both sources judge
// a machine alike.
std::string hypervisor_of(std::string_view manufacturer, std::string_view model);

// The languages parse_systeminfo has label tables for (ipconfig reads every Language).
inline constexpr Language kSysteminfoLanguages[] = {Language::en, Language::de, Language::fr,
                                                    Language::es, Language::pt, Language::ja};

}  // namespace migready::parsers

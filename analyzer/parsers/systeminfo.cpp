#include "parsers/systeminfo.hpp"

#include <re2/re2.h>

#include <charconv>

#include "contract/ascii.hpp"
#include "parsers/command_failure.hpp"
#include "parsers/text_util.hpp"

namespace migready::parsers {
namespace {

using contract::ascii_lower;
using text_util::trim;

enum class Field {
  host_name, os_name, os_version, os_configuration, original_install_date, boot_time, up_time, manufacturer,
  model, system_type, bios_version, time_zone, total_memory, available_memory, domain, logon_server,
  processors, hotfixes, network_cards, hyperv, ignored
};

struct Label {
  std::string_view text;  // compared with the line's label in ASCII lower case
  Field field;
};

// Every top-level label systeminfo prints, English (XP through Server 2022) and German (Vista and later,
// plus the XP/2003 spellings); the ones this parser does not keep are listed so they are not warnings.
constexpr Label kLabels[] = {
    {"host name", Field::host_name},
    {"os name", Field::os_name},
    {"os version", Field::os_version},
    {"os manufacturer", Field::ignored},
    {"os configuration", Field::os_configuration},
    {"os build type", Field::ignored},
    {"registered owner", Field::ignored},
    {"registered organization", Field::ignored},
    {"product id", Field::ignored},
    {"original install date", Field::original_install_date},
    {"system boot time", Field::boot_time},
    {"system up time", Field::up_time},
    {"system manufacturer", Field::manufacturer},
    {"system model", Field::model},
    {"system type", Field::system_type},
    {"processor(s)", Field::processors},
    {"bios version", Field::bios_version},
    {"windows directory", Field::ignored},
    {"system directory", Field::ignored},
    {"boot device", Field::ignored},
    {"system locale", Field::ignored},
    {"input locale", Field::ignored},
    {"time zone", Field::time_zone},
    {"total physical memory", Field::total_memory},
    {"available physical memory", Field::available_memory},
    {"virtual memory: max size", Field::ignored},
    {"virtual memory: available", Field::ignored},
    {"virtual memory: in use", Field::ignored},
    {"page file: max size", Field::ignored},
    {"page file: available", Field::ignored},
    {"page file: in use", Field::ignored},
    {"page file location(s)", Field::ignored},
    {"domain", Field::domain},
    {"logon server", Field::logon_server},
    {"hotfix(s)", Field::hotfixes},
    {"network card(s)", Field::network_cards},
    {"hyper-v requirements", Field::hyperv},
    // German
    {"hostname", Field::host_name},
    {"betriebssystemname", Field::os_name},
    {"betriebssystemversion", Field::os_version},
    {"betriebssystemhersteller", Field::ignored},
    {"betriebssystemkonfiguration", Field::os_configuration},
    {"betriebssystem-buildtyp", Field::ignored},
    {"registrierter benutzer", Field::ignored},
    {"registrierte organisation", Field::ignored},
    {"produkt-id", Field::ignored},
    {"ursprüngliches installationsdatum", Field::original_install_date},
    {"systemstartzeit", Field::boot_time},
    {"systembetriebszeit", Field::up_time},
    {"systemhersteller", Field::manufacturer},
    {"systemmodell", Field::model},
    {"systemtyp", Field::system_type},
    {"prozessor(en)", Field::processors},
    {"bios-version", Field::bios_version},
    {"windows-verzeichnis", Field::ignored},
    {"system-verzeichnis", Field::ignored},
    {"startgerät", Field::ignored},
    {"systemgebietsschema", Field::ignored},
    {"eingabegebietsschema", Field::ignored},
    {"zeitzone", Field::time_zone},
    {"gesamter physischer speicher", Field::total_memory},
    {"verfügbarer physischer speicher", Field::available_memory},
    {"gesamter physikalischer speicher", Field::total_memory},
    {"verfügbarer physikalischer speicher", Field::available_memory},
    {"virtueller arbeitsspeicher: maximale größe", Field::ignored},
    {"virtueller arbeitsspeicher: verfügbar", Field::ignored},
    {"virtueller arbeitsspeicher: zurzeit verwendet", Field::ignored},
    {"auslagerungsdateipfad(e)", Field::ignored},
    {"domäne", Field::domain},
    {"anmeldeserver", Field::logon_server},
    {"hotfix(es)", Field::hotfixes},
    {"netzwerkkarte(n)", Field::network_cards},
    {"hyper-v-anforderungen", Field::hyperv},
};

// "5.2.3790 Service Pack 2 Build 3790"   "10.0.19042 N/A Build 19042"
const RE2& version_re() {
  static const RE2 re(R"(^(\d+\.\d+\.\d+)\s+(.*?)\s*Build\s+(\d+)\s*$)");
  return re;
}
const RE2& service_pack_re() {
  static const RE2 re(R"(^Service Pack (\d+)$)");
  return re;
}
// "3 Hotfix(s) Installed."   "5 Hotfix(e) installiert."
const RE2& leading_count_re() {
  static const RE2 re(R"(^(\d+)\s)");
  return re;
}
// "                           [03]: KB925398 - Update"   and the bare "[246]" of a truncated list
const RE2& numbered_re() {
  static const RE2 re(R"(^(\s+)\[(\d+)\](?::\s*(.*?))?\s*$)");
  return re;
}
// "                                 DHCP Enabled:    Yes"
const RE2& nic_field_re() {
  static const RE2 re(R"(^\s+([^:\[]+?):\s*(.*?)\s*$)");
  return re;
}


// The label of a top-level line, matched against kLabels; `value` is what follows its colon.
const Label* match_label(std::string_view line, std::string& value) {
  const std::string lower = ascii_lower(line);
  const Label* best = nullptr;
  for (const auto& label : kLabels) {
    if (lower.size() > label.text.size() && lower.compare(0, label.text.size(), label.text) == 0 &&
        lower[label.text.size()] == ':' && (best == nullptr || label.text.size() > best->text.size())) {
      best = &label;
    }
  }
  if (best != nullptr) value = std::string(trim(line.substr(best->text.size() + 1)));
  return best;
}

std::optional<int> to_int(std::string_view digits) {
  int n = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
  if (ec != std::errc{} || ptr != digits.data() + digits.size()) return std::nullopt;
  return n;
}

// "2,047 MB", "16.236 MB", "2 047 MB" (with U+00A0 or U+202F): the digits, whatever groups them.
std::optional<std::int64_t> megabytes(std::string_view value) {
  const auto unit = value.rfind(" MB");
  if (unit == std::string_view::npos || trim(value.substr(unit + 3)) != "") return std::nullopt;
  std::int64_t n = 0;
  bool any = false;
  for (std::size_t i = 0; i < unit; ++i) {
    const char c = value[i];
    if (c >= '0' && c <= '9') {
      if (n > (INT64_MAX - 9) / 10) return std::nullopt;
      n = n * 10 + (c - '0');
      any = true;
    } else if (c == ',' || c == '.' || c == ' ' || c == '\'') {
      continue;
    } else if (value.substr(i, 2) == "\xC2\xA0") {
      ++i;
    } else if (value.substr(i, 3) == "\xE2\x80\xAF") {
      i += 2;
    } else {
      return std::nullopt;
    }
  }
  return any ? std::optional<std::int64_t>(n) : std::nullopt;
}

std::optional<bool> yes_no(std::string_view v) {
  if (v == "Yes" || v == "Ja") return true;
  if (v == "No" || v == "Nein") return false;
  return std::nullopt;
}

std::string hypervisor_of(const std::string& manufacturer, const std::string& model) {
  const std::string m = ascii_lower(manufacturer);
  const std::string p = ascii_lower(model);
  auto has = [](const std::string& s, std::string_view what) { return s.find(what) != std::string::npos; };
  if (has(m, "vmware") || has(p, "vmware")) return "VMware";
  if (has(m, "microsoft") && p == "virtual machine") return "Microsoft Hyper-V / Virtual PC";
  if (has(m, "innotek") || has(p, "virtualbox")) return "VirtualBox";
  if (has(m, "qemu") || has(p, "kvm") || has(p, "standard pc (")) return "QEMU/KVM";
  if (has(m, "xen") || has(p, "hvm domu")) return "Xen";
  if (has(m, "parallels") || has(p, "parallels")) return "Parallels";
  return {};
}

void parse_version(Systeminfo& out) {
  std::string number, middle, build;
  if (!RE2::FullMatch(out.os_version, version_re(), &number, &middle, &build)) return;
  out.os_version_number = number;
  out.os_build = to_int(build);
  int sp = 0;
  out.service_pack = RE2::FullMatch(middle, service_pack_re(), &sp) ? sp : 0;
}

}  // namespace

Result<Systeminfo> parse_systeminfo(std::string_view text, const std::string& where, Diagnostics& diags) {
  if (auto failure = command_failure(text)) {
    return make_error(Errc::format, "systeminfo did not run: " + *failure, where + ":1");
  }
  Systeminfo out;
  bool seen = false;
  Field section = Field::ignored;
  std::size_t nic_indent = 0;      // indentation of the "[01]: <card>" lines of this output
  bool in_addresses = false;       // after a card's "IP address(es)" line
  int line_no = 0;
  std::size_t pos = 0;
  auto warn = [&](const char* what) { diags.warn(Errc::format, what, where + ":" + std::to_string(line_no)); };
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    const bool cut = end == std::string_view::npos;
    if (cut) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.remove_suffix(1);
    if (line.empty()) continue;
    if (cut && seen) {  // systeminfo ends every line; without its end the value may be cut ("KB9")
      warn("systeminfo output ends mid-line (truncated): last line ignored");
      break;
    }

    if (line.front() != ' ' && line.front() != '\t') {
      if (!seen && line.substr(0, 6) == "ERROR:") {
        return make_error(Errc::format, "systeminfo failed: " + std::string(trim(line.substr(6))),
                          where + ":" + std::to_string(line_no));
      }
      std::string value;
      const Label* label = match_label(line, value);
      if (label == nullptr) {
        warn("unrecognized systeminfo line");
        section = Field::ignored;
        continue;
      }
      section = label->field;
      switch (label->field) {
        case Field::host_name: out.host_name = value; seen = true; break;
        case Field::os_name: out.os_name = value; seen = true; break;
        case Field::os_version: out.os_version = value; parse_version(out); break;
        case Field::os_configuration: out.os_configuration = value; break;
        case Field::original_install_date: out.original_install_date = value; break;
        case Field::boot_time: out.boot_time = value; break;
        case Field::up_time: out.up_time = value; break;
        case Field::manufacturer: out.system_manufacturer = value; break;
        case Field::model: out.system_model = value; break;
        case Field::system_type: out.system_type = value; break;
        case Field::bios_version: out.bios_version = value; break;
        case Field::time_zone: out.time_zone = value; break;
        case Field::total_memory:
        case Field::available_memory: {
          auto mb = megabytes(value);
          if (!mb && value != "N/A") warn("systeminfo memory size not understood");
          (label->field == Field::total_memory ? out.total_physical_memory_mb : out.available_physical_memory_mb) = mb;
          break;
        }
        case Field::domain: out.domain = value; break;
        case Field::logon_server: out.logon_server = value; break;
        case Field::hotfixes: {
          int count = 0;
          if (RE2::PartialMatch(value, leading_count_re(), &count)) out.hotfix_count = count;
          break;
        }
        case Field::network_cards: nic_indent = 0; in_addresses = false; break;
        case Field::processors: case Field::hyperv: case Field::ignored: break;
      }
      continue;
    }

    // An indented line: part of the list or block the last label opened.
    const re2::StringPiece piece(line.data(), line.size());
    std::string indent, number, item;
    const bool numbered = RE2::FullMatch(piece, numbered_re(), &indent, &number, &item);
    if (section == Field::processors || section == Field::hyperv) continue;
    if (section == Field::hotfixes && numbered) {
      if (item.empty()) continue;  // "[246]": systeminfo stopped listing; hotfix_count keeps the total
      const auto dash = item.find(" - ");
      out.hotfixes.push_back(dash == std::string::npos ? item : item.substr(0, dash));
      continue;
    }
    if (section == Field::network_cards) {
      if (numbered && (nic_indent == 0 || indent.size() <= nic_indent)) {
        nic_indent = indent.size();
        out.network_cards.push_back(SysteminfoNic{});
        out.network_cards.back().description = item;
        out.network_cards.back().line = line_no;
        in_addresses = false;
        continue;
      }
      if (!out.network_cards.empty()) {
        SysteminfoNic& nic = out.network_cards.back();
        if (numbered && in_addresses) {
          if (!item.empty()) nic.ip_addresses.push_back(item);
          continue;
        }
        const std::string bare = ascii_lower(trim(line));
        if (bare == "ip address(es)" || bare == "ip-adresse(n)") {
          in_addresses = true;
          continue;
        }
        std::string name, value;
        if (!numbered && RE2::FullMatch(piece, nic_field_re(), &name, &value)) {
          name = ascii_lower(name);
          in_addresses = false;
          if (name == "connection name" || name == "verbindungsname") nic.connection_name = value;
          else if (name == "dhcp enabled" || name == "dhcp aktiviert") nic.dhcp_enabled = yes_no(value);
          else if (name == "dhcp server" || name == "dhcp-server") nic.dhcp_server = value;
          else if (name == "status") nic.status = value;
          else warn("unrecognized systeminfo network card line");
          continue;
        }
      }
    }
    warn("unrecognized systeminfo line");
  }
  if (!seen) {
    return make_error(Errc::format, "no 'Host Name' or 'OS Name' line: not systeminfo output", where + ":1");
  }
  out.hypervisor = hypervisor_of(out.system_manufacturer, out.system_model);
  return out;
}

}  // namespace migready::parsers

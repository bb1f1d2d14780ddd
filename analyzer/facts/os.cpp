// The host: its name and Windows release (manifest), the OS identity and SBS in the SOFTWARE and SYSTEM
// hives (registry-evidence §1-§2, §13), DCOM, and the hardware (api.hardware, systeminfo's hypervisor hint).
#include <re2/re2.h>

#include "core/json.hpp"
#include "facts/language.hpp"
#include "facts/sources.hpp"
#include "parsers/systeminfo.hpp"

namespace migready::facts::detail {

void host_facts(Facts& f, const Bundle& b) {
  const auto& m = b.manifest;
  const std::string src = "manifest";
  f.set("host.computer_name", m.host.computer_name, src);
  if (m.host.dns_domain) f.set("host.dns_domain", *m.host.dns_domain, src); else f.set_null("host.dns_domain", src);
  const auto& os = m.host.os;
  f.set("os.version", std::to_string(os.major) + "." + std::to_string(os.minor), src);
  f.set("os.build", std::int64_t{os.build}, src);
  f.set("os.service_pack", os.service_pack, src);
  f.set("os.service_pack_number", std::int64_t{os.sp_major}, src);
  f.set("os.product_type", contract::product_type_name(os.product_type), src);
  f.set("os.arch", contract::arch_name(os.arch), src);
  f.set("os.is_sbs", contract::suite_is_sbs(os.suite_mask), src);
}

void os_registry_facts(Facts& f, const LoadedHive& software, const LoadedHive& system) {
  string_fact(f, "os.product_name", software, "Microsoft\\Windows NT\\CurrentVersion", "ProductName");
  string_fact(f, "os.csd_version", software, "Microsoft\\Windows NT\\CurrentVersion", "CSDVersion");
  // The Windows folder ("C:\\WINDOWS"): its drive is the system volume (backup and free-space rules).
  string_fact(f, "os.system_root", software, "Microsoft\\Windows NT\\CurrentVersion", "SystemRoot");

  // ProductSuite lives in the current control set, which an offline SYSTEM hive names only in Select.
  if (auto ccs = control_set_or_mark(f, system, {"os.product_suite"})) {
    const std::string key = *ccs + "\\Control\\ProductOptions";
    auto k = system.hive->find(key);
    auto v = k ? k->value("ProductSuite") : Result<hive::Value>(k.error());
    auto list = v ? v->as_multi_sz() : Result<std::vector<std::string>>(v.error());
    if (list) {
      json::Value arr(rapidjson::kArrayType);
      for (const auto& s : *list) arr.PushBack(json::Value(s.c_str(), f.allocator()), f.allocator());
      f.set("os.product_suite", std::move(arr), source_of(system, key, "ProductSuite"));
    } else if (list.error().code == Errc::not_found) {
      f.set("os.product_suite", json::Value(rapidjson::kArrayType), source_of(system, key, "ProductSuite"));
    } else {
      f.set_unavailable("os.product_suite", FactStatus::parse_failed, source_of(system, key, "ProductSuite"),
                        list.error().to_string());
    }
  }

  // SBS 2003: the SmallBusinessServer key; ServicePackNumber is created only by SBS 2003 SP1 (absent = 0).
  key_exists_fact(f, "sbs.installed", software, "Microsoft\\SmallBusinessServer");
  dword_fact(f, "sbs.service_pack_number", software, "Microsoft\\SmallBusinessServer", "ServicePackNumber", 0);
}

// ISA Server (SOFTWARE\Microsoft\Fpc) and the SBS edition hint: Premium bundles SQL Server 2000 and ISA 2004,
// which the SBS key does not record (registry-evidence §2). SQL instances that Standard installs itself
// (SBSMONITORING, SHAREPOINT) or that WSUS brings (WSUS 2.0's WSUS, WSUS 3.0's MICROSOFT##SSEE) do not count.
void sbs_edition_facts(Facts& f, const LoadedHive& sw) {
  constexpr std::string_view kFpc = "Microsoft\\Fpc";
  constexpr std::string_view kSql = "Microsoft\\Microsoft SQL Server";
  if (!sw.hive) {
    mark_all(f, {"isa.installed", "sbs.edition"}, sw.status, sw.artifact_id, sw.reason);
    return;
  }
  const bool isa = sw.hive->find(kFpc).has_value();
  f.set("isa.installed", isa, source_of(sw, kFpc, ""));
  if (!sw.hive->find("Microsoft\\SmallBusinessServer")) {
    return f.set_null("sbs.edition", source_of(sw, "Microsoft\\SmallBusinessServer", ""));
  }
  if (isa) return f.set("sbs.edition", std::string_view("Premium"), source_of(sw, kFpc, ""));
  const std::string sql_src = source_of(sw, kSql, "InstalledInstances");
  auto k = sw.hive->find(kSql);
  auto v = k ? k->value("InstalledInstances") : Result<hive::Value>(k.error());
  auto list = v ? v->as_multi_sz() : Result<std::vector<std::string>>(v.error());
  if (!list && list.error().code != Errc::not_found) {
    return f.set_unavailable("sbs.edition", FactStatus::parse_failed, sql_src, list.error().to_string());
  }
  static constexpr std::string_view kBundled[] = {"SBSMONITORING", "SHAREPOINT", "WSUS", "MICROSOFT##SSEE"};
  bool premium_sql = false;
  if (list) {
    for (const auto& inst : *list) {
      if (inst.empty()) continue;
      bool bundled = false;
      for (auto b : kBundled) bundled = bundled || equals_ci(inst, b);
      premium_sql = premium_sql || !bundled;
    }
  }
  f.set("sbs.edition", std::string_view(premium_sql ? "Premium" : "Standard"), sql_src);
}

// DCOM (registry-evidence §13, KB825750): Microsoft\Ole EnableDCOM, REG_SZ "Y" or "N". Absent means the
// default, enabled.
void dcom_fact(Facts& f, const LoadedHive& sw) {
  constexpr std::string_view kPath = "system.dcom_enabled";
  constexpr std::string_view kKey = "Microsoft\\Ole";
  if (!sw.hive) return f.set_unavailable(kPath, sw.status, sw.artifact_id, sw.reason);
  const std::string src = source_of(sw, kKey, "EnableDCOM");
  auto k = sw.hive->find(kKey);
  auto v = k ? k->value("EnableDCOM") : Result<hive::Value>(k.error());
  auto text = v ? v->as_string() : Result<std::string>(v.error());
  if (!text && text.error().code == Errc::not_found) return f.set(kPath, true, src);
  if (!text) return f.set_unavailable(kPath, FactStatus::parse_failed, src, text.error().to_string());
  std::string t = *text;
  while (!t.empty() && t.back() == ' ') t.pop_back();
  if (equals_ci(t, "Y")) return f.set(kPath, true, src);
  if (equals_ci(t, "N")) return f.set(kPath, false, src);
  f.set_unavailable(kPath, FactStatus::parse_failed, src, "EnableDCOM is \"" + t.substr(0, 32) + "\", not Y or N");
}

// Windows Server 2003 R2 shows "R2" in ProductName (registry-evidence §1); R2 brought the DFS Replication
// service, which plain 2003 does not have.
void r2_fact(Facts& f) {
  constexpr std::string_view kPath = "os.is_r2";
  const json::Value* name = present_value(f, "os.product_name");
  if (name == nullptr) return inherit_unavailable(f, kPath, "os.product_name");
  const std::string source = (*f.find("os.product_name"))["source"].GetString();
  if (!name->IsString()) return f.set_null(kPath, source);
  f.set(kPath, RE2::PartialMatch(name->GetString(), R"(\bR2\b)"), source);
}

SysteminfoRead systeminfo_facts(Facts& f, const Bundle& b, Diagnostics& diags) {
  SysteminfoRead out;
  // In the bundle's UI language (language.hpp): one systeminfo has no table for leaves these facts not checked.
  out.parsed = parse_localized_artifact<parsers::Systeminfo>(f, b, "command.systeminfo",
                                                             {"hardware.virtual_machine_hint"},
                                                             parsers::parse_systeminfo, diags, &out.failure);
  if (out.parsed) {
    const std::string src = "command.systeminfo";
    if (out.parsed->hypervisor.empty()) f.set_null("hardware.virtual_machine_hint", src);
    else f.set("hardware.virtual_machine_hint", out.parsed->hypervisor, src);
  }
  return out;
}

namespace {

// The SMBIOS System Information (type 1) strings of api.hardware's `smbios` part, when the collector read a
// table (status ok or partial) and it names a maker or a model. nullopt otherwise: an older collector (no
// part), no table, no type 1, or only empty strings (Wine without DMI data).
struct SmbiosSystem {
  std::optional<std::string> manufacturer;
  std::optional<std::string> model;
};

std::optional<SmbiosSystem> smbios_system(const json::Value& doc) {
  auto part = doc.FindMember("smbios");
  if (part == doc.MemberEnd() || !part->value.IsObject()) return std::nullopt;
  const auto status = member_string(part->value, "status");
  if (!status || (*status != "ok" && *status != "partial")) return std::nullopt;
  auto system = part->value.FindMember("system");
  if (system == part->value.MemberEnd() || !system->value.IsObject()) return std::nullopt;
  auto named = [&](const char* key) -> std::optional<std::string> {
    auto s = member_string(system->value, key);
    if (!s || s->find_first_not_of(" \t") == std::string::npos) return std::nullopt;
    return s;
  };
  SmbiosSystem out{named("manufacturer"), named("product_name")};
  if (!out.manufacturer && !out.model) return std::nullopt;
  return out;
}

}  // namespace

// Maker and model: the SMBIOS System Information strings (api.hardware `smbios`, language-independent; the
// same values systeminfo prints through WMI), else HARDWARE\DESCRIPTION\System\BIOS (Vista and later;
// usually absent on 2003). hardware.bios: BIOSVersion or 2003's SystemBiosVersion. Values are raw: a string,
// or the MULTI_SZ's strings. The hint: SMBIOS type 1 decides when present (the platform it names, or null:
// none named), with systeminfo's mapping; else systeminfo's answer stands; else HARDWARE's text may name a
// platform (a positive hint only: SystemBiosVersion alone cannot prove "not a virtual machine").
void hardware_facts(Facts& f, const Bundle& b, Diagnostics& diags) {
  const std::string id = "api.hardware";
  auto doc = load_api_doc(f, b, id, "migready-api-hardware/1", {"hardware.manufacturer", "hardware.model", "hardware.bios"},
                          diags);
  const bool hint_missing = [&] {
    const auto* hint = f.find("hardware.virtual_machine_hint");
    return hint == nullptr || std::string_view((*hint)["status"].GetString()) != "present";
  }();
  if (!doc) return;
  auto& alloc = f.allocator();
  const json::Value* system = nullptr;
  const json::Value* bios = nullptr;
  auto it = doc->FindMember("registry");
  if (it != doc->MemberEnd() && it->value.IsArray()) {
    for (const auto& k : it->value.GetArray()) {
      if (!k.IsObject()) continue;
      auto key = member_string(k, "key");
      auto values = k.FindMember("values");
      if (!key || values == k.MemberEnd() || !values->value.IsObject()) continue;
      const std::string lower = ascii_lower(*key);
      if (lower.ends_with("\\description\\system")) system = &values->value;
      else if (lower.ends_with("\\description\\system\\bios")) bios = &values->value;
    }
  }
  std::string hint_text;
  // The value's `data` (string, strings or number), copied; null when absent.
  auto raw = [&](const json::Value* values, const char* key, const char* name) -> bool {
    const std::string path = std::string("hardware.") + name;
    if (values == nullptr) return false;
    auto v = values->FindMember(key);
    if (v == values->MemberEnd() || !v->value.IsObject() || !v->value.HasMember("data")) return false;
    const json::Value& data = v->value["data"];
    if (data.IsString()) hint_text += std::string(" ") + data.GetString();
    if (data.IsArray()) {
      for (const auto& s : data.GetArray()) if (s.IsString()) hint_text += std::string(" ") + s.GetString();
    }
    f.set(path, json::Value(data, alloc), id + ":" + (values == bios ? "System\\BIOS\\" : "System\\") + key);
    return true;
  };
  const std::optional<SmbiosSystem> smbios = smbios_system(*doc);
  const std::string smbios_src = id + ":smbios.system";
  if (smbios) {
    auto set_or_null = [&](const char* path, const std::optional<std::string>& v) {
      if (v) f.set(path, *v, smbios_src); else f.set_null(path, smbios_src);
    };
    set_or_null("hardware.manufacturer", smbios->manufacturer);
    set_or_null("hardware.model", smbios->model);
  } else {
    if (!raw(bios, "SystemManufacturer", "manufacturer")) f.set_null("hardware.manufacturer", id + ":System\\BIOS");
    if (!raw(bios, "SystemProductName", "model")) f.set_null("hardware.model", id + ":System\\BIOS");
  }
  if (!raw(bios, "BIOSVersion", "bios") && !raw(system, "SystemBiosVersion", "bios")) {
    f.set_null("hardware.bios", id + ":System");
  }
  if (smbios) {
    const std::string hint = parsers::hypervisor_of(smbios->manufacturer.value_or(""), smbios->model.value_or(""));
    if (hint.empty()) f.set_null("hardware.virtual_machine_hint", smbios_src);
    else f.set("hardware.virtual_machine_hint", hint, smbios_src);
  } else if (hint_missing) {
    // Neither SMBIOS nor systeminfo gave an answer: the same hint from what HARDWARE holds.
    const std::string hint = virtual_platform_hint(hint_text);
    if (!hint.empty()) f.set("hardware.virtual_machine_hint", hint, id);
  }
}

std::string virtual_platform_hint(std::string_view text) {
  static const RE2 kVmware(R"((?i)vmware)");
  static const RE2 kVbox(R"((?i)virtualbox|\bvbox\b|innotek)");
  static const RE2 kHyperv(R"((?i)microsoft corporation.*virtual|virtual machine|hyper-v|virtual pc)");
  static const RE2 kQemu(R"((?i)qemu|\bkvm\b|bochs)");
  static const RE2 kXen(R"((?i)\bxen\b)");
  static const RE2 kParallels(R"((?i)parallels)");
  if (RE2::PartialMatch(text, kVmware)) return "VMware";
  if (RE2::PartialMatch(text, kVbox)) return "VirtualBox";
  if (RE2::PartialMatch(text, kHyperv)) return "Microsoft Hyper-V / Virtual PC";
  if (RE2::PartialMatch(text, kQemu)) return "QEMU/KVM";
  if (RE2::PartialMatch(text, kXen)) return "Xen";
  if (RE2::PartialMatch(text, kParallels)) return "Parallels";
  return {};
}

}  // namespace migready::facts::detail

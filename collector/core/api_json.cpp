#include "core/api_json.hpp"

#include "core/utf.hpp"

namespace migready::collector::api_json {
namespace {

void write_header(JsonWriter& w, std::string_view schema, const std::optional<std::string>& error) {
  w.key("schema").value(schema);
  w.key("complete").value(!error.has_value());
  w.key("error");
  if (error) {
    w.value(*error);
  } else {
    w.null();
  }
}


std::uint32_t read_le32(std::span<const std::uint8_t> d) {
  return static_cast<std::uint32_t>(d[0]) | static_cast<std::uint32_t>(d[1]) << 8 |
         static_cast<std::uint32_t>(d[2]) << 16 | static_cast<std::uint32_t>(d[3]) << 24;
}

std::u16string utf16le_units(std::span<const std::uint8_t> data) {
  std::u16string units;
  units.reserve(data.size() / 2);
  for (std::size_t i = 0; i + 1 < data.size(); i += 2) {
    units.push_back(static_cast<char16_t>(data[i] | data[i + 1] << 8));
  }
  return units;
}

std::string hex(std::span<const std::uint8_t> data) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(data.size() * 2);
  for (const std::uint8_t byte : data) {
    out.push_back(kDigits[byte >> 4]);
    out.push_back(kDigits[byte & 0x0F]);
  }
  return out;
}

}  // namespace

std::string_view service_state_name(std::uint32_t state) {
  switch (state) {
    case 1: return "stopped";
    case 2: return "start_pending";
    case 3: return "stop_pending";
    case 4: return "running";
    case 5: return "continue_pending";
    case 6: return "pause_pending";
    case 7: return "paused";
    default: return "unknown";
  }
}

std::string_view service_start_type_name(std::uint32_t start_type) {
  switch (start_type) {
    case 0: return "boot";
    case 1: return "system";
    case 2: return "auto";
    case 3: return "demand";
    case 4: return "disabled";
    default: return "unknown";
  }
}

std::string_view service_type_name(std::uint32_t type) {
  switch (type & ~std::uint32_t{0x100}) {
    case 0x01: return "kernel_driver";
    case 0x02: return "file_system_driver";
    case 0x10: return "win32_own_process";
    case 0x20: return "win32_share_process";
    default: return "other";
  }
}

std::string_view drive_type_name(std::uint32_t drive_type) {
  switch (drive_type) {
    case 0: return "unknown";
    case 1: return "no_root_dir";
    case 2: return "removable";
    case 3: return "fixed";
    case 4: return "remote";
    case 5: return "cdrom";
    case 6: return "ramdisk";
    default: return "unknown";
  }
}

std::string reg_type_name(std::uint32_t type) {
  switch (type) {
    case 0: return "REG_NONE";
    case 1: return "REG_SZ";
    case 2: return "REG_EXPAND_SZ";
    case 3: return "REG_BINARY";
    case 4: return "REG_DWORD";
    case 5: return "REG_DWORD_BIG_ENDIAN";
    case 6: return "REG_LINK";
    case 7: return "REG_MULTI_SZ";
    case 8: return "REG_RESOURCE_LIST";
    case 9: return "REG_FULL_RESOURCE_DESCRIPTOR";
    case 10: return "REG_RESOURCE_REQUIREMENTS_LIST";
    case 11: return "REG_QWORD";
    default: return "REG_TYPE_" + std::to_string(type);
  }
}

void write_registry_data(JsonWriter& w, std::uint32_t type, std::span<const std::uint8_t> data) {
  w.key("type").value(reg_type_name(type));
  w.key("size").value(static_cast<std::uint64_t>(data.size()));
  switch (type) {
    case 1:
    case 2:
    case 6: {
      std::u16string units = utf16le_units(data);
      if (const auto nul = units.find(u'\0'); nul != std::u16string::npos) units.resize(nul);
      w.key("data").value(utf16_to_utf8(units));
      return;
    }
    case 7: {
      const std::u16string units = utf16le_units(data);
      std::vector<std::u16string_view> parts;
      std::u16string_view rest(units);
      while (!rest.empty()) {
        const auto nul = rest.find(u'\0');
        parts.push_back(rest.substr(0, nul));
        if (nul == std::u16string_view::npos) break;
        rest.remove_prefix(nul + 1);
      }
      while (!parts.empty() && parts.back().empty()) parts.pop_back();
      w.key("data").begin_array();
      for (const auto part : parts) w.value(utf16_to_utf8(part));
      w.end_array();
      return;
    }
    case 4:
      if (data.size() == 4) {
        w.key("data").value(static_cast<std::uint64_t>(read_le32(data)));
        return;
      }
      break;
    case 5:
      if (data.size() == 4) {
        w.key("data").value(static_cast<std::uint64_t>(data[0]) << 24 | static_cast<std::uint64_t>(data[1]) << 16 |
                            static_cast<std::uint64_t>(data[2]) << 8 | data[3]);
        return;
      }
      break;
    case 11:
      if (data.size() == 8) {
        w.key("data").value(static_cast<std::uint64_t>(read_le32(data)) |
                            static_cast<std::uint64_t>(read_le32(data.subspan(4))) << 32);
        return;
      }
      break;
    default: break;
  }
  w.key("hex").value(hex(data));
}

std::string services_json(const ServicesDocument& doc) {
  JsonWriter w;
  w.begin_object();
  write_header(w, kServicesSchema, doc.error);
  w.key("count").value(static_cast<std::uint64_t>(doc.services.size()));
  w.key("services").begin_array();
  for (const Service& s : doc.services) {
    w.begin_object();
    w.key("name").value(s.name);
    w.key("display_name").value(s.display_name);
    w.key("type").value(service_type_name(s.type));
    w.key("type_code").value(s.type);
    w.key("interactive").value((s.type & 0x100u) != 0);
    w.key("state").value(service_state_name(s.state));
    w.key("state_code").value(s.state);
    w.key("pid").value(s.pid);
    w.key("win32_exit_code").value(s.win32_exit_code);
    w.key("service_exit_code").value(s.service_exit_code);
    if (s.config) {
      const ServiceConfig& c = *s.config;
      w.key("start_type").value(service_start_type_name(c.start_type));
      w.key("start_type_code").value(c.start_type);
      w.key("error_control").value(c.error_control);
      w.key("account").value(c.account);
      w.key("binary_path").value(c.binary_path);
      w.key("load_order_group").value(c.load_order_group);
      w.key("dependencies").begin_array();
      for (const std::string& d : c.dependencies) w.value(d);
      w.end_array();
    } else {
      for (const char* key : {"start_type", "start_type_code", "error_control", "account", "binary_path",
                              "load_order_group", "dependencies"}) {
        w.key(key).null();
      }
    }
    w.key("error").value_or_null(s.error);
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return w.str();
}

std::string volumes_json(const VolumesDocument& doc) {
  JsonWriter w;
  w.begin_object();
  write_header(w, kVolumesSchema, doc.error);
  w.key("volumes").begin_array();
  for (const Volume& v : doc.volumes) {
    w.begin_object();
    w.key("root").value(v.root);
    w.key("drive_type").value(drive_type_name(v.drive_type));
    w.key("drive_type_code").value(v.drive_type);
    if (v.information) {
      const VolumeInformation& i = *v.information;
      w.key("file_system").value(i.file_system);
      w.key("label").value(i.label);
      w.key("serial_number").value(i.serial_number);
      w.key("max_component_length").value(i.max_component_length);
      w.key("file_system_flags").value(i.file_system_flags);
    } else {
      for (const char* key : {"file_system", "label", "serial_number", "max_component_length", "file_system_flags"}) {
        w.key(key).null();
      }
    }
    if (v.space) {
      w.key("total_bytes").value(v.space->total_bytes);
      w.key("free_bytes").value(v.space->free_bytes);
      w.key("available_bytes").value(v.space->available_bytes);
    } else {
      for (const char* key : {"total_bytes", "free_bytes", "available_bytes"}) w.key(key).null();
    }
    w.key("error").value_or_null(v.error);
    w.end_object();
  }
  w.end_array();
  w.end_object();
  return w.str();
}

namespace {

void write_registry_readings(JsonWriter& w, const std::vector<RegistryKeyReading>& registry) {
  w.key("registry").begin_array();
  for (const RegistryKeyReading& k : registry) {
    w.begin_object();
    w.key("key").value(k.path);
    w.key("present").value(k.present);
    w.key("values").begin_object();
    for (const RegistryValue& v : k.values) {
      w.key(v.name).begin_object();
      write_registry_data(w, v.type, v.data);
      w.end_object();
    }
    w.end_object();
    w.key("error").value_or_null(k.error);
    w.end_object();
  }
  w.end_array();
}

void write_smbios(JsonWriter& w, const SmbiosPart& part) {
  w.key("smbios").begin_object();
  const smbios::Table* t = part.table ? &*part.table : nullptr;
  if (t == nullptr) {
    w.key("status").value("unavailable");
    w.key("win32_error");
    if (part.win32_error != 0) {
      w.value(static_cast<std::uint64_t>(part.win32_error));
    } else {
      w.null();
    }
    w.key("error").value(part.error.empty() ? std::string("not read") : part.error);
    for (const char* k : {"version", "dmi_revision", "table_bytes", "structures", "end_of_table", "bios", "system"}) {
      w.key(k).null();
    }
    w.end_object();
    return;
  }
  w.key("status").value(t->error ? "partial" : "ok");
  w.key("win32_error").null();
  w.key("error").value_or_null(t->error);
  w.key("version").value(std::to_string(t->major_version) + "." + std::to_string(t->minor_version));
  w.key("dmi_revision").value(static_cast<std::uint64_t>(t->dmi_revision));
  w.key("table_bytes").value(static_cast<std::uint64_t>(t->length));
  w.key("structures").value(static_cast<std::uint64_t>(t->structures));
  w.key("end_of_table").value(t->end_of_table);
  w.key("bios");
  if (t->bios) {
    w.begin_object();
    w.key("vendor").value_or_null(t->bios->vendor);
    w.key("version").value_or_null(t->bios->version);
    w.key("release_date").value_or_null(t->bios->release_date);
    w.end_object();
  } else {
    w.null();
  }
  w.key("system");
  if (t->system) {
    w.begin_object();
    w.key("manufacturer").value_or_null(t->system->manufacturer);
    w.key("product_name").value_or_null(t->system->product_name);
    w.key("version").value_or_null(t->system->version);
    w.end_object();
  } else {
    w.null();
  }
  w.end_object();
}

}  // namespace

std::string hardware_json(const HardwareDocument& doc) {
  JsonWriter w;
  w.begin_object();
  write_header(w, kHardwareSchema, doc.error);
  write_registry_readings(w, doc.registry);
  w.key("processors");
  if (const auto& p = doc.processors) {
    w.begin_object();
    w.key("count").value(p->count);
    w.key("architecture").value(p->architecture);
    w.key("level").value(p->level);
    w.key("revision").value(p->revision);
    w.key("type").value(p->type);
    w.key("active_mask").value(p->active_mask);
    w.key("page_size").value(p->page_size);
    w.key("allocation_granularity").value(p->allocation_granularity);
    w.end_object();
  } else {
    w.null();
  }
  w.key("memory");
  if (const auto& m = doc.memory) {
    w.begin_object();
    w.key("load_percent").value(m->load_percent);
    w.key("total_physical_bytes").value(m->total_physical_bytes);
    w.key("available_physical_bytes").value(m->available_physical_bytes);
    w.key("total_page_file_bytes").value(m->total_page_file_bytes);
    w.key("available_page_file_bytes").value(m->available_page_file_bytes);
    w.key("total_virtual_bytes").value(m->total_virtual_bytes);
    w.end_object();
  } else {
    w.null();
  }
  write_smbios(w, doc.smbios);
  w.end_object();
  return w.str();
}

std::string volatile_registry_json(const VolatileRegistryDocument& doc) {
  JsonWriter w;
  w.begin_object();
  write_header(w, kVolatileRegistrySchema, std::nullopt);
  write_registry_readings(w, doc.registry);
  w.end_object();
  return w.str();
}

}  // namespace migready::collector::api_json

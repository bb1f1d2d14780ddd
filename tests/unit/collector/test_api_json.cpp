#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "core/api_json.hpp"
#include "support/api_documents.hpp"

namespace aj = migready::collector::api_json;
using migready::collector::JsonWriter;

namespace {

std::string registry_data(std::uint32_t type, const std::vector<std::uint8_t>& data) {
  JsonWriter w;
  w.begin_object();
  aj::write_registry_data(w, type, data);
  w.end_object();
  return w.str();
}

std::vector<std::uint8_t> utf16le(std::u16string_view text) {
  std::vector<std::uint8_t> out;
  for (const char16_t unit : text) {
    out.push_back(static_cast<std::uint8_t>(unit & 0xFF));
    out.push_back(static_cast<std::uint8_t>(unit >> 8));
  }
  return out;
}

}  // namespace

TEST_CASE("api json: Win32 constants spelled out", "[collector][api_json]") {
  CHECK(aj::service_state_name(1) == "stopped");
  CHECK(aj::service_state_name(2) == "start_pending");
  CHECK(aj::service_state_name(3) == "stop_pending");
  CHECK(aj::service_state_name(4) == "running");
  CHECK(aj::service_state_name(5) == "continue_pending");
  CHECK(aj::service_state_name(6) == "pause_pending");
  CHECK(aj::service_state_name(7) == "paused");
  CHECK(aj::service_state_name(0) == "unknown");
  CHECK(aj::service_state_name(8) == "unknown");

  CHECK(aj::service_start_type_name(0) == "boot");
  CHECK(aj::service_start_type_name(1) == "system");
  CHECK(aj::service_start_type_name(2) == "auto");
  CHECK(aj::service_start_type_name(3) == "demand");
  CHECK(aj::service_start_type_name(4) == "disabled");
  CHECK(aj::service_start_type_name(5) == "unknown");

  CHECK(aj::service_type_name(0x01) == "kernel_driver");
  CHECK(aj::service_type_name(0x02) == "file_system_driver");
  CHECK(aj::service_type_name(0x10) == "win32_own_process");
  CHECK(aj::service_type_name(0x20) == "win32_share_process");
  CHECK(aj::service_type_name(0x110) == "win32_own_process");  // interactive flag is separate
  CHECK(aj::service_type_name(0x30) == "other");

  CHECK(aj::drive_type_name(3) == "fixed");
  CHECK(aj::drive_type_name(4) == "remote");
  CHECK(aj::drive_type_name(5) == "cdrom");
  CHECK(aj::drive_type_name(1) == "no_root_dir");
  CHECK(aj::drive_type_name(99) == "unknown");

  CHECK(aj::reg_type_name(7) == "REG_MULTI_SZ");
  CHECK(aj::reg_type_name(9) == "REG_FULL_RESOURCE_DESCRIPTOR");
  CHECK(aj::reg_type_name(11) == "REG_QWORD");
  CHECK(aj::reg_type_name(0x20) == "REG_TYPE_32");
}

TEST_CASE("api json: services document", "[collector][api_json]") {
  aj::ServicesDocument doc;
  aj::Service rpc;
  rpc.name = "RpcSs";
  rpc.display_name = "Remote Procedure Call (RPC) \xe2\x80\x94 \"x\"";
  rpc.type = 0x20;
  rpc.state = 4;
  rpc.pid = 812;
  rpc.config = aj::ServiceConfig{2, 1, "C:\\WINDOWS\\system32\\svchost.exe -k rpcss", "LocalSystem", "COM Infrastructure",
                                 {"+NetworkProvider", "Tcpip"}};
  doc.services.push_back(rpc);
  aj::Service broken;
  broken.name = "Gone";
  broken.display_name = "Gone";
  broken.type = 0x110;
  broken.state = 1;
  broken.win32_exit_code = 1077;
  broken.error = "OpenServiceW: Access is denied. (Win32 error 5)";
  doc.services.push_back(broken);

  CHECK(migready::test::api_document_problem(aj::services_json(doc)) == "");
  CHECK(aj::services_json(doc) ==
        "{\n"
        "  \"schema\": \"migready-api-services/1\",\n"
        "  \"complete\": true,\n"
        "  \"error\": null,\n"
        "  \"count\": 2,\n"
        "  \"services\": [\n"
        "    {\n"
        "      \"name\": \"RpcSs\",\n"
        "      \"display_name\": \"Remote Procedure Call (RPC) \xe2\x80\x94 \\\"x\\\"\",\n"
        "      \"type\": \"win32_share_process\",\n"
        "      \"type_code\": 32,\n"
        "      \"interactive\": false,\n"
        "      \"state\": \"running\",\n"
        "      \"state_code\": 4,\n"
        "      \"pid\": 812,\n"
        "      \"win32_exit_code\": 0,\n"
        "      \"service_exit_code\": 0,\n"
        "      \"start_type\": \"auto\",\n"
        "      \"start_type_code\": 2,\n"
        "      \"error_control\": 1,\n"
        "      \"account\": \"LocalSystem\",\n"
        "      \"binary_path\": \"C:\\\\WINDOWS\\\\system32\\\\svchost.exe -k rpcss\",\n"
        "      \"load_order_group\": \"COM Infrastructure\",\n"
        "      \"dependencies\": [\n"
        "        \"+NetworkProvider\",\n"
        "        \"Tcpip\"\n"
        "      ],\n"
        "      \"error\": null\n"
        "    },\n"
        "    {\n"
        "      \"name\": \"Gone\",\n"
        "      \"display_name\": \"Gone\",\n"
        "      \"type\": \"win32_own_process\",\n"
        "      \"type_code\": 272,\n"
        "      \"interactive\": true,\n"
        "      \"state\": \"stopped\",\n"
        "      \"state_code\": 1,\n"
        "      \"pid\": 0,\n"
        "      \"win32_exit_code\": 1077,\n"
        "      \"service_exit_code\": 0,\n"
        "      \"start_type\": null,\n"
        "      \"start_type_code\": null,\n"
        "      \"error_control\": null,\n"
        "      \"account\": null,\n"
        "      \"binary_path\": null,\n"
        "      \"load_order_group\": null,\n"
        "      \"dependencies\": null,\n"
        "      \"error\": \"OpenServiceW: Access is denied. (Win32 error 5)\"\n"
        "    }\n"
        "  ]\n"
        "}\n");
}

TEST_CASE("api json: an incomplete services document says why", "[collector][api_json]") {
  aj::ServicesDocument doc;
  doc.error = "OpenSCManagerW: Access is denied. (Win32 error 5)";
  CHECK(migready::test::api_document_problem(aj::services_json(doc)) == "");
  CHECK(aj::services_json(doc) ==
        "{\n"
        "  \"schema\": \"migready-api-services/1\",\n"
        "  \"complete\": false,\n"
        "  \"error\": \"OpenSCManagerW: Access is denied. (Win32 error 5)\",\n"
        "  \"count\": 0,\n"
        "  \"services\": []\n"
        "}\n");
}

TEST_CASE("api json: volumes document", "[collector][api_json]") {
  aj::VolumesDocument doc;
  aj::Volume c;
  c.root = "C:\\";
  c.drive_type = 3;
  c.information = aj::VolumeInformation{"NTFS", "SBS", 0xDEADBEEFu, 255, 0x700FF};
  c.space = aj::VolumeSpace{80026361856ull, 12884901888ull, 12884901000ull};
  doc.volumes.push_back(c);
  aj::Volume d;
  d.root = "D:\\";
  d.drive_type = 5;
  doc.volumes.push_back(d);
  aj::Volume e;
  e.root = "E:\\";
  e.drive_type = 3;
  e.error = "GetVolumeInformationW: The device is not ready. (Win32 error 21)";
  doc.volumes.push_back(e);

  CHECK(migready::test::api_document_problem(aj::volumes_json(doc)) == "");
  CHECK(aj::volumes_json(doc) ==
        "{\n"
        "  \"schema\": \"migready-api-volumes/1\",\n"
        "  \"complete\": true,\n"
        "  \"error\": null,\n"
        "  \"volumes\": [\n"
        "    {\n"
        "      \"root\": \"C:\\\\\",\n"
        "      \"drive_type\": \"fixed\",\n"
        "      \"drive_type_code\": 3,\n"
        "      \"file_system\": \"NTFS\",\n"
        "      \"label\": \"SBS\",\n"
        "      \"serial_number\": 3735928559,\n"
        "      \"max_component_length\": 255,\n"
        "      \"file_system_flags\": 459007,\n"
        "      \"total_bytes\": 80026361856,\n"
        "      \"free_bytes\": 12884901888,\n"
        "      \"available_bytes\": 12884901000,\n"
        "      \"error\": null\n"
        "    },\n"
        "    {\n"
        "      \"root\": \"D:\\\\\",\n"
        "      \"drive_type\": \"cdrom\",\n"
        "      \"drive_type_code\": 5,\n"
        "      \"file_system\": null,\n"
        "      \"label\": null,\n"
        "      \"serial_number\": null,\n"
        "      \"max_component_length\": null,\n"
        "      \"file_system_flags\": null,\n"
        "      \"total_bytes\": null,\n"
        "      \"free_bytes\": null,\n"
        "      \"available_bytes\": null,\n"
        "      \"error\": null\n"
        "    },\n"
        "    {\n"
        "      \"root\": \"E:\\\\\",\n"
        "      \"drive_type\": \"fixed\",\n"
        "      \"drive_type_code\": 3,\n"
        "      \"file_system\": null,\n"
        "      \"label\": null,\n"
        "      \"serial_number\": null,\n"
        "      \"max_component_length\": null,\n"
        "      \"file_system_flags\": null,\n"
        "      \"total_bytes\": null,\n"
        "      \"free_bytes\": null,\n"
        "      \"available_bytes\": null,\n"
        "      \"error\": \"GetVolumeInformationW: The device is not ready. (Win32 error 21)\"\n"
        "    }\n"
        "  ]\n"
        "}\n");
}

TEST_CASE("api json: registry data by type", "[collector][api_json]") {
  // REG_SZ: up to the first NUL; the terminator and anything after it are not data.
  CHECK(registry_data(1, utf16le(std::u16string_view(u"PTLTD  - 6040000\0junk", 21))) ==
        "{\n  \"type\": \"REG_SZ\",\n  \"size\": 42,\n  \"data\": \"PTLTD  - 6040000\"\n}\n");
  // Unterminated, odd length: the stray byte is dropped.
  std::vector<std::uint8_t> odd = utf16le(u"ab");
  odd.push_back(0x41);
  CHECK(registry_data(2, odd) == "{\n  \"type\": \"REG_EXPAND_SZ\",\n  \"size\": 5,\n  \"data\": \"ab\"\n}\n");
  // Non-ASCII and an unpaired surrogate stay valid UTF-8.
  CHECK(registry_data(1, utf16le(u"\u00e9\xd800")) ==
        "{\n  \"type\": \"REG_SZ\",\n  \"size\": 4,\n  \"data\": \"\xc3\xa9\xef\xbf\xbd\"\n}\n");

  // REG_MULTI_SZ as SystemBiosVersion has it.
  const std::u16string bios(u"VBOX   - 1\0Default System BIOS\0\0", 32);
  CHECK(registry_data(7, utf16le(bios)) ==
        "{\n  \"type\": \"REG_MULTI_SZ\",\n  \"size\": 64,\n  \"data\": [\n    \"VBOX   - 1\",\n"
        "    \"Default System BIOS\"\n  ]\n}\n");
  CHECK(registry_data(7, {}) == "{\n  \"type\": \"REG_MULTI_SZ\",\n  \"size\": 0,\n  \"data\": []\n}\n");
  CHECK(registry_data(7, utf16le(std::u16string(u"a\0\0b", 4))) ==
        "{\n  \"type\": \"REG_MULTI_SZ\",\n  \"size\": 8,\n  \"data\": [\n    \"a\",\n    \"\",\n    \"b\"\n  ]\n}\n");

  CHECK(registry_data(4, {0x6E, 0x0B, 0x00, 0x00}) ==
        "{\n  \"type\": \"REG_DWORD\",\n  \"size\": 4,\n  \"data\": 2926\n}\n");
  CHECK(registry_data(5, {0x00, 0x00, 0x0B, 0x6E}) ==
        "{\n  \"type\": \"REG_DWORD_BIG_ENDIAN\",\n  \"size\": 4,\n  \"data\": 2926\n}\n");
  CHECK(registry_data(11, {0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF}) ==
        "{\n  \"type\": \"REG_QWORD\",\n  \"size\": 8,\n  \"data\": 18446744073709551615\n}\n");
  // Wrong size for the type, binary types, unknown types: hex.
  CHECK(registry_data(4, {0x01, 0x02}) == "{\n  \"type\": \"REG_DWORD\",\n  \"size\": 2,\n  \"hex\": \"0102\"\n}\n");
  CHECK(registry_data(9, {0xFF, 0x00, 0xAB}) ==
        "{\n  \"type\": \"REG_FULL_RESOURCE_DESCRIPTOR\",\n  \"size\": 3,\n  \"hex\": \"ff00ab\"\n}\n");
  CHECK(registry_data(0, {}) == "{\n  \"type\": \"REG_NONE\",\n  \"size\": 0,\n  \"hex\": \"\"\n}\n");
  CHECK(registry_data(0x4242, {0x0a}) == "{\n  \"type\": \"REG_TYPE_16962\",\n  \"size\": 1,\n  \"hex\": \"0a\"\n}\n");
}

TEST_CASE("api json: hardware document", "[collector][api_json]") {
  aj::HardwareDocument doc;
  aj::RegistryKeyReading system;
  system.path = "HKEY_LOCAL_MACHINE\\HARDWARE\\DESCRIPTION\\System";
  system.present = true;
  system.values.push_back({"Identifier", 1, utf16le(std::u16string(u"AT/AT COMPATIBLE\0", 17))});
  system.values.push_back({"", 4, {1, 0, 0, 0}});
  doc.registry.push_back(system);
  aj::RegistryKeyReading bios;
  bios.path = "HKEY_LOCAL_MACHINE\\HARDWARE\\DESCRIPTION\\System\\BIOS";
  doc.registry.push_back(bios);
  doc.processors = aj::ProcessorSummary{2, 0, 6, 0x0f0b, 586, 3, 4096, 65536};
  doc.smbios.win32_error = 127;
  doc.smbios.error = "GetProcAddress GetSystemFirmwareTable: The specified procedure could not be found. (Win32 error 127)";

  CHECK(migready::test::api_document_problem(aj::hardware_json(doc)) == "");
  CHECK(aj::hardware_json(doc) ==
        "{\n"
        "  \"schema\": \"migready-api-hardware/1\",\n"
        "  \"complete\": true,\n"
        "  \"error\": null,\n"
        "  \"registry\": [\n"
        "    {\n"
        "      \"key\": \"HKEY_LOCAL_MACHINE\\\\HARDWARE\\\\DESCRIPTION\\\\System\",\n"
        "      \"present\": true,\n"
        "      \"values\": {\n"
        "        \"Identifier\": {\n"
        "          \"type\": \"REG_SZ\",\n"
        "          \"size\": 34,\n"
        "          \"data\": \"AT/AT COMPATIBLE\"\n"
        "        },\n"
        "        \"\": {\n"
        "          \"type\": \"REG_DWORD\",\n"
        "          \"size\": 4,\n"
        "          \"data\": 1\n"
        "        }\n"
        "      },\n"
        "      \"error\": null\n"
        "    },\n"
        "    {\n"
        "      \"key\": \"HKEY_LOCAL_MACHINE\\\\HARDWARE\\\\DESCRIPTION\\\\System\\\\BIOS\",\n"
        "      \"present\": false,\n"
        "      \"values\": {},\n"
        "      \"error\": null\n"
        "    }\n"
        "  ],\n"
        "  \"processors\": {\n"
        "    \"count\": 2,\n"
        "    \"architecture\": 0,\n"
        "    \"level\": 6,\n"
        "    \"revision\": 3851,\n"
        "    \"type\": 586,\n"
        "    \"active_mask\": 3,\n"
        "    \"page_size\": 4096,\n"
        "    \"allocation_granularity\": 65536\n"
        "  },\n"
        "  \"memory\": null,\n"
        "  \"smbios\": {\n"
        "    \"status\": \"unavailable\",\n"
        "    \"win32_error\": 127,\n"
        "    \"error\": \"GetProcAddress GetSystemFirmwareTable: The specified procedure could not be found. (Win32 error 127)\",\n"
        "    \"version\": null,\n"
        "    \"dmi_revision\": null,\n"
        "    \"table_bytes\": null,\n"
        "    \"structures\": null,\n"
        "    \"end_of_table\": null,\n"
        "    \"bios\": null,\n"
        "    \"system\": null\n"
        "  }\n"
        "}\n");
}

TEST_CASE("api json: hardware document's smbios part", "[collector][api_json]") {
  aj::HardwareDocument doc;
  migready::collector::smbios::Table table;
  table.major_version = 2;
  table.minor_version = 4;
  table.length = 1234;
  table.structures = 40;
  table.end_of_table = true;
  table.bios = migready::collector::smbios::BiosInformation{"Dell Inc.", "A07", "05/12/2008"};
  table.system = migready::collector::smbios::SystemInformation{"Dell Inc.", "PowerEdge 840", std::nullopt};
  doc.smbios.table = table;
  std::string json = aj::hardware_json(doc);
  CHECK(migready::test::api_document_problem(json) == "");
  CHECK(json.find("  \"smbios\": {\n"
                  "    \"status\": \"ok\",\n"
                  "    \"win32_error\": null,\n"
                  "    \"error\": null,\n"
                  "    \"version\": \"2.4\",\n"
                  "    \"dmi_revision\": 0,\n"
                  "    \"table_bytes\": 1234,\n"
                  "    \"structures\": 40,\n"
                  "    \"end_of_table\": true,\n"
                  "    \"bios\": {\n"
                  "      \"vendor\": \"Dell Inc.\",\n"
                  "      \"version\": \"A07\",\n"
                  "      \"release_date\": \"05/12/2008\"\n"
                  "    },\n"
                  "    \"system\": {\n"
                  "      \"manufacturer\": \"Dell Inc.\",\n"
                  "      \"product_name\": \"PowerEdge 840\",\n"
                  "      \"version\": null\n"
                  "    }\n"
                  "  }\n") != std::string::npos);

  // A walk that stopped early is partial, with the walker's reason; the failure stays in the part.
  table.error = "structure at offset 0x1c: its strings run past the end of the table";
  table.system.reset();
  doc.smbios.table = table;
  json = aj::hardware_json(doc);
  CHECK(migready::test::api_document_problem(json) == "");
  CHECK(json.find("\"complete\": true") != std::string::npos);
  CHECK(json.find("\"status\": \"partial\",\n    \"win32_error\": null,\n    \"error\": \"structure at offset 0x1c") !=
        std::string::npos);
  CHECK(json.find("\"system\": null") != std::string::npos);

  // A failed call: unavailable with its Win32 error; an over-sized table: unavailable without one.
  doc.smbios = aj::SmbiosPart{};
  doc.smbios.win32_error = 5;
  doc.smbios.error = "GetSystemFirmwareTable RSMB: Access is denied. (Win32 error 5)";
  json = aj::hardware_json(doc);
  CHECK(migready::test::api_document_problem(json) == "");
  CHECK(json.find("\"status\": \"unavailable\",\n    \"win32_error\": 5,") != std::string::npos);
  doc.smbios = aj::SmbiosPart{};
  doc.smbios.error = "GetSystemFirmwareTable RSMB: a table of 2000000 bytes, more than the 1 MiB read";
  json = aj::hardware_json(doc);
  CHECK(migready::test::api_document_problem(json) == "");
  CHECK(json.find("\"status\": \"unavailable\",\n    \"win32_error\": null,") != std::string::npos);
}

TEST_CASE("api json: volatile registry document", "[collector][api_json]") {
  aj::VolatileRegistryDocument doc;
  aj::RegistryKeyReading reboot;  // present with no values: its presence is the fact
  reboot.path = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WindowsUpdate\\Auto Update\\"
                "RebootRequired";
  reboot.present = true;
  doc.registry.push_back(reboot);
  aj::RegistryKeyReading updates;
  updates.path = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Updates";
  updates.present = true;
  updates.values.push_back({"UpdateExeVolatile", 4, {1, 0, 0, 0}});
  updates.values.push_back({"Odd", 4, {1, 0}});  // a DWORD of the wrong size is hex
  doc.registry.push_back(updates);
  aj::RegistryKeyReading denied;  // one key's failure leaves the document complete
  denied.path = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Denied";
  denied.error = "RegOpenKeyExW: Access is denied. (Win32 error 5)";
  doc.registry.push_back(denied);

  CHECK(migready::test::api_document_problem(aj::volatile_registry_json(doc)) == "");
  CHECK(aj::volatile_registry_json(doc) ==
        "{\n"
        "  \"schema\": \"migready-api-volatile-registry/1\",\n"
        "  \"complete\": true,\n"
        "  \"error\": null,\n"
        "  \"registry\": [\n"
        "    {\n"
        "      \"key\": \"HKEY_LOCAL_MACHINE\\\\SOFTWARE\\\\Microsoft\\\\Windows\\\\CurrentVersion\\\\WindowsUpdate"
        "\\\\Auto Update\\\\RebootRequired\",\n"
        "      \"present\": true,\n"
        "      \"values\": {},\n"
        "      \"error\": null\n"
        "    },\n"
        "    {\n"
        "      \"key\": \"HKEY_LOCAL_MACHINE\\\\SOFTWARE\\\\Microsoft\\\\Updates\",\n"
        "      \"present\": true,\n"
        "      \"values\": {\n"
        "        \"UpdateExeVolatile\": {\n"
        "          \"type\": \"REG_DWORD\",\n"
        "          \"size\": 4,\n"
        "          \"data\": 1\n"
        "        },\n"
        "        \"Odd\": {\n"
        "          \"type\": \"REG_DWORD\",\n"
        "          \"size\": 2,\n"
        "          \"hex\": \"0100\"\n"
        "        }\n"
        "      },\n"
        "      \"error\": null\n"
        "    },\n"
        "    {\n"
        "      \"key\": \"HKEY_LOCAL_MACHINE\\\\SOFTWARE\\\\Microsoft\\\\Denied\",\n"
        "      \"present\": false,\n"
        "      \"values\": {},\n"
        "      \"error\": \"RegOpenKeyExW: Access is denied. (Win32 error 5)\"\n"
        "    }\n"
        "  ]\n"
        "}\n");
}

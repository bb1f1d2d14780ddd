#include "win32/api_artifacts.hpp"
#include "win32/unique.hpp"

#include <windows.h>
#include <winsvc.h>

#include <vector>

#include "core/api_json.hpp"
#include "core/smbios.hpp"
#include "core/time_state.hpp"
#include "win32/certificates.hpp"
#include "win32/directory_artifact.hpp"
#include "win32/file_versions.hpp"
#include "win32/registry_view.hpp"
#include "win32/replication.hpp"
#include "win32/network.hpp"
#include "win32/time_state.hpp"
#include "win32/wide.hpp"

namespace migready::collector::win32 {
namespace {

namespace aj = api_json;

// Marks `out` as not ok because `call` failed with `code`; returns the message for the document's `error`.
std::string fail(ApiOutput& out, const char* call, DWORD code) {
  out.status = code == ERROR_ACCESS_DENIED ? Status::denied : Status::failed;
  out.exit_code = static_cast<std::int64_t>(code);
  out.error = std::string(call) + ": " + error_text(code);
  return *out.error;
}

void append_error(std::optional<std::string>& error, const char* call, DWORD code) {
  std::string text = std::string(call) + ": " + error_text(code);
  error = error ? *error + "; " + text : std::move(text);
}

std::string utf8_or_empty(const wchar_t* text) { return text != nullptr ? to_utf8(text) : std::string(); }

// ---- api.services ------------------------------------------------------------------------------------

// OpenServiceW (SERVICE_QUERY_CONFIG only) + QueryServiceConfigW, sized by a first call without a buffer.
void read_service_config(SC_HANDLE scm, const std::wstring& name, aj::Service& service) {
  const UniqueServiceHandle handle(OpenServiceW(scm, name.c_str(), SERVICE_QUERY_CONFIG));
  if (handle.get() == nullptr) {
    append_error(service.error, "OpenServiceW", GetLastError());
    return;
  }
  std::vector<QUERY_SERVICE_CONFIGW> buffer;  // typed, so the fixed part is aligned; strings follow it
  DWORD needed = 0;
  for (int attempt = 0;; ++attempt) {
    const DWORD bytes = static_cast<DWORD>(buffer.size() * sizeof(QUERY_SERVICE_CONFIGW));
    if (QueryServiceConfigW(handle.get(), buffer.empty() ? nullptr : buffer.data(), bytes, &needed)) break;
    const DWORD error = GetLastError();
    if (error != ERROR_INSUFFICIENT_BUFFER || attempt == 3 || needed <= bytes) {
      append_error(service.error, "QueryServiceConfigW", error);
      return;
    }
    buffer.resize(needed / sizeof(QUERY_SERVICE_CONFIGW) + 1);
  }
  const QUERY_SERVICE_CONFIGW& qsc = buffer.front();
  aj::ServiceConfig config;
  config.start_type = qsc.dwStartType;
  config.error_control = qsc.dwErrorControl;
  config.binary_path = utf8_or_empty(qsc.lpBinaryPathName);
  config.account = utf8_or_empty(qsc.lpServiceStartName);
  config.load_order_group = utf8_or_empty(qsc.lpLoadOrderGroup);
  // lpDependencies is a double-NUL-terminated list inside the buffer.
  const wchar_t* const end =
      reinterpret_cast<const wchar_t*>(reinterpret_cast<const BYTE*>(buffer.data()) + buffer.size() * sizeof qsc);
  for (const wchar_t* p = qsc.lpDependencies; p != nullptr && p < end && *p != L'\0';) {
    const wchar_t* q = p;
    while (q < end && *q != L'\0') ++q;
    config.dependencies.push_back(to_utf8(std::wstring_view(p, static_cast<std::size_t>(q - p))));
    p = q + 1;
  }
  service.config = std::move(config);
}

ApiOutput collect_services() {
  ApiOutput out;
  aj::ServicesDocument doc;
  const UniqueServiceHandle scm(OpenSCManagerW(nullptr, nullptr, SC_MANAGER_CONNECT | SC_MANAGER_ENUMERATE_SERVICE));
  if (scm.get() == nullptr) {
    doc.error = fail(out, "OpenSCManagerW", GetLastError());
    out.json = aj::services_json(doc);
    return out;
  }

  std::vector<std::wstring> names;
  std::vector<ENUM_SERVICE_STATUS_PROCESSW> buffer(64 * 1024 / sizeof(ENUM_SERVICE_STATUS_PROCESSW));
  DWORD resume = 0;
  for (;;) {
    const DWORD bytes = static_cast<DWORD>(buffer.size() * sizeof(ENUM_SERVICE_STATUS_PROCESSW));
    DWORD needed = 0;
    DWORD returned = 0;
    const BOOL done = EnumServicesStatusExW(scm.get(), SC_ENUM_PROCESS_INFO, SERVICE_WIN32 | SERVICE_DRIVER,
                                            SERVICE_STATE_ALL, reinterpret_cast<LPBYTE>(buffer.data()), bytes,
                                            &needed, &returned, &resume, nullptr);
    const DWORD error = done ? ERROR_SUCCESS : GetLastError();
    if (!done && error != ERROR_MORE_DATA) {
      doc.error = fail(out, "EnumServicesStatusExW", error);
      break;
    }
    for (DWORD i = 0; i < returned && i < buffer.size(); ++i) {
      const ENUM_SERVICE_STATUS_PROCESSW& e = buffer[i];
      const SERVICE_STATUS_PROCESS& s = e.ServiceStatusProcess;
      aj::Service service;
      service.name = utf8_or_empty(e.lpServiceName);
      service.display_name = utf8_or_empty(e.lpDisplayName);
      service.type = s.dwServiceType;
      service.state = s.dwCurrentState;
      service.pid = s.dwProcessId;
      service.win32_exit_code = s.dwWin32ExitCode;
      service.service_exit_code = s.dwServiceSpecificExitCode;
      names.emplace_back(e.lpServiceName != nullptr ? e.lpServiceName : L"");
      doc.services.push_back(std::move(service));
    }
    if (done) break;
    if (returned == 0) {
      // Not even one entry fitted: grow to what the SCM asked for (bounded), else give up.
      if (needed <= bytes || needed > (16u << 20)) {
        doc.error = fail(out, "EnumServicesStatusExW", error);
        break;
      }
      buffer.resize(needed / sizeof(ENUM_SERVICE_STATUS_PROCESSW) + 1);
    }
  }

  for (std::size_t i = 0; i < doc.services.size(); ++i) read_service_config(scm.get(), names[i], doc.services[i]);
  if (!doc.error) out.status = Status::ok;
  out.json = aj::services_json(doc);
  return out;
}

// ---- api.volumes -------------------------------------------------------------------------------------

ApiOutput collect_volumes() {
  ApiOutput out;
  aj::VolumesDocument doc;
  std::vector<wchar_t> drives;
  for (int attempt = 0;; ++attempt) {
    const DWORD length = GetLogicalDriveStringsW(static_cast<DWORD>(drives.size()), drives.empty() ? nullptr : drives.data());
    if (length == 0) {
      doc.error = fail(out, "GetLogicalDriveStringsW", GetLastError());
      out.json = aj::volumes_json(doc);
      return out;
    }
    if (length < drives.size()) {
      drives.resize(length);
      break;
    }
    if (attempt == 3) {
      doc.error = fail(out, "GetLogicalDriveStringsW", ERROR_INSUFFICIENT_BUFFER);
      out.json = aj::volumes_json(doc);
      return out;
    }
    drives.resize(length + 1);  // drives appeared between the calls: ask again
  }

  // "C:\<NUL>D:\<NUL>"; only fixed volumes are queried (a floppy or CD drive could prompt or spin up,
  // a network drive could hang).
  for (std::size_t pos = 0; pos < drives.size() && drives[pos] != L'\0';) {
    const std::wstring root(drives.data() + pos);
    pos += root.size() + 1;
    aj::Volume volume;
    volume.root = to_utf8(root);
    volume.drive_type = GetDriveTypeW(root.c_str());
    if (volume.drive_type == DRIVE_FIXED) {
      wchar_t label[MAX_PATH + 1] = {};
      wchar_t file_system[MAX_PATH + 1] = {};
      DWORD serial = 0;
      DWORD max_component = 0;
      DWORD flags = 0;
      if (GetVolumeInformationW(root.c_str(), label, MAX_PATH + 1, &serial, &max_component, &flags, file_system,
                                MAX_PATH + 1)) {
        volume.information = aj::VolumeInformation{to_utf8(file_system), to_utf8(label), serial, max_component, flags};
      } else {
        append_error(volume.error, "GetVolumeInformationW", GetLastError());
      }
      ULARGE_INTEGER available{};
      ULARGE_INTEGER total{};
      ULARGE_INTEGER free{};
      if (GetDiskFreeSpaceExW(root.c_str(), &available, &total, &free)) {
        volume.space = aj::VolumeSpace{total.QuadPart, free.QuadPart, available.QuadPart};
      } else {
        append_error(volume.error, "GetDiskFreeSpaceExW", GetLastError());
      }
    }
    doc.volumes.push_back(std::move(volume));
  }
  out.status = Status::ok;
  out.json = aj::volumes_json(doc);
  return out;
}

// ---- live registry keys (api.hardware, api.volatile_registry) ----------------------------------------

constexpr wchar_t kSystemKey[] = L"HARDWARE\\DESCRIPTION\\System";
constexpr std::string_view kHklm = "HKEY_LOCAL_MACHINE\\";

// Reads every value of HKLM\<path> (values only, never its subkeys: the caller opens those through `key`).
// A missing key is `present: false` without an error.
aj::RegistryKeyReading read_key(const std::wstring& path, UniqueKey& key, LONG& open_rc) {
  aj::RegistryKeyReading reading;
  reading.path = std::string(kHklm) + to_utf8(path);
  open_rc = RegOpenKeyExW(HKEY_LOCAL_MACHINE, path.c_str(), 0, kRegRead, key.out());
  if (open_rc != ERROR_SUCCESS) {
    if (open_rc != ERROR_FILE_NOT_FOUND) append_error(reading.error, "RegOpenKeyExW", static_cast<DWORD>(open_rc));
    return reading;
  }
  reading.present = true;
  std::vector<wchar_t> name(16384);  // the longest value name is 16,383 characters
  std::vector<BYTE> data(4096);
  for (DWORD index = 0;;) {
    DWORD name_length = static_cast<DWORD>(name.size());
    DWORD data_length = static_cast<DWORD>(data.size());
    DWORD type = 0;
    const LONG rc = RegEnumValueW(key.get(), index, name.data(), &name_length, nullptr, &type, data.data(),
                                  &data_length);
    if (rc == ERROR_NO_MORE_ITEMS) break;
    if (rc == ERROR_MORE_DATA && data_length > data.size() && data_length <= (1u << 20)) {
      data.resize(data_length);
      continue;
    }
    if (rc != ERROR_SUCCESS) {
      append_error(reading.error, "RegEnumValueW", static_cast<DWORD>(rc));
      break;
    }
    reading.values.push_back({to_utf8(std::wstring_view(name.data(), name_length)), type,
                              std::vector<std::uint8_t>(data.data(), data.data() + data_length)});
    ++index;
  }
  return reading;
}

// ---- api.hardware ------------------------------------------------------------------------------------

// GetSystemFirmwareTable (kernel32; Windows Server 2003 SP1 and later) is resolved at run time, never
// imported, so the exe still loads on 2003 RTM: there the part says the function is missing.
using GetSystemFirmwareTableFn = UINT(WINAPI*)(DWORD, DWORD, PVOID, DWORD);
constexpr DWORD kRsmb = 0x52534D42;  // 'RSMB', the raw SMBIOS provider

aj::SmbiosPart read_smbios() {
  aj::SmbiosPart part;
  const HMODULE kernel32 = GetModuleHandleW(L"kernel32.dll");
  const FARPROC proc = kernel32 != nullptr ? GetProcAddress(kernel32, "GetSystemFirmwareTable") : nullptr;
  if (proc == nullptr) {
    const DWORD code = kernel32 != nullptr ? GetLastError() : ERROR_MOD_NOT_FOUND;
    part.win32_error = code;
    part.error = "GetProcAddress GetSystemFirmwareTable: " + error_text(code) +
                 " (the function exists from Windows Server 2003 SP1 on)";
    return part;
  }
  const auto get_table = reinterpret_cast<GetSystemFirmwareTableFn>(reinterpret_cast<void (*)()>(proc));
  std::vector<std::uint8_t> buffer;
  for (int attempt = 0; attempt < 3; ++attempt) {
    const UINT size = get_table(kRsmb, 0, buffer.empty() ? nullptr : buffer.data(), static_cast<DWORD>(buffer.size()));
    if (size == 0) {
      part.win32_error = GetLastError();
      part.error = "GetSystemFirmwareTable RSMB: " + error_text(part.win32_error);
      return part;
    }
    if (size <= buffer.size()) {
      buffer.resize(size);
      part.table = smbios::walk(buffer);
      return part;
    }
    if (size > smbios::kRawHeaderBytes + smbios::kMaxTableBytes) {
      part.error = "GetSystemFirmwareTable RSMB: a table of " + std::to_string(size) +
                   " bytes, more than the 1 MiB read";
      return part;
    }
    buffer.assign(size, 0);  // the table may grow between the calls: ask again
  }
  part.error = "GetSystemFirmwareTable RSMB: the size kept changing";
  return part;
}

ApiOutput collect_hardware() {
  ApiOutput out;
  aj::HardwareDocument doc;
  const std::wstring system = kSystemKey;
  {
    UniqueKey key;
    LONG rc = ERROR_SUCCESS;
    doc.registry.push_back(read_key(system, key, rc));
    if (rc != ERROR_SUCCESS) doc.error = fail(out, "RegOpenKeyExW HKEY_LOCAL_MACHINE\\HARDWARE\\DESCRIPTION\\System", static_cast<DWORD>(rc));
  }
  if (!doc.error) {
    UniqueKey bios;
    LONG rc = ERROR_SUCCESS;
    doc.registry.push_back(read_key(system + L"\\BIOS", bios, rc));  // Vista and later; usually absent on 2003

    UniqueKey processors;
    const std::wstring cpu_path = system + L"\\CentralProcessor";
    const std::size_t cpu_reading = doc.registry.size();
    doc.registry.push_back(read_key(cpu_path, processors, rc));
    if (rc == ERROR_SUCCESS) {
      for (DWORD index = 0;; ++index) {
        wchar_t sub[256];
        DWORD sub_length = 256;
        const LONG erc = RegEnumKeyExW(processors.get(), index, sub, &sub_length, nullptr, nullptr, nullptr, nullptr);
        if (erc == ERROR_NO_MORE_ITEMS) break;
        if (erc != ERROR_SUCCESS) {
          append_error(doc.registry[cpu_reading].error, "RegEnumKeyExW", static_cast<DWORD>(erc));
          break;
        }
        UniqueKey cpu;
        LONG crc = ERROR_SUCCESS;
        doc.registry.push_back(read_key(cpu_path + L"\\" + std::wstring(sub, sub_length), cpu, crc));
      }
    }
  }

  SYSTEM_INFO info{};
  GetNativeSystemInfo(&info);
  doc.processors = aj::ProcessorSummary{info.dwNumberOfProcessors,
                                        info.wProcessorArchitecture,
                                        info.wProcessorLevel,
                                        info.wProcessorRevision,
                                        info.dwProcessorType,
                                        static_cast<std::uint64_t>(info.dwActiveProcessorMask),
                                        info.dwPageSize,
                                        info.dwAllocationGranularity};

  MEMORYSTATUSEX memory{};
  memory.dwLength = sizeof memory;
  if (GlobalMemoryStatusEx(&memory)) {
    doc.memory = aj::MemorySummary{memory.dwMemoryLoad,      memory.ullTotalPhys,     memory.ullAvailPhys,
                                   memory.ullTotalPageFile,  memory.ullAvailPageFile, memory.ullTotalVirtual};
  } else if (!doc.error) {
    doc.error = fail(out, "GlobalMemoryStatusEx", GetLastError());
  }
  doc.smbios = read_smbios();

  if (!doc.error) out.status = Status::ok;
  out.json = aj::hardware_json(doc);
  return out;
}

// ---- api.volatile_registry ---------------------------------------------------------------------------

// Always ok: a key that is absent is `present: false`, one that cannot be opened has its own `error`.
ApiOutput collect_volatile_registry() {
  ApiOutput out;
  aj::VolatileRegistryDocument doc;
  for (const wchar_t* path : {L"SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\WindowsUpdate\\Auto Update\\RebootRequired",
                              L"SOFTWARE\\Microsoft\\Updates"}) {
    UniqueKey key;
    LONG rc = ERROR_SUCCESS;
    doc.registry.push_back(read_key(path, key, rc));
  }
  out.status = Status::ok;
  out.json = aj::volatile_registry_json(doc);
  return out;
}

// ---- api.file_versions -------------------------------------------------------------------------------

// Always ok: a file's failure stays in its own entry (win32/file_versions.cpp).
ApiOutput collect_file_versions() {
  ApiOutput out;
  out.status = Status::ok;
  out.json = file_versions::file_versions_json(read_file_versions());
  return out;
}

// ---- api.time ----------------------------------------------------------------------------------------

constexpr unsigned kSntpTimeoutMs = 3000;

// Always ok: the SNTP outcome, good or bad, is part of the document. Needs --ntp-server.
ApiOutput collect_time(const Options& options) {
  ApiOutput out;
  out.json = time_state_json(read_time_state(options.ntp_server, kSntpTimeoutMs));
  out.status = Status::ok;
  return out;
}

// ---- api.network -------------------------------------------------------------------------------------

// The document is always written; each part says whether its call failed. The entry is ok when every part
// is, failed (with the first failed call's error) when one call failed, truncated when only a cap was hit.
ApiOutput collect_network() {
  ApiOutput out;
  const network::NetworkReading reading = read_network();
  out.json = network::network_json(reading);
  for (const auto* f : {&reading.addresses_failure, &reading.info_failure, &reading.params_failure,
                        &reading.routes_failure}) {
    if (!*f || out.error) continue;
    out.exit_code = static_cast<std::int64_t>((*f)->win32_error);
    out.error = (*f)->error;
  }
  if (out.error) {
    out.status = out.exit_code == ERROR_ACCESS_DENIED ? Status::denied : Status::failed;
  } else if (reading.addresses.size() > network::kMaxAdapters || reading.info.size() > network::kMaxAdapters ||
             reading.routes.size() > network::kMaxRoutes) {
    out.status = Status::truncated;
    out.error = "more adapters or routes than the document keeps (64 adapters, 1024 routes)";
  } else {
    out.status = Status::ok;
  }
  return out;
}

// ---- api.certificates --------------------------------------------------------------------------------

// The document is always written. The entry is failed (denied) when the store could not be opened, truncated
// when it held more than the document keeps, failed when a call failed for some certificate (the document's
// `errors` say which), else ok.
ApiOutput collect_certificates() {
  ApiOutput out;
  const certificates::CertificatesReading reading = read_certificates();
  out.json = certificates::certificates_json(reading);
  std::size_t with_errors = 0;
  for (const auto& c : reading.certificates) {
    if (!c.errors.empty()) ++with_errors;
  }
  if (reading.open_error) {
    out.exit_code = static_cast<std::int64_t>(*reading.open_error);
    out.status = *reading.open_error == ERROR_ACCESS_DENIED ? Status::denied : Status::failed;
    out.error = reading.open_error_text;
  } else if (reading.more) {
    out.status = Status::truncated;
    out.error = "more certificates than the document keeps (256)";
  } else if (with_errors > 0) {
    out.status = Status::failed;
    out.error = std::to_string(with_errors) + " certificate(s) could not be read whole (see their errors)";
  } else {
    out.status = Status::ok;
  }
  return out;
}

constexpr const contract::ApiDocumentSpec* document(std::string_view id) { return contract::find_api_document(id); }

// In the contract's order. api.directory needs --ldap-server / --ldap-bind-dn / --directory-timeout
// (win32/directory_artifact.cpp); the others read this server alone (api.replication: win32/replication.cpp).
constexpr ApiProducer kApiProducers[] = {
    {document("api.services"), [](const Options&) { return collect_services(); }},
    {document("api.volumes"), [](const Options&) { return collect_volumes(); }},
    {document("api.hardware"), [](const Options&) { return collect_hardware(); }},
    {document("api.time"), collect_time},
    {document("api.directory"), collect_directory},
    {document("api.file_versions"), [](const Options&) { return collect_file_versions(); }},
    {document("api.volatile_registry"), [](const Options&) { return collect_volatile_registry(); }},
    {document("api.replication"), collect_replication},
    {document("api.network"), [](const Options&) { return collect_network(); }},
    {document("api.certificates"), [](const Options&) { return collect_certificates(); }},
};

constexpr bool every_document_has_one_producer() {
  for (const ApiProducer& p : kApiProducers) {
    if (p.document == nullptr) return false;
  }
  for (const auto& doc : contract::kApiDocuments) {
    std::size_t found = 0;
    for (const ApiProducer& p : kApiProducers) {
      if (p.document == &doc) ++found;
    }
    if (found != 1) return false;
  }
  return std::size(kApiProducers) == std::size(contract::kApiDocuments);
}
static_assert(every_document_has_one_producer(),
              "every row of contract::kApiDocuments needs exactly one row in kApiProducers");

}  // namespace

const ApiProducer* find_api_producer(std::string_view id) {
  for (const ApiProducer& p : kApiProducers) {
    if (p.document->artifact_id == id) return &p;
  }
  return nullptr;
}

}  // namespace migready::collector::win32

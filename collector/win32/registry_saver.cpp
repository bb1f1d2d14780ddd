#include "win32/registry_saver.hpp"

#include <vector>

#include "core/reg_format.hpp"
#include "win32/console.hpp"
#include "win32/files.hpp"
#include "win32/registry_view.hpp"
#include "win32/wide.hpp"

namespace migready::collector::win32 {
DWORD enable_backup_privilege() {
  HANDLE token = nullptr;
  if (!OpenProcessToken(GetCurrentProcess(), TOKEN_ADJUST_PRIVILEGES | TOKEN_QUERY, &token)) return GetLastError();
  TOKEN_PRIVILEGES privileges{};
  privileges.PrivilegeCount = 1;
  privileges.Privileges[0].Attributes = SE_PRIVILEGE_ENABLED;
  DWORD err = 0;
  if (!LookupPrivilegeValueW(nullptr, SE_BACKUP_NAME, &privileges.Privileges[0].Luid)) {
    err = GetLastError();
  } else if (!AdjustTokenPrivileges(token, FALSE, &privileges, 0, nullptr, nullptr)) {
    err = GetLastError();
  } else {
    err = GetLastError();  // ERROR_NOT_ALL_ASSIGNED when the privilege is not held
  }
  CloseHandle(token);
  return err;
}

std::optional<HKEY> root_key(const std::string& name) {
  if (name == "HKEY_LOCAL_MACHINE") return HKEY_LOCAL_MACHINE;
  if (name == "HKEY_USERS") return HKEY_USERS;
  if (name == "HKEY_CURRENT_USER") return HKEY_CURRENT_USER;
  if (name == "HKEY_CLASSES_ROOT") return HKEY_CLASSES_ROOT;
  if (name == "HKEY_CURRENT_CONFIG") return HKEY_CURRENT_CONFIG;
  return std::nullopt;
}

DWORD save_hive(HKEY root, const std::wstring& subkey, const std::wstring& file, std::string& step) {
  HKEY key = nullptr;
  LONG rc = RegOpenKeyExW(root, subkey.c_str(), 0, kRegRead, &key);
  if (rc != ERROR_SUCCESS) {
    step = "RegOpenKeyExW";
    return static_cast<DWORD>(rc);
  }
  rc = RegSaveKeyW(key, file.c_str(), nullptr);
  RegCloseKey(key);
  if (rc != ERROR_SUCCESS) {
    step = "RegSaveKeyW";
    return static_cast<DWORD>(rc);
  }
  return 0;
}

bool is_regf_file(const std::wstring& file) { return file_head(file, 4) == "regf"; }

namespace {

constexpr std::size_t kFlushUnits = 64 * 1024;
constexpr DWORD kMaxKeyNameChars = 256;      // 255 + NUL
constexpr DWORD kMaxValueNameChars = 16384;  // 16383 + NUL

class RegExporter {
 public:
  RegExporter(FileSink& sink, RegExportResult& result) : m_sink(sink), m_result(result) {
    m_name.resize(kMaxValueNameChars);
    m_data.resize(4096);
  }

  void export_tree(HKEY key, std::wstring& path, unsigned depth) {
    if (stopped()) return;
    ++m_result.keys;
    append_reg_key(m_text, to_u16(path));
    export_values(key, path);
    append_reg_key_end(m_text);
    flush_if_large();

    std::vector<std::wstring> children;
    for (DWORD index = 0;; ++index) {
      wchar_t name[kMaxKeyNameChars];
      DWORD length = kMaxKeyNameChars;
      const LONG rc = RegEnumKeyExW(key, index, name, &length, nullptr, nullptr, nullptr, nullptr);
      if (rc == ERROR_NO_MORE_ITEMS) break;
      if (rc != ERROR_SUCCESS) {
        skip(path, static_cast<DWORD>(rc), "RegEnumKeyExW");
        break;
      }
      children.emplace_back(name, length);
    }
    for (const std::wstring& child : children) {
      if (stopped()) return;
      const std::size_t saved = path.size();
      path += L"\\";
      path += child;
      if (depth + 1 >= kMaxRegDepth) {
        skip(path, ERROR_BUFFER_OVERFLOW, "depth limit");
      } else {
        HKEY sub = nullptr;
        // REG_OPTION_OPEN_LINK: a symbolic link is opened as itself, never followed.
        const LONG rc = RegOpenKeyExW(key, child.c_str(), REG_OPTION_OPEN_LINK, kRegRead, &sub);
        if (rc == ERROR_SUCCESS) {
          export_tree(sub, path, depth + 1);
          RegCloseKey(sub);
        } else {
          skip(path, static_cast<DWORD>(rc), "RegOpenKeyExW");
        }
      }
      path.resize(saved);
    }
  }

  bool finish() {
    flush();
    return m_result.error == 0;
  }

 private:
  bool stopped() {
    if (m_result.error != 0 || m_result.truncated) return true;
    if (cancel_requested()) m_result.cancelled = true;
    return m_result.cancelled;
  }

  void skip(const std::wstring& path, DWORD error, const char* step) {
    if (m_result.skipped_keys++ == 0) m_result.first_skipped = to_utf8(path) + ": " + step + ": " + error_text(error);
  }

  void export_values(HKEY key, const std::wstring& path) {
    for (DWORD index = 0;;) {
      DWORD name_length = static_cast<DWORD>(m_name.size());
      DWORD data_length = static_cast<DWORD>(m_data.size());
      DWORD type = 0;
      const LONG rc = RegEnumValueW(key, index, m_name.data(), &name_length, nullptr, &type, m_data.data(),
                                    &data_length);
      if (rc == ERROR_NO_MORE_ITEMS) return;
      if (rc == ERROR_MORE_DATA) {
        // The data (or, rarely, the name) did not fit: grow and read the same value again.
        if (data_length > m_data.size()) {
          m_data.resize(data_length);
        } else if (m_data.size() < (64u << 20)) {
          m_data.resize(m_data.size() * 2);
        } else {
          skip(path, static_cast<DWORD>(rc), "RegEnumValueW");
          ++index;
        }
        continue;
      }
      if (rc != ERROR_SUCCESS) {
        skip(path, static_cast<DWORD>(rc), "RegEnumValueW");
        return;
      }
      ++m_result.values;
      append_reg_value(m_text, to_u16(std::wstring_view(m_name.data(), name_length)), type,
                       std::span<const std::uint8_t>(m_data.data(), data_length));
      flush_if_large();
      ++index;
    }
  }

  void flush_if_large() {
    if (m_text.size() >= kFlushUnits) flush();
  }

  void flush() {
    if (m_text.empty() || m_result.error != 0) return;
    m_bytes.clear();
    append_utf16le(m_bytes, m_text);
    m_text.clear();
    if (m_sink.size() + m_bytes.size() > kMaxRegExportBytes) {
      m_result.truncated = true;
      return;
    }
    if (!m_sink.write(m_bytes.data(), m_bytes.size())) {
      m_result.error = m_sink.error();
      m_result.error_step = "WriteFile";
    }
  }

  FileSink& m_sink;
  RegExportResult& m_result;
  std::u16string m_text;
  std::vector<std::uint8_t> m_bytes;
  std::vector<wchar_t> m_name;
  std::vector<BYTE> m_data;
};

}  // namespace

RegExportResult export_reg(HKEY root, const std::wstring& root_name, const std::wstring& subkey,
                           const std::wstring& file) {
  RegExportResult result;
  HKEY key = nullptr;
  const LONG rc = RegOpenKeyExW(root, subkey.c_str(), REG_OPTION_OPEN_LINK, kRegRead, &key);
  if (rc != ERROR_SUCCESS) {
    result.error = static_cast<DWORD>(rc);
    result.error_step = "RegOpenKeyExW";
    return result;
  }
  FileSink sink;
  if (const DWORD err = sink.create(file); err != 0) {
    RegCloseKey(key);
    result.error = err;
    result.error_step = "CreateFileW";
    return result;
  }
  sink.write(kUtf16LeBom, sizeof kUtf16LeBom);
  {
    RegExporter exporter(sink, result);
    std::u16string header;
    append_reg_header(header);
    std::vector<std::uint8_t> bytes;
    append_utf16le(bytes, header);
    sink.write(bytes.data(), bytes.size());
    std::wstring path = subkey.empty() ? root_name : root_name + L"\\" + subkey;
    exporter.export_tree(key, path, 0);
    exporter.finish();
  }
  RegCloseKey(key);
  if (!sink.close() && result.error == 0) {
    result.error = sink.error();
    result.error_step = "WriteFile";
  }
  return result;
}

}  // namespace migready::collector::win32
